"""The README's "At archive scale" snippets run as written, and give pandas' figures."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from deepva_frames import analysis
from deepva_frames.analysis.engines.readers import read_pandas

README = Path(__file__).resolve().parents[1] / "README.md"


def _section_blocks(title: str, language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def test_the_section_has_the_three_steps():
    blocks = _section_blocks("At archive scale", "python")
    assert [(".export(" in b, "on_duckdb" in b, "on_spark" in b) for b in blocks] == [
        (True, False, False), (False, True, False), (False, False, True)]


@pytest.fixture
def snippets_run(spark, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in _section_blocks("At archive scale", "python"):
        exec(compile(block, "README.md", "exec"), namespace)
    return tmp_path, namespace


def test_snippets_give_the_pandas_figures(snippets_run):
    folder, names = snippets_run
    segments, media = read_pandas(folder / "bi", "segments"), read_pandas(folder / "bi", "media")
    expected = analysis.screen_time(segments, by="gender", per="job", media=media)
    pd.testing.assert_frame_equal(names["by_gender"].astype({"gender": object}),
                                  expected.astype({"gender": object}), check_dtype=False,
                                  atol=1e-9, rtol=0)
    faces = segments[segments["module"] == "face_recognition"]
    written = pd.read_parquet(folder / "screen.parquet")
    reference = analysis.screen_time(faces, by="person", per="job", media=media)
    assert len(written) == len(reference)
    merged = written.merge(reference, on=["job_id", "person"], suffixes=("", "_pandas"))
    np.testing.assert_allclose(merged["seconds"], merged["seconds_pandas"], atol=1e-9, rtol=0)
    np.testing.assert_allclose(merged["share_of_media"], merged["share_of_media_pandas"],
                               atol=1e-9, rtol=0)
    by_age = analysis.screen_time(segments, by="age", per="job", media=media)
    assert names["by_age"]["age"].astype(str).tolist() == by_age["age"].astype(str).tolist()
    np.testing.assert_allclose(names["by_age"]["seconds"], by_age["seconds"], atol=1e-9)
    counts = analysis.person_counts(segments, by="gender")
    got = names["people"].toPandas()
    assert sorted(got["persons"]) == sorted(counts["persons"])
