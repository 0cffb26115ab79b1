"""The overlay's frame model, public: which boxes are on frame n, and how frames are read.

Everything that shows boxes (``overlay.render`` and ``overlay.frame``, the Jupyter
explorers, the ASS tracks of :mod:`deepva_frames.tracks`) answers "what is on frame n"
with these, so a box is drawn at the same place, with the same interpolation, label
place, colour and label text in every one of them:

- :func:`frame_drawer`: the per-frame plan :func:`~deepva_frames.overlay.render` draws
  from; ``drawer.layout(n)`` is the :class:`Layout` of frame ``n`` (pixel boxes, label
  rectangles, :class:`Style` per box), ``drawer(n, image)`` draws it;
- :func:`as_tables`, :func:`select_module`: results to (segments, detections) of one module;
- :func:`detections_of`, :func:`clip_detections`: the detections with their segment's
  person, clipped to the frame;
- :func:`plan_boxes` -> :class:`FrameBoxes`: the boxes of any frame (held or interpolated
  between a segment's sampled detections, gone after its ``frame_end``);
- :func:`live_segments`: the segments that cover frame n;
- :func:`align`, :func:`media_row`, :func:`positive_number`: results' frames to a video's;
- :func:`label_text`, :func:`is_unknown`, :func:`text_color_on`: label texts and colours;
- :class:`VideoInfo`, :func:`open_video`, :func:`read_frame`, :func:`origin_ms`: frames.

>>> import deepva_frames as dvf
>>> from deepva_frames.sample import sample_store_path
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> results = dvf.flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
>>> segments, detections = select_module(*as_tables(results))
>>> sorted(live_segments(segments, 200)["person"])
['Mara Lindqvist', 'unknown']
>>> from pathlib import Path
>>> drawer = frame_drawer(VideoInfo(Path("v.mp4"), 25.0, 640, 360, 300), results)
>>> len(drawer.layout(200).boxes), drawer.layout(299 + 1)
(2, None)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .annotator import BoxAnnotator, Layout, Style
from .colors import text_color_on
from .drawing import FrameDrawer
from .geometry import clip_detections
from .labels import is_unknown, label_text
from .results import FrameBoxes, as_tables, detections_of, plan_boxes, select_module
from .snapshot import live_segments
from .timing import align, media_row, positive_number
from .video import VideoInfo, open_video, origin_ms, read_frame

__all__ = ["BoxAnnotator", "FrameBoxes", "FrameDrawer", "Layout", "Style", "VideoInfo",
           "align", "as_tables", "clip_detections", "detections_of", "frame_drawer",
           "is_unknown", "label_text", "live_segments", "media_row", "open_video",
           "origin_ms", "plan_boxes", "positive_number", "read_frame", "select_module",
           "text_color_on"]


def frame_drawer(info: VideoInfo, results: object, *, media: Any = None,
                 module: str | Iterable[str] | None = None, interpolate: bool = True,
                 annotator: BoxAnnotator | None = None) -> FrameDrawer:
    """The boxes of every frame of a video described by ``info``, planned as
    :func:`~deepva_frames.overlay.render` plans them (it calls this).

    ``results``, ``media``, ``module`` and ``interpolate`` as in ``render``; frames past
    ``info.frame_count`` (when known) are left out.

    >>> import pandas as pd
    >>> from pathlib import Path
    >>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [9]})
    >>> det = pd.DataFrame({"segment_id": "s", "frame_index": [0, 8], "x": [0.0, 0.8],
    ...                     "y": 0.0, "w": 0.2, "h": 0.2})
    >>> drawer = frame_drawer(VideoInfo(Path("v.mp4"), 25.0, 10, 10, 9), (seg, det))
    >>> drawer.layout(4).boxes.tolist()
    [[4, 0, 5, 1]]
    """
    segments, detections = align(info, results, media, module)
    plan = plan_boxes(segments, detections, interpolate=interpolate,
                      frames=(0, info.frame_count or np.iinfo(np.int64).max))
    return FrameDrawer(plan, annotator or BoxAnnotator(), info.size)
