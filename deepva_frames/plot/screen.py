"""Screen-time bars and speech against screen time.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt, pandas as pd
>>> table = pd.DataFrame({"person": ["Ann", "Bo"], "seconds": [75.0, 30.0],
...                       "share_of_screen": [0.5, 0.2]})
>>> ax = screen_time(table)
>>> [float(p.get_width()) for p in ax.patches], [t.get_text() for t in ax.get_yticklabels()]
([75.0, 30.0], ['Ann', 'Bo'])
>>> [t.get_text() for t in ax.texts]
['1:15  (50%)', '0:30  (20%)']
>>> plt.close(ax.figure)
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..palette import UNKNOWN_COLOR, colors_for
from ._style import finish, format_duration, new_axes, style, time_axis
from ._tables import label_columns, order_rows, pretty, row_labels

__all__ = ["SHARE_LABELS", "screen_time", "speech_vs_screen"]

Share = Literal["share_of_media", "share_of_screen"]
# What each share column is a share of, as charts say it.
SHARE_LABELS = {"share_of_media": "of the media's duration",
                "share_of_screen": "of all screen time shown"}


def _bar_text(seconds: float, share: float | None) -> str:
    text = format_duration(seconds)
    return text if share is None or pd.isna(share) else f"{text}  ({share:.0%})"


def pick_share(table: pd.DataFrame, share: Share | None) -> str | None:
    """The share column a chart labels bars with: ``share`` if given, else
    share_of_media where the table has it known, else share_of_screen (None if neither)."""
    if share is not None:
        if share not in SHARE_LABELS or share not in table.columns:
            raise ValueError(f"share= must be a column of the table among "
                             f"{', '.join(SHARE_LABELS)}, got {share!r}")
        return share
    for name in SHARE_LABELS:
        if name in table.columns and table[name].notna().any():
            return name
    return None


def screen_time(table: pd.DataFrame, *, ax: Axes | None = None, top: int | None = None,
                title: str = "Screen time", color_by: str | None = None,
                share: Share | None = None) -> Axes:
    """Horizontal bars of ``table["seconds"]``, longest on top, labelled ``m:ss (share)``.

    ``table``: a :func:`deepva_frames.analysis.screen_time` result; each row is a bar
    named by its non-numeric columns (e.g. ``person``, or ``job_id · person``). ``top``
    keeps the longest rows. ``share``: the share column the labels show (default
    share_of_media when known, else share_of_screen); the axis label says which.
    Colours (:mod:`deepva_frames.palette`) follow ``color_by``, a column (default: the
    last label column, e.g. ``person`` or ``gender``).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> t = pd.DataFrame({"gender": ["male", "female"], "seconds": [9.6, 11.04],
    ...                   "share_of_media": [0.2, 0.23]})
    >>> ax = screen_time(t)
    >>> [t.get_text() for t in ax.texts], ax.get_xlabel()
    (['0:11  (23%)', '0:09.6  (20%)'], "Screen time (m:ss; % of the media's duration)")
    >>> plt.close(ax.figure)
    """
    columns = label_columns(table)
    rows = table.sort_values("seconds", ascending=False, kind="stable")
    rows = rows.head(top) if top else rows
    labels = row_labels(rows, columns)
    color_by = color_by or (columns[-1] if columns else None)
    keys = row_labels(rows, [color_by]) if color_by else labels
    seconds = rows["seconds"].to_numpy(dtype=float)
    column = pick_share(rows, share)
    shares = rows[column].tolist() if column else [None] * len(rows)
    with style():
        ax = new_axes(ax, (7.5, max(2.4, 0.42 * len(rows) + 1.3)))
        positions = np.arange(len(rows))
        ax.barh(positions, seconds, height=0.65, color=colors_for(keys, color_by))
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        largest = float(seconds.max()) if len(seconds) else 1.0
        time_axis(ax, "x", largest)
        for y, (value, part) in enumerate(zip(seconds, shares, strict=True)):
            ax.text(value + largest * 0.01, y, _bar_text(value, part),
                    va="center", ha="left", fontsize=9)
        ax.set_xlim(0, largest * 1.3 or 1.0)
        unit = f"m:ss; % {SHARE_LABELS[column]}" if column else "m:ss"
        finish(ax, title=title, xlabel=f"Screen time ({unit})",
               ylabel=" · ".join(pretty(c) for c in columns), grid="x")
    return ax


def _legend(ax: Axes) -> None:
    handles = [Patch(facecolor=UNKNOWN_COLOR, label="On screen"),
               Patch(facecolor="white", edgecolor=UNKNOWN_COLOR, hatch="////",
                     label="Speaking")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def speech_vs_screen(table: pd.DataFrame, *, ax: Axes | None = None,
                     title: str | None = None) -> Axes:
    """Paired bars per group: screen time (solid) and the part of it with speech (hatched),
    both in the group's colour (genders keep their colours, age groups their ramp).

    ``table``: a :func:`deepva_frames.analysis.speech_vs_screen` result (columns
    ``screen_seconds``, ``speech_seconds`` and the group column(s)). Groups are in age
    order for age, else in the table's order. Speech bars are labelled with their share
    of the group's own screen time (``speech_share_of_own_screen``), as the legend says.

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> t = pd.DataFrame({"gender": ["female", "male"], "screen_seconds": [60.0, 40.0],
    ...                   "speech_seconds": [30.0, 10.0]})
    >>> ax = speech_vs_screen(t)
    >>> [float(p.get_height()) for p in ax.patches]
    [60.0, 40.0, 30.0, 10.0]
    >>> plt.close(ax.figure)
    """
    columns = label_columns(table)
    table = order_rows(table, columns[-1:]) if columns else table
    labels = row_labels(table, columns)
    colors = colors_for(row_labels(table, columns[-1:]), columns[-1]) if columns else None
    group = " · ".join(pretty(c) for c in columns)
    title = title or f"Speech against screen time by {group.lower() or 'group'}"
    screen = table["screen_seconds"].to_numpy(dtype=float)
    speech = table["speech_seconds"].to_numpy(dtype=float)
    with style():
        ax = new_axes(ax, (max(5.0, 1.3 * len(table) + 3.0), 4.2))
        x = np.arange(len(table))
        bars = ax.bar(x - 0.2, screen, width=0.4, color=colors)
        spoken = ax.bar(x + 0.2, speech, width=0.4, color="white", edgecolor=colors,
                        hatch="////", linewidth=1.0)
        largest = float(max(screen.max(initial=0), speech.max(initial=0))) or 1.0
        time_axis(ax, "y", largest)
        ax.bar_label(bars, [format_duration(v) for v in screen], padding=2, fontsize=8)
        shares = [f"{format_duration(v)}\n({v / s:.0%})" if s else format_duration(v)
                  for v, s in zip(speech, screen, strict=True)]
        ax.bar_label(spoken, shares, padding=2, fontsize=8)
        ax.set_xticks(x, labels)
        ax.set_ylim(0, largest * 1.22)
        _legend(ax)
        finish(ax, title=title, xlabel=f"{group} (speaking: % of own screen time)",
               ylabel="Time (m:ss)", grid="y")
    return ax
