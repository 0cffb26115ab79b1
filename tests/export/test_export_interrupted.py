"""An export killed mid-way leaves a readable dataset, and the next run completes it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
from export_helpers import KEY, Account, dataset_rows, fetched_jobs, segments, serve

V1 = {f"j{i}": 3 for i in range(4)}           # segments per job in the first export
V2 = {"j0": 3, "j1": 5, "j2": 4, "j3": 3, "j4": 2}


def console_script() -> str:
    script = Path(sys.executable).with_name("deepva-frames")
    found = str(script) if script.exists() else shutil.which("deepva-frames")
    assert found, "the deepva-frames console script is not installed"
    return found


def versions(counts: dict[str, int], version_of: dict[str, int]) -> dict[str, set[str]]:
    return {j: {s["id"] for s in segments(j, n, 2, version_of.get(j, 1))}
            for j, n in counts.items()}


OLD = versions(V1, {})
NEW = versions(V2, {"j1": 2, "j2": 2})


def change(account: Account) -> None:
    """The second state of the account: j1 and j2 changed, j4 new."""
    account.set_job("j1", completed="2026-10-07 09:00:00.000000", n_segments=5, version=2)
    account.set_job("j2", completed="2026-10-07 09:30:00.000000", n_segments=4, version=2)
    account.set_job("j4", n_segments=2)
    account.write()


def _ids_by_job(out: Path, table: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for job_id, segment_id in dataset_rows(out, table, "job_id, segment_id"):
        found.setdefault(job_id, []).append(segment_id)
    return found


def assert_one_version_per_job(out: Path) -> dict[str, str]:
    """Every file whole; in each table, each job's rows are exactly its old or new version.

    (Across tables a job may differ until its run finishes: each file is swapped alone.)
    """
    for path in out.rglob("*.parquet"):
        pq.read_table(path)
    json.loads((out / "_manifest.json").read_text())
    state = {}
    for table, per_segment in (("segments", 1), ("detections", 2)):
        for job_id, ids in _ids_by_job(out, table).items():
            assert set(ids) in (OLD.get(job_id), NEW[job_id]), (table, job_id, ids)
            assert len(ids) == per_segment * len(set(ids)), (table, job_id, ids)
            if table == "segments":
                state[job_id] = "new" if set(ids) == NEW[job_id] else "old"  # j0, j3: both
    for job_id, value in dataset_rows(out, "summarized_results", "job_id, value"):
        assert value in (V1.get(job_id), V2[job_id])
    return state


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def manifest_has(out: Path, job_id: str, completed: str) -> bool:
    try:
        doc = json.loads((out / "_manifest.json").read_text())
    except (OSError, ValueError):
        return False
    return doc["jobs"].get(job_id, {}).get("time_completed") == completed


def test_a_killed_export_process_leaves_the_previous_export_readable(exported):
    account, out = exported
    change(account)
    with serve(account) as (fake, client):
        fake.fail("hang", path="/jobs/j2/detailed-results/", delay=30)
        env = {**os.environ, "DEEPVA_API_KEY": KEY}
        proc = subprocess.Popen([console_script(), "export", "--all-jobs", "--out", str(out),
                                 "--base-url", fake.url, "--no-progress"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            wait_for(lambda: "j2" in fetched_jobs(fake))
            wait_for(lambda: manifest_has(out, "j1", "2026-10-07 09:00:00.000000"))
            assert proc.poll() is None
            assert assert_one_version_per_job(out) == {"j0": "new", "j1": "new", "j2": "old",
                                                       "j3": "new"}
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        assert_one_version_per_job(out)
        fake.reset()
        result = client.export(out, all_jobs=True)
        assert fetched_jobs(fake) == {"j2", "j4"} and sorted(result.exported) == ["j2", "j4"]
    assert assert_one_version_per_job(out) == dict.fromkeys(V2, "new")
    assert not [p for p in out.rglob("*.tmp")]


class Crash(BaseException):
    """A simulated power cut (not an Exception: nothing may catch it)."""


def test_a_crash_at_any_write_leaves_a_readable_dataset(exported, tmp_path, monkeypatch):
    account, out = exported
    change(account)
    pristine = tmp_path / "pristine"
    shutil.copytree(out, pristine)
    real_replace = os.replace
    with serve(account) as (fake, client):
        step = 0
        while True:
            shutil.rmtree(out)
            shutil.copytree(pristine, out)
            calls = []

            def replace(src, dst, _calls=calls, _at=step):
                _calls.append(dst)
                if len(_calls) > _at:
                    raise Crash(dst)
                return real_replace(src, dst)

            monkeypatch.setattr(os, "replace", replace)
            try:
                client.export(out, all_jobs=True)
                finished = True
            except Crash:
                finished = False
            monkeypatch.setattr(os, "replace", real_replace)
            assert_one_version_per_job(out)
            fake.reset()
            client.export(out, all_jobs=True)
            assert assert_one_version_per_job(out) == dict.fromkeys(V2, "new"), step
            if finished:
                break
            step += 1
    assert step > 15   # every write of the run was interrupted once
