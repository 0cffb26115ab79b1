"""The analysis functions computed in DuckDB: relations in, relations out (lazy).

Each function takes the segments as an export folder (``bi/``, ``bi/segments`` or one
Parquet file), a DuckDB relation, an Arrow table or dataset, or a polars frame, and
returns a DuckDB relation of the same columns and figures as the pandas function of the
same name in :mod:`deepva_frames.analysis` (which returns these as DataFrames when given
such inputs). Nothing is read until the relation is fetched; DuckDB streams the Parquet
files and spills to a temporary folder when memory runs short.

>>> import deepva_frames as dvf, tempfile
>>> bi = tempfile.mkdtemp()
>>> _ = dvf.sample_client().export(bi, all_jobs=True)
>>> faces = read_export(bi).filter("module = 'face_recognition'")
>>> top = screen_time(faces, by="person").limit(1).fetchall()[0]
>>> top[0], round(top[1], 2)
('Mara Lindqvist', 94.05)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._common import columns_of, per_columns
from ._dialect import DUCKDB
from ._inputs import UnsupportedInput, engine_of, export_root, open_duckdb, read_export
from ._pairs_sql import co_occurrence_sql, diversity_sql, group_totals_sql
from ._screen_sql import (
    media_problems_sql,
    person_counts_sql,
    screen_time_sql,
    speech_vs_screen_sql,
)
from ._sql import Query

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = ["co_occurrence", "diversity_metrics", "group_totals", "media_problems",
           "person_counts", "read_export", "relation", "screen_time", "speech_vs_screen"]

def relation(data: Any, table: str = "segments") -> duckdb.DuckDBPyRelation:
    """``data`` as a DuckDB relation: an export folder's ``table``, or Arrow / polars data
    scanned in place, or the relation itself."""
    if isinstance(data, str | os.PathLike):
        return read_export(data, table)
    if engine_of(data, table) != "duckdb":
        raise UnsupportedInput(f"{table} must be an export folder, a DuckDB relation, an "
                               f"Arrow table or a polars frame, not {type(data).__name__}")
    if type(data).__name__ == "DuckDBPyRelation":
        return data
    if type(data).__name__ == "LazyFrame":
        data = data.collect()
    return open_duckdb().from_arrow(data)


def _media(media: Any, segments: Any) -> pa.Table | None:
    """The media table as a small Arrow table (None without media).

    With an export folder as ``segments`` and no ``media``, the export's own media.
    """
    import pyarrow as pa

    if media is None and isinstance(segments, str | os.PathLike):
        root = export_root(segments)
        media = root if root is not None and (root / "media").is_dir() else None
    if media is None:
        return None
    if isinstance(media, pd.DataFrame):
        Query(tuple(media.columns), DUCKDB).require(["duration_s"], "media")
        return pa.Table.from_pandas(media, preserve_index=False)
    rows = relation(media, "media")
    Query(tuple(rows.columns), DUCKDB).require(["duration_s"], "media")
    return rows.to_arrow_table() if hasattr(rows, "to_arrow_table") else rows.arrow()


def _run(rows: duckdb.DuckDBPyRelation, sql: str, media: pa.Table | None = None
         ) -> duckdb.DuckDBPyRelation:
    dvf_media_table = media  # noqa: F841 - read by DuckDB's replacement scan as {media}
    result = rows.query("dvf_segments", sql.format(seg="dvf_segments", media="dvf_media_table"))
    assert result is not None  # a SELECT always gives a relation
    return result


def _query(rows: duckdb.DuckDBPyRelation) -> Query:
    return Query(tuple(rows.columns), DUCKDB)


def screen_time(segments: Any, by: str | list[str] = "person",
                per: str | list[str] | None = None, unknown: str = "own", *,
                overlaps: str = "merge", media: Any = None) -> duckdb.DuckDBPyRelation:
    """:func:`deepva_frames.analysis.screen_time` in DuckDB; ``media`` may be a DataFrame,
    a relation or a folder (default: the export's own media when ``segments`` is one)."""
    return _over_time(screen_time_sql, segments, by, per, unknown, overlaps, media)


def speech_vs_screen(segments: Any, by: str | list[str] = "gender",
                     per: str | list[str] | None = None, unknown: str = "own", *,
                     overlaps: str = "merge", media: Any = None) -> duckdb.DuckDBPyRelation:
    """:func:`deepva_frames.analysis.speech_vs_screen` in DuckDB (``media`` as in
    :func:`screen_time`)."""
    return _over_time(speech_vs_screen_sql, segments, by, per, unknown, overlaps, media)


def _over_time(sql_of: Callable[..., str], segments: Any, by: str | list[str],
               per: str | list[str] | None, unknown: str, overlaps: str, media: Any
               ) -> duckdb.DuckDBPyRelation:
    """A figure over time (screen or speech time) with its media table, if any."""
    rows, table = relation(segments), _media(media, segments)
    sql = sql_of(_query(rows), columns_of(by), per_columns(per), unknown, overlaps=overlaps,
                 media=None if table is None else table.column_names)
    return _run(rows, sql, table)


def media_problems(segments: Any, per: str | list[str] | None = None, media: Any = None
                   ) -> duckdb.DuckDBPyRelation | None:
    """Why the cells' media durations are unknown (rows of ``per``, ``line_job_id`` /
    ``line_source`` and ``problem``); None without media (``media`` as in
    :func:`screen_time`)."""
    rows, table = relation(segments), _media(media, segments)
    if table is None:
        return None
    return _run(rows, media_problems_sql(_query(rows), per_columns(per), table.column_names),
                table)


def person_counts(segments: Any, by: str | list[str] = "gender",
                  per: str | list[str] | None = None, unknown: str = "own"
                  ) -> duckdb.DuckDBPyRelation:
    """:func:`deepva_frames.analysis.person_counts` in DuckDB."""
    rows = relation(segments)
    return _run(rows, person_counts_sql(_query(rows), columns_of(by), per_columns(per),
                                        unknown))


def co_occurrence(segments: Any, by: str = "person", unknown: str = "own"
                  ) -> duckdb.DuckDBPyRelation:
    """:func:`deepva_frames.analysis.co_occurrence` in DuckDB (the long form)."""
    rows = relation(segments)
    return _run(rows, co_occurrence_sql(_query(rows), by, unknown))


def group_totals(segments: Any, by: str = "person", unknown: str = "own"
                 ) -> duckdb.DuckDBPyRelation:
    """Each ``by`` group's own screen time, by name: the co-occurrence matrix's diagonal."""
    rows = relation(segments)
    return _run(rows, group_totals_sql(_query(rows), by, unknown))


def diversity_metrics(segments: Any, *, module: str | None = "advanced_diversity_analysis",
                      unknown: str = "own") -> duckdb.DuckDBPyRelation:
    """:func:`deepva_frames.analysis.diversity_metrics` in DuckDB."""
    rows = relation(segments)
    return _run(rows, diversity_sql(_query(rows), module, unknown))
