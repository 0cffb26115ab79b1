"""Frame access: exact seeks, corrected when the container seeks inexactly."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from deepva_frames.overlay import OverlayWarning, VideoError, probe
from deepva_frames.overlay.errors import FrameRangeError
from deepva_frames.overlay.video import open_video, read_frame, read_frames

FPS = 25.0


class FakeCapture:
    """A capture of ``n`` frames (pixel value = index % 256) whose seek is inexact.

    ``seek(target)`` gives the frame the container really lands on; ``stamps`` says
    whether decoded frames carry timestamps.
    """

    def __init__(self, n=300, seek=lambda target: target, stamps=True, offset_ms=0.0):
        self.n, self.seek, self.stamps, self.offset_ms = n, seek, stamps, offset_ms
        self.next = 0           # index of the next frame decoded
        self.grabbed = None
        self.decoded = 0

    def set(self, prop, value):
        assert prop == cv2.CAP_PROP_POS_FRAMES
        self.next = max(0, min(self.n, self.seek(int(value))))
        return True

    def get(self, prop):
        if prop == cv2.CAP_PROP_POS_MSEC:
            if not self.stamps:
                return -1.0
            return self.offset_ms + 1000.0 * (self.grabbed or 0) / FPS
        if prop == cv2.CAP_PROP_POS_FRAMES:
            return float(self.next)
        raise AssertionError(prop)

    def grab(self):
        if self.next >= self.n:
            return False
        self.grabbed, self.next = self.next, self.next + 1
        self.decoded += 1
        return True

    def retrieve(self):
        return True, np.full((2, 2, 3), self.grabbed % 256, np.uint8)

    def read(self):
        return (self.retrieve() if self.grab() else (False, None))


def value(image):
    return int(image[0, 0, 0])


@pytest.mark.parametrize("target", [0, 1, 11, 12, 150, 299])
def test_exact_seek(target):
    capture = FakeCapture()
    assert value(read_frame(capture, target, FPS)) == target % 256
    assert capture.decoded == 2                 # the first frame's timestamp, the target


@pytest.mark.parametrize("target", [5, 37, 150, 299])
def test_seek_landing_on_an_earlier_keyframe_is_corrected_forward(target):
    capture = FakeCapture(seek=lambda t: t - t % 12)
    assert value(read_frame(capture, target, FPS)) == target % 256
    assert capture.decoded == 1 + target % 12 + 1


@pytest.mark.parametrize("target", [3, 40, 150, 298])
def test_seek_overshooting_is_corrected_from_further_back(target):
    capture = FakeCapture(seek=lambda t: min(t + 2, 299) if t else 0)
    assert value(read_frame(capture, target, FPS)) == target % 256
    assert capture.decoded < 40


def test_timestamps_not_starting_at_zero(video):
    capture = FakeCapture(seek=lambda t: t - t % 12, offset_ms=480.0)
    assert value(read_frame(capture, 100, FPS)) == 100


def test_without_timestamps_the_position_is_used():
    capture = FakeCapture(seek=lambda t: t - t % 12, stamps=False)
    assert value(read_frame(capture, 100, FPS)) == 100


def test_a_seek_that_never_lands_right_falls_back_to_decoding_from_the_start():
    capture = FakeCapture(seek=lambda t: 299 if t else 0)
    with pytest.warns(OverlayWarning, match="seeks inexactly: frame 100"):
        image = read_frame(capture, 100, FPS)
    assert value(image) == 100


def test_frames_past_the_end():
    with pytest.raises(FrameRangeError), pytest.warns(OverlayWarning):
        read_frame(FakeCapture(n=10, seek=lambda t: 0), 20, FPS)
    with pytest.raises(FrameRangeError):
        read_frame(FakeCapture(), -1, FPS)


def test_read_frames_decodes_short_gaps_and_seeks_long_ones():
    capture = FakeCapture(seek=lambda t: t - t % 12)
    got = [(i, value(image)) for i, image in read_frames(capture, [250, 3, 5, 5, 130], FPS)]
    assert got == [(3, 3), (5, 5), (130, 130), (250, 250)]
    assert capture.decoded < 3 + 1 + 2 + 11 + 10 + 20


def test_seek_on_the_sample_video_matches_sequential_decoding(video, raw_frame):
    with open_video(video) as (capture, info):
        for index in (299, 7, 150, 12, 0, 151):
            assert np.array_equal(read_frame(capture, index, info.fps), raw_frame(index))


def test_probe(video, tmp_path):
    info = probe(video)
    assert (info.fps, info.size, info.frame_count, info.path) == (25.0, (640, 360), 300, video)
    with pytest.raises(VideoError, match="no such video file"):
        probe(tmp_path / "nope.mp4")
