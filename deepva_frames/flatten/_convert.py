"""Per-value conversion to the declared column types, and building Arrow tables from rows.

The per-record (Python) path of every table goes through here: a value of the wrong
type raises :class:`BadValue`, which the caller turns into a PayloadError naming the
table, the record and the key.

>>> parse_timestamp("2023-03-16T16:12:35.853632Z").isoformat()
'2023-03-16T16:12:35.853632+00:00'
>>> parse_timestamp("2019-08-12 08:14:28.430144").isoformat()
'2019-08-12T08:14:28.430144+00:00'
>>> dumps({"ü": [1, None]})
'{"ü":[1,null]}'
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import pyarrow as pa

from ..errors import PayloadError
from ..schemas import schema

__all__ = ["BadValue", "build_table", "converter", "dumps", "kind", "metric_rows",
           "number_or_json",
           "parse_timestamp", "payload_error", "record_label"]

Converter = Callable[[Any], Any]

_TS = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)
_FLOAT_EXACT = 2 ** 53
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # made once


class BadValue(ValueError):
    """A value that does not fit its column; the caller adds table, record and key."""


def dumps(value: Any) -> str:
    """Compact JSON text of ``value`` (UTF-8 kept, key order kept).

    >>> dumps([1.0, "a"])
    '[1.0,"a"]'
    """
    return _ENCODE(value)


def parse_timestamp(text: str) -> datetime:
    """A tz-aware UTC datetime from the API's timestamp forms (naive means UTC).

    Both "2019-08-12 08:14:28.430144" and "2023-03-16T16:12:35.853632Z" are read;
    an offset (+02:00) is converted to UTC; digits beyond microseconds are cut.

    >>> parse_timestamp("2020-01-01T02:00:00+02:00").isoformat()
    '2020-01-01T00:00:00+00:00'
    """
    match = _TS.match(text.strip())
    if match is None:
        raise BadValue(f"not a timestamp: {text!r}")
    year, month, day, hour, minute, second, frac, zone = match.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    try:
        value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                         int(second or 0), micro, tzinfo=_zone(zone))
    except ValueError as exc:
        raise BadValue(f"not a timestamp: {text!r} ({exc})") from None
    return value.astimezone(timezone.utc)


def _zone(zone: str | None) -> timezone:
    if zone is None or zone in ("Z", "z"):
        return timezone.utc
    digits = zone[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return timezone(-delta if zone[0] == "-" else delta)


def _to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise BadValue(f"expected a string, got {kind(value)}")


def _to_id(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise BadValue(f"expected an id (string or integer), got {kind(value)}")


_INT64 = 2 ** 63


def _to_int(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 12.0 is 12: a lossless coercion
    if isinstance(value, int) and not isinstance(value, bool) and -_INT64 <= value < _INT64:
        return value
    raise BadValue(f"expected an integer, got {kind(value)}")


def _to_float(value: Any) -> float:
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)
                                    and abs(value) <= _FLOAT_EXACT):
        return float(value)  # an int up to 2**53 is exactly a float: a lossless coercion
    raise BadValue(f"expected a number, got {kind(value)}")


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise BadValue(f"expected true or false, got {kind(value)}")


def _to_ts(value: Any) -> datetime:
    return parse_timestamp(_to_str(value))


def _to_str_list(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise BadValue(f"expected a list of strings, got {kind(value)}")
    for item in value:
        if not isinstance(item, str):
            raise BadValue(f"expected a list of strings, found {kind(item)} in it")
    return value


def kind(value: Any) -> str:
    """How a message names a value: its JSON type and, for a scalar, a short excerpt.

    >>> kind([1]), kind("abc")
    ('a list', 'a string "abc"')
    """
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    name = names.get(type(value), type(value).__name__)
    if isinstance(value, str | int | float | bool):
        return f"{name} {dumps(value)[:40]}"
    return name


def converter(field: pa.Field) -> Converter:
    """The Python-side converter of a column: checks the type, returns the cell value.

    String columns named ``*_id`` also take integers (kg node and storage ids).

    >>> converter(pa.field("frame_start", pa.int64()))(12.0)
    12
    >>> converter(pa.field("node_id", pa.string()))(18378)
    '18378'
    """
    typ = field.type
    if pa.types.is_string(typ):
        return _to_id if field.name.endswith("_id") else _to_str
    if pa.types.is_dictionary(typ):
        return _to_str
    if pa.types.is_int64(typ):
        return _to_int
    if pa.types.is_floating(typ):
        return _to_float
    if pa.types.is_boolean(typ):
        return _to_bool
    if pa.types.is_timestamp(typ):
        return _to_ts
    if pa.types.is_list(typ):
        return _to_str_list
    raise TypeError(f"no converter for {typ}")


def number_or_json(value: Any) -> tuple[float | None, str | None]:
    """``(value, value_json)`` cells of a metric value: numbers exactly as float64, else JSON.

    >>> number_or_json(3), number_or_json("a"), number_or_json(2 ** 60)
    ((3.0, None), (None, '"a"'), (None, '1152921504606846976'))
    """
    if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)
                                    and abs(value) <= _FLOAT_EXACT):
        return float(value), None
    return None, dumps(value)


def metric_rows(value: Any) -> list[tuple[str | None, float | None, str | None]]:
    """``(key, value, value_json)`` rows of a metric: one per key of an object.

    An empty object (or a missing one) gives one row with a null key; a value that is
    not an object gives one row with a null key holding the value itself.

    >>> metric_rows({"female": 1, "male": "x"})
    [('female', 1.0, None), ('male', None, '"x"')]
    >>> metric_rows({}), metric_rows(2.5)
    ([(None, None, None)], [(None, 2.5, None)])
    """
    if value is None or (isinstance(value, Mapping) and not value):
        return [(None, None, None)]
    if isinstance(value, Mapping):
        return [(str(key), *number_or_json(item)) for key, item in value.items()]
    return [(None, *number_or_json(value))]


def record_label(index: int, record: Any, id_key: str | None = "id") -> str:
    """How an error names a record: its position, and its id when it has one.

    >>> record_label(3, {"id": "abc"})
    "3 (id 'abc')"
    """
    if id_key and isinstance(record, Mapping):
        rid = record.get(id_key)
        if isinstance(rid, str | int) and not isinstance(rid, bool):
            return f"{index} (id {rid!r})"
    return str(index)


def payload_error(table: str, message: str, index: int | None = None, record: Any = None,
                  key: str | None = None) -> PayloadError:
    """A PayloadError naming the table, the record (index and id) and the key.

    >>> str(payload_error("jobs", "missing required key", 2, {"tag": "x"}, "id"))
    "jobs, record 2, key 'id': missing required key"
    """
    from ._quality import current

    label = None if index is None else record_label(index, record)
    return PayloadError(table, message, record=label, key=key, job=current().job)


def build_table(table: str, columns: Mapping[str, list[Any]]) -> pa.Table:
    """An Arrow table of the declared schema from Python column lists (missing ones null).

    >>> t = build_table("clusters", {"name": ["main"], "preview_images": [["s://1"]]})
    >>> t.column("name").to_pylist(), t.column("dataset_id").to_pylist()
    (['main'], [None])
    """
    fields = schema(table)
    length = len(next(iter(columns.values()), []))
    arrays = []
    for field in fields:
        values = columns.get(field.name)
        if values is None:
            arrays.append(pa.nulls(length, field.type))
        else:
            arrays.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(arrays, schema=fields)
