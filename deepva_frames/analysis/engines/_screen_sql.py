"""Shared SQL of screen time, speech vs screen time and person counts (internal).

Each function returns one query text over ``{seg}`` (and ``{media}``) that DuckDB and
Spark both run; the figures are those of :mod:`deepva_frames.analysis.screen`, the
shares those of ``analysis._shares`` (media of the cell's jobs, before ``unknown=``).

>>> q = Query(("job_id", "source", "person", "time_start", "time_end"), DUCKDB)
>>> "share_of_screen" in screen_time_sql(q, ["person"], [], "own")
True
"""

from __future__ import annotations

from collections.abc import Sequence

from .._common import dedupe
from ..screen import OVERLAPS
from ._sql import DUCKDB, Query

__all__ = ["DUCKDB", "Query", "media_problems_sql", "person_counts_sql", "screen_time_sql",
           "speech_vs_screen_sql"]


def _unit_keys(q: Query, by: Sequence[str], per: Sequence[str], overlaps: str) -> list[str]:
    if overlaps not in OVERLAPS:
        raise ValueError(f"overlaps= must be one of {OVERLAPS}, got {overlaps!r}")
    person = ["person"] if overlaps == "per_person" else []
    q.require([*by, *per, *person, "time_start", "time_end"])
    return dedupe([*q.timeline, *per, *by, *person])


def _cells(q: Query, units: str, cells: list[str], value: str) -> str:
    return (f"SELECT {q.names(cells)}, sum(seconds) AS {value} FROM {units} "
            f"GROUP BY {q.names(cells)}")


def _over(q: Query, per: Sequence[str], expression: str, prefix: str = "") -> str:
    partition = f"PARTITION BY {q.names(per, prefix)}" if per else ""
    return f"sum({expression}) OVER ({partition})"


def _group(q: Query, columns: Sequence[str], prefix: str = "") -> str:
    return f" GROUP BY {q.names(columns, prefix)}" if columns else ""


def _media_ctes(q: Query, per: list[str], media_columns: Sequence[str]) -> str:
    """``denominators`` (media seconds per ``per`` cell, with its null durations) and
    ``missing`` (the cell's job sources without a media row), as ``media_seconds``."""
    line = [k for k in q.timeline if k in media_columns]
    extra = [c for c in per if c in media_columns and c not in line]
    head = f"{q.names(per)}, " if per else ""
    rows = q.rows([*per, *line], "own")
    if line:
        kept = ", ".join([q.names(line), *(f"max({q.dialect.name(c)}) AS "
                                           f"{q.dialect.name(c)}" for c in extra)])
        media = (f"SELECT {kept}, max(duration_s) AS duration_s, count(*) - "
                 f"count(duration_s) AS nulls FROM {{media}} GROUP BY {q.names(line)}")
    else:
        media = (f"SELECT {q.names(extra) + ', ' if extra else ''}duration_s, CASE WHEN "
                 "duration_s IS NULL THEN 1 ELSE 0 END AS nulls FROM (SELECT DISTINCT "
                 f"{q.names(extra) + ', ' if extra else ''}duration_s FROM {{media}}) AS d")
    by_job = "job_id" in line
    wanted = dedupe([*per, "job_id"] if by_job else per)
    matched = [f"c.{q.dialect.name(c)} IS NOT DISTINCT FROM m.{q.dialect.name(c)}"
               for c in per if c in media_columns and c != "job_id"]
    if by_job:
        matched.insert(0, "c.job_id = m.job_id")
    join = f"JOIN media_rows m ON {' AND '.join(matched)}" if matched else \
        "CROSS JOIN media_rows m"
    cells = (f"(SELECT DISTINCT {q.names(wanted)} FROM cell_lines) AS c" if wanted
             else "(SELECT 1 AS one) AS c")
    picked = ", ".join([*(f"c.{q.dialect.name(c)}" for c in per),
                        *(f"m.{q.dialect.name(c)} AS {q.dialect.name('m_' + c)}" for c in line)])
    return (f"cell_lines AS (SELECT DISTINCT {q.names([*per, *line]) or '1 AS one'} FROM "
            f"({rows}) AS every_row), media_rows AS ({media}), "
            f"candidates AS (SELECT {picked + ', ' if picked else ''}m.duration_s, m.nulls "
            f"FROM {cells} {join}), "
            f"missing AS (SELECT {head}count(*) AS gaps FROM (SELECT "
            f"{q.names(per, 'l.') + ', ' if per else ''}k.nulls FROM cell_lines l LEFT JOIN "
            f"candidates k ON {_same_line(q, per, line)}) AS lines WHERE nulls IS NULL"
            f"{_group(q, per)}), "
            f"denominators AS (SELECT {head}sum(duration_s) AS media_seconds, "
            f"sum(nulls) AS nulls, count(*) AS n FROM candidates{_group(q, per)})")


def media_problems_sql(q: Query, per: list[str], media_columns: Sequence[str]) -> str:
    """Why cells' media durations are unknown, as ``analysis._shares`` lists it: rows of
    the ``per`` columns, the timeline (the media's job_id / source, as ``line_<name>``)
    and ``problem`` ("no media row", "duration_s is null", "no media rows").

    >>> q = Query(("job_id", "source", "person", "time_start", "time_end"), DUCKDB)
    >>> "line_source" in media_problems_sql(q, [], ["job_id", "source", "duration_s"])
    True
    """
    line = [k for k in q.timeline if k in media_columns]

    def columns(cells: str, lines: str, of_line: str = "") -> str:
        named = [f"{cells}.{q.dialect.name(c)} AS {q.dialect.name(c)}" for c in per]
        named += [f"{lines}.{q.dialect.name(of_line + c)} AS {q.dialect.name('line_' + c)}"
                  for c in line]
        return ", ".join([*named, ""])

    nulls = (f"SELECT DISTINCT {columns('k', 'k', 'm_')}'duration_s is null' AS problem "
             "FROM candidates k WHERE k.nulls > 0")
    if line:
        missing = (f"SELECT DISTINCT {columns('l', 'l')}'no media row' AS problem FROM "
                   f"cell_lines l LEFT JOIN candidates k ON {_same_line(q, per, line)} "
                   "WHERE k.nulls IS NULL")
    else:
        missing = (f"SELECT DISTINCT {columns('l', 'l')}'no media rows' AS problem FROM "
                   "cell_lines l WHERE NOT EXISTS (SELECT 1 FROM candidates)")
    return f"WITH {_media_ctes(q, per, list(media_columns))} {missing} UNION ALL {nulls}"


def _same_line(q: Query, per: list[str], line: list[str]) -> str:
    pairs = [f"l.{q.dialect.name(c)} IS NOT DISTINCT FROM k.{q.dialect.name(c)}" for c in per]
    pairs += [f"l.{q.dialect.name(c)} IS NOT DISTINCT FROM k.{q.dialect.name('m_' + c)}"
              for c in line]
    return " AND ".join(pairs) or "1 = 1"


def _joins(q: Query, per: list[str], media_columns: Sequence[str] | None) -> str:
    if media_columns is None:
        return ""
    return (f" LEFT JOIN denominators d ON {q.same(per, 'c', 'd')} LEFT JOIN missing x ON "
            f"{q.same(per, 'c', 'x')}")


def _of_media(value: str, media_columns: Sequence[str] | None, q: Query) -> str:
    if media_columns is None:
        return "CAST(NULL AS DOUBLE)"
    some = "" if any(k in media_columns for k in q.timeline) else " AND d.n > 0"
    return (f"CASE WHEN coalesce(x.gaps, 0) = 0 AND coalesce(d.nulls, 0) = 0{some} AND "
            f"d.media_seconds > 0 THEN {value} / d.media_seconds END")


def _of_cell(q: Query, per: list[str], value: str) -> str:
    total = _over(q, per, value, "c.")
    return f"CASE WHEN {total} > 0 THEN {value} / {total} END"


def screen_time_sql(q: Query, by: list[str], per: list[str], unknown: str, *,
                    overlaps: str = "merge", media: Sequence[str] | None = None) -> str:
    """``[*per, *by, seconds, share_of_media, share_of_screen]``, as ``screen_time``;
    ``media``: the media table's columns (None: no media)."""
    keys = _unit_keys(q, by, per, overlaps)
    cells = dedupe([*per, *by])
    ctes = [f"kept AS ({q.rows([*keys, 'time_start', 'time_end'], unknown)})",
            f"units AS ({q.union_seconds('kept', keys)})",
            f"cells AS ({_cells(q, 'units', cells, 'seconds')})"]
    if media is not None:
        ctes.append(_media_ctes(q, per, media))
    return (f"WITH {', '.join(ctes)} SELECT * FROM (SELECT {q.names(cells, 'c.')}, "
            f"c.seconds, {_of_media('c.seconds', media, q)} AS share_of_media, "
            f"{_of_cell(q, per, 'c.seconds')} AS share_of_screen FROM cells c"
            f"{_joins(q, per, media)}) AS result{q.order(per, 'seconds', by)}")


def speech_vs_screen_sql(q: Query, by: list[str], per: list[str], unknown: str, *,
                         overlaps: str = "merge", media: Sequence[str] | None = None) -> str:
    """``[*per, *by, screen_seconds, speech_seconds, share_of_media, share_of_screen,
    speech_share_of_media, speech_share_of_speech, speech_share_of_own_screen]``."""
    keys = _unit_keys(q, by, per, overlaps)
    q.require(["speaking"])
    cells = dedupe([*per, *by])
    spoken = "(SELECT * FROM kept WHERE speaking) AS spoken"
    shown = f"({q.union_seconds('kept', keys)}) AS u"
    heard = f"({q.union_seconds(spoken, keys)}) AS u"
    ctes = [f"kept AS ({q.rows([*keys, 'speaking', 'time_start', 'time_end'], unknown)})",
            f"screen AS ({_cells(q, shown, cells, 'v')})",
            f"speech AS ({_cells(q, heard, cells, 'v')})",
            f"cells AS (SELECT {q.names(cells, 's.')}, s.v AS screen_seconds, "
            f"coalesce(p.v, CAST(0 AS DOUBLE)) AS speech_seconds FROM screen s LEFT JOIN "
            f"speech p ON {q.same(cells, 's', 'p')})"]
    if media is not None:
        ctes.append(_media_ctes(q, per, media))
    screen, speech = "c.screen_seconds", "c.speech_seconds"
    shares = (f"{_of_media(screen, media, q)} AS share_of_media, "
              f"{_of_cell(q, per, screen)} AS share_of_screen, "
              f"{_of_media(speech, media, q)} AS speech_share_of_media, "
              f"{_of_cell(q, per, speech)} AS speech_share_of_speech, "
              f"CASE WHEN {screen} > 0 THEN {speech} / {screen} END AS "
              "speech_share_of_own_screen")
    return (f"WITH {', '.join(ctes)} SELECT * FROM (SELECT {q.names(cells, 'c.')}, {screen}, "
            f"{speech}, {shares} FROM cells c{_joins(q, per, media)}) AS result"
            f"{q.order(per, 'screen_seconds', by)}")


def person_counts_sql(q: Query, by: list[str], per: list[str], unknown: str) -> str:
    """``[*per, *by, persons, share_of_persons]``: distinct faces per timeline, summed."""
    keys = dedupe([*q.timeline, *per, *by, "person"])
    q.require(dedupe([*by, *per, "person"]))
    cells = dedupe([*per, *by])
    total = _over(q, per, "persons")
    return (f"WITH kept AS ({q.rows(keys, unknown)}), faces AS (SELECT DISTINCT "
            f"{q.names(keys)} FROM kept), cells AS (SELECT {q.names(cells)}, count(*) AS "
            f"persons FROM faces GROUP BY {q.names(cells)}) SELECT {q.names(cells)}, persons, "
            f"CAST(persons AS DOUBLE) / {total} AS share_of_persons FROM cells"
            f"{q.order(per, 'persons', by)}")
