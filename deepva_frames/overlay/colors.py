"""Colours: one per person, stable across frames and runs, from a colour-blind-safe palette.

The palette is Okabe & Ito's (2008) without black, which would vanish on dark video.
A person's colour is chosen by a CRC-32 of the name, never Python's salted ``hash``, so
it is the same in every frame, run and machine. Unknown faces get a neutral grey.

>>> color_for("Mara Lindqvist") == color_for("Mara Lindqvist")
True
>>> color_for("Mara Lindqvist") in OKABE_ITO
True
>>> text_color_on((0, 0, 0)), text_color_on((255, 255, 255))
((255, 255, 255), (0, 0, 0))
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

__all__ = ["BGR", "OKABE_ITO", "UNKNOWN_COLOR", "color_for", "text_color_on"]

BGR = tuple[int, int, int]


def _bgr(hex_rgb: str) -> BGR:
    value = int(hex_rgb.lstrip("#"), 16)
    return (value & 0xFF, (value >> 8) & 0xFF, value >> 16)


# Okabe-Ito, as BGR (OpenCV's channel order): orange, sky blue, bluish green, yellow,
# blue, vermillion, reddish purple.
OKABE_ITO: tuple[BGR, ...] = tuple(_bgr(c) for c in (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"))

UNKNOWN_COLOR: BGR = (200, 200, 200)


def color_for(name: str, palette: Sequence[BGR] = OKABE_ITO) -> BGR:
    """The colour of ``name`` in ``palette``: the same for the same name, always.

    >>> color_for("Tobias Brenner", [(1, 2, 3)])
    (1, 2, 3)
    """
    if not palette:
        raise ValueError("the palette is empty")
    return tuple(palette[zlib.crc32(str(name).encode("utf-8")) % len(palette)])  # type: ignore[return-value]


def text_color_on(background: BGR) -> BGR:
    """Black or white, whichever reads better on ``background`` (BGR).

    >>> text_color_on((178, 114, 0))   # Okabe-Ito blue
    (255, 255, 255)
    """
    b, g, r = background
    luminance = 0.114 * b + 0.587 * g + 0.299 * r
    return (0, 0, 0) if luminance >= 128 else (255, 255, 255)
