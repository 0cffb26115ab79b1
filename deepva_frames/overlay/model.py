"""The overlay's frame model, public: which boxes (and labels) are on frame n.

Whatever shows the overlay's boxes somewhere else (the job explorer, the ASS tracks of
:mod:`deepva_frames.tracks`) takes them from here, so that they are the boxes
:func:`~deepva_frames.overlay.render` draws: the same segments (``module``), the same
result-to-video frame mapping (``media``), the same interpolation, the same pixels,
label places, colours and label texts.

- :func:`frame_drawer`: the per-frame plan :func:`~deepva_frames.overlay.render` draws
  from; ``drawer.layout(n)`` is the :class:`Layout` of frame ``n`` (pixel boxes, label
  rectangles, styles), ``drawer(n, image)`` draws it.
- :func:`boxes_at`: the boxes of one frame as a table; :func:`live_segments`: the
  segments on screen at a frame.
- The pieces: :func:`as_tables`, :func:`select_module`, :func:`detections_of`,
  :func:`align`, :func:`media_row`, :func:`plan_boxes` (-> :class:`FrameBoxes`),
  :func:`label_text`, :func:`is_unknown`, :func:`text_color_on`.

>>> import pandas as pd
>>> from pathlib import Path
>>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [3],
...                     "person": ["Ann"]})
>>> det = pd.DataFrame({"segment_id": "s", "frame_index": [0], "x": 0.1, "y": 0.2,
...                     "w": 0.5, "h": 0.5})
>>> drawer = frame_drawer(VideoInfo(Path("v.mp4"), 25.0, 100, 100, 3), (seg, det))
>>> drawer.layout(2).boxes.tolist(), drawer.layout(3)
([[10, 20, 59, 69]], None)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .annotator import BoxAnnotator, Layout, Style
from .colors import text_color_on
from .drawing import FrameDrawer
from .labels import is_unknown, label_text
from .results import FrameBoxes, as_tables, boxes_at, detections_of, plan_boxes, select_module
from .snapshot import live_segments
from .timing import align, media_row, positive_number
from .video import VideoInfo

__all__ = ["BoxAnnotator", "FrameBoxes", "FrameDrawer", "Layout", "Style", "VideoInfo",
           "align", "as_tables", "boxes_at", "detections_of", "frame_drawer", "is_unknown",
           "label_text", "live_segments", "media_row", "plan_boxes", "positive_number",
           "select_module", "text_color_on"]


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
