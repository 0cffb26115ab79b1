"""Fixtures of the analysis tests: a hand-computed case and the sample account's tables."""

from __future__ import annotations

import pandas as pd
import pytest

from deepva_frames.cli.demo.charts import AccountTables, load_tables
from deepva_frames.client import sample_client


def hand_segments() -> pd.DataFrame:
    """Two media sources; overlapping segments; unknowns; a segment without detections.

    Source a of job j1 (20 s):      Source b of job j2 (10 s):
      Ann   [0, 4) speaking           Ann  [0, 3)
      Ann   [2, 6)                    Bo   [1, 2) speaking
      Bo    [5, 8) speaking           ?    [4, 5) (no closest person)
      ?~Ann [7, 10)
      ?~Bo  [9, 12)
      Cy    [3, 5) (no detections)
    """
    rows = [
        ("j1", "a", "Ann", None, 0, 4, True, "female", 3),
        ("j1", "a", "Ann", None, 2, 6, False, "female", 3),
        ("j1", "a", "Bo", None, 5, 8, True, "male", 2),
        ("j1", "a", "unknown", "Ann", 7, 10, False, None, 2),
        ("j1", "a", "unknown", "Bo", 9, 12, False, None, 2),
        ("j1", "a", "Cy", None, 3, 5, False, "female", 0),
        ("j2", "b", "Ann", None, 0, 3, False, "female", 2),
        ("j2", "b", "Bo", None, 1, 2, True, "male", 1),
        ("j2", "b", "unknown", None, 4, 5, False, None, 1),
    ]
    frame = pd.DataFrame(rows, columns=["job_id", "source", "person", "closest_person",
                                        "time_start", "time_end", "speaking", "gender",
                                        "n_detections"])
    return frame.astype({"time_start": float, "time_end": float, "speaking": "boolean",
                         "gender": "category", "n_detections": "Int64"})


@pytest.fixture
def hand() -> pd.DataFrame:
    return hand_segments()


@pytest.fixture
def hand_media() -> pd.DataFrame:
    return pd.DataFrame({"job_id": ["j1", "j2"], "source": ["a", "b"],
                         "duration_s": [20.0, 10.0]})


@pytest.fixture(scope="session")
def sample() -> AccountTables:
    return load_tables(sample_client())
