"""The command line, run as a user would: the installed console script, from another folder."""

from __future__ import annotations

import os
import re
import subprocess

import duckdb
import pandas as pd
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
    wrote = result.stdout.split("Wrote ", 1)[1].split("Next steps:", 1)[0]
    listed = [line.split()[0] for line in wrote.splitlines() if line.startswith("  ")
              and not line.startswith("  (")]
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


def _files_under(folder):
    return sum(1 for _, _, files in os.walk(folder) for _ in files)


def test_demo_counts_the_files_it_wrote_and_says_what_next(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    stdout = capsys.readouterr().out
    steps = re.findall(r"^(tables|parquet dataset|charts|video|tracks|report): (\d+) file",
                       stdout, re.M)
    folder_of = {"tables": "tables", "parquet dataset": "parquet", "charts": "charts",
                 "video": "video", "tracks": "video", "report": "report"}
    assert sorted(name for name, _ in steps) == sorted(folder_of)
    counted: dict[str, int] = {}
    for name, n in steps:
        counted[folder_of[name]] = counted.get(folder_of[name], 0) + int(n)
    assert counted == {folder: _files_under(out / folder) for folder in counted}
    total = int(re.search(r"^Wrote (\d+) file\(s\) under", stdout, re.M)[1])
    assert total == _files_under(out)
    tail = stdout.split("Next steps:", 1)[1]
    assert "jupyter lab notebooks/" in tail
    assert "deepva-frames render --job JOB_ID --video" in tail
    assert (out / "report" / "diversity_report.html").is_file()
    command = re.search(r"deepva-frames (analyze .+)", tail)[1].split()
    table = out / "screen.csv"
    assert main([*command, "--out", str(table)]) == 0
    persons = pd.read_csv(table).set_index("person")["seconds"]
    segments = pd.read_parquet(out / "tables" / "segments.parquet")
    faces = segments[segments["module"] == "face_recognition"]
    expected = {person: _union_seconds(group) for person, group in faces.groupby("person")}
    assert persons.to_dict() == pytest.approx(expected)


def _union_seconds(segments):
    """The length of the union of the segments' [time_start, time_end) per job and source,
    summed: computed here by sweeping, independently of deepva_frames.analysis."""
    total = 0.0
    for _, one in segments.groupby(["job_id", "source"]):
        end = float("-inf")
        for start, stop in sorted(zip(one["time_start"], one["time_end"], strict=True)):
            total += max(0.0, stop - max(start, end))
            end = max(end, stop)
    return total


def test_demo_help_describes_the_demo(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--help"])
    assert exit_info.value.code == 0
    assert "offline on the bundled sample account" in capsys.readouterr().out


def test_fetch_help_titles_its_scope_for_fetching(capsys):
    with pytest.raises(SystemExit):
        main(["fetch", "--help"])
    text = capsys.readouterr().out
    assert "what to fetch (exactly one)" in text and "what to export" not in text


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


def test_demo_chart_descriptions_count_what_the_charts_count():
    """A chart whose axis counts persons is described as persons, not faces."""
    import matplotlib.pyplot as plt

    from deepva_frames.cli.demo.charts import _charts, load_tables
    from deepva_frames.client import sample_client

    checked = 0
    for name, what, draw in _charts(load_tables(sample_client())):
        ax = draw()
        labels = " ".join([ax.get_title(), ax.get_title(loc="left"), ax.get_ylabel(),
                           ax.get_xlabel()])
        plt.close(ax.figure)
        if "Persons" in labels:
            checked += 1
            assert "persons" in what and "faces" not in what, (name, what, labels)
    assert checked >= 3
