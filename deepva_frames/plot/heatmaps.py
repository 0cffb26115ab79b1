"""Heatmap of the seconds two persons are on screen together.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt, pandas as pd
>>> m = pd.DataFrame([[10.0, 4.0], [4.0, 6.0]], index=["Ann", "Bo"], columns=["Ann", "Bo"])
>>> ax = co_occurrence(m)
>>> ax.images[0].get_array().tolist()
[[None, 4.0], [4.0, None]]
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ._style import MUTED, finish, format_duration, new_axes, style, time_axis
from ._tables import pretty

__all__ = ["co_occurrence"]

CMAP = "Blues"  # one hue, light to dark: readable with any colour-vision deficiency


def _matrix(table: pd.DataFrame) -> pd.DataFrame:
    """A square matrix from the matrix form, or built from the long form."""
    if list(table.columns) == list(table.index):
        return table
    a, b = table.columns[0], table.columns[1]
    labels = sorted(set(table[a].astype(str)) | set(table[b].astype(str)))
    matrix = pd.DataFrame(0.0, index=labels, columns=labels)
    for x, y, seconds in table[[a, b, "seconds"]].itertuples(index=False):
        matrix.loc[str(x), str(y)] = matrix.loc[str(y), str(x)] = seconds
    matrix.index.name = str(a).removesuffix("_a")
    return matrix


def co_occurrence(table: pd.DataFrame, *, ax: Axes | None = None,
                  title: str = "Time on screen together") -> Axes:
    """Heatmap of seconds together per pair, annotated ``m:ss`` (pairs that never meet and
    the diagonal are left blank).

    ``table``: :func:`deepva_frames.analysis.co_occurrence`, matrix form (its diagonal,
    each person's own screen time, is not drawn so the colours compare pairs) or long
    form. Cells and the colour bar are written the same way (``m:ss``).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> long = pd.DataFrame({"person_a": ["Ann"], "person_b": ["Bo"], "seconds": [75.0]})
    >>> ax = co_occurrence(long)
    >>> sorted(t.get_text() for t in ax.texts)
    ['1:15', '1:15']
    >>> plt.close(ax.figure)
    """
    matrix = _matrix(table)
    values = matrix.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.nan)
    masked = np.ma.masked_invalid(values)
    labels = [str(v) for v in matrix.index]
    largest = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    size = max(3.8, 0.75 * len(labels) + 2.8)
    with style():
        ax = new_axes(ax, (size + 1.2, size))
        image = ax.imshow(masked, cmap=CMAP, vmin=0.0, vmax=largest or 1.0)
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v) and v > 0:
                dark = v > 0.6 * largest
                ax.text(j, i, format_duration(v), ha="center", va="center",
                        fontsize=8, color="white" if dark else "#222222")
        ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right",
                      rotation_mode="anchor")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_facecolor("#F2F2F2")
        bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
        time_axis(bar.ax, "y", largest or 1.0)
        bar.set_label("Time together (m:ss)", color=MUTED)
        name = pretty(matrix.index.name or "person")
        finish(ax, title=title, xlabel=name, ylabel=name)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.tick_params(length=0)
    return ax
