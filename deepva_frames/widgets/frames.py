"""Frames for the explorer: decoded video frames (a small LRU + sequential reads) or blanks.

Memory stays bounded: at most ``cache_size`` decoded frames are kept. Reading the next
frame (a slider step or playback) is a plain ``read()`` of the open capture; a short
jump forward grabs the frames in between; anything else seeks (exactly, see
:func:`deepva_frames.overlay.video.read_frame`). Returned frames are read-only: copy
before drawing.

>>> from deepva_frames.sample import sample_video_path
>>> frames = VideoFrames(sample_video_path(), cache_size=4)
>>> frames[10].shape, frames.size, len(frames)
((360, 640, 3), (640, 360), 300)
>>> frames.close()
>>> BlankFrames((64, 36), 5)[4].shape
(36, 64, 3)
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

import cv2
import numpy as np

from ..overlay import FrameRangeError
from ..overlay.model import VideoInfo, open_video, origin_ms, read_frame

__all__ = ["BlankFrames", "VideoFrames", "display_size"]

FORWARD_GRAB = 24         # frames grabbed forward instead of seeking (a seek decodes >= 16)
BLANK = (40, 40, 40)


def display_size(size: tuple[int, int], max_width: int | None) -> tuple[int, int]:
    """``(width, height)`` scaled down to at most ``max_width`` pixels wide (even numbers).

    >>> display_size((1920, 1080), 1280), display_size((640, 360), 1280)
    ((1280, 720), (640, 360))
    """
    width, height = size
    if not max_width or width <= max_width:
        return width, height
    scale = max_width / width
    return max_width, max(2, round(height * scale / 2) * 2)


def _frozen(image: np.ndarray) -> np.ndarray:
    image.flags.writeable = False
    return image


class BlankFrames:
    """The same blank frame (dark grey) for every index: boxes without a video.

    >>> frames = BlankFrames((1280, 720), 100)
    >>> frames[0] is frames[99], frames[0].flags.writeable
    (True, False)
    """

    def __init__(self, size: tuple[int, int], frame_count: int,
                 color: tuple[int, int, int] = BLANK):
        self.size = (int(size[0]), int(size[1]))
        self.frame_count = max(1, int(frame_count))
        self._image = _frozen(np.full((self.size[1], self.size[0], 3), color, np.uint8))

    def __len__(self) -> int:
        return self.frame_count

    def __getitem__(self, index: int) -> np.ndarray:
        _check(index, self.frame_count)
        return self._image

    def close(self) -> None:
        """Nothing to release."""


def _check(index: int, count: int) -> None:
    if not 0 <= index < count:
        raise FrameRangeError(f"frame {index} is outside the video ({count} frames)")


class VideoFrames:
    """Decoded frames of ``video``: ``frames[i]`` is frame ``i`` (BGR, read-only).

    ``cache_size`` frames are kept (least recently used dropped first);
    ``max_width`` scales wider frames down (for display). The capture stays open
    until :meth:`close`.

    >>> from deepva_frames.sample import sample_video_path
    >>> frames = VideoFrames(sample_video_path(), max_width=320)
    >>> frames[0].shape, frames.info.fps
    ((180, 320, 3), 25.0)
    >>> frames.close()
    """

    def __init__(self, video: str | os.PathLike[str], *, cache_size: int = 16,
                 max_width: int | None = None):
        self._context = open_video(video)
        opened: tuple[Any, VideoInfo] = self._context.__enter__()
        self._capture, self.info = opened
        self.size = display_size(self.info.size, max_width)
        self.frame_count = max(1, self.info.frame_count)
        self.cache_size = max(1, int(cache_size))
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._origin = origin_ms(self._capture)
        self._next: int | None = 0          # the frame the capture decodes next
        self.stats = {"hits": 0, "sequential": 0, "seeks": 0}

    def __len__(self) -> int:
        return self.frame_count

    def __getitem__(self, index: int) -> np.ndarray:
        index = int(index)
        _check(index, self.frame_count)
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            self.stats["hits"] += 1
            return cached
        image = _frozen(self._scaled(self._decode(index)))
        self._cache[index] = image
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return image

    def _scaled(self, image: np.ndarray) -> np.ndarray:
        if (image.shape[1], image.shape[0]) == self.size:
            return image
        return cv2.resize(image, self.size, interpolation=cv2.INTER_AREA)

    def _decode(self, index: int) -> np.ndarray:
        image = self._read_on(index) if self._next is not None else None
        if image is None:
            self.stats["seeks"] += 1
            image = read_frame(self._capture, index, self.info.fps, self._origin)
        else:
            self.stats["sequential"] += 1
        self._next = index + 1
        return image

    def _read_on(self, index: int) -> Any:
        """Frame ``index`` by reading on from the capture's position; None to seek."""
        gap = index - (self._next or 0)
        if not 0 <= gap <= FORWARD_GRAB:
            return None
        for _ in range(gap):
            if not self._capture.grab():
                self._next = None
                return None
        ok, image = self._capture.read()
        if not ok:
            self._next = None
            return None
        return image

    def close(self) -> None:
        """Release the video and drop the cached frames."""
        self._cache.clear()
        self._context.__exit__(None, None, None)
