"""``deepva-frames analyze``: the Python API's figures of an export, from the command line."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest
from cli_helpers import console_script

from deepva_frames import analysis
from deepva_frames.analysis.engines.readers import read_pandas
from deepva_frames.cli import main


@pytest.fixture(scope="module")
def bi(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "bi"
    done = subprocess.run([console_script(), "export", "--sample", "--all-jobs", "--out",
                           str(folder), "--no-progress"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return folder


def _expected(bi, **options) -> pd.DataFrame:
    segments, media = read_pandas(bi, "segments"), read_pandas(bi, "media")
    return analysis.screen_time(segments, media=media, **options)


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    return [[None if pd.isna(v) else str(v) for v in row]
            for row in frame[["job_id", "gender"]].astype(object).values.tolist()]


def _same(written: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert _cells(written) == _cells(expected)
    np.testing.assert_allclose(written["seconds"], expected["seconds"], rtol=0, atol=1e-9)


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_screen_time_per_gender_and_job(bi, tmp_path, engine):
    out = tmp_path / "table.csv"
    command = [console_script(), "analyze", str(bi), "--by", "gender", "--per", "job_id",
               "--engine", engine, "--out", str(out), "--rows", "3"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = _expected(bi, by="gender", per="job_id")
    assert f"{len(expected) - 3} more rows" in done.stdout
    assert expected["job_id"].iloc[0] in done.stdout.splitlines()[1]
    _same(pd.read_csv(out, dtype={"job_id": str, "gender": str}), expected)


def test_spark_engine_and_parquet_out(bi, tmp_path, spark, capsys):
    out = tmp_path / "table.parquet"
    assert main(["analyze", str(bi), "--by", "gender", "--per", "job_id", "--engine",
                 "spark", "--out", str(out), "--unknown", "drop"]) == 0
    assert f"{out}: " in capsys.readouterr().out
    _same(pd.read_parquet(out), _expected(bi, by="gender", per="job_id", unknown="drop"))


def test_other_figures_and_module_filter(bi, capsys):
    assert main(["analyze", str(bi), "--figure", "person_counts", "--by", "gender",
                 "--module", "advanced_diversity_analysis"]) == 0
    segments = read_pandas(bi, "segments")
    counts = analysis.person_counts(
        segments[segments["module"] == "advanced_diversity_analysis"], by="gender")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[-2] for line in lines[1:]] == [str(n) for n in counts["persons"]]


@pytest.mark.parametrize(("argv", "message", "code"), [
    (["--by", "no_such_column"], "no column 'no_such_column'", 1),
    (["--out", "table.xlsx"], ".parquet or .csv", 2),
])
def test_bad_options_are_errors(bi, tmp_path, capsys, argv, message, code):
    assert main(["analyze", str(bi), *argv]) == code
    assert message in capsys.readouterr().err
    assert not (tmp_path / "table.xlsx").exists()


def test_missing_folder_is_exit_2(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nothing")]) == 2
    assert "no export folder" in capsys.readouterr().err
