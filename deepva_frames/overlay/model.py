"""The overlay's frame model, public: which boxes are on frame n, and how frames are read.

Everything that shows boxes (``overlay.render`` and ``overlay.frame``, the Jupyter
explorers, the ASS track writer) answers "what is on frame n" with these, so a box is
drawn at the same place, with the same interpolation, in every one of them:

- :func:`as_tables`, :func:`select_module`: results to (segments, detections) of one module;
- :func:`detections_of`, :func:`clip_detections`: the detections with their segment's
  person, clipped to the frame;
- :func:`plan_boxes` -> :class:`FrameBoxes`: the boxes of any frame (held or interpolated
  between a segment's sampled detections, gone after its ``frame_end``);
- :func:`live_segments`: the segments that cover frame n;
- :func:`align`, :func:`media_row`, :func:`positive_number`: results' frames to a video's;
- :class:`VideoInfo`, :func:`open_video`, :func:`read_frame`, :func:`origin_ms`: frames.

>>> import deepva_frames as dvf
>>> from deepva_frames.sample import sample_store_path
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> results = dvf.flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
>>> segments, detections = select_module(*as_tables(results))
>>> sorted(live_segments(segments, 200)["person"])
['Mara Lindqvist', 'unknown']
"""

from __future__ import annotations

from .drawing import FrameDrawer
from .geometry import clip_detections
from .results import FrameBoxes, as_tables, detections_of, plan_boxes, select_module
from .snapshot import live_segments
from .timing import align, media_row, positive_number
from .video import VideoInfo, open_video, origin_ms, read_frame

__all__ = ["FrameBoxes", "FrameDrawer", "VideoInfo", "align", "as_tables", "clip_detections",
           "detections_of", "live_segments", "media_row", "open_video", "origin_ms",
           "plan_boxes", "positive_number", "read_frame", "select_module"]
