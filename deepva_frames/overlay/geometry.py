"""Normalized boxes to pixels, with boxes outside [0, 1] clipped and counted.

>>> import numpy as np
>>> xyxy, keep, clipped = clip_boxes(np.array([[0.5, 0.5, 0.2, 0.2], [0.9, 0.9, 0.2, 0.2]]))
>>> xyxy.round(2).tolist(), keep.tolist(), clipped
([[0.5, 0.5, 0.7, 0.7], [0.9, 0.9, 1.0, 1.0]], [True, True], 1)
>>> to_pixels(xyxy, (100, 50)).tolist()
[[50, 25, 69, 34], [90, 45, 99, 49]]
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .errors import OverlayWarning

__all__ = ["clip_boxes", "clip_detections", "to_pixels", "warn_clipped"]

EPS = 1e-9


def clip_boxes(xywh: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Clip normalized ``(x, y, w, h)`` rows to the frame: ``(xyxy, keep, n_clipped)``.

    ``xyxy`` holds corners in [0, 1]; ``keep`` is False for rows without coordinates or
    left empty by the clip (wholly outside the frame); ``n_clipped`` counts rows that
    reached outside [0, 1] (those dropped included).

    >>> clip_boxes(np.array([[1.2, 0.0, 0.1, 0.1]]))[1:]
    (array([False]), 1)
    """
    xywh = np.asarray(xywh, dtype=np.float64).reshape(-1, 4)
    x0, y0 = xywh[:, 0], xywh[:, 1]
    x1, y1 = x0 + xywh[:, 2], y0 + xywh[:, 3]
    corners = np.stack([x0, y0, x1, y1], axis=1)
    finite = np.isfinite(corners).all(axis=1)
    outside = finite & ((corners < -EPS) | (corners > 1 + EPS)).any(axis=1)
    clipped = np.clip(corners, 0.0, 1.0)
    keep = finite & (clipped[:, 2] > clipped[:, 0]) & (clipped[:, 3] > clipped[:, 1])
    return clipped, keep, int(outside.sum())


def to_pixels(xyxy: np.ndarray, frame_size: tuple[int, int]) -> np.ndarray:
    """Normalized corners to int32 pixel corners ``(x0, y0, x1, y1)``, ends inclusive.

    >>> to_pixels(np.array([[0.0, 0.0, 1.0, 1.0]]), (640, 360)).tolist()
    [[0, 0, 639, 359]]
    """
    width, height = frame_size
    scale = np.array([width, height, width, height], dtype=np.float64)
    px = np.rint(np.asarray(xyxy, dtype=np.float64).reshape(-1, 4) * scale)
    px[:, 2:] -= 1
    px[:, 2] = np.maximum(px[:, 2], px[:, 0])
    px[:, 3] = np.maximum(px[:, 3], px[:, 1])
    upper = np.array([width - 1, height - 1, width - 1, height - 1])
    return np.clip(px, 0, upper).astype(np.int32)


def warn_clipped(n_clipped: int, total: int, n_dropped: int = 0, stacklevel: int = 3) -> None:
    """Warn (OverlayWarning) that ``n_clipped`` of ``total`` boxes reached outside the frame.

    >>> warn_clipped(0, 10)   # nothing to say
    """
    if n_clipped or n_dropped:
        message = (f"{n_clipped} of {total} box(es) reach outside the frame (coordinates "
                   "outside [0, 1]) and were clipped to it")
        if n_dropped:
            message += f"; {n_dropped} without coordinates or wholly outside were skipped"
        warnings.warn(message, OverlayWarning, stacklevel=stacklevel)


def clip_detections(detections: pd.DataFrame, stacklevel: int = 4) -> pd.DataFrame:
    """``detections`` with boxes clipped to [0, 1]; those without coordinates or wholly
    outside dropped; an OverlayWarning counts them.

    >>> det = pd.DataFrame({"x": [0.9, 0.1], "y": [0.1, 0.1], "w": [0.2, 0.1], "h": 0.1})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     clip_detections(det)["w"].round(2).tolist()
    [0.1, 0.1]
    >>> str(caught[0].message)[:40]
    '1 of 2 box(es) reach outside the frame ('
    """
    xywh = detections[["x", "y", "w", "h"]].to_numpy(np.float64, na_value=np.nan)
    xyxy, keep, clipped = clip_boxes(xywh)
    dropped = int((~keep).sum())
    warn_clipped(clipped, len(detections), dropped, stacklevel=stacklevel)
    if not clipped and not dropped:
        return detections
    out = detections.assign(x=xyxy[:, 0], y=xyxy[:, 1], w=xyxy[:, 2] - xyxy[:, 0],
                            h=xyxy[:, 3] - xyxy[:, 1])
    return out[keep]
