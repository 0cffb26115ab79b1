"""Fixtures of the track tests: the sample's video jobs, their results, FFmpeg with libass."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from deepva_frames.client import sample_client

NEWSROOM_JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"


@pytest.fixture(scope="session")
def client():
    return sample_client()


@pytest.fixture(scope="session")
def video_jobs(client) -> list[str]:
    """Every completed video job of the sample account."""
    jobs = client.jobs()
    chosen = jobs[(jobs["media_type"].astype(str) == "video")
                  & (jobs["state"].astype(str) == "completed")]
    assert len(chosen) >= 5
    return sorted(chosen["job_id"])


@pytest.fixture(scope="session")
def job_data(client, video_jobs) -> dict[str, tuple[object, pd.DataFrame]]:
    """``{job_id: (DetailedResults, media table)}`` of every video job."""
    return {job: (client.detailed_results(job), client.media([job])) for job in video_jobs}


@pytest.fixture(scope="session")
def ffmpeg() -> str:
    """An FFmpeg built with libass (the one the imageio-ffmpeg wheel ships)."""
    import imageio_ffmpeg

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    filters = subprocess.run([exe, "-hide_banner", "-filters"], capture_output=True,
                             text=True, check=True).stdout
    assert any(line.split()[1:2] == ["ass"] for line in filters.splitlines()
               if len(line.split()) > 1), f"{exe} has no libass (ass filter)"
    return exe


@pytest.fixture(scope="session")
def tracks_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tracks")
