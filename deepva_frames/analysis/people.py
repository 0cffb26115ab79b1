"""Persons joined to knowledge-graph attributes: gender and age at the time of the media.

Knowledge-graph dates come as text such as ``"19.06.1978."`` (day, month, year, with a
trailing dot) or ISO ``"1978-06-19"``; :func:`parse_kg_date` reads both.

>>> parse_kg_date("19.06.1978."), age_on(parse_kg_date("19.06.1978."), "2026-10-05")
(datetime.date(1978, 6, 19), 48)
>>> age_bucket(48)
'40-50'
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import pandas_dtype
from ._common import require

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
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def age_on(born: date | None, on: Any) -> int | None:
    """Age in whole years on the day ``on`` (a date, datetime, Timestamp or ISO text).

    >>> age_on(date(1979, 3, 14), "2026-03-13"), age_on(date(1979, 3, 14), "2026-03-14")
    (46, 47)
    """
    if born is None or on is None or pd.isna(on):
        return None
    day = _as_date(on)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_bucket(years: int | None, width: int = 10) -> str | None:
    """The API's age group of an age: ``"30-40"`` holds 30 to 39 years.

    >>> age_bucket(39), age_bucket(40), age_bucket(None)
    ('30-40', '40-50', None)
    """
    if years is None or pd.isna(years):
        return None
    low = int(years) // width * width
    return f"{low}-{low + width}"


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
    return pd.Series([None if pd.isna(t) else t.date() for t in stamps],
                     index=segments.index, dtype=object)


def _filled(segments: pd.DataFrame, column: str, values: pd.Series) -> pd.Series:
    """``segments[column]`` where set, else ``values``; as a categorical."""
    if column in segments.columns:
        values = segments[column].astype("object").where(segments[column].notna(), values)
    return values.astype("category")


def enrich(segments: pd.DataFrame, kg_attributes: pd.DataFrame, *,
           jobs: pd.DataFrame | None = None, on: Any = None,
           bucket_width: int = 10) -> pd.DataFrame:
    """``segments`` with each person's knowledge-graph gender and age at the media's date.

    Persons are matched by name (``person`` against the node's ``name`` attribute; the
    first node of a name wins). Adds ``node_id``, ``date_of_birth`` (a date),
    ``age_years`` (Int64) and fills ``gender`` (from ``sex_or_gender``) and ``age``
    (the API's bucket, ``"40-50"``) where they are null, as categoricals: segments that
    already carry a gender or age (advanced_diversity_analysis) keep theirs.

    The media's date is ``on=`` (a date for every segment) or else the job's
    ``time_created`` from ``jobs=`` (the jobs table; UTC date), the closest date the
    API gives to when the media was recorded. Without either, ages stay null.
    Unknown faces and persons not in the graph get nulls.

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
    out = segments.copy()
    out["node_id"] = matched["node_id"].astype(pandas_dtype(pa.string()))
    out["date_of_birth"] = matched["date_of_birth"]
    out["age_years"] = pd.array(years, dtype="Int64")
    out["gender"] = _filled(segments, "gender", matched["kg_gender"].astype("object"))
    buckets = pd.Series([age_bucket(y, bucket_width) for y in years], index=segments.index,
                        dtype=object)
    out["age"] = _filled(segments, "age", buckets)
    return out
