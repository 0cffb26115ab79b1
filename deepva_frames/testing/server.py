"""FakeDeepVA: a real HTTP/1.1 server on loopback that serves a PageStore as the DeepVA API.

It answers the API's paths under ``/api/v1`` with its pagination (a server-side page-size
cap, ``next``/``prev`` links of several kinds), checks the key, keeps writes in memory, and
injects latency and faults (error statuses, cut bodies, invalid JSON, hangs, resets,
redirects, short, repeated or shifted pages). Pages are served as recorded, with the
fake's own ``next``/``prev`` links spliced into the recorded bytes. Without a store it
serves the bundled sample account.

>>> import tempfile, requests
>>> store = build_store(tempfile.mkdtemp(), {"jobs/": [{"id": "a"}, {"id": "b"}]})
>>> with FakeDeepVA(store, key="secret") as fake:
...     page = requests.get(f"{fake.url}/jobs/", params={"limit": 1},
...                         headers={"Authorization": "Key secret"}).json()
>>> page["total"], page["limit"], page["data"], page["next"].endswith("/jobs/?limit=1&offset=1")
(2, 1, [{'id': 'a'}], True)
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.client import HTTPMessage
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..errors import OfflineMiss, StoreError
from ..sample import sample_store_path
from ..store.pages import PageStore, normalize_path
from ..store.replay import Listing, Replayer, dump_json
from .http import Answer, FakeServer, Form, json_answer, parse_form
from .store import build_store
from .writes import Writes

__all__ = ["FAULT_KINDS", "NEXT_LINKS", "FakeDeepVA", "Seen", "build_store"]

API_PREFIX = "api/v1"
TRANSPORT_FAULTS = ("status", "cut", "invalid-json", "hang", "reset", "redirect")
PAGE_FAULTS = ("short-page", "repeat-page", "shifted-page")
FAULT_KINDS = TRANSPORT_FAULTS + PAGE_FAULTS
NEXT_LINKS = ("api", "plain-http", "other-host", "other-endpoint", "none")
_FOREIGN_BASES = {"plain-http": "http://api.deepva.com/api/v1",
                  "other-host": "https://testenv.deepva.com/api/v1"}
_STATUS_DETAILS = {400: "Bad request.", 401: "Invalid API key.",
                   403: "You do not have permission to perform this action.",
                   404: "Not found.", 429: "Request was throttled.",
                   500: "Internal server error.", 502: "Bad gateway.",
                   503: "Service temporarily unavailable.", 504: "Gateway timeout."}
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization"})
INVALID_JSON = b'{"total": 3, "offset": 0, "data": [{"id": '


@dataclass(frozen=True)
class Seen:
    """One request the fake received (never the Authorization header).

    ``path`` is the normalized path after ``/api/v1`` (``"/jobs/abc/"``), ``authorized``
    tells whether it carried ``Authorization: Key <key>``, ``time`` is ``time.monotonic()``
    at arrival and ``body`` the raw request body.

    >>> Seen("GET", "/jobs/", {}, True, {}, 0.0).path
    '/jobs/'
    """

    method: str
    path: str
    params: dict[str, str]
    authorized: bool
    headers: dict[str, str]
    time: float
    body: bytes = field(default=b"", repr=False, compare=False)


@dataclass
class _Fault:
    kind: str
    times: int
    path: str | None
    method: str | None
    status: int | None
    retry_after: str | float | None
    delay: float | None
    location: str | None

    def matches(self, seen: Seen) -> bool:
        if self.method is not None and seen.method != self.method:
            return False
        return self.path is None or seen.path.startswith(self.path)


def _open_store(store: PageStore | str | os.PathLike[str] | None) -> PageStore:
    if store is None:
        return PageStore(sample_store_path())
    return store if isinstance(store, PageStore) else PageStore(store)


def _slash_path(path: str) -> str:
    norm = normalize_path(path)
    return f"/{norm}/" if norm else "/"


class FakeDeepVA:
    """A loopback DeepVA API over a PageStore, with latency and fault injection.

    ``url`` is the base URL for a Client (``http://127.0.0.1:<port>/api/v1``), ``key`` the
    API key it accepts, ``requests`` the log of every request and ``uploads`` the multipart
    forms received. Use it as a context manager, or call :meth:`start` and :meth:`stop`.

    >>> import tempfile, requests
    >>> fake = FakeDeepVA(build_store(tempfile.mkdtemp(), {}), key="k").start()
    >>> requests.get(f"{fake.url}/jobs/").status_code, fake.requests[0].authorized
    (401, False)
    >>> fake.stop()
    """

    def __init__(self, store: PageStore | str | os.PathLike[str] | None = None, *,
                 key: str | None = None, latency: float = 0.0, max_limit: int | None = 100,
                 next_links: str = "api", host: str = "127.0.0.1", port: int = 0,
                 job_polls_to_complete: int = 2):
        if next_links not in NEXT_LINKS:
            raise ValueError(f"next_links must be one of {NEXT_LINKS}, not {next_links!r}")
        self.store = _open_store(store)
        self.key = key or "fake-" + secrets.token_urlsafe(18)
        self.latency = latency
        self.max_limit = max_limit
        self.next_links = next_links
        self.host, self.port = host, port
        self.replayer = Replayer(self.store, max_limit=max_limit)
        self.writes = Writes(self.replayer, lambda: self.url, job_polls_to_complete)
        self.requests: list[Seen] = []
        self.uploads: list[dict[str, Any]] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._server: FakeServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"FakeDeepVA({where}, store={self.store.root}, requests={len(self.requests)})"

    # -- lifecycle --------------------------------------------------------------
    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>`` of the running server."""
        if self._server is None:
            raise RuntimeError("FakeDeepVA is not running; call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    @property
    def url(self) -> str:
        """The API base URL on the fake, ``<origin>/api/v1``."""
        return f"{self.origin}/{API_PREFIX}"

    def start(self) -> FakeDeepVA:
        """Bind the socket and serve on a background thread; returns self.

        >>> import tempfile
        >>> with FakeDeepVA(build_store(tempfile.mkdtemp(), {})) as fake:
        ...     fake.url.startswith("http://127.0.0.1:")
        True
        """
        if self._server is None:
            self._stopping = threading.Event()
            self._server = FakeServer((self.host, self.port), self._respond)
            self._thread = threading.Thread(target=self._server.serve_forever,
                                            kwargs={"poll_interval": 0.05},
                                            name=f"FakeDeepVA:{self.origin}", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the listening socket and every open connection."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeDeepVA:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- configuration ------------------------------------------------------------
    def fail(self, kind: str, *, times: int = 1, path: str | None = None,
             method: str | None = None, status: int | None = None,
             retry_after: str | float | None = None, delay: float | None = None,
             location: str | None = None) -> None:
        """Queue a fault for the next ``times`` matching requests.

        ``path`` is a prefix of the normalized path (``"/jobs/"`` matches ``/jobs/abc/``),
        ``method`` restricts it to one HTTP method. Kinds: status (``status``, default 500,
        ``retry_after`` str verbatim or number as int seconds), cut, invalid-json, hang
        (``delay`` seconds, default 10), reset, redirect (302 to ``location``, default the
        same URL), short-page, repeat-page and shifted-page (the page's records one further
        on, ``total`` unchanged; these three match listing GETs only).

        >>> import tempfile
        >>> fake = FakeDeepVA(build_store(tempfile.mkdtemp(), {}))
        >>> fake.fail("status", status=429, retry_after=2, path="/jobs", times=3)
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {FAULT_KINDS}")
        if times < 1:
            raise ValueError("times must be >= 1")
        fault = _Fault(kind, times, _slash_path(path) if path is not None else None,
                       method.upper() if method else None, status, retry_after, delay, location)
        with self._lock:
            self._faults.append(fault)

    def add_records(self, path: str, records: list[dict], params: dict | None = None) -> None:
        """Append records to a listing, served from then on (``total`` grows).

        >>> import tempfile
        >>> fake = FakeDeepVA(build_store(tempfile.mkdtemp(), {"jobs/": [{"id": "a"}]}))
        >>> fake.add_records("/jobs/", [{"id": "b"}])
        >>> len(fake.replayer.records("/jobs/"))
        2
        """
        self.replayer.add_records(path, records, params)

    def reset(self) -> None:
        """Forget queued faults and clear the ``requests`` and ``uploads`` logs (in place)."""
        with self._lock:
            self._faults.clear()
            self.requests.clear()
            self.uploads.clear()

    # -- answering ------------------------------------------------------------------
    def _respond(self, method: str, target: str, headers: HTTPMessage, body: bytes,
                 arrival: float) -> Answer:
        seen, norm = self._log(method, target, headers, body, arrival)
        if self.latency > 0:
            time.sleep(self.latency)
        if not seen.authorized:
            return json_answer(401, {"detail": "Invalid API key."})
        fault = self._take(seen, TRANSPORT_FAULTS)
        if fault is not None and fault.kind != "hang":
            return self._fault_answer(fault, seen,
                                      lambda: self._dispatch(seen, norm, headers, body))
        if fault is not None:
            self._stopping.wait(10.0 if fault.delay is None else fault.delay)
        return self._dispatch(seen, norm, headers, body)

    def _log(self, method: str, target: str, headers: HTTPMessage, body: bytes,
             arrival: float) -> tuple[Seen, str | None]:
        split = urlsplit(target)
        norm = self._api_path(split.path)
        shown = (split.path or "/") if norm is None else _slash_path(norm)
        seen = Seen(method=method, path=shown,
                    params=dict(parse_qsl(split.query, keep_blank_values=True)),
                    authorized=headers.get("Authorization") == f"Key {self.key}",
                    headers={k: v for k, v in headers.items()
                             if k.lower() not in _SECRET_HEADERS},
                    time=arrival, body=body)
        with self._lock:
            self.requests.append(seen)
        return seen, norm

    @staticmethod
    def _api_path(path: str) -> str | None:
        """The normalized path after /api/v1, or None for a path outside the API."""
        try:
            norm = normalize_path(path)
        except StoreError:
            return None
        if norm == API_PREFIX:
            return ""
        return norm[len(API_PREFIX) + 1:] if norm.startswith(API_PREFIX + "/") else None

    def _take(self, seen: Seen, kinds: tuple[str, ...]) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.kind in kinds and fault.matches(seen):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _fault_answer(self, fault: _Fault, seen: Seen, normal: Callable[[], Answer]) -> Answer:
        """The answer a transport fault gives (``cut`` handles the request, then cuts it)."""
        if fault.kind == "status":
            return _status_answer(fault)
        if fault.kind == "redirect":
            location = fault.location or self._same_url(seen)
            return json_answer(302, {"detail": "Found."}, {"Location": location})
        if fault.kind == "reset":
            return Answer(0, action="reset")
        if fault.kind == "invalid-json":
            return Answer(200, INVALID_JSON)
        return replace(normal(), action="cut")

    def _same_url(self, seen: Seen) -> str:
        query = urlencode(seen.params)
        return f"{self.url}{seen.path}" + (f"?{query}" if query else "")

    def _dispatch(self, seen: Seen, norm: str | None, headers: HTTPMessage,
                  body: bytes) -> Answer:
        if norm is None:
            return json_answer(404, {"detail": "Not found."})
        try:
            if seen.method in ("GET", "HEAD"):
                return self._get(seen, norm)
            if seen.method == "POST":
                answer = self.writes.post(norm, body, self._form(seen, headers, body))
            elif seen.method == "DELETE":
                answer = self.writes.delete(norm)
            else:
                return json_answer(405, {"detail": f'Method "{seen.method}" not allowed.'})
        except OfflineMiss:
            return json_answer(404, {"detail": "Not found."})
        except ValueError as exc:
            return json_answer(400, {"detail": str(exc)})
        return answer if answer is not None else json_answer(404, {"detail": "Not found."})

    def _form(self, seen: Seen, headers: HTTPMessage, body: bytes) -> Form | None:
        ctype = headers.get("Content-Type", "")
        if not ctype.lower().startswith("multipart/form-data"):
            return None
        form = parse_form(body, ctype)
        upload = {"path": seen.path, "fields": dict(form.fields), "files": form.files,
                  "file_parts": [(p.name, p.filename, p.data, p.content_type)
                                 for p in form.parts]}
        with self._lock:
            self.uploads.append(upload)
        return form

    # -- GET ---------------------------------------------------------------------------
    def _get(self, seen: Seen, norm: str) -> Answer:
        created = self.writes.get(norm)
        if created is not None:
            return created
        resolved = self.replayer.resolve(norm, seen.params)
        if not isinstance(resolved, Listing):
            return Answer(200, resolved.body, resolved.content_type,
                          _disposition(resolved.filename))
        links = {"next": self._next(resolved), "prev": self._prev(resolved)}
        fault = self._take(seen, PAGE_FAULTS)
        if fault is None:  # the recorded bytes with these links, when recorded
            return Answer(200, resolved.body(**links))
        return Answer(200, dump_json(resolved.page(_faulty_data(fault.kind, resolved), **links)))

    def _next(self, listing: Listing) -> str | None:
        following = listing.offset + listing.limit
        return self._link(listing, following) if following < listing.total else None

    def _prev(self, listing: Listing) -> str | None:
        if listing.offset <= 0:
            return None
        return self._link(listing, max(listing.offset - listing.limit, 0))

    def _link(self, listing: Listing, offset: int) -> str | None:
        if self.next_links == "none":
            return None
        query = urlencode({**listing.query, "limit": listing.limit, "offset": offset})
        if self.next_links == "other-endpoint":
            return f"{self.url}/datasets/?{query}"
        base = _FOREIGN_BASES.get(self.next_links, self.url)
        return f"{base}/{listing.path}/?{query}"


def _faulty_data(kind: str, listing: Listing) -> list[Any]:
    """The records a page fault serves: the first page's (repeat), one record too few
    (short), or the page shifted on by one record with ``total`` unchanged (shifted)."""
    if kind == "repeat-page":
        return listing.records[:listing.limit]
    if kind == "short-page":
        return listing.data[:-1]
    start = listing.offset + 1
    return listing.records[start:start + listing.limit]


def _status_answer(fault: _Fault) -> Answer:
    status = fault.status or 500
    headers = {}
    if fault.retry_after is not None:
        value = fault.retry_after
        headers["Retry-After"] = value if isinstance(value, str) else str(int(value))
    detail = _STATUS_DETAILS.get(status, f"Error {status}.")
    return json_answer(status, {"detail": detail}, headers)


def _disposition(filename: str | None) -> dict[str, str]:
    if not filename:
        return {}
    return {"Content-Disposition": f'attachment; filename="{filename}"'}
