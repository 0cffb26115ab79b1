"""Helpers of the lossless property tests: value strategies, normalisation, inverse pieces.

The inverse of each table is written in the tests from the table's columns and its JSON
column only; the comparison is with the input after JSON normalisation: ids as
strings, timestamps as instants, keys with a null value or emptied objects at the
positions that have columns dropped (a null column cannot tell them apart).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import pyarrow as pa
from hypothesis import strategies as st

Path = tuple[str, ...]

json_scalars = (st.none() | st.booleans() | st.integers(-(2 ** 53), 2 ** 53)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=6))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                           max_leaves=6)
numbers = st.integers(-(2 ** 53), 2 ** 53) | st.floats(allow_nan=False, allow_infinity=False)
instants = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1))
timestamps = st.one_of(instants.map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S.%f")),
                       instants.map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")))
ids = st.text(min_size=1, max_size=8) | st.integers(0, 10 ** 12)


def value_strategy(column: str, arrow_type: pa.DataType) -> st.SearchStrategy[Any]:
    """Values of the right type for a column (ids may be ints, floats may be ints)."""
    if column.endswith("_id"):
        return ids
    if pa.types.is_string(arrow_type) or pa.types.is_dictionary(arrow_type):
        return st.text(max_size=8)
    if pa.types.is_int64(arrow_type):
        return st.integers(-(2 ** 62), 2 ** 62)
    if pa.types.is_floating(arrow_type):
        return numbers
    if pa.types.is_boolean(arrow_type):
        return st.booleans()
    if pa.types.is_timestamp(arrow_type):
        return timestamps
    if pa.types.is_list(arrow_type):
        return st.lists(st.text(max_size=5), max_size=3)
    raise TypeError(arrow_type)


def extra_keys(known: Iterable[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown keys (any text not among ``known``) with any JSON values, nulls included."""
    names = st.text(max_size=6).filter(lambda k: k not in set(known))
    return st.dictionaries(names, json_values, max_size=3)


def instant(text: str) -> pd.Timestamp:
    stamp = pd.Timestamp(text)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def get(obj: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(obj, Mapping) or key not in obj:
            return None
        obj = obj[key]
    return obj


def put(obj: dict[str, Any], path: Path, value: Any) -> None:
    for key in path[:-1]:
        obj = obj.setdefault(key, {})
    obj[path[-1]] = value


def merge(base: dict[str, Any], extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """Deep-merge the decoded JSON column into a record rebuilt from columns."""
    for key, value in (extra or {}).items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def normalise(record: Any, covered: Mapping[Path, str]) -> Any:
    """The input as the table can give it back.

    ``covered``: key path -> kind ("id", "ts" or "plain") of every path with a column.
    A null at a covered path is dropped; a covered path's parent object that is null or
    left empty is dropped; ids become strings, timestamps instants.
    """
    record = json.loads(json.dumps(record))
    for path, kind in covered.items():
        parent = get(record, path[:-1]) if len(path) > 1 else record
        if not isinstance(parent, dict) or path[-1] not in parent:
            continue
        value = parent[path[-1]]
        if value is None:
            del parent[path[-1]]
        elif kind == "id":
            parent[path[-1]] = str(value)
        elif kind == "ts":
            parent[path[-1]] = instant(value)
    for path in sorted({p[:i] for p in covered for i in range(1, len(p))}, key=len,
                       reverse=True):
        parent = get(record, path[:-1]) if len(path) > 1 else record
        if isinstance(parent, dict) and parent.get(path[-1]) in ({}, None) and path[-1] in parent:
            del parent[path[-1]]
    return record


def cell(value: Any) -> Any:
    """A table cell as the inverse wants it: datetimes as pandas Timestamps."""
    return pd.Timestamp(value) if isinstance(value, datetime) else value


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
