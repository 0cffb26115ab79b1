"""Timestamp columns parsed per column by Arrow, with the per-value parser's meaning.

:func:`timestamp_column` takes a column's raw values. When every value is a string
of the API's timestamp forms (the pattern of
:func:`~deepva_frames.flatten._convert.parse_timestamp`), Arrow casts the whole column
at once: values with a zone offset to UTC, naive ones read as UTC. Anything else
(another type, a form Arrow does not read the same way, an invalid date) goes value by
value through ``parse_timestamp``, which gives the same instants or the PayloadError
naming the record and key. Both paths agree, checked by a property test.

>>> column = timestamp_column("jobs", "time_created", ["2019-08-12 08:14:28.430144",
...     "2023-03-16T16:12:35.853632Z", None, "2020-01-01T02:00:00+02:00"], [])
>>> [v.isoformat() if v else v for v in column.to_pylist()][::3]
['2019-08-12T08:14:28.430144+00:00', '2020-01-01T00:00:00+00:00']
>>> column[1].as_py().isoformat(), column[2].as_py()
('2023-03-16T16:12:35.853632+00:00', None)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ._convert import BadValue, converter, payload_error

__all__ = ["timestamp_column", "timestamp_columns"]

UTC_US = pa.timestamp("us", tz="UTC")
_NAIVE_US = pa.timestamp("us")
# The forms Arrow reads exactly as parse_timestamp does: a date (not year 0), a valid
# hh:mm:ss, up to 6 fraction digits after a dot, a Z or a valid +hh:mm / -hh:mm offset.
# Calendar checks (month 13, February 30) are Arrow's: it refuses what Python refuses.
_FAST = re.compile(r"(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}[T ](?:[01][0-9]|2[0-3]):[0-5][0-9]"
                   r":[0-5][0-9](?:\.[0-9]{1,6})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?")
_PER_VALUE = converter(pa.field("time", UTC_US))


def _zoned(text: str) -> bool:
    return text[-1] == "Z" or text[-6] in "+-"


def _cast(values: list[str | None], zoned: bool) -> pa.Array:
    text = pa.array(values, pa.string())
    if zoned:
        return pc.cast(text, UTC_US)
    return pc.cast(pc.cast(text, _NAIVE_US), UTC_US)


def _fast(values: Sequence[Any]) -> pa.Array | None:
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


def timestamp_column(table: str, column: str, values: Sequence[Any],
                     records: Sequence[tuple[int, Any]]) -> pa.Array:
    """The UTC timestamp array of a column's raw values (``records``: index and record of
    each value, to name the record in an error).

    >>> timestamp_column("jobs", "time_started", [3], [(0, {"id": "j"})])
    Traceback (most recent call last):
    ...
    deepva_frames.errors.PayloadError: jobs, record 0 (id 'j'), key 'time_started': ...
    """
    fast = _fast(values)
    if fast is not None:
        return fast
    out = []
    for number, value in enumerate(values):
        try:
            out.append(None if value is None else _PER_VALUE(value))
        except BadValue as exc:
            index, record = records[number] if number < len(records) else (number, None)
            raise payload_error(table, str(exc.args[0]), index, record, column) from None
    return pa.array(out, UTC_US)


def timestamp_columns(table: str, columns: dict[str, list[Any]],
                      records: Sequence[tuple[int, Any]]) -> dict[str, pa.Array]:
    """:func:`timestamp_column` of several columns of equal length, in one Arrow pass.

    >>> out = timestamp_columns("jobs", {"a": ["2020-01-01 00:00:00"], "b": [None]}, [])
    >>> out["a"][0].as_py().year, out["b"].null_count
    (2020, 1)
    """
    joined = [value for values in columns.values() for value in values]
    fast = _fast(joined)
    if fast is None:
        return {column: timestamp_column(table, column, values, records)
                for column, values in columns.items()}
    out, start = {}, 0
    for column, values in columns.items():
        out[column] = fast.slice(start, len(values))
        start += len(values)
    return out
