"""Charts of a report: a matplotlib Axes as inline SVG, with a text alternative.

The SVG keeps its text as text (a third of the size of glyph paths, found by the
browser's search, read by the print engine as text); its ids are prefixed with the
chart's id, so several charts share one page without clashing ids.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> _, ax = plt.subplots()
>>> _ = ax.plot([0, 1], [0, 1])
>>> svg = svg_of(ax, "c1")
>>> svg.startswith("<svg"), 'id="c1-' in svg, "<?xml" in svg
(True, True, False)
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .tables import Table

__all__ = ["Chart", "svg_of"]

_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(href="#|url\(#)([^")]+)')


def _prefix_ids(svg: str, prefix: str) -> str:
    svg = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    return _REF.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def svg_of(ax: Any, chart_id: str) -> Markup:
    """The figure of ``ax`` as an ``<svg>`` element (the figure is closed afterwards)."""
    import matplotlib.pyplot as plt

    figure = ax.figure
    buffer = io.StringIO()
    try:
        with plt.rc_context({"svg.hashsalt": chart_id, "svg.fonttype": "none"}):
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(figure)
    text = buffer.getvalue()
    svg = _prefix_ids(text[text.index("<svg"):], chart_id)
    return Markup(svg)  # matplotlib's own SVG markup, embedded as is


@dataclass(frozen=True)
class Chart:
    """A chart with its text alternative (``alt``) and its data table."""

    chart_id: str
    title: str
    svg: Markup
    alt: str
    table: Table
