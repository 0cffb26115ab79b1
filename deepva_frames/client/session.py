"""The Client's machinery: configuration, transport choice, paging, recording, downloads.

The endpoint methods live in one module per API section (``jobs``, ``batches``, ``kg``,
``library``), each a class built on :class:`Session`; :class:`deepva_frames.client.Client`
puts them together.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from .._paths import DEFAULT_BASE_URL
from .._progress import progress_enabled
from .._safe_names import safe_name
from ..errors import DeepVAError
from ..store.pages import PageStore
from .collector import collector_paused
from .guard import guard
from .http import MAX_BODY_BYTES, Download, HttpTransport, Response, Secret
from .offline import ReplayTransport
from .paging import BLOCK_BYTES, FetchedPage, Read, ReadBlock, iter_pages, read_json_page
from .retry import RetryPolicy
from .tables import (
    block_bytes,
    block_reader,
    errors_scope,
    listing_records,
    listing_table,
    page_reader,
)
from .urls import check_base_url

__all__ = ["DEFAULT_BASE_URL", "Session"]

log = logging.getLogger("deepva_frames.client")
Params = Mapping[str, Any] | None


def _timeout(value: float | tuple[float, float]) -> tuple[float, float]:
    if isinstance(value, int | float):
        return float(value), float(value)
    connect, read = value
    return float(connect), float(read)


def _clean(params: Params) -> dict[str, Any]:
    """Query parameters without None values; booleans as lower-case text."""
    out: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if value is not None:
            out[key] = str(value).lower() if isinstance(value, bool) else value
    return out


def _chunks(path: Path, size: int = 1 << 16) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(size):
            yield chunk


def dest_resolver(dest: str | os.PathLike[str] | None,
                  fallback: str) -> Callable[[str | None], Path]:
    """Where a download goes: ``dest`` itself, or a folder (``dest`` is a folder or None).

    The file name is the server's (Content-Disposition, or the one a store recorded) or
    ``fallback`` (built from a resource id), made safe by
    :func:`~deepva_frames._safe_names.safe_name`: it never leaves the folder.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> dest_resolver(folder, "a.bin")("served.png").name
    'served.png'
    >>> dest_resolver(folder + "/x.png", "a.bin")(None).name
    'x.png'
    >>> dest_resolver(folder, "../../x")(None).name
    '..%2F..%2Fx'
    """
    def resolve(filename: str | None) -> Path:
        name = (safe_name(filename, what="file name") if filename
                else safe_name(fallback, what="resource id"))
        if dest is None:
            return Path.cwd() / name
        target = Path(dest)
        if target.is_dir() or str(dest).endswith(("/", os.sep)):
            target.mkdir(parents=True, exist_ok=True)
            return target / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return target
    return resolve


class Session:
    """Configuration, transport, paging and recording: what every API section builds on.

    Its public methods (:meth:`raw_pages`, :meth:`get_json`, :meth:`get_json_many`,
    :meth:`progress_enabled`, ``base_url``) are the :class:`deepva_frames.export.source.Source`
    protocol that the export depends on.
    """

    def __init__(self, api_key: str | None = None, base_url: str | None = None, *,
                 cache_dir: str | os.PathLike[str] | None = None, offline: bool = False,
                 page_size: int = 100, concurrency: int = 4,
                 timeout: float | tuple[float, float] = (5, 60), max_retries: int = 5,
                 progress: bool | None = None, allow_insecure: bool = False,
                 retry: RetryPolicy | None = None, deadline: float | None = None,
                 max_body_bytes: int = MAX_BODY_BYTES):
        if page_size < 1 or concurrency < 1:
            raise ValueError("page_size and concurrency must be >= 1")
        base = (base_url or os.environ.get("DEEPVA_BASE_URL") or DEFAULT_BASE_URL).strip()
        self.offline = bool(offline)
        self.page_size = int(page_size)
        self.concurrency = int(concurrency)
        self.progress = progress
        self.retry = replace(retry or RetryPolicy(), max_retries=max_retries)
        self.timeout = _timeout(timeout)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.store: PageStore | None
        if self.offline:
            if self.cache_dir is None:
                raise ValueError("offline=True needs cache_dir= (a recorded page store)")
            self.base_url = base.rstrip("/")
            self.store = PageStore(self.cache_dir)
            self._transport: HttpTransport | ReplayTransport = ReplayTransport(
                self.store, self.base_url)
            return
        self.base_url = check_base_url(base, allow_insecure=allow_insecure)
        key = api_key or os.environ.get("DEEPVA_API_KEY")
        if not key:
            raise DeepVAError("no API key: pass api_key= or set DEEPVA_API_KEY")
        self.store = PageStore(self.cache_dir, create=True) if self.cache_dir else None
        self._transport = HttpTransport(self.base_url, Secret(key), timeout=self.timeout,
                                        retry=self.retry, pool_size=2 * self.concurrency + 2,
                                        deadline=deadline, max_body_bytes=max_body_bytes)

    def __repr__(self) -> str:
        cache = f", cache_dir={str(self.cache_dir)!r}" if self.cache_dir else ""
        mode = ", offline=True" if self.offline else ""
        return f"{type(self).__name__}(base_url={self.base_url!r}{cache}{mode})"

    @property
    def mode(self) -> Literal["live", "cached", "offline"]:
        """``"offline"`` (replaying a page store), ``"cached"`` (live, recording pages into
        ``cache_dir``) or ``"live"``.

        >>> from deepva_frames.client import Client, sample_client
        >>> Client(api_key="k", base_url="https://api.deepva.com/api/v1").mode
        'live'
        >>> sample_client().mode
        'offline'
        """
        return "offline" if self.offline else "cached" if self.cache_dir else "live"

    def _repr_html_(self) -> str:
        """In a notebook: the base URL, the mode and the page store; never the key."""
        from .._html import fields

        rows = [("base URL", self.base_url), ("mode", self.mode)]
        if self.cache_dir is not None:
            rows.append(("page store", str(self.cache_dir)))
        return fields(type(self).__name__, rows)

    def close(self) -> None:
        """Release pooled connections."""
        self._transport.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def _recorder(self) -> PageStore | None:
        return None if self.offline else self.store

    def _show_progress(self, progress: bool | None = None) -> bool:
        return progress_enabled(self.progress if progress is None else progress)

    # -- listings -------------------------------------------------------------------------
    def _fetch_page(self, path: str, params: dict[str, Any], offset: int,
                    limit: int) -> FetchedPage:
        resp = self._transport.get(path, {**params, "offset": offset, "limit": limit},
                                   parse=False)  # the paging reader parses it, once
        return FetchedPage(resp.url, resp.body)

    def _iter_listing(self, path: str, params: Params = None, limit: int | None = None,
                      keep_data: bool = True, read: Read = read_json_page,
                      read_block: ReadBlock | None = None,
                      block_bytes: int = BLOCK_BYTES) -> Iterator[FetchedPage]:
        """Every page of a listing; a complete listing is recorded when caching.

        ``keep_data=False``: pages carry only their raw body and record count; ``read``
        parses each page once (see :func:`~deepva_frames.client.paging.iter_pages`).
        """
        if limit is not None and limit < 0:
            raise ValueError("limit must be >= 0")
        if limit == 0:
            return
        query = _clean(params)
        bodies: list[bytes] = []  # kept for recording
        total = received = 0

        def fetch(offset: int, size: int) -> FetchedPage:
            return self._fetch_page(path, query, offset, size)

        # replayed pages are local reads: fetched in this thread, without a pool's costs
        concurrency = 1 if self.offline else self.concurrency
        for page in iter_pages(fetch, page_size=self.page_size, max_rows=limit or None,
                               concurrency=concurrency,
                               progress=self._show_progress(), desc=path,
                               keep_data=keep_data, read=read, read_block=read_block,
                               block_bytes=block_bytes):
            total = page.total
            received += page.count
            if self._recorder is not None:
                bodies.append(page.body)
            yield page
        recorder = self._recorder
        if recorder is not None and bodies and received == total:  # limit= is not recorded
            recorder.put_pages(path, query, bodies)

    def _listing(self, name: str, path: str, params: Params = None, limit: int | None = None,
                 **context: Any) -> Any:
        """Fetch a whole listing (or ``limit`` rows) and convert it for list method ``name``.

        Jobs and detailed results are flattened page by page while later pages are on
        the way; only each page's tables are kept (bodies only while recording), not its
        parsed records.
        """
        read = page_reader(name, **context) if limit is None else None
        read_block = block_reader(name, **context) if limit is None else None
        with guard(path), collector_paused(), errors_scope(context.get("errors")):
            pages = [FetchedPage(page.url, b"", page.data, page.count, page.total)
                     for page in self._iter_listing(path, params, limit,
                                                    read=read or read_json_page,
                                                    read_block=read_block,
                                                    block_bytes=block_bytes(name))]
            return listing_table(name, pages, limit=limit, **context)

    def _records(self, path: str, params: Params = None, limit: int | None = None) -> list[Any]:
        """The raw records of a listing."""
        with collector_paused():
            return listing_records(list(self._iter_listing(path, params, limit)), limit)

    def pages(self, path: str, *, limit: int | None = None, **params: Any) -> Iterator[dict]:
        """Iterate over the raw page dicts of any listing (the escape hatch).

        Pages are planned as offsets from the first page's ``total`` and server ``limit``;
        ``limit=`` stops once that many records are covered. ``offset`` is not accepted.

        >>> c = sample_client()                                         # doctest: +SKIP
        >>> [len(p["data"]) for p in c.pages("/jobs/", tag="news")]      # doctest: +SKIP
        [3]
        """
        if "offset" in params:
            raise ValueError("pages() plans offsets itself; do not pass offset=")
        for page in self._iter_listing(path, params, limit):
            yield page.data

    # -- single objects ---------------------------------------------------------------------
    def _object(self, path: str, params: Params = None) -> Any:
        """GET one JSON document (recorded when caching)."""
        query = _clean(params)
        resp = self._transport.get(path, query or None)
        if self._recorder is not None and resp.data is not None:
            self._recorder.put_object(path, query, resp.body)
        return resp.data

    def _objects(self, paths: Iterable[str]) -> list[Any]:
        """GET several documents concurrently, in order."""
        paths = list(paths)
        if len(paths) <= 1 or self.concurrency == 1:
            return [self._object(p) for p in paths]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(paths)),
                                thread_name_prefix="deepva-get") as pool:
            return list(pool.map(self._object, paths))

    # -- the export's Source protocol ---------------------------------------------------
    def raw_pages(self, path: str, params: Params = None) -> list[bytes]:
        """The raw bodies of every page of a listing (recorded when caching).

        >>> from deepva_frames import sample_client
        >>> len(sample_client().raw_pages("/jobs/")) >= 1
        True
        """
        with collector_paused():
            return [page.body for page in self._iter_listing(path, params, keep_data=False)]

    def get_json(self, path: str, params: Params = None) -> Any:
        """One JSON document, parsed (recorded when caching).

        >>> from deepva_frames import sample_client
        >>> sample_client().get_json("/jobs/a01cf7bb-e023-5472-bbe1-65a59c21f6e9/")["state"]
        'completed'
        """
        return self._object(path, params)

    def get_json_many(self, paths: Iterable[str]) -> list[Any]:
        """Several JSON documents, fetched concurrently, in order.

        >>> from deepva_frames import sample_client
        >>> sample_client().get_json_many([])
        []
        """
        return self._objects(paths)

    def progress_enabled(self, progress: bool | None = None) -> bool:
        """Whether to show progress bars: ``progress``, else the Client's setting, else auto.

        >>> from deepva_frames import sample_client
        >>> sample_client(progress=False).progress_enabled()
        False
        """
        return self._show_progress(progress)

    def poll_state(self, path: str) -> Any:
        """GET a state object without recording it (it changes while one waits)."""
        return self._transport.get(path).data

    # -- files ------------------------------------------------------------------------------
    def _download(self, path: str, dest: str | os.PathLike[str] | None, fallback: str,
                  progress: bool | None = None) -> Path:
        """Stream a file to disk atomically and return its path (recorded when caching)."""
        done: Download = self._transport.download(path, dest_resolver(dest, fallback),
                                                  progress=self._show_progress(progress))
        if self._recorder is not None:
            self._recorder.put_file(path, _chunks(done.path), content_type=done.content_type,
                                    filename=done.filename)
        log.debug("downloaded %s to %s (%d bytes)", path, done.path, done.size)
        return done.path

    # -- writes -----------------------------------------------------------------------------
    def _send(self, method: str, path: str, **kwargs: Any) -> Any:
        """A write request; returns the parsed JSON answer (None for an empty body)."""
        resp: Response = self._transport.call(method, path, **kwargs)
        return resp.data
