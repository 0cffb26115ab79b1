"""PageStore: raw API pages recorded on disk, for replay offline.

Layout (human-browsable; one folder per resource path)::

    <root>/manifest.json                      format, format_version, created_at, fetched_at
    <root>/jobs/_pages.ndjson                 GET /jobs/        one page body per line
    <root>/jobs/_pages.meta.json              its entry: path, params, fingerprint, fetched_at
    <root>/jobs/<id>/_object.json             GET /jobs/<id>/   one JSON document
    <root>/jobs/<id>/_object.meta.json
    <root>/storage/_pages.3fa1c2d4e5b6.ndjson GET /storage?folder=/   (query -> fingerprint)
    <root>/jobs/<id>/artifacts/<a>/file/_file      a downloaded file, bytes as served
    <root>/jobs/<id>/artifacts/<a>/file/_file.meta.json

An *entry* is a data file plus its ``.meta.json``; the meta carries the format
version, the fetch time, the request path and query (never ``offset``/``limit``,
never a header) and the request fingerprint. Every file is written atomically, the
data file before its meta, so a reader sees a whole entry or the previous one.

>>> import tempfile
>>> store = PageStore(tempfile.mkdtemp(), create=True)
>>> page = b'{"total": 1, "offset": 0, "limit": 10, "data": [{"id": "a"}]}'
>>> entry = store.put_pages("/jobs/", {}, [page])
>>> entry.kind, entry.meta["records"]
('pages', 1)
>>> store.read_records(store.get("jobs"))
[{'id': 'a'}]
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._atomic import atomic_write_bytes
from .._safe_names import safe_name
from .._types import utc_now
from ..errors import StoreError

__all__ = ["FORMAT", "FORMAT_VERSION", "Entry", "PageStore", "fingerprint", "normalize_path",
           "query_params"]

FORMAT = "deepva-page-store"
FORMAT_VERSION = 1
PAGING_PARAMS = frozenset({"offset", "limit"})
_KIND_STEMS = {"pages": ("_pages", ".ndjson"), "object": ("_object", ".json"),
               "file": ("_file", "")}


def normalize_path(path: str) -> str:
    """The resource path without slashes at either end; refuses ``..`` and empty parts.

    >>> normalize_path("/jobs/abc/detailed-results/")
    'jobs/abc/detailed-results'
    >>> normalize_path("/")
    ''
    """
    parts = [p for p in path.strip().split("?", 1)[0].split("/")]
    parts = parts[1:] if parts and parts[0] == "" else parts
    parts = parts[:-1] if parts and parts[-1] == "" else parts
    for part in parts:
        if part in ("", ".", "..") or "\\" in part or "\x00" in part:
            raise StoreError(f"unsafe resource path {path!r}")
    return "/".join(parts)


def query_params(params: Mapping[str, Any] | None) -> dict[str, str]:
    """The query of a request without paging parameters and ``None`` values, as strings.

    >>> query_params({"offset": 10, "limit": 5, "tag": "news", "search": None})
    {'tag': 'news'}
    """
    out: dict[str, str] = {}
    for key, value in (params or {}).items():
        if key in PAGING_PARAMS or value is None:
            continue
        out[str(key)] = str(value).lower() if isinstance(value, bool) else str(value)
    return dict(sorted(out.items()))


def fingerprint(path: str, params: Mapping[str, Any] | None = None, method: str = "GET") -> str:
    """A stable hash of the request: method, normalized path and query (paging excluded).

    >>> fingerprint("/jobs/", {"limit": 5}) == fingerprint("jobs")
    True
    """
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in query_params(params).items())
    canonical = f"{method.upper()} /{normalize_path(path)}?{query}"
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def json_bytes(doc: Any, **options: Any) -> bytes:
    """``doc`` as UTF-8 JSON; a string with a lone surrogate is kept as a JSON escape.

    >>> json_bytes({"a": chr(0xD800)})
    b'{"a": "\\\\ud800"}'
    """
    try:
        return json.dumps(doc, ensure_ascii=False, **options).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(doc, **options).encode("ascii")


def parsed(body: bytes | bytearray, what: str) -> Any:
    """JSON ``body`` parsed, StoreError naming ``what`` when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"cannot record {what}: not JSON ({str(exc)[:100]})") from None


def compact_json_line(body: bytes | Mapping[str, Any] | list[Any]) -> bytes:
    """One page body as a single NDJSON line (no newline inside)."""
    if isinstance(body, bytes | bytearray):
        if b"\n" not in body and b"\r" not in body:
            return bytes(body)
        body = parsed(body, "a page")
    return json_bytes(body, separators=(",", ":"))


@dataclass(frozen=True)
class Entry:
    """One recorded response: ``kind`` is ``pages``, ``object`` or ``file``."""

    path: str
    params: dict[str, str]
    kind: str
    data_file: Path
    meta: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        return self.meta["fingerprint"]

    @property
    def fetched_at(self) -> str:
        return self.meta["fetched_at"]


class PageStore:
    """Raw API responses on disk; see the module docstring for the layout.

    ``create=True`` makes the folder and its manifest when they are missing;
    otherwise a folder without a valid manifest raises StoreError.
    """

    def __init__(self, root: str | os.PathLike[str], *, create: bool = False):
        self.root = Path(root)
        self._lock = threading.Lock()
        manifest = self.root / "manifest.json"
        if not manifest.is_file():
            if not create:
                raise StoreError(f"no page store at {self.root} (manifest.json missing)")
            self.root.mkdir(parents=True, exist_ok=True)
            now = utc_now()
            self._write_manifest({"format": FORMAT, "format_version": FORMAT_VERSION,
                                  "created_at": now, "fetched_at": now})
        self.manifest = self._read_manifest()

    def __repr__(self) -> str:
        return f"PageStore({str(self.root)!r})"

    # -- manifest -------------------------------------------------------------
    def _read_manifest(self) -> dict[str, Any]:
        path = self.root / "manifest.json"
        try:
            manifest = json.loads(path.read_bytes())
        except (OSError, ValueError, RecursionError) as exc:
            raise StoreError(f"unreadable manifest {path}: {str(exc)[:200]}") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise StoreError(f"{path} is not a {FORMAT} manifest")
        version = manifest.get("format_version")
        if version != FORMAT_VERSION:
            raise StoreError(f"{path} has format_version {version!r}; "
                             f"this version of deepva_frames reads {FORMAT_VERSION}")
        return manifest

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_bytes(self.root / "manifest.json",
                           json.dumps(manifest, indent=2).encode("utf-8") + b"\n")

    def _touch(self, fetched_at: str) -> None:
        with self._lock:
            manifest = self._read_manifest()
            manifest["fetched_at"] = max(manifest.get("fetched_at", ""), fetched_at)
            self._write_manifest(manifest)
            self.manifest = manifest

    # -- locating entries -----------------------------------------------------
    def folder(self, path: str) -> Path:
        """The folder of a resource path; each part made a safe name (percent-encoded;
        a part too long for a file name is shortened with a hash of it)."""
        norm = normalize_path(path)
        parts = [safe_name(part, keep="-_.@=+,~") for part in norm.split("/") if part]
        return self.root.joinpath(*parts)

    def _files(self, path: str, params: Mapping[str, Any] | None, kind: str) -> tuple[Path, Path]:
        stem, suffix = _KIND_STEMS[kind]
        query = query_params(params)
        if query:
            stem = f"{stem}.{fingerprint(path, query)[:12]}"
        folder = self.folder(path)
        return folder / f"{stem}{suffix}", folder / f"{stem}.meta.json"

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> Entry | None:
        """The entry recorded for this request (any kind), or None.

        >>> import tempfile
        >>> PageStore(tempfile.mkdtemp(), create=True).get("/jobs/") is None
        True
        """
        for kind in _KIND_STEMS:
            data_file, meta_file = self._files(path, params, kind)
            if meta_file.is_file() and data_file.is_file():
                return self._entry(data_file, meta_file)
        return None

    def _entry(self, data_file: Path, meta_file: Path) -> Entry:
        try:
            meta = json.loads(meta_file.read_bytes())
        except (OSError, ValueError, RecursionError) as exc:
            raise StoreError(f"unreadable entry {meta_file}: {str(exc)[:200]}") from None
        if not isinstance(meta, dict):
            raise StoreError(f"{meta_file} is not an entry's meta (not a JSON object)")
        if meta.get("format_version") != FORMAT_VERSION:
            raise StoreError(f"{meta_file} has format_version {meta.get('format_version')!r}")
        path, params, kind = meta.get("path"), meta.get("params"), meta.get("kind")
        if not (isinstance(path, str) and isinstance(params, dict) and kind in _KIND_STEMS
                and isinstance(meta.get("fingerprint"), str)
                and isinstance(meta.get("fetched_at"), str)):
            raise StoreError(f"{meta_file} is not an entry's meta (path, params, kind, "
                             "fingerprint or fetched_at missing or of the wrong type)")
        return Entry(path, params, kind, data_file, meta)

    def entries(self, path: str | None = None) -> Iterator[Entry]:
        """Every entry in the store, or every entry (any query) of one resource path."""
        if path is None:
            metas = sorted(self.root.rglob("*.meta.json"))
        else:
            metas = sorted(self.folder(path).glob("*.meta.json"))
        for meta_file in metas:
            stem = meta_file.name.removesuffix(".meta.json")
            kind = next((k for k, (s, _) in _KIND_STEMS.items() if stem.startswith(s)), None)
            if kind is None:
                continue
            data_file = meta_file.with_name(stem + _KIND_STEMS[kind][1])
            if data_file.is_file():
                yield self._entry(data_file, meta_file)

    # -- reading --------------------------------------------------------------
    def read_page_lines(self, entry: Entry) -> list[bytes]:
        """The raw page bodies of a ``pages`` entry, one bytes object per page."""
        self._expect(entry, "pages")
        return [line for line in entry.data_file.read_bytes().splitlines() if line.strip()]

    def read_records(self, entry: Entry) -> list[Any]:
        """The ``data`` records of all pages of a ``pages`` entry, in order."""
        records: list[Any] = []
        for number, line in enumerate(self.read_page_lines(entry)):
            try:
                page = json.loads(line)
                records.extend(page["data"])
            except (ValueError, KeyError, TypeError, RecursionError) as exc:
                raise StoreError(f"{entry.data_file}: page {number} is not a page: "
                                 f"{str(exc)[:200]}") from None
        return records

    def read_bytes(self, entry: Entry) -> bytes:
        """The stored bytes of an ``object`` or ``file`` entry."""
        return entry.data_file.read_bytes()

    @staticmethod
    def _expect(entry: Entry, kind: str) -> None:
        if entry.kind != kind:
            raise StoreError(f"{entry.data_file} is a {entry.kind} entry, not {kind}")

    # -- writing --------------------------------------------------------------
    def put_pages(self, path: str, params: Mapping[str, Any] | None,
                  pages: Iterable[bytes | Mapping[str, Any]], *,
                  fetched_at: str | None = None) -> Entry:
        """Record a whole listing: every page body, in offset order, as NDJSON lines."""
        lines = [compact_json_line(page) for page in pages]
        docs = [parsed(line, path) for line in lines]
        if not all(isinstance(d, dict) and isinstance(d.get("data", []), list) for d in docs):
            raise StoreError(f"cannot record {path}: a page is not a pagination object")
        info = {"pages": len(lines),
                "total": docs[0].get("total") if docs else 0,
                "records": sum(len(p.get("data") or []) for p in docs),
                "page_limits": [p.get("limit") for p in docs]}
        payload = b"\n".join(lines) + (b"\n" if lines else b"")
        return self._put(path, params, "pages", payload, fetched_at, info)

    def put_object(self, path: str, params: Mapping[str, Any] | None,
                   body: bytes | Mapping[str, Any] | list[Any], *,
                   fetched_at: str | None = None) -> Entry:
        """Record a single JSON document (an object or a plain list)."""
        doc = parsed(body, path) if isinstance(body, bytes | bytearray) else body
        payload = json_bytes(doc, indent=2) + b"\n"
        return self._put(path, params, "object", payload, fetched_at, {})

    def put_file(self, path: str, data: bytes | Iterable[bytes], *,
                 content_type: str | None = None, filename: str | None = None,
                 fetched_at: str | None = None) -> Entry:
        """Record a downloaded file's bytes as served."""
        return self._put(path, None, "file", data, fetched_at,
                         {"content_type": content_type, "filename": filename})

    def _put(self, path: str, params: Mapping[str, Any] | None, kind: str,
             payload: bytes | Iterable[bytes], fetched_at: str | None,
             info: dict[str, Any]) -> Entry:
        data_file, meta_file = self._files(path, params, kind)
        data_file.parent.mkdir(parents=True, exist_ok=True)
        fetched_at = fetched_at or utc_now()
        meta = {"format_version": FORMAT_VERSION, "kind": kind,
                "path": "/" + normalize_path(path) + "/", "params": query_params(params),
                "fingerprint": fingerprint(path, params), "fetched_at": fetched_at, **info}
        atomic_write_bytes(data_file, payload)
        if kind == "file":
            meta["bytes"] = data_file.stat().st_size
        atomic_write_bytes(meta_file, json_bytes(meta, indent=2))
        self._touch(fetched_at)
        return Entry(meta["path"], meta["params"], kind, data_file, meta)
