"""Fuzz: whatever a server sends or a store holds, a public call returns or raises the
package's error (DeepVAError), and nothing is written outside the folders it was given."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_server import hostile_server
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deepva_frames.client import Client
from deepva_frames.errors import DeepVAError
from deepva_frames.testing import build_store

KEY = "fuzz-key-5d1a0c"
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.text(max_size=20),
                    st.integers(min_value=-(2**80), max_value=2**80),
                    st.floats(allow_nan=False), st.sampled_from(["30-40", 37, -1, 1e308]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)
keys = st.sampled_from(["id", "state", "progress", "tag", "time_completed", "modules",
                        "sources", "errors", "result", "meta", "frame_start", "detections"])
records = st.dictionaries(keys, values, max_size=8)


def _page(data: list, total: int | None) -> bytes:
    return json.dumps({"total": len(data) if total is None else total, "offset": 0,
                       "limit": 100, "data": data}).encode()


bodies = st.one_of(
    st.binary(max_size=200),
    st.builds(_page, st.lists(records, max_size=4), st.none()),
    st.builds(_page, st.lists(values, max_size=3), st.integers(-5, 10**12)),
    st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n),  # deep nesting
    st.integers(18, 5000).map(  # integers beyond int64, beyond float, beyond int()'s limit
        lambda n: b'{"total": 1, "data": [{"id": "a", "progress": 1' + b"0" * n + b"}]}"),
    st.builds(lambda b: _page([{"id": "a"}], None)[:-2] + b + b"]}", st.binary(max_size=8)),
    st.just(b'{"total": 1, "data": [{"id": "\xff\xfe"}]}'),  # invalid UTF-8
)


@pytest.fixture(scope="module")
def server() -> Iterator:
    with hostile_server(KEY) as running:
        yield running


@pytest.mark.filterwarnings("ignore::deepva_frames.errors.DataQualityWarning")
@FUZZ
@given(body=bodies)
def test_any_page_body_gives_a_table_or_a_package_error(server, body: bytes) -> None:
    server.bodies["/jobs/"] = body
    server.bodies["/jobs/a/"] = body
    with tempfile.TemporaryDirectory() as box:
        cache = Path(box) / "cache"
        c = Client(KEY, server.url, progress=False, max_retries=0, timeout=(2, 2),
                   cache_dir=cache)
        for call in (c.jobs, lambda: c.job("a"), lambda: list(c.pages("/jobs/"))):
            with contextlib.suppress(DeepVAError):
                call()
        written = [p for p in Path(box).rglob("*") if p.is_file()]
        assert all(p.is_relative_to(cache) for p in written)


# -- store files -----------------------------------------------------------------------------
store_files = st.sampled_from(["manifest.json", "jobs/_pages.ndjson", "jobs/_pages.meta.json",
                               "jobs/a/_object.json", "jobs/a/_object.meta.json"])
contents = st.one_of(st.binary(max_size=100), values.map(lambda v: json.dumps(v).encode()),
                     st.just(b"[" * 100_000), st.just(b'{"format_version": 1}'),
                     st.just(b'{"format_version": 1, "path": 3, "params": [], "kind": 7}'))


@pytest.mark.filterwarnings("ignore::deepva_frames.errors.DataQualityWarning")
@FUZZ
@given(damage=st.dictionaries(store_files, contents, min_size=1, max_size=3))
@example(damage={"jobs/_pages.ndjson": b"[" * 100_000})  # found by this test once
@example(damage={"jobs/a/_object.meta.json": b"[1]", "manifest.json": b"{}"})
def test_any_damaged_store_gives_data_or_a_package_error(damage: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as box:
        root = Path(box) / "store"
        build_store(root, {"jobs/": [{"id": "a", "state": "completed"}],
                           "jobs/a/": {"id": "a", "state": "completed"},
                           "batches/": [], "reports/": []})
        for rel, data in damage.items():
            (root / rel).write_bytes(data)
        before = sorted(p.relative_to(box) for p in Path(box).rglob("*"))
        try:
            c = Client(cache_dir=root, offline=True, progress=False)
            for call in (c.jobs, lambda: c.job("a")):
                with contextlib.suppress(DeepVAError):
                    call()
            c.export(Path(box) / "out", job_ids=["a"])
        except DeepVAError:
            pass
        after = [p for p in sorted(p.relative_to(box) for p in Path(box).rglob("*"))
                 if p.parts[0] != "out"]
        assert after == before
