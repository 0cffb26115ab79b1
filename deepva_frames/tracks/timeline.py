"""One job's timeline: its segments, who each segment is, and the media's fps and size.

Tracks are written per media timeline (one job and source). Times come from the
segments' frames at the media's fps, never from the API's rounded seconds. A frame
boundary ``f`` becomes the time ``f / fps`` rounded *down* to the format's unit
(1 ms for WebVTT, SRT and ELAN, 10 ms for ASS): a player shows a cue on a frame when
``start <= frame time < end``, so the cue starts exactly on frame ``f`` and ends exactly
before frame ``f_end``, also at 29.97 fps.

>>> boundary_ms(2, 29.97), boundary_ms(2, 29.97, unit_ms=10), boundary_ms(140, 25)
(66, 60, 5600)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import DeepVAError
from ..overlay.model import (
    VideoInfo,
    as_tables,
    is_unknown,
    label_text,
    media_row,
    positive_number,
    select_module,
)

__all__ = ["UNKNOWN", "Timeline", "TracksError", "boundary_ms", "person_labels",
           "timeline"]

Unknown = Literal["label", "own", "closest_person", "drop"]
UNKNOWN_MODES: tuple[str, ...] = ("label", "own", "closest_person", "drop")
UNKNOWN = "unknown"
_EPS = 1e-6


class TracksError(DeepVAError, ValueError):
    """Results that cannot be made into a track (no fps, several jobs, a bad option)."""


def boundary_ms(frame: int, fps: float, *, unit_ms: int = 1) -> int:
    """Time of frame boundary ``frame`` in ms, rounded down to a multiple of ``unit_ms``.

    >>> boundary_ms(1798, 29.97), boundary_ms(3, 50, unit_ms=10)
    (59993, 60)
    """
    units = math.floor(frame * 1000.0 / (fps * unit_ms) + _EPS)
    return int(units * unit_ms)


@dataclass(frozen=True)
class Timeline:
    """The segments of one job and source, with a ``label`` per segment (who it is, as
    the tracks show it), and the media's ``fps``, ``width`` and ``height`` (None when
    unknown), ``frames`` (total, None when unknown) and ``source``.
    """

    job_id: str
    source: str
    segments: pd.DataFrame
    detections: pd.DataFrame
    fps: float
    width: int | None
    height: int | None
    frames: int | None

    def video_info(self) -> VideoInfo:
        """The media as the overlay's :class:`~deepva_frames.overlay.VideoInfo` (its size
        is needed: ASS tracks draw at the media's resolution)."""
        if not (self.width and self.height):
            raise TracksError(f"job {self.job_id}: the media's size is unknown; pass "
                              "media= (the media table, with width and height)")
        return VideoInfo(Path(self.source or "media"), self.fps, self.width, self.height,
                         self.frames or 0)


def person_labels(segments: pd.DataFrame, unknown: Unknown = "label") -> pd.Series:
    """Who each segment shows, as the tracks name them (None: left out).

    ``unknown`` decides unknown faces: ``"label"`` names them as the overlay labels them
    (``"? <closest person>"``, or ``"unknown"``), ``"own"`` puts them all under
    ``"unknown"``, ``"closest_person"`` counts them as their closest person (when the
    API suggests one), ``"drop"`` leaves them out.

    >>> seg = pd.DataFrame({"person": ["Ann", "unknown", None],
    ...                     "closest_person": [None, "Bo", None]})
    >>> person_labels(seg).tolist(), person_labels(seg, "closest_person").tolist()
    (['Ann', '? Bo', 'unknown'], ['Ann', 'Bo', 'unknown'])
    """
    if unknown not in UNKNOWN_MODES:
        raise TracksError(f"unknown= must be one of {', '.join(UNKNOWN_MODES)}, "
                          f"not {unknown!r}")
    people = segments["person"].astype(object).tolist()
    closest = segments["closest_person"].astype(object).tolist()
    labels: list[str | None] = []
    for person, near in zip(people, closest, strict=True):
        if not is_unknown(person):
            labels.append(str(person))
        elif unknown == "label":
            labels.append(label_text(person, near, fields=("person", "closest_person")))
        elif unknown == "closest_person" and not is_unknown(near):
            labels.append(str(near))
        else:
            labels.append(None if unknown == "drop" else UNKNOWN)
    return pd.Series(labels, index=segments.index, dtype=object)


def _one(values: pd.Series, what: str, fallback: str) -> str:
    found = sorted({str(v) for v in values.dropna()})
    if len(found) > 1:
        raise TracksError(f"tracks are made per job and source, but the results hold "
                          f"{len(found)} {what}s ({', '.join(found[:4])}); select one")
    return found[0] if found else fallback


def _fps(row: Any, segments: pd.DataFrame, job_id: str) -> float:
    fps = positive_number(row.get("fps")) if row else None
    if fps is None and len(segments):
        frames = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
        times = segments.get("time_end", pd.Series(np.nan, index=segments.index))
        ratio = frames / times.to_numpy(np.float64, na_value=np.nan)
        ratio = ratio[np.isfinite(ratio) & (ratio > 0)]
        fps = float(np.median(ratio)) if len(ratio) else None
    if fps is None:
        raise TracksError(f"job {job_id}: no fps for its media; pass media= (the media "
                          "table, or the fps as a number)")
    return fps


def _size(row: Any, key: str) -> int | None:
    value = positive_number(row.get(key)) if row else None
    return int(value) if value else None


def _chosen(labelled: pd.DataFrame, persons: Iterable[str], unknown: Unknown) -> pd.Series:
    """Segments whose person (``"unknown"`` for unknown faces; their closest person with
    ``unknown="closest_person"``) or label is among ``persons``."""
    wanted = {persons} if isinstance(persons, str) else set(persons)
    person = labelled["person"].astype(object)
    names = person.where(~person.map(is_unknown), UNKNOWN)
    if unknown == "closest_person":
        names = labelled["label"]
    return names.isin(wanted) | labelled["label"].isin(wanted)


def timeline(results: object, media: Any = None, *, module: str | Iterable[str] | None = None,
             persons: Iterable[str] | None = None, unknown: Unknown = "label") -> Timeline:
    """The :class:`Timeline` of ``results`` (a DetailedResults or ``(segments,
    detections)``) for ``module`` (default: face_recognition when present, as the overlay),
    keeping only ``persons`` (names after ``unknown`` is applied; ``"unknown"`` keeps
    unknown faces) when given. ``media``: the media table, a row of it, or an fps.

    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a", "b"], "frame_start": [0, 5],
    ...                     "frame_end": [10, 20], "person": ["Ann", "Bo"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> line = timeline((seg, det), 25, persons=["Bo"])
    >>> line.segments["label"].tolist(), line.fps
    (['Bo'], 25.0)
    """
    segments, detections = select_module(*as_tables(results), module)
    job_id = _one(segments["job_id"], "job", "")
    source = _one(segments["source"], "source", "") if "source" in segments else ""
    row = media_row(media, segments)
    labelled = segments.assign(label=person_labels(segments, unknown))
    keep = labelled["label"].notna() & labelled["frame_start"].notna()
    keep &= labelled["frame_end"].notna()
    if persons is not None:
        keep &= _chosen(labelled, persons, unknown)
    labelled = labelled[keep.to_numpy(bool)]
    source = source or str((row or {}).get("source") or "")
    return Timeline(job_id, source, labelled.reset_index(drop=True),
                    detections[detections["segment_id"].isin(labelled["segment_id"])],
                    _fps(row, segments, job_id), _size(row, "width"), _size(row, "height"),
                    _size(row, "total_frames"))
