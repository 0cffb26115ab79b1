"""Frame-time mapping between the results and the video, with warnings when they disagree.

The results count frames of the analysed media at the media's fps (the ``media``
table, else assumed to be the video's). A video at another fps gets the results'
frames mapped by time (result frame ``f`` is drawn at video frame ``f * video_fps /
media_fps``), and a warning says so; frame counts, sizes, and a segment timing that
implies another fps are checked too. Nothing is ever shifted silently.

>>> import pandas as pd
>>> from pathlib import Path
>>> info = VideoInfo(Path("v.mp4"), 25.0, 640, 360, 300)
>>> media = pd.DataFrame({"job_id": ["j"], "fps": [50.0], "total_frames": [600],
...                       "width": [640], "height": [360]})
>>> seg = pd.DataFrame({"job_id": ["j"], "frame_end": [600], "time_end": [12.0]})
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     frame_ratio(info, seg, media)
0.5
>>> print(caught[0].message)  # doctest: +ELLIPSIS
v.mp4 plays at 25 fps but the results' media at 50 fps: ... (mapped by time)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .errors import OverlayWarning
from .geometry import clip_detections
from .results import as_tables, scale_frames, select_module
from .video import VideoInfo

__all__ = ["align", "frame_ratio", "media_row", "positive_number"]


def _warn(message: str) -> None:
    warnings.warn(message, OverlayWarning, stacklevel=5)


def positive_number(value: Any) -> float | None:
    """``value`` as a finite number > 0 (an fps, a size), else None.

    >>> [positive_number(v) for v in ("25", 0, None, "nan")]
    [25.0, None, None, None]
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def media_row(media: Any, segments: pd.DataFrame) -> Mapping[str, Any] | None:
    """The media of the results: a row of the ``media`` table (matching job and source,
    video first), a row given as is (dict or Series), a bare fps number, or None.

    >>> media_row(25.0, pd.DataFrame())
    {'fps': 25.0}
    """
    if media is None:
        return None
    if isinstance(media, int | float):
        return {"fps": float(media)}
    if isinstance(media, Mapping | pd.Series):
        return dict(media)
    table = pd.DataFrame(media)
    for column, values in (("job_id", segments.get("job_id")), ("source", segments.get("source"))):
        if column in table.columns and values is not None:
            wanted = set(pd.Series(values).dropna().astype(str))
            matched = table[table[column].astype(str).isin(wanted)]
            table = matched if len(matched) else table
    if "media_type" in table.columns:
        videos = table[table["media_type"].astype(str) == "video"]
        table = videos if len(videos) else table
    if not len(table):
        _warn("the media table has no row for these results; the video's fps is used")
        return None
    return table.iloc[0].to_dict()


def _implied_fps(segments: pd.DataFrame) -> float | None:
    if not {"frame_end", "time_end"} <= set(segments.columns):
        return None
    frames = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
    times = segments["time_end"].to_numpy(np.float64, na_value=np.nan)
    ok = (frames > 0) & (times > 0)
    return float(np.median(frames[ok] / times[ok])) if ok.any() else None


def _differs(a: float, b: float, tolerance: float = 1e-3) -> bool:
    return abs(a - b) > tolerance * max(abs(a), abs(b))


def _check_media(info: VideoInfo, row: Mapping[str, Any], ratio: float) -> None:
    total = positive_number(row.get("total_frames"))
    if total is not None and info.frame_count and abs(total * ratio - info.frame_count) > 1:
        _warn(f"{info.path.name} has {info.frame_count} frames but the results' media "
              f"{int(total)}: boxes may not line up with the faces (is it the same media?)")
    size = (positive_number(row.get("width")), positive_number(row.get("height")))
    if None not in size and size != (float(info.width), float(info.height)):
        _warn(f"{info.path.name} is {info.width}x{info.height} but the results' media "
              f"{int(size[0])}x{int(size[1])}: boxes are scaled to the video "  # type: ignore[arg-type]
              "(they are normalized), check the aspect ratio")


def frame_ratio(info: VideoInfo, segments: pd.DataFrame, media: Any = None) -> float:
    """Video frames per result frame: ``video fps / media fps`` (1.0 without media).

    Warns (OverlayWarning) when the fps, frame count or size of ``media`` disagree with
    the video, or, without media, when the segments' ``frame_end / time_end`` imply
    another fps than the video's.

    >>> from pathlib import Path
    >>> frame_ratio(VideoInfo(Path("v.mp4"), 25.0, 64, 36, 30), pd.DataFrame(), None)
    1.0
    """
    row = media_row(media, segments)
    media_fps = positive_number(row.get("fps")) if row else None
    video_fps = info.fps if info.fps > 0 else None
    ratio = 1.0
    if media_fps and video_fps and _differs(media_fps, video_fps):
        ratio = video_fps / media_fps
        _warn(f"{info.path.name} plays at {video_fps:g} fps but the results' media at "
              f"{media_fps:g} fps: result frame f is drawn at video frame "
              f"round(f * {video_fps:g} / {media_fps:g}) (mapped by time)")
    if row:
        _check_media(info, row, ratio)
    elif video_fps:
        implied = _implied_fps(segments)
        if implied and _differs(implied, video_fps, 0.01):
            _warn(f"the results' segments imply {implied:g} fps (frame_end / time_end) but "
                  f"{info.path.name} plays at {video_fps:g} fps; boxes are drawn at the "
                  "results' frame numbers: pass media= (the media table) to map them by time")
    return ratio


def _check_end(info: VideoInfo, segments: pd.DataFrame) -> None:
    ends = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
    last = np.nanmax(ends) if np.isfinite(ends).any() else None
    if last is not None and info.frame_count and last > info.frame_count + 1:
        _warn(f"the results reach frame {int(last)} but {info.path.name} has "
              f"{info.frame_count} frames: boxes past its end are not drawn")


def align(info: VideoInfo, results: object, media: Any = None,
          module: str | Iterable[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(segments, detections)`` of ``module`` with frame numbers in the video's frames
    and boxes clipped to [0, 1] (counted in an OverlayWarning).

    >>> from pathlib import Path
    >>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [10]})
    >>> det = pd.DataFrame({"segment_id": ["s"], "frame_index": [0], "x": 0.1, "y": 0.1,
    ...                     "w": 0.1, "h": 0.1})
    >>> info = VideoInfo(Path("v.mp4"), 25.0, 64, 36, 30)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", OverlayWarning)
    ...     segments, detections = align(info, (seg, det), media=50)
    >>> segments["frame_end"].tolist()
    [5]
    """
    segments, detections = select_module(*as_tables(results), module)
    detections = clip_detections(detections, stacklevel=5)
    ratio = frame_ratio(info, segments, media)
    segments, detections = scale_frames(segments, detections, ratio)
    _check_end(info, segments)
    return segments, detections
