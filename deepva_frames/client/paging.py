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
- the page holds the same records as another page (repeated);
- a record id (where records have one) was already on an earlier page: the listing
  shifted, so one record would be there twice and another one missing;
- the first page claims an implausible ``total`` (more than :data:`MAX_TOTAL`); the
  plan of offsets is lazy, so even a plausible huge total costs no memory up front.

Each body is parsed once: the ``read`` function parses it (or builds its table) and
returns the facts these checks need.

A page that is not a pagination object (no integer ``total``, no ``data`` list) raises
:class:`~deepva_frames.errors.PayloadError`.

>>> pages = {0: {"total": 5, "offset": 0, "limit": 2, "data": [1, 2]},
...          2: {"total": 5, "offset": 2, "limit": 2, "data": [3, 4]},
...          4: {"total": 5, "offset": 4, "limit": 2, "data": [5]}}
>>> def fetch(offset, limit):
...     return FetchedPage(f"u?offset={offset}", b"", pages[offset])
>>> [r for page in iter_pages(fetch, page_size=100) for r in page.data["data"]]
[1, 2, 3, 4, 5]
>>> list(plan_offsets(total=25, limit=10))
[10, 20]
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from .._ahead import read_ahead, release
from .._progress import progress_bar
from ..errors import PaginationError, PayloadError
from .wire import parse_json

__all__ = ["BLOCK_BYTES", "MAX_TOTAL", "FetchedPage", "PageFacts", "expected_count",
           "facts_of", "iter_pages", "plan_offsets", "read_json_page", "records_of"]


@dataclass(frozen=True)
class FetchedPage:
    """One page as fetched: its URL, its raw body bytes and what was read from it.

    ``data`` is the parsed body by default, or what the ``read`` function given to
    :func:`iter_pages` made of the body (e.g. Arrow tables), or None when the caller
    asked not to keep it (``keep_data=False``); pages from :func:`iter_pages` always
    carry ``count`` (records on the page) and ``total`` (records in the listing).
    """

    url: str
    body: bytes
    data: Any = None
    count: int = -1
    total: int = -1


@dataclass(frozen=True)
class PageFacts:
    """What the paging checks need of a page, taken from the parse that reads it.

    ``ids`` are the ids of the page's records that have one (None: records have no ids);
    ``ends`` its first and last records (or any values that identify them), for the
    repeated-page check.

    >>> facts_of("u", {"total": 2, "offset": 0, "limit": 5, "data": [{"id": 1}, {}]}, 0).ids
    (1,)
    """

    total: Any
    offset: Any
    limit: Any
    count: int
    ids: tuple[Any, ...] | None = None
    ends: tuple[Any, Any] | None = None


#: fetch(offset, limit) -> FetchedPage; must raise on transport/API errors.
Fetch = Callable[[int, int], FetchedPage]
#: read(page, requested offset) -> (facts, what to keep of the page); runs once per page.
Read = Callable[[FetchedPage, int], tuple[PageFacts, Any]]
#: read_block(pages, requested offsets) -> (facts, what to keep) per page: one parse a block.
ReadBlock = Callable[[Sequence[FetchedPage], Sequence[int]], list[tuple[PageFacts, Any]]]
#: Bytes of page bodies read together by a block reader.
BLOCK_BYTES = 4 << 20
T = TypeVar("T")

#: The largest ``total`` a listing may claim: beyond it the server is broken, not big.
MAX_TOTAL = 10**9
#: Pages requested ahead of the one the caller reads, per worker: workers never wait for a
#: caller busy building a block's tables (with 8 workers, 64 pages; 2 per worker left
#: them idle a third of the time on a 50 ms server).
AHEAD = 8


def plan_offsets(total: int, limit: int, *, max_rows: int | None = None) -> range:
    """Offsets of the pages after the first one (offset 0) for ``total`` records (lazy).

    ``max_rows`` stops the plan once that many records are covered.

    >>> list(plan_offsets(total=30, limit=10))
    [10, 20]
    >>> list(plan_offsets(total=30, limit=10, max_rows=11))
    [10]
    >>> len(plan_offsets(total=10**12, limit=10))
    99999999999
    """
    end = total if max_rows is None else min(total, max_rows)
    return range(limit, end, limit)


def expected_count(offset: int, limit: int, total: int) -> int:
    """Records a page at ``offset`` must hold: ``min(limit, total - offset)`` (never < 0).

    >>> expected_count(20, 10, 25), expected_count(0, 10, 3)
    (5, 3)
    """
    return max(0, min(limit, total - offset))


def records_of(page: FetchedPage) -> list[Any]:
    """The ``data`` list of a fetched page (read by the default reader)."""
    return page.data["data"]


def _record_ids(data: list[Any]) -> tuple[Any, ...] | None:
    ids = tuple(r["id"] for r in data if isinstance(r, dict) and r.get("id") is not None)
    return ids or None


def facts_of(url: str, body: Any, offset: int) -> PageFacts:
    """The paging facts of a parsed page body; PayloadError when it is not a page.

    >>> facts_of("u", {"total": 1, "data": [7]}, 0)
    PageFacts(total=1, offset=0, limit=None, count=1, ids=None, ends=(7, 7))
    """
    if not isinstance(body, dict):
        raise PayloadError(url, f"expected a pagination object, got {type(body).__name__}")
    data = body.get("data")
    if not isinstance(data, list):
        raise PayloadError(url, "missing or invalid page data", key="data")
    return PageFacts(body.get("total"), body.get("offset", offset), body.get("limit"),
                     len(data), _record_ids(data), (data[0], data[-1]) if data else None)


def read_json_page(page: FetchedPage, offset: int) -> tuple[PageFacts, Any]:
    """The default reader: the body parsed once (``page.data`` when already parsed).

    >>> read_json_page(FetchedPage("u", b'{"total": 0, "data": []}'), 0)[1]
    {'total': 0, 'data': []}
    """
    body = page.data if page.data is not None else parse_json(page.body, page.url)
    return facts_of(page.url, body, offset), body


def _checked_total(url: str, total: Any) -> int:
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise PayloadError(url, f"missing or invalid page total ({total!r})", key="total")
    if total > MAX_TOTAL:
        raise PaginationError(url, f"implausible total {total} (more than {MAX_TOTAL} "
                                   "records): refusing to plan its pages")
    return total


def _server_limit(url: str, limit: Any, total: int, received: int) -> int:
    """The page size the server used; PaginationError when it is unusable and needed."""
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return limit
    if received >= total:
        return max(received, 1)
    raise PaginationError(url, f"the server returned no usable limit ({limit!r}) "
                               f"for a listing of {total} records")


def _digest(facts: PageFacts) -> Any:
    """A fingerprint of a page's records: its length and its first and last records.

    Records at different offsets of a listing are different items, so two pages agreeing
    on both ends and on length hold the same records; hashing only the ends keeps the
    check cheap on pages of thousands of detections. Records with ids are told by them.
    """
    if facts.ends is None:
        return None
    if facts.ids is not None and len(facts.ids) == facts.count:
        return ("ids", facts.count, _id_key(facts.ids[0]), _id_key(facts.ids[-1]))
    text = json.dumps([facts.count, *facts.ends], sort_keys=True, separators=(",", ":"),
                      default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _id_key(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return (type(value).__name__, value)


class _Checker:
    """Checks every page against the plan made from the first one.

    Record ids (where records have them) must be unique across the listing: with every
    page holding the expected count, ``total`` records with unique ids means none is
    missing and none is there twice, even when a page is shifted by a record.
    """

    def __init__(self, total: int, limit: int):
        self.total = total
        self.limit = limit
        self.seen: dict[Any, int] = {}
        self.ids: set[Any] = set()

    def check(self, url: str, facts: PageFacts, offset: int) -> None:
        if facts.total != self.total and _checked_total(url, facts.total) != self.total:
            raise PaginationError(url, f"total changed from {self.total} to {facts.total!r}")
        if facts.offset != offset:
            raise PaginationError(url, f"asked for offset {offset}, got {facts.offset!r}")
        want = expected_count(offset, self.limit, self.total)
        if facts.count != want:
            kind = "short" if facts.count < want else "long"
            raise PaginationError(url, f"{kind} page: {facts.count} records at offset "
                                       f"{offset}, expected {want}")
        digest = _digest(facts)
        if digest is not None:
            other = self.seen.setdefault(digest, offset)
            if other != offset:
                raise PaginationError(url, f"page at offset {offset} repeats the records "
                                           f"of the page at offset {other}")
        self._check_ids(url, facts, offset)

    def _check_ids(self, url: str, facts: PageFacts, offset: int) -> None:
        for record_id in facts.ids or ():
            key = _id_key(record_id)
            if key in self.ids:
                raise PaginationError(url, f"record id {record_id!r} on the page at offset "
                                           f"{offset} was already listed: the listing shifted "
                                           "(a record is there twice, another one missing)")
            self.ids.add(key)


def iter_pages(fetch: Fetch, *, page_size: int, max_rows: int | None = None,
               concurrency: int = 4, progress: bool = False, desc: str | None = None,
               keep_data: bool = True, read: Read = read_json_page,
               read_block: ReadBlock | None = None,
               block_bytes: int = BLOCK_BYTES) -> Iterator[FetchedPage]:
    """Every page of a listing, in offset order (see the module docstring for the checks).

    ``fetch(offset, limit)`` requests one page. The first page asks for
    ``min(page_size, max_rows)`` records; later pages use the server's limit. ``max_rows``
    stops once that many records are covered (the last page may hold more: trim them).
    ``read(page, offset)`` parses each body once, in the fetching thread, and returns the
    facts the checks need and what the page's ``data`` becomes (default: the parsed
    body), so tables can be built while later pages are on the way. With
    ``keep_data=False`` that is dropped once the page is checked (pages carry their raw
    ``body`` and record ``count``), so memory holds raw bytes, not parsed records.
    ``read_block`` replaces ``read`` with one call per block of about ``block_bytes`` of
    bodies, in the consuming thread, as soon as the block has arrived (a columnar parser
    pays its set-up once a block, not once a page); pages are checked and yielded in
    order after their block is read.

    Raises PaginationError (naming the URL) when the listing changes under us or its
    ``total`` is implausible; it does not re-plan.
    """
    first_limit = max(1, min(page_size, max_rows) if max_rows else page_size)
    first = fetch(0, first_limit)
    facts, product = read_block([first], [0])[0] if read_block else read(first, 0)
    total = _checked_total(first.url, facts.total)
    limit = _server_limit(first.url, facts.limit, total, facts.count)
    checker = _Checker(total, limit)
    checker.check(first.url, facts, 0)
    offsets = plan_offsets(total, limit, max_rows=max_rows)

    def fetch_read(offset: int, size: int) -> tuple[FetchedPage, PageFacts, Any]:
        page = fetch(offset, size)
        found, made = read(page, offset)
        return page, found, made

    read_pages: Iterator[tuple[FetchedPage, PageFacts, Any]]
    fetched: Iterator[Any]
    if read_block is None:
        fetched = _fetch_in_order(fetch_read, offsets, limit, concurrency)
        read_pages = (item for _, item, _ in fetched)
    else:
        fetched = _fetch_in_order(fetch, offsets, limit, concurrency)
        read_pages = _read_in_blocks(fetched, read_block, block_bytes)
    with progress_bar(progress and bool(offsets), total=len(offsets) + 1, unit="page",
                      desc=desc) as bar:
        try:
            bar.update(1)
            yield _slim(first, facts, product, keep_data)
            for offset, (page, found, made) in zip(offsets, read_pages, strict=False):
                checker.check(page.url, found, offset)
                bar.update(1)
                yield _slim(page, found, made, keep_data)
        finally:  # a check that failed, or a caller that stopped: the fetching ends now
            _close(read_pages)
            _close(fetched)


def _read_in_blocks(fetched: Iterator[tuple[int, FetchedPage, bool]], read_block: ReadBlock,
                    block_bytes: int) -> Iterator[tuple[FetchedPage, PageFacts, Any]]:
    """(page, facts, product) in order, reading pages a block at a time as they arrive.

    A block is read once it holds ``block_bytes``, or earlier when the next page has not
    arrived yet (the time would be spent waiting). It is read on a worker thread while
    the next block is gathered (Arrow releases the GIL), one block at a time, in order.
    """
    def read(block: tuple[list[FetchedPage], list[int]]) -> list[tuple[PageFacts, Any]]:
        return read_block(*block)

    blocks = read_ahead(_blocks(fetched, block_bytes), read, name="deepva-read")
    try:
        for (pages, _), read_pages in blocks:
            for page, (facts, product) in zip(pages, read_pages, strict=True):
                yield page, facts, product
    finally:  # now, not whenever the collector finds them (after an error, say)
        _close(blocks)
        _close(fetched)


def _close(iterator: Iterator[Any]) -> None:
    close = getattr(iterator, "close", None)
    if close is not None:
        close()


def _blocks(fetched: Iterator[tuple[int, FetchedPage, bool]], block_bytes: int
            ) -> Iterator[tuple[list[FetchedPage], list[int]]]:
    pages: list[FetchedPage] = []
    offsets: list[int] = []
    size = 0
    for offset, page, next_ready in fetched:
        pages.append(page)
        offsets.append(offset)
        size += len(page.body)
        if size >= block_bytes or not next_ready:
            yield pages, offsets
            pages, offsets, size = [], [], 0
    if pages:
        yield pages, offsets


def _slim(page: FetchedPage, facts: PageFacts, product: Any, keep_data: bool) -> FetchedPage:
    return FetchedPage(page.url, page.body, product if keep_data else None, facts.count,
                       facts.total)


def _fetch_in_order(fetch: Callable[[int, int], T], offsets: Sequence[int], limit: int,
                    concurrency: int) -> Iterator[tuple[int, T, bool]]:
    """Fetch pages on a thread pool, ``AHEAD`` x workers requested ahead, yielded in order
    as (offset, page, whether the next page has arrived too); one worker fetches in the
    caller's thread (the next page is then always there, as soon as asked for)."""
    if not offsets:
        return
    workers = max(1, min(concurrency, len(offsets)))
    if workers == 1:
        for offset in offsets:
            yield offset, fetch(offset, limit), True
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deepva-page")

    def submit(offset: int) -> Future[T]:  # in a copy of the caller's context: its scopes
        return pool.submit(contextvars.copy_context().run, fetch, offset, limit)

    pending: deque[tuple[int, Future[T]]] = deque()
    todo = iter(offsets)
    try:
        for offset in todo:
            pending.append((offset, submit(offset)))
            if len(pending) >= AHEAD * workers:
                break
        while pending:
            offset, future = pending.popleft()
            page = future.result()
            following = next(todo, None)
            if following is not None:
                pending.append((following, submit(following)))
            yield offset, page, not pending or pending[0][1].done()
    finally:  # the requests in flight end first; no thread is joined (see release)
        release(pool, [future for _, future in pending])
