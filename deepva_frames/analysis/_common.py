"""Shared argument handling of the analysis functions (internal).

>>> columns_of(["gender", "age"]), per_columns("job"), per_columns(None)
(['gender', 'age'], ['job_id'], [])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["UNKNOWN", "columns_of", "dedupe", "normalise_persons", "per_columns",
           "require"]

from .groups import UNKNOWN

UNKNOWN_MODES = ("own", "closest_person", "drop")
_PER = {"job": "job_id", "source": "source"}


def columns_of(by: str | Sequence[str]) -> list[str]:
    """``by`` as a list of column names."""
    return [by] if isinstance(by, str) else list(by)


def per_columns(per: str | Sequence[str] | None) -> list[str]:
    """``per`` as column names: "job" is ``job_id``, "source" is ``source``, None is none."""
    if per is None:
        return []
    return [_PER.get(name, name) for name in columns_of(per)]


def dedupe(names: Iterable[str]) -> list[str]:
    """Names in first-seen order, each once."""
    return list(dict.fromkeys(names))


def require(frame: pd.DataFrame, names: Iterable[str], what: str = "segments") -> None:
    """Raise KeyError naming the columns of ``names`` that ``frame`` lacks."""
    missing = [name for name in names if name not in frame.columns]
    if missing:
        hint = ""
        if set(missing) & {"gender", "age"}:
            hint = " (advanced_diversity_analysis segments have them; for face_recognition " \
                   "segments add them with analysis.enrich)"
        raise KeyError(f"{what} has no column {', '.join(map(repr, missing))}{hint}")


def normalise_persons(segments: pd.DataFrame, unknown: str) -> pd.DataFrame:
    """``segments`` with a null ``person`` read as "unknown", then ``unknown`` applied.

    ``"own"`` keeps every unknown face in one group named "unknown"; ``"closest_person"``
    gives an unknown face the ``closest_person`` the API suggests (when it has one);
    ``"drop"`` leaves unknown faces out.
    """
    if unknown not in UNKNOWN_MODES:
        raise ValueError(f"unknown= must be one of {UNKNOWN_MODES}, got {unknown!r}")
    if "person" not in segments.columns:
        return segments
    person = segments["person"].fillna(UNKNOWN)
    is_unknown = person == UNKNOWN
    if unknown == "drop":
        return segments[~is_unknown].assign(person=person[~is_unknown])
    if unknown == "closest_person" and "closest_person" in segments.columns:
        closest = segments["closest_person"]
        person = person.mask(is_unknown & closest.notna(), closest)
    return segments.assign(person=person)
