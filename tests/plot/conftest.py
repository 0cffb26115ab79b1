"""Charts draw with the Agg backend; every test closes the figures it opened."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from deepva_frames.cli.demo.charts import AccountTables, load_tables
from deepva_frames.client import sample_client


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="session")
def sample() -> AccountTables:
    return load_tables(sample_client())
