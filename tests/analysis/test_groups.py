"""Group columns: absent or empty ones are errors, nulls are a group, ages keep age order."""

from __future__ import annotations

import pandas as pd
import pytest

from deepva_frames.analysis import (
    co_occurrence,
    diversity_metrics,
    person_counts,
    reconcile,
    report_metrics,
    screen_time,
    speech_vs_screen,
)
from deepva_frames.analysis.groups import order_labels
from deepva_frames.errors import PayloadError

AGES = ["40-50", "50-60", "60-70", "30-40", "20-30"]  # longest first, as the old main sorted


def faces(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"job_id": "j", "source": "s", "person": [f"p{i}" for i in range(n)],
            "time_start": [0.0] * n, "time_end": [float(10 - i) for i in range(n)],
            "speaking": [True] * n}
    return pd.DataFrame({**base, **columns})


@pytest.mark.parametrize("function", [screen_time, person_counts, speech_vs_screen])
def test_gender_on_segments_without_gender_is_an_error_naming_enrich(function):
    # Fails on the old main: one NaN group with share 1.0 and no warning.
    no_values = faces(gender=[None, None, None])
    with pytest.raises(PayloadError, match=r"'gender'.*analysis\.enrich.*diversity"):
        function(no_values, by="gender")
    with pytest.raises(PayloadError, match=r"'age'.*analysis\.enrich"):
        function(faces(gender=["f", "m", "f"]), by="age")


@pytest.mark.parametrize("dtype", ["object", "category", "string"])
def test_a_partly_null_group_column_gives_a_null_group_in_every_dtype(dtype):
    table = screen_time(faces(gender=pd.Series(["female", None, "male"], dtype=dtype)),
                        by="gender")
    assert len(table) == 3 and table["gender"].isna().sum() == 1
    got = {("null" if pd.isna(g) else g): s for g, s in zip(table["gender"], table["seconds"],
                                                            strict=True)}
    assert got == {"female": 10.0, "null": 9.0, "male": 8.0}
    counts = person_counts(faces(gender=pd.Series(["female", None, "male"], dtype=dtype)))
    assert counts["persons"].tolist() == [1, 1, 1]


@pytest.mark.parametrize("dtype", ["object", "category", "string"])
def test_a_categorical_or_string_person_with_a_null_reads_as_unknown(dtype):
    # Fails on the old main for category: fillna("unknown") on a categorical crashed.
    segments = faces(gender=["f", "m", "f"])
    segments["person"] = pd.Series(["Ann", None, "Bo"], dtype=dtype)
    table = screen_time(segments)
    assert dict(zip(table["person"].astype(str), table["seconds"], strict=True)) == {
        "Ann": 10.0, "unknown": 9.0, "Bo": 8.0}


def test_age_groups_come_in_age_order_with_unknown_last_everywhere():
    # Fails on the old main: 40-50 50-60 60-70 30-40 20-30 (by seconds).
    segments = faces(age=[*AGES, None, "unknown"])
    expected = ["20-30", "30-40", "40-50", "50-60", "60-70", "unknown"]
    for table in (screen_time(segments, by="age"), person_counts(segments, by="age"),
                  speech_vs_screen(segments, by="age")):
        assert [str(a) for a in table["age"].dropna()] == expected
        assert table["age"].isna().iloc[-1]  # the null group after "unknown"
        assert list(table["age"].cat.categories) == expected and table["age"].cat.ordered
    pivot = screen_time(segments, by="age").pivot_table(columns="age", values="seconds",
                                                        observed=True)
    assert [str(c) for c in pivot.columns] == expected


def test_age_order_within_each_per_cell():
    segments = pd.concat([faces(age=AGES).assign(job_id="j2"),
                          faces(age=AGES[::-1]).assign(job_id="j1")], ignore_index=True)
    table = screen_time(segments, by="age", per="job")
    assert table["job_id"].tolist() == ["j1"] * 5 + ["j2"] * 5
    assert [str(a) for a in table["age"]] == sorted(AGES) * 2


def test_order_labels_sorts_by_bounds_not_text():
    labels = ["100-110", "5-10", "60+", "unknown", "0-5", "adult", None]
    assert order_labels(labels, "age") == ["0-5", "5-10", "60+", "100-110", "adult",
                                           "unknown", None]


def test_age_order_in_the_metric_tables_and_the_matrix():
    # Fails on the old main: keys in first-seen (or text) order.
    segments = faces(age=["60-70", "5-10", "unknown", "20-30"], gender="female",
                     module="advanced_diversity_analysis")
    metrics = diversity_metrics(segments)
    ages = metrics[metrics["metric"] == "age_screen_time"]["key"].tolist()
    assert ages == ["5-10", "20-30", "60-70", "unknown"]
    items = metrics.assign(report_id="r", batch_id="b")
    reported = report_metrics(items)
    assert reported[reported["metric"] == "age_count"]["key"].tolist() == ages
    checked = reconcile(metrics[metrics["metric"] != "age_count"],
                        items[items["key"] != "20-30"])
    assert checked[checked["metric"] == "age_screen_time"]["key"].tolist() == ages
    matrix = co_occurrence(segments, by="age", form="matrix")
    assert list(matrix.index) == list(matrix.columns) == ages
