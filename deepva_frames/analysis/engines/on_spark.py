"""The analysis functions computed in Spark: Spark DataFrames in, Spark DataFrames out.

Each function runs the same SQL text as :mod:`.on_duckdb` through ``spark.sql``, so the
figures are those of the pandas functions of :mod:`deepva_frames.analysis` (which
return these as pandas DataFrames when given a Spark DataFrame). Nothing runs until an
action (``show``, ``collect``, ``toPandas``, a write).

    spark = SparkSession.builder.master("local[2]").getOrCreate()
    segments = read_export(spark, "bi/")                  # job_id stays a string
    screen_time(segments, by="gender", per="job").show()
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._common import columns_of, per_columns
from ._dialect import SPARK
from ._inputs import UnsupportedInput, engine_of, export_root
from ._pairs_sql import co_occurrence_sql, diversity_sql, group_totals_sql
from ._screen_sql import (
    media_problems_sql,
    person_counts_sql,
    screen_time_sql,
    speech_vs_screen_sql,
)
from ._sql import Query

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["co_occurrence", "diversity_metrics", "group_totals", "media_problems",
           "person_counts", "read_export", "screen_time", "speech_vs_screen"]

INFERENCE = "spark.sql.sources.partitionColumnTypeInference.enabled"
LISTING = "spark.sql.sources.parallelPartitionDiscovery.threshold"
MEDIA_SCHEMA = "job_id string, source string, duration_s double"


def read_export(spark: SparkSession, path: str | os.PathLike[str], table: str = "segments"
                ) -> DataFrame:
    """Table ``table`` of a local export folder (or table folder) as a Spark DataFrame.

    Partition discovery gives ``job_id`` back from the ``job_id=<id>`` folders, read as
    text: type inference is off while the folder is listed, so ids that look like
    numbers stay strings. The folder is listed by the driver (a local folder of
    thousands of jobs lists in a second or two; Spark's parallel listing job takes
    tens). Both settings are set back afterwards.
    """
    folder = Path(path).resolve()  # the JVM resolves relative paths against its own cwd
    if (folder / table).is_dir():
        folder = folder / table
    with _settings(spark, {INFERENCE: "false", LISTING: "1000000000"}):
        return spark.read.parquet(str(folder))


@contextlib.contextmanager
def _settings(spark: SparkSession, values: dict[str, str]) -> Iterator[None]:
    previous = {key: spark.conf.get(key, None) for key in values}
    for key, value in values.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, old in previous.items():
            if old is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, old)


def _frame(data: Any) -> DataFrame:
    if engine_of(data) != "spark":
        raise UnsupportedInput(f"segments must be a Spark DataFrame here, not "
                               f"{type(data).__name__}")
    return data


def _media(spark: SparkSession, media: Any) -> DataFrame:
    """The media as a Spark DataFrame; a pandas one gives its job_id, source and
    duration_s (nulls, not NaN)."""
    if isinstance(media, str | os.PathLike):
        root = export_root(media) or Path(media)
        return read_export(spark, root, "media")
    if isinstance(media, pd.DataFrame):
        Query(tuple(media.columns), SPARK).require(["job_id", "source", "duration_s"], "media")
        rows = media[["job_id", "source", "duration_s"]].astype(object)
        rows = rows.where(rows.notna(), None)
        return spark.createDataFrame([tuple(r) for r in rows.itertuples(index=False)],
                                     MEDIA_SCHEMA)
    Query(tuple(media.columns), SPARK).require(["duration_s"], "media")
    return media


def _run(segments: DataFrame, sql: str, media: DataFrame | None = None) -> DataFrame:
    tables: dict[str, Any] = {"seg": segments}
    if media is not None:
        tables["media"] = media
    return segments.sparkSession.sql(sql, **tables)


def _query(segments: DataFrame) -> Query:
    return Query(tuple(segments.columns), SPARK)


def screen_time(segments: DataFrame, by: str | list[str] = "person",
                per: str | list[str] | None = None, unknown: str = "own", *,
                overlaps: str = "merge", media: Any = None) -> DataFrame:
    """:func:`deepva_frames.analysis.screen_time` in Spark; ``media``: a Spark or pandas
    DataFrame, or an export folder."""
    return _over_time(screen_time_sql, segments, by, per, unknown, overlaps, media)


def speech_vs_screen(segments: DataFrame, by: str | list[str] = "gender",
                     per: str | list[str] | None = None, unknown: str = "own", *,
                     overlaps: str = "merge", media: Any = None) -> DataFrame:
    """:func:`deepva_frames.analysis.speech_vs_screen` in Spark (``media`` as in
    :func:`screen_time`)."""
    return _over_time(speech_vs_screen_sql, segments, by, per, unknown, overlaps, media)


def _over_time(sql_of: Callable[..., str], segments: Any, by: str | list[str],
               per: str | list[str] | None, unknown: str, overlaps: str, media: Any) -> DataFrame:
    """A figure over time (screen or speech time) with its media table, if any."""
    frame = _frame(segments)
    table = None if media is None else _media(frame.sparkSession, media)
    sql = sql_of(_query(frame), columns_of(by), per_columns(per), unknown, overlaps=overlaps,
                 media=None if table is None else table.columns)
    return _run(frame, sql, table)


def media_problems(segments: DataFrame, per: str | list[str] | None = None, media: Any = None
                   ) -> DataFrame | None:
    """Why the cells' media durations are unknown (as :func:`.on_duckdb.media_problems`);
    None without media."""
    frame = _frame(segments)
    if media is None:
        return None
    table = _media(frame.sparkSession, media)
    return _run(frame, media_problems_sql(_query(frame), per_columns(per), table.columns),
                table)


def person_counts(segments: DataFrame, by: str | list[str] = "gender",
                  per: str | list[str] | None = None, unknown: str = "own") -> DataFrame:
    """:func:`deepva_frames.analysis.person_counts` in Spark."""
    frame = _frame(segments)
    return _run(frame, person_counts_sql(_query(frame), columns_of(by), per_columns(per),
                                         unknown))


def co_occurrence(segments: DataFrame, by: str = "person", unknown: str = "own"
                  ) -> DataFrame:
    """:func:`deepva_frames.analysis.co_occurrence` in Spark (the long form)."""
    frame = _frame(segments)
    return _run(frame, co_occurrence_sql(_query(frame), by, unknown))


def group_totals(segments: DataFrame, by: str = "person", unknown: str = "own") -> DataFrame:
    """Each ``by`` group's own screen time, by name: the co-occurrence matrix's diagonal."""
    frame = _frame(segments)
    return _run(frame, group_totals_sql(_query(frame), by, unknown))


def diversity_metrics(segments: DataFrame, *,
                      module: str | None = "advanced_diversity_analysis",
                      unknown: str = "own") -> DataFrame:
    """:func:`deepva_frames.analysis.diversity_metrics` in Spark."""
    frame = _frame(segments)
    return _run(frame, diversity_sql(_query(frame), module, unknown))
