"""WebVTT and SRT: re-read by pysubs2 and FFmpeg's demuxer, cue times right to the frame."""

from __future__ import annotations

import subprocess

import pandas as pd
import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tracks_helpers import active_at, faces_of, frames_of_media, labels_per_frame

from deepva_frames import tracks

FORMATS = ("vtt", "srt")


def _cues(subs: pysubs2.SSAFile) -> list[tuple[int, int, frozenset[str]]]:
    return [(e.start, e.end, frozenset(e.plaintext.split("\n"))) for e in subs]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_video_job_reads_back_right_to_the_frame(job_data, tracks_dir, fmt):
    for job, (results, media) in job_data.items():
        path = tracks.write_track(results, tracks_dir / f"{job}.{fmt}", media=media)
        subs = pysubs2.load(str(path))           # an independent reader
        assert subs.format == fmt
        fps, _, _, total = frames_of_media(media)
        expected = labels_per_frame(faces_of(results.segments))
        cues = _cues(subs)
        assert cues, job
        for frame in range(total + 1):
            shown = active_at(cues, frame, fps)
            want = expected[frame] if frame < len(expected) else frozenset()
            assert len(shown) == (1 if want else 0), (job, frame, shown)
            assert not want or shown[0] == want, (job, frame, shown, want)


@pytest.mark.parametrize("fmt", FORMATS)
def test_ffmpeg_demuxer_reads_the_same_cues(job_data, tracks_dir, ffmpeg, fmt):
    for job, (results, media) in job_data.items():
        path = tracks_dir / f"ff-{job}.{fmt}"
        tracks.write_track(results, path, media=media)
        srt = subprocess.run([ffmpeg, "-v", "error", "-i", str(path), "-f", "srt", "-"],
                             capture_output=True, text=True, check=True).stdout
        theirs = pysubs2.SSAFile.from_string(srt, format_="srt")
        ours = pysubs2.load(str(path))
        assert [(e.start, e.end, e.plaintext) for e in theirs] == \
               [(e.start, e.end, e.plaintext) for e in ours], job


def test_unknown_faces_read_as_in_the_overlay(job_data):
    results, media = job_data["59f723cb-c457-5276-9089-caf1c7747fe3"]
    faces = faces_of(results.segments)
    unknown = faces[faces["person"] == "unknown"].iloc[0]
    texts = {
        mode: "\n".join(e.plaintext for e in pysubs2.SSAFile.from_string(
            tracks.vtt(results, media, unknown=mode)))
        for mode in ("label", "own", "closest_person", "drop")}
    closest = unknown["closest_person"]
    assert f"? {closest}" in texts["label"]
    assert "unknown" in texts["own"].split("\n") and "?" not in texts["own"]
    assert "?" not in texts["closest_person"] and "unknown" not in texts["closest_person"]
    assert "?" not in texts["drop"] and "unknown" not in texts["drop"]


def test_persons_filter_keeps_only_those(job_data):
    results, media = job_data["59f723cb-c457-5276-9089-caf1c7747fe3"]
    faces = faces_of(results.segments)
    name = faces.loc[faces["person"] != "unknown", "person"].iloc[0]
    subs = pysubs2.SSAFile.from_string(tracks.srt(results, media, persons=[name]))
    assert {e.plaintext for e in subs} == {name}
    mine = faces[faces["person"] == name]
    expected = labels_per_frame(mine)
    fps = frames_of_media(media)[0]
    first = next(n for n, s in enumerate(expected) if s)
    assert subs[0].start <= first * 1000 / fps < subs[0].end


segment = st.tuples(st.sampled_from(["Ann", "Bo", "Cy", "unknown"]),
                    st.integers(0, 80), st.integers(1, 40))


@settings(max_examples=60, deadline=None)
@given(st.lists(segment, min_size=1, max_size=8),
       st.sampled_from([23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94, 60.0]))
def test_cues_match_segments_on_every_frame_at_any_rate(spans, fps):
    seg = pd.DataFrame({"job_id": "j", "segment_id": [f"s{i}" for i in range(len(spans))],
                        "module": "face_recognition",
                        "person": [p for p, _, _ in spans], "closest_person": "Ann",
                        "frame_start": [s for _, s, _ in spans],
                        "frame_end": [s + n for _, s, n in spans]})
    det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    cues = _cues(pysubs2.SSAFile.from_string(tracks.vtt((seg, det), fps)))
    expected = labels_per_frame(seg)
    for frame in range(len(expected) + 2):
        shown = active_at(cues, frame, fps)
        want = expected[frame] if frame < len(expected) else frozenset()
        assert shown == ([want] if want else []), (frame, shown, want)
    intervals = tracks.on_screen_intervals((seg, det), fps)
    assert (intervals["frame_end"] > intervals["frame_start"]).all()
    assert len(intervals) == len(cues)
