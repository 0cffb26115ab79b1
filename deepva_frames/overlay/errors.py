"""Errors and the warning of :mod:`deepva_frames.overlay`.

Every error subclasses :class:`deepva_frames.errors.DeepVAError` and names the file or
the frame it is about.

>>> from deepva_frames.errors import DeepVAError
>>> issubclass(VideoError, DeepVAError), issubclass(VideoError, OSError)
(True, True)
>>> str(VideoError("/nope.mp4", "no such file"))
'/nope.mp4: no such file'
"""

from __future__ import annotations

import os

from ..errors import DeepVAError

__all__ = ["FrameRangeError", "OutputError", "OverlayError", "OverlayWarning", "ResultsError",
           "VideoError"]


class OverlayError(DeepVAError):
    """Base class of the overlay's errors."""


class _FileError(OverlayError, OSError):
    """An error about one file: carries ``path`` and ``reason``."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class VideoError(_FileError):
    """The video is missing, unreadable, or a container OpenCV cannot open or decode.

    Carries ``path`` and ``reason``.
    """


class OutputError(_FileError):
    """The output cannot be written: its folder does not exist, or no encoder fits it.

    Carries ``path`` and ``reason``.
    """


class FrameRangeError(OverlayError, IndexError):
    """A frame index outside the video (``0 <= frame_index < frame_count``)."""


class ResultsError(OverlayError, ValueError):
    """``results`` is not a DetailedResults or a (segments, detections) pair of tables."""


class OverlayWarning(UserWarning):
    """Something the overlay had to adjust: fps or frame count disagreeing with the
    results, boxes outside the frame (clipped), frames the container could not seek to.
    """
