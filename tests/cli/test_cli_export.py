"""`deepva-frames fetch` and `deepva-frames export`: console script and main() in-process."""

from __future__ import annotations

import subprocess
from pathlib import Path

import duckdb
import pytest
from cli_helpers import console_script, sample_job_ids

from deepva_frames.cli import main
from deepva_frames.testing import FakeDeepVA, build_store

KEY = "cli-canary-key-81d0c2"




def hive(out: Path, table: str, columns: str = "count(*)") -> list[tuple]:
    return duckdb.sql(f"select {columns} from read_parquet('{out}/{table}/**/*.parquet', "
                      "hive_partitioning=true) order by all").fetchall()


@pytest.fixture
def fake(tmp_path):
    """A two-job account in batch b1."""
    jobs = [{"id": f"j{i}", "state": "completed", "time_completed": "2026-10-06 08:00:00",
             "result": {"summary": []}} for i in range(2)]
    segment = {"frame_start": 0, "frame_end": 5, "module": "face_recognition",
               "detections": [{"frame_index": 0, "type": "face_bbox",
                               "data": {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}}]}
    resources = {"jobs/": jobs, "batches/": [{"id": "b1", "name": "B", "parent": None}],
                 "batches/b1/jobs/": jobs}
    for job in jobs:
        resources[f"jobs/{job['id']}/"] = job
        resources[f"jobs/{job['id']}/detailed-results/"] = [segment, segment]
        resources[f"jobs/{job['id']}/summarized-results/"] = []
    with FakeDeepVA(build_store(tmp_path / "store", resources), key=KEY) as server:
        yield server


def test_the_sample_exports_from_another_folder(tmp_path):
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    command = [console_script(), "export", "--sample", "--all-jobs", "--out", "bi"]
    first = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "7 job(s) exported" in first.stdout and "read_parquet(" in first.stdout
    jobs = duckdb.sql(f"select job_id from '{workdir}/bi/jobs/jobs.parquet' order by 1")
    assert [j for (j,) in jobs.fetchall()] == sample_job_ids()
    assert len(hive(workdir / "bi", "segments", "distinct job_id")) == 6   # one job failed
    again = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "0 job(s) exported, 7 unchanged" in again.stdout


def test_help_shows_examples_and_no_key_option(capsys):
    for command in ("export", "fetch"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        text = capsys.readouterr().out
        assert "examples:" in text and "DEEPVA_API_KEY" in text and "--key" not in text


def test_fetch_then_export_offline_gives_the_online_export(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DEEPVA_API_KEY", KEY)
    cache, online, offline = tmp_path / "cache", tmp_path / "online", tmp_path / "offline"
    url = fake.url
    assert main(["fetch", "--cache", str(cache), "--batch", "b1", "--base-url", url]) == 0
    assert "recorded 2 job(s)" in capsys.readouterr().out
    assert main(["export", "--batch", "b1", "--out", str(online), "--base-url", url]) == 0
    fake.stop()
    monkeypatch.delenv("DEEPVA_API_KEY")
    assert main(["export", "--offline", "--cache", str(cache), "--batch", "b1",
                 "--out", str(offline), "--base-url", url]) == 0
    for table in ("segments", "detections"):
        assert hive(offline, table, "*") == hive(online, table, "*") != []


def test_jobs_by_id_with_progress_bars(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DEEPVA_API_KEY", KEY)
    monkeypatch.setenv("DEEPVA_BASE_URL", fake.url)
    out = tmp_path / "out"
    assert main(["export", "--job", "j1", "--job", "j0", "--out", str(out), "--progress"]) == 0
    captured = capsys.readouterr()
    assert "2 job(s) exported" in captured.out and "export" in captured.err
    assert hive(out, "detections", "distinct job_id") == [("j0",), ("j1",)]
    assert main(["export", "--job", "j1", "--out", str(out), "--full", "--no-progress"]) == 0
    assert "1 job(s) exported" in capsys.readouterr().out


def test_an_unknown_job_is_exit_code_1_with_a_message(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DEEPVA_API_KEY", KEY)
    code = main(["export", "--job", "nope", "--out", str(tmp_path / "o"),
                 "--base-url", fake.url])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("deepva-frames export: HTTP 404") and "/jobs/nope/" in err
    assert "no such job" in err and KEY not in err


def test_an_output_folder_that_is_a_file_is_exit_code_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "--sample", "--all-jobs", "--out", str(blocker)]) == 1
    assert "is a file" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["export", "--offline", "--all-jobs", "--out", "o"], "--offline needs --cache"),
    (["export", "--sample", "--cache", "c", "--all-jobs", "--out", "o"], "--sample replays"),
    (["export", "--all-jobs", "--out", "o"], "no API key"),
    (["fetch", "--cache", "c", "--all-jobs"], "no API key"),
])
def test_usage_errors_are_exit_code_2(argv, message, monkeypatch, capsys):
    monkeypatch.delenv("DEEPVA_API_KEY", raising=False)
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["export", "--out", "o"],                                   # no scope
    ["export", "--batch", "b", "--all-jobs", "--out", "o"],     # two scopes
    ["export", "--all-jobs"],                                   # no --out
    ["export", "--all-jobs", "--out", "o", "--key", "k"],      # there is no --key
])
def test_argument_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
