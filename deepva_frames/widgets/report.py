"""The report dashboard: one metric of a diversity report across chosen batches.

>>> import pandas as pd
>>> items = pd.DataFrame({"report_id": "r", "batch_id": ["b1", "b1", "b2", "b2"],
...     "metric": ["gender_count", "gender_screen_time"] * 2, "key": "female",
...     "value": [1.0, 95.0, 2.0, 40.0]})
>>> d = report_dashboard(items)
>>> d.metric.options, d.batch_filter.value
(('gender_count', 'gender_screen_time'), ('b1', 'b2'))
>>> before = d.chart.value
>>> d.metric.value = "gender_screen_time"
>>> d.chart.value != before, d.shown.to_dict()
(True, {'female': {'b1': 95.0, 'b2': 40.0}})
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from ..analysis.reports import report_metrics
from ..plot import format_duration, report_comparison
from ._base import Explorer
from ._render import chart_layout, figure_png, html_table, message, new_figure

__all__ = ["ReportDashboard", "report_dashboard"]


def _batch_choices(metrics: pd.DataFrame) -> list[tuple[str, str]]:
    firsts = metrics.drop_duplicates("batch_id")
    names = firsts["name"] if "name" in firsts.columns else firsts["batch_id"]
    labels = names.astype(object).where(names.notna(), firsts["batch_id"]).astype(str)
    return list(zip(labels, firsts["batch_id"].astype(str), strict=True))


def _formatted(wide: pd.DataFrame, metric: str) -> pd.DataFrame:
    def cell(value: float) -> str:
        if pd.isna(value):
            return ""
        return format_duration(value) if metric.endswith("_time") else f"{value:g}"

    return wide.apply(lambda column: column.map(cell)).reset_index(names="batch")


class ReportDashboard(Explorer):
    """A diversity report's metric per batch (see :func:`report_dashboard`).

    Child widgets: ``metric`` (Dropdown), ``batch_filter`` (SelectMultiple of batch ids,
    labelled with the batch names when known; all at first), ``chart`` (Image, PNG of
    :func:`deepva_frames.plot.report_comparison`) and ``table`` (HTML: batches by keys).
    ``shown`` is the table as numbers (index: batch ids, columns: keys).

    >>> items = pd.DataFrame({"batch_id": ["b1"], "metric": "age_count", "key": "30-40",
    ...                       "value": [3.0]})
    >>> d = ReportDashboard(items)
    >>> d.batch_filter.value = ()
    >>> d.shown.empty, "choose" in d.table.value
    (True, True)
    """

    def __init__(self, report_items: pd.DataFrame, batches: pd.DataFrame | None = None, *,
                 metric: str | None = None):
        self.metrics = report_metrics(report_items, batches)
        names = list(dict.fromkeys(self.metrics["metric"].astype(str)))
        if not names:
            raise ValueError("the report has no numeric items to show")
        self.metric = w.Dropdown(options=names, value=metric if metric in names else names[0],
                                 description="metric")
        choices = _batch_choices(self.metrics)
        self.batch_filter = w.SelectMultiple(options=choices, value=tuple(v for _, v in choices),
                                             rows=min(8, max(2, len(choices))),
                                             description="batches")
        self.chart = w.Image(format="png")
        self.table = w.HTML()
        self.shown = pd.DataFrame()
        self.widget = w.VBox([w.HBox([self.metric, self.batch_filter]), self.chart, self.table])
        self.update()
        self.metric.observe(lambda _: self.update(), "value")
        self.batch_filter.observe(lambda _: self.update(), "value")

    def selection(self) -> pd.DataFrame:
        """The rows of the chosen metric and batches (tidy: batch_id, name, key, value, ...).

        >>> items = pd.DataFrame({"batch_id": ["b1", "b2"], "metric": "age_count",
        ...                       "key": "30-40", "value": [3.0, 4.0]})
        >>> d = ReportDashboard(items)
        >>> d.batch_filter.value = ("b2",)
        >>> d.selection()["value"].tolist()
        [4.0]
        """
        rows = self.metrics[(self.metrics["metric"].astype(str) == self.metric.value)
                            & self.metrics["batch_id"].astype(str).isin(self.batch_filter.value)]
        return rows.reset_index(drop=True)

    def update(self) -> None:
        """Redraw the chart and the table for the chosen metric and batches."""
        rows, metric = self.selection(), self.metric.value
        if rows.empty:
            self.shown = pd.DataFrame()
            self.chart.value = self._placeholder()
            self.table.value = message("choose at least one batch")
            return
        self.shown = self._wide(rows)
        self.chart.value = self._chart(rows, metric)
        labels = dict((v, k) for k, v in self.batch_filter.options)
        table = self.shown.rename(index=labels)
        self.table.value = html_table(_formatted(table, metric))

    @staticmethod
    def _wide(rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows.drop_duplicates(["batch_id", "key"])
        wide = rows.pivot_table(index="batch_id", columns="key", values="value",
                                aggfunc="first", sort=False, observed=True)
        wide.columns = [str(c) for c in wide.columns]
        return wide.rename_axis(index=None)

    def _chart(self, rows: pd.DataFrame, metric: str) -> bytes:
        n_keys = max(1, rows["key"].nunique())
        width = max(5.5, 0.35 * rows["batch_id"].nunique() * n_keys + 3.5)
        figure = new_figure((width, 4.2))
        report_comparison(rows, metric, ax=figure.add_subplot())
        chart_layout(figure, self.chart.layout)
        return figure_png(figure)

    def _placeholder(self) -> bytes:
        figure = new_figure((5.5, 1.0))
        figure.text(0.5, 0.5, "no batch chosen", ha="center", va="center", color="#777777")
        chart_layout(figure, self.chart.layout)
        return figure_png(figure)


def report_dashboard(report_items: pd.DataFrame, batches: pd.DataFrame | None = None, *,
                     metric: str | None = None) -> ReportDashboard:
    """A dashboard of ``report_items``: choose a metric and batches; chart and table follow.

    ``report_items``: the tidy report items (``Client.report_items``; several reports
    may be concatenated: a batch in several is shown from the first). ``batches``: the
    batches table, to label batches by name. ``metric``: the one shown first (default
    the first of the report).

    >>> import deepva_frames as dvf
    >>> c = dvf.sample_client()
    >>> report = c.reports()["report_id"].iloc[0]
    >>> d = report_dashboard(c.report_items(report), c.batches(), metric="age_count")
    >>> [label for label, _ in d.batch_filter.options]
    ['Monday', 'Tuesday', 'Evening News — week 41']
    """
    return ReportDashboard(report_items, batches, metric=metric)
