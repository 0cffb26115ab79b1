"""Gender split and age distribution.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt, pandas as pd
>>> t = pd.DataFrame({"age": ["40-50", "20-30", None], "persons": [2, 3, 1]})
>>> ax = age_distribution(t)
>>> [t.get_text() for t in ax.get_xticklabels()], [float(p.get_height()) for p in ax.patches]
(['20-30', '40-50', 'unknown'], [3.0, 2.0, 1.0])
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..palette import colors_for
from ._style import finish, format_duration, new_axes, style, time_axis
from ._tables import bucket_order, label_columns, pretty, row_labels, value_column

__all__ = ["age_distribution", "gender_split"]

VALUES = ("persons", "seconds", "screen_seconds", "speech_seconds", "value")
_TIME_NAMES = {"seconds": "Screen time", "screen_seconds": "Screen time",
               "speech_seconds": "Speech time"}


def _is_time(column: str) -> bool:
    return column.endswith("seconds")


def _value_text(values: np.ndarray, column: str) -> list[str]:
    if _is_time(column):
        return [format_duration(v) for v in values]
    return [f"{v:g}" for v in values]


def _value_axis(ax: Axes, which: str, values: np.ndarray, column: str) -> str:
    """Axis label for ``column`` (and m:ss ticks for seconds)."""
    if _is_time(column):
        time_axis(ax, which, float(values.max(initial=0)) or 1.0)
        name = _TIME_NAMES.get(column, pretty(column.replace("seconds", "time")))
        return f"{name} (m:ss)"
    return "Persons" if column == "persons" else pretty(column)


def _grouped(table: pd.DataFrame, value: str) -> tuple[list[str], np.ndarray]:
    """Labels and summed values per label (a table split ``per`` job sums up)."""
    columns = [c for c in label_columns(table) if c not in ("job_id", "source")]
    labels = row_labels(table, columns[:1])
    sums = pd.Series(table[value].to_numpy(dtype=float)).groupby(labels, sort=False).sum()
    return list(sums.index), sums.to_numpy()


def _share_of(column: str) -> str:
    """What the bars' percentages are a share of: the total drawn of ``column``."""
    if column == "persons":
        return "of the faces counted"
    return "of all screen time shown" if _is_time(column) else f"of the total {column}"


def gender_split(table: pd.DataFrame, *, value: str | None = None, ax: Axes | None = None,
                 title: str | None = None) -> Axes:
    """Bars per gender of a count or a time, each labelled with its share of the total.

    ``table``: one row per gender, from :func:`deepva_frames.analysis.person_counts`
    (``persons``) or :func:`~deepva_frames.analysis.screen_time` (``seconds``) with
    ``by="gender"``; ``value`` picks the column (default: the first of persons, seconds,
    screen_seconds, speech_seconds, value). Rows of the same gender (a table split per
    job) are summed. Percentages are of the total drawn (for seconds: a share of screen
    time, as ``share_of_screen``), whatever shares the table holds; the axis label says
    so.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> t = pd.DataFrame({"gender": ["female", "male"], "persons": [1, 3]})
    >>> ax = gender_split(t)
    >>> [t.get_text() for t in ax.texts]
    ['1 (25%)', '3 (75%)']
    >>> plt.close(ax.figure)
    """
    column = value_column(table, VALUES, value)
    labels, values = _grouped(table, column)
    total = values.sum()
    with style():
        ax = new_axes(ax, (max(4.0, 1.2 * len(labels) + 2.5), 4.0))
        x = np.arange(len(labels))
        ax.bar(x, values, width=0.6, color=colors_for(labels, "gender"))
        ylabel = _value_axis(ax, "y", values, column)
        texts = _value_text(values, column)
        for xi, v, text in zip(x, values, texts, strict=True):
            share = f" ({v / total:.0%})" if total else ""
            ax.text(float(xi), v, text + share, ha="center", va="bottom", fontsize=9)
        ax.set_xticks(x, labels)
        ax.set_ylim(0, (values.max(initial=0) or 1.0) * 1.15)
        default = "Persons by gender" if column == "persons" else "Screen time by gender"
        finish(ax, title=title or default, xlabel=f"Gender (% {_share_of(column)})",
               ylabel=ylabel, grid="y")
    return ax


def age_distribution(table: pd.DataFrame, *, value: str | None = None,
                     ax: Axes | None = None, title: str | None = None) -> Axes:
    """Bars per age group, in age order (null and non-numeric groups last).

    ``table``: one row per age group (column ``age``, or the first label column), from
    :func:`deepva_frames.analysis.person_counts` or
    :func:`~deepva_frames.analysis.screen_time` with ``by="age"``; ``value`` as in
    :func:`gender_split`.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> t = pd.DataFrame({"age": ["30-40", "20-30"], "seconds": [90.0, 30.0]})
    >>> ax = age_distribution(t)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.texts]
    ('Screen time (m:ss)', ['0:30', '1:30'])
    >>> plt.close(ax.figure)
    """
    column = value_column(table, VALUES, value)
    labels, values = _grouped(table, column)
    order = sorted(range(len(labels)), key=lambda i: bucket_order(labels[i], "age"))
    labels, values = [labels[i] for i in order], values[order]
    with style():
        ax = new_axes(ax, (max(4.5, 0.9 * len(labels) + 2.5), 4.0))
        x = np.arange(len(labels))
        ax.bar(x, values, width=0.7, color=colors_for(labels, "age"))
        ylabel = _value_axis(ax, "y", values, column)
        for xi, text, v in zip(x, _value_text(values, column), values, strict=True):
            ax.text(float(xi), v, text, ha="center", va="bottom", fontsize=9)
        ax.set_xticks(x, labels)
        ax.set_ylim(0, (values.max(initial=0) or 1.0) * 1.15)
        default = "Persons by age group" if column == "persons" else "Screen time by age group"
        finish(ax, title=title or default, xlabel="Age group (years)", ylabel=ylabel,
               grid="y")
    return ax
