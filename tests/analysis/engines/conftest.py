"""Fixtures of the engine tests: the sample export and a 1,000-job archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from deepva_frames.client import sample_client
from deepva_frames.testing.archive import synthetic_archive


@pytest.fixture(scope="session")
def sample_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample-bi")
    sample_client().export(out, all_jobs=True)
    return out


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Path:
    """1,000 jobs, 6 segments each (ids like 000123: numeric-looking)."""
    return synthetic_archive(tmp_path_factory.mktemp("archive"), jobs=1000,
                             segments_per_job=6, seed=16)
