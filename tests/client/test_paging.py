"""Tests of deepva_frames.client.paging: planning, ordering, concurrency and the drift checks.

These drive iter_pages with an in-memory ``fetch``; the same paging over real HTTP is
exercised in test_client.py.
"""

from __future__ import annotations

import json
import random
import threading
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.client.paging import FetchedPage, expected_count, iter_pages, plan_offsets
from deepva_frames.errors import PaginationError, PayloadError


class Server:
    """An in-memory listing with a server-side page cap, logging every fetch."""

    def __init__(self, n: int, cap: int | None = None, delay: float = 0.0,
                 jitter: bool = False):
        self.records = [{"id": i} for i in range(n)]
        self.cap = cap
        self.delay = delay
        self.jitter = jitter
        self.calls: list[tuple[int, int]] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.tamper: dict[int, Any] = {}

    def page(self, offset: int, limit: int) -> dict[str, Any]:
        size = min(limit, self.cap) if self.cap else limit
        return {"total": len(self.records), "offset": offset, "limit": size,
                "next": "https://evil.example/steal?offset=999", "prev": None,
                "data": self.records[offset:offset + size]}

    def __call__(self, offset: int, limit: int) -> FetchedPage:
        with self.lock:
            self.calls.append((offset, limit))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay * (random.random() * 2 if self.jitter else 1))
            body = self.page(offset, limit)
            if offset in self.tamper:
                body = self.tamper[offset](body)
            return FetchedPage(f"https://api.test/jobs/?offset={offset}&limit={limit}", b"", body)
        finally:
            with self.lock:
                self.in_flight -= 1

    def raw(self, offset: int, limit: int) -> FetchedPage:
        """The page as a client holds it before reading: its body as bytes, unparsed."""
        page = self(offset, limit)
        return FetchedPage(page.url, json.dumps(page.data).encode())


def records(pages: Any) -> list[Any]:
    return [r for page in pages for r in page.data["data"]]


# -- planning ----------------------------------------------------------------------------------
@given(total=st.integers(0, 5000), limit=st.integers(1, 300))
def test_plan_covers_every_record_exactly_once(total: int, limit: int) -> None:
    offsets = [0, *plan_offsets(total, limit)]
    covered = [i for o in offsets for i in range(o, o + expected_count(o, limit, total))]
    assert covered == list(range(total))


@given(total=st.integers(0, 2000), limit=st.integers(1, 100), cap=st.integers(1, 3000))
def test_plan_with_max_rows_stops_as_soon_as_enough_rows(total: int, limit: int, cap: int) -> None:
    offsets = [0, *plan_offsets(total, limit, max_rows=cap)]
    covered = sum(expected_count(o, limit, total) for o in offsets)
    assert covered >= min(cap, total)
    assert covered - expected_count(offsets[-1], limit, total) < min(cap, total) or total == 0


# -- fetching ----------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 120), cap=st.integers(1, 25), size=st.integers(1, 60),
       concurrency=st.integers(1, 6))
def test_all_records_in_order_with_the_servers_limit(n: int, cap: int, size: int,
                                                     concurrency: int) -> None:
    server = Server(n, cap=cap)
    got = records(iter_pages(server, page_size=size, concurrency=concurrency))
    assert got == server.records
    effective = min(size, cap)
    assert server.calls[0] == (0, size)
    assert sorted(server.calls[1:]) == [(o, effective) for o in range(effective, n, effective)]


def test_the_requested_size_is_not_assumed() -> None:
    server = Server(95, cap=10)
    pages = list(iter_pages(server, page_size=100))
    assert [p.data["offset"] for p in pages] == list(range(0, 95, 10))
    assert {limit for _, limit in server.calls[1:]} == {10}


def test_next_links_in_bodies_are_never_followed() -> None:
    server = Server(30, cap=10)
    list(iter_pages(server, page_size=10))
    assert sorted(offset for offset, _ in server.calls) == [0, 10, 20]


def test_pages_come_in_order_although_they_finish_out_of_order() -> None:
    server = Server(200, cap=5, delay=0.004, jitter=True)
    pages = list(iter_pages(server, page_size=5, concurrency=6))
    assert [p.data["offset"] for p in pages] == list(range(0, 200, 5))
    assert server.max_in_flight > 1


@pytest.mark.parametrize("concurrency", [1, 3, 8])
def test_concurrency_is_bounded(concurrency: int) -> None:
    server = Server(300, cap=5, delay=0.002)
    list(iter_pages(server, page_size=5, concurrency=concurrency))
    assert server.max_in_flight <= concurrency


def test_concurrent_fetching_is_faster_than_one_at_a_time() -> None:
    sequential, parallel = Server(40, cap=5, delay=0.02), Server(40, cap=5, delay=0.02)
    start = time.perf_counter()
    list(iter_pages(sequential, page_size=5, concurrency=1))
    one = time.perf_counter() - start
    start = time.perf_counter()
    list(iter_pages(parallel, page_size=5, concurrency=4))
    four = time.perf_counter() - start
    assert four < one / 2


def test_max_rows_fetches_only_the_pages_needed() -> None:
    server = Server(100, cap=10)
    got = records(iter_pages(server, page_size=100, max_rows=25))
    assert sorted(o for o, _ in server.calls) == [0, 10, 20]
    assert got[:25] == server.records[:25]


def test_small_max_rows_asks_for_a_small_first_page() -> None:
    server = Server(100)
    got = records(iter_pages(server, page_size=100, max_rows=3))
    assert server.calls == [(0, 3)]
    assert got == server.records[:3]


def test_stopping_early_leaves_no_fetches_running() -> None:
    server = Server(500, cap=5, delay=0.002)
    gen = iter_pages(server, page_size=5, concurrency=4)
    for _ in range(3):
        next(gen)
    gen.close()
    calls = len(server.calls)
    time.sleep(0.05)
    assert len(server.calls) == calls
    assert calls <= 1 + 2 * 4 + 3  # the first page, the window, the refills
    assert server.in_flight == 0


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    server = Server(50, cap=5)

    def boom(body: dict) -> dict:
        raise RuntimeError("fetch failed")

    server.tamper[25] = boom
    with pytest.raises(RuntimeError, match="fetch failed"):
        list(iter_pages(server, page_size=5, concurrency=3))


# -- drift checks ------------------------------------------------------------------------------
def _raise_for(tamper: Any, at: int = 20, n: int = 50) -> PaginationError:
    server = Server(n, cap=10)
    server.tamper[at] = tamper
    with pytest.raises(PaginationError) as info:
        list(iter_pages(server, page_size=10, concurrency=2))
    assert info.value.url.startswith(f"https://api.test/jobs/?offset={at}&")
    assert info.value.url in str(info.value)
    return info.value


def test_total_change_raises_naming_the_url() -> None:
    err = _raise_for(lambda b: {**b, "total": b["total"] + 1})
    assert "total changed from 50 to 51" in str(err)


def test_short_page_raises() -> None:
    err = _raise_for(lambda b: {**b, "data": b["data"][:-1]})
    assert "short page" in err.reason


def test_short_last_page_raises() -> None:
    err = _raise_for(lambda b: {**b, "data": b["data"][:-1]}, at=40, n=45)
    assert "4 records at offset 40, expected 5" in err.reason


def test_long_page_raises() -> None:
    err = _raise_for(lambda b: {**b, "data": [*b["data"], {"id": "extra"}]}, at=40, n=45)
    assert "long page" in err.reason


def test_repeated_page_raises() -> None:
    first = Server(50, cap=10).page(0, 10)
    err = _raise_for(lambda b: {**b, "data": first["data"]})
    assert "repeats the records of the page at offset 0" in err.reason


def test_wrong_offset_raises() -> None:
    err = _raise_for(lambda b: {**b, "offset": 0})
    assert "asked for offset 20" in err.reason


def test_first_page_short_raises() -> None:
    server = Server(50, cap=10)
    server.tamper[0] = lambda b: {**b, "data": b["data"][:9]}
    with pytest.raises(PaginationError, match="short page"):
        list(iter_pages(server, page_size=10))


def test_missing_limit_on_a_multi_page_listing_raises() -> None:
    server = Server(50, cap=10)
    server.tamper[0] = lambda b: {k: v for k, v in b.items() if k != "limit"}
    with pytest.raises(PaginationError, match="no usable limit"):
        list(iter_pages(server, page_size=10))


def test_missing_limit_is_fine_when_everything_fits() -> None:
    server = Server(4)
    server.tamper[0] = lambda b: {k: v for k, v in b.items() if k != "limit"}
    assert len(records(iter_pages(server, page_size=10))) == 4


@pytest.mark.parametrize("body, key", [({"data": []}, "total"), ({"total": 1}, "data"),
                                       ({"total": "3", "data": []}, "total")])
def test_a_body_that_is_not_a_page_raises_payload_error(body: dict, key: str) -> None:
    def fetch(offset: int, limit: int) -> FetchedPage:
        return FetchedPage("https://api.test/x/", b"", body)

    with pytest.raises(PayloadError) as info:
        list(iter_pages(fetch, page_size=10))
    assert info.value.key == key
    assert info.value.resource == "https://api.test/x/"


def test_empty_listing_is_one_page() -> None:
    server = Server(0)
    pages = list(iter_pages(server, page_size=10))
    assert len(pages) == 1 and server.calls == [(0, 10)]


# -- keep_data=False: raw bodies and counts only -------------------------------------------------
def test_pages_without_data_carry_count_and_total() -> None:
    server = Server(23, cap=10)
    pages = list(iter_pages(server, page_size=100, concurrency=3, keep_data=False))
    assert [p.data for p in pages] == [None, None, None]
    assert [p.count for p in pages] == [10, 10, 3]
    assert {p.total for p in pages} == {len(server.records)}


def test_pages_without_data_are_still_checked() -> None:
    server = Server(30, cap=10)
    server.tamper[10] = lambda body: {**body, "data": body["data"][:-1]}
    with pytest.raises(PaginationError, match="short page"):
        list(iter_pages(server, page_size=10, concurrency=2, keep_data=False))
    server = Server(30, cap=10)
    server.tamper[20] = lambda body: {**body, "data": server.records[:10]}
    with pytest.raises(PaginationError, match="repeats"):
        list(iter_pages(server, page_size=10, concurrency=2, keep_data=False))


# -- reading in blocks -------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 60), cap=st.integers(1, 7), concurrency=st.integers(1, 4),
       block_bytes=st.integers(1, 600), delays=st.lists(st.sampled_from([0, 0, 0.001, 0.003]),
                                                        min_size=1, max_size=9),
       fail_at=st.none() | st.integers(1, 6))
def test_blocks_are_read_in_order_once_each_flushed_at_its_size(
        n: int, cap: int, concurrency: int, block_bytes: int, delays: list[float],
        fail_at: int | None) -> None:
    """Whatever the arrival order: every page is read once, in blocks that follow the
    offsets, none longer than needed to reach ``block_bytes``; an error in one block's read
    reaches the caller after exactly the pages of the blocks before it."""
    from deepva_frames.client.paging import read_json_page

    server = Server(n, cap=cap)
    turns = iter(range(10**6))

    def fetch(offset: int, limit: int) -> FetchedPage:
        time.sleep(delays[next(turns) % len(delays)])  # pages arrive out of order
        page = server.raw(offset, limit)  # sizes that differ page by page:
        return FetchedPage(page.url, page.body + b" " * (offset % 3) * 40)

    blocks: list[list[int]] = []
    sizes: list[list[int]] = []

    def read_block(pages: list[FetchedPage], offsets: list[int]) -> list[Any]:
        blocks.append(list(offsets))
        sizes.append([len(p.body) for p in pages])
        if fail_at is not None and len(blocks) == fail_at + 1:
            raise RuntimeError(f"block {fail_at} is unreadable")
        return [read_json_page(page, offset) for page, offset in zip(pages, offsets,
                                                                     strict=True)]

    yielded: list[Any] = []
    planned = [0, *plan_offsets(n, cap if n else 1)]
    try:
        for page in iter_pages(fetch, page_size=cap, concurrency=concurrency,
                               read_block=read_block, block_bytes=block_bytes):
            yielded.append(page)
    except RuntimeError as error:
        assert fail_at is not None and str(error) == f"block {fail_at} is unreadable"
        assert [o for b in blocks[:fail_at] for o in b] == [
            p.data["offset"] for p in yielded]
        read = [o for b in blocks for o in b]
        assert read == planned[:len(read)]
        return
    assert fail_at is None or len(blocks) <= fail_at
    assert [o for b in blocks for o in b] == planned
    assert blocks[0] == [0]
    assert all(sum(s[:-1]) < block_bytes for s in sizes)
    assert records(yielded) == server.records


@pytest.mark.parametrize("blocks", [False, True])
def test_a_listing_stops_without_joining_a_thread(monkeypatch, blocks) -> None:
    """Stopping (a caller that breaks off, a block that fails) ends the fetching at once
    and joins no thread: when the garbage collector closes an abandoned listing, a join
    can deadlock (Python 3.10 runs the collector inside another thread's start-up)."""
    from deepva_frames.client.paging import read_json_page

    def read_block(pages: list[FetchedPage], offsets: list[int]) -> list[Any]:
        if offsets[0] >= 40:
            raise RuntimeError("unreadable block")
        return [read_json_page(p, o) for p, o in zip(pages, offsets, strict=True)]

    server = Server(500, cap=5, delay=0.002)
    options = {"read_block": read_block, "block_bytes": 1} if blocks else {}
    joined: list[Any] = []
    monkeypatch.setattr(threading.Thread, "join",
                        lambda thread, timeout=None: joined.append(thread))
    gen = iter_pages(server.raw, page_size=5, concurrency=4, **options)
    if blocks:
        with pytest.raises(RuntimeError, match="unreadable block"):
            list(gen)
    else:
        for _ in range(3):
            next(gen)
        gen.close()
    assert server.in_flight == 0 and joined == []
    calls = len(server.calls)
    time.sleep(0.05)
    assert len(server.calls) == calls  # nothing queued went on
