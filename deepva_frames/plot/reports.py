"""One metric of a report across its batches.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt, pandas as pd
>>> m = pd.DataFrame({"batch_id": ["b1", "b1", "b2"], "name": ["Mon", "Mon", "Tue"],
...     "metric": "gender_count", "key": ["female", "male", "female"], "value": [1., 2., 4.]})
>>> ax = report_comparison(m, "gender_count")
>>> [t.get_text() for t in ax.get_xticklabels()], [float(p.get_height()) for p in ax.patches]
(['Mon', 'Tue'], [1.0, 4.0, 2.0, 0.0])
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..palette import colors_for
from ._style import finish, format_duration, new_axes, style, time_axis
from ._tables import bucket_order, pretty, wrap

__all__ = ["report_comparison"]


def _ylabel(metric: str) -> str:
    if metric.endswith("_count"):
        return "Persons"
    if metric.endswith("speech_time"):
        return "Speech time (m:ss)"
    return "Screen time (m:ss)" if metric.endswith("_time") else pretty(metric)


_TITLES = {"gender_count": "Persons per gender", "age_count": "Persons per age group",
           "person_screen_time": "Screen time per person",
           "gender_screen_time": "Screen time per gender",
           "age_screen_time": "Screen time per age group",
           "gender_speech_time": "Speech time per gender",
           "age_speech_time": "Speech time per age group",
           "name_to_speech_time": "Speech time per person"}


def _legend_title(metric: str) -> str:
    head = metric.split("_")[0]
    return {"name": "Person", "person": "Person"}.get(head, pretty(head))


def _totals(rows: pd.DataFrame) -> set[str]:
    """Batches drawn beside batches below them: their bars are those batches' total."""
    if "parent_id" not in rows.columns:
        return set()
    shown = set(rows["batch_id"].astype(str))
    parents = rows.drop_duplicates("batch_id")["parent_id"].dropna().astype(str)
    return {p for p in parents if p in shown}


def _wide(metrics: pd.DataFrame, metric: str, label: str) -> tuple[pd.DataFrame, list[bool]]:
    """Batches by keys (totals last, keys in group order) and which rows are totals."""
    rows = metrics[metrics["metric"].astype(str) == metric]
    if rows.empty:
        raise ValueError(f"no rows of metric {metric!r}; metrics: "
                         f"{', '.join(sorted(map(str, metrics['metric'].unique())))}")
    label = label if label in rows.columns else "batch_id"
    rows = rows.drop_duplicates(["batch_id", "key"])
    firsts = rows.drop_duplicates("batch_id")
    names = dict(zip(firsts["batch_id"], firsts[label].astype(str), strict=True))
    wide = rows.pivot_table(index="batch_id", columns="key", values="value",
                            aggfunc="first", sort=False, observed=True).fillna(0.0)
    totals = _totals(rows)
    wide = wide.loc[sorted(wide.index, key=lambda b: str(b) in totals)]
    is_total = [str(b) in totals for b in wide.index]
    wide.index = [names[b] + ("\n(total)" if t else "") for b, t in zip(
        wide.index, is_total, strict=True)]
    return wide[sorted(wide.columns, key=lambda k: bucket_order(k, metric))], is_total


def report_comparison(metrics: pd.DataFrame, metric: str = "gender_screen_time", *,
                      ax: Axes | None = None, label: str = "name",
                      title: str | None = None) -> Axes:
    """Grouped bars of ``metric`` per batch: one group per batch, one bar per key.

    ``metrics``: :func:`deepva_frames.analysis.report_metrics` (with ``batches`` for
    names) or ``report_items``; ``label`` names the column naming a batch (default
    ``name``, else the batch id). Batches come in the table's order, keys sorted (age
    groups by age); a batch listed in several reports is taken from the first. A key a
    batch lacks is drawn as 0. A parent batch drawn beside its sub-batches (known from
    ``parent_id``, which :func:`~deepva_frames.analysis.report_metrics` adds from
    ``batches``) comes last, after a dotted line, with dotted bars and "(total)" under
    its name: its figures sum its sub-batches' (and its own jobs'). Seconds are
    labelled ``m:ss``, counts as numbers; the legend sits outside the plot.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> m = pd.DataFrame({"batch_id": ["b1"], "metric": "gender_screen_time",
    ...                   "key": ["female"], "value": [95.0]})
    >>> ax = report_comparison(m)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.texts]
    ('Screen time (m:ss)', ['1:35'])
    >>> plt.close(ax.figure)
    """
    wide, is_total = _wide(metrics, metric, label)
    keys = list(wide.columns)
    values = wide.to_numpy(dtype=float)
    is_time = metric.endswith("_time")
    width = 0.8 / max(1, len(keys))
    with style():
        ax = new_axes(ax, (max(5.5, 0.35 * len(wide) * max(1, len(keys)) + 3.5), 4.2))
        x = np.arange(len(wide))
        largest = float(values.max(initial=0.0)) or 1.0
        if is_time:
            time_axis(ax, "y", largest)
        hatches = ["..." if total else None for total in is_total]
        for i, (key, color) in enumerate(zip(keys, colors_for(keys, metric), strict=True)):
            offset = (i - (len(keys) - 1) / 2) * width
            bars = ax.bar(x + offset, values[:, i], width=width * 0.92, color=color,
                          label=str(key), edgecolor="white", linewidth=0.5)
            for bar, hatch in zip(bars, hatches, strict=True):
                bar.set_hatch(hatch)
            for xi, v in zip(x + offset, values[:, i], strict=True):
                text = format_duration(v) if is_time else f"{v:g}"
                ax.text(xi, v, text, ha="center", va="bottom", fontsize=8)
        if any(is_total) and not all(is_total):
            ax.axvline(is_total.index(True) - 0.5, color="#777777", linestyle=":",
                       linewidth=1.0)
        ax.set_xticks(x, ["\n".join(wrap(part) for part in name.split("\n"))
                          for name in wide.index])
        ax.set_ylim(0, largest * 1.15)
        ax.legend(title=_legend_title(metric), loc="upper left", bbox_to_anchor=(1.01, 1.0))
        finish(ax, title=title or f"{_TITLES.get(metric, pretty(metric))} by batch", xlabel="Batch",
               ylabel=_ylabel(metric), grid="y")
    return ax
