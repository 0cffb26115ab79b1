"""Shared argument handling of the analysis functions (internal).

>>> columns_of(["gender", "age"]), per_columns("job"), per_columns(None)
(['gender', 'age'], ['job_id'], [])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..errors import DataQualityWarning, PayloadError
from .groups import UNKNOWN, group_order_key, is_age_column, order_labels

__all__ = ["UNKNOWN", "InputWarning", "columns_of", "dedupe", "key_rows", "normalise_persons",
           "order_metric_keys", "per_columns", "require", "require_values", "sort_groups",
           "with_age_order"]

UNKNOWN_MODES = ("own", "closest_person", "drop")


class InputWarning(DataQualityWarning):
    """A DataQualityWarning about an analysis input (media durations, birth dates): the
    result is computed, the odd rows named in the message.

    >>> str(InputWarning("media of job j: duration_s is null"))
    'media of job j: duration_s is null'
    """

    def __init__(self, message: str):
        # only the message: DataQualityWarning's own fields describe a flattened key
        Warning.__init__(self, message)
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


_SOURCES = {
    "gender": "knowledge-graph gender comes from analysis.enrich(segments, kg_attributes); "
              "advanced_diversity_analysis segments carry their own",
    "age": "knowledge-graph age groups come from analysis.enrich(segments, kg_attributes, "
           "jobs=jobs); advanced_diversity_analysis segments carry their own",
}


def _hint(names: Iterable[str]) -> str:
    hints = [_SOURCES[name] for name in names if name in _SOURCES]
    return f" ({'; '.join(hints)})" if hints else ""


def require(frame: pd.DataFrame, names: Iterable[str], what: str = "segments") -> None:
    """Raise PayloadError naming the columns of ``names`` that ``frame`` lacks (and, for
    gender and age, where their values come from)."""
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise PayloadError(what, f"no column {', '.join(map(repr, missing))}{_hint(missing)}",
                           key=missing[0])


def require_values(frame: pd.DataFrame, names: Iterable[str], what: str = "segments"
                   ) -> None:
    """Like :func:`require`, and a column that is all null for the rows given is an
    error too (grouping by it would give one meaningless null group)."""
    names = list(names)
    require(frame, names, what)
    if frame.empty:
        return
    empty = [name for name in names if not frame[name].notna().any()]
    if empty:
        raise PayloadError(what, f"column {', '.join(map(repr, empty))} has no values in "
                           f"the {len(frame)} rows given{_hint(empty)}", key=empty[0])


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
    person = segments["person"].astype("object").where(segments["person"].notna(), UNKNOWN)
    is_unknown = person == UNKNOWN
    if unknown == "drop":
        return segments[~is_unknown].assign(person=person[~is_unknown])
    if unknown == "closest_person" and "closest_person" in segments.columns:
        closest = segments["closest_person"]
        person = person.mask(is_unknown & closest.notna(), closest)
    return segments.assign(person=person)


def with_age_order(table: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """``table`` with each age column (see ``groups.is_age_column``) as an ordered
    categorical in age order, "unknown" last, so pivots and charts keep that order."""
    out = table
    for column in columns:
        if is_age_column(column) and column in table.columns:
            values = table[column].astype("object")
            categories = order_labels(values[values.notna()], column)
            out = out.assign(**{column: pd.Categorical(values, categories=categories,
                                                       ordered=True)})
    return out


def sort_groups(table: pd.DataFrame, per: Sequence[str], by: Sequence[str], value: str
                ) -> pd.DataFrame:
    """Rows sorted by ``per`` cell, then groups: in age order when a ``by`` column is an
    age column, else by ``value`` (largest first) with ties by name; unknown last among
    equals, nulls after it."""
    by = [c for c in by if c not in per]
    values = table[value].to_numpy(dtype=float)
    labels = {c: table[c].astype("object").tolist() for c in [*per, *by]}
    by_age = any(is_age_column(c) for c in by)

    def key(i: int) -> tuple:
        cell = tuple(group_order_key(labels[c][i], c) for c in per)
        groups = tuple(group_order_key(labels[c][i], c) for c in by)
        return (cell, groups) if by_age else (cell, -values[i], groups)

    order = sorted(range(len(table)), key=key)
    return table.iloc[order].reset_index(drop=True)


def order_metric_keys(table: pd.DataFrame, within: Sequence[str] = ("metric",)
                      ) -> pd.DataFrame:
    """Rows of ``metric, key`` tables with the keys of age metrics (``age_count``, ...) in
    age order within each ``within`` group, "unknown" last; other rows keep their order.

    >>> t = pd.DataFrame({"metric": ["age_count"] * 3 + ["gender_count"] * 2,
    ...                   "key": ["40-50", "unknown", "20-30", "male", "female"]})
    >>> order_metric_keys(t)["key"].tolist()
    ['20-30', '40-50', 'unknown', 'male', 'female']
    """
    if table.empty:
        return table
    from .intervals import group_codes

    within = [c for c in within if c in table.columns]
    blocks = group_codes(table, within)
    metrics = table["metric"].astype(str).tolist()
    keys = table["key"].astype("object").tolist()

    def rank(i: int) -> tuple:
        if is_age_column(metrics[i]):
            return (blocks[i], group_order_key(keys[i], metrics[i]))
        return (blocks[i], (i,))

    return table.iloc[sorted(range(len(table)), key=rank)].reset_index(drop=True)


def key_rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """Each row's values of ``columns`` as a tuple; ``()`` per row when there are none
    (pandas before 3 yields no tuples at all for a frame without columns).

    >>> key_rows(pd.DataFrame({"a": [1, 2]}), []), key_rows(pd.DataFrame({"a": [1]}), ["a"])
    ([(), ()], [(1,)])
    """
    if not columns:
        return [()] * len(frame)
    return list(frame[list(columns)].itertuples(index=False, name=None))
