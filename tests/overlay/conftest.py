"""Fixtures of the overlay tests: the sample newsroom job and its video."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pandas as pd
import pytest

from deepva_frames import flatten
from deepva_frames.flatten import DetailedResults
from deepva_frames.sample import sample_store_path, sample_video_path

NEWSROOM_JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"
FACE = "face_recognition"


@pytest.fixture(scope="session")
def results() -> DetailedResults:
    """Detailed results of the newsroom job (the sample video's job)."""
    folder = sample_store_path() / "jobs" / NEWSROOM_JOB / "detailed-results"
    return flatten.detailed_results(folder)


@pytest.fixture(scope="session")
def faces(results) -> pd.DataFrame:
    """The face-recognition segments of the newsroom job."""
    return results.segments[results.segments["module"] == FACE].reset_index(drop=True)


@pytest.fixture(scope="session")
def video() -> Path:
    return sample_video_path()


@pytest.fixture(scope="session")
def raw_frame(video):
    """``raw_frame(i)``: frame i of the sample video as decoded (cached; do not modify)."""
    cache: dict[int, np.ndarray] = {}

    def get(index: int) -> np.ndarray:
        if index not in cache:
            capture = cv2.VideoCapture(str(video))
            for _ in range(index):
                capture.grab()
            ok, image = capture.read()
            capture.release()
            assert ok, index
            cache[index] = image
        return cache[index]

    return get
