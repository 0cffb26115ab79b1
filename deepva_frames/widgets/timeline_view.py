"""The job's timeline as an image with a cursor: drawn once, the cursor blitted per step.

The figure (:func:`deepva_frames.plot.timeline`) is drawn once and its pixels kept;
moving the cursor restores them, draws only the cursor line and encodes the canvas as
PNG, a few milliseconds, instead of redrawing the whole chart.

>>> import pandas as pd
>>> seg = pd.DataFrame({"person": ["Ann"], "time_start": [1.0], "time_end": [4.0]})
>>> view = TimelineView(seg, duration=10.0)
>>> before = view.image.value
>>> view.move(5.0)
>>> view.cursor_x, view.image.value != before
(5.0, True)
"""

from __future__ import annotations

from typing import cast

import cv2
import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .. import palette, plot
from ._render import DPI, chart_layout, new_figure, png_bytes

__all__ = ["TimelineView"]

WIDTH_IN = 9.0
CURSOR_COLOR = palette.OKABE_ITO["black"]  # no person is drawn in black


def _height(segments: pd.DataFrame) -> float:
    lanes = plot.timelines.lanes(segments)["lane"].nunique() if len(segments) else 1
    return max(2.2, 0.45 * lanes + 1.4)


class TimelineView:
    """Who is on screen when, for one media source, with a cursor at the current time.

    ``segments``: one source's segments (plot.timeline's input); ``duration``: the
    time axis' end in seconds. ``image`` is the ipywidgets Image (PNG) to display;
    :meth:`move` puts the cursor at a time and re-encodes it; ``cursor_x`` reads the
    cursor's position (seconds) back from the line's data.

    >>> view = TimelineView(pd.DataFrame(columns=["person", "time_start", "time_end"]), 3.0)
    >>> view.cursor_x
    0.0
    """

    def __init__(self, segments: pd.DataFrame, duration: float, *, title: str | None = None,
                 dpi: int = DPI):
        self.figure = new_figure((WIDTH_IN, _height(segments)), dpi)
        self.ax = self.figure.add_subplot()
        plot.timeline(segments, ax=self.ax, duration=duration or 1.0,
                      title=title or "Who is on screen when")
        if not len(segments):
            self.ax.text(0.5, 0.5, "no segments", transform=self.ax.transAxes,
                         ha="center", va="center", color="#777777")
        self.cursor = self.ax.axvline(0.0, color=CURSOR_COLOR, linewidth=1.5, animated=True)
        canvas = cast(FigureCanvasAgg, self.figure.canvas)
        canvas.draw()
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self.image = w.Image(format="png", layout=chart_layout(self.figure))
        self._column: int | None = None
        self.move(0.0)

    @property
    def cursor_x(self) -> float:
        """The cursor's time in seconds (the x data of its line)."""
        return float(np.asarray(self.cursor.get_xdata(), dtype=float)[0])

    def move(self, seconds: float) -> None:
        """Put the cursor at ``seconds`` and update the image.

        >>> seg = pd.DataFrame({"person": ["Ann"], "time_start": [0.0], "time_end": [2.0]})
        >>> view = TimelineView(seg, 2.0)
        >>> view.move(1.5); view.cursor_x
        1.5
        """
        seconds = float(seconds)
        self.cursor.set_xdata([seconds, seconds])
        # At HiDPI a long video moves the cursor less than a pixel per frame: the image
        # of the same pixel column is the one already shown, so skip drawing and encoding.
        column = round(float(self.ax.transData.transform((seconds, 0.0))[0]))
        if column == self._column:
            return
        self._column = column
        canvas = cast(FigureCanvasAgg, self.figure.canvas)
        canvas.restore_region(self._background)
        self.ax.draw_artist(self.cursor)
        rgba = np.asarray(canvas.buffer_rgba())
        self.image.value = png_bytes(cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGR))
