"""The one look of every chart: fonts, spines, time formatting (colours: ``palette``).

Nothing here changes matplotlib's global state: :func:`style` is a context manager over
``rc_context`` that the chart functions enter while they draw, and :func:`finish` styles
an Axes explicitly (so charts look the same on Axes the caller made).

>>> format_duration(75), format_duration(11.04), format_duration(3725)
('1:15', '0:11', '1:02:05')
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MultipleLocator

from ..palette import PERSON_COLORS

__all__ = ["DISPLAY_DPI", "PIXEL_RATIO", "duration_formatter", "finish", "format_duration",
           "new_axes", "png_dpi", "style", "time_axis"]

# A chart's figure inch is shown as DISPLAY_DPI CSS pixels (the browser's 96 per inch),
# and drawn with PIXEL_RATIO device pixels per CSS pixel, so it is sharp on HiDPI screens
# and its fonts have the size matplotlib meant when it is shown at that size.
DISPLAY_DPI = 96
PIXEL_RATIO = 2
TEXT, MUTED, GRID = "#222222", "#555555", "#E3E3E3"

RC: dict[str, Any] = {
    "font.size": 10, "axes.titlesize": 12, "axes.titleweight": "bold",
    "axes.titlelocation": "left", "axes.titlepad": 10, "axes.labelsize": 10,
    "axes.labelcolor": TEXT, "axes.edgecolor": MUTED, "axes.linewidth": 0.8,
    "axes.spines.top": False, "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=list(PERSON_COLORS)), "xtick.color": MUTED,
    "ytick.color": MUTED, "xtick.labelcolor": TEXT, "ytick.labelcolor": TEXT,
    "xtick.labelsize": 9, "ytick.labelsize": 9, "legend.frameon": False,
    "legend.fontsize": 9, "legend.title_fontsize": 9, "figure.facecolor": "white",
    "axes.facecolor": "white", "text.color": TEXT,
}
_STEPS = (0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400)


@contextmanager
def style() -> Iterator[None]:
    """Draw in the package's look (rc settings restored on exit).

    >>> import matplotlib
    >>> before = matplotlib.rcParams["font.size"]
    >>> with style():
    ...     pass
    >>> matplotlib.rcParams["font.size"] == before
    True
    """
    with plt.rc_context(RC):  # type: ignore[arg-type]  # stubs list rc keys as Literal
        try:
            yield
        finally:
            # The first figure of a Jupyter kernel switches matplotlib to interactive mode;
            # rc_context would undo that switch and hide every later figure, so keep it.
            interactive = matplotlib.rcParams["interactive"]
    matplotlib.rcParams["interactive"] = interactive


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """``ax``, or the Axes of a new constrained-layout figure (call inside :func:`style`)."""
    if ax is not None:
        return ax
    _, axes = plt.subplots(figsize=figsize, layout="constrained")
    return axes


def finish(ax: Axes, *, title: str | None, xlabel: str | None, ylabel: str | None,
           grid: Literal["x", "y", "both"] | None = None) -> Axes:
    """Title, axis labels and the package's spines and grid on ``ax``; returns ``ax``."""
    if title:
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold", color=TEXT, pad=10)
    ax.set_xlabel(xlabel or "")
    ax.set_ylabel(ylabel or "")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(colors=MUTED, labelcolor=TEXT)
    if grid:
        ax.grid(axis=grid, color=GRID, linewidth=0.8)
        ax.set_axisbelow(True)
    return ax


def format_duration(seconds: float | None) -> str:
    """The one way every chart writes a time: ``m:ss`` (``h:mm:ss`` from an hour), with
    tenths under a minute when they are not zero.

    The label depends on the value only, never on the chart, so one figure reads the
    same in every chart of a report.

    >>> format_duration(59.6), format_duration(60.4), format_duration(11.04)
    ('0:59.6', '1:00', '0:11')
    >>> format_duration(3725), format_duration(-5), format_duration(0.25)
    ('1:02:05', '-0:05', '0:00.2')
    """
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return ""
    sign = "-" if seconds < 0 else ""
    tenths = round(abs(float(seconds)) * 10)
    if tenths >= 600 or tenths % 10 == 0:
        whole, tail = round(abs(float(seconds))), ""
    else:
        whole, tail = tenths // 10, f".{tenths % 10}"
    hours, rest = divmod(int(whole), 3600)
    minutes, secs = divmod(rest, 60)
    head = f"{hours}:{minutes:02d}" if hours else f"{minutes}"
    return f"{sign}{head}:{secs:02d}{tail}"


def duration_formatter() -> FuncFormatter:
    """A matplotlib tick formatter writing :func:`format_duration` labels."""
    return FuncFormatter(lambda value, _: format_duration(value))


def time_axis(ax: Axes, which: str, largest: float) -> None:
    """Ticks written by :func:`format_duration` on axis ``which`` ("x" or "y"), at a
    round step for ``largest`` seconds."""
    step = next((s for s in _STEPS if largest / s <= 6), _STEPS[-1])
    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_locator(MultipleLocator(step))
    axis.set_major_formatter(duration_formatter())


def png_dpi(pixel_ratio: float = PIXEL_RATIO) -> float:
    """The dpi to save a chart at, to be shown at ``DISPLAY_DPI`` CSS pixels per inch.

    >>> png_dpi(), png_dpi(1)
    (192, 96)
    """
    return DISPLAY_DPI * pixel_ratio
