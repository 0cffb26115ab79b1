"""Report metrics in tidy form, sub-batch totals against their parent, jobs of a batch.

A report holds one item per batch it covers (the batch and its sub-batches); each item's
figures sum over the jobs of that batch and of all batches below it.

>>> items = pd.DataFrame({"report_id": "r", "batch_id": ["top", "mon", "tue"],
...     "metric": "gender_count", "key": "female", "value": [6.0, 2.0, 4.0]})
>>> batches = pd.DataFrame({"batch_id": ["top", "mon", "tue"], "name": ["Week", "Mon", "Tue"],
...                         "parent_id": [None, "top", "top"]})
>>> sub_batch_totals(items, batches)[["batch_id", "reported", "sub_batches", "matches"]]
  batch_id  reported  sub_batches  matches
0      top       6.0          6.0     True
"""

from __future__ import annotations

import pandas as pd

from ._common import order_metric_keys, require

__all__ = ["batch_job_ids", "report_metrics", "sub_batch_totals"]

_BATCH_COLUMNS = ["name", "path", "parent_id", "depth"]


def _unit(metric: str) -> str | None:
    if metric.endswith("_count"):
        return "persons"
    return "s" if metric.endswith("_time") else None


def report_metrics(report_items: pd.DataFrame, batches: pd.DataFrame | None = None
                   ) -> pd.DataFrame:
    """Report items as tidy numbers: ``report_id, batch_id, [name, path, parent_id,
    depth,] metric, key, value, unit``.

    With ``batches`` (the batches table) each row gets its batch's name, path, parent and
    depth. ``unit`` is "s" for ``*_time`` metrics and "persons" for ``*_count`` ones.
    Rows whose value is not a number are dropped; age groups come in age order within
    each batch's metric.

    >>> items = pd.DataFrame({"report_id": "r", "batch_id": "b", "metric": [
    ...     "gender_count", "gender_screen_time"], "key": "female", "value": [1.0, 8.64]})
    >>> report_metrics(items)[["metric", "value", "unit"]].values.tolist()
    [['gender_count', 1.0, 'persons'], ['gender_screen_time', 8.64, 's']]
    """
    require(report_items, ["batch_id", "metric", "key", "value"], "report_items")
    keep = [c for c in ("report_id", "batch_id") if c in report_items.columns]
    table = report_items[report_items["value"].notna()][[*keep, "metric", "key", "value"]]
    table = table.reset_index(drop=True)
    if batches is not None:
        extra = [c for c in _BATCH_COLUMNS if c in batches.columns]
        info = batches.drop_duplicates("batch_id")[["batch_id", *extra]]
        table = table.merge(info, on="batch_id", how="left")
        table = table[[*keep, *extra, "metric", "key", "value"]]
    table["unit"] = [_unit(str(m)) for m in table["metric"]]
    return order_metric_keys(table, ["report_id", "batch_id", "metric"])


def _children(batches: pd.DataFrame) -> dict[str, list[str]]:
    require(batches, ["batch_id", "parent_id"], "batches")
    out: dict[str, list[str]] = {}
    for batch_id, parent in zip(batches["batch_id"], batches["parent_id"], strict=True):
        if isinstance(parent, str):
            out.setdefault(parent, []).append(batch_id)
    return out


def _check_one(report: pd.DataFrame, parent: str, children: list[str]) -> pd.DataFrame:
    keys = ["metric", "key"]
    values = report[["batch_id", *keys, "value"]].assign(metric=report["metric"].astype(str))
    mine = values[values["batch_id"] == parent].drop(columns="batch_id")
    below = values[values["batch_id"].isin(children)]
    summed = below.groupby(keys, sort=False)["value"].sum().rename("sub_batches")
    table = mine.rename(columns={"value": "reported"}).merge(
        summed.reset_index(), on=keys, how="outer", sort=False)
    table[["reported", "sub_batches"]] = table[["reported", "sub_batches"]].fillna(0.0)
    return table.assign(batch_id=parent, n_sub_batches=below["batch_id"].nunique())


def sub_batch_totals(report_items: pd.DataFrame, batches: pd.DataFrame, *,
                     rounding: float = 0.01) -> pd.DataFrame:
    """Each parent batch's reported figures against the sum of its sub-batches' rows.

    For every report and every batch of it whose direct sub-batches (from ``batches``)
    also have items in the report: ``report_id, batch_id, metric, key, reported,
    sub_batches, difference, n_sub_batches, matches, consistent``. A key missing on
    one side counts as 0 there. ``difference`` (reported minus the sub-batches' sum) is
    the part of the parent's own jobs; ``matches`` says it is zero within the API's
    rounding (``rounding / 2`` per figure summed), ``consistent`` that it is not
    negative beyond it (a parent never holds less than its sub-batches).

    >>> items = pd.DataFrame({"report_id": "r", "batch_id": ["top", "mon"],
    ...     "metric": "age_count", "key": "30-40", "value": [1.0, 2.0]})
    >>> batches = pd.DataFrame({"batch_id": ["top", "mon"], "parent_id": [None, "top"]})
    >>> sub_batch_totals(items, batches)[["difference", "matches", "consistent"]]
       difference  matches  consistent
    0        -1.0    False       False
    """
    require(report_items, ["batch_id", "metric", "key", "value"], "report_items")
    children = _children(batches)
    items = report_items if "report_id" in report_items.columns else report_items.assign(
        report_id=None)
    parts = []
    for report_id, report in items.groupby("report_id", sort=False, dropna=False):
        present = set(report["batch_id"])
        for parent in dict.fromkeys(report["batch_id"]):
            below = [c for c in children.get(parent, []) if c in present]
            if below:
                parts.append(_check_one(report, parent, below).assign(report_id=report_id))
    columns = ["report_id", "batch_id", "metric", "key", "reported", "sub_batches",
               "difference", "n_sub_batches", "matches", "consistent"]
    if not parts:
        return pd.DataFrame(columns=columns)
    table = pd.concat(parts, ignore_index=True)
    table["difference"] = table["reported"] - table["sub_batches"]
    tolerance = rounding / 2 * (table["n_sub_batches"] + 1) + 1e-9
    table["matches"] = table["difference"].abs() <= tolerance
    table["consistent"] = table["difference"] >= -tolerance
    return table[columns]


def batch_job_ids(batch_id: str, batches: pd.DataFrame, jobs: pd.DataFrame) -> list[str]:
    """Ids of the jobs of ``batch_id`` and of every batch below it (the jobs its report
    item sums over).

    ``jobs``: jobs tables of batch listings, with their ``batch_id`` column (e.g.
    ``flatten.jobs`` of each ``batches/<id>/jobs`` listing, concatenated).

    >>> batches = pd.DataFrame({"batch_id": ["top", "mon"], "parent_id": [None, "top"]})
    >>> jobs = pd.DataFrame({"job_id": ["a", "b"], "batch_id": ["top", "mon"]})
    >>> batch_job_ids("top", batches, jobs), batch_job_ids("mon", batches, jobs)
    (['a', 'b'], ['b'])
    """
    require(jobs, ["job_id", "batch_id"], "jobs")
    children = _children(batches)
    todo, seen = [batch_id], []
    while todo:
        current = todo.pop(0)
        if current not in seen:
            seen.append(current)
            todo.extend(children.get(current, []))
    chosen = jobs[jobs["batch_id"].isin(seen)]
    return list(dict.fromkeys(chosen["job_id"]))
