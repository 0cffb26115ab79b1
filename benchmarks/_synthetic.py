"""A synthetic 720p studio video for the benchmarks: gradient, noise, faces as ellipses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import cv2
import numpy as np

SIZE = (1280, 720)
FPS = 25.0
Box = tuple[float, float, float, float]


def write_video(path: Path, frames: int, faces_at: Callable[[int], Iterable[Box]]) -> None:
    """Write ``frames`` frames (mp4v) with a face ellipse filling each normalized box.

    The noise makes every frame differ, so decoding and encoding cost what they would.
    """
    width, height = SIZE
    rng = np.random.default_rng(7)
    rows = np.linspace(60, 160, height, dtype=np.float32)[:, None, None]
    base = np.broadcast_to(rows * np.array([1.0, 0.7, 0.45], np.float32),
                           (height, width, 3)).astype(np.uint8)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, SIZE)
    for frame in range(frames):
        image = base.copy()
        image[rng.integers(0, height, 4000), rng.integers(0, width, 4000)] = 255
        for x, y, w, h in faces_at(frame):
            centre = (int((x + w / 2) * width), int((y + h / 2) * height))
            axes = (int(0.42 * w * width), int(0.42 * h * height))
            cv2.ellipse(image, centre, axes, 0, 0, 360, (150, 180, 220), -1, cv2.LINE_AA)
        writer.write(image)
    writer.release()
