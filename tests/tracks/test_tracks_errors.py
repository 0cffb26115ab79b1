"""Bad input gives a TracksError (a DeepVAError) naming what is wrong, never a raw error."""

from __future__ import annotations

import pandas as pd
import pytest

from deepva_frames import tracks
from deepva_frames.errors import DeepVAError

DET = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])


def _segments(**columns) -> pd.DataFrame:
    base = {"job_id": "j", "segment_id": ["a"], "frame_start": [0], "frame_end": [25],
            "person": ["Ann"]}
    return pd.DataFrame({**base, **columns})


def test_tracks_error_is_a_deepva_error():
    assert issubclass(tracks.TracksError, DeepVAError)


def test_several_jobs_are_refused_by_name():
    seg = pd.concat([_segments(), _segments(job_id="k", segment_id=["b"])])
    with pytest.raises(tracks.TracksError, match=r"2 jobs .*j, k"):
        tracks.vtt((seg, DET), 25)


def test_without_fps_it_says_to_pass_media():
    with pytest.raises(tracks.TracksError, match=r"job j: no fps .*media="):
        tracks.srt((_segments(), DET))


def test_fps_from_the_segments_times_when_no_media():
    seg = _segments(time_end=[1.0])
    assert "00:00:01.000" in tracks.vtt((seg, DET))


def test_ass_needs_the_media_size():
    with pytest.raises(tracks.TracksError, match="size is unknown"):
        tracks.ass((_segments(), DET), {"fps": 25.0})


def test_bad_options_name_themselves(tmp_path):
    with pytest.raises(tracks.TracksError, match="unknown= must be one of"):
        tracks.vtt((_segments(), DET), 25, unknown="hide")
    with pytest.raises(tracks.TracksError, match="take no option start"):
        tracks.write_track((_segments(), DET), tmp_path / "a.vtt", media=25, start="x")
    with pytest.raises(tracks.TracksError, match="format must be one of"):
        tracks.write_track((_segments(), DET), tmp_path / "a.vtt", "webm", media=25)
    with pytest.raises(tracks.TracksError, match="is a folder"):
        tracks.write_track((_segments(), DET), tmp_path, "vtt", media=25)
    assert not list(tmp_path.iterdir())


def test_results_that_are_not_tables():
    with pytest.raises(DeepVAError, match="DetailedResults"):
        tracks.vtt("segments.csv", 25)


def test_a_single_person_name_is_not_split_into_letters():
    seg = pd.concat([_segments(), _segments(segment_id=["b"], person=["Bo"])])
    assert tracks.on_screen_intervals((seg, DET), 25, persons="Ann")["persons"].tolist() == \
           [["Ann"]]


def test_empty_results_give_empty_but_valid_tracks():
    import pysubs2

    seg = _segments().iloc[:0]
    text = tracks.vtt((seg, DET), 25)
    assert text.startswith("WEBVTT") and len(pysubs2.SSAFile.from_string(text)) == 0
    assert tracks.markers((seg, DET), 25).strip() == \
           "Marker Name,Description,In,Out,Duration,Marker Type"
