"""Charts of the tidy tables (matplotlib): ``ax=None`` in, Axes out, never ``plt.show()``.

Every chart takes the table an :mod:`deepva_frames.analysis` function returns, draws
on ``ax`` (or on a new figure), and returns the Axes; save it with
``ax.figure.savefig(...)``. Colours come from :mod:`deepva_frames.palette` (the same
person has the same colour in every chart and on the video; fixed colours for genders, an
age ramp, grey for unknown); every time is written by one formatter
(:func:`format_duration`: ``m:ss``, tenths under a minute), so a figure reads the same in
every chart. Save with ``dpi=png_dpi()`` to show a chart at ``DISPLAY_DPI`` CSS pixels
per inch, sharp on HiDPI screens. Nothing
global is changed: the look is applied inside a ``rc_context`` while drawing.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt, pandas as pd
>>> from deepva_frames import plot
>>> ax = plot.screen_time(pd.DataFrame({"person": ["Ann"], "seconds": [12.0]}))
>>> ax.get_title(loc="left"), ax.get_xlabel()
('Screen time', 'Screen time (m:ss)')
>>> plt.close(ax.figure)
"""

from __future__ import annotations

from ._style import DISPLAY_DPI, PIXEL_RATIO, format_duration, png_dpi
from .demographics import age_distribution, gender_split
from .heatmaps import co_occurrence
from .reports import report_comparison
from .screen import screen_time, speech_vs_screen
from .timelines import timeline

__all__ = [
    "DISPLAY_DPI",
    "PIXEL_RATIO",
    "age_distribution",
    "co_occurrence",
    "format_duration",
    "gender_split",
    "png_dpi",
    "report_comparison",
    "screen_time",
    "speech_vs_screen",
    "timeline",
]
