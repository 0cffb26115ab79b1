"""diversity_metrics and reconcile: by hand, and on every job and batch of the sample."""

from __future__ import annotations

import pandas as pd
import pytest

from deepva_frames.analysis import (
    DIVERSITY_METRICS,
    batch_job_ids,
    diversity_metrics,
    reconcile,
    screen_time,
)

DIVERSITY = "advanced_diversity_analysis"


def test_hand_figures(hand):
    seg = hand.assign(module=DIVERSITY, age="30-40")
    m = diversity_metrics(seg)
    got = {(str(a), b): c for a, b, c in m.itertuples(index=False)}
    assert got[("person_screen_time", "Ann")] == 9.0
    assert got[("gender_screen_time", "female")] == 11.0  # person-seconds: Ann 9 + Cy 2
    assert got[("gender_count", "female")] == 3.0  # Ann, Cy in a; Ann in b
    assert got[("name_to_speech_time", "Cy")] == 0.0
    assert got[("gender_speech_time", "male")] == 4.0
    assert got[("age_count", "30-40")] == 7.0
    assert not any(key == "nan" for _, key in got)  # faces without gender are left out
    assert list(m["metric"].cat.categories) == list(DIVERSITY_METRICS)


def test_other_modules_are_ignored_unless_asked(hand):
    seg = hand.assign(module="face_recognition", age="30-40")
    assert diversity_metrics(seg).empty
    assert not diversity_metrics(seg, module=None).empty


def test_reconcile_reports_differences_and_missing_keys():
    computed = pd.DataFrame({"metric": "person_screen_time", "key": ["a", "b", "c"],
                             "value": [10.004, 5.0, 0.0]})
    reported = pd.DataFrame({"job_id": "j", "type": "person_screen_time",
                             "key": ["a", "b", "c", "d"], "value": [10.0, 4.0, 0.0, 1.0]})
    table = reconcile(computed, reported).set_index("key")
    assert list(table.columns) == ["metric", "computed", "reported", "difference",
                                   "relative_difference", "agrees"]
    assert table.loc["a", "agrees"] and not table.loc["b", "agrees"]
    assert table.loc["b", "difference"] == 1.0
    assert table.loc["b", "relative_difference"] == 0.25
    assert table.loc["c", "relative_difference"] == 0.0
    assert pd.isna(table.loc["d", "computed"]) and not table.loc["d", "agrees"]
    strict = reconcile(computed, reported, atol=0.0)
    assert not strict.set_index("key").loc["a", "agrees"]


def test_reconcile_refuses_several_jobs_or_batches():
    computed = pd.DataFrame({"metric": "m", "key": ["a"], "value": [1.0]})
    two = pd.DataFrame({"batch_id": ["x", "y"], "metric": "m", "key": "a", "value": 1.0})
    with pytest.raises(ValueError, match="several batch_ids"):
        reconcile(computed, two)
    with pytest.raises(ValueError, match="several rows"):
        reconcile(computed, two.drop(columns="batch_id"))


def video_jobs(sample):
    diversity = sample.segments[sample.segments["module"] == DIVERSITY]
    return list(dict.fromkeys(diversity["job_id"]))


def test_every_video_job_summary_matches_its_detailed_results(sample):
    jobs = video_jobs(sample)
    assert len(jobs) == 5
    for job_id in jobs:
        segments = sample.segments[sample.segments["job_id"] == job_id]
        reported = sample.summarized_results[sample.summarized_results["job_id"] == job_id]
        table = reconcile(diversity_metrics(segments), reported)
        assert set(table["metric"]) == set(DIVERSITY_METRICS)
        assert len(table) == len(reported), job_id
        assert table["agrees"].all(), table[~table["agrees"]]
        assert table["difference"].abs().max() <= 0.005 + 1e-9


def batch_cases(sample):
    items = sample.report_items
    return [(r, b) for r, b in items[["report_id", "batch_id"]].drop_duplicates()
            .itertuples(index=False)]


def test_every_report_item_matches_the_detailed_results_of_its_batch(sample):
    cases = batch_cases(sample)
    assert len(cases) == 5  # 3 reports: week 41 (3 batches), Monday, Tuesday
    for report_id, batch_id in cases:
        jobs = batch_job_ids(batch_id, sample.batches, sample.batch_jobs)
        segments = sample.segments[sample.segments["job_id"].isin(jobs)]
        items = sample.report_items
        reported = items[(items["report_id"] == report_id) & (items["batch_id"] == batch_id)]
        table = reconcile(diversity_metrics(segments), reported)
        assert len(table) == len(reported) and table["reported"].notna().all()
        assert table["agrees"].all(), table[~table["agrees"]]


def test_screen_time_of_each_batch_matches_the_report(sample):
    for report_id, batch_id in batch_cases(sample):
        jobs = batch_job_ids(batch_id, sample.batches, sample.batch_jobs)
        seg = sample.segments[sample.segments["job_id"].isin(jobs)
                              & (sample.segments["module"] == DIVERSITY)]
        items = sample.report_items
        items = items[(items["report_id"] == report_id) & (items["batch_id"] == batch_id)]
        for metric, by, overlaps in [("person_screen_time", "person", "merge"),
                                     ("gender_screen_time", "gender", "per_person"),
                                     ("age_screen_time", "age", "per_person")]:
            reported = items[items["metric"] == metric].set_index("key")["value"]
            computed = screen_time(seg, by=by, overlaps=overlaps).set_index(by)["seconds"]
            computed.index = computed.index.astype(str)
            assert computed.sort_index().to_numpy() == pytest.approx(
                reported.sort_index().to_numpy(), abs=0.005 + 1e-9)
