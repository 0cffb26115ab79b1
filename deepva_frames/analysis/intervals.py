"""Half-open ``[start, end)`` intervals: merging and union lengths per group.

A *timeline* is one media source of one job: intervals on different timelines never
overlap in time, so every union is taken within a timeline.

Groups are numbered once (``groupby(...).ngroup()`` with nulls kept) and all the work
is done on those numbers, so a key column of any dtype (object, category, string, all
null) groups the same way; nulls form a group of their own.

>>> df = pd.DataFrame({"p": ["a", "a", "a", "b"], "time_start": [0.0, 1.0, 5.0, 2.0],
...                    "time_end": [2.0, 3.0, 6.0, 2.5]})
>>> merge_intervals(df, ["p"]).values.tolist()
[['a', 0.0, 3.0], ['a', 5.0, 6.0], ['b', 2.0, 2.5]]
>>> union_seconds(df, ["p"]).values.tolist()
[['a', 4.0], ['b', 0.5]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["TIMELINE", "group_codes", "merge_intervals", "sum_by", "timeline_keys",
           "union_seconds"]

TIMELINE = ("job_id", "source")
START, END = "time_start", "time_end"


def timeline_keys(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` that name a timeline (``job_id``, ``source``)."""
    return [key for key in TIMELINE if key in frame.columns]


def group_codes(frame: pd.DataFrame, keys: Sequence[str]) -> np.ndarray:
    """A group number per row of ``frame`` by ``keys`` (first-seen order, nulls kept)."""
    if not keys or frame.empty:
        return np.zeros(len(frame), dtype=np.int64)
    grouped = frame.groupby(list(keys), dropna=False, observed=True, sort=False)
    return grouped.ngroup().to_numpy(dtype=np.int64)


def _blocks(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Disjoint blocks of each code's intervals: (row of first interval, code, start, end)."""
    order = np.lexsort((starts, codes))
    codes, starts, ends = codes[order], starts[order], ends[order]
    reach = pd.Series(ends).groupby(codes).cummax().to_numpy()
    new_group = np.r_[True, codes[1:] != codes[:-1]]
    previous = np.r_[-np.inf, reach[:-1]]
    block = np.cumsum(new_group | (starts > previous))
    first = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
    last = np.r_[first[1:] - 1, len(block) - 1]
    return order[first], codes[first], starts[first], reach[last]


def _times(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start and end seconds (non-numbers as NaN) and which rows have a real interval."""
    starts = pd.to_numeric(frame[START], errors="coerce").to_numpy(dtype=float)
    ends = pd.to_numeric(frame[END], errors="coerce").to_numpy(dtype=float)
    return starts, ends, np.isfinite(starts) & np.isfinite(ends) & (ends > starts)


def merge_intervals(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """The union of each ``keys`` group's intervals as disjoint blocks: keys, start, end.

    Touching intervals (``[0, 2)`` and ``[2, 4)``) merge; intervals of zero or negative
    length and rows without both times are ignored. Groups keep their first-seen order,
    blocks within a group are sorted by start.
    """
    keys = list(keys)
    starts, ends, ok = _times(frame)
    valid = frame[ok]
    if valid.empty:
        return frame.iloc[0:0][keys].assign(time_start=[], time_end=[])[[*keys, START, END]]
    rows, _, starts, ends = _blocks(group_codes(valid, keys), starts[ok], ends[ok])
    out = valid.iloc[rows][keys].reset_index(drop=True)
    out[START] = starts
    out[END] = ends
    return out


def union_seconds(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Length of the union of each ``keys`` group's intervals: keys, ``seconds``.

    Every group with at least one row appears (first-seen order), with 0.0 when all its
    intervals are empty. Key columns keep their dtype.
    """
    keys = list(keys)
    codes = group_codes(frame, keys)
    starts, ends, ok = _times(frame)
    groups = int(codes.max()) + 1 if len(codes) else 0
    seconds: np.ndarray = np.zeros(groups)
    if ok.any():
        _, block_codes, block_starts, block_ends = _blocks(codes[ok], starts[ok], ends[ok])
        seconds = np.bincount(block_codes, weights=block_ends - block_starts,
                              minlength=groups)
    if not keys:
        return pd.DataFrame({"seconds": [float(seconds.sum())]})
    first = np.unique(codes, return_index=True)[1]
    out = frame.iloc[first][keys].reset_index(drop=True)
    out["seconds"] = seconds.astype(float)
    return out


def sum_by(frame: pd.DataFrame, keys: Sequence[str], value: str) -> pd.DataFrame:
    """``frame[value]`` summed per ``keys`` group: keys (dtype kept, nulls a group of their
    own, first-seen order) and ``value``."""
    keys = list(keys)
    values = frame[value].to_numpy(dtype=float)
    if not keys:
        return pd.DataFrame({value: [float(values.sum())]})
    codes = group_codes(frame, keys)
    first = np.unique(codes, return_index=True)[1]
    out = frame.iloc[first][keys].reset_index(drop=True)
    out[value] = np.bincount(codes, weights=values, minlength=len(first)) if len(
        codes) else np.zeros(0)
    return out
