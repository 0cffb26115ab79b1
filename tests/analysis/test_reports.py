"""report_metrics, sub_batch_totals and batch_job_ids, by hand and on the sample."""

from __future__ import annotations

import pandas as pd

from deepva_frames.analysis import batch_job_ids, report_metrics, sub_batch_totals

BATCHES = pd.DataFrame({"batch_id": ["top", "mon", "tue", "eve"],
                        "name": ["Week", "Monday", "Tuesday", "Evening"],
                        "parent_id": [None, "top", "top", "tue"],
                        "depth": [0, 1, 1, 2]})


def items(values: dict[str, list[float]]) -> pd.DataFrame:
    rows = [("r", batch, "gender_screen_time", key, value)
            for batch, pairs in values.items() for key, value in zip(["female", "male"],
                                                                      pairs, strict=True)]
    return pd.DataFrame(rows, columns=["report_id", "batch_id", "metric", "key", "value"])


def test_report_metrics_adds_batch_names_and_units():
    table = report_metrics(items({"mon": [1.0, 2.0]}), BATCHES)
    assert list(table.columns) == ["report_id", "batch_id", "name", "parent_id", "depth",
                                   "metric", "key", "value", "unit"]
    assert table["name"].tolist() == ["Monday", "Monday"]
    assert table["unit"].unique().tolist() == ["s"]


def test_sub_batch_totals_within_rounding():
    table = sub_batch_totals(items({"top": [3.01, 5.0], "mon": [1.0, 2.0], "tue": [2.0, 3.0]}),
                             BATCHES)
    assert table["batch_id"].unique().tolist() == ["top"]
    assert table["matches"].all() and table["consistent"].all()
    assert table["n_sub_batches"].unique().tolist() == [2]


def test_sub_batch_totals_flag_a_parent_holding_less_and_its_own_jobs():
    table = sub_batch_totals(items({"top": [2.0, 9.0], "mon": [1.0, 2.0], "tue": [2.0, 3.0]}),
                             BATCHES).set_index("key")
    assert table.loc["female", "difference"] == -1.0
    assert not table.loc["female", "consistent"]
    assert table.loc["male", "difference"] == 4.0  # the parent's own jobs
    assert table.loc["male", "consistent"] and not table.loc["male", "matches"]


def test_a_key_missing_on_one_side_counts_as_zero():
    data = items({"top": [3.0, 5.0], "mon": [1.0, 2.0]})
    data = data[~((data.batch_id == "top") & (data.key == "male"))]
    table = sub_batch_totals(data, BATCHES).set_index("key")
    assert table.loc["male", "reported"] == 0.0 and not table.loc["male", "consistent"]


def test_no_parent_in_the_report_gives_an_empty_table():
    assert sub_batch_totals(items({"mon": [1.0, 2.0]}), BATCHES).empty


def test_batch_job_ids_walk_the_whole_subtree():
    jobs = pd.DataFrame({"job_id": ["a", "b", "c", "d"],
                         "batch_id": ["top", "mon", "tue", "eve"]})
    assert batch_job_ids("top", BATCHES, jobs) == ["a", "b", "c", "d"]
    assert batch_job_ids("tue", BATCHES, jobs) == ["c", "d"]
    assert batch_job_ids("nowhere", BATCHES, jobs) == []


def test_sample_week_report_equals_its_days(sample):
    table = sub_batch_totals(sample.report_items, sample.batches)
    week = sample.batches.loc[sample.batches["depth"] == 0, "batch_id"].iloc[0]
    assert table["batch_id"].unique().tolist() == [week]
    assert len(table) == 33 and table["matches"].all()
    metrics = report_metrics(sample.report_items, sample.batches)
    assert set(metrics["name"]) == {"Evening News — week 41", "Monday", "Tuesday"}
    assert set(metrics["unit"]) == {"s", "persons"}
