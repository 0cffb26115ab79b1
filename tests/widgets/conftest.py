"""Fixtures of the widget tests: the sample account, its newsroom job and video."""

from __future__ import annotations

import pandas as pd
import pytest

import deepva_frames as dvf

NEWSROOM_JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"
HD_JOB = "e90537a2-c517-523e-9768-076ace937a87"        # 1280x720, 25 fps, 1500 frames
FAILED_JOB = "7dfe2f5e-d25b-5219-b7a4-cc63cf61353c"
IMAGE_JOB = "a01cf7bb-e023-5472-bbe1-65a59c21f6e9"


@pytest.fixture(scope="session")
def client():
    return dvf.sample_client()


@pytest.fixture(scope="session")
def newsroom_faces(client) -> pd.DataFrame:
    segments = client.detailed_results(NEWSROOM_JOB).segments
    return segments[segments["module"] == "face_recognition"].reset_index(drop=True)


@pytest.fixture
def explorer(client):
    """The explorer of the newsroom job over its video (closed after the test)."""
    from deepva_frames.widgets import explore_job

    e = explore_job(client, NEWSROOM_JOB, video=dvf.sample_video_path())
    yield e
    e.close()
