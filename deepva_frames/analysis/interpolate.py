"""Per-frame boxes between a segment's sampled detections.

DeepVA samples a face's box every few frames (every 12 at 25 fps). The box at a
frame in between is the linear interpolation of its two neighbours (in x, y, w, h);
with the segments table given, the last sampled box is held until the segment's
``frame_end`` (exclusive). Two segments are never blended, even of the same person.

>>> import pandas as pd
>>> detections = pd.DataFrame({"job_id": "j", "segment_id": "s", "frame_index": [0, 4],
...                            "x": [0.0, 0.4], "y": 0.5, "w": 0.1, "h": 0.2})
>>> boxes = interpolate_detections(detections)
>>> boxes["x"].round(3).tolist(), boxes["interpolated"].tolist()
([0.0, 0.1, 0.2, 0.3, 0.4], [False, True, True, True, False])
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["interpolate_detections"]

KEYS = ["job_id", "segment_id"]
COORDS = ["x", "y", "w", "h"]
REQUIRED = ("segment_id", "frame_index", *COORDS)


def _samples(detections: pd.DataFrame) -> pd.DataFrame:
    """The sampled detections, one per (job_id, segment_id, frame_index), sorted."""
    missing = [c for c in REQUIRED if c not in detections.columns]
    if missing:
        raise ValueError(f"detections lack column(s) {', '.join(missing)}")
    det = detections.loc[:, [c for c in [*KEYS, "frame_index", *COORDS]
                             if c in detections.columns]]
    if "job_id" not in det.columns:
        det.insert(0, "job_id", pd.Series(pd.NA, index=det.index, dtype="string"))
    det = det[det["frame_index"].notna()]
    det = det.astype({"frame_index": "int64", **dict.fromkeys(COORDS, "float64")})
    det = det.sort_values([*KEYS, "frame_index"], kind="stable", na_position="first")
    return det.drop_duplicates([*KEYS, "frame_index"]).reset_index(drop=True)


def _with_bounds(det: pd.DataFrame, segments: pd.DataFrame | None) -> pd.DataFrame:
    """Add frame_start/frame_end of each detection's segment; drop detections outside it."""
    if segments is None:
        return det.assign(frame_start=np.nan, frame_end=np.nan)
    missing = [c for c in ("segment_id", "frame_start", "frame_end") if c not in segments]
    if missing:
        raise ValueError(f"segments lack column(s) {', '.join(missing)}")
    keys = [k for k in KEYS if k in segments.columns]
    bounds = segments.loc[:, [*keys, "frame_start", "frame_end"]].drop_duplicates(keys)
    bounds = bounds.astype({"frame_start": "float64", "frame_end": "float64",
                            **{k: det[k].dtype for k in keys}})
    det = det.merge(bounds, on=keys, how="left", sort=False)
    frames = det["frame_index"].to_numpy()
    inside = ~((frames < det["frame_start"].to_numpy()) | (frames >= det["frame_end"].to_numpy()))
    return det[inside].reset_index(drop=True)


def _spans(det: pd.DataFrame, step: int) -> tuple[np.ndarray, ...]:
    """Per sample: next sample's frame, is-last-of-segment, first grid frame, frame count."""
    frames = det["frame_index"].to_numpy()
    group = det.groupby(KEYS, sort=False, dropna=False).ngroup().to_numpy()
    last = np.ones(len(det), dtype=bool)
    last[:-1] = group[1:] != group[:-1]
    nxt = np.empty_like(frames)
    nxt[:-1] = frames[1:]
    ends = det["frame_end"].to_numpy()
    hold_to = np.where(np.isnan(ends), frames + 1, np.nan_to_num(ends)).astype(np.int64)
    stop = np.where(last, hold_to, nxt)
    first = -(-frames // step) * step
    count = np.maximum(0, -(-(stop - first) // step))
    return nxt, last, first, count


def _expand(det: pd.DataFrame, step: int, kind: str) -> pd.DataFrame:
    """One row per output frame, linear (or held) between a sample and the next."""
    nxt, last, first, count = _spans(det, step)
    rows = np.repeat(np.arange(len(det)), count)
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    frames = first[rows] + offsets * step
    base = det["frame_index"].to_numpy()
    span = np.where(last, 1, nxt - base)[rows]
    t = (frames - base[rows]) / span
    if kind == "previous":
        t = np.zeros_like(t)
    t = np.where(last[rows], 0.0, t)
    out = {k: det[k].take(rows).reset_index(drop=True) for k in KEYS}
    out["frame_index"] = pd.array(frames, dtype="Int64")
    nrows = np.minimum(rows + 1, max(len(det) - 1, 0))
    for c in COORDS:
        values = det[c].to_numpy()
        a, b = values[rows], values[nrows]
        out[c] = np.where(t == 0.0, a, a + t * (b - a))
    out["interpolated"] = frames != base[rows]
    return pd.DataFrame(out)


def interpolate_detections(detections: pd.DataFrame, fps: float | None = None, step: int = 1,
                           *, segments: pd.DataFrame | None = None,
                           kind: Literal["linear", "previous"] = "linear") -> pd.DataFrame:
    """Per-frame boxes between each segment's sampled detections (vectorised).

    Returns one row per segment and frame: ``job_id, segment_id, frame_index, x, y, w,
    h, interpolated`` (False at sampled frames, whose boxes are kept as they are), plus
    ``time`` (``frame_index / fps``, seconds) when ``fps`` is given. Boxes are linear in
    x, y, w, h between two sampled detections of the same segment (``kind="previous"``
    holds each sampled box until the next instead), never across segments.

    Without ``segments`` a segment's boxes end at its last sampled detection. With
    ``segments`` (the segments table) the last box is held until the segment's
    ``frame_end`` (exclusive), and detections outside ``[frame_start, frame_end)`` are
    dropped: no box falls outside its segment. Detections of a segment missing from
    ``segments`` are kept, without the hold.

    ``step`` thins the output to frames that are multiples of ``step`` (the same grid for
    every segment, so that frames of different segments line up). A segment's repeated
    ``frame_index`` keeps its first detection; rows without a frame_index are dropped.

    >>> import pandas as pd
    >>> det = pd.DataFrame({"job_id": "j", "segment_id": ["a", "a", "b"],
    ...                     "frame_index": [0, 10, 5], "x": [0.1, 0.3, 0.9],
    ...                     "y": 0.2, "w": 0.1, "h": 0.1})
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a", "b"],
    ...                     "frame_start": [0, 5], "frame_end": [12, 7]})
    >>> out = interpolate_detections(det, fps=25, step=5, segments=seg)
    >>> out[["segment_id", "frame_index", "x", "time", "interpolated"]].values.tolist()
    [['a', 0, 0.1, 0.0, False], ['a', 5, 0.2, 0.2, True], ['a', 10, 0.3, 0.4, False],
     ['b', 5, 0.9, 0.2, False]]
    """
    if int(step) != step or step < 1:
        raise ValueError(f"step must be a positive integer, not {step!r}")
    if fps is not None and not (np.isfinite(fps) and fps > 0):
        raise ValueError(f"fps must be a positive number, not {fps!r}")
    if kind not in ("linear", "previous"):
        raise ValueError(f"kind must be 'linear' or 'previous', not {kind!r}")
    det = _with_bounds(_samples(detections), segments)
    out = _expand(det, int(step), kind)
    if fps is not None:
        out["time"] = out["frame_index"].to_numpy(dtype="float64") / float(fps)
    return out
