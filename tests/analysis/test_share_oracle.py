"""screen_time's seconds and both shares against an independent computation (portion)."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import portion
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.analysis import screen_time, speech_vs_screen
from deepva_frames.errors import DataQualityWarning

TIMELINES = [("j1", "a"), ("j1", "b"), ("j2", "a"), ("j3", "c")]
PERSONS = ["Ann", "Bo", "unknown"]


def union_length(intervals) -> float:
    union = portion.empty()
    for start, end in intervals:
        if end > start:
            union |= portion.closedopen(start, end)
    return sum(i.upper - i.lower for i in union)


def oracle(rows, media, unknown, per_job):
    """Expected {(cell, person): (seconds, share_of_media, share_of_screen)}."""
    kept = [r for r in rows if not (unknown == "drop" and r[2] == "unknown")]
    cells = {r[0] if per_job else None for r in rows}
    out = {}
    for cell in cells:
        in_cell = [r for r in kept if per_job is False or r[0] == cell]
        seconds = {}
        for person in {r[2] for r in in_cell}:
            seconds[person] = sum(
                union_length([(r[3], r[4]) for r in in_cell if r[2] == person
                              and (r[0], r[1]) == line]) for line in TIMELINES)
        jobs = {r[0] for r in rows if not per_job or r[0] == cell}
        used = {(r[0], r[1]) for r in rows if not per_job or r[0] == cell}
        known = all(line in media and media[line] is not None for line in used)
        duration = sum(d for (job, _), d in media.items() if job in jobs and d is not None)
        if any(media.get(line, 0) is None for line in media if line[0] in jobs):
            known = False
        total = sum(seconds.values())
        for person, value in seconds.items():
            out[(cell, person)] = (value, value / duration if known and duration else math.nan,
                                   value / total if total else math.nan)
    return out


segment = st.tuples(st.sampled_from(TIMELINES), st.sampled_from(PERSONS),
                    st.integers(0, 30), st.integers(0, 10))
durations = st.dictionaries(st.sampled_from(TIMELINES),
                            st.one_of(st.none(), st.integers(30, 60).map(float)))


@settings(max_examples=50, deadline=None)
@given(st.lists(segment, min_size=1, max_size=14), durations,
       st.sampled_from(["own", "drop"]), st.booleans())
def test_seconds_and_shares_match_portion(raw, media, unknown, per_job):
    rows = [(job, source, person, float(a), float(a + n)) for (job, source), person, a, n
            in raw]
    segments = pd.DataFrame(rows, columns=["job_id", "source", "person", "time_start",
                                           "time_end"])
    media_table = pd.DataFrame([(j, s, d) for (j, s), d in media.items()],
                               columns=["job_id", "source", "duration_s"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = screen_time(segments, per="job" if per_job else None, unknown=unknown,
                            media=media_table)
    expected = oracle(rows, media, unknown, per_job)
    got = {(r.job_id if per_job else None, r.person): (r.seconds, r.share_of_media,
                                                       r.share_of_screen)
           for r in table.itertuples(index=False)}
    assert got.keys() == expected.keys()
    for key, values in expected.items():
        assert got[key] == pytest.approx(values, nan_ok=True), key
    any_nan = any(math.isnan(v[1]) for v in expected.values())
    assert any(issubclass(w.category, DataQualityWarning) for w in caught) == any_nan


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(segment, st.booleans()), min_size=1, max_size=12))
def test_speech_seconds_are_screen_time_of_speaking_segments(raw):
    rows = [(job, source, person, float(a), float(a + n), speaking)
            for ((job, source), person, a, n), speaking in raw]
    segments = pd.DataFrame(rows, columns=["job_id", "source", "person", "time_start",
                                           "time_end", "speaking"])
    table = speech_vs_screen(segments, by="person").set_index("person")
    for person in table.index:
        speech = sum(union_length([(r[3], r[4]) for r in rows if r[2] == person and r[5]
                                   and (r[0], r[1]) == line]) for line in TIMELINES)
        assert table.loc[person, "speech_seconds"] == pytest.approx(speech)
    total = table["speech_seconds"].sum()
    if total:
        assert table["speech_share_of_speech"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("by", ["gender", "age"])
def test_the_sample_accounts_shares_by_gender_and_age(sample, by):
    diversity = sample.segments[sample.segments["module"] == "advanced_diversity_analysis"]
    table = screen_time(diversity, by=by, media=sample.media)
    rows = list(diversity[["job_id", "source", by, "time_start", "time_end"]].itertuples(
        index=False, name=None))
    jobs = {r[0] for r in rows}
    duration = sum(d for j, d in zip(sample.media["job_id"], sample.media["duration_s"],
                                     strict=True) if j in jobs)
    lines = {(r[0], r[1]) for r in rows}
    expected = {group: sum(union_length([(r[3], r[4]) for r in rows
                                         if (r[0], r[1]) == line and r[2] == group])
                           for line in lines)
                for group in {r[2] for r in rows}}
    total = sum(expected.values())
    got = {str(g): (s, m, c) for g, s, m, c in table[[by, "seconds", "share_of_media",
                                                      "share_of_screen"]].itertuples(
        index=False)}
    assert got.keys() == {str(g) for g in expected}
    for group, seconds in expected.items():
        assert got[str(group)] == pytest.approx((seconds, seconds / duration, seconds / total))
