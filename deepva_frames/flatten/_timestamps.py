"""Timestamp columns parsed per column by Arrow, with the per-value parser's meaning.

:func:`fast_timestamps` takes a column's raw values. When every value is a string of
the forms Arrow reads exactly as :func:`~deepva_frames.flatten._convert.parse_timestamp`
does (checked per value by a pattern, cheap), one Arrow cast parses the column: values
with a zone offset to UTC, naive ones read as UTC. Otherwise it returns None and the
caller takes the per-value path (which converts, tolerates or reports each value).
Both agree wherever the fast path answers, checked by a property test.

>>> column = fast_timestamps(["2019-08-12 08:14:28.430144", "2023-03-16T16:12:35.853632Z",
...                           None, "2020-01-01T02:00:00+02:00"])
>>> [v.isoformat() if v else v for v in column.to_pylist()]  # doctest: +NORMALIZE_WHITESPACE
['2019-08-12T08:14:28.430144+00:00', '2023-03-16T16:12:35.853632+00:00', None,
 '2020-01-01T00:00:00+00:00']
>>> fast_timestamps(["2020-01-01T10:00"]) is None  # no seconds: the per-value path reads it
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["fast_timestamps"]

UTC_US = pa.timestamp("us", tz="UTC")
_NAIVE_US = pa.timestamp("us")
# The forms Arrow reads exactly as parse_timestamp does: a date (not year 0), a valid
# hh:mm:ss, up to 6 fraction digits after a dot, a Z or a valid +hh:mm / -hh:mm offset.
# Calendar checks (month 13, February 30) are Arrow's: it refuses what Python refuses.
_FAST = re.compile(r"(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}[T ](?:[01][0-9]|2[0-3]):[0-5][0-9]"
                   r":[0-5][0-9](?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?")


def _zoned(text: str) -> bool:
    return text[-1] == "Z" or text[-6] in "+-"


def _cast(values: list[str | None], zoned: bool) -> pa.Array:
    text = pa.array(values, pa.string())
    if zoned:
        return pc.cast(text, UTC_US)
    return pc.cast(pc.cast(text, _NAIVE_US), UTC_US)


def fast_timestamps(values: Sequence[Any]) -> pa.Array | None:
    """The column cast by Arrow, or None when a value needs the per-value parser.

    The pattern is checked in Python (cheap per value); Arrow then parses the whole
    column in one or two casts, which costs less than per-call overheads of kernels.
    """
    zoned = naive = 0
    for value in values:
        if value is None:
            continue
        if type(value) is not str or _FAST.fullmatch(value) is None:
            return None
        if _zoned(value):
            zoned += 1
        else:
            naive += 1
    try:
        if not zoned or not naive:
            return _cast(list(values), zoned > 0)
        with_zone = _cast([v if v is not None and _zoned(v) else None for v in values], True)
        without = _cast([v if v is not None and not _zoned(v) else None for v in values], False)
    except pa.ArrowInvalid:
        return None
    return pc.coalesce(with_zone, without)
