"""frame <-> seconds <-> SMPTE at 25, 29.97 drop-frame, 50 and 60 fps; the tc check."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from timecode import Timecode

from deepva_frames import timecode as tc
from deepva_frames.flatten import detailed_results, media
from deepva_frames.sample import sample_store_path


@pytest.mark.parametrize(("frame", "fps", "text"), [
    (0, 25, "00:00:00:00"), (56, 25, "00:00:02:06"), (90000, 25, "01:00:00:00"),
    (1799, 29.97, "00:00:59;29"), (1800, 29.97, "00:01:00;02"), (17982, 29.97, "00:10:00;00"),
    (107892, 29.97, "01:00:00;00"), (3598, 59.94, "00:00:59;58"), (3600, 59.94, "00:01:00;04"),
    (75, 50, "00:00:01:25"), (119, 60, "00:00:01:59"), (216000, 60, "01:00:00:00"),
])
def test_known_timecodes(frame, fps, text):
    assert tc.frame_to_timecode(frame, fps) == text
    assert tc.timecode_to_frame(text, fps) == frame


def test_non_drop_at_ntsc_rates_on_request():
    assert tc.frame_to_timecode(1800, 29.97, drop_frame=False) == "00:01:00:00"
    assert tc.timecode_to_frame("00:01:00:00", 29.97, drop_frame=False) == 1800
    with pytest.raises(ValueError, match="drop-frame"):
        tc.frame_to_timecode(10, 25, drop_frame=True)


@pytest.mark.parametrize("fps", [25, 29.97, 50, 60, 59.94, 23.976])
@given(frame=st.integers(0, 3_000_000))
def test_round_trip(fps, frame):
    text = tc.frame_to_timecode(frame, fps)
    assert tc.timecode_to_frame(text, fps) == frame
    assert tc.seconds_to_frame(tc.frame_to_seconds(frame, fps), fps) == frame


def test_drop_frame_keeps_up_with_the_clock():
    # one hour of 29.97 fps video is 107892 frames and reads 01:00:00;00
    assert tc.frame_to_seconds(107892, 29.97) == pytest.approx(3600, abs=0.01)


def test_invalid_timecodes():
    for text in ("00:00:00", "00:61:00:00", "00:00:00:25"):
        with pytest.raises(ValueError):
            tc.timecode_to_frame(text, 25)
    with pytest.raises(ValueError, match="does not exist"):
        tc.timecode_to_frame("00:01:00;01", 29.97)
    with pytest.raises(ValueError):
        tc.frame_to_seconds(1, 0)


def test_seconds_helpers():
    assert tc.seconds_to_timecode(100.0, 29.97) == "00:01:39;29"  # frame 2997
    assert tc.timecode_to_seconds("00:00:02:06", 25) == pytest.approx(2.24)
    series = pd.Series([0.0, 2.24])
    assert tc.seconds_to_frame(series, 25).tolist() == [0, 56]


def test_check_flags_wrong_timecodes():
    seg = pd.DataFrame({"job_id": "j", "source": "s", "segment_id": ["a", "b", "c"],
                        "frame_start": [12, 1800, 0], "frame_end": [56, 1801, 1],
                        "tc_start": ["00:00:00:12", "00:01:00:02", None],
                        "tc_end": ["00:00:56:00", "garbage", None]})
    rates = pd.DataFrame({"job_id": ["j"], "source": ["s"], "fps": [29.97]})
    table = tc.check_timecodes(seg, media=rates)
    got = {(s, w): m for s, w, m in table[["segment_id", "which", "matches"]].itertuples(
        index=False)}
    assert got == {("a", "start"): True, ("b", "start"): True, ("a", "end"): False,
                   ("b", "end"): False}
    assert table.loc[table.segment_id == "b", "expected"].tolist() == [
        "00:01:00;02", "00:01:00;03"]
    with pytest.raises(ValueError, match="fps"):
        tc.check_timecodes(seg)


def test_sample_timecodes_all_match():
    store = sample_store_path()
    rates = media(store / "jobs")
    checked = 0
    for job_id in rates.loc[rates["media_type"] == "video", "job_id"]:
        segments = detailed_results(store / "jobs" / job_id / "detailed-results").segments
        table = tc.check_timecodes(segments, media=rates)
        assert len(table) == 2 * len(segments) and table["matches"].all(), job_id
        checked += len(table)
    assert checked > 0


RATES = {25: "25", 29.97: "29.97", 50: "50", 59.94: "59.94", 60: "60", 23.976: "23.976"}


@pytest.mark.parametrize("fps", list(RATES))
@given(frame=st.integers(0, 24 * 3600 * 24 - 1))
def test_labels_agree_with_the_timecode_library_within_a_day(fps, frame):
    # an independent implementation (its frames count from 1)
    expected = str(Timecode(RATES[fps], frames=frame + 1))
    assert tc.frame_to_timecode(frame, fps) == expected
    assert tc.timecode_to_frame(expected, fps) == frame


@pytest.mark.parametrize("frame", [1.7, 0.5, float("nan"), float("inf"), -1, True, "12",
                                   None])
def test_a_frame_that_is_not_a_whole_number_raises(frame):
    # Fails on the old main: 1.7 silently became frame 1.
    with pytest.raises(ValueError, match="whole number"):
        tc.frame_to_timecode(frame, 25)


def test_integral_floats_and_numpy_ints_are_frames():
    import numpy as np

    assert tc.frame_to_timecode(56.0, 25) == tc.frame_to_timecode(np.int64(56), 25) == (
        "00:00:02:06")


def test_a_dot_is_the_drop_frame_separator_never_decimal_seconds():
    assert tc.timecode_to_frame("00:01:00.02", 29.97) == tc.timecode_to_frame(
        "00:01:00;02", 29.97) == 1800
    assert tc.timecode_to_frame("00:00:01.12", 25) == 37  # frame 12 of second 1
    with pytest.raises(ValueError, match="out of range"):
        tc.timecode_to_frame("00:00:01.50", 25)  # not 1.5 s


@pytest.mark.parametrize("fps", [25, 29.97, 59.94])
@given(frame=st.integers(0, 24 * 3600 * 24))
def test_hours_keep_counting_past_a_day(fps, frame):
    day = tc.timecode_to_frame("24:00:00:00", fps)
    later = tc.frame_to_timecode(frame + day, fps)
    hours, rest = later.split(":", 1)
    same = tc.frame_to_timecode(frame, fps)
    assert int(hours) == int(same.split(":", 1)[0]) + 24 and rest == same.split(":", 1)[1]
    assert tc.timecode_to_frame(later, fps) == frame + day
