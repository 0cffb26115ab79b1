"""Independent expectations for the track tests, computed frame by frame from the tables.

Nothing here calls deepva_frames.tracks: who is visible on frame n is read straight off
the segments (``frame_start <= n < frame_end``), and a cue is judged the way a player
judges it (shown on frame n when ``start <= n / fps < end``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

FACE = "face_recognition"


def expected_label(person: object, closest: object) -> str:
    """The label of a face as the overlay writes it: the name, or "? closest" / "unknown"."""
    def missing(value: object) -> bool:
        return value is None or (isinstance(value, float) and math.isnan(value)) \
            or pd.isna(value) or str(value).strip().lower() in ("", "unknown")
    if not missing(person):
        return str(person)
    return f"? {closest}" if not missing(closest) else "unknown"


def faces_of(segments: pd.DataFrame) -> pd.DataFrame:
    """The face-recognition segments (what the tracks use by default)."""
    faces = segments[segments["module"].astype(str) == FACE]
    return faces if len(faces) else segments


def labels_per_frame(segments: pd.DataFrame, label_of=None) -> list[frozenset[str]]:
    """``sets[n]``: the labels visible on frame n (0 .. last frame_end - 1)."""
    label_of = label_of or (lambda row: expected_label(row.person, row.closest_person))
    end = int(segments["frame_end"].max()) if len(segments) else 0
    sets: list[set[str]] = [set() for _ in range(end)]
    for row in segments.itertuples(index=False):
        label = label_of(row)
        if label is None:
            continue
        for n in range(int(row.frame_start), int(row.frame_end)):
            sets[n].add(label)
    return [frozenset(s) for s in sets]


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    """``[start, end)`` runs of True."""
    out, start = [], None
    for n, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = n
        elif not flag and start is not None:
            out.append((start, n))
            start = None
    return out


def active_at(cues: list[tuple[int, int, object]], frame: int, fps: float) -> list[object]:
    """The payloads of the cues (start ms, end ms, payload) a player shows on ``frame``."""
    t = frame * 1000.0 / fps
    return [payload for start, end, payload in cues if start <= t + 1e-6 and t + 1e-6 < end]


def frames_of_media(media: pd.DataFrame) -> tuple[float, int, int, int]:
    """``(fps, width, height, total_frames)`` of a job's media row."""
    row = media.iloc[0]
    return float(row["fps"]), int(row["width"]), int(row["height"]), int(row["total_frames"])


def pixel_box(x: float, y: float, w: float, h: float, size: tuple[int, int]) -> np.ndarray:
    """A normalized box's pixel corners (inclusive), rounded as a raster would."""
    width, height = size
    return np.array([round(x * width), round(y * height), round((x + w) * width) - 1,
                     round((y + h) * height) - 1])
