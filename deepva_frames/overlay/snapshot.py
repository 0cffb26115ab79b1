"""One annotated frame, sought directly (no decoding from the start).

>>> from deepva_frames import flatten
>>> from deepva_frames.sample import sample_store_path, sample_video_path
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> results = flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
>>> frame(sample_video_path(), 100, results).shape
(360, 640, 3)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .annotator import BoxAnnotator
from .drawing import FrameDrawer
from .errors import FrameRangeError
from .results import detections_of, plan_boxes
from .timing import align
from .video import open_video, read_frame

__all__ = ["frame", "live_segments"]


def live_segments(segments: pd.DataFrame, frame_index: int) -> pd.DataFrame:
    """The segments on screen at ``frame_index`` (``frame_start <= i < frame_end``).

    >>> seg = pd.DataFrame({"frame_start": [0, 10], "frame_end": [10, 20]})
    >>> live_segments(seg, 10).index.tolist()
    [1]
    """
    start = segments["frame_start"].to_numpy(np.float64, na_value=np.nan)
    end = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
    return segments[~((start > frame_index) | (end <= frame_index))]


def frame(video: str | os.PathLike[str], frame_index: int, results: object, *,
          annotator: BoxAnnotator | None = None, media: Any = None, interpolate: bool = True,
          module: str | Iterable[str] | None = None) -> np.ndarray:
    """Frame ``frame_index`` of ``video`` (BGR array) with the boxes of ``results`` drawn.

    ``frame_index`` counts the video's frames. The frame is reached by a seek
    (``CAP_PROP_POS_FRAMES``), checked against the decoded frame's timestamp and
    corrected by a short decode when the container seeks inexactly. ``results``,
    ``media``, ``module`` and ``interpolate`` as in :func:`render`.

    >>> from deepva_frames.sample import sample_video_path
    >>> frame(sample_video_path(), 300, (pd.DataFrame(columns=["segment_id", "frame_start",
    ...     "frame_end"]), pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w",
    ...     "h"])))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.overlay.errors.FrameRangeError: frame 300 is outside ... (300 frames)
    """
    annotator = annotator or BoxAnnotator()
    index = int(frame_index)
    with open_video(video) as (capture, info):
        if index < 0 or (info.frame_count and index >= info.frame_count):
            raise FrameRangeError(f"frame {index} is outside {info.path.name} "
                                  f"({info.frame_count} frames)")
        segments, detections = align(info, results, media, module)
        segments = live_segments(segments, index)
        plan = plan_boxes(segments, detections_of(segments, detections),
                          interpolate=interpolate, frames=(index, index + 1))
        image = read_frame(capture, index, info.fps)
    FrameDrawer(plan, annotator, info.size)(index, image)
    return image
