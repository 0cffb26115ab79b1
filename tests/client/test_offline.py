"""Recording into a PageStore online and replaying offline with the network blocked
(deepva_frames.client.offline, Client(cache_dir=..., offline=...), sample_client)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from client_helpers import JOBS, KEY, PNG, block_network, client_for, make_account

from deepva_frames import flatten
from deepva_frames.client import Client, sample_client
from deepva_frames.errors import DeepVAError, OfflineMiss, StoreError
from deepva_frames.store import PageStore
from deepva_frames.testing import FakeDeepVA

CALLS: dict[str, Callable[[Client], Any]] = {
    "jobs": lambda c: c.jobs(),
    "news": lambda c: c.jobs(tag="news"),
    "job": lambda c: c.job("job-001"),
    "media": lambda c: c.media(["job-000", "job-001"]),
    "summary_items": lambda c: c.summary_items("job-002"),
    "detailed": lambda c: c.detailed_results("job-001"),
    "nodes": lambda c: c.kg_nodes(type="person"),
    "node": lambda c: c.kg_node(101),
    "suggest": lambda c: c.kg_search_suggestions("frei", "place_of_birth"),
    "storage": lambda c: c.storage(),
    "images": lambda c: c.images("ds-1", "cls-1"),
}


def assert_same(got: Any, expected: Any, name: str) -> None:
    """Offline equals online: tables, detailed results (two tables) and objects alike."""
    if isinstance(expected, flatten.DetailedResults):
        assert isinstance(got, flatten.DetailedResults), name
        pd.testing.assert_frame_equal(got.segments, expected.segments)
        pd.testing.assert_frame_equal(got.detections, expected.detections)
    elif isinstance(expected, pd.DataFrame):
        assert isinstance(got, pd.DataFrame), name
        pd.testing.assert_frame_equal(got, expected)
    else:
        assert got == expected, name


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, dict[str, Any], Path]:
    """Record CALLS (and one download) through a caching client; returns the cache, the
    online results and the downloaded file."""
    with FakeDeepVA(make_account(tmp_path / "account"), key=KEY, max_limit=10) as fake:
        c = client_for(fake, cache_dir=tmp_path / "cache")
        online = {name: call(c) for name, call in CALLS.items()}
        c.jobs(limit=3)  # capped: not a complete listing
        c.reports(limit=1)
        file = c.download_storage(5, tmp_path / "online.png")
    return tmp_path / "cache", online, file


def test_online_results_are_recorded_as_raw_pages(recorded: tuple[Path, dict, Path]) -> None:
    cache, online, _ = recorded
    store = PageStore(cache)
    entry = store.get("/jobs/")
    assert entry is not None and entry.kind == "pages"
    assert entry.meta["pages"] == 3 and entry.meta["page_limits"] == [10, 10, 10]
    assert store.read_records(entry) == JOBS
    assert online["jobs"]["job_id"].tolist() == [j["id"] for j in JOBS]
    for line in store.read_page_lines(entry):
        page = json.loads(line)
        assert set(page) >= {"total", "offset", "limit", "data"}
    assert store.get("/jobs/", {"tag": "news"}) is not None
    assert store.get("/knowledge-graph/search-suggestions/",
                     {"query": "frei", "attribute": "place_of_birth"}).kind == "object"
    assert store.get("/storage/5/file/").meta["content_type"] == "image/png"
    assert store.get("/reports/") is None  # limit-capped listings are not recorded


def test_offline_replay_without_any_socket(recorded: tuple[Path, dict, Path],
                                           monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    cache, online, file = recorded
    attempts = block_network(monkeypatch)
    c = Client(cache_dir=cache, offline=True, progress=False)
    for name, call in CALLS.items():
        assert_same(call(c), online[name], name)
    assert c.jobs(limit=5)["job_id"].tolist() == [j["id"] for j in JOBS[:5]]
    out = c.download_storage(5, tmp_path / "offline.png")
    assert out.read_bytes() == file.read_bytes() == PNG
    assert attempts == []


def test_offline_pages_with_a_different_page_size(recorded: tuple[Path, dict, Path],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache, online, _ = recorded
    block_network(monkeypatch)
    c = Client(cache_dir=cache, offline=True, page_size=4, progress=False)
    pages = list(c.pages("/jobs/"))
    assert [len(p["data"]) for p in pages] == [4] * 5 + [3]
    pd.testing.assert_frame_equal(c.jobs(), online["jobs"])


def test_offline_misses_and_writes_fail_clearly(recorded: tuple[Path, dict, Path],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cache, _, _ = recorded
    attempts = block_network(monkeypatch)
    c = Client(cache_dir=cache, offline=True, progress=False)
    with pytest.raises(OfflineMiss, match="/reports/"):
        c.reports()
    with pytest.raises(OfflineMiss):
        c.job("job-022")
    with pytest.raises(DeepVAError, match="offline"):
        c.create_batch("x")
    with pytest.raises(DeepVAError, match="offline"):
        c.delete_job("job-001")
    assert attempts == []


def test_offline_does_not_create_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Client(cache_dir=tmp_path / "nothing", offline=True)
    assert not (tmp_path / "nothing").exists()


def test_sample_client_lists_jobs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = block_network(monkeypatch)
    c = sample_client()
    jobs = c.jobs()
    assert c.offline and len(jobs) > 0 and jobs["job_id"].notna().all()
    assert all(isinstance(j, str) for j in jobs["job_id"])
    first = jobs["job_id"].iloc[0]
    assert c.job(first)["id"] == first
    assert attempts == []
