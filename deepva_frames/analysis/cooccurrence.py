"""Seconds two persons (or two groups) are on screen together.

>>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["Ann", "Bo", "Cy"],
...                     "time_start": [0.0, 1.0, 5.0], "time_end": [4.0, 3.0, 6.0]})
>>> co_occurrence(seg)
  person_a person_b  seconds
0      Ann       Bo      2.0
>>> co_occurrence(seg, form="matrix")
person  Ann   Bo   Cy
person
Ann     4.0  2.0  0.0
Bo      2.0  2.0  0.0
Cy      0.0  0.0  1.0
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ._common import normalise_persons, require
from .engines import runs_anywhere
from .groups import order_labels
from .intervals import merge_intervals, timeline_keys, union_seconds

__all__ = ["co_occurrence"]


def _blocks(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    frame = frame[frame[by].notna()]
    frame = frame.assign(**{by: frame[by].astype(str)})
    return merge_intervals(frame, [*timeline_keys(frame), by])


def _pairs(blocks: pd.DataFrame, by: str) -> pd.DataFrame:
    line = timeline_keys(blocks)
    a, b = f"{by}_a", f"{by}_b"
    left = blocks.rename(columns={by: a, "time_start": "start_a", "time_end": "end_a"})
    right = blocks.rename(columns={by: b, "time_start": "start_b", "time_end": "end_b"})
    joined = left.merge(right, on=line) if line else left.merge(right, how="cross")
    joined = joined[joined[a] < joined[b]]
    overlap = (np.minimum(joined["end_a"], joined["end_b"])
               - np.maximum(joined["start_a"], joined["start_b"])).clip(lower=0.0)
    joined = joined.assign(seconds=overlap)[[a, b, "seconds"]]
    table = joined.groupby([a, b], sort=False)["seconds"].sum().reset_index()
    table = table[table["seconds"] > 0]
    return table.sort_values(["seconds", a, b], ascending=[False, True, True],
                             kind="stable", ignore_index=True)


def _matrix(frame: pd.DataFrame, pairs: pd.DataFrame, by: str) -> pd.DataFrame:
    own = union_seconds(frame[frame[by].notna()].assign(
        **{by: frame[by].astype(str)}), [*timeline_keys(frame), by])
    return matrix_of(pairs, own.groupby(by, sort=False)["seconds"].sum(), by)


def matrix_of(pairs: pd.DataFrame, totals: pd.Series, by: str) -> pd.DataFrame:
    """The symmetric matrix of ``pairs`` (long form), ``totals`` (by name) on its diagonal,
    ordered by name (age groups by age, "unknown" last)."""
    labels = order_labels(totals.index, by)
    matrix = pd.DataFrame(0.0, index=pd.Index(labels, name=by), columns=pd.Index(
        labels, name=by))
    for a, b, seconds in pairs[[f"{by}_a", f"{by}_b", "seconds"]].itertuples(index=False):
        matrix.loc[a, b] = matrix.loc[b, a] = seconds
    for label, seconds in totals.items():
        matrix.loc[label, label] = seconds
    return matrix


@runs_anywhere
def co_occurrence(segments: pd.DataFrame, by: str = "person", unknown: str = "own", *,
                  form: Literal["long", "matrix"] = "long") -> pd.DataFrame:
    """Seconds two ``by`` groups are on screen at the same time, within a media source.

    For each pair, the length of the intersection of the two groups' unions of
    intervals, summed over the media sources of each job. ``form="long"``: one row per
    pair that meets (``<by>_a < <by>_b``, as text): ``<by>_a, <by>_b, seconds``, longest
    first. ``form="matrix"``: a symmetric DataFrame over every group, sorted by name
    (age groups by age, "unknown" last), whose diagonal holds each group's own screen
    time. Rows with a null ``by`` value
    are left out; ``unknown`` is handled as in
    :func:`~deepva_frames.analysis.screen_time` (with ``"own"`` two unknown faces at
    once are one group and do not pair).

    >>> seg = pd.DataFrame({"job_id": ["j", "j", "k"], "source": "s",
    ...     "person": ["Ann", "Bo", "Bo"], "time_start": 0.0, "time_end": 2.0})
    >>> co_occurrence(seg)["seconds"].tolist()
    [2.0]
    """
    if form not in ("long", "matrix"):
        raise ValueError(f"form= must be 'long' or 'matrix', got {form!r}")
    frame = normalise_persons(segments, unknown)
    require(frame, [by, "time_start", "time_end"])
    pairs = _pairs(_blocks(frame, by), by)
    return pairs if form == "long" else _matrix(frame, pairs, by)
