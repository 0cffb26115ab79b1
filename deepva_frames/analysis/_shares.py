"""The two shares of a time table: of the media's duration and of the screen time (internal).

Both are computed per ``per`` *cell* (one combination of the ``per`` columns' values;
the whole table when ``per`` is None)::

    media of the cell's jobs:  job j1 source a  |--------------------| 20 s
                               job j1 source c  |----------|           10 s (no faces)
                               job j2 source b  |----------|           10 s
    Ann (union per source)        a: [0, 6)  b: [0, 3)                  9 s
    Bo                            a: [5, 8)  b: [1, 2)                  4 s

    share_of_media(Ann)  = 9 / (20 + 10 + 10) = 0.225   every source the cell's jobs
                                                        have in media counts, also c
    share_of_screen(Ann) = 9 / (9 + 4)        = 0.692   over the groups of the cell

The jobs of a cell are those of the input rows in it *before* ``unknown=`` is applied,
so dropping unknown faces never changes the denominator. With ``per`` naming a column
the media table also has (``source``, ``job_id``), only media rows agreeing with the
cell count. A cell with a job or source that has no media row, or a null
``duration_s``, gets NaN and one :class:`~deepva_frames.errors.DataQualityWarning`
names the media. Without ``media=`` the media share is NaN (nothing to divide by).

>>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["A", "B"]})
>>> media_seconds(seg, [], pd.DataFrame({"job_id": ["j"], "source": ["s"],
...                                      "duration_s": [40.0]}))
{(): 40.0}
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ._common import InputWarning, key_rows, require
from .intervals import group_codes, timeline_keys

__all__ = ["NO_MEDIA_ROWS", "add_shares", "cell_key", "media_note", "media_seconds",
           "share_within_cells", "unknown_media_text"]

_SHOWN = 5
#: The note when the media table has no row at all (and no job_id/source to name).
NO_MEDIA_ROWS = "the media table has no rows"


def cell_key(values: Any) -> tuple[Any, ...]:
    """A hashable key of a row's ``per`` values, every null read as None."""
    return tuple(None if pd.isna(v) else v for v in values)


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    a, b = a.astype("object"), b.astype("object")
    return ((a == b) | (a.isna() & b.isna())).to_numpy(dtype=bool)


def _candidates(cells: pd.DataFrame, per: list[str], line: list[str],
                media: pd.DataFrame) -> pd.DataFrame:
    """Media rows that count for each cell: ``_cell`` and the media row's columns."""
    wanted = cells[["_cell", *per]].drop_duplicates("_cell")
    if "job_id" in line:
        jobs = cells[["_cell", "job_id"]].drop_duplicates()
        rows = jobs.merge(media, on="job_id", how="inner")
        rows = rows.merge(wanted, on="_cell", how="left", suffixes=("", "_cell"))
    else:
        rows = wanted.merge(media, how="cross", suffixes=("_cell", ""))
    keep = np.ones(len(rows), dtype=bool)
    for column in per:
        if column in media.columns and column != "job_id":
            keep &= _same(rows[column], rows[f"{column}_cell"])
    return rows[keep]


def _problems(cells: pd.DataFrame, rows: pd.DataFrame, line: list[str]
              ) -> tuple[set[int], list[str]]:
    """Cells whose media durations are not all known, and what is missing."""
    bad: set[int] = set()
    notes: list[str] = []
    keys = ["_cell", *line]
    have = rows[keys].drop_duplicates().assign(_have=True)
    used = cells[keys].drop_duplicates().merge(have, on=keys, how="left")
    for row in used[used["_have"].isna()].to_dict("records"):
        bad.add(row["_cell"])
        notes.append(media_note("no media row", row, line))
    for row in rows[rows["duration_s"].isna()].drop_duplicates(keys).to_dict("records"):
        bad.add(row["_cell"])
        notes.append(media_note("duration_s is null", row, line))
    if not line and rows.empty:
        bad.update(cells["_cell"].tolist())
        notes.append(NO_MEDIA_ROWS)
    return bad, list(dict.fromkeys(notes))


def _name(row: dict[str, Any], line: list[str]) -> str:
    parts = {"job_id": "job {}", "source": "source {!r}"}
    return " ".join(parts[k].format(row[k]) for k in line) or "the media"


def _cells(segments: pd.DataFrame, per: list[str], line: list[str],
           shown: set[tuple[Any, ...]] | None) -> tuple[pd.DataFrame, dict[int, tuple]]:
    """Each cell's timelines once (``_cell``, per, line) and each cell's key; only the
    cells in ``shown`` when given."""
    cells = segments[list(dict.fromkeys([*per, *line]))].drop_duplicates(ignore_index=True)
    cells["_cell"] = group_codes(cells, per)
    firsts = cells.drop_duplicates("_cell")
    keys = {int(code): cell_key(values) for code, values in zip(
        firsts["_cell"], key_rows(firsts, per), strict=True)}
    if shown is not None:
        cells = cells[cells["_cell"].map(lambda code: keys[code] in shown).astype(bool)]
    return cells, keys


def media_seconds(segments: pd.DataFrame, per: list[str], media: pd.DataFrame,
                  shown: set[tuple[Any, ...]] | None = None
                  ) -> dict[tuple[Any, ...], float]:
    """Total media duration per cell (:func:`cell_key` of its ``per`` values; only the
    cells in ``shown`` when given); NaN and a warning for cells whose durations are not
    all known."""
    require(media, ["duration_s"], "media")
    line = [key for key in timeline_keys(segments) if key in media.columns]
    extra = [c for c in per if c in media.columns and c not in line]
    media = media[[*line, *extra, "duration_s"]].drop_duplicates(line or None)
    cells, keys = _cells(segments, per, line, shown)
    rows = _candidates(cells, per, line, media)
    bad, notes = _problems(cells, rows, line)
    totals = rows.groupby("_cell")["duration_s"].sum()
    out = {keys[int(code)]: np.nan if code in bad else float(totals.get(code, 0.0))
           for code in cells["_cell"].unique()}
    if notes:
        warnings.warn(unknown_media_text(len(bad), cells["_cell"].nunique(), notes),
                      InputWarning, stacklevel=4)
    return out


def unknown_media_text(bad: int, cells: int, notes: list[str]) -> str:
    """The warning's text: how many cells have NaN shares, and the first notes on why.

    >>> unknown_media_text(1, 2, ["no media row for job j2"])
    'share_of_media is NaN for 1 of 2 cells: media durations unknown (no media row for job j2)'
    """
    listed = "; ".join(notes[:_SHOWN]) + (f"; and {len(notes) - _SHOWN} more"
                                          if len(notes) > _SHOWN else "")
    return (f"share_of_media is NaN for {bad} of {cells} cells: media durations unknown "
            f"({listed})")


def media_note(problem: str, row: dict[str, Any], line: list[str]) -> str:
    """One note: ``problem`` ("no media row", "duration_s is null") for a row's timeline.

    >>> media_note("no media row", {"job_id": "j2", "source": "b"}, ["job_id", "source"])
    "no media row for job j2 source 'b'"
    """
    return f"{problem} for {_name(row, line)}"


def share_within_cells(table: pd.DataFrame, per: list[str], value: str) -> pd.Series:
    """``table[value]`` over its sum within each ``per`` cell (NaN where that sum is 0)."""
    cells = group_codes(table, per)
    values = table[value].to_numpy(dtype=float)
    totals = np.bincount(cells, weights=values)[cells] if len(table) else values
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(totals > 0, values / totals, np.nan)
    return pd.Series(share, index=table.index, dtype=float)


def add_shares(table: pd.DataFrame, per: list[str], value: str, denominators:
               dict[tuple[Any, ...], float] | None, prefix: str = "") -> pd.DataFrame:
    """``table`` with ``<prefix>share_of_media`` (``value`` over the cell's media seconds)
    and ``<prefix>share_of_<screen|speech>`` (over the cell's total of ``value``)."""
    media = np.full(len(table), np.nan)
    if denominators is not None and len(table):
        keys = key_rows(table, per)
        seconds = np.array([denominators.get(cell_key(k), np.nan) for k in keys])
        with np.errstate(divide="ignore", invalid="ignore"):
            media = np.where(seconds > 0, table[value].to_numpy(dtype=float) / seconds,
                             np.nan)
    within = "speech" if prefix == "speech_" else "screen"
    return table.assign(**{f"{prefix}share_of_media": media,
                           f"{prefix}share_of_{within}": share_within_cells(table, per, value)})
