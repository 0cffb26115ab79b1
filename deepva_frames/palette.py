"""One colour per person and per group, shared by charts, video boxes and explorers.

Every colour is defined once here, as hex text (``"#009E73"``, what matplotlib and
HTML take); :func:`bgr` turns it into OpenCV's ``(blue, green, red)`` 0-255 tuple and
:func:`rgb` into matplotlib's 0-1 floats, so a person drawn on a frame and in a chart
has the same colour by construction.

* **Persons** (and any other nominal label: module, batch key): one of
  :data:`PERSON_COLORS`, Okabe & Ito's (2008) colour-blind-safe set without black
  (which vanishes on dark video), chosen by a CRC-32 of the name (never Python's salted
  ``hash``): the same name gets the same colour in every chart, frame, run and machine,
  whatever other names are drawn beside it. Seven colours for an open set of names
  means two people can share one; labels (axis ticks, box captions) always tell them
  apart, and ``colors=`` arguments of the overlay pin colours where it matters.
* **Unknown faces and null groups**: :data:`UNKNOWN_COLOR`, a neutral grey.
* **Gender**: fixed :data:`GENDER_COLORS` (female orange, male blue, diverse bluish
  green), the same in every chart.
* **Age groups** are ordered, so they get a sequential ramp (:data:`AGE_COLORS`,
  viridis, readable with every common colour-vision deficiency and in greyscale):
  light for young, dark for old, fixed per decade (``"30-40"`` is always the same).

>>> person_color("Mara Lindqvist"), bgr(person_color("Mara Lindqvist"))
('#009E73', (115, 158, 0))
>>> group_color("gender", "female"), group_color("age", "unknown") == UNKNOWN_COLOR
('#E69F00', True)
>>> colors_for(["Ann", "unknown", "Ann"]) == [person_color("Ann"), UNKNOWN_COLOR,
...                                            person_color("Ann")]
True
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from typing import Any

from .analysis.groups import age_bounds, is_age_column, is_unknown_label

__all__ = ["AGE_COLORS", "BGR", "GENDER_COLORS", "OKABE_ITO", "PERSON_COLORS", "RGB",
           "UNKNOWN_COLOR", "age_color", "bgr", "colors_for", "gender_color",
           "group_color", "person_color", "rgb", "text_color_on"]

BGR = tuple[int, int, int]
RGB = tuple[float, float, float]

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {"orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "reddish_purple": "#CC79A7", "black": "#000000"}
# The order is part of the contract: a name's colour is PERSON_COLORS[crc32 % 7].
PERSON_COLORS: tuple[str, ...] = tuple(OKABE_ITO[name] for name in (
    "orange", "sky_blue", "bluish_green", "yellow", "blue", "vermillion",
    "reddish_purple"))
UNKNOWN_COLOR = "#999999"
GENDER_COLORS = {"female": OKABE_ITO["orange"], "male": OKABE_ITO["blue"],
                 "diverse": OKABE_ITO["bluish_green"],
                 "non-binary": OKABE_ITO["bluish_green"]}
# viridis at 10 even steps, reversed: 0-10 (light) ... 90-100 and older (dark).
AGE_COLORS: tuple[str, ...] = ("#FDE725", "#B5DE2B", "#6ECE58", "#35B779", "#1F9E89",
                               "#26828E", "#31688E", "#3E4989", "#482878", "#440154")


def bgr(color: str) -> BGR:
    """OpenCV's ``(blue, green, red)`` of a ``"#RRGGBB"`` colour.

    >>> bgr("#0072B2")
    (178, 114, 0)
    """
    value = int(color.lstrip("#"), 16)
    return (value & 0xFF, (value >> 8) & 0xFF, value >> 16)


def rgb(color: str) -> RGB:
    """matplotlib's ``(red, green, blue)`` in 0-1 of a ``"#RRGGBB"`` colour.

    >>> rgb("#FF8000")
    (1.0, 0.5019607843137255, 0.0)
    """
    blue, green, red = bgr(color)
    return (red / 255, green / 255, blue / 255)


def person_color(name: Any) -> str:
    """The colour of a person (or any nominal label); grey for an unknown face.

    >>> person_color("Tobias Brenner") == person_color("Tobias Brenner") != UNKNOWN_COLOR
    True
    >>> person_color(None) == person_color("unknown (closest: Ann)") == UNKNOWN_COLOR
    True
    """
    if is_unknown_label(name):
        return UNKNOWN_COLOR
    return PERSON_COLORS[zlib.crc32(str(name).encode("utf-8")) % len(PERSON_COLORS)]


def gender_color(label: Any) -> str:
    """The fixed colour of a gender; other labels as :func:`person_color`.

    >>> gender_color("Male"), gender_color(None) == UNKNOWN_COLOR
    ('#0072B2', True)
    """
    if is_unknown_label(label):
        return UNKNOWN_COLOR
    return GENDER_COLORS.get(str(label).strip().lower()) or person_color(label)


def age_color(label: Any) -> str:
    """The colour of an age group by its decade (``"30-40"``, ``"60+"``); grey for
    unknown, :func:`person_color` for labels that are not age groups.

    >>> age_color("30-40") == age_color("30-39") == AGE_COLORS[3]
    True
    """
    bounds = age_bounds(label)
    if bounds is None:
        return UNKNOWN_COLOR if is_unknown_label(label) else person_color(label)
    low = bounds[0] if math.isfinite(bounds[0]) else 0.0
    return AGE_COLORS[min(int(low // 10), len(AGE_COLORS) - 1)]


def group_color(column: str | None, label: Any) -> str:
    """The colour of group ``label`` of column ``column`` ("gender", "age", "person", a
    metric such as "age_screen_time", or None for a plain label).

    >>> group_color("gender_count", "male") == GENDER_COLORS["male"]
    True
    """
    if column and (column == "gender" or column.startswith("gender_")):
        return gender_color(label)
    if is_age_column(column):
        return age_color(label)
    return person_color(label)


def colors_for(labels: Iterable[Any], column: str | None = None) -> list[str]:
    """:func:`group_color` of each label, in order (a list for ``color=`` arguments).

    >>> colors_for(["female", "male", None], "gender")
    ['#E69F00', '#0072B2', '#999999']
    """
    return [group_color(column, label) for label in labels]


def text_color_on(background: str) -> str:
    """Black or white text, whichever reads better on ``background``.

    >>> text_color_on("#0072B2"), text_color_on("#F0E442")
    ('#FFFFFF', '#000000')
    """
    blue, green, red = bgr(background)
    luminance = 0.114 * blue + 0.587 * green + 0.299 * red
    return "#000000" if luminance >= 128 else "#FFFFFF"
