"""Client.export: the partitioned layout, what each scope covers, reading it back."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from export_helpers import dataset_rows, fetched_jobs, serve

from deepva_frames.client import sample_client
from deepva_frames.errors import NotFound, OfflineMiss
from deepva_frames.export import ExportError, read_metadata
from deepva_frames.export.dataset import PER_JOB_TABLES
from deepva_frames.schemas import schema


def test_layout_is_hive_partitioned_by_job(account, tmp_path):
    out = tmp_path / "out"
    with serve(account) as (_, client):
        result = client.export(out, all_jobs=True)
    assert sorted(result.exported) == ["j0", "j1", "j2", "j3"]
    for table in PER_JOB_TABLES:
        folders = sorted(p.name for p in (out / table).iterdir())
        assert folders == [f"job_id=j{i}" for i in range(4)], table
        files = [p.name for p in (out / table / "job_id=j0").iterdir()]
        assert files == [f"{table}.parquet"]
        assert "job_id" not in pq.read_schema(out / table / "job_id=j0" / files[0]).names
    for table in ("jobs", "batches", "reports", "report_items"):
        assert [p.name for p in (out / table).iterdir()] == [f"{table}.parquet"]
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["jobs"]["j1"]["rows"] == {"media": 1, "summary_items": 1,
                                              "summarized_results": 1, "segments": 3,
                                              "detections": 6}


def test_duckdb_reads_job_id_back_from_the_folders(account, tmp_path):
    out = tmp_path / "out"
    with serve(account) as (_, client):
        client.export(out, all_jobs=True)
    counts = dataset_rows(out, "detections", "job_id, count(*)", "group by job_id")
    assert counts == [(f"j{i}", 6) for i in range(4)]
    segment_ids = dataset_rows(out, "segments", "job_id, segment_id")
    assert ("j2", "j2-v1-s0") in segment_ids
    orphans = duckdb.sql(
        f"select count(*) from read_parquet('{out}/detections/**/*.parquet', "
        f"hive_partitioning=true) d anti join read_parquet('{out}/segments/**/*.parquet', "
        "hive_partitioning=true) s using (job_id, segment_id)").fetchall()
    assert orphans == [(0,)]


def test_pyarrow_and_pandas_read_the_dataset(account, tmp_path):
    out = tmp_path / "out"
    with serve(account) as (_, client):
        client.export(out, all_jobs=True)
    table = ds.dataset(out / "segments", format="parquet", partitioning="hive").to_table()
    assert set(table.column("job_id").to_pylist()) == {"j0", "j1", "j2", "j3"}
    assert set(schema("segments").names) == set(table.schema.names)
    frame = pd.read_parquet(out / "segments")
    assert len(frame) == 12 and str(frame["time_start"].dtype) == "float64"
    jobs = pd.read_parquet(out / "jobs" / "jobs.parquet")
    assert str(jobs["time_completed"].dtype) == "datetime64[us, UTC]"
    assert str(jobs["state"].dtype) == "category" and list(jobs["modules"][0]) == [
        "face_recognition"]


def test_partition_metadata_names_its_job(account, tmp_path):
    out = tmp_path / "out"
    with serve(account) as (fake, client):
        client.export(out, job_ids=["j1"])
        url = fake.url
    meta = read_metadata(out / "detections" / "job_id=j1" / "detections.parquet")
    assert meta["table"] == "detections" and meta["partition"] == {"job_id": "j1"}
    assert meta["ids"] == {"job_id": ["j1"]}
    assert meta["base_url"] == url


def test_a_batch_exports_its_sub_batches_jobs(account, tmp_path):
    out = tmp_path / "out"
    with serve(account) as (fake, client):
        result = client.export(out, batch_id="b-root")
    assert fetched_jobs(fake) == {"j0", "j1", "j2"} and sorted(result.exported) == [
        "j0", "j1", "j2"]
    jobs = pq.read_table(out / "jobs" / "jobs.parquet").to_pydict()
    assert dict(zip(jobs["job_id"], jobs["batch_id"], strict=True)) == {
        "j0": "b-root", "j1": "b-root", "j2": "b-sub"}
    batches = pq.read_table(out / "batches" / "batches.parquet").to_pydict()
    assert dict(zip(batches["batch_id"], batches["path"], strict=True))["b-sub"] == "Root/Sub"


def test_a_report_exports_its_items_and_its_batches_jobs(account, tmp_path):
    out = tmp_path / "out"
    with serve(account) as (fake, client):
        client.export(out, report_id="r1")
    assert fetched_jobs(fake) == {"j2"}
    assert pq.read_table(out / "reports" / "reports.parquet").column(
        "report_id").to_pylist() == ["r1"]
    items = pq.read_table(out / "report_items" / "report_items.parquet").to_pydict()
    assert items["batch_id"] == ["b-sub"] and items["metric"] == ["gender_count"]


def test_unknown_ids_raise_not_found_and_write_nothing(account, tmp_path):
    out = tmp_path / "out"
    with serve(account) as (_, client):
        with pytest.raises(NotFound, match="no such job"):
            client.export(out, job_ids=["j0", "nope"])
        with pytest.raises(NotFound, match="no such batch"):
            client.export(out, batch_id="nope")
        with pytest.raises(NotFound, match="no such report"):
            client.export(out, report_id="nope")
        assert not out.exists()  # no lock file, no folder: the failed runs left nothing
        out.mkdir()
        with pytest.raises(NotFound, match="no such job"):
            client.export(out, job_ids=["nope"])
    assert list(out.iterdir()) == []


def test_scope_and_folder_errors(account, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    client = sample_client()
    with pytest.raises(ExportError, match="is a file"):
        client.export(blocker, all_jobs=True)
    with pytest.raises(ValueError, match="exactly one"):
        client.export(tmp_path / "o", job_ids=["a"], all_jobs=True)
    with pytest.raises(ValueError, match="exactly one"):
        client.export(tmp_path / "o")
    with pytest.raises(OfflineMiss):
        client.export(tmp_path / "o", job_ids="nope")


def test_unfinished_jobs_without_results_export_empty_tables(account, tmp_path):
    account.set_job("j9", state="running", completed=None)
    account.write()
    (account.root / "jobs" / "j9" / "detailed-results" / "_pages.ndjson").unlink()
    out = tmp_path / "out"
    with serve(account) as (_, client):
        client.export(out, job_ids=["j9"])
    assert pq.read_table(out / "segments" / "job_id=j9" / "segments.parquet").num_rows == 0
