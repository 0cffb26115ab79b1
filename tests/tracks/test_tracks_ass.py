"""ASS: re-read by pysubs2 and FFmpeg, burned by libass where overlay.frame draws the boxes."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pysubs2
import pytest
from tracks_helpers import active_at, expected_label, faces_of, frames_of_media

from deepva_frames import overlay, palette, tracks
from deepva_frames.analysis import interpolate_detections
from deepva_frames.sample import sample_video_path

NEWSROOM_JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _drawing_rects(text: str) -> list[tuple[float, float, float, float]]:
    """The rectangles of an ASS drawing event (``m x y l x y x y x y`` each)."""
    body = text.split("}", 1)[1].rsplit("{", 1)[0]
    rects = []
    for shape in body.split("m ")[1:]:
        values = [float(v) for v in NUMBER.findall(shape)]
        xs, ys = values[0::2], values[1::2]
        rects.append((min(xs), min(ys), max(xs), max(ys)))
    return rects


def _bbox(text: str) -> tuple[float, float, float, float]:
    rects = np.array(_drawing_rects(text))
    return rects[:, 0].min(), rects[:, 1].min(), rects[:, 2].max(), rects[:, 3].max()


@pytest.fixture(scope="module")
def ass_files(job_data, tracks_dir):
    files = {}
    for job, (results, media) in job_data.items():
        path = tracks.write_track(results, tracks_dir / f"{job}.ass", media=media)
        files[job] = pysubs2.load(str(path))
    return files


def test_every_job_at_the_media_resolution_one_style_per_person(job_data, ass_files):
    for job, (results, media) in job_data.items():
        subs = ass_files[job]
        _, width, height, _ = frames_of_media(media)
        assert (subs.info["PlayResX"], subs.info["PlayResY"]) == (str(width), str(height))
        faces = faces_of(results.segments)
        people = {"unknown" if expected_label(p, None) == "unknown" else p
                  for p in faces["person"].astype(object)}
        assert set(subs.styles) == people, job
        for name, style in subs.styles.items():
            color = palette.UNKNOWN_COLOR if name == "unknown" else palette.person_color(name)
            red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
            assert (style.primarycolor.r, style.primarycolor.g, style.primarycolor.b) == \
                   (red, green, blue), (job, name)
        assert {e.style for e in subs} <= set(subs.styles)


def test_boxes_on_every_frame_where_the_overlay_has_them(job_data, ass_files):
    for job, (results, media) in job_data.items():
        fps, width, height, total = frames_of_media(media)
        faces = faces_of(results.segments)
        det = results.detections[results.detections["segment_id"].isin(faces["segment_id"])]
        per_frame = interpolate_detections(det, segments=faces)
        counts = per_frame.groupby("frame_index").size()
        boxes = [(e.start, e.end, e) for e in ass_files[job] if e.layer == 0]
        starts = np.sort([b[0] for b in boxes])
        ends = np.sort([b[1] for b in boxes])
        t = np.arange(total) * 1000.0 / fps + 1e-6       # shown when start <= t < end
        active = np.searchsorted(starts, t, "right") - np.searchsorted(ends, t, "right")
        want = counts.reindex(range(total), fill_value=0).to_numpy()
        assert np.array_equal(active, want), (job, np.flatnonzero(active != want)[:5])
        tolerance = min(width, height) / 360 + 2          # half the line width, and rounding
        sampled = det.merge(faces[["segment_id", "person"]], on="segment_id")
        for row in sampled.sample(min(len(sampled), 40), random_state=0).itertuples():
            x0, y0 = row.x * width, row.y * height
            x1, y1 = (row.x + row.w) * width, (row.y + row.h) * height
            found = [_bbox(e.text) for e in active_at(boxes, int(row.frame_index), fps)]
            off = [max(abs(b[0] - x0), abs(b[1] - y0), abs(b[2] - x1), abs(b[3] - y1))
                   for b in found]
            assert min(off) <= tolerance, (job, row, off)


def test_ffmpeg_reads_every_event(ass_files, tracks_dir, ffmpeg):
    for job, subs in ass_files.items():
        out = subprocess.run([ffmpeg, "-v", "error", "-i", str(tracks_dir / f"{job}.ass"),
                              "-f", "ass", "-"], capture_output=True, text=True,
                             check=True).stdout
        assert sum(line.startswith("Dialogue:") for line in out.splitlines()) == len(subs)


def _burn(ffmpeg: str, ass_path, frames: list[int], size: tuple[int, int]) -> np.ndarray:
    """The given frames of the sample video as FFmpeg decodes them, libass burned in when
    ``ass_path`` is given (BGR, one array per frame)."""
    pick = "+".join(f"eq(n\\,{n})" for n in frames)
    chain = f"select='{pick}',format=bgr24" + (f",ass={ass_path}" if ass_path else "")
    raw = subprocess.run([ffmpeg, "-v", "error", "-i", str(sample_video_path()), "-vf", chain,
                          "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "bgr24",
                          "-"], capture_output=True, check=True).stdout
    width, height = size
    return np.frombuffer(raw, np.uint8).reshape(len(frames), height, width, 3)


def test_burned_boxes_are_where_overlay_frame_draws_them(job_data, ass_files, tracks_dir,
                                                        ffmpeg):
    results, media = job_data[NEWSROOM_JOB]
    fps, width, height, _ = frames_of_media(media)
    faces = faces_of(results.segments)
    unknown_start = int(faces.loc[faces["person"] == "unknown", "frame_start"].iloc[0])
    frames = sorted({54, int(faces["frame_start"].iloc[2]), unknown_start + 8})
    burned = _burn(ffmpeg, tracks_dir / f"{NEWSROOM_JOB}.ass", frames, (width, height))
    plain = _burn(ffmpeg, None, frames, (width, height))
    labels = [(e.start, e.end, e) for e in ass_files[NEWSROOM_JOB] if e.layer == 1]
    empty = (results.segments.iloc[:0], results.detections.iloc[:0])
    for k, frame in enumerate(frames):
        drawn = overlay.frame(sample_video_path(), frame, results, media=media)
        raw = overlay.frame(sample_video_path(), frame, empty)
        assert np.array_equal(raw, plain[k])        # the same decoded picture
        ours = np.abs(drawn.astype(int) - raw).max(axis=2) > 40
        theirs = np.abs(burned[k].astype(int) - plain[k]).max(axis=2) > 40
        outside = np.ones((height, width), bool)
        for event in active_at(labels, frame, fps):
            x0, y0, x1, y1 = (int(v) for v in _bbox(event.text))
            outside[y0:y1, x0:x1] = False
        box_pixels = ours & outside
        assert box_pixels.sum() > 200, frame
        mismatch = (ours ^ theirs) & outside
        assert mismatch.sum() <= 0.01 * box_pixels.sum(), (frame, mismatch.sum())
        colours = np.abs(burned[k][box_pixels].astype(int) - drawn[box_pixels]).max(axis=1)
        assert np.percentile(colours, 95) <= 12, frame


def test_persons_and_unknown_choose_the_boxes(job_data):
    results, media = job_data[NEWSROOM_JOB]
    only = pysubs2.SSAFile.from_string(tracks.ass(results, media, persons=["Mara Lindqvist"]))
    assert set(only.styles) == {e.style for e in only} == {"Mara Lindqvist"}
    known = pysubs2.SSAFile.from_string(tracks.ass(results, media, unknown="drop"))
    everyone = pysubs2.SSAFile.from_string(tracks.ass(results, media))
    assert "unknown" not in known.styles and "unknown" in everyone.styles
    assert {(e.start, e.text) for e in known} < {(e.start, e.text) for e in everyone}
    held = pysubs2.SSAFile.from_string(tracks.ass(results, media, interpolate=False))
    assert len(held) < len(everyone)          # held boxes stay put: fewer, longer events
