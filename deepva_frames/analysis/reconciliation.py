"""Computed figures against reported ones: where the summary and the detail disagree.

>>> computed = pd.DataFrame({"metric": "gender_screen_time", "key": ["female", "male"],
...                          "value": [11.04, 9.6]})
>>> reported = pd.DataFrame({"job_id": "j", "type": "gender_screen_time",
...                          "key": ["female", "male"], "value": [11.04, 9.0]})
>>> reconcile(computed, reported)[["key", "difference", "agrees"]]
      key  difference  agrees
0  female         0.0    True
1    male         0.6   False
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._common import order_metric_keys

__all__ = ["reconcile"]

_SCOPES = ("job_id", "batch_id", "source")
COLUMNS = ["metric", "key", "computed", "reported", "difference", "relative_difference",
           "agrees"]


def _tidy(table: pd.DataFrame, what: str) -> pd.DataFrame:
    """``metric, key, value`` of a metric table (``type`` is read as ``metric``)."""
    if "metric" not in table.columns and "type" in table.columns:
        table = table.rename(columns={"type": "metric"})
    missing = [c for c in ("metric", "key", "value") if c not in table.columns]
    if missing:
        raise KeyError(f"{what} has no column {', '.join(map(repr, missing))}")
    for scope in _SCOPES:
        if scope in table.columns and table[scope].nunique(dropna=True) > 1:
            ids = ", ".join(map(str, table[scope].dropna().unique()[:5]))
            raise ValueError(f"{what} holds several {scope}s ({ids}); reconcile one job or "
                             f"one batch at a time")
    out = pd.DataFrame({"metric": table["metric"].astype("object"),
                        "key": table["key"].astype("object"),
                        "value": pd.to_numeric(table["value"], errors="coerce")})
    doubled = out.duplicated(["metric", "key"], keep=False)
    if doubled.any():
        first = out[doubled].iloc[0]
        raise ValueError(f"{what} has several rows for metric {first['metric']!r}, key "
                         f"{first['key']!r}; pass the rows of one job or one batch")
    return out


def _relative(difference: pd.Series, reported: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = difference / reported.abs()
    both_zero = (reported == 0) & (difference == 0)
    return relative.where(reported != 0, np.nan).mask(both_zero, 0.0)


def reconcile(computed: pd.DataFrame, reported: pd.DataFrame, *, atol: float = 0.01,
              rtol: float = 0.0, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (metric, key): ``metric, key, computed, reported, difference,
    relative_difference, agrees``.

    ``computed``: a metric table (``metric, key, value``), e.g. from
    :func:`~deepva_frames.analysis.diversity_metrics` of a job's segments, or of the
    segments of every job of a batch and its sub-batches. ``reported``: the
    ``summarized_results`` of that job (its ``type`` is the metric) or the
    ``report_items`` rows of that batch; one job or batch at a time (ValueError
    otherwise). Only the metrics ``computed`` holds are compared, unless ``metrics=``
    names them.

    ``difference`` is computed minus reported; ``relative_difference`` is the
    difference over the reported value (0 when both are 0, NaN when only the
    reported value is 0). A key on one side only has NaN on the other. ``agrees`` is
    ``|difference| <= atol + rtol * |reported|``; the default ``atol=0.01`` allows for
    the API rounding its seconds to hundredths. Rows come in ``computed``'s order,
    then reported-only keys; the keys of age metrics in age order.

    >>> computed = pd.DataFrame({"metric": "age_count", "key": ["30-40"], "value": [2.0]})
    >>> reported = pd.DataFrame({"batch_id": "b", "metric": "age_count",
    ...                          "key": ["20-30"], "value": [1.0]})
    >>> reconcile(computed, reported)[["key", "computed", "reported", "agrees"]]
         key  computed  reported  agrees
    0  20-30       NaN       1.0   False
    1  30-40       2.0       NaN   False
    """
    mine, theirs = _tidy(computed, "computed"), _tidy(reported, "reported")
    wanted = list(dict.fromkeys(mine["metric"])) if metrics is None else list(metrics)
    mine = mine[mine["metric"].isin(wanted)].assign(_mine=lambda t: range(len(t)))
    theirs = theirs[theirs["metric"].isin(wanted)].assign(_theirs=lambda t: range(len(t)))
    table = mine.merge(theirs, on=["metric", "key"], how="outer",
                       suffixes=("_computed", "_reported"))
    table = table.rename(columns={"value_computed": "computed", "value_reported": "reported"})
    table["difference"] = table["computed"] - table["reported"]
    table["relative_difference"] = _relative(table["difference"], table["reported"])
    limit = atol + rtol * table["reported"].abs()
    table["agrees"] = (table["difference"].abs() <= limit).fillna(False).astype(bool)
    table["_rank"] = table["metric"].map({metric: rank for rank, metric in enumerate(wanted)})
    table["_order"] = table["_mine"].fillna(len(mine) + table["_theirs"])
    table = table.sort_values(["_rank", "_order"], kind="stable", ignore_index=True)
    return order_metric_keys(table[COLUMNS])
