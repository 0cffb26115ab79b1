"""Box colours in OpenCV's BGR order, from the one palette (:mod:`deepva_frames.palette`).

A person's box has the colour the charts give that person (``palette.person_color``),
converted to BGR; unknown faces get the palette's grey.

>>> from deepva_frames import palette
>>> color_for("Mara Lindqvist") == palette.bgr(palette.person_color("Mara Lindqvist"))
True
>>> color_for("Mara Lindqvist") in OKABE_ITO
True
>>> text_color_on((0, 0, 0)), text_color_on((255, 255, 255))
((255, 255, 255), (0, 0, 0))
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from .. import palette
from ..palette import BGR

__all__ = ["BGR", "OKABE_ITO", "UNKNOWN_COLOR", "color_for", "text_color_on"]

# The palette's person colours as BGR, in the palette's order.
OKABE_ITO: tuple[BGR, ...] = tuple(palette.bgr(c) for c in palette.PERSON_COLORS)

UNKNOWN_COLOR: BGR = palette.bgr(palette.UNKNOWN_COLOR)


def color_for(name: str, colors: Sequence[BGR] = OKABE_ITO) -> BGR:
    """The colour of ``name`` in ``colors``: the same for the same name, always.

    With the default colours this is ``palette.person_color`` as BGR.

    >>> color_for("Tobias Brenner", [(1, 2, 3)])
    (1, 2, 3)
    """
    if not colors:
        raise ValueError("the palette is empty")
    if tuple(colors) == OKABE_ITO:
        return palette.bgr(palette.person_color(name))
    return tuple(colors[zlib.crc32(str(name).encode("utf-8")) % len(colors)])  # type: ignore[return-value]


def text_color_on(background: BGR) -> BGR:
    """Black or white, whichever reads better on ``background`` (BGR).

    >>> text_color_on((178, 114, 0))   # Okabe-Ito blue
    (255, 255, 255)
    """
    hex_rgb = "#{2:02X}{1:02X}{0:02X}".format(*background)
    return palette.bgr(palette.text_color_on(hex_rgb))
