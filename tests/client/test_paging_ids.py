"""Paging never returns a duplicated or a missing record, and never plans an absurd listing.

Properties over page shapes the tests do not choose: listings of any length and server
cap, pages shifted, with a record repeated, dropped or swapped. Either iter_pages yields
exactly the listing's records, each once, or it raises PaginationError.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.client.collector import collector_paused
from deepva_frames.client.paging import MAX_TOTAL, FetchedPage, iter_pages, plan_offsets
from deepva_frames.errors import PaginationError, PayloadError

URL = "https://api.test/jobs/"


def listing(n: int) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "n": i} for i in range(n)]


def serve(records: list[Any], cap: int, tamper: dict[int, Any] | None = None) -> Any:
    """fetch(offset, limit) over ``records``; ``tamper[offset](data)`` changes a page's data."""
    tamper = tamper or {}

    def fetch(offset: int, limit: int) -> FetchedPage:
        size = min(limit, cap)
        data = records[offset:offset + size]
        if offset in tamper:
            data = tamper[offset](records, offset, size)
        body = {"total": len(records), "offset": offset, "limit": size, "data": data}
        return FetchedPage(f"{URL}?offset={offset}&limit={limit}", b"", body)
    return fetch


def shifted(by: int) -> Any:
    return lambda records, offset, size: records[offset + by:offset + by + size]


def repeated_record(records: list[Any], offset: int, size: int) -> list[Any]:
    data = records[offset:offset + size]
    return [records[0], *data[1:]] if offset else data


def swapped_in_from_later(records: list[Any], offset: int, size: int) -> list[Any]:
    data = records[offset:offset + size]
    return [*data[:-1], records[-1]] if offset + size < len(records) else data


FAULTS = {"shift+1": shifted(1), "shift-1": shifted(-1), "repeat": repeated_record,
          "swap": swapped_in_from_later}


@settings(max_examples=80, deadline=None)
@given(n=st.integers(2, 90), cap=st.integers(1, 12), page_size=st.integers(1, 30),
       fault=st.sampled_from(sorted(FAULTS)), at_page=st.integers(1, 20),
       concurrency=st.integers(1, 4))
def test_a_tampered_page_never_yields_a_duplicate_or_a_missing_record(
        n: int, cap: int, page_size: int, fault: str, at_page: int, concurrency: int) -> None:
    records = listing(n)
    limit = min(cap, page_size)
    offset = (at_page * limit) if at_page * limit < n else limit * ((n - 1) // limit)
    fetch = serve(records, cap, {offset: FAULTS[fault]} if offset else {})
    try:
        pages = list(iter_pages(fetch, page_size=page_size, concurrency=concurrency))
    except PaginationError as exc:
        assert exc.url.startswith(URL)
        return
    got = [r["id"] for page in pages for r in page.data["data"]]
    assert got == [r["id"] for r in records]  # exactly the listing, each record once


def test_a_page_shifted_by_one_with_total_unchanged_raises() -> None:
    fetch = serve(listing(30), 10, {10: shifted(1)})
    with pytest.raises(PaginationError, match=r"r20.*already listed") as info:
        list(iter_pages(fetch, page_size=10, concurrency=1))
    assert "offset=20" in info.value.url


def test_records_without_ids_still_get_the_other_checks() -> None:
    records = list(range(30))
    fetch = serve(records, 10, {20: lambda r, o, s: r[0:10]})
    with pytest.raises(PaginationError, match="repeats"):
        list(iter_pages(fetch, page_size=10))


def test_an_implausible_total_is_refused_naming_it_without_planning() -> None:
    def fetch(offset: int, limit: int) -> FetchedPage:
        body = {"total": 10**12, "offset": offset, "limit": 10, "data": listing(10)}
        return FetchedPage(f"{URL}?offset={offset}", b"", body)

    started = time.perf_counter()
    with pytest.raises(PaginationError, match="implausible total 1000000000000") as info:
        list(iter_pages(fetch, page_size=10))
    assert time.perf_counter() - started < 1.0
    assert info.value.url == f"{URL}?offset=0"


def test_the_plan_is_lazy() -> None:
    plan = plan_offsets(MAX_TOTAL, 1)
    assert len(plan) == MAX_TOTAL - 1 and plan[-1] == MAX_TOTAL - 1


@pytest.mark.parametrize("total", [-1, "3", 2.0, True, None])
def test_a_total_that_is_not_a_count_is_a_payload_error(total: Any) -> None:
    def fetch(offset: int, limit: int) -> FetchedPage:
        return FetchedPage(URL, b"", {"total": total, "data": []})

    with pytest.raises(PayloadError) as info:
        list(iter_pages(fetch, page_size=10))
    assert info.value.key == "total"


def test_each_body_is_parsed_once_by_the_reader() -> None:
    calls: list[int] = []
    fetch = serve(listing(25), 10)

    def read(page: FetchedPage, offset: int) -> Any:
        from deepva_frames.client.paging import read_json_page

        calls.append(offset)
        return read_json_page(page, offset)

    list(iter_pages(fetch, page_size=10, read=read, concurrency=3))
    assert sorted(calls) == [0, 10, 20]


def test_the_collector_is_paused_inside_and_restored_after_nested_and_threaded_use() -> None:
    assert gc.isenabled()
    seen: list[bool] = []

    def worker() -> None:
        with collector_paused():
            time.sleep(0.01)
            seen.append(gc.isenabled())

    with collector_paused():
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not gc.isenabled()
    assert gc.isenabled() and seen == [False] * 4
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: stays off
    finally:
        gc.enable()


def test_pages_read_a_block_at_a_time_keep_order_and_checks() -> None:
    from deepva_frames.client.paging import read_json_page

    blocks: list[list[int]] = []

    def read_block(pages: Any, offsets: Any) -> list[Any]:
        blocks.append(list(offsets))
        return [read_json_page(page, offset) for page, offset in zip(pages, offsets, strict=True)]

    def sized(fetch: Any) -> Any:
        def with_body(offset: int, limit: int) -> FetchedPage:
            page = fetch(offset, limit)
            return FetchedPage(page.url, b"x" * 100, page.data)
        return with_body

    pages = list(iter_pages(sized(serve(listing(55), 5)), page_size=5, concurrency=3,
                            read_block=read_block, block_bytes=300))
    assert [r["id"] for p in pages for r in p.data["data"]] == [r["id"] for r in listing(55)]
    assert blocks[0] == [0] and all(len(b) <= 3 for b in blocks) and len(blocks) >= 4
    assert [o for b in blocks for o in b] == list(range(0, 55, 5))
    with pytest.raises(PaginationError, match="already listed"):
        list(iter_pages(sized(serve(listing(55), 5, {25: shifted(1)})), page_size=5,
                        read_block=read_block, block_bytes=300))
