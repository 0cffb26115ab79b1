"""OpenCV overlays: face boxes on frames, annotated videos, contact sheets of faces.

``results`` everywhere is a :class:`~deepva_frames.flatten.DetailedResults` (from
``flatten.detailed_results`` or ``Client.detailed_results``) or a
``(segments, detections)`` pair of tidy tables. Boxes are the detections' normalized
``x, y, w, h`` scaled to the frame; between a segment's sampled detections they are
interpolated, and they vanish at the segment's ``frame_end``.

- :class:`BoxAnnotator`: settings (colours per person, thickness, font scale, label
  fields) and ``annotate(frame, boxes) -> new frame``.
- :func:`frame`: one annotated frame, sought directly.
- :func:`render`: an annotated copy of a video (same fps, size, frame count), written
  atomically, streaming; returns a :class:`RenderResult`.
- :func:`contact_sheet`: face crops per person in a labelled grid.
- :func:`boxes_at`: the boxes (with labels) of one frame, as a table.

Errors: :class:`VideoError`, :class:`OutputError`, :class:`FrameRangeError`,
:class:`ResultsError` (all :class:`~deepva_frames.errors.DeepVAError`); warnings:
:class:`OverlayWarning`.

>>> import deepva_frames as dvf
>>> from deepva_frames.sample import sample_store_path, sample_video_path
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> results = dvf.flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
>>> image = dvf.overlay.frame(sample_video_path(), 200, results)
>>> dvf.overlay.boxes_at(results, 200)["person"].tolist()
['Mara Lindqvist', 'unknown']
"""

from __future__ import annotations

from .annotator import BoxAnnotator, Layout, Style
from .colors import OKABE_ITO, UNKNOWN_COLOR, color_for
from .contact_sheet import contact_sheet
from .errors import (
    FrameRangeError,
    OutputError,
    OverlayError,
    OverlayWarning,
    ResultsError,
    VideoError,
)
from .render import RenderResult, render
from .results import boxes_at
from .snapshot import frame
from .video import VideoInfo, probe

__all__ = [
    "OKABE_ITO",
    "UNKNOWN_COLOR",
    "BoxAnnotator",
    "FrameRangeError",
    "Layout",
    "OutputError",
    "OverlayError",
    "OverlayWarning",
    "RenderResult",
    "ResultsError",
    "Style",
    "VideoError",
    "VideoInfo",
    "boxes_at",
    "color_for",
    "contact_sheet",
    "frame",
    "probe",
    "render",
]
