"""The building blocks of the shared analysis SQL (internal).

Every query reads the segments as ``{seg}`` (and the media as ``{media}``): DuckDB gets a
view of that name, Spark a DataFrame argument of ``spark.sql``. Intervals are
``[time_start, time_end)``; one media source of one job is a *timeline*.

The union of a group's intervals needs no gaps-and-islands pass: with the rows sorted by
start, the part of an interval not covered by earlier ones is
``max(0, end - max(start, reach))``, ``reach`` being the largest end before it, so the
union's length is the sum of those parts (one window, one aggregate).

>>> q = Query(("job_id", "source", "person", "time_start", "time_end"), DUCKDB)
>>> print(q.union_seconds("rows", ["job_id", "person"]))  # doctest: +NORMALIZE_WHITESPACE
SELECT "job_id", "person", sum(CASE WHEN time_end > time_start THEN greatest(time_end -
  greatest(time_start, coalesce(reach, time_start)), CAST(0 AS DOUBLE)) ELSE CAST(0 AS
  DOUBLE) END) AS seconds FROM (SELECT "job_id", "person", time_start, time_end,
  max(CASE WHEN time_end > time_start THEN time_end END) OVER (PARTITION BY "job_id",
  "person" ORDER BY time_start, time_end ROWS BETWEEN UNBOUNDED PRECEDING AND 1
  PRECEDING) AS reach FROM rows) AS ordered GROUP BY "job_id", "person"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .._common import UNKNOWN, UNKNOWN_MODES, dedupe, require
from ._dialect import DUCKDB, Dialect

__all__ = ["DUCKDB", "TIMELINE", "Query"]

TIMELINE = ("job_id", "source")
ZERO = "CAST(0 AS DOUBLE)"
VALID = "time_end > time_start"


@dataclass(frozen=True)
class Query:
    """SQL pieces over an input of ``columns``, spelled for ``dialect``."""

    columns: tuple[str, ...]
    dialect: Dialect

    def names(self, columns: Sequence[str], prefix: str = "") -> str:
        return self.dialect.names(list(columns), prefix)

    def require(self, names: Sequence[str], what: str = "segments") -> None:
        """KeyError naming the columns of ``names`` the input lacks (as in pandas)."""
        require(pd.DataFrame(columns=list(self.columns)), names, what)

    @property
    def timeline(self) -> list[str]:
        """The columns of the input that name a timeline (``job_id``, ``source``)."""
        return [key for key in TIMELINE if key in self.columns]

    def _person(self, unknown: str) -> str:
        known = f"coalesce(person, {self.dialect.text(UNKNOWN)})"
        if unknown == "closest_person" and "closest_person" in self.columns:
            return (f"CASE WHEN {known} = {self.dialect.text(UNKNOWN)} AND closest_person "
                    f"IS NOT NULL THEN closest_person ELSE {known} END")
        return known

    def rows(self, needed: Sequence[str], unknown: str, *, where: Sequence[str] = ()) -> str:
        """SELECT of the ``needed`` columns, ``person`` read as the ``unknown`` mode says.

        A null person is "unknown"; ``"closest_person"`` gives an unknown face its
        closest person (when it has one); ``"drop"`` leaves unknown faces out.
        """
        if unknown not in UNKNOWN_MODES:
            raise ValueError(f"unknown= must be one of {UNKNOWN_MODES}, got {unknown!r}")
        conditions = list(where)
        items = [self.dialect.name(c) for c in dedupe(needed) if c != "person"]
        if "person" in self.columns and "person" in needed:
            items.append(f"{self._person(unknown)} AS person")
        if "person" in self.columns and unknown == "drop":
            conditions.append(f"person IS NOT NULL AND person <> {self.dialect.text(UNKNOWN)}")
        where_text = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return f"SELECT {', '.join(items)} FROM {{seg}}{where_text}"

    def _window(self, keys: Sequence[str]) -> str:
        partition = f"PARTITION BY {self.names(keys)} " if keys else ""
        return f"OVER ({partition}ORDER BY time_start, time_end"

    def union_seconds(self, source: str, keys: Sequence[str]) -> str:
        """SELECT keys, ``seconds``: the length of each group's union of intervals.

        Every group with a row appears (0.0 when none of its intervals has a length);
        rows without both times, or of zero or negative length, add nothing.
        """
        reach = (f"max(CASE WHEN {VALID} THEN time_end END) {self._window(keys)} "
                 "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach")
        part = (f"CASE WHEN {VALID} THEN greatest(time_end - greatest(time_start, "
                f"coalesce(reach, time_start)), {ZERO}) ELSE {ZERO} END")
        head = f"{self.names(keys)}, " if keys else ""
        group = f" GROUP BY {self.names(keys)}" if keys else ""
        return (f"SELECT {head}sum({part}) AS seconds FROM (SELECT {head}time_start, "
                f"time_end, {reach} FROM {source}) AS ordered{group}")

    def blocks(self, source: str, keys: Sequence[str]) -> str:
        """SELECT keys, ``block_start``, ``block_end``: each group's union as disjoint blocks.

        Touching intervals merge; rows without a positive length are left out.
        """
        head = f"{self.names(keys)}, " if keys else ""
        reach = (f"max(time_end) {self._window(keys)} ROWS BETWEEN UNBOUNDED PRECEDING "
                 "AND 1 PRECEDING) AS reach")
        flagged = (f"SELECT {head}time_start, time_end, {reach} FROM {source} "
                   f"WHERE {VALID}")
        starts = (f"SELECT {head}time_start, time_end, sum(CASE WHEN reach IS NULL OR "
                  f"time_start > reach THEN 1 ELSE 0 END) {self._window(keys)} ROWS "
                  f"UNBOUNDED PRECEDING) AS block FROM ({flagged}) AS flagged")
        return (f"SELECT {head}min(time_start) AS block_start, max(time_end) AS block_end "
                f"FROM ({starts}) AS numbered GROUP BY {head}block")

    def same(self, keys: Sequence[str], left: str, right: str) -> str:
        """Join condition: ``keys`` equal in ``left`` and ``right``, nulls equal too."""
        if not keys:
            return "1 = 1"
        return " AND ".join(f"{left}.{self.dialect.name(k)} IS NOT DISTINCT FROM "
                            f"{right}.{self.dialect.name(k)}" for k in keys)

    def order(self, per: Sequence[str], value: str, by: Sequence[str]) -> str:
        """ORDER BY ``per``, then ``value`` (largest first), then ``by``; nulls last."""
        items = [f"{self.dialect.name(c)} ASC NULLS LAST" for c in per]
        items.append(f"{value} DESC")
        items += [f"{self.dialect.name(c)} ASC NULLS LAST" for c in by if c not in per]
        return " ORDER BY " + ", ".join(items)

