"""Helpers of the overlay tests."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def decode_all(path: Path) -> tuple[list[np.ndarray], float]:
    """Every frame of ``path`` and its fps."""
    capture = cv2.VideoCapture(str(path))
    fps = capture.get(cv2.CAP_PROP_FPS)
    frames = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        frames.append(image)
    capture.release()
    return frames, fps


def tiny_video(path: Path, frames: int = 6, size: tuple[int, int] = (64, 36)) -> Path:
    """A small mp4v video whose frame i is filled with grey level 20 * i."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 25.0, size)
    for i in range(frames):
        writer.write(np.full((size[1], size[0], 3), 20 * i, np.uint8))
    writer.release()
    return path
