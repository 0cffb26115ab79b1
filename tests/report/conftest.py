"""Fixtures of the report tests: the sample's reports written once by the CLI, and the
sample account's tables (fetched through the sample client, not through the report)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest
from report_helpers import SAMPLE_REPORTS, parse

from deepva_frames.cli import main
from deepva_frames.client import sample_client


@dataclass(frozen=True)
class Written:
    path: object
    html: str
    parsed: object


@pytest.fixture(scope="session")
def sample_reports(tmp_path_factory) -> dict[str, Written]:
    """``deepva-frames report --sample --report <id>`` for each of the sample's reports."""
    folder = tmp_path_factory.mktemp("reports")
    out = {}
    for report_id in SAMPLE_REPORTS:
        path = folder / f"{report_id}.html"
        assert main(["report", "--sample", "--report", report_id, "--out", str(path)]) == 0
        html = path.read_text(encoding="utf-8")
        out[report_id] = Written(path, html, parse(html))
    return out


@dataclass(frozen=True)
class Account:
    media: pd.DataFrame
    segments: pd.DataFrame
    batches: pd.DataFrame
    batch_jobs: dict[str, list[str]]
    report_items: dict[str, pd.DataFrame]
    summarized: pd.DataFrame


@pytest.fixture(scope="session")
def account() -> Account:
    client = sample_client()
    jobs = client.jobs()
    segments = pd.concat([client.detailed_results(j).segments for j in jobs["job_id"]],
                         ignore_index=True)
    summarized = pd.concat([client.summarized_results(j) for j in jobs["job_id"]],
                           ignore_index=True)
    batches = client.batches()
    batch_jobs = {b: list(client.batch_jobs(b)["job_id"]) for b in batches["batch_id"]}
    items = {r: client.report_items(r) for r in SAMPLE_REPORTS}
    return Account(client.media(), segments, batches, batch_jobs, items, summarized)

