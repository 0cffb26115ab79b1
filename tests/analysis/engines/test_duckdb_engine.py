"""DuckDB gives the pandas figures: on the sample export, on a 1,000-job archive, and on
random segments (hypothesis). The pandas functions are the reference."""

from __future__ import annotations

import itertools
import warnings

import pandas as pd
import pyarrow as pa
import pytest
from engine_helpers import assert_same_figures, read_table
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from deepva_frames import analysis
from deepva_frames.analysis.engines import on_duckdb

UNKNOWN = ["own", "closest_person", "drop"]


@pytest.fixture(scope="module")
def sample_tables(sample_export):
    return read_table(sample_export, "segments"), read_table(sample_export, "media")


@pytest.mark.parametrize(("by", "per", "unknown", "overlaps"), list(itertools.product(
    ["person", "gender", ["gender", "age"]], [None, "job", "source"], UNKNOWN,
    ["merge", "per_person"])))
def test_screen_time_on_the_sample(sample_export, sample_tables, by, per, unknown, overlaps):
    segments, media = sample_tables
    expected = analysis.screen_time(segments, by, per, unknown, overlaps=overlaps, media=media)
    got = analysis.screen_time(sample_export, by, per, unknown, overlaps=overlaps)
    assert_same_figures(got, expected)


@pytest.mark.parametrize(("by", "per", "unknown"), list(itertools.product(
    ["person", "gender", "age"], [None, "job"], UNKNOWN)))
def test_speech_and_counts_on_the_sample(sample_export, sample_tables, by, per, unknown):
    segments, media = sample_tables
    assert_same_figures(analysis.speech_vs_screen(sample_export, by, per, unknown),
                        analysis.speech_vs_screen(segments, by, per, unknown, media=media))
    assert_same_figures(analysis.person_counts(sample_export, by, per, unknown),
                        analysis.person_counts(segments, by, per, unknown))


@pytest.mark.parametrize(("by", "unknown", "form"), list(itertools.product(
    ["person", "gender"], UNKNOWN, ["long", "matrix"])))
def test_co_occurrence_on_the_sample(sample_export, sample_tables, by, unknown, form):
    segments, _ = sample_tables
    got = analysis.co_occurrence(sample_export, by, unknown, form=form)
    expected = analysis.co_occurrence(segments, by, unknown, form=form)
    if form == "matrix":
        pd.testing.assert_frame_equal(got, expected, check_exact=False, atol=1e-9, rtol=0)
    else:
        assert_same_figures(got, expected)


@pytest.mark.parametrize(("module", "unknown"), list(itertools.product(
    ["advanced_diversity_analysis", None], UNKNOWN)))
def test_diversity_metrics_on_the_sample(sample_export, sample_tables, module, unknown):
    segments, _ = sample_tables
    got = analysis.diversity_metrics(sample_export, module=module, unknown=unknown)
    expected = analysis.diversity_metrics(segments, module=module, unknown=unknown)
    assert got["metric"].dtype == expected["metric"].dtype
    assert_same_figures(got, expected, sort=["metric", "key"])


def test_a_thousand_jobs(archive):
    segments, media = read_table(archive, "segments"), read_table(archive, "media")
    assert segments["job_id"].nunique() == 1000
    assert_same_figures(analysis.screen_time(archive, "person", "job", "closest_person"),
                        analysis.screen_time(segments, "person", "job", "closest_person",
                                             media=media))
    assert_same_figures(analysis.diversity_metrics(archive, module=None),
                        analysis.diversity_metrics(segments, module=None),
                        sort=["metric", "key"])


def test_relations_stay_lazy_and_take_filters(sample_export, sample_tables):
    segments, _ = sample_tables
    faces = on_duckdb.read_export(sample_export).filter("module = 'face_recognition'")
    result = on_duckdb.screen_time(faces, by="person", per="job")
    assert type(result).__name__ == "DuckDBPyRelation"
    expected = analysis.screen_time(segments[segments["module"] == "face_recognition"],
                                    "person", "job")
    assert_same_figures(analysis.screen_time(faces, "person", "job"), expected)


times = st.one_of(st.integers(0, 12).map(float), st.floats(0, 12, allow_nan=False),
                  st.none())
rows = st.tuples(st.sampled_from(["j1", "j2"]), st.sampled_from(["a", "b", None]),
                 st.sampled_from(["Ann", "Bo", "unknown", None]),
                 st.sampled_from(["Ann", "Cy", None]), st.sampled_from(["f", "m", None]),
                 times, times, st.booleans())


def _frame(data: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(data, columns=["job_id", "source", "person", "closest_person",
                                        "gender", "time_start", "time_end", "speaking"])
    return frame.astype({"time_start": float, "time_end": float, "speaking": bool})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows, min_size=1, max_size=25), st.sampled_from(UNKNOWN),
       st.sampled_from(["person", "gender"]), st.sampled_from([None, "job", "source"]))
def test_random_segments(data, unknown, by, per):
    segments = _frame(data)
    assume(segments[by].notna().any())  # an all-null group column is an error (both)
    table = pa.Table.from_pandas(segments, preserve_index=False)
    assert_same_figures(analysis.screen_time(table, by, per, unknown),
                        analysis.screen_time(segments, by, per, unknown))
    assert_same_figures(analysis.speech_vs_screen(table, by, per, unknown),
                        analysis.speech_vs_screen(segments, by, per, unknown))
    assert_same_figures(analysis.person_counts(table, by, per, unknown),
                        analysis.person_counts(segments, by, per, unknown))
    assert_same_figures(analysis.co_occurrence(table, by, unknown),
                        analysis.co_occurrence(segments, by, unknown))


TIMELINES = [("j1", "a"), ("j1", "b"), ("j2", "a"), ("j3", "c")]


def _media_warnings(segments, media, per, unknown) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis.screen_time(segments, "person", per, unknown, media=media)
    return sorted(str(w.message) for w in caught if "share_of_media" in str(w.message))


def _notes(texts: list[str]) -> list[tuple[str, set[str]]]:
    """(the counts, the set of notes) of each warning: the order of notes may differ."""
    split = [text.split(": media durations unknown (") for text in texts]
    return [(head, set(rest.removesuffix(")").split("; "))) for head, rest in split]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TIMELINES), st.sampled_from(["Ann", "unknown"]),
                          st.integers(0, 20)), min_size=1, max_size=10),
       st.dictionaries(st.sampled_from(TIMELINES), st.none() | st.just(40.0)),
       st.sampled_from([None, "job", "source"]), st.sampled_from(["own", "drop"]))
def test_unknown_media_warnings_name_the_same_media(raw, durations, per, unknown):
    """The engine's warning names the media pandas names (a missing row, a null
    duration), for the same cells."""
    segments = pd.DataFrame([(j, s, p, float(a), float(a + 5)) for (j, s), p, a in raw],
                            columns=["job_id", "source", "person", "time_start", "time_end"])
    media = pd.DataFrame([(j, s, d) for (j, s), d in durations.items()],
                         columns=["job_id", "source", "duration_s"]).astype(
                             {"duration_s": float})
    assume(unknown == "own" or (segments["person"] != "unknown").any())
    expected = _media_warnings(segments, media, per, unknown)
    got = _media_warnings(pa.Table.from_pandas(segments, preserve_index=False), media, per,
                          unknown)
    assert _notes(got) == _notes(expected)
