"""Lossless, by property: every one-row-per-record table gives back each record's values.

The records are generated from each table's key map: every key optional (unless
required) and nullable, values of the right type (ids also as ints, floats also as
ints), unknown keys with any JSON values at the top level and inside every nested
object that has columns. The inverse puts each non-null column back at its key path
and deep-merges the decoded ``extra``.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lossless_helpers import cell, extra_keys, get, loads, merge, normalise, put, value_strategy

from deepva_frames import flatten
from deepva_frames.flatten import batch_tables, job_tables, kg, summarized
from deepva_frames.flatten._records import Spec
from deepva_frames.schemas import TABLES, declaration, schema

# every table built one row per record from its declaration (batches too: depth and path
# are derived, not read), so a table added by its declaration alone is checked here
CUSTOM = {**job_tables.BUILDS, **summarized.BUILDS, **kg.BUILDS, **batch_tables.BUILDS}
SPECS = [Spec.of(name) for name in TABLES
         if declaration(name).function == name and (name not in CUSTOM or name == "batches")]
OVERRIDES = {  # batches: parents never among the ids, so that no chain loops
    ("batches", "batch_id"): st.integers(0, 10 ** 6),
    ("batches", "parent_id"): st.text(max_size=4).map(lambda t: "p:" + t),
}


def parents(spec: Spec) -> set[tuple[str, ...]]:
    return {path[:i] for path in spec.keys.values() for i in range(len(path))}


def covered(spec: Spec) -> dict[tuple[str, ...], str]:
    fields = schema(spec.table)
    return {path: "id" if column.endswith("_id")
            else "ts" if pa.types.is_timestamp(fields.field(column).type) else "plain"
            for column, path in spec.keys.items()}


@st.composite
def records(draw: st.DrawFn, spec: Spec) -> dict[str, Any]:
    fields = schema(spec.table)
    record: dict[str, Any] = {}
    for column, path in spec.keys.items():
        required = column in spec.required
        if not required and draw(st.booleans()):
            continue
        strategy = OVERRIDES.get((spec.table, column),
                                 value_strategy(column, fields.field(column).type))
        put(record, path, draw(strategy if required else st.none() | strategy))
    for parent in sorted(parents(spec), key=len):
        known = {p[len(parent)] for p in spec.keys.values() if p[:len(parent)] == parent}
        extras = draw(extra_keys(known))
        if parent and not isinstance(get(record, parent), dict | type(None)):
            continue
        for key, value in extras.items():
            put(record, (*parent, key), value)
    return record


def inverse(spec: Spec, row: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column, path in spec.keys.items():
        if row[column] is not None:
            put(record, path, cell(row[column]))
    return merge(record, loads(row["extra"]))


@pytest.mark.parametrize("spec", SPECS, ids=[spec.table for spec in SPECS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_table_is_lossless(spec, data):
    given_records = data.draw(st.lists(records(spec), max_size=4))
    table = flatten.to_arrow(spec.table, given_records)
    assert table.schema == schema(spec.table)
    rebuilt = [inverse(spec, row) for row in table.to_pylist()]
    assert rebuilt == [normalise(r, covered(spec)) for r in given_records]
