"""render, frame and their bad inputs, on the sample video."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest
from overlay_helpers import decode_all, tiny_video

from deepva_frames.errors import DeepVAError
from deepva_frames.overlay import (
    BoxAnnotator,
    FrameRangeError,
    OutputError,
    OverlayWarning,
    RenderResult,
    ResultsError,
    VideoError,
    boxes_at,
    frame,
    render,
)
from deepva_frames.overlay.drawing import FrameDrawer


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, video, results):
    out = tmp_path_factory.mktemp("render") / "annotated.mp4"
    with warnings.catch_warnings():
        warnings.simplefilter("error", OverlayWarning)     # the sample is consistent
        written = render(video, results, out, progress=False)
    return written, decode_all(out)


def test_render_keeps_frame_count_fps_and_size(rendered, video):
    written, (frames, fps) = rendered
    source, source_fps = decode_all(video)
    assert isinstance(written, RenderResult)
    assert written.path.is_file() and written.frames == len(source) == len(frames) == 300
    assert fps == source_fps == written.fps == 25.0
    assert frames[0].shape == source[0].shape == (written.height, written.width, 3)
    assert written.seconds == pytest.approx(12.0)
    assert [p.name for p in written.path.parent.iterdir()] == ["annotated.mp4"]


def test_rendered_boxes_follow_the_segments_and_vanish_at_frame_end(rendered, results, faces):
    _, (frames, _) = rendered
    mara = faces.iloc[0]                      # Mara Lindqvist, frames [0, 140)
    colour = np.array(BoxAnnotator().color(mara["person"]))
    last = boxes_at(results, int(mara["frame_end"]) - 1)
    row = last[last["segment_id"] == mara["segment_id"]].iloc[0]
    height, width = frames[0].shape[:2]
    x0 = round(row.x * width)
    ys = slice(round((row.y + 0.3 * row.h) * height), round((row.y + 0.7 * row.h) * height))

    def edge_colour_share(index: int) -> float:
        edge = frames[index][ys, x0].astype(int)
        return float((np.abs(edge - colour).max(axis=1) < 60).mean())

    assert edge_colour_share(int(mara["frame_end"]) - 1) > 0.8
    assert edge_colour_share(int(mara["frame_end"])) < 0.2


def test_frame_is_the_raw_frame_annotated(video, results, raw_frame):
    image = frame(video, 150, results)
    expected = BoxAnnotator().annotate(raw_frame(150), boxes_at(results, 150))
    assert np.array_equal(image, expected)


def test_frame_uses_the_given_annotator_and_interpolation(video, results, raw_frame):
    annotator = BoxAnnotator(labels=(), thickness=1)
    held = frame(video, 101, results, annotator=annotator, interpolate=False)
    expected = annotator.annotate(raw_frame(101), boxes_at(results, 101, interpolate=False))
    assert np.array_equal(held, expected)
    assert not np.array_equal(held, frame(video, 101, results, annotator=annotator))


def test_frame_outside_the_video(video, results):
    with pytest.raises(FrameRangeError, match=r"frame 300 is outside newsroom\.mp4"):
        frame(video, 300, results)
    with pytest.raises(FrameRangeError):
        frame(video, -1, results)


def test_results_as_a_pair_of_tables_in_either_order(video, results):
    a = frame(video, 60, (results.segments, results.detections))
    b = frame(video, 60, (results.detections, results.segments))
    assert np.array_equal(a, b) and np.array_equal(a, frame(video, 60, results))


def test_bad_results(video, tmp_path):
    with pytest.raises(ResultsError, match="DetailedResults"):
        render(video, {"segments": []}, tmp_path / "out.mp4", progress=False)
    assert not list(tmp_path.iterdir())


def test_a_failed_render_leaves_no_output(video, results, tmp_path, monkeypatch):
    calls = []

    def boom(self, index, image):
        calls.append(index)
        if index == 50:
            raise RuntimeError("drawing failed")

    monkeypatch.setattr(FrameDrawer, "__call__", boom)
    with pytest.raises(RuntimeError, match="drawing failed"):
        render(video, results, tmp_path / "out.mp4", progress=False)
    assert calls and max(calls) == 50
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "old.mp4").write_bytes(b"previous render")
    with pytest.raises(RuntimeError):
        render(video, results, tmp_path / "old.mp4", progress=False)
    assert [p.name for p in tmp_path.iterdir()] == ["old.mp4"]
    assert (tmp_path / "old.mp4").read_bytes() == b"previous render"


FILLS_UP = """
import resource, signal, sys
from deepva_frames.overlay import render
from deepva_frames.sample import sample_store_path, sample_video_path
from deepva_frames import flatten
job = "59f723cb-c457-5276-9089-caf1c7747fe3"
results = flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)       # a write past the limit fails: EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
try:
    render(sample_video_path(), results, sys.argv[1], progress=False, fourcc=sys.argv[2] or None)
except OSError as exc:
    print(type(exc).__name__, exc)
"""


@pytest.mark.parametrize("fourcc", ["", "mp4v"])
def test_an_encoder_that_runs_out_of_space_leaves_no_output(tmp_path, fourcc):
    """A real fault: the file-size limit (RLIMIT_FSIZE) stops the writes mid-video."""
    import subprocess
    import sys

    out = tmp_path / "out.mp4"
    done = subprocess.run([sys.executable, "-c", FILLS_UP, str(out), fourcc],
                          capture_output=True, text=True, timeout=120)
    assert list(tmp_path.iterdir()) == [], done.stdout + done.stderr
    if not fourcc:            # PyAV reports the failed write; OpenCV's writer drops it silently
        assert done.stdout.startswith("OutputError"), done.stdout + done.stderr
        assert str(out) in done.stdout


def test_missing_and_unreadable_videos(results, tmp_path):
    out = tmp_path / "out.mp4"
    with pytest.raises(VideoError, match="no such video file") as err:
        render(tmp_path / "missing.mp4", results, out, progress=False)
    assert isinstance(err.value, DeepVAError) and isinstance(err.value, OSError)
    with pytest.raises(VideoError, match="is a folder"):
        frame(tmp_path, 0, results)
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(VideoError, match="empty"):
        frame(empty, 0, results)
    if os.geteuid() != 0:                     # root reads anything
        locked = tmp_path / "locked.mp4"
        locked.write_bytes(b"x")
        locked.chmod(0)
        with pytest.raises(VideoError, match="not readable"):
            frame(locked, 0, results)
    assert not out.exists()


def test_a_container_opencv_cannot_open(results, tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("this is not a video\n" * 100)
    with pytest.raises(VideoError, match="OpenCV cannot open this container"):
        render(fake, results, tmp_path / "out.mp4", progress=False)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.mp4"]


def test_output_folder_that_does_not_exist(video, results, tmp_path):
    with pytest.raises(OutputError, match=r"output folder .* does not exist"):
        render(video, results, tmp_path / "nope" / "out.mp4", progress=False)
    with pytest.raises(OutputError, match="no extension"):
        render(video, results, tmp_path / "out", progress=False)
    with pytest.raises(OutputError, match="is a folder"):
        render(video, results, tmp_path, progress=False)
    with pytest.raises(OutputError, match=r"no video encoder for \.xyz files"):
        render(video, results, tmp_path / "out.xyz", progress=False)
    with pytest.raises(OutputError, match=r"OpenCV cannot write a \.mp4 file with codec 'QQQQ'"):
        render(video, results, tmp_path / "out.mp4", progress=False, fourcc="QQQQ")
    assert list(tmp_path.iterdir()) == []


def test_boxes_outside_the_frame_are_clipped_with_a_counted_warning(video, results, tmp_path):
    detections = results.detections.copy()
    detections.loc[detections.index[:3], "x"] = 0.95     # w 0.162: past the right edge
    with pytest.warns(OverlayWarning, match=r"3 of 47 box\(es\) reach outside"):
        image = frame(video, 0, (results.segments, detections))
    assert image.shape == (360, 640, 3)


def test_fps_disagreeing_with_the_media_warns_and_maps_by_time(video, results):
    media = pd.DataFrame({"job_id": [results.segments["job_id"].iloc[0]], "fps": [50.0],
                          "total_frames": [600], "width": [640], "height": [360]})
    with pytest.warns(OverlayWarning, match="plays at 25 fps but the results' media at 50"):
        image = frame(video, 100, results, media=media)
    # result frame 200 is at 4 s, video frame 100: the boxes of frame 200 (if mapped)
    doubled = (results.segments.assign(frame_start=results.segments["frame_start"] * 2,
                                       frame_end=results.segments["frame_end"] * 2),
               results.detections.assign(frame_index=results.detections["frame_index"] * 2))
    with pytest.warns(OverlayWarning):
        mapped = frame(video, 100, doubled, media=media)
    assert np.array_equal(mapped, frame(video, 100, results))
    assert image.shape == mapped.shape


def test_frame_count_or_size_disagreeing_with_the_media_warns(video, results):
    media = {"fps": 25.0, "total_frames": 250, "width": 1280, "height": 720}
    with pytest.warns(OverlayWarning) as caught:
        frame(video, 10, results, media=media)
    messages = " | ".join(str(w.message) for w in caught)
    assert "has 300 frames but the results' media 250" in messages
    assert "is 640x360 but the results' media 1280x720" in messages


def test_segment_timing_implying_another_fps_warns_without_media(video, results):
    slow = results.segments.assign(time_start=results.segments["time_start"] * 2,
                                   time_end=results.segments["time_end"] * 2)
    with pytest.warns(OverlayWarning, match=r"imply 12.5 fps .* plays at 25 fps"):
        frame(video, 10, (slow, results.detections))


def test_results_beyond_the_video_warn(video, results):
    long = results.segments.assign(frame_end=results.segments["frame_end"] + 100,
                                   time_end=results.segments["time_end"] + 4.0)
    with pytest.warns(OverlayWarning, match="reach frame 400 but newsroom.mp4 has 300"):
        frame(video, 10, (long, results.detections))


def test_render_without_interpolation_and_other_modules(video, results, tmp_path):
    written = render(video, results, tmp_path / "held.avi", interpolate=False, progress=False,
                     module="advanced_diversity_analysis")
    frames, fps = decode_all(written.path)
    assert len(frames) == 300 and fps == 25.0


def test_progress_bar_and_results_without_boxes(tmp_path, capsys):
    video = tiny_video(tmp_path / "tiny.mp4")
    empty = (pd.DataFrame(columns=["segment_id", "frame_start", "frame_end"]),
             pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"]))
    written = render(video, empty, tmp_path / "copy.mp4", progress=True)
    assert written.frames == 6 and (written.width, written.height) == (64, 36)
    assert "copy.mp4" in capsys.readouterr().err
    frames, fps = decode_all(written.path)
    assert len(frames) == 6 and fps == 25.0


def test_render_refuses_to_overwrite_its_input(tmp_path, results):
    video = tiny_video(tmp_path / "tiny.mp4")
    before = video.read_bytes()
    with pytest.raises(OutputError, match="is the input video"):
        render(video, results, video, progress=False)
    assert video.read_bytes() == before
