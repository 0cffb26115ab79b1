"""Screen time and speech time of groups of segments, with their two shares.

Screen time of a group is the length of the union of its segments' ``[time_start,
time_end)`` intervals, so overlapping segments (the same person in two segments, or two
people of one gender on screen together) are not counted twice. Unions are taken within
each media source of each job (a *timeline*: intervals of different sources never
overlap in time) and then summed over the timelines a row covers::

    job j1 source a   0    2    4    6    8   10   12
      Ann               [=========)                        [0, 4) + [2, 6) -> [0, 6)
      Ann                    [=========)
      Bo                               [=====)              [5, 8)
    job j2 source b
      Ann               [=====)                             [0, 3)

    screen_time(by="person"): Ann 6 + 3 = 9 s, Bo 3 s   (never a union across a and b)

Two shares come with every figure (see ``_shares`` for the drawing): ``share_of_media``,
seconds over the total duration of the media of the jobs the rows come from (every
source of those jobs in the ``media`` table; independent of ``unknown=``), and
``share_of_screen``, seconds over the sum of all groups' seconds in the same ``per``
cell. They answer different questions ("how much of the airtime shows women?" and "of
the time people are shown, how much shows women?") and are never mixed in one column.

>>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["Ann", "Ann", "Bo"],
...                     "time_start": [0.0, 2.0, 1.0], "time_end": [3.0, 4.0, 2.0]})
>>> media = pd.DataFrame({"job_id": ["j"], "source": ["s"], "duration_s": [10.0]})
>>> screen_time(seg, media=media)
  person  seconds  share_of_media  share_of_screen
0    Ann      4.0             0.4              0.8
1     Bo      1.0             0.1              0.2
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ._common import (
    columns_of,
    dedupe,
    key_rows,
    normalise_persons,
    per_columns,
    require,
    require_values,
    sort_groups,
    with_age_order,
)
from ._shares import add_shares, cell_key, media_seconds, share_within_cells
from .engines import runs_anywhere
from .intervals import sum_by, timeline_keys, union_seconds

__all__ = ["person_counts", "screen_time", "speech_vs_screen"]

Unknown = Literal["own", "closest_person", "drop"]
Overlaps = Literal["merge", "per_person"]
OVERLAPS = ("merge", "per_person")


def _check(segments: pd.DataFrame, by: list[str], per: list[str], *extra: str) -> None:
    """Columns present; ``by`` columns other than person hold values for these rows."""
    require(segments, dedupe([*per, *by, *extra]))
    require_values(segments, [c for c in by if c != "person"])


def _seconds(frame: pd.DataFrame, by: list[str], per: list[str], overlaps: str
             ) -> pd.DataFrame:
    """Union seconds per ``[*per, *by]`` group, summed over timelines (and over persons
    with ``overlaps="per_person"``)."""
    if overlaps not in OVERLAPS:
        raise ValueError(f"overlaps= must be one of {OVERLAPS}, got {overlaps!r}")
    person = ["person"] if overlaps == "per_person" else []
    require(frame, [*person, "time_start", "time_end"])
    units = union_seconds(frame, dedupe([*timeline_keys(frame), *per, *by, *person]))
    return sum_by(units, dedupe([*per, *by]), "seconds")


def _denominators(segments: pd.DataFrame, per: list[str], media: pd.DataFrame | None,
                  table: pd.DataFrame) -> dict | None:
    """Media seconds of the ``per`` cells that ``table`` shows (None without media)."""
    if media is None or table.empty:
        return None
    raw = normalise_persons(segments, "own") if "person" in per else segments
    shown = {cell_key(k) for k in key_rows(table, per)}
    return media_seconds(raw, per, media, shown)


@runs_anywhere
def screen_time(segments: pd.DataFrame, by: str | Sequence[str] = "person",
                per: str | Sequence[str] | None = None, unknown: Unknown = "own", *,
                overlaps: Overlaps = "merge", media: pd.DataFrame | None = None
                ) -> pd.DataFrame:
    """Seconds on screen per ``by`` group: ``[*per, *by, seconds, share_of_media,
    share_of_screen]``.

    ``by``: a column or list of columns of ``segments`` (person, gender, age, module,
    ...). A column that is missing or has no value in the rows given is an error (the
    message says where gender and age come from: :func:`enrich` for the knowledge
    graph's, the advanced_diversity_analysis segments for the API's). Rows whose ``by``
    value is null form a group of their own, whatever the column's dtype. ``per``:
    None, ``"job"``, ``"source"`` or column name(s) to split by. ``unknown``: ``"own"``
    (every unknown face in one group named "unknown"), ``"closest_person"`` (an unknown
    face counts for the API's closest person) or ``"drop"``.

    ``overlaps="merge"`` (default) takes the union of the whole group's intervals;
    ``"per_person"`` takes the union per person and sums over the group's persons
    (person-seconds: how the API computes its gender and age screen times).

    ``share_of_media``: seconds over the total ``duration_s`` of the media (``media=``,
    the media table) of the jobs the rows of the ``per`` cell come from, counting every
    source those jobs have in ``media``; NaN without ``media=``, and NaN with a
    DataQualityWarning naming the media for a cell whose durations are not all known.
    ``share_of_screen``: seconds over the sum of the groups' seconds in the cell.
    Rows are sorted by ``per``, then longest first, except that age groups keep age
    order (and ``age`` is an ordered categorical). Every segment counts, whatever its
    module: filter the table first (to one module) to count only some.

    >>> seg = pd.DataFrame({"job_id": ["j1", "j1", "j2"], "source": ["a", "a", "b"],
    ...     "person": ["unknown", "Ann", "Ann"], "closest_person": ["Ann", None, None],
    ...     "time_start": [1.0, 0.0, 0.0], "time_end": [3.0, 2.0, 5.0]})
    >>> screen_time(seg, unknown="closest_person")[["person", "seconds", "share_of_screen"]]
      person  seconds  share_of_screen
    0    Ann      8.0              1.0
    >>> screen_time(seg, per="job")[["job_id", "person", "seconds"]]
      job_id   person  seconds
    0     j1      Ann      2.0
    1     j1  unknown      2.0
    2     j2      Ann      5.0
    """
    by_cols, per_cols = columns_of(by), per_columns(per)
    _check(segments, by_cols, per_cols)
    frame = normalise_persons(segments, unknown)
    table = _seconds(frame, by_cols, per_cols, overlaps)
    table = add_shares(table, per_cols, "seconds",
                       _denominators(segments, per_cols, media, table))
    return sort_groups(with_age_order(table, by_cols), per_cols, by_cols, "seconds")


def _speaking(segments: pd.DataFrame) -> pd.Series:
    require(segments, ["speaking"])
    return segments["speaking"].astype("boolean").fillna(False).astype(bool)


@runs_anywhere
def speech_vs_screen(segments: pd.DataFrame, by: str | Sequence[str] = "gender",
                     per: str | Sequence[str] | None = None, unknown: Unknown = "own", *,
                     overlaps: Overlaps = "merge", media: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """Screen and speech seconds per group, with their shares: ``[*per, *by,
    screen_seconds, speech_seconds, share_of_media, share_of_screen,
    speech_share_of_media, speech_share_of_speech, speech_share_of_own_screen]``.

    Speech time is the screen time (see :func:`screen_time`: same ``by``, ``per``,
    ``unknown``, ``overlaps`` and ``media``) of the segments whose ``speaking`` is true.
    ``share_of_media`` and ``share_of_screen`` are the screen seconds' shares as in
    :func:`screen_time`; ``speech_share_of_media`` is speech seconds over the same media
    duration, ``speech_share_of_speech`` over all groups' speech seconds in the cell,
    and ``speech_share_of_own_screen`` over the group's own screen seconds.

    >>> seg = pd.DataFrame({"job_id": "j", "source": "s", "gender": ["female", "male"],
    ...     "time_start": [0.0, 2.0], "time_end": [4.0, 6.0], "speaking": [True, False]})
    >>> t = speech_vs_screen(seg)
    >>> t[["gender", "screen_seconds", "speech_seconds", "speech_share_of_own_screen"]]
       gender  screen_seconds  speech_seconds  speech_share_of_own_screen
    0  female             4.0             4.0                         1.0
    1    male             4.0             0.0                         0.0
    """
    by_cols, per_cols = columns_of(by), per_columns(per)
    keys = dedupe([*per_cols, *by_cols])
    _check(segments, by_cols, per_cols, "speaking")
    frame = normalise_persons(segments, unknown)
    screen = _seconds(frame, by_cols, per_cols, overlaps)
    spoken = _seconds(frame[_speaking(frame)], by_cols, per_cols, overlaps)
    said = {cell_key(k): s for k, s in zip(
        spoken[keys].itertuples(index=False, name=None), spoken["seconds"], strict=True)}
    table = screen.rename(columns={"seconds": "screen_seconds"})
    table["speech_seconds"] = [said.get(cell_key(k), 0.0) for k in
                               table[keys].itertuples(index=False, name=None)]
    denominators = _denominators(segments, per_cols, media, table)
    table = add_shares(table, per_cols, "screen_seconds", denominators)
    table = add_shares(table, per_cols, "speech_seconds", denominators, prefix="speech_")
    with np.errstate(divide="ignore", invalid="ignore"):
        own = table["speech_seconds"] / table["screen_seconds"]
    table["speech_share_of_own_screen"] = own.where(table["screen_seconds"] > 0)
    return sort_groups(with_age_order(table, by_cols), per_cols, by_cols, "screen_seconds")


@runs_anywhere
def person_counts(segments: pd.DataFrame, by: str | Sequence[str] = "gender",
                  per: str | Sequence[str] | None = None, unknown: Unknown = "own"
                  ) -> pd.DataFrame:
    """Number of faces per group: ``[*per, *by, persons, share_of_persons]``.

    A *count* is of distinct faces (``person`` values) per media source of each job,
    summed over the sources and jobs: not distinct people across jobs (a person seen in
    two jobs counts twice) and not segments (a face in five segments counts once). This
    is how the API's ``gender_count`` and ``age_count`` and its reports count. With
    ``unknown="own"`` all unknown faces of a source count as one. ``share_of_persons``
    is of the faces within each ``per`` cell.

    >>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["a", "a", "b"],
    ...                     "gender": ["female", "female", "male"]})
    >>> person_counts(seg)
       gender  persons  share_of_persons
    0  female        1               0.5
    1    male        1               0.5
    """
    by_cols, per_cols = columns_of(by), per_columns(per)
    _check(segments, by_cols, per_cols, "person")
    frame = normalise_persons(segments, unknown)
    keys = dedupe([*timeline_keys(frame), *per_cols, *by_cols, "person"])
    faces = frame[keys].drop_duplicates().assign(persons=1.0)
    table = sum_by(faces, dedupe([*per_cols, *by_cols]), "persons")
    table["persons"] = table["persons"].round().astype("int64")
    table["share_of_persons"] = share_within_cells(table, per_cols, "persons")
    return sort_groups(with_age_order(table, by_cols), per_cols, by_cols, "persons")
