"""Jupyter explorers (ipywidgets) of DeepVA results.

- :func:`explore_job`: step or play through a job's video with the face boxes drawn,
  filter persons, see who is on screen and where the frame sits on the timeline.
- :func:`report_dashboard`: a diversity report's metrics per batch, chart and table.
- :func:`kg_browser`: search the knowledge graph; a node's attributes, similar and
  related nodes.

Each returns an explorer object: display it (the last line of a cell); ``.widget`` is
the ipywidgets container, and its child widgets are attributes (``.slider``,
``.image``, ...) whose values can be set from code. Only this package imports
ipywidgets; ``import deepva_frames`` does not.

>>> import deepva_frames as dvf
>>> c = dvf.sample_client()
>>> explorer = dvf.widgets.explore_job(c, "59f723cb-c457-5276-9089-caf1c7747fe3")
>>> explorer.slider.value = 100
>>> explorer.on_screen["person"].tolist()
['Mara Lindqvist', 'Tobias Brenner', 'Mara Lindqvist']
"""

from __future__ import annotations

from .job import JobExplorer, explore_job
from .kg import NODE_TYPES, KGBrowser, kg_browser
from .report import ReportDashboard, report_dashboard

__all__ = ["NODE_TYPES", "JobExplorer", "KGBrowser", "ReportDashboard", "explore_job",
           "kg_browser", "report_dashboard"]
