"""Group labels shared by every table and chart: age bins, their order, "unknown".

One definition, imported by the pandas analysis, the plots, the palette and the DuckDB /
Spark versions of the analysis. Pure Python (no pandas), so any engine can use it.

* Age groups are the API's decade bins, ``"30-40"`` = 30 to 39 whole years
  (:func:`age_bucket`). They sort by age, not as text and not by size:
  ``"0-10" < "5-10"``? no: by lower bound, then upper bound (:func:`age_bounds`), then
  labels that are not bins (as text), then the unknown group last.
* A label is *unknown* when it is null, empty, ``"unknown"`` (any case), a pandas null
  spelled as text (``"nan"``, ``"<NA>"``, ``"None"``) or starts with ``"unknown"``
  (``"unknown (closest: Ann)"``, a timeline lane).

>>> order_labels(["40-50", "unknown", "60+", "5-10", "20-30", None], "age")
['5-10', '20-30', '40-50', '60+', 'unknown', None]
>>> age_bucket(39), age_bounds("60+"), is_unknown_label("Unknown (closest: Bo)")
('30-40', (60.0, inf), True)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["AGE_BUCKET_WIDTH", "AGE_COLUMNS", "UNKNOWN", "age_bounds", "age_bucket",
           "group_order_key", "is_age_column", "is_unknown_label", "order_labels"]

UNKNOWN = "unknown"
AGE_BUCKET_WIDTH = 10
# Columns (and metric-name prefixes) whose groups are age groups.
AGE_COLUMNS = ("age",)
_NULL_TEXT = {"", "nan", "<na>", "none", "nat"}
_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\s*$")
_OPEN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*\+\s*$")
_BELOW = re.compile(r"^\s*<\s*(\d+(?:\.\d+)?)\s*$")


def is_unknown_label(label: Any) -> bool:
    """Whether ``label`` stands for "no known value" (see the module docstring).

    >>> [is_unknown_label(v) for v in (None, float("nan"), "unknown", "<NA>", "Ann")]
    [True, True, True, True, False]
    """
    if label is None or (isinstance(label, float) and math.isnan(label)):
        return True
    text = str(label).strip().lower()
    return text in _NULL_TEXT or text.startswith(UNKNOWN)


def age_bucket(years: float | None, width: int = AGE_BUCKET_WIDTH) -> str | None:
    """The API's age group of an age in whole years: ``"30-40"`` holds 30 to 39.

    Negative or missing ages have no group (None).

    >>> age_bucket(39), age_bucket(40), age_bucket(None), age_bucket(-4)
    ('30-40', '40-50', None, None)
    """
    if years is None or (isinstance(years, float) and math.isnan(years)):
        return None
    try:
        if years < 0:
            return None
    except TypeError:  # pandas.NA
        return None
    low = int(years) // width * width
    return f"{low}-{low + width}"


def age_bounds(label: Any) -> tuple[float, float] | None:
    """``(low, high)`` years of an age-group label, or None when it is not one.

    ``"30-40"`` is ``(30, 40)``, ``"60+"`` is ``(60, inf)``, ``"<18"`` is ``(0, 18)``.

    >>> age_bounds("30-40"), age_bounds("<18"), age_bounds("adult")
    ((30.0, 40.0), (0.0, 18.0), None)
    """
    if is_unknown_label(label):
        return None
    text = str(label)
    if match := _RANGE.match(text):
        return float(match[1]), float(match[2])
    if match := _OPEN.match(text):
        return float(match[1]), math.inf
    if match := _BELOW.match(text):
        return 0.0, float(match[1])
    return None


def is_age_column(column: str | None) -> bool:
    """Whether groups of ``column`` (or of a metric such as ``age_screen_time``) are ages.

    >>> is_age_column("age"), is_age_column("age_count"), is_age_column("gender")
    (True, True, False)
    """
    if not column:
        return False
    return any(column == name or column.startswith(name + "_") for name in AGE_COLUMNS)


def group_order_key(label: Any, column: str | None = None) -> tuple[Any, ...]:
    """Sort key of a group label: unknown last; age groups (when ``column`` is an age
    column) by age; everything else by its text.

    >>> sorted(["b", "unknown", "a"], key=group_order_key)
    ['a', 'b', 'unknown']
    """
    unknown = is_unknown_label(label)
    null = label is None or (isinstance(label, float) and math.isnan(label))
    if is_age_column(column) and not unknown:
        bounds = age_bounds(label)
        if bounds is not None:
            return (0, 0, *bounds, str(label))
        return (0, 1, 0.0, 0.0, str(label))
    return (int(unknown), int(null), 0.0, 0.0, "" if null else str(label))


def order_labels(labels: Iterable[Any], column: str | None = None) -> list[Any]:
    """``labels`` once each, in :func:`group_order_key` order (nulls after "unknown").

    >>> order_labels(["male", "unknown", "female", "male"], "gender")
    ['female', 'male', 'unknown']
    """
    unique = list(dict.fromkeys(labels))
    return sorted(unique, key=lambda label: group_order_key(label, column))
