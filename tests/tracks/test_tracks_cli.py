"""``deepva-frames tracks``: every format for every video job, read back; errors and exit codes."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pycmx
import pympi
import pysubs2
import pytest

from deepva_frames.cli import main

SUFFIX = {"vtt": "vtt", "srt": "srt", "ass": "ass", "eaf": "eaf", "markers": "csv",
          "edl": "edl"}


def _read_back(path, fmt: str) -> int:
    """How many cues / events / annotations / markers an independent reader finds."""
    if fmt in ("vtt", "srt", "ass"):
        return len(pysubs2.load(str(path)))
    if fmt == "eaf":
        doc = pympi.Elan.Eaf(str(path))
        return sum(len(doc.get_annotation_data_for_tier(t)) for t in doc.get_tier_names())
    with open(path, newline="", encoding="utf-8") as handle:
        if fmt == "edl":
            return len(list(pycmx.parse_cmx3600(handle).events))
        return len(list(csv.DictReader(handle)))


@pytest.mark.parametrize("fmt", sorted(SUFFIX))
def test_every_format_for_every_video_job(video_jobs, tmp_path, capsys, fmt):
    for job in video_jobs:
        out = tmp_path / f"{job}.{SUFFIX[fmt]}"
        assert main(["tracks", "--sample", "--job", job, "--format", fmt,
                     "--out", str(out)]) == 0
        assert _read_back(out, fmt) > 0, (job, fmt)
        assert str(out) in capsys.readouterr().out


def test_console_script_writes_with_the_users_umask(tmp_path):
    script = Path(sys.executable).with_name("deepva-frames")   # as a user would run it
    assert script.exists()
    out = tmp_path / "newsroom.vtt"
    done = subprocess.run(
        ["sh", "-c", 'umask 027 && exec "$0" "$@"', str(script), "tracks", "--sample",
         "--job", "59f723cb-c457-5276-9089-caf1c7747fe3", "--person", "Mara Lindqvist",
         "--out", str(out)], capture_output=True, text=True, env=os.environ.copy())
    assert done.returncode == 0, done.stderr
    assert {e.plaintext for e in pysubs2.load(str(out))} == {"Mara Lindqvist"}
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["newsroom.vtt"]   # no temp file left


def test_failed_job_is_an_error_naming_it(client, tmp_path, capsys):
    jobs = client.jobs()
    failed = jobs.loc[jobs["state"].astype(str) == "failed", "job_id"].iloc[0]
    assert main(["tracks", "--sample", "--job", failed, "--out", str(tmp_path / "x.vtt")]) == 1
    assert failed in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_usage_errors(tmp_path, capsys):
    job = "59f723cb-c457-5276-9089-caf1c7747fe3"
    assert main(["tracks", "--sample", "--job", job, "--out", str(tmp_path / "x.txt")]) == 2
    assert "extension '.txt'" in capsys.readouterr().err
    assert main(["tracks", "--sample", "--job", job, "--out",
                 str(tmp_path / "none" / "x.vtt")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["tracks", "--sample", "--job", job, "--format", "markers", "--start", "9:9",
                 "--out", str(tmp_path / "m.csv")]) == 1
    assert "start='9:9'" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
