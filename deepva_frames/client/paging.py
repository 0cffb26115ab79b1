"""Safe offset paging: plan every page from the first one, fetch them concurrently, check them.

The first page (offset 0) is read alone. Its ``total`` and the ``limit`` the *server*
returned (servers cap the page size, so the requested size is never assumed) give the
offsets of all remaining pages, which are requested against the base URL, a bounded window
of them at a time on a thread pool, and yielded in offset order. ``next``/``prev`` links in
a page body are never requested.

Every page is checked; on any inconsistency :class:`~deepva_frames.errors.PaginationError`
is raised naming the page's URL. Paging does **not** re-plan (the listing changed under us,
so no plan is trustworthy; the caller may simply call again):

- the page's ``total`` differs from the first page's (records were added or removed);
- the page's ``offset`` differs from the requested one;
- the page holds fewer records than ``min(limit, total - offset)`` (short) or more;
- the page holds the same records as another page (repeated).

A page that is not a pagination object (no integer ``total``, no ``data`` list) raises
:class:`~deepva_frames.errors.PayloadError`.

>>> pages = {0: {"total": 5, "offset": 0, "limit": 2, "data": [1, 2]},
...          2: {"total": 5, "offset": 2, "limit": 2, "data": [3, 4]},
...          4: {"total": 5, "offset": 4, "limit": 2, "data": [5]}}
>>> def fetch(offset, limit):
...     return FetchedPage(f"u?offset={offset}", b"", pages[offset])
>>> [r for page in iter_pages(fetch, page_size=100) for r in page.data["data"]]
[1, 2, 3, 4, 5]
>>> plan_offsets(total=25, limit=10)
[10, 20]
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from .._progress import progress_bar
from ..errors import PaginationError, PayloadError

__all__ = ["FetchedPage", "expected_count", "iter_pages", "plan_offsets", "records_of"]


@dataclass(frozen=True)
class FetchedPage:
    """One page as fetched: its URL, its raw body bytes and the parsed body.

    ``data`` is None when the caller asked :func:`iter_pages` not to keep parsed records
    (``keep_data=False``); pages from :func:`iter_pages` always carry ``count`` (records
    on the page) and ``total`` (records in the listing).
    """

    url: str
    body: bytes
    data: Any
    count: int = -1
    total: int = -1


#: fetch(offset, limit) -> FetchedPage; must raise on transport/API errors.
Fetch = Callable[[int, int], FetchedPage]
T = TypeVar("T")


def plan_offsets(total: int, limit: int, *, max_rows: int | None = None) -> list[int]:
    """Offsets of the pages after the first one (offset 0) for ``total`` records.

    ``max_rows`` stops the plan once that many records are covered.

    >>> plan_offsets(total=30, limit=10)
    [10, 20]
    >>> plan_offsets(total=30, limit=10, max_rows=11)
    [10]
    >>> plan_offsets(total=3, limit=10)
    []
    """
    end = total if max_rows is None else min(total, max_rows)
    return list(range(limit, end, limit))


def expected_count(offset: int, limit: int, total: int) -> int:
    """Records a page at ``offset`` must hold: ``min(limit, total - offset)`` (never < 0).

    >>> expected_count(20, 10, 25), expected_count(0, 10, 3)
    (5, 3)
    """
    return max(0, min(limit, total - offset))


def records_of(page: FetchedPage) -> list[Any]:
    """The ``data`` list of a fetched page."""
    return page.data["data"]


def _check_shape(page: FetchedPage) -> tuple[int, list[Any]]:
    body = page.data
    if not isinstance(body, dict):
        raise PayloadError(page.url, f"expected a pagination object, got {type(body).__name__}")
    total, data = body.get("total"), body.get("data")
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise PayloadError(page.url, "missing or invalid page total", key="total")
    if not isinstance(data, list):
        raise PayloadError(page.url, "missing or invalid page data", key="data")
    return total, data


def _server_limit(page: FetchedPage, total: int, received: int) -> int:
    """The page size the server used; PaginationError when it is unusable and needed."""
    limit = page.data.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return limit
    if received >= total:
        return max(received, 1)
    raise PaginationError(page.url, f"the server returned no usable limit ({limit!r}) "
                                    f"for a listing of {total} records")


def _digest(data: list[Any]) -> str:
    """A fingerprint of a page's records: its length and its first and last records.

    Records at different offsets of a listing are different items, so two pages agreeing
    on both ends and on length hold the same records; hashing only the ends keeps the
    check cheap on pages of thousands of detections.
    """
    ends = [len(data), data[0], data[-1]]
    text = json.dumps(ends, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _PageFacts:
    """What the checks need of a page, taken in the fetching thread."""

    total: int
    offset: Any
    count: int
    digest: str | None


def _facts(page: FetchedPage, offset: int) -> _PageFacts:
    total, data = _check_shape(page)
    return _PageFacts(total, page.data.get("offset", offset), len(data),
                      _digest(data) if data else None)


class _Checker:
    """Checks every page against the plan made from the first one."""

    def __init__(self, total: int, limit: int):
        self.total = total
        self.limit = limit
        self.seen: dict[str, int] = {}

    def check(self, url: str, facts: _PageFacts, offset: int) -> None:
        if facts.total != self.total:
            raise PaginationError(url, f"total changed from {self.total} to {facts.total}")
        if facts.offset != offset:
            raise PaginationError(url, f"asked for offset {offset}, got {facts.offset!r}")
        want = expected_count(offset, self.limit, self.total)
        if facts.count != want:
            kind = "short" if facts.count < want else "long"
            raise PaginationError(url, f"{kind} page: {facts.count} records at offset "
                                       f"{offset}, expected {want}")
        if facts.digest is not None:
            other = self.seen.setdefault(facts.digest, offset)
            if other != offset:
                raise PaginationError(url, f"page at offset {offset} repeats the records "
                                           f"of the page at offset {other}")


def iter_pages(fetch: Fetch, *, page_size: int, max_rows: int | None = None,
               concurrency: int = 4, progress: bool = False, desc: str | None = None,
               keep_data: bool = True) -> Iterator[FetchedPage]:
    """Every page of a listing, in offset order (see the module docstring for the checks).

    ``fetch(offset, limit)`` requests one page. The first page asks for
    ``min(page_size, max_rows)`` records; later pages use the server's limit. ``max_rows``
    stops once that many records are covered (the last page may hold more: trim them).
    With ``keep_data=False`` the parsed body is dropped in the fetching thread once the
    page is checked (pages carry their raw ``body`` and record ``count``), so memory holds
    raw bytes, not parsed records.

    Raises PaginationError (naming the URL) when the listing changes under us; it does not
    re-plan.
    """
    first_limit = max(1, min(page_size, max_rows) if max_rows else page_size)
    first = fetch(0, first_limit)
    facts = _facts(first, 0)
    limit = _server_limit(first, facts.total, facts.count)
    checker = _Checker(facts.total, limit)
    checker.check(first.url, facts, 0)
    offsets = plan_offsets(facts.total, limit, max_rows=max_rows)

    def fetch_checked(offset: int, size: int) -> tuple[FetchedPage, _PageFacts]:
        page = fetch(offset, size)
        found = _facts(page, offset)
        return _slim(page, found, keep_data), found

    with progress_bar(progress and bool(offsets), total=len(offsets) + 1, unit="page",
                      desc=desc) as bar:
        bar.update(1)
        yield _slim(first, facts, keep_data)
        for offset, (page, found) in _fetch_in_order(fetch_checked, offsets, limit,
                                                     concurrency):
            checker.check(page.url, found, offset)
            bar.update(1)
            yield page


def _slim(page: FetchedPage, facts: _PageFacts, keep_data: bool) -> FetchedPage:
    return FetchedPage(page.url, page.body, page.data if keep_data else None, facts.count,
                       facts.total)


def _fetch_in_order(fetch: Callable[[int, int], T], offsets: list[int], limit: int,
                    concurrency: int) -> Iterator[tuple[int, T]]:
    """Fetch pages on a thread pool, at most 2 x concurrency in flight, yielded in order."""
    if not offsets:
        return
    workers = max(1, min(concurrency, len(offsets)))
    if workers == 1:
        for offset in offsets:
            yield offset, fetch(offset, limit)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deepva-page")
    pending: deque[tuple[int, Future[T]]] = deque()
    todo = iter(offsets)
    try:
        for offset in todo:
            pending.append((offset, pool.submit(fetch, offset, limit)))
            if len(pending) >= 2 * workers:
                break
        while pending:
            offset, future = pending.popleft()
            page = future.result()
            following = next(todo, None)
            if following is not None:
                pending.append((following, pool.submit(fetch, following, limit)))
            yield offset, page
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
