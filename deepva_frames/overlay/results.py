"""The ``results`` argument of the overlay: tables in, boxes per frame out.

``results`` is a :class:`~deepva_frames.flatten.DetailedResults` or a
``(segments, detections)`` pair of tidy tables (either order). Only the
``face_recognition`` segments are drawn when there are any (the diversity analysis
repeats the same faces), else every segment; ``module=`` chooses explicitly.

>>> import pandas as pd
>>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["s"], "module": ["face_recognition"],
...                     "frame_start": [0], "frame_end": [30], "person": ["Ann"]})
>>> det = pd.DataFrame({"job_id": "j", "segment_id": "s", "frame_index": [0, 10],
...                     "x": [0.1, 0.3], "y": 0.2, "w": 0.2, "h": 0.3})
>>> boxes_at((seg, det), 5)[["segment_id", "x", "person", "interpolated"]].values.tolist()
[['s', 0.2, 'Ann', True]]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..analysis.interpolate import interpolate_detections
from .errors import ResultsError
from .geometry import clip_boxes, warn_clipped

__all__ = ["FrameBoxes", "as_tables", "boxes_at", "detections_of", "plan_boxes", "scale_frames",
           "select_module"]

FACE_MODULE = "face_recognition"
SEGMENT_COLUMNS = ("segment_id", "frame_start", "frame_end")
DETECTION_COLUMNS = ("segment_id", "frame_index", "x", "y", "w", "h")
LABEL_COLUMNS = ("person", "closest_person", "mean_similarity")


def _is_table(obj: object, columns: Iterable[str]) -> bool:
    return isinstance(obj, pd.DataFrame) and set(columns) <= set(obj.columns)


def as_tables(results: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(segments, detections)`` from a DetailedResults or a pair of tables.

    >>> seg = pd.DataFrame(columns=["segment_id", "frame_start", "frame_end"])
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> [len(t.columns) for t in as_tables((det, seg))]
    [8, 7]
    """
    pair = (getattr(results, "segments", None), getattr(results, "detections", None))
    if pair[0] is None and isinstance(results, tuple | list) and len(results) == 2:
        pair = (results[0], results[1])
    first, second = pair
    if _is_table(second, SEGMENT_COLUMNS) and _is_table(first, DETECTION_COLUMNS):
        first, second = second, first
    if not (_is_table(first, SEGMENT_COLUMNS) and _is_table(second, DETECTION_COLUMNS)):
        raise ResultsError(
            "results must be a DetailedResults (flatten.detailed_results / "
            "Client.detailed_results) or a (segments, detections) pair of tables with "
            f"columns {', '.join(SEGMENT_COLUMNS)} and {', '.join(DETECTION_COLUMNS)}; "
            f"got {type(results).__name__}")
    return _complete(first, ("job_id", "module", *LABEL_COLUMNS)), _complete(second, ("job_id",))


def _complete(table: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    missing = {c: pd.Series(pd.NA, index=table.index, dtype=object)
               for c in columns if c not in table.columns}
    return table.assign(**missing) if missing else table


def select_module(segments: pd.DataFrame, detections: pd.DataFrame,
                  module: str | Iterable[str] | None = None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The segments (and their detections) of ``module``; None: face_recognition if any.

    >>> seg = pd.DataFrame({"segment_id": ["a", "b"], "module": ["x", "y"]})
    >>> det = pd.DataFrame({"segment_id": ["a", "b"]})
    >>> select_module(seg, det, "y")[1]["segment_id"].tolist()
    ['b']
    """
    modules = segments["module"].astype(object)
    if module is None:
        if not (modules == FACE_MODULE).any():
            return segments, detections
        wanted = {FACE_MODULE}
    else:
        wanted = {module} if isinstance(module, str) else set(module)
    segments = segments[modules.isin(wanted).to_numpy()]
    return segments, detections_of(segments, detections)


def _keys(table: pd.DataFrame) -> pd.MultiIndex:
    ids = pd.DataFrame({k: (table[k].astype(object) if k in table.columns else "")
                        for k in ("job_id", "segment_id")}, index=table.index)
    return pd.MultiIndex.from_frame(ids.where(ids.notna(), ""))


def detections_of(segments: pd.DataFrame, detections: pd.DataFrame) -> pd.DataFrame:
    """The detections of ``segments`` (matched on job_id and segment_id).

    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"]})
    >>> det = pd.DataFrame({"job_id": "j", "segment_id": ["a", "b"]})
    >>> detections_of(seg, det)["segment_id"].tolist()
    ['a']
    """
    return detections[_keys(detections).isin(_keys(segments))]


def scale_frames(segments: pd.DataFrame, detections: pd.DataFrame, ratio: float
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Frame numbers of the results mapped to the video's (multiplied by ``ratio``).

    >>> seg = pd.DataFrame({"frame_start": [0], "frame_end": [50]})
    >>> det = pd.DataFrame({"frame_index": [25]})
    >>> [t.iloc[0].tolist() for t in scale_frames(seg, det, 0.5)]
    [[0, 25], [12]]
    """
    if ratio == 1.0:
        return segments, detections
    def scaled(col: pd.Series) -> pd.Series:
        return pd.Series(np.rint(col.to_numpy(np.float64, na_value=np.nan) * ratio),
                         index=col.index).astype("Int64")
    segments = segments.assign(frame_start=scaled(segments["frame_start"]),
                               frame_end=scaled(segments["frame_end"]))
    return segments, detections.assign(frame_index=scaled(detections["frame_index"]))


@dataclass(frozen=True)
class FrameBoxes:
    """Boxes of every frame, ready to draw: sorted ``frames``, normalized ``xyxy`` corners
    (clipped to [0, 1]) and ``style_ids`` indexing the rows of ``labels`` (one per segment:
    person, closest_person, mean_similarity).
    """

    frames: np.ndarray
    xyxy: np.ndarray
    style_ids: np.ndarray
    labels: pd.DataFrame

    def rows(self, frame_index: int) -> slice:
        """The rows of ``frame_index`` (a slice into ``xyxy`` and ``style_ids``).

        >>> FrameBoxes(np.array([0, 2, 2]), np.zeros((3, 4)), np.zeros(3, int),
        ...            pd.DataFrame()).rows(2)
        slice(1, 3, None)
        """
        lo = int(np.searchsorted(self.frames, frame_index, "left"))
        hi = int(np.searchsorted(self.frames, frame_index, "right"))
        return slice(lo, hi)


def plan_boxes(segments: pd.DataFrame, detections: pd.DataFrame, *, interpolate: bool = True,
               frames: tuple[int, int] | None = None) -> FrameBoxes:
    """Per-frame boxes of segments, interpolated (or held) between sampled detections.

    Boxes reaching outside [0, 1] are clipped and counted in an OverlayWarning.
    ``frames=(start, stop)`` keeps only those frames.

    >>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [3],
    ...                     "person": ["Ann"]})
    >>> det = pd.DataFrame({"segment_id": "s", "frame_index": [0], "x": [0.1], "y": 0.1,
    ...                     "w": 0.2, "h": 0.2})
    >>> plan_boxes(*as_tables((seg, det))).frames.tolist()
    [0, 1, 2]
    """
    kind: Literal["linear", "previous"] = "linear" if interpolate else "previous"
    per_frame = interpolate_detections(detections, segments=segments, kind=kind)
    if frames is not None:
        f = per_frame["frame_index"].to_numpy(np.int64)
        per_frame = per_frame[(f >= frames[0]) & (f < frames[1])]
    labels = segments.drop_duplicates(["job_id", "segment_id"]).reset_index(drop=True)
    ids = _keys(labels).get_indexer(_keys(per_frame))
    xyxy, keep, clipped = clip_boxes(per_frame[["x", "y", "w", "h"]].to_numpy(np.float64))
    warn_clipped(clipped, len(per_frame), int((~keep).sum()), stacklevel=4)
    frame_no = per_frame["frame_index"].to_numpy(np.int64)[keep]
    order = np.argsort(frame_no, kind="stable")
    return FrameBoxes(frame_no[order], xyxy[keep][order], ids[keep][order],
                      labels[["segment_id", *LABEL_COLUMNS]])


def boxes_at(results: object, frame_index: int, *, interpolate: bool = True,
             module: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The boxes at ``frame_index`` (of the results), with the segment's labels.

    Columns: job_id, segment_id, frame_index, x, y, w, h, interpolated, module, person,
    closest_person, mean_similarity. No box outside its segment; ``interpolate=False``
    holds each sampled box until the next.

    >>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [3]})
    >>> det = pd.DataFrame({"segment_id": "s", "frame_index": [0], "x": 0.1, "y": 0.1,
    ...                     "w": 0.2, "h": 0.2})
    >>> len(boxes_at((seg, det), 2)), len(boxes_at((seg, det), 3))
    (1, 0)
    """
    segments, detections = select_module(*as_tables(results), module)
    start = segments["frame_start"].to_numpy(np.float64, na_value=np.nan)
    end = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
    live = segments[~((start > frame_index) | (end <= frame_index))]
    segments, detections = live, detections_of(live, detections)
    kind: Literal["linear", "previous"] = "linear" if interpolate else "previous"
    boxes = interpolate_detections(detections, segments=segments, kind=kind)
    boxes = boxes[boxes["frame_index"] == frame_index]
    info = segments[["job_id", "segment_id", "module", *LABEL_COLUMNS]]
    info = info.drop_duplicates(["job_id", "segment_id"]).astype({"job_id": object})
    return boxes.astype({"job_id": object}).merge(info, on=["job_id", "segment_id"],
                                                  how="left").reset_index(drop=True)
