"""enrich and the knowledge-graph date helpers."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from deepva_frames.analysis import age_bucket, age_on, enrich, parse_kg_date, screen_time
from deepva_frames.errors import DataQualityWarning

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


def test_a_birth_after_the_job_date_gives_a_null_age_and_a_warning():
    # Fails on the old main: age -4 in the group "-10-0", silently.
    kg = pd.DataFrame({"node_id": "9", "name": ["name", "date_of_birth"],
                       "value": ["Zoe", "01.01.2030."]})
    seg = pd.DataFrame({"job_id": ["j7"], "person": ["Zoe"]})
    with pytest.warns(DataQualityWarning, match=r"Zoe.*j7"):
        out = enrich(seg, kg, on="2026-01-01")
    assert out["age_years"].isna().all() and out["age"].isna().all()
    assert age_bucket(-4) is None


def test_on_and_jobs_use_the_same_utc_date_for_the_same_instant():
    # Fails on the old main: an aware on= used its local date (2026-06-19 in +02:00),
    # jobs= the UTC date (2026-06-18), so one instant gave two ages.
    instant = pd.Timestamp("2026-06-19 01:30", tz="Europe/Berlin")  # 23:30 UTC on the 18th
    seg = pd.DataFrame({"job_id": ["j1"], "person": ["Ann"]})
    jobs = pd.DataFrame({"job_id": ["j1"], "time_created": [instant.tz_convert("UTC")]})
    by_on = enrich(seg, KG, on=instant)["age_years"].iloc[0]
    by_jobs = enrich(seg, KG, jobs=jobs)["age_years"].iloc[0]
    assert by_on == by_jobs == 47  # Ann is born 19.06.1978: not yet 48 in UTC


@pytest.mark.parametrize(("day", "years"), [("2027-02-28", 26), ("2027-03-01", 27),
                                           ("2028-02-28", 27), ("2028-02-29", 28)])
def test_a_29_february_birthday_is_reached_on_1_march_in_common_years(day, years):
    born = date(2000, 2, 29)
    assert age_on(born, day) == years
    # independent: the number of birthdays passed, counting 1 March in common years
    when = date.fromisoformat(day)
    passed = sum(1 for y in range(2001, when.year + 1)
                 if (date(y, 2, 29) if y % 4 == 0 and (y % 100 or y % 400 == 0)
                     else date(y, 3, 1)) <= when)
    assert passed == years
