"""Shared SQL of co-occurrence and the diversity figures (internal).

>>> q = Query(("job_id", "source", "person", "time_start", "time_end"), DUCKDB)
>>> co_occurrence_sql(q, "person", "own").startswith("WITH kept AS")
True
"""

from __future__ import annotations

from .._common import dedupe
from ..diversity import _RECIPES, DIVERSITY_METRICS
from ._sql import DUCKDB, Query

__all__ = ["DUCKDB", "Query", "co_occurrence_sql", "diversity_sql", "group_totals_sql"]


def _named(q: Query, by: str, unknown: str) -> str:
    """The rows whose ``by`` is not null, ``by`` as text, with their timeline and times."""
    q.require([by, "time_start", "time_end"])
    kept = q.rows([*q.timeline, by, "time_start", "time_end"], unknown)
    name = q.dialect.name(by)
    head = f"{q.names(q.timeline)}, " if q.timeline else ""
    return (f"kept AS ({kept}), named AS (SELECT {head}CAST({name} AS STRING) AS {name}, "
            f"time_start, time_end FROM kept WHERE {name} IS NOT NULL)")


def co_occurrence_sql(q: Query, by: str, unknown: str) -> str:
    """``<by>_a, <by>_b, seconds``: the overlap of each pair of groups' unions."""
    name, a, b = q.dialect.name(by), q.dialect.name(f"{by}_a"), q.dialect.name(f"{by}_b")
    blocks = q.blocks("named", [*q.timeline, by])
    overlap = ("greatest(least(x.block_end, y.block_end) - greatest(x.block_start, "
               "y.block_start), CAST(0 AS DOUBLE))")
    pairs = (f"SELECT x.{name} AS {a}, y.{name} AS {b}, sum({overlap}) AS seconds "
             f"FROM blocks x JOIN blocks y ON {q.same(q.timeline, 'x', 'y')} AND "
             f"x.{name} < y.{name} GROUP BY x.{name}, y.{name}")
    return (f"WITH {_named(q, by, unknown)}, blocks AS ({blocks}), pairs AS ({pairs}) "
            f"SELECT {a}, {b}, seconds FROM pairs WHERE seconds > 0 "
            f"ORDER BY seconds DESC, {a}, {b}")


def group_totals_sql(q: Query, by: str, unknown: str) -> str:
    """``<by>, seconds``: each group's own screen time (the matrix's diagonal)."""
    name = q.dialect.name(by)
    units = q.union_seconds("named", [*q.timeline, by])
    return (f"WITH {_named(q, by, unknown)} SELECT {name}, sum(seconds) AS seconds "
            f"FROM ({units}) AS units GROUP BY {name} ORDER BY {name}")


def _first(q: Query, unit: list[str], column: str) -> str:
    """Each face's first non-null ``column`` by start time (ties: the smaller value)."""
    name = q.dialect.name(column)
    return (f"SELECT {q.names(unit)}, {name} FROM (SELECT {q.names(unit)}, {name}, "
            f"row_number() OVER (PARTITION BY {q.names(unit)} ORDER BY time_start ASC "
            f"NULLS LAST, {name}) AS position FROM kept WHERE {name} IS NOT NULL) AS ranked "
            "WHERE position = 1")


def _faces(q: Query, unit: list[str]) -> str:
    spoken = "(SELECT * FROM kept WHERE speaking) AS spoken"
    joins = " ".join(f"LEFT JOIN {t} {t[0]} ON {q.same(unit, 's', t[0])}"
                     for t in ("pspeech", "genders", "ages"))
    return (f"screen AS ({q.union_seconds('kept', unit)}), "
            f"pspeech AS ({q.union_seconds(spoken, unit)}), "
            f"genders AS ({_first(q, unit, 'gender')}), ages AS ({_first(q, unit, 'age')}), "
            f"faces AS (SELECT s.seconds AS screen, coalesce(p.seconds, CAST(0 AS DOUBLE)) "
            f"AS speech, CAST(1 AS DOUBLE) AS count, CAST(s.person AS STRING) AS person, "
            f"CAST(g.gender AS STRING) AS gender, CAST(a.age AS STRING) AS age "
            f"FROM screen s {joins})")


def _metric_rows(q: Query) -> str:
    """VALUES of (position, metric, grouping column, measure), in DIVERSITY_METRICS order."""
    rows = ", ".join(f"({i}, {q.dialect.text(m)}, {q.dialect.text(_RECIPES[m][0])}, "
                     f"{q.dialect.text(_RECIPES[m][1])})" for i, m in enumerate(DIVERSITY_METRICS))
    return f"(VALUES {rows}) AS m(position, metric, grouped, measure)"


def diversity_sql(q: Query, module: str | None, unknown: str) -> str:
    """``metric, key, value``: the eight figures of ``diversity_metrics``, in its order.

    The faces are summed once per gender, age and person (grouping sets), then each
    metric picks its grouping and its measure.
    """
    q.require(["person", "gender", "age", "speaking", "time_start", "time_end"])
    where = []
    if module is not None and "module" in q.columns:
        where.append(f"module = {q.dialect.text(module)}")
    unit = dedupe([*q.timeline, "person"])
    needed = [*unit, "gender", "age", "speaking", "time_start", "time_end"]
    sums = ("sums AS (SELECT gender, age, person, grouping(gender) AS by_gender, "
            "grouping(age) AS by_age, grouping(person) AS by_person, sum(count) AS count, "
            "sum(screen) AS screen, sum(speech) AS speech FROM faces "
            "GROUP BY GROUPING SETS ((gender), (age), (person)))")
    key = ("CASE m.grouped WHEN 'gender' THEN s.gender WHEN 'age' THEN s.age "
           "ELSE s.person END")
    value = ("CASE m.measure WHEN 'count' THEN s.count WHEN 'screen' THEN s.screen "
             "ELSE s.speech END")
    matched = ("(m.grouped = 'gender' AND s.by_gender = 0) OR (m.grouped = 'age' AND "
               "s.by_age = 0) OR (m.grouped = 'person' AND s.by_person = 0)")
    return (f"WITH kept AS ({q.rows(needed, unknown, where=where)}), {_faces(q, unit)}, "
            f"{sums} SELECT metric, key, value FROM (SELECT m.position, m.metric, {key} AS "
            f"key, {value} AS value FROM sums s JOIN {_metric_rows(q)} ON {matched}) AS "
            "metrics WHERE key IS NOT NULL ORDER BY position, key")
