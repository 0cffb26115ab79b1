"""Shared SQL of screen time, speech vs screen time and person counts (internal).

Each function returns one query text over ``{seg}`` (and ``{media}``) that DuckDB and
Spark both run; the figures are those of :mod:`deepva_frames.analysis.screen`.

>>> q = Query(("job_id", "source", "person", "time_start", "time_end"), DUCKDB)
>>> "share_of_screen" in screen_time_sql(q, ["person"], [], "own")
True
"""

from __future__ import annotations

from collections.abc import Sequence

from .._common import dedupe
from ..screen import OVERLAPS
from ._sql import DUCKDB, Query

__all__ = ["DUCKDB", "Query", "person_counts_sql", "screen_time_sql", "speech_vs_screen_sql"]


def _unit_keys(q: Query, by: Sequence[str], per: Sequence[str], overlaps: str) -> list[str]:
    if overlaps not in OVERLAPS:
        raise ValueError(f"overlaps= must be one of {OVERLAPS}, got {overlaps!r}")
    person = ["person"] if overlaps == "per_person" else []
    return dedupe([*q.timeline, *per, *by, *person])


def _cells(q: Query, units: str, cells: list[str], value: str) -> str:
    return (f"SELECT {q.names(cells)}, sum(seconds) AS {value} FROM {units} "
            f"GROUP BY {q.names(cells)}")


def _over(q: Query, per: Sequence[str], expression: str, prefix: str = "") -> str:
    partition = f"PARTITION BY {q.names(per, prefix)}" if per else ""
    return f"sum({expression}) OVER ({partition})"


def _media_ctes(q: Query, per: list[str]) -> str:
    """Total media duration per ``per`` cell of the jobs the rows come from, and gaps.

    Every source those jobs have in ``{media}`` counts; ``gaps`` counts the jobs (or
    sources) of the cell with no media row or a null duration. Independent of unknown=.
    """
    on_source = " AND c.source IS NOT DISTINCT FROM m.source" if "source" in per else ""
    group = f" GROUP BY {q.names(per, 'c.')}" if per else ""
    head = f"{q.names(per, 'c.')}, " if per else ""
    jobs = q.rows([*per, "job_id"], "own")
    return (f"cell_jobs AS (SELECT DISTINCT {q.names(dedupe([*per, 'job_id']))} FROM "
            f"({jobs}) AS every_row), "
            "media_rows AS (SELECT job_id, source, max(duration_s) AS duration_s, "
            "count(*) - count(duration_s) AS nulls FROM {media} GROUP BY job_id, source), "
            f"denominators AS (SELECT {head}sum(m.duration_s) AS media_seconds, "
            "sum(CASE WHEN m.job_id IS NULL OR m.nulls > 0 THEN 1 ELSE 0 END) AS gaps "
            f"FROM cell_jobs c LEFT JOIN media_rows m ON c.job_id = m.job_id{on_source}{group})")


def screen_time_sql(q: Query, by: list[str], per: list[str], unknown: str, *,
                    overlaps: str = "merge", media: bool = False,
                    duration: float | None = None) -> str:
    """``[*per, *by, seconds, share_of_media, share_of_screen]``, as ``screen_time``."""
    person = ["person"] if overlaps == "per_person" else []
    q.require([*by, *per, *person, "time_start", "time_end"])
    units = q.union_seconds("kept", _unit_keys(q, by, per, overlaps))
    needed = [*_unit_keys(q, by, per, overlaps), "time_start", "time_end"]
    cells = dedupe([*per, *by])
    ctes = [f"kept AS ({q.rows(needed, unknown)})", f"units AS ({units})",
            f"cells AS ({_cells(q, 'units', cells, 'seconds')})"]
    join, of_media = "", "CAST(NULL AS DOUBLE)"
    if duration is not None:
        of_media = f"CASE WHEN {float(duration)!r} > 0 THEN c.seconds / {float(duration)!r} END"
    elif media and "job_id" in q.columns:
        ctes.append(_media_ctes(q, per))
        join = (f" LEFT JOIN denominators d ON {q.same(per, 'c', 'd')}" if per
                else " CROSS JOIN denominators d")
        of_media = ("CASE WHEN d.gaps = 0 AND d.media_seconds > 0 "
                    "THEN c.seconds / d.media_seconds END")
    total = _over(q, per, "c.seconds", "c.")
    return (f"WITH {', '.join(ctes)} SELECT * FROM (SELECT {q.names(cells, 'c.')}, c.seconds, "
            f"{of_media} AS share_of_media, CASE WHEN {total} > 0 THEN c.seconds / {total} "
            f"END AS share_of_screen FROM cells c{join}) AS result{q.order(per, 'seconds', by)}")


def speech_vs_screen_sql(q: Query, by: list[str], per: list[str], unknown: str, *,
                         overlaps: str = "merge") -> str:
    """``[*per, *by, screen_seconds, speech_seconds, speech_share]``."""
    keys = _unit_keys(q, by, per, overlaps)
    q.require([*keys, "time_start", "time_end", "speaking"])
    cells = dedupe([*per, *by])
    spoken = "(SELECT * FROM kept WHERE speaking) AS spoken"
    shown = f"({q.union_seconds('kept', keys)}) AS u"
    heard = f"({q.union_seconds(spoken, keys)}) AS u"
    ctes = [f"kept AS ({q.rows([*keys, 'speaking', 'time_start', 'time_end'], unknown)})",
            f"screen AS ({_cells(q, shown, cells, 'v')})",
            f"speech AS ({_cells(q, heard, cells, 'v')})"]
    speech = "coalesce(p.v, CAST(0 AS DOUBLE))"
    return (f"WITH {', '.join(ctes)} SELECT * FROM (SELECT {q.names(cells, 's.')}, "
            "s.v AS screen_seconds, "
            f"{speech} AS speech_seconds, CASE WHEN s.v > 0 THEN {speech} / s.v END AS "
            f"speech_share FROM screen s LEFT JOIN speech p ON {q.same(cells, 's', 'p')}) "
            f"AS result{q.order(per, 'screen_seconds', by)}")


def person_counts_sql(q: Query, by: list[str], per: list[str], unknown: str) -> str:
    """``[*per, *by, persons, share]``: distinct persons per timeline, summed."""
    keys = dedupe([*q.timeline, *per, *by, "person"])
    q.require(dedupe([*by, *per, "person"]))
    cells = dedupe([*per, *by])
    total = _over(q, per, "persons")
    return (f"WITH kept AS ({q.rows(keys, unknown)}), faces AS (SELECT DISTINCT "
            f"{q.names(keys)} FROM kept), cells AS (SELECT {q.names(cells)}, count(*) AS "
            f"persons FROM faces GROUP BY {q.names(cells)}) SELECT {q.names(cells)}, persons, "
            f"CAST(persons AS DOUBLE) / {total} AS share FROM cells"
            f"{q.order(per, 'persons', by)}")
