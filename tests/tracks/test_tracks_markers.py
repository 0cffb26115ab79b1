"""Editors' markers: a CSV re-read by pandas, SMPTE timecodes (drop-frame at 29.97)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pycmx
import pytest
from tracks_helpers import expected_label, faces_of, frames_of_media, labels_per_frame, runs

from deepva_frames import tracks
from deepva_frames.timecode import timecode_to_frame

COLUMNS = ["Marker Name", "Description", "In", "Out", "Duration", "Marker Type"]


def test_every_video_job_has_one_marker_per_appearance(job_data, tracks_dir):
    for job, (results, media) in job_data.items():
        path = tracks.write_track(results, tracks_dir / f"{job}.csv", media=media)
        table = pd.read_csv(path, dtype=str)
        assert list(table.columns) == COLUMNS
        fps = frames_of_media(media)[0]
        faces = faces_of(results.segments)
        per_frame = labels_per_frame(faces)
        expected = sorted((a, b, name) for name in
                          {expected_label(r.person, r.closest_person) for r in faces.itertuples()}
                          for a, b in runs([name in s for s in per_frame]))
        got = sorted((timecode_to_frame(r.In, fps), timecode_to_frame(r.Out, fps),
                      r._1) for r in table.itertuples())
        assert got == expected, job
        durations = [timecode_to_frame(d, fps) for d in table["Duration"]]
        assert durations == [timecode_to_frame(o, fps) - timecode_to_frame(i, fps)
                             for i, o in zip(table["In"], table["Out"], strict=True)]
        separator = ";" if abs(fps - 29.97) < 0.01 else ":"
        assert all(re.fullmatch(rf"\d\d:\d\d:\d\d{separator}\d\d", tc)
                   for tc in [*table["In"], *table["Out"]]), job
        assert (table["Marker Type"] == "Comment").all()
        assert list(table["In"]) == sorted(table["In"])


def _drop_frame(frame: int) -> str:
    """29.97 fps drop-frame timecode, counted label by label (frames 0 and 1 of every
    minute but each tenth do not exist): slow and obvious, unlike the module's formula."""
    label, current = 0, 0
    while current < frame:
        label += 1
        minutes, rest = divmod(label, 1800)
        if rest in (0, 1) and minutes % 10:
            continue
        current += 1
    hours, rest = divmod(label, 30 * 3600)
    minutes, rest = divmod(rest, 1800)
    seconds, frames = divmod(rest, 30)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d};{frames:02d}"


def test_drop_frame_timecodes_skip_the_dropped_labels(job_data):
    ntsc = [(r, m) for r, m in job_data.values() if abs(m["fps"].iloc[0] - 29.97) < 0.01]
    assert ntsc, "the sample has a 29.97 fps job"
    results, media = ntsc[0]
    table = pd.read_csv(io.StringIO(tracks.markers(results, media)), dtype=str)
    faces = faces_of(results.segments)
    per_frame = labels_per_frame(faces)
    edges = sorted({edge for name in set(table["Marker Name"])
                    for run in runs([name in s for s in per_frame]) for edge in run})
    assert max(edges) > 1800                      # past the first dropped labels
    assert sorted({*table["In"], *table["Out"]}) == sorted(_drop_frame(f) for f in edges)


def test_start_timecode_shifts_every_marker(job_data):
    results, media = next(iter(job_data.values()))
    fps = frames_of_media(media)[0]
    plain = pd.read_csv(io.StringIO(tracks.markers(results, media)), dtype=str)
    shifted = pd.read_csv(io.StringIO(
        tracks.markers(results, media, start="01:00:00:00")), dtype=str)
    hour = timecode_to_frame("01:00:00:00", fps)
    assert [timecode_to_frame(t, fps) - hour for t in shifted["In"]] == \
           [timecode_to_frame(t, fps) for t in plain["In"]]
    assert list(shifted["Duration"]) == list(plain["Duration"])
    with pytest.raises(tracks.TracksError, match="start="):
        tracks.markers(results, media, start="1:00")


def test_resolve_marker_edl_reads_back_with_pycmx(job_data, tracks_dir):
    for job, (results, media) in job_data.items():
        path = tracks.write_track(results, tracks_dir / f"{job}.edl", media=media)
        with open(path, encoding="utf-8") as handle:
            edl = pycmx.parse_cmx3600(handle)             # an independent reader
        fps = frames_of_media(media)[0]
        drop = abs(fps - 29.97) < 0.01
        assert path.read_text().splitlines()[1] == \
            ("FCM: DROP FRAME" if drop else "FCM: NON-DROP FRAME")
        hour = timecode_to_frame("01:00:00:00", fps)
        got = []
        for event in edl.events:
            (edit,) = list(event.edits)
            note = next(s.content for s in event.unrecognized_statements
                        if s.content.startswith("|C:"))
            fields = dict(part.strip().split(":", 1) for part in note.split("|")[1:])
            start = timecode_to_frame(edit.record_in, fps) - hour
            assert timecode_to_frame(edit.record_out, fps) - hour == start + 1
            assert edit.source_in == edit.record_in
            got.append((start, start + int(fields["D"]), fields["M"]))
            assert fields["C"] in ("ResolveColorBlue", "ResolveColorSand")
        faces = faces_of(results.segments)
        per_frame = labels_per_frame(faces)
        expected = sorted((a, b, name) for name in
                          {expected_label(r.person, r.closest_person) for r in faces.itertuples()}
                          for a, b in runs([name in s for s in per_frame]))
        assert sorted(got) == expected, job
