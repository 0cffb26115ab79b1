"""The jobs table built by columns: one list per column, typed by Arrow in one call.

A listing page of jobs is flattened as it arrives; per record only ``extra`` (the keys no
column takes: the modules object, ``result`` without its summary, unknown keys) needs
Python. The typed columns are taken by key and checked by Python type, the three
timestamps parsed per column (``flatten._timestamps``). When any value is not of its
column's plain type (an id that is a number, a float that is an integer too big for
it, an odd timestamp, a bad value to tolerate or report), the payload takes the
per-record path, which converts it or reports it exactly as it always did: the two
paths give the same table (a property test checks it).

>>> from deepva_frames import flatten
>>> flatten.jobs_arrow([{"id": "a", "time_created": "2020-01-01 10:00:00",
...                      "modules": {"ocr": {}}}]).column("extra").to_pylist()
['{"modules":{"ocr":{}}}']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from ..schemas import schema
from ._convert import build_table, dumps
from ._payload import load
from ._records import RowFn, collect, context_of
from ._timestamps import fast_timestamps
from .job_tables import JOBS, _errors, _modules, _summary

__all__ = ["jobs_by_columns"]

_NONE = type(None)
_FLOAT_EXACT = 2**53


def _plain_types(field: pa.Field) -> frozenset[type] | None:
    kind = field.type
    if pa.types.is_string(kind) or pa.types.is_dictionary(kind):
        return frozenset({str})
    if pa.types.is_floating(kind):
        return frozenset({int, float})
    if pa.types.is_boolean(kind):
        return frozenset({bool})
    if pa.types.is_int64(kind):
        return frozenset({int})
    return None


def _kinds() -> dict[str, str]:
    """Column -> "plain", "time" or "strings" (list of strings); {} when not columnar."""
    fields = schema("jobs")
    kinds: dict[str, str] = {}
    for column, path in JOBS.keys.items():
        kind = fields.field(column).type
        if len(path) != 1 or column in JOBS.coerce:
            return {}
        if pa.types.is_timestamp(kind):
            kinds[column] = "time"
        elif pa.types.is_list(kind) and pa.types.is_string(kind.value_type):
            kinds[column] = "strings"
        elif _plain_types(fields.field(column)) is not None:
            kinds[column] = "plain"
        else:
            return {}
    return kinds


_KINDS = _kinds()
_TYPES = {c: _plain_types(schema("jobs").field(c)) for c, k in _KINDS.items() if k == "plain"}
_FLOATS = frozenset(c for c in _TYPES if pa.types.is_floating(schema("jobs").field(c).type))
_TAKEN = frozenset(JOBS.keys[c][0] for c in _KINDS)


def _fits(column: str, values: list[Any]) -> bool:
    kind = _KINDS[column]
    if kind == "strings":
        return all(v is None or (type(v) is list and all(type(s) is str for s in v))
                   for v in values)
    types = (_TYPES[column] or frozenset()) | ({_NONE} if column not in JOBS.required else set())
    if not all(type(v) in types for v in values):
        return False
    return column not in _FLOATS or all(type(v) is not int or abs(v) <= _FLOAT_EXACT
                                        for v in values)


def _typed_columns(records: list[Any]) -> tuple[dict[str, Any], dict[str, pa.Array]] | None:
    """The typed cells by column, or None when one needs the per-record path."""
    if not _KINDS or not all(type(record) is dict for record in records):
        return None
    plain: dict[str, Any] = {}
    times: dict[str, pa.Array] = {}
    for column, kind in _KINDS.items():
        key = JOBS.keys[column][0]
        values = [record.get(key) for record in records]
        if kind == "time":
            parsed = fast_timestamps(values)
            if parsed is None:
                return None
            times[column] = parsed
        elif not _fits(column, values):
            return None
        else:
            plain[column] = values
    return plain, times


def _part_table(records: list[Any], batch_id: str | None, start: int) -> pa.Table | None:
    typed = _typed_columns(records)
    if typed is None:
        return None
    columns, times = typed
    modules, errors, extra = [], [], []
    media_types = columns["media_type"]
    for index, record in enumerate(records, start):
        rest = {key: value for key, value in record.items() if key not in _TAKEN}
        modules.append(_modules(rest, record, index))
        errors.append(_errors(rest, record, index))
        summary = _summary(rest, record, index, "jobs")
        if media_types[index - start] is None:
            media_types[index - start] = next(
                (e.get("media_type") for e in summary if isinstance(e, Mapping)
                 and isinstance(e.get("media_type"), str)), None)
        extra.append(dumps(rest) if rest else None)
    columns.update(modules=modules, errors=errors, extra=extra,
                   batch_id=[batch_id] * len(records))
    table = build_table("jobs", columns)
    for column, array in times.items():
        table = table.set_column(table.schema.get_field_index(column),
                                 table.schema.field(column), array)
    return table


def jobs_by_columns(payload: Any, given: Mapping[str, Any], per_record: RowFn) -> pa.Table:
    """The jobs table of ``payload``: by columns, else by ``per_record`` rows."""
    parts = load(payload, "jobs")
    tables, start = [], 0
    for part in parts:
        records = part.records("jobs")
        table = _part_table(records, context_of(part.context, given).get("batch_id"), start)
        if table is None:
            return collect("jobs", payload, given, per_record)
        tables.append(table)
        start += len(records)
    if len(tables) == 1:
        return tables[0]
    return pa.concat_tables(tables or [build_table("jobs", {})]).unify_dictionaries()
