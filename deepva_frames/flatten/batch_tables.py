"""Batches (with depth and path from the parent chain), reports and report items.

>>> from deepva_frames import flatten
>>> page = {"total": 2, "offset": 0, "data": [
...     {"id": "m", "name": "Monday", "parent": "t"},
...     {"id": "t", "name": "top-level", "parent": None}]}
>>> flatten.batches(page)[["batch_id", "depth", "path"]].values.tolist()
[['m', 1, 'top-level/Monday'], ['t', 0, 'top-level']]

>>> sub = {"id": "m", "name": "Monday", "parent": "t"}
>>> flatten.batches(sub).loc[0, "path"] is pd.NA or pd.isna(flatten.batches(sub).loc[0, "path"])
True
>>> flatten.batches(sub, ancestors=[{"id": "t", "name": "top", "parent": None}]).loc[0, "path"]
'top/Monday'
>>> item = {"content": {"batch_id": "b", "report_info": {
...     "gender_screen_time": {"female": 19.14, "male": 33.0}}}}
>>> flatten.report_items(item, report_id="r")[["metric", "key", "value"]].values.tolist()
[['gender_screen_time', 'female', 19.14], ['gender_screen_time', 'male', 33.0]]
>>> flatten.reports({"id": "r", "title": "Report", "type": "diversity", "state": "waiting",
...          "error_msg": None}).loc[0, ["report_id", "state"]].tolist()
['r', 'waiting']
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from ._convert import dumps, metric_rows, payload_error
from ._public import Builder, rows_build
from ._quality import current
from ._records import Row, Spec, collect_spec, convert_values, put_back, split

__all__ = ["BUILDS", "report_items_wide"]

BATCHES = Spec.of("batches")

REPORTS = Spec.of("reports")

REPORT_ITEMS = Spec.of("report_items")


def _chains(table: pa.Table, known: Mapping[str, tuple[str | None, str]]
            ) -> tuple[list[int | None], list[str | None]]:
    """Depth and path of each batch; null when the chain leaves ``known``."""
    memo: dict[str, tuple[int, str] | None] = {}

    def resolve(batch_id: str, seen: tuple[str, ...]) -> tuple[int, str] | None:
        if batch_id in memo:
            return memo[batch_id]
        if batch_id in seen:
            raise payload_error("batches", f"the parent chain loops: {' -> '.join(seen)}",
                                key="parent")
        if batch_id not in known:
            return None
        parent, name = known[batch_id]
        up = (-1, "") if parent is None else resolve(parent, (*seen, batch_id))
        memo[batch_id] = None if up is None else (up[0] + 1, f"{up[1]}/{name}".lstrip("/"))
        return memo[batch_id]

    found = [resolve(b, ()) for b in table.column("batch_id").to_pylist()]
    return ([f[0] if f else None for f in found], [f[1] if f else None for f in found])


def _known(table: pa.Table, ancestors: Any) -> dict[str, tuple[str | None, str]]:
    frames = [table.select(["batch_id", "parent_id", "name"]).to_pylist()]
    if ancestors is not None:
        if isinstance(ancestors, pd.DataFrame):
            other = ancestors[["batch_id", "parent_id", "name"]].astype(object)
            frames.append(other.where(other.notna(), None).to_dict("records"))
        else:
            frames.append(_batches_plain(ancestors).select(
                ["batch_id", "parent_id", "name"]).to_pylist())
    known: dict[str, tuple[str | None, str]] = {}
    for rows in reversed(frames):
        for r in rows:
            known[r["batch_id"]] = (r["parent_id"], r["name"] or r["batch_id"])
    return known


def _batches_plain(payload: Any) -> pa.Table:
    return collect_spec(BATCHES, payload, {})


def _batches(payload: Any, ancestors: Any) -> pa.Table:
    """Batches with depth and path; ``ancestors``: a batches DataFrame or payload (or None)."""
    table = _batches_plain(payload)
    depth, path = _chains(table, _known(table, ancestors))
    table = table.set_column(table.schema.get_field_index("depth"), table.schema.field("depth"),
                             pa.array(depth, pa.int64()))
    return table.set_column(table.schema.get_field_index("path"), table.schema.field("path"),
                            pa.array(path, pa.string()))


def _item_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    paths = {**REPORT_ITEMS.keys, "report_info": ("content", "report_info")}
    values, rest = split(REPORT_ITEMS.table, record, paths, record, index)
    row = convert_values(REPORT_ITEMS, values, rest, record, index)
    info = values["report_info"]
    if info is not None and not isinstance(info, Mapping):
        current().bad(REPORT_ITEMS.table, "content.report_info", "expected an object", info,
                      index, record)
        put_back(rest, ("content", "report_info"), info)
        info = None
    base = {**row, "report_id": context.get("report_id"), "extra": dumps(rest) if rest else None}
    if not info:
        yield {**base, "metric": None}
        return
    for metric, value in info.items():
        for key, number, value_json in [(None, None, "null")] if value is None \
                else metric_rows(value):
            yield {**base, "metric": str(metric), "key": key, "value": number,
                   "value_json": value_json}


def report_items_wide(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (report_id, batch_id), one column per "metric/key" (a keyless metric: "metric").

    Cells are the numbers, or the decoded ``value_json`` of non-numbers; missing cells NaN.

    >>> item = {"content": {"batch_id": "b", "report_info": {"gender_count": {"female": 1}}}}
    >>> from deepva_frames.flatten import report_items
    >>> report_items_wide(report_items(item, report_id="r")).columns.tolist()
    ['report_id', 'batch_id', 'gender_count/female']
    """
    cells: dict[tuple[Any, Any], dict[str, Any]] = {}
    for rid, bid, metric, key, value, value_json in zip(
            *(df[c].astype(object).where(df[c].notna(), None) for c in
              ("report_id", "batch_id", "metric", "key", "value", "value_json")), strict=True):
        row = cells.setdefault((rid, bid), {"report_id": rid, "batch_id": bid})
        if metric is None:
            continue
        column = metric if key is None else f"{metric}/{key}"
        row[column] = value if value is not None else (
            None if value_json is None else json.loads(value_json))
    return pd.DataFrame(list(cells.values()), columns=_wide_columns(cells))


def _wide_columns(cells: Mapping[Any, Mapping[str, Any]]) -> list[str]:
    columns = {"report_id": None, "batch_id": None}
    for row in cells.values():
        columns.update(dict.fromkeys(row))
    return list(columns)


BUILDS = {"batches": Builder(lambda payload, given: _batches(payload, given.get("ancestors")),
                       ("ancestors",)),
          "report_items": rows_build("report_items", _item_rows)}
