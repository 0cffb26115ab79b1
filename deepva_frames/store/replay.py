"""Answer GET requests from a PageStore exactly as the DeepVA API would.

Used in-process by the offline Client and over HTTP by :class:`deepva_frames.testing.FakeDeepVA`.
A listing is served page by page from its recorded records: any ``offset``/``limit`` works,
and when the recorded page at that offset has the same limit its raw bytes are returned
unchanged, so replay is byte-identical to what was fetched.

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
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import OfflineMiss, StoreError
from .pages import Entry, PageStore, normalize_path, query_params

__all__ = ["Listing", "Replayer", "Reply"]

JSON = "application/json"
OCTET_STREAM = "application/octet-stream"
_JOB_LISTING = re.compile(r"^(jobs|batches/[^/]+/jobs)$")
_KG_NODES = "knowledge-graph/nodes"
_JOB_FILTERS = frozenset({"search", "tag"})

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


@dataclass(frozen=True)
class Listing:
    """A listing resolved for one request: all its records after filters, and the page asked for.

    ``raw`` holds the recorded page bytes when the fast path applies (same offset and limit).

    >>> listing = Listing("jobs", {}, [{"id": "a"}, {"id": "b"}], offset=1, limit=5)
    >>> listing.page()
    {'total': 2, 'offset': 1, 'limit': 5, 'next': None, 'prev': None, 'data': [{'id': 'b'}]}
    """

    path: str
    query: dict[str, str]
    records: list[Any]
    offset: int
    limit: int
    raw: bytes | None = field(default=None, repr=False)

    @property
    def data(self) -> list[Any]:
        """The records of the requested page."""
        return self.records[self.offset:self.offset + self.limit]

    def page(self, data: list[Any] | None = None, *, next: str | None = None,
             prev: str | None = None) -> dict[str, Any]:
        """The page body as the API shapes it; ``data`` replaces the page's records."""
        return {"total": len(self.records), "offset": self.offset, "limit": self.limit,
                "next": next, "prev": prev, "data": self.data if data is None else data}

    def reply(self) -> Reply:
        """The page as a Reply: the recorded bytes when available, else freshly built JSON."""
        body = self.raw if self.raw is not None else dump_json(self.page())
        return Reply(200, body, JSON)


@dataclass(frozen=True)
class _Recorded:
    """A parsed ``pages`` entry: its records and its raw lines by (offset, limit)."""

    signature: tuple[Any, ...]
    records: list[Any]
    lines: dict[tuple[int, int], bytes]


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


def _contains(haystack: Any, needle: str) -> bool:
    """Case-insensitive substring test over a value (lists and dicts: any element)."""
    if isinstance(haystack, dict):
        haystack = list(haystack.values())
    if isinstance(haystack, list | tuple):
        return any(_contains(item, needle) for item in haystack)
    return haystack is not None and needle.lower() in str(haystack).lower()


class Replayer:
    """Serve GETs from a PageStore with the API's pagination and filters.

    ``max_limit`` caps the page size (the served ``limit`` says so); ``default_limit`` is the
    page size when the request gives none. Unknown paths or query parameters raise
    :class:`~deepva_frames.errors.OfflineMiss`; bad ``offset``/``limit`` values raise ValueError.

    >>> import tempfile
    >>> store = PageStore(tempfile.mkdtemp(), create=True)
    >>> _ = store.put_object("/jobs/a/", None, {"id": "a"})
    >>> Replayer(store).get("jobs/a").body
    b'{\\n  "id": "a"\\n}\\n'
    """

    def __init__(self, store: PageStore, *, max_limit: int | None = None,
                 default_limit: int = 10):
        self.store = store
        self.max_limit = max_limit
        self.default_limit = default_limit
        self._lock = threading.RLock()
        self._recorded_cache: dict[tuple[str, tuple], _Recorded] = {}
        self._records_cache: dict[tuple[str, tuple], tuple[tuple, list[Any]]] = {}
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
        records, recorded = self._records(norm, query, entry)
        raw = None
        if recorded is not None and not self._changed(norm, query):
            raw = recorded.lines.get((offset, limit))
        return Listing(norm, query, records, offset, limit, raw)

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
        return list(self._records(norm, query, self.store.get(norm, query))[0])

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
            records = self._records(norm, dict(query), self.store.get(norm, dict(query)))[0]
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

    def _recorded(self, entry: Entry) -> _Recorded:
        """The parsed pages of an entry, re-read when its file changed."""
        stat = entry.data_file.stat()
        signature = (stat.st_mtime_ns, stat.st_size, entry.fingerprint)
        key = (normalize_path(entry.path), tuple(entry.params.items()))
        cached = self._recorded_cache.get(key)
        if cached is not None and cached.signature == signature:
            return cached
        parsed = _parse_lines(entry, self.store.read_page_lines(entry), signature)
        with self._lock:
            self._recorded_cache[key] = parsed
        return parsed

    # -- records --------------------------------------------------------------
    def _records(self, norm: str, query: dict[str, str],
                 entry: Entry | None) -> tuple[list[Any], _Recorded | None]:
        if entry is not None and entry.kind != "pages":
            raise OfflineMiss("/" + norm + "/", query)
        recorded = self._recorded(entry) if entry is not None else None
        key = (norm, tuple(query.items()))
        signature = (recorded.signature if recorded else None, self._version)
        cached = self._records_cache.get(key)
        if cached is not None and cached[0] == signature:
            return cached[1], recorded
        base = recorded.records + self._extra_of(norm, query) if recorded else None
        records = self._visible(norm, base if base is not None else self._derived(norm, query))
        with self._lock:
            self._records_cache[key] = (signature, records)
        return records, recorded

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
                base = self._records(norm, {}, self.store.get(norm, {}))[0]
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
        if _JOB_LISTING.match(norm) and set(query) <= _JOB_FILTERS:
            return _job_filter(query)
        if norm == _KG_NODES:
            return self._node_filter(query)
        return None

    # -- knowledge-graph filters ---------------------------------------------
    def _node_filter(self, query: dict[str, str]) -> Callable[[dict], bool]:
        node_type = query.get("type")
        search = query.get("search")
        attributes = {k: v for k, v in query.items() if k not in ("type", "search")}

        def keep(node: dict) -> bool:
            if node_type is not None and str(node.get("type")) != node_type:
                return False
            if search is not None and not self._node_matches(node, search):
                return False
            return all(self._has_attribute(node.get("id"), name, value)
                       for name, value in attributes.items())
        return keep

    def _node_matches(self, node: dict, search: str) -> bool:
        """Search over name, custom_id and description (from the node object if recorded)."""
        fields = [node.get("name"), node.get("custom_id"), node.get("description")]
        if "description" not in node:
            fields.append(self._node_object(node.get("id")).get("description"))
        return any(_contains(value, search) for value in fields)

    def _node_object(self, node_id: Any) -> dict:
        entry = self.store.get(f"{_KG_NODES}/{node_id}")
        doc = json.loads(self.store.read_bytes(entry)) if entry and entry.kind == "object" else {}
        return doc if isinstance(doc, dict) else {}

    def _has_attribute(self, node_id: Any, name: str, value: str) -> bool:
        path = f"{_KG_NODES}/{node_id}/attributes"
        entry = self.store.get(path)
        if entry is None or entry.kind != "pages":
            return False
        attributes = self._records(path, {}, entry)[0]
        return any(isinstance(a, dict) and a.get("name") == name
                   and _contains(a.get("value"), value) for a in attributes)


def _job_filter(query: dict[str, str]) -> Callable[[dict], bool]:
    """Jobs: ``search`` matches id or tag (case-insensitive substring), ``tag`` is exact."""
    search, tag = query.get("search"), query.get("tag")

    def keep(job: dict) -> bool:
        if tag is not None and (job.get("tag") or "") != tag:
            return False
        return search is None or _contains([job.get("id"), job.get("tag")], search)
    return keep


def _parse_lines(entry: Entry, lines: list[bytes], signature: tuple) -> _Recorded:
    records: list[Any] = []
    index: dict[tuple[int, int], bytes] = {}
    for number, line in enumerate(lines):
        try:
            page = json.loads(line)
            data = page["data"]
            records.extend(data)
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{entry.data_file}: page {number} is not a page: {exc}") from exc
        offset, limit = page.get("offset"), page.get("limit")
        if isinstance(offset, int) and isinstance(limit, int):
            index.setdefault((offset, limit), line)
    return _Recorded(signature, records, index)
