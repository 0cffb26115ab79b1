"""The export read back by pandas, pyarrow, polars, DuckDB and Spark: the same rows, ids
as text, also ids that look like numbers (``000123``), the way the README reads them."""

from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from deepva_frames.analysis.engines import on_spark
from deepva_frames.client import sample_client
from deepva_frames.testing.archive import synthetic_archive

COLUMNS = ["job_id", "segment_id", "source", "person", "time_start", "time_end"]
HIVE = ds.partitioning(pa.schema([("job_id", pa.string())]), flavor="hive")


@pytest.fixture(scope="module", params=["sample", "numeric ids"])
def bi(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("readers") / "bi"
    if request.param == "sample":
        sample_client().export(out, all_jobs=True)
    else:
        synthetic_archive(out, jobs=3, segments_per_job=4)
    return out


def _rows(frame: pd.DataFrame) -> list[tuple]:
    rows = frame[COLUMNS].astype(object).where(frame[COLUMNS].notna(), None)
    return sorted(tuple(r) for r in rows.itertuples(index=False))


def _readers(bi, spark) -> dict[str, pd.DataFrame]:
    folder = bi / "segments"
    duck = duckdb.sql(f"SELECT * FROM read_parquet('{folder}/**/*.parquet', "
                      "hive_partitioning = true, hive_types = {'job_id': VARCHAR})").df()
    polars = pl.read_parquet(f"{folder}/**/*.parquet", hive_partitioning=True,
                             hive_schema={"job_id": pl.String})
    return {
        "pandas": pd.read_parquet(folder, partitioning=HIVE),
        "pyarrow": ds.dataset(folder, format="parquet", partitioning=HIVE).to_table()
        .to_pandas(),
        "polars": polars.select(COLUMNS).to_pandas(),
        "duckdb": duck,
        "spark": on_spark.read_export(spark, bi).select(*COLUMNS).toPandas(),
    }


def test_every_reader_gives_the_same_rows(bi, spark):
    frames = _readers(bi, spark)
    ids = {p.name.split("=", 1)[1] for p in (bi / "segments").iterdir()}
    reference = _rows(frames["pandas"])
    assert {r[0] for r in reference} <= ids and len(reference) > 0  # some jobs: no rows
    for name, frame in frames.items():
        assert all(isinstance(v, str) for v in frame["job_id"]), name
        assert _rows(frame) == reference, name


def test_spark_keeps_numeric_looking_ids_without_session_settings(spark, tmp_path):
    bi = synthetic_archive(tmp_path / "bi", jobs=2, segments_per_job=1)
    assert spark.conf.get(on_spark.INFERENCE, "true") != "false"
    frame = on_spark.read_export(spark, bi)
    assert dict(frame.dtypes)["job_id"] == "string"
    assert sorted(r.job_id for r in frame.select("job_id").distinct().collect()) == \
        ["000000", "000001"]
    assert spark.conf.get(on_spark.INFERENCE, "true") != "false"  # set back
