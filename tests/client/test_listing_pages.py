"""Listings over real HTTP (FakeDeepVA): one parse per page, tables built as pages arrive,
and the paging faults a real server can show (a shifted page, an implausible total)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from client_helpers import client_for

from deepva_frames import flatten
from deepva_frames.client import Client
from deepva_frames.client import tables as client_tables
from deepva_frames.errors import PaginationError
from deepva_frames.store import PageStore
from deepva_frames.testing import FakeDeepVA, build_store

JOB = "job-7"
DETAILED = f"jobs/{JOB}/detailed-results/"


def _job(i: int) -> dict[str, Any]:
    return {"id": f"job-{i:03d}", "tag": "t", "state": "completed", "progress": 1.0,
            "time_created": f"2026-10-06 08:{i % 60:02d}:00.123456",
            "time_completed": f"2026-10-06T09:{i % 60:02d}:00Z",
            "modules": {"face_recognition": {"state": "completed"}},
            "result": {"detailed_link": "x", "summary": [{"source": "s", "media_type": "video",
                                                          "info": {"fps": 25.0}, "items": []}]}}


def _segment(i: int) -> dict[str, Any]:
    return {"frame_start": i * 10, "frame_end": i * 10 + 9, "module": "face_recognition",
            "meta": {"person": f"P{i % 4}", "gender": "female", "age": "30-40"},
            "detections": [{"frame_index": i * 10 + k, "type": ("face_bbox", "body_bbox")[k % 2],
                            "data": {"x": 0.1 * k, "y": 0.2, "w": 0.3, "h": 0.4}}
                           for k in range(i % 3)]}


JOBS = [_job(i) for i in range(47)]
SEGMENTS = [_segment(i) for i in range(53)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> PageStore:
    return build_store(tmp_path_factory.mktemp("store"), {"jobs/": JOBS, DETAILED: SEGMENTS},
                       page_size=5)


@pytest.fixture
def fake(store: PageStore) -> Iterator[FakeDeepVA]:
    with FakeDeepVA(store, max_limit=5, latency=0.002) as server:
        yield server


def test_jobs_table_equals_flatten_of_the_records(fake: FakeDeepVA) -> None:
    got = client_for(fake, concurrency=3).jobs()
    pd.testing.assert_frame_equal(got, flatten.jobs(JOBS))
    assert got["job_id"].tolist() == [j["id"] for j in JOBS]
    assert len(fake.requests) == 10  # 47 records in pages of 5


def test_detailed_results_equal_flatten_of_the_whole_listing(fake: FakeDeepVA) -> None:
    got = client_for(fake, concurrency=4).detailed_results(JOB)
    want = flatten.detailed_results(SEGMENTS, job_id=JOB)  # per-record path, all at once
    pd.testing.assert_frame_equal(got.segments, want.segments)
    pd.testing.assert_frame_equal(got.detections, want.detections)
    assert len(got.detections) == sum(len(s["detections"]) for s in SEGMENTS)
    assert got.segments["segment_id"].tolist() == [f"{JOB}:{i}" for i in range(53)]


def _spy(monkeypatch: pytest.MonkeyPatch, factory: str) -> list[tuple[int, float]]:
    """Record (offset, time) of every page the client's reader of kind ``factory`` reads."""
    reads: list[tuple[int, float]] = []
    lock = threading.Lock()
    original = getattr(client_tables, factory)

    def spying(name: str, **context: Any) -> Any:
        read = original(name, **context)
        if read is None:
            return None

        def wrapped(page: Any, offset: Any) -> Any:
            offsets = offset if isinstance(offset, list) else [offset]
            with lock:
                reads.extend((o, time.monotonic()) for o in offsets)
            return read(page, offset)
        return wrapped

    monkeypatch.setattr(f"deepva_frames.client.session.{factory}", spying)
    return reads


def test_jobs_pages_are_read_once_each_while_later_pages_are_on_the_way(
        fake: FakeDeepVA, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _spy(monkeypatch, "block_reader")
    client_for(fake, concurrency=2).jobs()
    assert sorted(offset for offset, _ in reads) == list(range(0, 47, 5))  # no second parse
    last_arrival = max(seen.time for seen in fake.requests)
    assert min(at for _, at in reads[1:]) < last_arrival  # flattening began before the end


def test_detailed_pages_are_read_once_each_a_block_at_a_time(
        fake: FakeDeepVA, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _spy(monkeypatch, "block_reader")
    client_for(fake, concurrency=2).detailed_results(JOB)
    assert sorted(offset for offset, _ in reads) == list(range(0, 53, 5))


def test_a_shifted_page_is_refused(fake: FakeDeepVA) -> None:
    fake.fail("shifted-page", path="/jobs/", times=1)
    with pytest.raises(PaginationError, match="already listed"):
        client_for(fake, concurrency=1).jobs()


def test_a_repeated_detailed_page_without_ids_is_refused(fake: FakeDeepVA) -> None:
    fake.fail("repeat-page", path=f"/{DETAILED}", times=2)  # the first page, then the second
    with pytest.raises(PaginationError, match="repeats"):
        client_for(fake, concurrency=1).detailed_results(JOB)


def test_an_implausible_total_served_is_refused_naming_it(tmp_path: Path) -> None:
    store = PageStore(tmp_path / "store", create=True)
    store.put_pages("/jobs/", {}, [{"total": 10**12, "offset": 0, "limit": 5, "next": None,
                                    "prev": None, "data": JOBS[:5]}])
    with FakeDeepVA(store, max_limit=5) as fake, pytest.raises(PaginationError) as info:
        client_for(fake).jobs()
    assert "implausible total 1000000000000" in str(info.value)
    assert len(fake.requests) == 1


def test_fake_serves_recorded_bytes_with_its_links_spliced(fake: FakeDeepVA,
                                                           store: PageStore) -> None:
    import requests

    lines = store.read_page_lines(store.get("jobs"))
    resp = requests.get(f"{fake.url}/jobs/", params={"offset": 5, "limit": 5},
                        headers={"Authorization": f"Key {fake.key}"}, timeout=5)
    served, recorded = json.loads(resp.content), json.loads(lines[1])
    assert served["next"] == f"{fake.url}/jobs/?limit=5&offset=10"
    assert served["prev"] == f"{fake.url}/jobs/?limit=5&offset=0"
    assert {k: v for k, v in served.items() if k not in ("next", "prev")} == \
        {k: v for k, v in recorded.items() if k not in ("next", "prev")}
    assert resp.content.endswith(lines[1][lines[1].index(b'"data":'):])  # bytes as recorded


def test_offline_replay_gives_the_same_tables(fake: FakeDeepVA, tmp_path: Path) -> None:
    online = client_for(fake, cache_dir=tmp_path / "cache")
    want = online.detailed_results(JOB)
    offline = Client(cache_dir=tmp_path / "cache", offline=True, progress=False)
    got = offline.detailed_results(JOB)
    pd.testing.assert_frame_equal(got.detections, want.detections)
    pd.testing.assert_frame_equal(got.segments, want.segments)


def test_odd_values_on_many_pages_give_one_warning_per_key(tmp_path: Path) -> None:
    from deepva_frames.errors import DataQualityWarning

    odd = [{**job, "progress": "done"} if i % 4 == 0 else job for i, job in enumerate(JOBS)]
    store = build_store(tmp_path / "store", {"jobs/": odd}, page_size=5)
    with FakeDeepVA(store, max_limit=5) as fake, pytest.warns(DataQualityWarning) as caught:
        table = client_for(fake, concurrency=4).jobs()
    warnings = [w.message for w in caught if isinstance(w.message, DataQualityWarning)]
    assert [(w.key, w.count) for w in warnings] == [("progress", 12)]  # 12 odd, 10 pages
    assert table["progress"].isna().sum() == 12
