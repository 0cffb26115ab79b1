"""The command line, run as a user would: the installed console script, from another folder."""

from __future__ import annotations

import subprocess

import duckdb
import pytest
from cli_helpers import console_script, sample_job_ids

from deepva_frames.cli import main


def test_demo_from_another_folder_writes_what_it_reports(tmp_path):
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    result = subprocess.run([console_script(), "demo", "--out", "out"], cwd=workdir,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = workdir / "out"
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert listed, result.stdout
    for relative in listed:
        assert (out / relative).is_file(), relative
    jobs = duckdb.sql(f"select job_id from '{out / 'tables' / 'jobs.parquet'}'").fetchall()
    assert sorted(j for (j,) in jobs) == sample_job_ids()
    segments = out / "tables" / "segments.parquet"
    orphans = duckdb.sql(f"select count(*) from '{out / 'tables' / 'detections.parquet'}' d "
                         f"anti join '{segments}' s using (segment_id)").fetchall()[0][0]
    assert orphans == 0
    assert str(out.resolve()) in result.stdout


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out


def test_help_shows_examples(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "examples:" in capsys.readouterr().out


def test_an_unusable_output_folder_is_a_message_and_exit_code_1(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["demo", "--out", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert "deepva-frames demo:" in err and str(blocker) in err
