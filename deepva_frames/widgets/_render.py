"""Shared helpers of the explorers: images to bytes, figures to PNG, tables to HTML.

>>> import numpy as np
>>> jpeg_bytes(np.zeros((8, 8, 3), np.uint8))[:2]
b'\\xff\\xd8'
>>> png_bytes(np.zeros((8, 8, 3), np.uint8))[1:4]
b'PNG'
"""

from __future__ import annotations

import html
import io
from typing import Any

import cv2
import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plot import DISPLAY_DPI, PIXEL_RATIO

__all__ = ["DPI", "chart_layout", "figure_png", "html_table", "jpeg_bytes", "message",
           "new_figure", "png_bytes", "shown_size"]

JPEG_QUALITY = 85
PNG_COMPRESSION = 1       # fast; the charts are small
# No row filter instead of trying all per row: a chart's flat colours compress almost as
# well unfiltered (~10 % larger than with "up"), and a HiDPI chart encodes ~30 % faster.
_PNG_FILTER = ([cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_NONE]
               if hasattr(cv2, "IMWRITE_PNG_FILTER") else [])
# Charts are drawn at PIXEL_RATIO device pixels per CSS pixel and shown at their CSS
# size (DISPLAY_DPI per figure inch): sharp on HiDPI screens, fonts at their size.
DPI = DISPLAY_DPI * PIXEL_RATIO
TABLE_STYLE = ("<style>.dvf-table{border-collapse:collapse;font-size:12px}"
               ".dvf-table th,.dvf-table td{padding:2px 8px;border-bottom:1px solid #ddd;"
               "text-align:left}</style>")


def jpeg_bytes(image: np.ndarray, quality: int = JPEG_QUALITY) -> bytes:
    """A BGR image as JPEG bytes (cv2.imencode).

    >>> len(jpeg_bytes(np.full((720, 1280, 3), 90, np.uint8))) > 0
    True
    """
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError(f"cannot encode an image of shape {image.shape} as JPEG")
    return data.tobytes()


def png_bytes(image: np.ndarray, compression: int = PNG_COMPRESSION) -> bytes:
    """A BGR (or BGRA, or grey) image as PNG bytes (cv2.imencode).

    >>> png_bytes(np.zeros((2, 2, 4), np.uint8))[:4]
    b'\\x89PNG'
    """
    params = [cv2.IMWRITE_PNG_COMPRESSION, int(compression), *_PNG_FILTER]
    ok, data = cv2.imencode(".png", image, params)
    if not ok:
        raise ValueError(f"cannot encode an image of shape {image.shape} as PNG")
    return data.tobytes()


def new_figure(figsize: tuple[float, float], dpi: int = DPI) -> Figure:
    """A constrained-layout Figure on an Agg canvas, outside pyplot (nothing to close),
    drawn at ``dpi`` (default: HiDPI, twice the pixels it is shown at).

    >>> fig = new_figure((4, 2))
    >>> fig.canvas.get_width_height(), shown_size(fig)
    ((768, 384), (384, 192))
    """
    # whole CSS pixels, so the PNG is exactly PIXEL_RATIO times the size it is shown at
    figsize = (round(figsize[0] * DISPLAY_DPI) / DISPLAY_DPI,
               round(figsize[1] * DISPLAY_DPI) / DISPLAY_DPI)
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def shown_size(fig: Figure) -> tuple[int, int]:
    """The CSS pixel size a figure is shown at: its inches at ``DISPLAY_DPI``."""
    width, height = fig.get_size_inches()
    return round(width * DISPLAY_DPI), round(height * DISPLAY_DPI)


def chart_layout(fig: Figure, layout: w.Layout | None = None) -> w.Layout:
    """``layout`` (or a new one) sized to show ``fig`` at its CSS size, never stretched
    by a flex box, shrinking with a narrow page (height follows the aspect ratio).

    >>> chart_layout(new_figure((4, 2))).width
    '384px'
    """
    layout = layout or w.Layout()
    width, _ = shown_size(fig)
    layout.width, layout.height = f"{width}px", "auto"
    layout.max_width, layout.align_self = "100%", "flex-start"
    return layout


def figure_png(fig: Figure) -> bytes:
    """The whole figure drawn as PNG bytes (at the figure's dpi).

    >>> fig = new_figure((2, 1))
    >>> _ = fig.add_subplot().plot([0, 1])
    >>> figure_png(fig)[1:4]
    b'PNG'
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, facecolor="white")
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, list | tuple | np.ndarray) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return html.escape(str(value))


def html_table(table: pd.DataFrame, *, empty: str = "nothing to show",
               max_rows: int = 200) -> str:
    """A small HTML table of ``table`` (no index), or ``empty`` as a note when it has no rows.

    Floats show at most two decimals; missing values are blank; text is escaped.

    >>> html_table(pd.DataFrame({"person": ["Ann <1>"], "seconds": [2.5]}))  # doctest: +ELLIPSIS
    '<style>...<th>person</th><th>seconds</th>...<td>Ann &lt;1&gt;</td><td>2.5</td>...'
    >>> html_table(pd.DataFrame(), empty="no one on screen")
    '<i>no one on screen</i>'
    """
    if table is None or not len(table):
        return message(empty)
    shown = table.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
                   for row in shown.itertuples(index=False))
    more = (f"<tr><td colspan=\"{len(shown.columns)}\"><i>... {len(table) - max_rows} more"
            "</i></td></tr>") if len(table) > max_rows else ""
    return (f"{TABLE_STYLE}<table class=\"dvf-table\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}{more}</tbody></table>")


def message(text: str) -> str:
    """``text`` as an italic HTML note (escaped).

    >>> message("no rows & no chart")
    '<i>no rows &amp; no chart</i>'
    """
    return f"<i>{html.escape(text)}</i>"
