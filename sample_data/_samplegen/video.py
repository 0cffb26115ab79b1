"""The synthetic newsroom video: a calm studio with a drawn face wherever a box says."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from .jobs import FACE, VideoJob, face_colour

FACE_AXIS = 0.42          # ellipse semi-axes as a share of the box width and height
SHIFT = 4                 # sub-pixel precision of the drawing (1/16 px)


def box_at(detections: list[dict[str, Any]], frame: int) -> tuple[float, float, float, float]:
    """The box at ``frame``: linear between two sampled detections, held after the last."""
    before = [d for d in detections if d["frame_index"] <= frame]
    after = [d for d in detections if d["frame_index"] > frame]
    a = before[-1]
    keys = ("x", "y", "w", "h")
    if not after:
        return tuple(a["data"][k] for k in keys)
    b = after[0]
    t = (frame - a["frame_index"]) / (b["frame_index"] - a["frame_index"])
    return tuple(a["data"][k] + t * (b["data"][k] - a["data"][k]) for k in keys)


def _background(width: int, height: int) -> np.ndarray:
    rows = np.linspace(0.0, 1.0, height, dtype=np.float64)[:, None, None]
    top, bottom = np.array([92.0, 58.0, 34.0]), np.array([150.0, 104.0, 66.0])
    image = np.broadcast_to(top + rows * (bottom - top), (height, width, 3)).astype(np.uint8)
    image = np.ascontiguousarray(image)
    # a screen on the back wall (the studio monitor) and the anchor desk
    cv2.rectangle(image, (int(0.43 * width), int(0.08 * height)),
                  (int(0.57 * width), int(0.34 * height)), (70, 60, 56), -1)
    cv2.rectangle(image, (int(0.43 * width), int(0.08 * height)),
                  (int(0.57 * width), int(0.34 * height)), (40, 36, 34), 3)
    desk = np.array([[0.06, 0.74], [0.94, 0.74], [1.0, 1.0], [0.0, 1.0]]) * (width, height)
    cv2.fillConvexPoly(image, desk.astype(np.int32), (52, 70, 96))
    cv2.line(image, (int(0.06 * width), int(0.74 * height)),
             (int(0.94 * width), int(0.74 * height)), (96, 128, 160), 2)
    cv2.rectangle(image, (0, int(0.90 * height)), (width, height), (120, 42, 28), -1)
    return image


def _fixed(value: float) -> int:
    return round(value * (1 << SHIFT))


def draw_face(image: np.ndarray, box: tuple[float, float, float, float],
              colour: tuple[int, int, int]) -> None:
    """A filled ellipse centred in the box (axes 42 % of its size), two eyes and a mouth."""
    height, width = image.shape[:2]
    x, y, w, h = box
    cx, cy = (x + w / 2) * width, (y + h / 2) * height
    ax, ay = FACE_AXIS * w * width, FACE_AXIS * h * height
    dark = tuple(int(c * 0.35) for c in colour)

    def ellipse(px: float, py: float, rx: float, ry: float, color, thickness=-1,
                start=0, end=360) -> None:
        cv2.ellipse(image, (_fixed(px), _fixed(py)), (_fixed(rx), _fixed(ry)), 0, start, end,
                    color, thickness, cv2.LINE_AA, SHIFT)

    ellipse(cx, cy, ax, ay, colour)
    for side in (-1, 1):
        ellipse(cx + side * 0.38 * ax, cy - 0.28 * ay, 0.13 * ax, 0.08 * ay, dark)
    ellipse(cx, cy + 0.42 * ay, 0.36 * ax, 0.12 * ay, dark, max(1, int(0.05 * ay)), 20, 160)


def write_video(job: VideoJob, segments: list[dict[str, Any]], out_path: Path) -> None:
    """Render the job's face-recognition segments over the studio, frame by frame."""
    width, height = job.size
    faces = [s for s in segments if s["module"] == FACE]
    colours = []
    for seg in faces:
        face = next(a.face for a in job.appearances
                    if (a.start, a.end) == (seg["frame_start"], seg["frame_end"]))
        colours.append(face_colour(face))
    background = _background(width, height)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(f".{out_path.stem}.tmp{out_path.suffix}")
    writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*"mp4v"), job.fps,
                             (width, height))
    if not writer.isOpened():
        raise RuntimeError(f"OpenCV cannot write {tmp} with the mp4v codec")
    try:
        for frame in range(job.total_frames):
            image = background.copy()
            for seg, colour in zip(faces, colours, strict=True):
                if seg["frame_start"] <= frame < seg["frame_end"]:
                    draw_face(image, box_at(seg["detections"], frame), colour)
            writer.write(image)
    finally:
        writer.release()
    _check(tmp, job)
    os.replace(tmp, out_path)


def _check(path: Path, job: VideoJob) -> None:
    capture = cv2.VideoCapture(str(path))
    try:
        found = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                 int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                 capture.get(cv2.CAP_PROP_FPS), int(capture.get(cv2.CAP_PROP_FRAME_COUNT)))
    finally:
        capture.release()
    wanted = (*job.size, job.fps, job.total_frames)
    if found[:2] != wanted[:2] or abs(found[2] - wanted[2]) > 1e-3 or found[3] != wanted[3]:
        path.unlink(missing_ok=True)
        raise RuntimeError(f"{path} reopens as {found}, expected {wanted}")
