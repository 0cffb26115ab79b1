"""Shared helpers of the client/transport/paging tests: a small account, fast retries,
a network block.

The account below has every GET resource of the API reference with a few records each, so
that each Client method can be checked against what the store holds.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from deepva_frames.client import Client, RetryPolicy
from deepva_frames.store import PageStore
from deepva_frames.testing import FakeDeepVA, build_store

#: Backoff small enough for tests, generous attempt/time budgets.
FAST = RetryPolicy(max_retries=5, backoff_base=0.001, backoff_cap=0.005, max_total=20.0,
                   retry_after_cap=5.0)
KEY = "test-key-5f1c0c2e"

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
CSV = b"source\nhttps://example.org/a.mp4\n"


def _job(i: int) -> dict[str, Any]:
    return {"id": f"job-{i:03d}", "tag": "news" if i % 3 == 0 else "sport",
            "state": "completed", "progress": 1.0,
            "result": {"summary": [
                {"source": f"https://example.org/{i}.mp4", "media_type": "video",
                 "info": {"fps": 25, "width": 640, "height": 360, "total_frames": 100 + i},
                 "items": [{"type": "face", "label": f"person-{i}"},
                           {"type": "object", "label": "desk"}]}]}}


JOBS = [_job(i) for i in range(23)]
#: The recorded answer to search-suggestions?query=frei&attribute=place_of_birth.
SUGGESTIONS = ["Freiburg im Breisgau", "Freie Universität Berlin"]
NODES = [{"id": 100 + i, "name": f"Node {i}", "type": "person" if i % 2 else "broadcast",
          "custom_id": f"Q{i}"} for i in range(12)]


def _rows(prefix: str, n: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"id": f"{prefix}-{i}", **extra} for i in range(n)]


def _segments(n: int) -> list[dict[str, Any]]:
    """Detailed results of job-001: segment i has i % 3 face detections."""
    return [{"id": f"seg-{i}", "module": "face_recognition", "media_type": "video",
             "source": "https://example.org/1.mp4", "frame_start": 10 * i,
             "frame_end": 10 * i + 5, "meta": {"person": f"person-{i % 4}"},
             "detections": [{"frame_index": 10 * i + k, "type": "face_bbox",
                             "data": {"x": 0.1 * k, "y": 0.2, "w": 0.3, "h": 0.4}}
                            for k in range(i % 3)]}
            for i in range(n)]


def _report_items(n: int) -> list[dict[str, Any]]:
    """Report items, one batch and one metric each."""
    return [{"id": f"item-{i}", "content": {"batch_id": f"batch-{i}",
                                           "report_info": {"people_count": i + 1}}}
            for i in range(n)]


def _attributes(node: int) -> list[dict[str, Any]]:
    city = "Berlin" if node % 4 == 1 else "Hamburg"
    return [{"name": "place_of_birth", "value": city}, {"name": "height", "value": "1.8"}]


def account_resources() -> dict[str, Any]:
    """{path: records | object | file} of the test account (see build_store)."""
    ds = "datasets/ds-1/classes/cls-1"
    res: dict[str, Any] = {
        "jobs/": JOBS,
        "jobs/job-001/summarized-results/": _rows("sum", 7, type="gender_count"),
        "jobs/job-001/detailed-results/": _segments(14),
        "jobs/job-001/artifacts/": _rows("art", 2, filename="a.png"),
        "jobs/job-001/artifacts/art-0/file/": (PNG, "image/png", "frame-0.png"),
        "exports/": _rows("exp", 3, strategy="basic_dataset_export"),
        "exports/exp-0/": {"id": "exp-0", "state": "completed", "progress": 1.0},
        "exports/exp-0/artifacts/": _rows("xart", 2),
        "exports/exp-0/artifacts/xart-0/file/": (b"PK\x03\x04zip", "application/zip", "e.zip"),
        "batches/": _rows("batch", 4),
        "batches/batch-0/": {"id": "batch-0", "name": "top"},
        "batches/batch-0/sub-batches/": _rows("sub", 2, parent="batch-0"),
        "batches/batch-0/jobs/": JOBS[:5],
        "reports/": _rows("rep", 3, state="completed"),
        "reports/rep-0/": {"id": "rep-0", "state": "completed"},
        "reports/rep-0/items/": _report_items(4),
        "knowledge-graph/nodes/": NODES,
        "knowledge-graph/nodes/101/": {"id": 101, "name": "Node 1", "type": "person"},
        "knowledge-graph/nodes/101/similar/": NODES[2:5],
        "knowledge-graph/nodes/101/related/": NODES[5:7],
        "knowledge-graph/nodes/101/attributes/compare/102/": [
            {"name": f"cmp-{i}", "value": f"v{i}", "common": i % 2 == 0} for i in range(3)],
        "knowledge-graph/attribute-descriptions/": [
            {"name": f"attr-{i}", "description": None, "static": i % 2 == 0, "type": "str"}
            for i in range(11)],
        "knowledge-graph/import/broadcast/imp-1": {"id": "imp-1", "state": "completed"},
        "datasets/": _rows("ds", 2),
        "datasets/ds-1/": {"id": "ds-1", "name": "Faces"},
        "datasets/ds-1/classes/": _rows("cls", 3),
        f"{ds}/": {"id": "cls-1", "label": "John Doe"},
        f"{ds}/images/": _rows("img", 12),
        f"{ds}/images/img-1/": {"id": "img-1", "file_uri": "storage://x"},
        f"{ds}/clusters/": [{"name": "cluster_main"}, {"name": "cluster_2"}],
        f"{ds}/clusters/cluster_main/": {"name": "cluster_main", "preview_images": []},
        f"{ds}/clusters/cluster_main/images/": _rows("cimg", 3),
        "storage/?folder=/": _rows("st", 4, name="a.jpg"),
        "storage/5/": {"id": 5, "url": "storage://abc", "name": "mm"},
        "storage/5/file/": (PNG, "image/png", "mm.png"),
        "storage/5/thumbnail/": (PNG[:100], "image/png", "thumb.png"),
        "dictionaries/": _rows("dict", 2),
        "dictionaries/dict-0/": {"id": "dict-0", "name": "Cities"},
        "dictionaries/dict-0/file": (b"Berlin\nHamburg\n", "text/plain", "cities.txt"),
    }
    for job in JOBS[:3]:
        res[f"jobs/{job['id']}/"] = job
    for node in NODES:
        res[f"knowledge-graph/nodes/{node['id']}/attributes/"] = _attributes(node["id"])
    return res


def make_account(root: Path) -> PageStore:
    """A page store of the test account at ``root`` (listings recorded in pages of 10)."""
    store = build_store(root, account_resources())
    store.put_object("/knowledge-graph/search-suggestions/",
                     {"query": "frei", "attribute": "place_of_birth"},
                     SUGGESTIONS)
    return store


def client_for(fake: FakeDeepVA, **kwargs: Any) -> Client:
    """A Client of ``fake`` with fast retries and no progress bars."""
    kwargs.setdefault("retry", FAST)
    kwargs.setdefault("progress", False)
    kwargs.setdefault("timeout", (2, 5))
    return Client(kwargs.pop("api_key", fake.key), fake.url, **kwargs)


def free_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def block_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """Make every new connection and name lookup raise; returns the log of attempts."""
    attempts: list[tuple[str, Any]] = []

    def refuse(name: str):
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append((name, args[1:2] if name == "connect" else args[:1]))
            raise OSError(f"network blocked by the test ({name})")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def error_texts(err: BaseException) -> str:
    """Everything an exception and its chain show: str, repr, args and attributes (where a
    leaked key would be seen)."""
    out = ""
    seen: BaseException | None = err
    while seen is not None:
        out += f"{seen!s} {seen!r} {seen.args!r} {vars(seen)!r} "
        seen = seen.__cause__ or seen.__context__
    return out
