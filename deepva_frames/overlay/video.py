"""Frame access: open a video with clear errors, and seek to a frame exactly.

OpenCV's ``CAP_PROP_POS_FRAMES`` seek is exact for most files but lands on a nearby
keyframe in some containers. :func:`read_frame` therefore checks the timestamp of the
frame it decoded and corrects with a short decode (forward, or from further back when
the seek overshot); only if that fails does it decode from the start, with a warning.

>>> from deepva_frames.sample import sample_video_path
>>> info = probe(sample_video_path())
>>> (info.width, info.height, info.fps, info.frame_count)
(640, 360, 25.0, 300)
>>> with open_video(sample_video_path()) as (capture, info):
...     read_frame(capture, 120, info.fps).shape
(360, 640, 3)
"""

from __future__ import annotations

import contextlib
import math
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from .errors import FrameRangeError, OverlayWarning, VideoError
from .files import quiet_stderr

__all__ = ["VideoInfo", "open_video", "origin_ms", "probe", "read_frame", "read_frames"]

SEEK_TRIES = 4
FORWARD_LIMIT = 64        # frames decoded forward instead of seeking (read_frames)


@dataclass(frozen=True)
class VideoInfo:
    """What the container says about a video: path, fps, size and frame count."""

    path: Path
    fps: float
    width: int
    height: int
    frame_count: int

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in pixels."""
        return self.width, self.height


def _check_file(path: Path) -> None:
    if not path.exists():
        raise VideoError(path, "no such video file")
    if path.is_dir():
        raise VideoError(path, "is a folder, not a video file")
    if not os.access(path, os.R_OK):
        raise VideoError(path, "the video file is not readable (permission denied)")
    if path.stat().st_size == 0:
        raise VideoError(path, "the video file is empty")


def _capture(path: Path) -> tuple[Any, VideoInfo]:
    _check_file(path)
    # FFmpeg's own log ("moov atom not found", decoding noise) is not for the user: the
    # level is read once per process, at the first capture; an explicit setting wins.
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    with quiet_stderr():
        capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        capture.release()
        raise VideoError(path, "OpenCV cannot open this container (not a video, damaged, "
                         "or a format its video backend does not read)")
    info = VideoInfo(path, float(capture.get(cv2.CAP_PROP_FPS) or 0.0),
                     int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                     int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                     max(0, int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)))
    if info.width <= 0 or info.height <= 0:
        capture.release()
        raise VideoError(path, "OpenCV opens the file but finds no video stream in it")
    return capture, info


@contextlib.contextmanager
def open_video(video: str | os.PathLike[str]) -> Iterator[tuple[Any, VideoInfo]]:
    """``(cv2.VideoCapture, VideoInfo)`` of ``video``, released on leaving the block.

    Raises :class:`VideoError` for a missing, unreadable or empty file, a folder, or
    a container OpenCV cannot open.

    >>> with open_video("/no/such/video.mp4") as (capture, info):  # doctest: +ELLIPSIS
    ...     pass
    Traceback (most recent call last):
    ...
    deepva_frames.overlay.errors.VideoError: /no/such/video.mp4: no such video file
    """
    capture, info = _capture(Path(video))
    try:
        yield capture, info
    finally:
        capture.release()


def probe(video: str | os.PathLike[str]) -> VideoInfo:
    """The :class:`VideoInfo` of ``video`` (fps, size, frame count), without decoding.

    >>> from deepva_frames.sample import sample_video_path
    >>> probe(sample_video_path()).size
    (640, 360)
    """
    with open_video(video) as (_, info):
        return info


def origin_ms(capture: Any) -> float:
    """Timestamp (ms) of the first frame, to read later timestamps against; rewinds.

    >>> from deepva_frames.sample import sample_video_path
    >>> with open_video(sample_video_path()) as (capture, info):
    ...     origin_ms(capture)
    0.0
    """
    capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
    ms = capture.get(cv2.CAP_PROP_POS_MSEC) if capture.grab() else None
    capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
    return float(ms) if ms is not None and math.isfinite(ms) and ms >= 0 else 0.0


def _grabbed_index(capture: Any, fps: float, origin: float) -> int:
    """Index of the frame just grabbed: from its timestamp, else from the position."""
    ms = capture.get(cv2.CAP_PROP_POS_MSEC)
    if fps > 0 and ms is not None and math.isfinite(ms) and ms >= 0:
        return round((ms - origin) * fps / 1000.0)
    return int(capture.get(cv2.CAP_PROP_POS_FRAMES)) - 1


def _decode_to(capture: Any, index: int, fps: float, origin: float, limit: int
               ) -> np.ndarray | None:
    """Grab forward to ``index`` (at most ``limit`` frames); None if it was overshot."""
    for _ in range(limit + 1):
        if not capture.grab():
            return None
        at = _grabbed_index(capture, fps, origin)
        if at == index:
            ok, image = capture.retrieve()
            return image if ok else None
        if at > index:
            return None
    return None


def _from_start(capture: Any, index: int) -> np.ndarray:
    warnings.warn(f"the container seeks inexactly: frame {index} was found by decoding "
                  "from the start", OverlayWarning, stacklevel=4)
    capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
    for _ in range(index):
        if not capture.grab():
            break
    ok, image = capture.read()
    if not ok:
        raise FrameRangeError(f"frame {index} cannot be decoded (the video ends before it)")
    return image


def read_frame(capture: Any, index: int, fps: float, origin: float | None = None
               ) -> np.ndarray:
    """The frame ``index`` of an open capture: a seek, verified and corrected.

    ``fps`` is the video's and ``origin`` the first frame's timestamp (default: read
    with :func:`origin_ms`), to check the decoded frame's timestamp. After the call the
    capture stands just after ``index``.

    >>> from deepva_frames.sample import sample_video_path
    >>> with open_video(sample_video_path()) as (capture, info):
    ...     image = read_frame(capture, 250, info.fps)
    ...     int(capture.get(cv2.CAP_PROP_POS_FRAMES))
    251
    """
    if index < 0:
        raise FrameRangeError(f"frame index {index} is negative")
    if origin is None:
        origin = origin_ms(capture)
    back = 0
    for _ in range(SEEK_TRIES):
        start = max(0, index - back)
        capture.set(cv2.CAP_PROP_POS_FRAMES, start)
        image = _decode_to(capture, index, fps, origin, limit=index - start + FORWARD_LIMIT)
        if image is not None:
            return image
        if start == 0:
            break
        back = max(2 * back, 16)
    return _from_start(capture, index)


def read_frames(capture: Any, indices: Iterable[int], fps: float
                ) -> Iterator[tuple[int, np.ndarray]]:
    """``(index, frame)`` for sorted ``indices``: short gaps decoded forward, long ones sought.

    >>> from deepva_frames.sample import sample_video_path
    >>> with open_video(sample_video_path()) as (capture, info):
    ...     [i for i, _ in read_frames(capture, [3, 5, 200], info.fps)]
    [3, 5, 200]
    """
    position = None                      # index of the next frame the capture decodes
    origin = origin_ms(capture)
    for index in sorted(set(indices)):
        if position is not None and 0 <= index - position <= FORWARD_LIMIT:
            for _ in range(index - position):
                capture.grab()
            ok, image = capture.read()
            if not ok:
                raise FrameRangeError(f"frame {index} cannot be decoded")
        else:
            image = read_frame(capture, index, fps, origin)
        position = index + 1
        yield index, image
