"""Incremental re-runs: only new or changed jobs are fetched and rewritten."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from export_helpers import dataset_rows, fetched_jobs, serve

from deepva_frames.client import sample_client
from deepva_frames.export import ExportError
from deepva_frames.export.manifest import export_lock


def stats(out, table="detections"):
    return {p.parent.name: p.stat().st_ino for p in (out / table).glob("*/*.parquet")}


def test_a_rerun_without_changes_fetches_no_results(exported):
    account, out = exported
    before = stats(out)
    with serve(account) as (fake, client):
        result = client.export(out, all_jobs=True)
    assert fetched_jobs(fake) == set() and result.exported == ()
    assert sorted(result.unchanged) == ["j0", "j1", "j2", "j3"]
    assert stats(out) == before


def test_changed_and_new_jobs_are_the_only_ones_fetched(exported):
    account, out = exported
    before = stats(out)
    account.set_job("j1", completed="2026-10-07 09:00:00.000000", n_segments=5, version=2)
    account.set_job("j4", n_segments=1)
    account.write()
    with serve(account) as (fake, client):
        result = client.export(out, all_jobs=True)
    assert fetched_jobs(fake) == {"j1", "j4"} and sorted(result.exported) == ["j1", "j4"]
    after = stats(out)
    assert {k: v for k, v in after.items() if k not in ("job_id=j1", "job_id=j4")} == {
        k: v for k, v in before.items() if k != "job_id=j1"}
    segments = dataset_rows(out, "segments", "job_id, segment_id", "where job_id = 'j1'")
    assert segments == [("j1", f"j1-v2-s{i}") for i in range(5)]      # no v1 rows left
    jobs = pq.read_table(out / "jobs" / "jobs.parquet").to_pydict()
    assert sorted(jobs["job_id"]) == ["j0", "j1", "j2", "j3", "j4"]
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["jobs"]["j1"]["time_completed"] == "2026-10-07 09:00:00.000000"
    assert manifest["jobs"]["j1"]["rows"]["segments"] == 5


def test_a_state_change_alone_refetches_the_job(exported):
    account, out = exported
    account.jobs["j2"]["state"] = "failed"
    account.write()
    with serve(account) as (fake, client):
        client.export(out, all_jobs=True)
    assert fetched_jobs(fake) == {"j2"}


def test_unfinished_jobs_are_refetched_every_run(exported):
    account, out = exported
    account.set_job("j0", state="running", completed=None)
    account.write()
    for _ in range(2):
        with serve(account) as (fake, client):
            client.export(out, all_jobs=True)
        assert fetched_jobs(fake) == {"j0"}


def test_a_missing_file_refetches_its_job(exported):
    account, out = exported
    (out / "media" / "job_id=j3" / "media.parquet").unlink()
    with serve(account) as (fake, client):
        client.export(out, all_jobs=True)
    assert fetched_jobs(fake) == {"j3"}
    assert (out / "media" / "job_id=j3" / "media.parquet").is_file()


def test_full_refetches_everything_in_scope(exported):
    account, out = exported
    with serve(account) as (fake, client):
        result = client.export(out, batch_id="b-root", incremental=False)
    assert fetched_jobs(fake) == {"j0", "j1", "j2"} and len(result.exported) == 3


def test_a_narrower_scope_keeps_the_other_jobs(exported):
    account, out = exported
    account.set_job("j3", completed="2026-10-08 00:00:00.000000")
    account.write()
    with serve(account) as (fake, client):
        client.export(out, job_ids="j3")
    assert fetched_jobs(fake) == {"j3"}
    jobs = pq.read_table(out / "jobs" / "jobs.parquet").column("job_id").to_pylist()
    assert sorted(jobs) == ["j0", "j1", "j2", "j3"]
    assert len(dataset_rows(out, "detections")) == 24


def test_all_jobs_removes_jobs_gone_from_the_account(exported):
    account, out = exported
    del account.jobs["j3"]
    account.write()
    with serve(account) as (_, client):
        result = client.export(out, all_jobs=True)
    assert result.removed == ("j3",)
    assert not (out / "segments" / "job_id=j3").exists()
    assert not (out / "detections" / "job_id=j3").exists()
    assert [j for (j,) in dataset_rows(out, "media", "distinct job_id")] == ["j0", "j1", "j2"]
    assert "j3" not in pq.read_table(out / "jobs" / "jobs.parquet").column("job_id").to_pylist()
    assert "j3" not in json.loads((out / "_manifest.json").read_text())["jobs"]


def test_leftover_temp_files_are_swept_and_files_it_did_not_write_stay(exported):
    account, out = exported
    (out / ".tmp").mkdir()
    tmp = out / ".tmp" / ".detections.parquet.abc.tmp"  # left by a killed run
    tmp.write_bytes(b"half a file")
    stray = out / "segments" / "job_id=zz"
    stray.mkdir()
    (stray / "segments.parquet").write_bytes(b"never recorded")
    mine = out / "detections" / "job_id=j3" / "notes.parquet"
    mine.write_bytes(b"a user's file")
    del account.jobs["j3"]
    account.write()
    with serve(account) as (_, client):
        client.export(out, all_jobs=True)
    assert not tmp.exists() and not (out / ".tmp").exists()
    assert (stray / "segments.parquet").read_bytes() == b"never recorded"
    assert mine.read_bytes() == b"a user's file"
    assert not (out / "detections" / "job_id=j3" / "detections.parquet").exists()


def test_a_changed_schema_refetches_every_job(exported):
    account, out = exported
    manifest = json.loads((out / "_manifest.json").read_text())
    manifest["schemas"]["detections"] = "an older schema"
    (out / "_manifest.json").write_text(json.dumps(manifest))
    with serve(account) as (fake, client):
        client.export(out, all_jobs=True)
    assert fetched_jobs(fake) == {"j0", "j1", "j2", "j3"}


def test_another_accounts_folder_is_refused(exported):
    _, out = exported
    with pytest.raises(ExportError, match=r"holds an export of http://127\.0\.0\.1"):
        sample_client().export(out, all_jobs=True)


def test_two_exports_never_write_one_folder_at_once(exported):
    account, out = exported
    with export_lock(out), serve(account) as (_, client), pytest.raises(
            ExportError, match="another export"):
        client.export(out, all_jobs=True)
