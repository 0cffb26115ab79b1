"""Screen time, speech time and person counts of groups of segments.

Screen time of a group is the length of the union of its segments' ``[time_start,
time_end)`` intervals, so overlapping segments (the same person in two segments, or two
people of one gender on screen together) are not counted twice. Unions are taken within
each media source of each job (a *timeline*: intervals of different sources never
overlap in time) and then summed over the timelines a row covers.

>>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["Ann", "Ann", "Bo"],
...                     "time_start": [0.0, 2.0, 1.0], "time_end": [3.0, 4.0, 2.0]})
>>> screen_time(seg)
  person  seconds  share
0    Ann      4.0    0.8
1     Bo      1.0    0.2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._common import columns_of, dedupe, normalise_persons, per_columns, require
from ._intervals import timeline_keys, union_seconds
from .engines import runs_anywhere

__all__ = ["person_counts", "screen_time", "speech_vs_screen"]

OVERLAPS = ("merge", "per_person")


def _unit_table(frame: pd.DataFrame, by: list[str], per: list[str], overlaps: str
                ) -> pd.DataFrame:
    """Union seconds per timeline, per-group and by-group (and person for per_person)."""
    if overlaps not in OVERLAPS:
        raise ValueError(f"overlaps= must be one of {OVERLAPS}, got {overlaps!r}")
    person = ["person"] if overlaps == "per_person" else []
    require(frame, [*by, *per, *person, "time_start", "time_end"])
    keys = dedupe([*timeline_keys(frame), *per, *by, *person])
    return union_seconds(frame, keys)


def _summed(units: pd.DataFrame, keys: list[str], value: str = "seconds") -> pd.DataFrame:
    if not keys:
        return pd.DataFrame({value: [float(units[value].sum())]})
    grouped = units.groupby(keys, dropna=False, observed=True, sort=False)[value].sum()
    return grouped.reset_index()


def _media_durations(frame: pd.DataFrame, media: pd.DataFrame, per: list[str]
                     ) -> pd.DataFrame | None:
    """Total media duration per ``per`` group, or None when any of it is unknown."""
    rows = media
    if "job_id" in frame.columns and "job_id" in media.columns:
        rows = media[media["job_id"].isin(frame["job_id"].unique())]
    rows = rows.drop_duplicates(timeline_keys(rows) or None)
    if rows.empty or rows["duration_s"].isna().any() or not set(per) <= set(rows.columns):
        return None
    return _summed(rows, per, "duration_s")


def _add_share(table: pd.DataFrame, frame: pd.DataFrame, per: list[str],
               media: pd.DataFrame | None, duration: float | None) -> pd.DataFrame:
    denominators: pd.Series | None = None
    if duration is not None:
        denominators = pd.Series(float(duration), index=table.index)
    elif media is not None:
        durations = _media_durations(frame, media, per)
        if durations is not None:
            joined = table[per].merge(durations, on=per, how="left") if per else None
            denominators = pd.Series(
                joined["duration_s"].to_numpy() if per else durations["duration_s"].iloc[0],
                index=table.index, dtype=float)
    if denominators is None and per:
        totals = table.groupby(per, dropna=False, observed=True, sort=False)["seconds"]
        denominators = totals.transform("sum")
    elif denominators is None:
        denominators = pd.Series(table["seconds"].sum(), index=table.index)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = table["seconds"] / denominators
    return table.assign(share=share.where(denominators > 0))


def _ordered(table: pd.DataFrame, per: list[str], by: list[str], value: str
             ) -> pd.DataFrame:
    """Sorted by ``per``, then ``value`` (largest first), then ``by`` (ties by name)."""
    by = [c for c in by if c not in per]
    ascending = [True] * len(per) + [False] + [True] * len(by)
    return table.sort_values([*per, value, *by], ascending=ascending, kind="stable",
                             ignore_index=True)


@runs_anywhere
def screen_time(segments: pd.DataFrame, by: str | Sequence[str] = "person",
                per: str | Sequence[str] | None = None, unknown: str = "own", *,
                overlaps: str = "merge", media: pd.DataFrame | None = None,
                duration: float | None = None) -> pd.DataFrame:
    """Seconds on screen per ``by`` group: a DataFrame of ``[*per, *by, seconds, share]``.

    ``by``: a column or list of columns of ``segments`` (person, gender, age after
    :func:`enrich`, module, ...). Rows whose ``by`` value is null form a group of their
    own. ``per``: ``None``, ``"job"``, ``"source"`` or column name(s) to split by.
    Unions are always taken within each media source of each job (intervals of
    different sources do not share a clock) and then summed over the sources and jobs
    a row covers: all of them with ``per=None``; with ``per="source"``, the jobs that
    analysed that source. ``unknown``: ``"own"`` (every unknown face in one group named
    "unknown"), ``"closest_person"`` (unknown faces count for the API's closest person)
    or ``"drop"``.

    ``overlaps="merge"`` (default) takes the union of the whole group's intervals;
    ``"per_person"`` takes the union per person and sums over the group's persons
    (person-seconds: how the API computes its gender and age screen times).

    ``share`` is seconds over the media's duration when it is known (``duration=``
    seconds, or ``media=`` the media table: the durations of every source of the jobs
    in ``segments``, per ``per`` group), else over the total of ``seconds`` within each
    ``per`` group. Rows are sorted by ``per``, then by seconds, longest first. All
    segments count, whatever their module or number of detections: filter the table
    first (for example to one module) to count only some.

    >>> seg = pd.DataFrame({"job_id": ["j1", "j1", "j2"], "source": ["a", "a", "b"],
    ...     "person": ["unknown", "Ann", "Ann"], "closest_person": ["Ann", None, None],
    ...     "time_start": [1.0, 0.0, 0.0], "time_end": [3.0, 2.0, 5.0]})
    >>> screen_time(seg, unknown="closest_person", duration=10.0)
      person  seconds  share
    0    Ann      8.0    0.8
    >>> screen_time(seg, per="job")[["job_id", "person", "seconds"]]
      job_id   person  seconds
    0     j1      Ann      2.0
    1     j1  unknown      2.0
    2     j2      Ann      5.0
    """
    by_cols, per_cols = columns_of(by), per_columns(per)
    frame = normalise_persons(segments, unknown)
    units = _unit_table(frame, by_cols, per_cols, overlaps)
    table = _summed(units, dedupe([*per_cols, *by_cols]))
    table = _add_share(table, frame, per_cols, media, duration)
    return _ordered(table, per_cols, by_cols, "seconds")


def _speaking(segments: pd.DataFrame) -> pd.Series:
    require(segments, ["speaking"])
    return segments["speaking"].astype("boolean").fillna(False).astype(bool)


@runs_anywhere
def speech_vs_screen(segments: pd.DataFrame, by: str | Sequence[str] = "gender",
                     per: str | Sequence[str] | None = None, unknown: str = "own", *,
                     overlaps: str = "merge") -> pd.DataFrame:
    """Screen and speech seconds per group: ``[*per, *by, screen_seconds, speech_seconds,
    speech_share]``.

    Speech time is the screen time (see :func:`screen_time`, same ``by``, ``per``,
    ``unknown`` and ``overlaps``) of the segments whose ``speaking`` is true;
    ``speech_share`` is speech over screen seconds.

    >>> seg = pd.DataFrame({"job_id": "j", "source": "s", "gender": ["female", "female"],
    ...     "time_start": [0.0, 2.0], "time_end": [4.0, 6.0], "speaking": [True, False]})
    >>> speech_vs_screen(seg)
       gender  screen_seconds  speech_seconds  speech_share
    0  female             6.0             4.0      0.666667
    """
    keys = dedupe([*per_columns(per), *columns_of(by)])
    screen = screen_time(segments, by, per, unknown, overlaps=overlaps)
    spoken = screen_time(segments[_speaking(segments)], by, per, unknown, overlaps=overlaps)
    table = screen[keys].assign(screen_seconds=screen["seconds"])
    table = table.merge(spoken[[*keys, "seconds"]], on=keys, how="left")
    table = table.rename(columns={"seconds": "speech_seconds"})
    table["speech_seconds"] = table["speech_seconds"].fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = table["speech_seconds"] / table["screen_seconds"]
    return table.assign(speech_share=share.where(table["screen_seconds"] > 0))


@runs_anywhere
def person_counts(segments: pd.DataFrame, by: str | Sequence[str] = "gender",
                  per: str | Sequence[str] | None = None, unknown: str = "own"
                  ) -> pd.DataFrame:
    """Number of distinct persons per group: ``[*per, *by, persons, share]``.

    Persons are counted within each media source of each job and summed over them, as
    the API's ``gender_count`` and its reports do (a person seen in two jobs counts
    twice); with ``unknown="own"`` all unknown faces of a source count as one person.
    ``share`` is of the persons within each ``per`` group.

    >>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["a", "a", "b"],
    ...                     "gender": ["female", "female", "male"]})
    >>> person_counts(seg)
       gender  persons  share
    0  female        1    0.5
    1    male        1    0.5
    """
    by_cols, per_cols = columns_of(by), per_columns(per)
    frame = normalise_persons(segments, unknown)
    require(frame, dedupe([*by_cols, *per_cols, "person"]))
    keys = dedupe([*timeline_keys(frame), *per_cols, *by_cols, "person"])
    persons = frame[keys].drop_duplicates().assign(persons=1)
    table = _summed(persons, dedupe([*per_cols, *by_cols]), "persons")
    if per_cols:
        total = table.groupby(per_cols, dropna=False, observed=True, sort=False)["persons"]
        denominators = total.transform("sum")
    else:
        denominators = table["persons"].sum()
    table = table.assign(share=table["persons"] / denominators)
    return _ordered(table, per_cols, by_cols, "persons")
