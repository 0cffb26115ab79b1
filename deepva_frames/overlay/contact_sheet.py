"""A contact sheet: one row of face crops per person, for checking identities and unknowns.

Each row is labelled with the person (unknown faces as ``"? <closest_person>"``, in
their own rows) and holds up to ``per_person`` crops of sampled detections, spread
evenly over the person's appearances, each captioned with its time in the video.

>>> from deepva_frames import flatten
>>> from deepva_frames.sample import sample_store_path, sample_video_path
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> results = flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
>>> sheet = contact_sheet(sample_video_path(), results, per_person=4)
>>> sheet.ndim, sheet.dtype.name
(3, 'uint8')
>>> face_groups(results.segments[results.segments["module"] == "face_recognition"])
['Mara Lindqvist', 'Tobias Brenner', '? Henrik Vass']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pandas as pd

from .annotator import BoxAnnotator, _dashed_rect
from .errors import OutputError, ResultsError
from .files import check_output, temp_beside
from .geometry import clip_boxes
from .labels import ascii_text, is_unknown
from .results import detections_of
from .timing import align
from .video import open_video, read_frames

__all__ = ["contact_sheet", "face_groups", "group_of"]

FONT = cv2.FONT_HERSHEY_SIMPLEX
BACKGROUND = (32, 32, 32)
TILE_BACKGROUND = (48, 48, 48)
TEXT = (235, 235, 235)
GAP = 8
CAPTION_H = 18
TITLE_H = 30
MARGIN = 0.15


def group_of(person: object, closest_person: object) -> str:
    """The row a face goes in: the person, or ``"? <closest_person>"`` for an unknown.

    >>> group_of("unknown", "Henrik Vass"), group_of(None, None), group_of("Ann", None)
    ('? Henrik Vass', 'unknown', 'Ann')
    """
    if not is_unknown(person):
        return str(person)
    return "unknown" if is_unknown(closest_person) else f"? {closest_person}"


def _groups(segments: pd.DataFrame) -> pd.Series:
    return pd.Series([group_of(p, c) for p, c in zip(
        segments["person"].astype(object), segments["closest_person"].astype(object),
        strict=True)], index=segments.index, dtype=object)


def face_groups(segments: pd.DataFrame) -> list[str]:
    """The contact sheet's rows for ``segments``: known people by name, then unknowns.

    >>> face_groups(pd.DataFrame({"person": ["B", "unknown", "A"],
    ...                           "closest_person": [None, "B", None]}))
    ['A', 'B', '? B']
    """
    names = set(_groups(segments))
    return sorted(names, key=lambda g: (g.startswith("?") or g == "unknown", g))


def _wanted(groups: pd.Series, segments: pd.DataFrame, person: Any) -> pd.Series:
    if person is None:
        return pd.Series(True, index=groups.index)
    names = {person} if isinstance(person, str) else set(person)
    closest = segments["closest_person"].astype(object)
    return groups.isin(names) | (closest.isin(names) & groups.str.startswith("?"))


def _picks(segments: pd.DataFrame, detections: pd.DataFrame, person: Any, per_person: int,
           frame_count: int) -> pd.DataFrame:
    """The detections to crop: up to ``per_person`` per group, evenly spread in time."""
    groups = _groups(segments)
    chosen = segments.assign(group=groups)[_wanted(groups, segments, person).to_numpy()]
    similarity = pd.to_numeric(chosen["mean_similarity"], errors="coerce")
    chosen = chosen.assign(group_similarity=similarity.groupby(chosen["group"]).transform("mean"))
    if chosen.empty:
        names = ", ".join(face_groups(segments)) or "none"
        raise ResultsError(f"no faces of {person!r} in the results (people: {names})")
    det = detections_of(chosen, detections).merge(
        chosen[["job_id", "segment_id", "group", "group_similarity", "frame_start",
                "frame_end"]],
        on=["job_id", "segment_id"])
    f = det["frame_index"].to_numpy(np.float64, na_value=np.nan)
    inside = (f >= det["frame_start"].to_numpy(np.float64, na_value=-np.inf)) & (
        f < det["frame_end"].to_numpy(np.float64, na_value=np.inf))
    if frame_count:
        inside &= f < frame_count
    det = det[inside & (f >= 0)].sort_values(["group", "frame_index"], kind="stable")
    rows = []
    for _, part in det.groupby("group", sort=False):
        take = np.unique(np.linspace(0, len(part) - 1, min(per_person, len(part))).round())
        rows.append(part.iloc[take.astype(int)])
    return pd.concat(rows) if rows else det


def _tile(image: np.ndarray, xywh: np.ndarray, tile: int) -> np.ndarray:
    height, width = image.shape[:2]
    x, y, w, h = xywh
    box = np.array([[x - MARGIN * w, y - MARGIN * h, w * (1 + 2 * MARGIN), h * (1 + 2 * MARGIN)]])
    x0, y0, x1, y1 = clip_boxes(box)[0][0]
    crop = image[int(y0 * height):max(int(y1 * height), int(y0 * height) + 1),
                 int(x0 * width):max(int(x1 * width), int(x0 * width) + 1)]
    scale = tile / max(crop.shape[:2])
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    out = np.empty((tile, tile, 3), np.uint8)
    out[:] = TILE_BACKGROUND
    small = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    oy, ox = (tile - size[1]) // 2, (tile - size[0]) // 2
    out[oy:oy + size[1], ox:ox + size[0]] = small
    return out


def _crops(capture: Any, fps: float, picks: pd.DataFrame, tile: int) -> dict[Any, np.ndarray]:
    coords = picks[["x", "y", "w", "h"]].to_numpy(np.float64)
    frames = picks["frame_index"].to_numpy(np.int64)
    tiles: dict[Any, np.ndarray] = {}
    for index, image in read_frames(capture, frames.tolist(), fps):
        for row in np.flatnonzero(frames == index):
            tiles[picks.index[row]] = _tile(image, coords[row], tile)
    return tiles


def _text(sheet: np.ndarray, text: str, origin: tuple[int, int], scale: float = 0.45,
          color: tuple[int, int, int] = TEXT, max_width: int | None = None) -> None:
    text = ascii_text(text)
    while max_width and len(text) > 3 and cv2.getTextSize(text, FONT, scale, 1)[0][0] > max_width:
        text = text[:-2] + "~"
    cv2.putText(sheet, text, origin, FONT, scale, color, 1, cv2.LINE_AA)


def _header(sheet: np.ndarray, group: str, part: pd.DataFrame, y: int, width: int,
            annotator: BoxAnnotator) -> None:
    color = annotator.color("unknown" if group.startswith("?") or group == "unknown" else group)
    cv2.rectangle(sheet, (GAP, y + 6), (GAP + 12, y + 18), color, -1)
    _text(sheet, group, (GAP + 20, y + 17), 0.5, max_width=width - GAP - 24)
    similarity = part["group_similarity"].iloc[0]
    info = f"{len(part)} crop(s)" + (f", sim {similarity:.2f}" if pd.notna(similarity) else "")
    _text(sheet, info, (GAP + 20, y + 37), 0.4, (170, 170, 170), width - GAP - 24)


def _compose(picks: pd.DataFrame, tiles: dict[Any, np.ndarray], per_person: int, tile: int,
             annotator: BoxAnnotator, fps: float, title: str) -> np.ndarray:
    groups = face_groups(picks.assign(person=picks["group"], closest_person=None))
    widths = [cv2.getTextSize(ascii_text(g), FONT, 0.5, 1)[0][0] for g in groups]
    header = int(np.clip(max(widths, default=100) + 36, 140, 320))
    row_h = tile + CAPTION_H + GAP
    sheet = np.empty((TITLE_H + len(groups) * row_h + GAP,
                      header + per_person * (tile + GAP) + GAP, 3), np.uint8)
    sheet[:] = BACKGROUND
    _text(sheet, title, (GAP, 20), 0.55, max_width=sheet.shape[1] - 2 * GAP)
    thickness = 2
    for r, group in enumerate(groups):
        y = TITLE_H + r * row_h
        part = picks[picks["group"] == group]
        _header(sheet, group, part, y, header, annotator)
        color = annotator.color("unknown" if group.startswith("?") else group)
        for c, (label, frame_index) in enumerate(zip(part.index, part["frame_index"],
                                                     strict=True)):
            x = header + c * (tile + GAP)
            sheet[y:y + tile, x:x + tile] = tiles[label]
            box = (x, y, x + tile - 1, y + tile - 1)
            if group.startswith("?") or group == "unknown":
                _dashed_rect(sheet, box, color, thickness)
            else:
                cv2.rectangle(sheet, box[:2], box[2:], color, thickness)
            seconds = int(frame_index) / fps if fps > 0 else float("nan")
            _text(sheet, f"{seconds:.2f} s  #{int(frame_index)}", (x + 2, y + tile + 13), 0.38)
    return sheet


def _image_output(out_path: str | os.PathLike[str]) -> Path:
    out = check_output(out_path)
    if not cv2.haveImageWriter(str(out)):
        raise OutputError(out, f"OpenCV cannot write {out.suffix} images (use .png)")
    return out


def _write_image(out: Path, sheet: np.ndarray) -> None:
    try:
        ok, data = cv2.imencode(out.suffix.lower(), sheet)
    except cv2.error as exc:
        raise OutputError(out, f"OpenCV cannot write {out.suffix} images: {exc}") from None
    if not ok:
        raise OutputError(out, f"OpenCV cannot write {out.suffix} images (use .png)")
    with temp_beside(out) as tmp:
        tmp.write_bytes(data.tobytes())


def contact_sheet(video: str | os.PathLike[str], results: object,
                  person: str | Iterable[str] | None = None, per_person: int = 8, *,
                  out_path: str | os.PathLike[str] | None = None, media: Any = None,
                  module: str | Iterable[str] | None = None,
                  annotator: BoxAnnotator | None = None, tile: int = 96) -> np.ndarray:
    """A grid of face crops, one labelled row per person, as a BGR image array.

    ``person``: a name or names to show (an unknown face whose closest_person is one of
    them is shown too, in its own ``"? <name>"`` row); None for everyone. ``per_person``:
    crops per row, taken from sampled detections spread evenly over the person's
    segments. ``out_path``: also write the image there (PNG; atomically). ``tile``:
    crop size in pixels. ``results``, ``media``, ``module`` as in :func:`render`;
    ``annotator`` gives the colours.

    >>> from deepva_frames import flatten
    >>> from deepva_frames.sample import sample_store_path, sample_video_path
    >>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
    >>> res = flatten.detailed_results(sample_store_path() / "jobs" / job / "detailed-results")
    >>> contact_sheet(sample_video_path(), res, person="Nobody")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.overlay.errors.ResultsError: no faces of 'Nobody' in the results (people: ...)
    """
    if per_person < 1 or tile < 8:
        raise ValueError(f"per_person must be >= 1 and tile >= 8, not {per_person}, {tile}")
    out = _image_output(out_path) if out_path is not None else None
    annotator = annotator or BoxAnnotator()
    with open_video(video) as (capture, info):
        segments, detections = align(info, results, media, module)
        picks = _picks(segments, detections, person, per_person, info.frame_count)
        tiles = _crops(capture, info.fps, picks, tile)
    title = f"{info.path.name}: faces per person"
    sheet = _compose(picks, tiles, per_person, tile, annotator, info.fps, title)
    if out is not None:
        _write_image(out, sheet)
    return sheet
