"""Appearances and on-screen intervals equal a frame-by-frame reading of the segments."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from tracks_helpers import labels_per_frame, runs

from deepva_frames.tracks.intervals import appearances, group_appearances, on_screen

spans = st.lists(st.tuples(st.sampled_from(["Ann", "Bo", "Cy"]), st.integers(0, 60),
                           st.integers(-3, 30)), min_size=0, max_size=10)


def _table(rows) -> pd.DataFrame:
    return pd.DataFrame({"label": [r[0] for r in rows], "frame_start": [r[1] for r in rows],
                         "frame_end": [r[1] + r[2] for r in rows],
                         "person": [r[0] for r in rows], "closest_person": None},
                        columns=["label", "frame_start", "frame_end", "person",
                                 "closest_person"])


@settings(max_examples=80, deadline=None)
@given(spans)
def test_appearances_are_the_runs_of_each_label(rows):
    table = _table(rows)
    per_frame = labels_per_frame(table[table["frame_end"] > table["frame_start"]])
    expected = sorted((name, a, b) for name in {"Ann", "Bo", "Cy"}
                      for a, b in runs([name in s for s in per_frame]))
    assert sorted(map(tuple, appearances(table).values.tolist())) == expected


@settings(max_examples=80, deadline=None)
@given(spans)
def test_on_screen_intervals_are_the_runs_of_equal_sets(rows):
    table = _table(rows)
    per_frame = labels_per_frame(table[table["frame_end"] > table["frame_start"]])
    expected, start = [], None
    for n, here in enumerate([*per_frame, frozenset()]):
        if start is not None and here != per_frame[start]:
            expected.append((start, n, per_frame[start]))
            start = None
        if start is None and here:
            start = n
    got = [(i.frame_start, i.frame_end, frozenset(i.labels)) for i in on_screen(table)]
    assert got == expected
    for interval in on_screen(table):       # in the order they came on screen
        firsts = [min(a for a, b in runs([name in s for s in per_frame])
                      if a <= interval.frame_start < b) for name in interval.labels]
        assert firsts == sorted(firsts)


def test_group_appearances_skip_missing_and_blank_values():
    table = pd.DataFrame({"gender": ["female", None, " ", "female"], "age": None,
                          "frame_start": [0, 5, 5, 8], "frame_end": [6, 9, 9, 12]})
    assert group_appearances(table).values.tolist() == [["gender: female", 0, 6],
                                                        ["gender: female", 8, 12]]
