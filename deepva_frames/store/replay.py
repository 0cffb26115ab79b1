"""Answer GET requests from a PageStore exactly as the DeepVA API would.

Used in-process by the offline Client and over HTTP by :class:`deepva_frames.testing.FakeDeepVA`.
A listing is served page by page from its recorded records: any ``offset``/``limit`` works,
and when the recorded page at that offset has the same limit its raw bytes are returned
unchanged, so replay is byte-identical to what was fetched. That page is found by a scan
of the page heads (:mod:`deepva_frames.store.page_index`) and read from its byte span:
the listing is not parsed. Only requests the recorded pages cannot answer (other page
sizes, filters, records added or hidden) parse the listing's records, and only the few
most recent listings stay parsed, so memory follows the listing being served, not the
store.

>>> import tempfile
>>> from deepva_frames.store import PageStore
>>> store = PageStore(tempfile.mkdtemp(), create=True)
>>> _ = store.put_pages("/jobs/", {}, [{"total": 3, "offset": 0, "limit": 10, "data": [
...     {"id": "a", "tag": "news"}, {"id": "b", "tag": "sport"}, {"id": "c", "tag": "news"}]}])
>>> reply = Replayer(store).get("/jobs/", {"limit": 2, "offset": 2})
>>> reply.status, reply.body
(200, b'{"total":3,"offset":2,"limit":2,"next":null,"prev":null,"data":[{"id":"c","tag":"news"}]}')
>>> [job["id"] for job in Replayer(store).records("/jobs/", {"tag": "news"})]
['a', 'c']
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import OfflineMiss, StoreError
from .filters import filter_for
from .page_index import LruCache, PageIndex, read_span, scan_pages, with_links
from .pages import Entry, PageStore, normalize_path, query_params

__all__ = ["Listing", "Replayer", "Reply"]

JSON = "application/json"
OCTET_STREAM = "application/octet-stream"
_INDEXES_KEPT = 256  # page indexes: a few integers per page
_LISTINGS_KEPT = 3   # parsed listings: the one being served and its neighbours

Params = Mapping[str, Any] | None


@dataclass(frozen=True)
class Reply:
    """One answer: status, body bytes, content type and (for files) the recorded file name.

    >>> Reply(200, b"{}", "application/json").filename is None
    True
    """

    status: int
    body: bytes
    content_type: str
    filename: str | None = None


class Listing:
    """A listing resolved for one request: its records after filters, and the page asked for.

    ``raw`` holds the recorded page bytes when the fast path applies (same offset and
    limit); then ``records`` are only read (parsed) if someone asks for them.

    >>> listing = Listing("jobs", {}, [{"id": "a"}, {"id": "b"}], offset=1, limit=5)
    >>> listing.page()
    {'total': 2, 'offset': 1, 'limit': 5, 'next': None, 'prev': None, 'data': [{'id': 'b'}]}
    """

    def __init__(self, path: str, query: dict[str, str], records: list[Any] | None = None,
                 offset: int = 0, limit: int = 10, raw: bytes | None = None, *,
                 total: int | None = None, load: Callable[[], list[Any]] | None = None):
        if records is None and (load is None or total is None):
            raise ValueError("a Listing needs its records, or a loader and the total")
        self.path, self.query, self.offset, self.limit, self.raw = path, query, offset, limit, raw
        self._records, self._load = records, load
        self.total = len(records) if records is not None else int(total)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return (f"Listing({self.path!r}, {self.query!r}, total={self.total}, "
                f"offset={self.offset}, limit={self.limit})")

    @property
    def records(self) -> list[Any]:
        """All records of the listing (parsed on first use when the listing came raw)."""
        if self._records is None:
            self._records = self._load()  # type: ignore[misc]
        return self._records

    @property
    def data(self) -> list[Any]:
        """The records of the requested page."""
        return self.records[self.offset:self.offset + self.limit]

    def page(self, data: list[Any] | None = None, *, next: str | None = None,
             prev: str | None = None) -> dict[str, Any]:
        """The page body as the API shapes it; ``data`` replaces the page's records."""
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "next": next, "prev": prev, "data": self.data if data is None else data}

    def body(self, *, next: str | None = None, prev: str | None = None) -> bytes:
        """The page's bytes with these links: the recorded bytes with the links spliced in
        when possible, else freshly built JSON.

        >>> Listing("jobs", {}, [1, 2], offset=0, limit=1).body(next="n")
        b'{"total":2,"offset":0,"limit":1,"next":"n","prev":null,"data":[1]}'
        """
        if self.raw is not None:
            spliced = with_links(self.raw, next=next, prev=prev)
            if spliced is not None:
                return spliced
        return dump_json(self.page(next=next, prev=prev))

    def reply(self) -> Reply:
        """The page as a Reply: the recorded bytes when available, else freshly built JSON."""
        body = self.raw if self.raw is not None else dump_json(self.page())
        return Reply(200, body, JSON)


def dump_json(doc: Any) -> bytes:
    """Compact UTF-8 JSON bytes.

    >>> dump_json({"a": [1, "é"]})
    b'{"a":[1,"\\xc3\\xa9"]}'
    """
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def paging(params: Params, default_limit: int, max_limit: int | None) -> tuple[int, int]:
    """The (offset, effective limit) of a request; ValueError for bad values.

    >>> paging({"offset": "20", "limit": 500}, 10, 100)
    (20, 100)
    >>> paging(None, 10, None)
    (0, 10)
    """
    params = params or {}
    offset = _int_param(params, "offset", 0)
    limit = _int_param(params, "limit", default_limit)
    if offset < 0 or limit < 1:
        raise ValueError(f"offset must be >= 0 and limit >= 1 (got {offset}, {limit})")
    return offset, min(limit, max_limit) if max_limit else limit


def _int_param(params: Mapping[str, Any], name: str, default: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an integer, not {value!r}") from None


class Replayer:
    """Serve GETs from a PageStore with the API's pagination and filters.

    ``max_limit`` caps the page size (the served ``limit`` says so); ``default_limit`` is the
    page size when the request gives none. With ``recorded_limits=True`` a request for
    more records than the recorded page at its offset holds gets that page as recorded
    (as the recording server capped it): what an offline client replaying its own
    recording wants. Unknown paths or query parameters raise
    :class:`~deepva_frames.errors.OfflineMiss`; bad ``offset``/``limit`` values raise ValueError.

    >>> import tempfile
    >>> store = PageStore(tempfile.mkdtemp(), create=True)
    >>> _ = store.put_object("/jobs/a/", None, {"id": "a"})
    >>> Replayer(store).get("jobs/a").body
    b'{\\n  "id": "a"\\n}\\n'
    """

    def __init__(self, store: PageStore, *, max_limit: int | None = None,
                 default_limit: int = 10, recorded_limits: bool = False):
        self.store = store
        self.max_limit = max_limit
        self.default_limit = default_limit
        self.recorded_limits = recorded_limits
        self._lock = threading.RLock()
        self._indexes: LruCache[tuple[str, tuple], PageIndex] = LruCache(_INDEXES_KEPT)
        self._parsed: LruCache[tuple[str, tuple], tuple[tuple, list[Any]]] = LruCache(
            _LISTINGS_KEPT)
        self._extra: dict[tuple[str, tuple], list[Any]] = {}
        self._hidden: dict[str, set[str]] = {}
        self._version = 0

    def __repr__(self) -> str:
        return f"Replayer({self.store!r}, max_limit={self.max_limit})"

    # -- public API -----------------------------------------------------------
    def get(self, path: str, params: Params = None) -> Reply:
        """The answer to ``GET path?params``: a page, an object's or a file's stored bytes.

        >>> import tempfile
        >>> store = PageStore(tempfile.mkdtemp(), create=True)
        >>> _ = store.put_file("/storage/1/file/", b"abc", content_type="image/png")
        >>> Replayer(store).get("/storage/1/file/").content_type
        'image/png'
        """
        resolved = self.resolve(path, params)
        return resolved.reply() if isinstance(resolved, Listing) else resolved

    def resolve(self, path: str, params: Params = None) -> Reply | Listing:
        """Like :meth:`get`, but a listing comes back as a :class:`Listing` (to build links).

        >>> import tempfile
        >>> store = PageStore(tempfile.mkdtemp(), create=True)
        >>> _ = store.put_pages("/jobs/", {}, [{"total": 1, "offset": 0, "limit": 10,
        ...                                     "data": [{"id": "a"}]}])
        >>> Replayer(store).resolve("/jobs/", {"limit": 5}).data
        [{'id': 'a'}]
        """
        norm, query = normalize_path(path), query_params(params)
        offset, limit = paging(params, self.default_limit, self.max_limit)
        entry = self.store.get(norm, query)
        if entry is not None and entry.kind != "pages":
            return self._entry_reply(entry)
        if entry is not None and not self._changed(norm, query):
            listing = self._recorded_page(entry, norm, query, offset, limit)
            if listing is not None:
                return listing
        return Listing(norm, query, self._records(norm, query, entry), offset, limit)

    def _recorded_page(self, entry: Entry, norm: str, query: dict[str, str], offset: int,
                       limit: int) -> Listing | None:
        """The recorded page answering this request, read from its span (no parse)."""
        index = self._index(entry)
        span = index.spans.get((offset, limit))
        if span is None and self.recorded_limits and offset in index.by_offset:
            recorded_limit, at = index.by_offset[offset]
            span, limit = (at, recorded_limit) if recorded_limit <= limit else (None, limit)
        if span is None:
            return None
        total = entry.meta.get("records")
        total = total if isinstance(total, int) else index.total
        if total is None:
            return None
        return Listing(norm, query, None, offset, limit, read_span(entry.data_file, span),
                       total=total, load=lambda: self._records(norm, query, entry))

    def records(self, path: str, params: Params = None) -> list[Any]:
        """All records of a listing after filters (a shallow copy of the cached list).

        >>> import tempfile
        >>> store = PageStore(tempfile.mkdtemp(), create=True)
        >>> Replayer(store).records("/jobs/")
        Traceback (most recent call last):
        ...
        deepva_frames.errors.OfflineMiss: not in the page store: GET /jobs/ ...
        """
        norm, query = normalize_path(path), query_params(params)
        return list(self._records(norm, query, self.store.get(norm, query)))

    def add_records(self, path: str, records: list[Any], params: Params = None) -> None:
        """Append records to a listing in memory (it exists from then on, even if empty).

        The record objects are kept, not copied: changing one later changes what is served.

        >>> import tempfile
        >>> replayer = Replayer(PageStore(tempfile.mkdtemp(), create=True))
        >>> replayer.add_records("/jobs/", [{"id": "new"}])
        >>> replayer.records("/jobs/")
        [{'id': 'new'}]
        """
        key = (normalize_path(path), tuple(query_params(params).items()))
        with self._lock:
            self._extra.setdefault(key, []).extend(records)
            self._version += 1

    def hide(self, path: str, record_id: Any) -> None:
        """Leave the record with this ``id`` out of the listing at ``path`` (any query).

        >>> import tempfile
        >>> replayer = Replayer(PageStore(tempfile.mkdtemp(), create=True))
        >>> replayer.add_records("/jobs/", [{"id": "a"}, {"id": "b"}])
        >>> replayer.hide("jobs", "a")
        >>> replayer.records("/jobs/"), replayer.is_listed("/jobs/", "b")
        ([{'id': 'b'}], True)
        """
        with self._lock:
            self._hidden.setdefault(normalize_path(path), set()).add(str(record_id))
            self._version += 1

    def is_listed(self, path: str, record_id: Any) -> bool:
        """True when a record with this ``id`` is in some recorded or added listing at ``path``
        (see :meth:`hide` for an example)."""
        norm, wanted = normalize_path(path), str(record_id)
        queries = {tuple(e.params.items()) for e in self.store.entries(norm) if e.kind == "pages"}
        with self._lock:
            queries |= {query for (p, query) in self._extra if p == norm}
        for query in queries:
            records = self._records(norm, dict(query), self.store.get(norm, dict(query)))
            if any(isinstance(r, dict) and str(r.get("id")) == wanted for r in records):
                return True
        return False

    # -- entries --------------------------------------------------------------
    def _entry_reply(self, entry: Entry) -> Reply:
        body = self.store.read_bytes(entry)
        if entry.kind == "object":
            return Reply(200, body, JSON)
        return Reply(200, body, entry.meta.get("content_type") or OCTET_STREAM,
                     entry.meta.get("filename"))

    @staticmethod
    def _signature(entry: Entry) -> tuple[Any, ...]:
        stat = entry.data_file.stat()
        return (stat.st_mtime_ns, stat.st_size, entry.fingerprint)

    def _index(self, entry: Entry) -> PageIndex:
        """Where the entry's recorded pages are, re-scanned when its file changed."""
        signature = self._signature(entry)
        key = (normalize_path(entry.path), tuple(entry.params.items()))
        index = self._indexes.get(key)
        if index is None or index.signature != signature:
            index = scan_pages(entry.data_file, signature)
            self._indexes.put(key, index)
        return index

    # -- records --------------------------------------------------------------
    def _records(self, norm: str, query: dict[str, str], entry: Entry | None) -> list[Any]:
        """All records of a listing, parsed; only the last few listings stay parsed."""
        if entry is not None and entry.kind != "pages":
            raise OfflineMiss("/" + norm + "/", query)
        key = (norm, tuple(query.items()))
        with self._lock:
            version = self._version
        signature = (self._signature(entry) if entry is not None else None, version)
        cached = self._parsed.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        if entry is not None:
            base = _parse_records(entry, self.store.read_page_lines(entry))
            records = self._visible(norm, base + self._extra_of(norm, query))
        else:
            records = self._visible(norm, self._derived(norm, query))
        self._parsed.put(key, (signature, records))
        return records

    def _extra_of(self, norm: str, query: dict[str, str]) -> list[Any]:
        with self._lock:
            return list(self._extra.get((norm, tuple(query.items())), []))

    def _visible(self, norm: str, records: list[Any]) -> list[Any]:
        hidden = self._hidden.get(norm)
        if not hidden:
            return records
        return [r for r in records if not (isinstance(r, dict) and str(r.get("id")) in hidden)]

    def _changed(self, norm: str, query: dict[str, str]) -> bool:
        """True when records were added to or hidden from this listing."""
        with self._lock:
            return (norm, tuple(query.items())) in self._extra or bool(self._hidden.get(norm))

    def _derived(self, norm: str, query: dict[str, str]) -> list[Any]:
        """An unrecorded listing: the recorded one filtered, or records added in memory."""
        keep = self._filter_for(norm, query) if query else None
        if keep is not None:
            try:
                base = self._records(norm, {}, self.store.get(norm, {}))
            except OfflineMiss:
                raise OfflineMiss("/" + norm + "/", query) from None
            return [r for r in base if isinstance(r, dict) and keep(r)]
        with self._lock:
            added = self._extra.get((norm, tuple(query.items())))
        if added is None:
            raise OfflineMiss("/" + norm + "/", query)
        return list(added)

    def _filter_for(self, norm: str, query: dict[str, str]) -> Callable[[dict], bool] | None:
        """The record filter the API applies for this query, or None when it has none."""
        return filter_for(norm, query, self.store, self._records)


def _parse_records(entry: Entry, lines: list[bytes]) -> list[Any]:
    records: list[Any] = []
    for number, line in enumerate(lines):
        try:
            records.extend(json.loads(line)["data"])
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{entry.data_file}: page {number} is not a page: {exc}") from exc
    return records
