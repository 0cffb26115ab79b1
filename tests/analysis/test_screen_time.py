"""screen_time, speech_vs_screen and person_counts against hand-computed seconds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.analysis import person_counts, screen_time, speech_vs_screen
from deepva_frames.errors import DataQualityWarning, PayloadError


def as_dict(table: pd.DataFrame, key: str = "person", value: str = "seconds") -> dict:
    return {("unknown" if pd.isna(k) else k): v
            for k, v in zip(table[key], table[value], strict=True)}


def test_hand_case_unions_within_each_source_then_sums(hand):
    # Ann: [0,6) in a (two overlapping segments) + [0,3) in b; a naive union across
    # sources would give 6. Unknowns: [7,12) in a + [4,5) in b. Cy has no detections.
    table = screen_time(hand)
    assert as_dict(table) == {"Ann": 9.0, "unknown": 6.0, "Bo": 4.0, "Cy": 2.0}
    assert table["person"].tolist() == ["Ann", "unknown", "Bo", "Cy"]
    assert table["share_of_screen"].sum() == pytest.approx(1.0)
    assert table["share_of_screen"].iloc[0] == pytest.approx(9 / 21)
    assert table["share_of_media"].isna().all()  # no media table given


def test_unknown_faces_can_count_for_their_closest_person(hand):
    table = screen_time(hand, unknown="closest_person")
    # j1: Ann [0,6)+[7,10) = 9, Bo [5,8)+[9,12) = 6; j2: Ann 3, Bo 1, unknown 1.
    assert as_dict(table) == {"Ann": 12.0, "Bo": 7.0, "Cy": 2.0, "unknown": 1.0}


def test_unknown_faces_can_be_dropped(hand):
    assert as_dict(screen_time(hand, unknown="drop")) == {"Ann": 9.0, "Bo": 4.0, "Cy": 2.0}


def test_null_person_reads_as_unknown(hand):
    hand.loc[8, "person"] = None
    assert as_dict(screen_time(hand))["unknown"] == 6.0


def test_per_job_keeps_each_job_apart(hand):
    table = screen_time(hand, per="job")
    assert list(table.columns) == ["job_id", "person", "seconds", "share_of_media",
                                   "share_of_screen"]
    got = {(j, p): s for j, p, s in table[["job_id", "person", "seconds"]].itertuples(
        index=False)}
    assert got == {("j1", "Ann"): 6.0, ("j1", "unknown"): 5.0, ("j1", "Bo"): 3.0,
                   ("j1", "Cy"): 2.0, ("j2", "Ann"): 3.0, ("j2", "Bo"): 1.0,
                   ("j2", "unknown"): 1.0}
    assert table.groupby("job_id")["share_of_screen"].sum().tolist() == pytest.approx(
        [1.0, 1.0])


def test_per_source_and_share_of_each_media(hand, hand_media):
    table = screen_time(hand, per="source", media=hand_media)
    first = table[(table.source == "a") & (table.person == "Ann")].iloc[0]
    assert first["seconds"] == 6.0 and first["share_of_media"] == pytest.approx(6 / 20)
    assert first["share_of_screen"] == pytest.approx(6 / 16)
    second = table[(table.source == "b") & (table.person == "Ann")].iloc[0]
    assert second["share_of_media"] == pytest.approx(3 / 10)


def test_share_of_the_total_media_duration(hand, hand_media):
    table = screen_time(hand, media=hand_media)
    assert as_dict(table, value="share_of_media")["Ann"] == pytest.approx(9 / 30)
    assert as_dict(table, value="share_of_screen")["Ann"] == pytest.approx(9 / 21)


def test_media_of_other_jobs_do_not_dilute_the_share(hand, hand_media):
    more = pd.concat([hand_media, pd.DataFrame({"job_id": ["zz"], "source": ["c"],
                                                "duration_s": [1000.0]})])
    assert as_dict(screen_time(hand, media=more), value="share_of_media")["Ann"] == (
        pytest.approx(0.3))


def test_a_null_media_duration_gives_nan_and_a_warning_naming_the_media(hand, hand_media):
    # Fails on the old main: it fell back silently to the share of screen time.
    hand_media.loc[1, "duration_s"] = np.nan
    with pytest.warns(DataQualityWarning, match="j2 source 'b'"):
        table = screen_time(hand, media=hand_media)
    assert table["share_of_media"].isna().all()
    assert as_dict(table, value="share_of_screen")["Ann"] == pytest.approx(9 / 21)
    with pytest.warns(DataQualityWarning, match="duration_s is null for job j2"):
        per_job = screen_time(hand, per="job", media=hand_media)
    shares = per_job.groupby("job_id")["share_of_media"].apply(lambda s: s.isna().all())
    assert shares.to_dict() == {"j1": False, "j2": True}


def test_a_job_without_media_row_gives_nan_not_a_share_of_other_jobs(hand, hand_media):
    # Fails on the old main: j2 had no media row, so j2's cell divided by j1's 20 s
    # (or, per job, by another job's duration: shares above 1).
    with pytest.warns(DataQualityWarning, match="no media row for job j2"):
        table = screen_time(hand, per="job", media=hand_media.iloc[:1])
    j1 = table[table.job_id == "j1"].set_index("person")["share_of_media"]
    assert j1["Ann"] == pytest.approx(6 / 20)
    assert table[table.job_id == "j2"]["share_of_media"].isna().all()
    with pytest.warns(DataQualityWarning):
        assert screen_time(hand, media=hand_media.iloc[:1])["share_of_media"].isna().all()


def test_share_of_media_does_not_depend_on_unknown(hand, hand_media):
    # Fails on the old main: with unknown="drop" a job with only unknown faces left the
    # denominator, so the remaining persons' shares grew.
    only_unknown = pd.DataFrame({"job_id": ["j3"], "source": ["c"], "person": ["unknown"],
                                 "closest_person": [None], "time_start": [0.0],
                                 "time_end": [5.0], "speaking": [False],
                                 "gender": [None], "n_detections": [1]})
    segments = pd.concat([hand, only_unknown], ignore_index=True)
    media = pd.concat([hand_media, pd.DataFrame({"job_id": ["j3"], "source": ["c"],
                                                 "duration_s": [30.0]})])
    shares = {mode: as_dict(screen_time(segments, unknown=mode, media=media),
                            value="share_of_media")["Ann"]
              for mode in ("own", "drop", "closest_person")}
    assert shares["own"] == shares["drop"] == pytest.approx(9 / 60)
    assert shares["closest_person"] == pytest.approx(12 / 60)


def test_every_source_of_the_jobs_counts_even_one_without_faces(hand, hand_media):
    media = pd.concat([hand_media, pd.DataFrame({"job_id": ["j1"], "source": ["c"],
                                                 "duration_s": [10.0]})])
    assert as_dict(screen_time(hand, media=media), value="share_of_media")["Ann"] == (
        pytest.approx(9 / 40))
    # per source, source c has no rows, so no cell; a's cell is a's media only.
    table = screen_time(hand, per="source", media=media)
    assert table[(table.source == "a") & (table.person == "Ann")][
        "share_of_media"].iloc[0] == pytest.approx(6 / 20)


def test_by_gender_merges_or_sums_per_person(hand):
    merged = screen_time(hand, by="gender")
    # female in a: Ann [0,6) with Cy [3,5) inside it = 6; in b: Ann 3.
    assert as_dict(merged, "gender") == {"female": 9.0, "unknown": 6.0, "male": 4.0}
    per_person = screen_time(hand, by="gender", overlaps="per_person")
    assert as_dict(per_person, "gender") == {"female": 11.0, "unknown": 6.0, "male": 4.0}


def test_by_several_columns(hand):
    table = screen_time(hand, by=["person", "speaking"])
    got = {(p, bool(s)): v for p, s, v in table[["person", "speaking", "seconds"]]
           .itertuples(index=False)}
    assert got[("Ann", True)] == 4.0 and got[("Ann", False)] == 7.0  # [2,6) + [0,3)


def test_touching_and_empty_intervals():
    seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["A", "A", "A", "B"],
                        "time_start": [0.0, 2.0, 5.0, 1.0], "time_end": [2.0, 4.0, 5.0, 1.0]})
    assert as_dict(screen_time(seg)) == {"A": 4.0, "B": 0.0}


def test_empty_table_gives_empty_result(hand):
    table = screen_time(hand.iloc[0:0])
    assert table.empty and list(table.columns) == ["person", "seconds", "share_of_media",
                                                   "share_of_screen"]


def test_bad_arguments(hand):
    with pytest.raises(ValueError, match="unknown="):
        screen_time(hand, unknown="closest")
    with pytest.raises(ValueError, match="overlaps="):
        screen_time(hand, overlaps="sum")
    with pytest.raises(PayloadError, match="enrich"):
        screen_time(hand.drop(columns="gender"), by="gender")


def test_speech_vs_screen(hand):
    table = speech_vs_screen(hand, by="person")
    got = {p: (a, b) for p, a, b in table[["person", "screen_seconds", "speech_seconds"]]
           .itertuples(index=False)}
    assert got == {"Ann": (9.0, 4.0), "unknown": (6.0, 0.0), "Bo": (4.0, 4.0),
                   "Cy": (2.0, 0.0)}
    assert as_dict(table, value="speech_share_of_own_screen")["Bo"] == 1.0
    assert as_dict(table, value="speech_share_of_speech")["Ann"] == pytest.approx(4 / 8)
    assert as_dict(table, value="share_of_screen")["Ann"] == pytest.approx(9 / 21)
    assert table["share_of_media"].isna().all()


def test_speech_vs_screen_shares_of_media(hand, hand_media):
    table = speech_vs_screen(hand, by="person", media=hand_media)
    assert as_dict(table, value="share_of_media")["Ann"] == pytest.approx(9 / 30)
    assert as_dict(table, value="speech_share_of_media")["Bo"] == pytest.approx(4 / 30)
    dropped = speech_vs_screen(hand, by="person", unknown="drop", media=hand_media)
    assert as_dict(dropped, value="speech_share_of_media")["Bo"] == pytest.approx(4 / 30)


def test_person_counts_per_source(hand):
    table = person_counts(hand, by="gender")
    # a: Ann, Cy female, Bo male, one unknown; b: Ann female, Bo male, one unknown.
    assert as_dict(table, "gender", "persons") == {"female": 3, "male": 2, "unknown": 2}
    assert table["share_of_persons"].sum() == pytest.approx(1.0)


interval = st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(["s", "t"]), interval),
                max_size=12))
def test_union_matches_a_frame_by_frame_count(rows):
    seg = pd.DataFrame([(p, s, float(a), float(b)) for p, s, (a, b) in rows],
                       columns=["person", "source", "time_start", "time_end"])
    seg["job_id"] = "j"
    if seg.empty:
        return
    got = as_dict(screen_time(seg, unknown="own"))
    for person in set(seg["person"]):
        covered = {(s, t) for p, s, (a, b) in rows if p == person for t in range(a, b)}
        assert got[person] == pytest.approx(len(covered))
