"""An annotated copy of a video: same fps, size and frame count, boxes on every frame.

Boxes between a segment's sampled detections are interpolated
(:func:`deepva_frames.analysis.interpolate.interpolate_detections`) and vanish at the
segment's ``frame_end``. The copy streams (decode, draw, encode in a pipeline of
bounded queues: constant memory) into a temporary file beside ``out_path`` with the
same extension, renamed over ``out_path`` only when complete: a failed render leaves
no file behind.

"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2

from .._progress import progress_bar, progress_enabled
from .annotator import BoxAnnotator
from .drawing import FrameDrawer
from .errors import OutputError, OverlayWarning, VideoError
from .files import check_output, temp_beside
from .model import frame_drawer
from .pipeline import run_pipeline
from .video import VideoInfo, open_video

__all__ = ["FOURCC_BY_SUFFIX", "RenderResult", "check_output", "render"]

FOURCC_BY_SUFFIX = {".mp4": "mp4v", ".m4v": "mp4v", ".mov": "mp4v", ".mkv": "mp4v",
                    ".avi": "MJPG"}


@dataclass(frozen=True)
class RenderResult:
    """What :func:`render` wrote: ``path``, ``frames``, ``seconds`` (of video, frames /
    fps), the ``fps`` and ``width`` x ``height`` of the copy, and ``elapsed`` wall time.
    """

    path: Path
    frames: int
    seconds: float
    fps: float
    width: int
    height: int
    elapsed: float


def _open_writer(tmp: Path, out: Path, info: VideoInfo, fourcc: str | None) -> Any:
    code = fourcc or FOURCC_BY_SUFFIX.get(out.suffix.lower(), "mp4v")
    fps = info.fps if info.fps > 0 else 25.0
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*code), fps, info.size)
    if not writer.isOpened():
        writer.release()
        raise OutputError(out, f"OpenCV cannot write a {out.suffix} file with codec {code!r} "
                          "(try .mp4, or pass fourcc=)")
    return writer


def _stream(capture: Any, writer: Any, drawer: FrameDrawer, info: VideoInfo, progress: bool,
            name: str) -> int:
    total = info.frame_count or None
    with progress_bar(progress_enabled(progress), total=total, unit="frame",
                      desc=name) as bar:
        return run_pipeline(capture, writer, drawer, on_frame=lambda: bar.update(1))


def render(video: str | os.PathLike[str], results: object, out_path: str | os.PathLike[str],
           interpolate: bool = True, progress: bool | None = True, *,
           annotator: BoxAnnotator | None = None, media: Any = None,
           module: str | Iterable[str] | None = None,
           fourcc: str | None = None) -> RenderResult:
    """Write an annotated copy of ``video`` to ``out_path``; returns a RenderResult.

    ``results``: a DetailedResults or a ``(segments, detections)`` pair of tables.
    ``interpolate=False`` holds each sampled box until the next instead. ``media``: the
    media table (or a row of it, or an fps number) to map result frames to the video's
    by time; without it the video's fps is assumed. ``module``: the segments drawn
    (default face_recognition when present, else all). ``fourcc``: the codec (default
    by extension: mp4v for .mp4/.mov/.mkv, MJPG for .avi). ``progress``: a tqdm bar
    (None: only in a terminal or notebook).

    Raises VideoError (video missing, unreadable, not openable or without frames) and
    OutputError (folder missing, no encoder for the extension); warns (OverlayWarning)
    about fps, frame count or size disagreeing with the results, and clipped boxes.

    >>> import tempfile, pathlib
    >>> from deepva_frames import flatten
    >>> from deepva_frames.sample import sample_store_path, sample_video_path
    >>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
    >>> res = flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "annotated.mp4"
    >>> written = render(sample_video_path(), res, out, progress=False)
    >>> written.frames, written.seconds, written.fps, (written.width, written.height)
    (300, 12.0, 25.0, (640, 360))
    """
    out = check_output(out_path)
    if Path(video).exists() and out.exists() and out.samefile(video):
        raise OutputError(out, "is the input video; write the annotated copy elsewhere")
    annotator = annotator or BoxAnnotator()
    started = time.perf_counter()
    with open_video(video) as (capture, info):
        drawer = frame_drawer(info, results, media=media, module=module,
                              interpolate=interpolate, annotator=annotator)
        with temp_beside(out) as tmp:
            frames = _write(capture, tmp, out, info, drawer, fourcc, progress)
    fps = info.fps if info.fps > 0 else 25.0
    return RenderResult(out, frames, frames / fps, fps, info.width, info.height,
                        time.perf_counter() - started)


def _write(capture: Any, tmp: Path, out: Path, info: VideoInfo, drawer: FrameDrawer,
           fourcc: str | None, progress: bool | None) -> int:
    writer = _open_writer(tmp, out, info, fourcc)
    try:
        frames = _stream(capture, writer, drawer, info, progress, out.name)
    finally:
        writer.release()
    if frames == 0:
        raise VideoError(info.path, "no frame could be decoded")
    if info.frame_count and frames != info.frame_count:
        warnings.warn(f"{info.path.name} declares {info.frame_count} frames but {frames} "
                      "could be decoded; the copy has those", OverlayWarning, stacklevel=3)
    return frames
