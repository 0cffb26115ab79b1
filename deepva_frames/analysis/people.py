"""Persons joined to knowledge-graph attributes: gender and age at the time of the media.

Knowledge-graph dates come as text such as ``"19.06.1978."`` (day, month, year, with a
trailing dot) or ISO ``"1978-06-19"``; :func:`parse_kg_date` reads both.

Conventions of an age (whole years on a day, :func:`age_on`):

* The day is a calendar date in UTC. A timezone-aware time (``on=`` or a job's
  ``time_created``) is converted to UTC first, a naive one or a date is taken as is:
  ``on=`` and ``jobs=`` give the same age for the same instant.
* A birthday on 29 February is reached on 1 March in common years (the age changes
  when the day's (month, day) is no longer before the birth's).
* A birth after the day gives no age (None), never a negative one; :func:`enrich`
  warns about it.

>>> parse_kg_date("19.06.1978."), age_on(parse_kg_date("19.06.1978."), "2026-10-05")
(datetime.date(1978, 6, 19), 48)
>>> age_bucket(48)
'40-50'
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import pandas_dtype
from ._common import InputWarning, require
from .groups import AGE_BUCKET_WIDTH, age_bucket

__all__ = ["age_bucket", "age_on", "enrich", "parse_kg_date"]

_DMY = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{3,4})\.?\s*$")
_ISO = re.compile(r"^\s*\+?(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
ATTRIBUTES = {"name": "name", "sex_or_gender": "gender", "date_of_birth": "date_of_birth"}


def parse_kg_date(text: Any) -> date | None:
    """A date from the knowledge graph's text (``"19.06.1978."``, ``"1978-06-19"``), or None.

    Year-only and unreadable values give None (too vague for an age).

    >>> parse_kg_date("1.2.1990"), parse_kg_date("+1978-06-19T00:00:00Z"), parse_kg_date("1978")
    (datetime.date(1990, 2, 1), datetime.date(1978, 6, 19), None)
    """
    if not isinstance(text, str):
        return None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    elif _ISO.match(text):
        year, month, day = (int(g) for g in _ISO.match(text).groups())  # type: ignore[union-attr]
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _as_date(value: Any) -> date:
    """The UTC calendar date of ``value`` (aware times converted, naive ones as is)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return stamp.date()


def age_on(born: date | None, on: Any) -> int | None:
    """Age in whole years on the day ``on`` (a date, datetime, Timestamp or ISO text; its
    UTC date when timezone-aware); None before the birth.

    >>> age_on(date(1979, 3, 14), "2026-03-13"), age_on(date(1979, 3, 14), "2026-03-14")
    (46, 47)
    >>> age_on(date(1979, 3, 14), "2026-03-14T01:00+02:00"), age_on(date(2030, 1, 1), "2026-01-01")
    (46, None)
    >>> age_on(date(2000, 2, 29), "2027-02-28"), age_on(date(2000, 2, 29), "2027-03-01")
    (26, 27)
    """
    if born is None or on is None or pd.isna(on):
        return None
    day = _as_date(on)
    if day < born:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _people(kg_attributes: pd.DataFrame) -> pd.DataFrame:
    """One row per person name: node_id, kg gender, date_of_birth (first values)."""
    require(kg_attributes, ["node_id", "name", "value"], "kg_attributes")
    rows = kg_attributes[kg_attributes["name"].isin(list(ATTRIBUTES))]
    if "value_index" in rows.columns:
        rows = rows.sort_values("value_index", kind="stable", na_position="first")
    first = rows.groupby(["node_id", "name"], sort=False)["value"].first().unstack("name")
    first = first.reindex(columns=list(ATTRIBUTES)).rename(columns=ATTRIBUTES)
    first = first[first["name"].notna()].reset_index()
    first = first.drop_duplicates("name").rename(columns={"gender": "kg_gender"})
    first["date_of_birth"] = [parse_kg_date(v) for v in first["date_of_birth"]]
    return first[["name", "node_id", "kg_gender", "date_of_birth"]]


def _media_dates(segments: pd.DataFrame, jobs: pd.DataFrame | None, on: Any) -> pd.Series:
    if on is not None:
        return pd.Series([_as_date(on)] * len(segments), index=segments.index, dtype=object)
    if jobs is None or "job_id" not in segments.columns:
        return pd.Series([None] * len(segments), index=segments.index, dtype=object)
    created = jobs.drop_duplicates("job_id").set_index("job_id")["time_created"]
    stamps = segments["job_id"].map(created)
    return pd.Series([None if pd.isna(t) else _as_date(t) for t in stamps],
                     index=segments.index, dtype=object)


def _filled(segments: pd.DataFrame, column: str, values: pd.Series) -> pd.Series:
    """``segments[column]`` where set, else ``values``; as a categorical."""
    if column in segments.columns:
        values = segments[column].astype("object").where(segments[column].notna(), values)
    return values.astype("category")


def _warn_unborn(segments: pd.DataFrame, born: pd.Series, days: pd.Series) -> None:
    late = [i for i, (b, d) in enumerate(zip(born, days, strict=True))
            if isinstance(b, date) and isinstance(d, date) and b > d]
    if not late:
        return
    rows = segments.iloc[late]
    jobs = rows["job_id"].astype(str).unique().tolist() if "job_id" in rows.columns else []
    people = rows["person"].astype(str).unique().tolist()
    warnings.warn(f"enrich: {len(late)} segment(s) of {', '.join(people[:5])} are dated "
                  f"before the person's birth (knowledge-graph date_of_birth after the "
                  f"media's date{'; jobs ' + ', '.join(jobs[:5]) if jobs else ''}); their "
                  f"age is null", InputWarning, stacklevel=3)


def enrich(segments: pd.DataFrame, kg_attributes: pd.DataFrame, *,
           jobs: pd.DataFrame | None = None, on: Any = None,
           bucket_width: int = AGE_BUCKET_WIDTH) -> pd.DataFrame:
    """``segments`` with each person's knowledge-graph gender and age at the media's date.

    Persons are matched by name (``person`` against the node's ``name`` attribute; the
    first node of a name wins). Adds ``node_id``, ``date_of_birth`` (a date),
    ``age_years`` (Int64) and fills ``gender`` (from ``sex_or_gender``) and ``age``
    (the API's bucket, ``"40-50"``) where they are null, as categoricals: segments that
    already carry a gender or age (advanced_diversity_analysis) keep theirs.

    The media's date is ``on=`` (a date for every segment) or else the job's
    ``time_created`` from ``jobs=`` (the jobs table), the closest date the API gives to
    when the media was recorded; both are read as UTC dates (see the module's
    conventions). Without either, ages stay null. Unknown faces and persons not in the
    graph get nulls; a birth date after the media's date gives a null age and one
    DataQualityWarning naming the persons and jobs.

    >>> seg = pd.DataFrame({"job_id": "j", "person": ["Ann Lee", "unknown"]})
    >>> kg = pd.DataFrame({"node_id": "7", "name": ["name", "sex_or_gender", "date_of_birth"],
    ...                    "value": ["Ann Lee", "female", "19.06.1978."]})
    >>> enrich(seg, kg, on="2026-10-05")[["person", "gender", "age_years", "age"]]
        person  gender  age_years    age
    0  Ann Lee  female         48  40-50
    1  unknown     NaN       <NA>    NaN
    """
    require(segments, ["person"])
    people = _people(kg_attributes).set_index("name")
    matched = people.reindex(segments["person"].astype("object"))
    matched.index = segments.index
    media_day = _media_dates(segments, jobs, on)
    years = [age_on(born, day) if isinstance(born, date) else None
             for born, day in zip(matched["date_of_birth"], media_day, strict=True)]
    _warn_unborn(segments, matched["date_of_birth"], media_day)
    out = segments.copy()
    out["node_id"] = matched["node_id"].astype(pandas_dtype(pa.string()))
    out["date_of_birth"] = matched["date_of_birth"]
    out["age_years"] = pd.array(years, dtype="Int64")
    out["gender"] = _filled(segments, "gender", matched["kg_gender"].astype("object"))
    buckets = pd.Series([age_bucket(y, bucket_width) for y in years], index=segments.index,
                        dtype=object)
    out["age"] = _filled(segments, "age", buckets)
    return out
