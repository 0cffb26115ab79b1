"""Charts of the tidy tables (matplotlib): ``ax=None`` in, Axes out, never ``plt.show()``.

Every chart takes the table an :mod:`deepva_frames.analysis` function returns, draws
on ``ax`` (or on a new figure), and returns the Axes; save it with
``ax.figure.savefig(...)``. Colours come from :mod:`deepva_frames.palette` (the same
person has the same colour in every chart and on the video; fixed colours for genders, an
age ramp, grey for unknown); times read ``m:ss``. Nothing
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

from ._style import format_duration
from .demographics import age_distribution, gender_split
from .heatmaps import co_occurrence
from .reports import report_comparison
from .screen import screen_time, speech_vs_screen
from .timelines import timeline

__all__ = [
    "age_distribution",
    "co_occurrence",
    "format_duration",
    "gender_split",
    "report_comparison",
    "screen_time",
    "speech_vs_screen",
    "timeline",
]
