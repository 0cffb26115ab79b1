"""enrich and the knowledge-graph date helpers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from deepva_frames.analysis import age_bucket, age_on, enrich, parse_kg_date, screen_time

KG = pd.DataFrame({
    "node_id": ["1"] * 4 + ["2"] * 3,
    "name": ["name", "sex_or_gender", "date_of_birth", "occupation",
             "name", "sex_or_gender", "date_of_birth"],
    "value": ["Ann", "female", "19.06.1978.", "journalist", "Bo", "male", "1990-12-31"],
})


@pytest.mark.parametrize(("text", "expected"), [
    ("19.06.1978.", date(1978, 6, 19)), ("1.2.1990", date(1990, 2, 1)),
    ("1978-06-19", date(1978, 6, 19)), ("+1978-06-19T00:00:00Z", date(1978, 6, 19)),
    ("31.02.1990.", None), ("1978", None), ("", None), (None, None), (1978, None),
])
def test_parse_kg_date(text, expected):
    assert parse_kg_date(text) == expected


def test_age_on_the_birthday_and_buckets():
    born = date(1978, 6, 19)
    assert age_on(born, date(2026, 6, 18)) == 47
    assert age_on(born, pd.Timestamp("2026-06-19 08:00", tz="UTC")) == 48
    assert age_on(None, "2026-01-01") is None
    assert age_bucket(48) == "40-50" and age_bucket(9) == "0-10" and age_bucket(48, 5) == "45-50"


def test_enrich_with_a_given_date(hand):
    seg = hand.drop(columns="gender")
    out = enrich(seg, KG, on="2026-06-18")
    ann = out[out["person"] == "Ann"].iloc[0]
    assert (ann["gender"], ann["age_years"], ann["age"], ann["node_id"]) == (
        "female", 47, "40-50", "1")
    assert out.loc[out["person"] == "Bo", "age"].iloc[0] == "30-40"
    unknown = out[out["person"].isin(["unknown", "Cy"])]
    assert unknown["gender"].isna().all() and unknown["age_years"].isna().all()
    assert out["gender"].dtype == "category" and out["age"].dtype == "category"
    assert len(out) == len(seg) and list(out.columns[:len(seg.columns)]) == list(seg.columns)


def test_enrich_uses_each_jobs_date():
    seg = pd.DataFrame({"job_id": ["j1", "j2"], "person": ["Ann", "Ann"]})
    jobs = pd.DataFrame({"job_id": ["j1", "j2"], "time_created": pd.to_datetime(
        ["2026-06-18 23:00", "2026-06-19 00:30"], utc=True)})
    assert enrich(seg, KG, jobs=jobs)["age_years"].tolist() == [47, 48]
    assert enrich(seg, KG)["age_years"].isna().all()  # no date: no age


def test_enrich_keeps_what_segments_already_say(hand):
    out = enrich(hand.assign(age=["20-30"] + [None] * 8), KG, on="2026-01-01")
    assert out["age"].iloc[0] == "20-30" and out["age"].iloc[1] == "40-50"
    assert out["gender"].iloc[0] == "female"


def test_enriched_face_recognition_gives_screen_time_by_age(sample):
    faces = sample.segments[sample.segments["module"] == "face_recognition"]
    out = enrich(faces, sample.kg_attributes, jobs=sample.jobs)
    known = out[out["person"] != "unknown"]
    assert known["gender"].notna().all() and known["age"].notna().all()
    mara = known[known["person"] == "Mara Lindqvist"]
    assert set(mara["age"]) == {"40-50"} and set(mara["age_years"]) == {47}
    table = screen_time(out, by="age")
    assert set(table["age"].dropna()) == {"20-30", "30-40", "40-50", "50-60", "60-70"}
