"""What the job explorer shows, computed once per job: one source's segments and the
per-frame boxes (interpolated once), on the frame clock of the video (or the media).

>>> from deepva_frames import flatten
>>> from deepva_frames.sample import sample_store_path
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> results = flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
>>> view = prepare_job(results, {"fps": 25.0, "width": 640, "height": 360, "total_frames": 300})
>>> view.fps, view.frame_count, view.size, view.persons
(25.0, 300, (640, 360), ['Mara Lindqvist', 'Tobias Brenner', 'unknown'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..overlay.model import (
    FrameBoxes,
    VideoInfo,
    align,
    as_tables,
    clip_detections,
    detections_of,
    live_segments,
    media_row,
    plan_boxes,
    positive_number,
    select_module,
)

__all__ = ["DEFAULT_FPS", "DEFAULT_SIZE", "JobView", "on_screen", "person_names",
           "prepare_job"]

DEFAULT_FPS = 25.0
DEFAULT_SIZE = (1280, 720)
UNKNOWN = "unknown"
TABLE_COLUMNS = ["person", "closest_person", "tc_start", "tc_end", "mean_similarity"]


@dataclass(frozen=True)
class JobView:
    """One media source of a job, ready to explore: ``segments`` (frame numbers on the
    shown video's clock), ``plan`` (boxes of every frame), ``fps``, ``frame_count``,
    ``size`` (width, height of the media) and ``persons`` (the filter's choices)."""

    segments: pd.DataFrame
    plan: FrameBoxes
    fps: float
    frame_count: int
    size: tuple[int, int]
    persons: list[str]

    @property
    def duration(self) -> float:
        """Running time in seconds (frames over fps)."""
        return self.frame_count / self.fps


def person_names(segments: pd.DataFrame) -> pd.Series:
    """The person of each segment, ``"unknown"`` where the API gives none.

    >>> person_names(pd.DataFrame({"person": ["Ann", None]})).tolist()
    ['Ann', 'unknown']
    """
    if "person" not in segments.columns:
        return pd.Series(UNKNOWN, index=segments.index, dtype=object)
    return segments["person"].astype(object).where(segments["person"].notna(), UNKNOWN)


def _persons(segments: pd.DataFrame) -> list[str]:
    names = list(dict.fromkeys(person_names(segments.sort_values("frame_start", kind="stable"))))
    return sorted(names, key=lambda n: (n == UNKNOWN, names.index(n)))


def _one_source(segments: pd.DataFrame, detections: pd.DataFrame, source: str | None,
                row: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    if "source" not in segments.columns or segments["source"].nunique() <= 1:
        return segments, detections
    sources = list(dict.fromkeys(segments["source"].dropna().astype(str)))
    wanted = source or (row or {}).get("source")
    chosen = wanted if wanted in sources else sources[0]
    segments = segments[segments["source"].astype(str) == chosen]
    return segments, detections_of(segments, detections)


def _implied_fps(segments: pd.DataFrame) -> float | None:
    frames = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
    times = segments.get("time_end", pd.Series(np.nan, index=segments.index))
    times = times.to_numpy(np.float64, na_value=np.nan)
    ok = (frames > 0) & (times > 0)
    return float(np.median(frames[ok] / times[ok])) if ok.any() else None


def _last_frame(segments: pd.DataFrame) -> int:
    ends = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
    return int(np.nanmax(ends)) if np.isfinite(ends).any() else 1


def _with_times(segments: pd.DataFrame, fps: float) -> pd.DataFrame:
    """time_start/time_end (seconds) from the frames where the segments lack them."""
    missing = {t: segments[f].to_numpy(np.float64, na_value=np.nan) / fps
               for t, f in (("time_start", "frame_start"), ("time_end", "frame_end"))
               if t not in segments.columns}
    return segments.assign(**missing) if missing else segments


def _clock(segments: pd.DataFrame, row: Any, info: VideoInfo | None
           ) -> tuple[float, int, tuple[int, int]]:
    """``(fps, frame_count, size)``: the video's, else the media row's, else guessed."""
    if info is not None:
        count = info.frame_count or _last_frame(segments)
        return info.fps or DEFAULT_FPS, max(1, count), info.size
    row = row or {}
    fps = positive_number(row.get("fps")) or _implied_fps(segments) or DEFAULT_FPS
    count = int(positive_number(row.get("total_frames")) or _last_frame(segments))
    width, height = positive_number(row.get("width")), positive_number(row.get("height"))
    size = (int(width), int(height)) if width and height else DEFAULT_SIZE
    return fps, max(1, int(count)), size


def prepare_job(results: object, media: Any = None, *, info: VideoInfo | None = None,
                module: str | Iterable[str] | None = None, source: str | None = None
                ) -> JobView:
    """The :class:`JobView` of ``results`` (DetailedResults or ``(segments, detections)``).

    ``media``: the media table (or one row as a dict) giving fps, size and frame count;
    ``info``: the video's :class:`~deepva_frames.overlay.VideoInfo` when a video is shown
    (result frames are then mapped to the video's, as the overlay does). ``module``: as
    in the overlay (default face_recognition when present). ``source``: the media source
    to show when the job has several (default the media's video, else the first).
    Without fps anywhere 25 is assumed; without a size, 1280x720.

    >>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [50],
    ...                     "time_start": [0.0], "time_end": [2.0], "person": ["Ann"]})
    >>> det = pd.DataFrame({"segment_id": ["s"], "frame_index": [0], "x": 0.1, "y": 0.1,
    ...                     "w": 0.2, "h": 0.2})
    >>> v = prepare_job((seg, det))
    >>> v.fps, v.frame_count, v.size, len(v.plan.frames)
    (25.0, 50, (1280, 720), 50)
    """
    segments, detections = select_module(*as_tables(results), module)
    if isinstance(media, pd.DataFrame) and media.empty:
        media = None                        # e.g. a failed job: nothing known of its media
    row = media_row(media, segments) if media is not None else None
    segments, detections = _one_source(segments, detections, source, row)
    if info is not None:
        segments, detections = align(info, (segments, detections), media)
    else:
        detections = clip_detections(detections, stacklevel=3)
    fps, count, size = _clock(segments, row, info)
    segments = _with_times(segments, fps)
    plan = plan_boxes(segments, detections_of(segments, detections))
    return JobView(segments.reset_index(drop=True), plan, float(fps), count, size,
                   _persons(segments))


def on_screen(view: JobView, frame_index: int, persons: Iterable[str] | None = None
              ) -> pd.DataFrame:
    """The segments on screen at ``frame_index`` (of ``persons``, default all), as the
    explorer's table shows them: person, closest_person, tc_start, tc_end (time_start,
    time_end without timecodes) and mean_similarity, those the segments have.

    >>> seg = pd.DataFrame({"segment_id": ["a", "b"], "frame_start": [0, 5],
    ...     "frame_end": [10, 8], "person": ["Ann", "Bo"], "time_start": [0.0, 0.2],
    ...     "time_end": [0.4, 0.32]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> view = prepare_job((seg, det))
    >>> on_screen(view, 6)["person"].tolist(), on_screen(view, 6, ["Bo"])["person"].tolist()
    (['Ann', 'Bo'], ['Bo'])
    """
    live = live_segments(view.segments, frame_index)
    names = person_names(live)
    if persons is not None:
        live, names = live[names.isin(list(persons))], names[names.isin(list(persons))]
    table = live.assign(person=names)
    wanted = TABLE_COLUMNS if "tc_start" in table.columns else [
        c.replace("tc_", "time_") for c in TABLE_COLUMNS]
    columns = [c for c in wanted if c in table.columns]
    return table.sort_values(["frame_start", "person"], kind="stable")[columns].reset_index(
        drop=True)
