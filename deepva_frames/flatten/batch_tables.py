"""Batches (with depth and path from the parent chain), reports and report items.

>>> page = {"total": 2, "offset": 0, "data": [
...     {"id": "m", "name": "Monday", "parent": "t"},
...     {"id": "t", "name": "top-level", "parent": None}]}
>>> batches(page)[["batch_id", "depth", "path"]].values.tolist()
[['m', 1, 'top-level/Monday'], ['t', 0, 'top-level']]
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import to_pandas
from ._convert import dumps, metric_rows, payload_error
from ._records import Row, Spec, collect, collect_spec, convert_values, split

__all__ = ["batches", "batches_arrow", "report_items", "report_items_arrow",
           "report_items_wide", "reports", "reports_arrow"]

BATCHES = Spec("batches", {
    "batch_id": ("id",), "name": ("name",), "description": ("description",),
    "parent_id": ("parent",), "time_created": ("time_created",),
    "time_updated": ("time_updated",),
}, required=("batch_id",))

REPORTS = Spec("reports", {
    "report_id": ("id",), "title": ("title",), "type": ("type",), "state": ("state",),
    "time_created": ("time_created",), "error_msg": ("error_msg",),
}, required=("report_id",), context=("batch_id",))

REPORT_ITEMS = Spec("report_items", {"batch_id": ("content", "batch_id")},
                    required=("batch_id",), context=("report_id",))


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


def batches_arrow(payload: Any, *, ancestors: Any = None) -> pa.Table:
    """The batches table as Arrow (see :func:`batches`).

    >>> batches_arrow([]).num_rows
    0
    """
    table = _batches_plain(payload)
    depth, path = _chains(table, _known(table, ancestors))
    table = table.set_column(table.schema.get_field_index("depth"), table.schema.field("depth"),
                             pa.array(depth, pa.int64()))
    return table.set_column(table.schema.get_field_index("path"), table.schema.field("path"),
                            pa.array(path, pa.string()))


def batches(payload: Any, *, ancestors: Any = None) -> pd.DataFrame:
    """One row per batch, with ``depth`` (0 at the top) and ``path`` ("top-level/Monday").

    The chain is followed through the payload's own batches and ``ancestors`` (a
    batches DataFrame or payload, e.g. the full ``/batches/`` listing when flattening
    sub-batches); where it leaves both, depth and path are null. A batch without a name
    appears in paths by its id. A loop in the chain raises PayloadError.

    >>> sub = {"id": "m", "name": "Monday", "parent": "t"}
    >>> batches(sub).loc[0, "path"] is pd.NA or pd.isna(batches(sub).loc[0, "path"])
    True
    >>> batches(sub, ancestors=[{"id": "t", "name": "top", "parent": None}]).loc[0, "path"]
    'top/Monday'
    """
    return to_pandas(batches_arrow(payload, ancestors=ancestors))


def reports_arrow(payload: Any, *, batch_id: str | None = None) -> pa.Table:
    """The reports table as Arrow (see :func:`reports`).

    >>> reports_arrow([]).num_rows
    0
    """
    return collect_spec(REPORTS, payload, {"batch_id": batch_id})


def reports(payload: Any, *, batch_id: str | None = None) -> pd.DataFrame:
    """One row per report; ``batch_id`` names the batch of ``POST /batches/<id>/report/``.

    >>> reports({"id": "r", "title": "Report", "type": "diversity", "state": "waiting",
    ...          "error_msg": None}).loc[0, ["report_id", "state"]].tolist()
    ['r', 'waiting']
    """
    return to_pandas(reports_arrow(payload, batch_id=batch_id))


def _item_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    paths = {**REPORT_ITEMS.keys, "report_info": ("content", "report_info")}
    values, rest = split(REPORT_ITEMS.table, record, paths, record, index)
    row = convert_values(REPORT_ITEMS, values, record, index)
    info = values["report_info"]
    if info is not None and not isinstance(info, Mapping):
        raise payload_error(REPORT_ITEMS.table, "expected an object", index, record,
                            "content.report_info")
    base = {**row, "report_id": context.get("report_id"), "extra": dumps(rest) if rest else None}
    if not info:
        yield {**base, "metric": None}
        return
    for metric, value in info.items():
        for key, number, value_json in [(None, None, "null")] if value is None \
                else metric_rows(value):
            yield {**base, "metric": str(metric), "key": key, "value": number,
                   "value_json": value_json}


def report_items_arrow(payload: Any, *, report_id: str | None = None) -> pa.Table:
    """The report_items table as Arrow (see :func:`report_items`).

    >>> report_items_arrow([]).num_rows
    0
    """
    return collect(REPORT_ITEMS.table, payload, {"report_id": report_id}, _item_rows)


def report_items(payload: Any, *, report_id: str | None = None) -> pd.DataFrame:
    """One row per metric and key of each item's ``report_info`` (long form).

    A metric that is an empty object gives one row with a null key; a metric that is
    a plain value gives one row with a null key holding it (null: ``value_json``
    "null"); an item with an empty report_info gives one row with a null metric.

    >>> item = {"content": {"batch_id": "b", "report_info": {
    ...     "gender_screen_time": {"female": 19.14, "male": 33.0}}}}
    >>> report_items(item, report_id="r")[["metric", "key", "value"]].values.tolist()
    [['gender_screen_time', 'female', 19.14], ['gender_screen_time', 'male', 33.0]]
    """
    return to_pandas(report_items_arrow(payload, report_id=report_id))


def report_items_wide(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (report_id, batch_id), one column per "metric/key" (a keyless metric: "metric").

    Cells are the numbers, or the decoded ``value_json`` of non-numbers; missing cells NaN.

    >>> item = {"content": {"batch_id": "b", "report_info": {"gender_count": {"female": 1}}}}
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
