"""The annotated video plays in headless Chromium: ``canplay`` fires, ``currentTime`` moves."""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest
from browser_helpers import video_playback

from deepva_frames import flatten
from deepva_frames.overlay import render
from deepva_frames.sample import sample_store_path, sample_video_path

NEWSROOM_JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"


@pytest.fixture(scope="module")
def results():
    return flatten.detailed_results(sample_store_path() / "jobs" / NEWSROOM_JOB
                                    / "detailed-results")


def _plays(page, static_server, path):
    server = static_server(path.parent)
    return video_playback(page, server.url(path.name), seconds=0.5)


@pytest.mark.parametrize("name", ["annotated.mp4", "annotated.webm"])
def test_the_default_render_plays_in_chromium(page, static_server, results, tmp_path, name):
    written = render(sample_video_path(), results, tmp_path / name, progress=False)
    played = _plays(page, static_server, written.path)
    assert played["error"] is None, played
    assert "canplay" in played["events"], played
    assert played["currentTime"] >= 0.5, played
    assert (played["width"], played["height"]) == (640, 360)
    assert played["duration"] == pytest.approx(written.seconds, abs=0.1)


def test_mp4v_on_request_is_what_chromium_refuses(page, static_server, results, tmp_path):
    """The control: OpenCV's MPEG-4 Part 2, still written when asked for, does not play."""
    written = render(sample_video_path(), results, tmp_path / "legacy.mp4", progress=False,
                     fourcc="mp4v")
    played = _plays(page, static_server, written.path)
    assert played["error"] is not None and "canplay" not in played["events"], played


def test_an_odd_sized_video_plays_too(page, static_server, results, tmp_path):
    """4:2:0 needs even sizes: an odd-sized video is encoded 4:4:4 and keeps its size."""
    source = tmp_path / "odd.mkv"         # OpenCV's writer rounds sizes to even: PyAV's FFV1
    with av.open(str(source), "w") as container:
        stream = container.add_stream("ffv1", rate=25)
        stream.width, stream.height, stream.pix_fmt = 161, 91, "yuv444p"
        for i in range(50):
            image = av.VideoFrame.from_ndarray(np.full((91, 161, 3), 5 * i, np.uint8),
                                               format="bgr24")
            image.pts = i
            container.mux(stream.encode(image))
        container.mux(stream.encode(None))
    empty = (results.segments.iloc[0:0], results.detections.iloc[0:0])
    written = render(source, empty, tmp_path / "odd.mp4", progress=False)
    played = _plays(page, static_server, written.path)
    assert played["error"] is None and "canplay" in played["events"], played
    assert (played["width"], played["height"]) == (161, 91)
    assert played["currentTime"] >= 0.5, played


CANVAS_PIXEL_JS = """async (src) => {
  const video = document.createElement("video");
  video.muted = true;
  video.src = src;
  await new Promise((resolve, reject) => {
    video.addEventListener("loadeddata", resolve, {once: true});
    video.addEventListener("error", () => reject(new Error("video error")), {once: true});
  });
  video.currentTime = 0.2;
  await new Promise(resolve => video.addEventListener("seeked", resolve, {once: true}));
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext("2d");
  // Under load "seeked" can come before the frame can be drawn (the pixel stays
  // transparent): draw again until it is there, for up to 5 s.
  for (let tries = 0; tries < 100; tries++) {
    context.drawImage(video, 0, 0);
    const pixel = context.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data;
    if (pixel[3] > 0) return Array.from(pixel);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return [0, 0, 0, 0];
}"""


def test_an_hd_render_keeps_its_colours_in_chromium(page, static_server, results, tmp_path):
    """The stream says BT.601, as it was converted: untagged HD would be shown as BT.709."""
    source = tmp_path / "flat.avi"
    bgr = (30, 200, 40)
    writer = cv2.VideoWriter(str(source), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (1280, 720))
    for _ in range(25):
        writer.write(np.full((720, 1280, 3), bgr, np.uint8))
    writer.release()
    capture = cv2.VideoCapture(str(source))
    expected = capture.read()[1][360, 640].astype(int)          # as the source decodes
    capture.release()
    empty = (results.segments.iloc[0:0], results.detections.iloc[0:0])
    written = render(source, empty, tmp_path / "flat.mp4", progress=False)
    server = static_server(tmp_path)
    page.goto(server.url())                    # same origin: the canvas may be read back
    r, g, b, _ = page.evaluate(CANVAS_PIXEL_JS, server.url(written.path.name))
    assert np.abs(np.array([b, g, r]) - expected).max() <= 6, ((b, g, r), expected)
