"""to_parquet: declared schema, metadata, round trips through pandas, pyarrow and DuckDB."""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from deepva_frames import flatten
from deepva_frames.client import sample_client
from deepva_frames.errors import PayloadError
from deepva_frames.export import detect_table, read_metadata, to_parquet
from deepva_frames.schemas import schema, to_pandas


@pytest.fixture(scope="module")
def sample():
    client = sample_client()
    jobs = client.jobs()
    results = client.detailed_results(jobs["job_id"].iloc[1])
    return {"jobs": jobs, "results": results, "report_items":
            client.report_items(client.reports()["report_id"].iloc[0])}


def duck(path, sql="select * from read_parquet('{p}')"):
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    return con.sql(sql.format(p=path))


def test_jobs_round_trip_through_duckdb_pandas_and_pyarrow(sample, tmp_path):
    jobs = sample["jobs"]
    [path] = to_parquet(jobs, tmp_path / "jobs.parquet")
    arrow = pq.read_table(path)
    assert arrow.schema.equals(schema("jobs"))          # tz-aware, dictionary, lists kept
    pd.testing.assert_frame_equal(pd.read_parquet(path), jobs)
    pd.testing.assert_frame_equal(to_pandas(arrow), jobs)
    described = duck(path, "describe select * from read_parquet('{p}')").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["time_completed"] == "TIMESTAMP WITH TIME ZONE"
    assert types["modules"] == "VARCHAR[]" and types["state"] == "VARCHAR"
    assert duck(path).fetchall() == [tuple(row.values()) for row in arrow.to_pylist()]


def test_detailed_results_go_to_a_folder_and_keep_values(sample, tmp_path):
    results = sample["results"]
    paths = to_parquet(results, tmp_path / "results")
    assert [p.name for p in paths] == ["segments.parquet", "detections.parquet"]
    for path, frame in zip(paths, results, strict=True):
        pd.testing.assert_frame_equal(pd.read_parquet(path), frame)
        back = duck(path).fetchall()
        expected = [tuple(r.values()) for r in pq.read_table(path).to_pylist()]
        assert back == expected and len(back) == len(frame) > 0
    dtypes = pd.read_parquet(paths[0]).dtypes
    assert str(dtypes["module"]) == "category" and str(dtypes["frame_start"]) == "Int64"


def test_arrow_tables_mappings_and_lists(sample, tmp_path):
    segments, detections = flatten.detailed_results_arrow([], job_id="j")
    written = to_parquet({"segments": segments, "detections": detections}, tmp_path / "m")
    assert sorted(p.name for p in written) == ["detections.parquet", "segments.parquet"]
    written = to_parquet([sample["report_items"]], tmp_path / "l")
    assert [p.name for p in written] == ["report_items.parquet"]
    assert duck(written[0], "select count(*) from read_parquet('{p}')").fetchall()[0][0] == len(
        sample["report_items"])


def test_an_existing_folder_gets_the_table_name(sample, tmp_path):
    assert to_parquet(sample["jobs"], tmp_path) == [tmp_path / "jobs.parquet"]


def test_metadata_names_table_version_url_time_and_ids(sample, tmp_path):
    [path] = to_parquet(sample["jobs"], tmp_path / "j.parquet",
                        base_url="https://user:pw@api.example.org/api/v1/?x=1",
                        fetched_at="2026-10-07T00:00:00Z")
    meta = read_metadata(path)
    assert meta["table"] == "jobs" and meta["version"]
    assert meta["base_url"] == "https://api.example.org/api/v1"
    assert meta["fetched_at"] == "2026-10-07T00:00:00Z"
    assert meta["ids"] == {"job_id": sorted(sample["jobs"]["job_id"])}
    raw = path.read_bytes()
    assert b"pw@" not in raw and b"user:" not in raw


def test_detect_table_from_columns():
    assert detect_table(schema("detections").names) == "detections"
    assert detect_table(reversed(schema("segments").names)) == "segments"


def test_unknown_tables_raise_payload_error(sample, tmp_path):
    with pytest.raises(PayloadError, match="match no table"):
        to_parquet(pd.DataFrame({"a": [1]}), tmp_path / "x.parquet")
    with pytest.raises(PayloadError, match="no table 'nope'"):
        to_parquet(sample["jobs"], tmp_path / "x.parquet", name="nope")
    with pytest.raises(PayloadError, match="missing column"):
        to_parquet(sample["jobs"], tmp_path / "x.parquet", name="batches")
    with pytest.raises(PayloadError, match=r"\['seconds'\] are not in table 'jobs'"):
        to_parquet(sample["jobs"].assign(seconds=1.0), tmp_path / "x.parquet", name="jobs")
    with pytest.raises(PayloadError, match="expected a DataFrame"):
        to_parquet(42, tmp_path / "x.parquet")
    bad = pa.table({name: pa.array([{"a": 1}]) for name in schema("media").names})
    with pytest.raises(PayloadError, match="do not fit table 'media'"):
        to_parquet(bad, tmp_path / "x.parquet")
    assert not list(tmp_path.iterdir())


def test_several_tables_need_a_folder(sample, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(NotADirectoryError, match="is a file"):
        to_parquet(sample["results"], blocker)
