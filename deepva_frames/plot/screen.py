"""Screen-time bars and speech against screen time.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt, pandas as pd
>>> table = pd.DataFrame({"person": ["Ann", "Bo"], "seconds": [75.0, 30.0],
...                       "share": [0.5, 0.2]})
>>> ax = screen_time(table)
>>> [float(p.get_width()) for p in ax.patches], [t.get_text() for t in ax.get_yticklabels()]
([75.0, 30.0], ['Ann', 'Bo'])
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..palette import OKABE_ITO, colors_for
from ._style import finish, format_duration, new_axes, style, time_axis
from ._tables import bucket_order, label_columns, pretty, row_labels

__all__ = ["screen_time", "speech_vs_screen"]


def _bar_text(seconds: float, share: float | None, precise: bool) -> str:
    text = format_duration(seconds, precise)
    return text if share is None or pd.isna(share) else f"{text}  ({share:.0%})"


def screen_time(table: pd.DataFrame, *, ax: Axes | None = None, top: int | None = None,
                title: str = "Screen time", color_by: str | None = None) -> Axes:
    """Horizontal bars of ``table["seconds"]``, longest on top, labelled ``m:ss (share)``.

    ``table``: a :func:`deepva_frames.analysis.screen_time` result; each row is a bar
    named by its non-numeric columns (e.g. ``person``, or ``job_id · person``). ``top``
    keeps the longest rows. Colours (:mod:`deepva_frames.palette`) follow ``color_by``, a
    column (default: the last label column, e.g. ``person`` or ``gender``).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> t = pd.DataFrame({"gender": ["male", "female"], "seconds": [9.6, 11.04]})
    >>> ax = screen_time(t)
    >>> [t.get_text() for t in ax.texts]
    ['0:11.0', '0:09.6']
    >>> plt.close(ax.figure)
    """
    columns = label_columns(table)
    rows = table.sort_values("seconds", ascending=False, kind="stable")
    rows = rows.head(top) if top else rows
    labels = row_labels(rows, columns)
    color_by = color_by or (columns[-1] if columns else None)
    keys = row_labels(rows, [color_by]) if color_by else labels
    seconds = rows["seconds"].to_numpy(dtype=float)
    shares = rows["share"].tolist() if "share" in rows.columns else [None] * len(rows)
    with style():
        ax = new_axes(ax, (7.5, max(2.4, 0.42 * len(rows) + 1.3)))
        positions = np.arange(len(rows))
        ax.barh(positions, seconds, height=0.65, color=colors_for(keys, color_by))
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        largest = float(seconds.max()) if len(seconds) else 1.0
        precise = time_axis(ax, "x", largest)
        for y, (value, share) in enumerate(zip(seconds, shares, strict=True)):
            ax.text(value + largest * 0.01, y, _bar_text(value, share, precise),
                    va="center", ha="left", fontsize=9)
        ax.set_xlim(0, largest * 1.25 or 1.0)
        finish(ax, title=title, xlabel="Screen time (m:ss)",
               ylabel=" · ".join(pretty(c) for c in columns), grid="x")
    return ax


def speech_vs_screen(table: pd.DataFrame, *, ax: Axes | None = None,
                     title: str | None = None) -> Axes:
    """Paired bars per group: screen time and the part of it with speech.

    ``table``: a :func:`deepva_frames.analysis.speech_vs_screen` result (columns
    ``screen_seconds``, ``speech_seconds`` and the group column(s)). Bars are grouped on
    the x axis in the table's order (age groups in age order); speech bars are labelled
    with their share of the screen time. The legend sits outside the plotting area.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> t = pd.DataFrame({"gender": ["female", "male"], "screen_seconds": [60.0, 40.0],
    ...                   "speech_seconds": [30.0, 10.0], "speech_share": [0.5, 0.25]})
    >>> ax = speech_vs_screen(t)
    >>> [float(p.get_height()) for p in ax.patches]
    [60.0, 40.0, 30.0, 10.0]
    >>> plt.close(ax.figure)
    """
    columns = label_columns(table)
    if columns and columns[-1] == "age":
        keys = [bucket_order(v) for v in row_labels(table, ["age"])]
        table = table.iloc[sorted(range(len(table)), key=keys.__getitem__)]
    labels = row_labels(table, columns)
    group = " · ".join(pretty(c) for c in columns)
    title = title or f"Speech against screen time by {group.lower() or 'group'}"
    screen = table["screen_seconds"].to_numpy(dtype=float)
    speech = table["speech_seconds"].to_numpy(dtype=float)
    with style():
        ax = new_axes(ax, (max(5.0, 1.3 * len(table) + 3.0), 4.2))
        x = np.arange(len(table))
        bars = ax.bar(x - 0.2, screen, width=0.4, color=OKABE_ITO["blue"], label="On screen")
        spoken = ax.bar(x + 0.2, speech, width=0.4, color=OKABE_ITO["orange"], label="Speaking")
        largest = float(max(screen.max(initial=0), speech.max(initial=0))) or 1.0
        precise = time_axis(ax, "y", largest)
        ax.bar_label(bars, [format_duration(v, precise) for v in screen], padding=2,
                     fontsize=8)
        shares = [f"{format_duration(v, precise)}\n({v / s:.0%})" if s else "0:00"
                  for v, s in zip(speech, screen, strict=True)]
        ax.bar_label(spoken, shares, padding=2, fontsize=8)
        ax.set_xticks(x, labels)
        ax.set_ylim(0, largest * 1.22)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        finish(ax, title=title, xlabel=group, ylabel="Time (m:ss)", grid="y")
    return ax
