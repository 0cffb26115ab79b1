"""Spark (local[2]) gives the pandas figures on the sample export and a 1,000-job archive.

Few and broad on purpose: one shared session (tests/conftest.py), one query per function.
"""

from __future__ import annotations

import pandas as pd
import pytest
from engine_helpers import assert_same_figures, read_table

from deepva_frames import analysis
from deepva_frames.analysis.engines import UnsupportedInput, on_spark
from deepva_frames.errors import DataQualityWarning


def test_every_function_on_the_sample(spark, sample_export):
    segments, media = read_table(sample_export, "segments"), read_table(sample_export, "media")
    frame = on_spark.read_export(spark, sample_export)
    assert dict(frame.dtypes)["job_id"] == "string"
    assert_same_figures(
        analysis.screen_time(frame, "gender", "job", "closest_person", media=sample_export),
        analysis.screen_time(segments, "gender", "job", "closest_person", media=media))
    assert_same_figures(analysis.speech_vs_screen(frame, "age", unknown="drop"),
                        analysis.speech_vs_screen(segments, "age", unknown="drop"))
    assert_same_figures(analysis.person_counts(frame, "gender", "source"),
                        analysis.person_counts(segments, "gender", "source"))
    pd.testing.assert_frame_equal(analysis.co_occurrence(frame, form="matrix"),
                                  analysis.co_occurrence(segments, form="matrix"),
                                  check_exact=False, atol=1e-9, rtol=0)
    assert_same_figures(analysis.diversity_metrics(frame), analysis.diversity_metrics(segments),
                        sort=["metric", "key"])


def test_a_thousand_jobs(spark, archive):
    segments, media = read_table(archive, "segments"), read_table(archive, "media")
    frame = on_spark.read_export(spark, archive).cache()  # 1,000 small files: read once
    got = analysis.screen_time(frame, ["gender", "age"], "job", media=media)
    assert got["job_id"].nunique() == 1000 and got["job_id"].str.len().eq(6).all()
    assert_same_figures(got, analysis.screen_time(segments, ["gender", "age"], "job",
                                                  media=media))


def test_spark_functions_refuse_other_tables(sample_export):
    with pytest.raises(UnsupportedInput, match="Spark DataFrame"):
        on_spark.screen_time(read_table(sample_export, "segments"))
    with pytest.raises(TypeError):
        on_spark.person_counts(str(sample_export))


def test_unknown_media_warning_names_the_media_as_pandas_does(spark):
    segments = pd.DataFrame({"job_id": ["j1", "j1", "j2", "j3"], "source": ["a", "b", "a", "c"],
                             "person": ["Ann", "Bo", "Ann", "Ann"],
                             "time_start": [0.0, 0.0, 0.0, 0.0], "time_end": [1.0, 2.0, 3.0, 4.0]})
    media = pd.DataFrame({"job_id": ["j1", "j1", "j2"], "source": ["a", "b", "a"],
                          "duration_s": [10.0, None, 5.0]})
    frame = spark.createDataFrame(segments)
    for per in (None, "job"):
        with pytest.warns(DataQualityWarning) as expected:
            analysis.screen_time(segments, per=per, media=media)
        with pytest.warns(DataQualityWarning) as got:
            analysis.screen_time(frame, per=per, media=media)
        texts = [str(w.message) for w in got if issubclass(w.category, DataQualityWarning)]
        assert texts == [str(w.message) for w in expected
                         if issubclass(w.category, DataQualityWarning)]
        assert "no media row for job j3 source 'c'" in texts[0]
        assert "duration_s is null for job j1 source 'b'" in texts[0]
