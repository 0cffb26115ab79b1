"""Frame intervals of a timeline: each label's appearances, and who is on screen when.

Intervals are half-open frame ranges ``[frame_start, frame_end)``, as the segments'.
An *appearance* is the union of one label's segments (overlapping or touching segments
of the same person make one). An *on-screen interval* is a longest stretch of frames
over which the set of visible labels stays the same (frames where nobody is visible
make none).

>>> seg = pd.DataFrame({"label": ["Ann", "Bo", "Ann"], "frame_start": [0, 5, 10],
...                     "frame_end": [10, 15, 20]})
>>> appearances(seg).values.tolist()
[['Ann', 0, 20], ['Bo', 5, 15]]
>>> [(i.frame_start, i.frame_end, i.labels) for i in on_screen(seg)]
[(0, 5, ('Ann',)), (5, 15, ('Ann', 'Bo')), (15, 20, ('Ann',))]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

__all__ = ["OnScreen", "appearances", "group_appearances", "on_screen"]


def _merge(starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int]]:
    order = np.argsort(starts, kind="stable")
    merged: list[tuple[int, int]] = []
    for start, end in zip(starts[order].tolist(), ends[order].tolist(), strict=True):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def appearances(segments: pd.DataFrame, by: str = "label") -> pd.DataFrame:
    """One row per appearance: ``<by>, frame_start, frame_end`` (sorted by start, then
    label); empty or reversed segments are skipped.

    >>> appearances(pd.DataFrame({"label": ["A", "A"], "frame_start": [0, 3],
    ...                           "frame_end": [3, 4]})).values.tolist()
    [['A', 0, 4]]
    """
    rows = []
    for name, group in segments.groupby(by, sort=True, observed=True):
        starts = group["frame_start"].to_numpy(np.int64)
        ends = group["frame_end"].to_numpy(np.int64)
        rows += [(name, s, e) for s, e in _merge(starts, ends)]
    table = pd.DataFrame(rows, columns=[by, "frame_start", "frame_end"])
    table = table.astype({"frame_start": "int64", "frame_end": "int64"})
    return table.sort_values(["frame_start", by], kind="stable").reset_index(drop=True)


def group_appearances(segments: pd.DataFrame, columns: Iterable[str] = ("gender", "age")
                      ) -> pd.DataFrame:
    """Appearances per diversity group: ``group`` (``"gender: female"``, ``"age: 40-50"``),
    ``frame_start``, ``frame_end``, from the segments that carry the group's column.

    >>> seg = pd.DataFrame({"gender": ["male", None, "male"], "frame_start": [0, 2, 4],
    ...                     "frame_end": [5, 3, 8]})
    >>> group_appearances(seg).values.tolist()
    [['gender: male', 0, 8]]
    """
    parts = []
    for column in columns:
        if column not in segments.columns:
            continue
        rows = segments[segments[column].notna()]
        values = rows[column].astype(str).str.strip()
        rows = rows[(values != "").to_numpy(bool)]
        if len(rows):
            parts.append(rows.assign(group=column + ": " + rows[column].astype(str).str.strip()))
    if not parts:
        return pd.DataFrame({"group": pd.Series(dtype=object),
                             "frame_start": pd.Series(dtype="int64"),
                             "frame_end": pd.Series(dtype="int64")})
    return appearances(pd.concat(parts, ignore_index=True), by="group")


@dataclass(frozen=True)
class OnScreen:
    """Frames ``[frame_start, frame_end)`` over which exactly ``labels`` are visible
    (in the order they came on screen, then by name)."""

    frame_start: int
    frame_end: int
    labels: tuple[str, ...]


def _changes(spans: pd.DataFrame) -> dict[int, list[tuple[str, int]]]:
    changes: dict[int, list[tuple[str, int]]] = {}
    for label, start, end in spans.itertuples(index=False):
        changes.setdefault(int(start), []).append((label, 1))
        changes.setdefault(int(end), []).append((label, -1))
    return changes


def on_screen(segments: pd.DataFrame) -> list[OnScreen]:
    """The on-screen intervals of ``segments`` (columns label, frame_start, frame_end).

    >>> on_screen(pd.DataFrame({"label": ["A", "B"], "frame_start": [0, 4],
    ...                         "frame_end": [2, 6]}))  # doctest: +NORMALIZE_WHITESPACE
    [OnScreen(frame_start=0, frame_end=2, labels=('A',)),
     OnScreen(frame_start=4, frame_end=6, labels=('B',))]
    """
    spans = appearances(segments)
    changes = _changes(spans)
    entered: dict[str, int] = {}
    out: list[OnScreen] = []
    frames = sorted(changes)
    for here, following in pairwise(frames):
        for label, step in changes[here]:
            if step < 0:
                entered.pop(label, None)
            else:
                entered.setdefault(label, here)
        if not entered:
            continue
        labels = tuple(sorted(entered, key=lambda name: (entered[name], name)))
        if out and out[-1].frame_end == here and out[-1].labels == labels:
            out[-1] = OnScreen(out[-1].frame_start, following, labels)
        else:
            out.append(OnScreen(here, following, labels))
    return out
