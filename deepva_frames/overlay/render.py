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

from .._progress import progress_bar, progress_enabled
from .annotator import BoxAnnotator
from .drawing import FrameDrawer
from .encoders import open_encoder
from .errors import OutputError, OverlayWarning, VideoError
from .files import check_output, temp_beside
from .model import frame_drawer
from .pipeline import run_pipeline
from .video import VideoInfo, open_video, probe

__all__ = ["RenderResult", "check_output", "render"]


@dataclass(frozen=True)
class RenderResult:
    """What :func:`render` wrote: ``path``, ``frames``, ``seconds`` (of video, frames /
    fps), the ``fps`` and ``width`` x ``height`` of the copy, ``elapsed`` wall time and the
    ``codec`` (``"h264"``, ``"vp9"`` or the fourcc asked for).
    """

    path: Path
    frames: int
    seconds: float
    fps: float
    width: int
    height: int
    elapsed: float
    codec: str = ""


def _stream(capture: Any, writer: Any, drawer: FrameDrawer, info: VideoInfo,
            progress: bool | None, name: str) -> int:
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
    by extension: H.264 for .mp4/.m4v/.mov/.mkv, VP9 for .webm, both playable in
    browsers; MJPG for .avi; ``fourcc="mp4v"`` for OpenCV's MPEG-4 Part 2). ``progress``: a tqdm bar
    (None: only in a terminal or notebook).

    Raises VideoError (video missing, unreadable, not openable or without frames) and
    OutputError (folder missing or not writable, no encoder for the extension); warns
    (OverlayWarning) about fps, frame count or size disagreeing with the results, and clipped boxes.

    >>> import tempfile, pathlib
    >>> from deepva_frames import flatten
    >>> from deepva_frames.sample import sample_store_path, sample_video_path
    >>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
    >>> res = flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "annotated.mp4"
    >>> written = render(sample_video_path(), res, out, progress=False)
    >>> written.frames, written.seconds, written.fps, (written.width, written.height)
    (300, 12.0, 25.0, (640, 360))
    >>> written.codec
    'h264'
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
            frames, codec = _write(capture, tmp, out, info, drawer, fourcc, progress)
    fps = info.fps if info.fps > 0 else 25.0
    return RenderResult(out, frames, frames / fps, fps, info.width, info.height,
                        time.perf_counter() - started, codec)


def _check_written(tmp: Path, out: Path, frames: int) -> None:
    """The encoded file holds every frame (OpenCV's writer drops failed writes silently)."""
    try:
        found = probe(tmp).frame_count
    except VideoError:
        found = 0
    if found != frames:
        raise OutputError(out, f"the encoder wrote {found} of {frames} frames (disk full, "
                          "or a file-size limit?)")


def _write(capture: Any, tmp: Path, out: Path, info: VideoInfo, drawer: FrameDrawer,
           fourcc: str | None, progress: bool | None) -> tuple[int, str]:
    writer = open_encoder(tmp, out, fps=info.fps if info.fps > 0 else 25.0, size=info.size,
                          fourcc=fourcc)
    try:
        frames = _stream(capture, writer, drawer, info, progress, out.name)
    finally:
        writer.release()
    if frames == 0:
        raise VideoError(info.path, "no frame could be decoded")
    _check_written(tmp, out, frames)
    if info.frame_count and frames != info.frame_count:
        warnings.warn(f"{info.path.name} declares {info.frame_count} frames but {frames} "
                      "could be decoded; the copy has those", OverlayWarning, stacklevel=3)
    return frames, writer.codec
