"""Half-open ``[start, end)`` intervals: merging and union lengths per group (internal).

A *timeline* is one media source of one job: intervals on different timelines never
overlap in time, so every union is taken within a timeline.

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

__all__ = ["TIMELINE", "merge_intervals", "timeline_keys", "union_seconds"]

TIMELINE = ("job_id", "source")
START, END = "time_start", "time_end"


def timeline_keys(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` that name a timeline (``job_id``, ``source``)."""
    return [key for key in TIMELINE if key in frame.columns]


def _codes(frame: pd.DataFrame, keys: Sequence[str]) -> np.ndarray:
    if not keys:
        return np.zeros(len(frame), dtype=np.int64)
    grouped = frame.groupby(list(keys), dropna=False, observed=True, sort=False)
    return grouped.ngroup().to_numpy(dtype=np.int64)


def merge_intervals(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """The union of each ``keys`` group's intervals as disjoint blocks: keys, start, end.

    Touching intervals (``[0, 2)`` and ``[2, 4)``) merge; intervals of zero or negative
    length and rows without both times are ignored. Groups keep their first-seen order,
    blocks within a group are sorted by start.
    """
    keys = list(keys)
    valid = frame[frame[START].notna() & frame[END].notna() & (frame[END] > frame[START])]
    columns = [*keys, START, END]
    if valid.empty:
        return frame.iloc[0:0][keys].assign(time_start=[], time_end=[])[columns]
    codes = _codes(valid, keys)
    starts = valid[START].to_numpy(dtype=float)
    ends = valid[END].to_numpy(dtype=float)
    order = np.lexsort((starts, codes))
    codes, starts, ends = codes[order], starts[order], ends[order]
    reach = pd.Series(ends).groupby(codes).cummax().to_numpy()
    new_group = np.r_[True, codes[1:] != codes[:-1]]
    previous = np.r_[-np.inf, reach[:-1]]
    block = np.cumsum(new_group | (starts > previous))
    first = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
    last = np.r_[first[1:] - 1, len(block) - 1]
    out = valid.iloc[order[first]][keys].reset_index(drop=True)
    out[START] = starts[first]
    out[END] = reach[last]
    return out[columns]


def union_seconds(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Length of the union of each ``keys`` group's intervals: keys, ``seconds``.

    Every group with at least one row appears, with 0.0 when all its intervals are empty.
    """
    keys = list(keys)
    blocks = merge_intervals(frame, keys)
    blocks["seconds"] = blocks[END] - blocks[START]
    groups = frame[keys].drop_duplicates(ignore_index=True) if keys else pd.DataFrame(
        index=[0])
    if not keys:
        return groups.assign(seconds=float(blocks["seconds"].sum()))
    sums = blocks.groupby(keys, dropna=False, observed=True, sort=False)["seconds"].sum()
    out = groups.merge(sums.reset_index(), on=keys, how="left")
    out["seconds"] = out["seconds"].fillna(0.0).astype(float)
    return out
