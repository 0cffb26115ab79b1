"""The export under hostile ids, symlinks, manifests and failing jobs.

Nothing is written, replaced or deleted outside the export folder; a job that fails is
named, recorded and retried while the others are exported; files honour the umask;
temporary files never appear in a table folder; a failed run leaves no debris.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from export_helpers import KEY, dataset_rows, serve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import deepva_frames._atomic as atomic
from deepva_frames._paths import seg
from deepva_frames.cli import main
from deepva_frames.client import Client
from deepva_frames.errors import DeepVAError
from deepva_frames.export import ExportIncomplete
from deepva_frames.export.dataset import PER_JOB_TABLES
from deepva_frames.testing import build_store


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


def _job(job_id: str) -> dict:
    return {"id": job_id, "state": "completed", "time_completed": "2026-10-06 08:00:00",
            "result": {"summary": []}}


def _offline_account(root: Path, ids: list[str]) -> Client:
    """An offline client over a page store of jobs with these ids (one segment each)."""
    segment = {"frame_start": 0, "frame_end": 5, "module": "face_recognition",
               "detections": [{"frame_index": 0, "type": "face_bbox",
                               "data": {"x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2}}]}
    res: dict = {"jobs/": [_job(i) for i in ids], "batches/": [], "reports/": []}
    for job_id in ids:
        res[f"jobs/{seg(job_id)}/detailed-results/"] = [segment]
        res[f"jobs/{seg(job_id)}/summarized-results/"] = []
    build_store(root, res)
    return Client(cache_dir=root, offline=True, progress=False)


# -- ids that come from the server --------------------------------------------------------
ids = st.lists(st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=80)
               .filter(lambda s: s not in (".", "..")), min_size=1, max_size=3, unique=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=ids)
def test_any_job_id_stays_inside_the_folder_or_is_named_in_the_error(ids: list[str]) -> None:
    with tempfile.TemporaryDirectory() as box:
        root = Path(box)
        client = _offline_account(root / "store", [*ids, "good"])
        before = set(_files(root / "store"))
        out = root / "out"
        try:
            result = client.export(out, all_jobs=True)
        except ExportIncomplete as exc:
            result = exc.result
            for job_id in exc.failed:
                assert repr(job_id)[1:-1][:60] in str(exc) or job_id[:60] in str(exc)
        assert "good" in result.exported
        assert sorted(result.exported + tuple(result.failed)) == sorted([*ids, "good"])
        assert set(_files(root / "store")) == before
        assert sorted(p.name for p in root.iterdir()) == ["out", "store"]
        for rel in _files(out):
            assert not rel.endswith(".tmp")
        folders = {unquote(p.name.removeprefix("job_id="))
                   for p in (out / "segments").iterdir()}
        assert folders == set(result.exported)  # the mapping is reversible: hive reads ids


def test_an_id_too_long_for_a_folder_is_named_and_the_others_go_on(tmp_path: Path) -> None:
    long_id = "j" * 400
    client = _offline_account(tmp_path / "store", ["a/../../x", long_id, "CON"])
    with pytest.raises(ExportIncomplete, match="cannot become a file name") as caught:
        client.export(tmp_path / "out", all_jobs=True)
    assert list(caught.value.failed) == [long_id]
    assert sorted(caught.value.result.exported) == ["CON", "a/../../x"]
    assert not (tmp_path / "x").exists()
    hive = dataset_rows(tmp_path / "out", "segments", "distinct job_id")
    assert sorted(j for (j,) in hive) == ["CON", "a/../../x"]


# -- one job fails ---------------------------------------------------------------------------
def test_a_failing_job_is_named_recorded_and_retried(exported) -> None:
    account, out = exported
    account.set_job("j1", completed="2026-10-09 00:00:00.000000", version=2)
    account.set_job("j2", completed="2026-10-09 00:00:00.000000", version=2)
    account.write()
    with serve(account) as (fake, client):
        fake.fail("status", status=500, path="/jobs/j1/detailed-results/", times=50)
        with pytest.raises(ExportIncomplete, match="job j1") as caught:
            client.export(out, all_jobs=True)
    assert list(caught.value.failed) == ["j1"] and caught.value.result.exported == ("j2",)
    manifest = json.loads((out / "_manifest.json").read_text())
    assert "HTTP 500" in manifest["failed"]["j1"]["error"]
    segments = dataset_rows(out, "segments", "job_id, segment_id")
    assert ("j2", "j2-v2-s0") in segments and ("j1", "j1-v1-s0") in segments  # old j1 kept
    with serve(account) as (fake, client):
        result = client.export(out, all_jobs=True)
    assert result.exported == ("j1",) and not result.failed
    assert json.loads((out / "_manifest.json").read_text())["failed"] == {}
    assert ("j1", "j1-v2-s0") in dataset_rows(out, "segments", "job_id, segment_id")


def test_the_cli_exits_non_zero_and_still_reports_the_others(exported, monkeypatch,
                                                            capsys) -> None:
    account, out = exported
    account.set_job("j3", completed="2026-10-09 00:00:00.000000", state="completed")
    account.set_job("j0", completed="2026-10-09 00:00:00.000000")
    account.write()
    monkeypatch.setenv("DEEPVA_API_KEY", KEY)
    with serve(account) as (fake, _):
        fake.fail("status", status=404, path="/jobs/j3/detailed-results/", times=50)
        code = main(["export", "--all-jobs", "--out", str(out), "--base-url", fake.url,
                     "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 job(s) exported" in captured.out and "1 failed" in captured.out
    assert "j3" in captured.err and KEY not in captured.out + captured.err


# -- symlinks and hostile manifests ----------------------------------------------------------
def test_clean_up_never_deletes_through_a_symlink_or_outside(exported, tmp_path: Path) -> None:
    account, out = exported
    outside = tmp_path / "outside"
    shutil.copytree(out / "detections" / "job_id=j3", outside / "j3")
    shutil.rmtree(out / "detections" / "job_id=j3")
    (out / "detections" / "job_id=j3").symlink_to(outside / "j3", target_is_directory=True)
    victim = tmp_path / "victim.parquet"
    victim.write_bytes(b"not the export's")
    manifest = json.loads((out / "_manifest.json").read_text())
    manifest["jobs"]["j3"]["files"]["extra"] = "../victim.parquet"
    manifest["jobs"]["j3"]["files"]["abs"] = str(victim)
    manifest["jobs"]["j3"]["files"]["self"] = "_manifest.json"  # not a file it writes
    (out / "notes.txt").write_text("mine")
    manifest["jobs"]["j3"]["files"]["notes"] = "notes.txt"
    (out / "_manifest.json").write_text(json.dumps(manifest))
    before = _files(outside)
    del account.jobs["j3"]
    account.write()
    with serve(account) as (_, client):
        result = client.export(out, all_jobs=True)
    assert result.removed == ("j3",)
    assert _files(outside) == before and victim.read_bytes() == b"not the export's"
    assert (out / "notes.txt").read_text() == "mine" and (out / "_manifest.json").is_file()
    assert not (out / "segments" / "job_id=j3").exists()  # a real folder: cleaned


def test_a_symlinked_table_folder_is_never_written_through(exported, tmp_path: Path) -> None:
    account, out = exported
    outside = tmp_path / "elsewhere"
    shutil.move(out / "segments", outside)
    (out / "segments").symlink_to(outside, target_is_directory=True)
    before = _files(outside)
    account.set_job("j0", completed="2026-10-09 00:00:00.000000", version=3)
    account.write()
    with serve(account) as (_, client), pytest.raises(ExportIncomplete,
                                                     match="leads out of the export"):
        client.export(out, all_jobs=True)
    assert _files(outside) == before


def test_a_symlinked_temp_folder_is_refused(account, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (out / ".tmp").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with serve(account) as (_, client), pytest.raises(DeepVAError, match="leads out"):
        client.export(out, all_jobs=True)
    assert list((tmp_path / "elsewhere").iterdir()) == []


# -- modes, temporary files, debris ---------------------------------------------------------
@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_every_file_honours_the_umask(account, tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        with serve(account) as (_, client):
            client.export(tmp_path / "out", all_jobs=True)
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(files) >= 1 + 4 * len(PER_JOB_TABLES)
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o666 & ~umask}


def test_temporary_files_never_sit_in_a_table_folder(account, tmp_path: Path,
                                                     monkeypatch) -> None:
    replaced: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def spy(src, dst):  # records what atomic writes rename, then renames it
        replaced.append((Path(src), Path(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", spy)
    out = tmp_path / "out"
    with serve(account) as (_, client):
        client.export(out, all_jobs=True)
    assert len(replaced) >= 1 + 4 * len(PER_JOB_TABLES)
    assert {src.parent for src, _ in replaced} == {out / ".tmp"}
    assert not (out / ".tmp").exists() and not (out / ".export.lock").exists()


def test_a_run_where_every_job_fails_leaves_no_debris(account, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with serve(account) as (fake, client):
        fake.fail("invalid-json", path="/jobs/", times=10_000)
        with pytest.raises(DeepVAError) as caught:
            client.export(out, job_ids=["j0"])
    assert ".tmp" not in str(caught.value)
    assert not out.exists()


def test_the_lock_holds_across_processes_and_is_gone_after(exported) -> None:
    import subprocess
    import sys

    account, out = exported
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pathlib; from deepva_frames.export.manifest "
         "import export_lock\nwith export_lock(pathlib.Path(sys.argv[1])):\n"
         "    print('held', flush=True); sys.stdin.readline()", str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = _files(out)
        with serve(account) as (_, client), pytest.raises(DeepVAError,
                                                         match="another export"):
            client.export(out, all_jobs=True)
        assert _files(out) == before  # the refused run touched nothing
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0 and not (out / ".export.lock").exists()
    with serve(account) as (_, client):
        client.export(out, all_jobs=True)  # free again
