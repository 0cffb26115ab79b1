"""Payload normalization: every accepted payload form becomes a list of :class:`Part`.

Accepted forms (the same for every table):

- one object (a dict), or a page dict (``total``/``offset``/``limit``/``data``, ...)
- a list of pages, or a list of records (dicts; plain strings for search suggestions)
- raw bytes: one JSON document, or NDJSON (one page or one record per line);
  a list of such bytes (the raw page bodies a client holds)
- a path (str or os.PathLike): a ``.json`` file, an ``.ndjson`` file, or a page-store
  folder holding ``_pages*.ndjson`` / ``_object*.json`` entries; a PageStore ``Entry``

A Part keeps raw documents as bytes until someone needs Python objects, so that the
columnar parser of detailed results can read them directly. Context (parent ids that
records lack) is inferred from the page-store path and query of the entry.

>>> [p.records("jobs") for p in load({"total": 1, "data": [{"id": "a"}]}, "jobs")]
[[{'id': 'a'}]]
>>> load(b'{"id": "a"}\\n{"id": "b"}\\n', "jobs")[0].records("jobs")
[{'id': 'a'}, {'id': 'b'}]
>>> context_from_path("/jobs/j1/detailed-results/", {})
{'job_id': 'j1'}
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import PayloadError

__all__ = ["Part", "context_from_path", "is_page", "load", "records_of"]

PAGE_KEYS = frozenset({"total", "offset", "limit", "next", "prev"})
_COLLECTIONS = {
    "jobs": "job_id", "batches": "batch_id", "reports": "report_id", "datasets": "dataset_id",
    "classes": "class_id", "clusters": "cluster_name", "nodes": "node_id",
    "compare": "other_node_id", "exports": "export_id", "import": "import_format",
}
_PARAMS = ("folder", "query", "attribute")
_BYTES = (bytes, bytearray, memoryview)


@dataclass
class Part:
    """Documents that share one context; each doc is raw JSON bytes or a parsed value."""

    context: dict[str, str]
    docs: list[Any] = field(default_factory=list)

    @property
    def raw(self) -> bool:
        """True when every document is still JSON text (the columnar path can read it)."""
        return all(isinstance(doc, bytes) for doc in self.docs)

    def records(self, table: str) -> list[Any]:
        """The records of all documents, in order (page data expanded)."""
        out: list[Any] = []
        for number, doc in enumerate(self.docs):
            out.extend(records_of(parse(doc, table, number) if isinstance(doc, bytes) else doc,
                                  table))
        return out


def parse(doc: bytes, table: str, number: int = 0) -> Any:
    """One JSON document, or a PayloadError naming the table and the document."""
    try:
        return json.loads(doc)
    except ValueError as exc:
        raise PayloadError(table, f"document {number} is not valid JSON: {exc}") from None


def is_page(value: Any) -> bool:
    """Whether ``value`` is a pagination object (has ``data`` and a paging key).

    >>> is_page({"data": [], "total": 0}), is_page({"data": {"x": 1}, "id": 3})
    (True, False)
    """
    return isinstance(value, Mapping) and "data" in value and not PAGE_KEYS.isdisjoint(value)


def records_of(doc: Any, table: str) -> list[Any]:
    """The records of a document: a page's data, a list's items (pages expanded), an object.

    >>> records_of([{"data": [1], "offset": 0}, {"data": [2], "offset": 1}], "t")
    [1, 2]
    """
    if is_page(doc):
        data = doc["data"]
        if not isinstance(data, list):
            raise PayloadError(table, f"page data is not a list but {type(data).__name__}",
                               key="data")
        return data
    if isinstance(doc, list):
        out: list[Any] = []
        for item in doc:
            out.extend(records_of(item, table) if is_page(item) else [item])
        return out
    return [doc]


def load(payload: Any, table: str) -> list[Part]:
    """Normalize any accepted payload form into Parts (see the module docstring).

    >>> [part.raw for part in load([b'{"data": [], "total": 0}'], "jobs")]
    [True]
    """
    if payload is None:
        raise PayloadError(table, "no payload (got None)")
    if isinstance(payload, _BYTES):
        return [Part({}, split_documents(bytes(payload), table))]
    if isinstance(payload, str | os.PathLike):
        return _from_path(Path(payload), table)
    if hasattr(payload, "data_file") and hasattr(payload, "meta"):
        return [_from_file(Path(payload.data_file), table, payload.meta)]
    if isinstance(payload, Mapping):
        return [Part({}, [payload])]
    if isinstance(payload, Sequence):
        return [Part({}, _sequence_docs(payload, table))]
    raise PayloadError(table, f"cannot read a payload of type {type(payload).__name__}")


def _sequence_docs(items: Sequence[Any], table: str) -> list[Any]:
    if items and all(isinstance(item, _BYTES) for item in items):
        docs: list[Any] = []
        for item in items:
            docs.extend(split_documents(bytes(item), table))
        return docs
    if any(isinstance(item, _BYTES) for item in items):
        raise PayloadError(table, "a list mixing bytes and parsed values")
    return [list(items)]


def split_documents(data: bytes, table: str) -> list[bytes]:
    """The JSON documents of raw bytes: one (possibly pretty-printed) document, or NDJSON.

    >>> split_documents(b'{"a": 1}\\n\\n{"a": 2}', "t")
    [b'{"a": 1}', b'{"a": 2}']
    >>> split_documents(b'{\\n  "a": 1\\n}\\n', "t")
    [b'{\\n  "a": 1\\n}\\n']
    """
    if not data.strip():
        return []
    first_end = data.find(b"\n", len(data) - len(data.lstrip()))
    if first_end < 0 or not data[first_end:].strip():
        return [data]
    try:
        json.loads(data[:first_end])
    except ValueError:
        return [data]  # one document spread over several lines
    return [line for line in data.splitlines() if line.strip()]


def _from_path(path: Path, table: str) -> list[Part]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if _is_entry_file(p))
        if not files:
            raise PayloadError(table, f"{path} holds no _pages*.ndjson or _object*.json entry")
        return [_from_file(p, table) for p in files]
    if not path.is_file():
        raise PayloadError(table, f"no such file or folder: {path}")
    return [_from_file(path, table)]


def _is_entry_file(path: Path) -> bool:
    name = path.name
    return path.is_file() and not name.endswith(".meta.json") and (
        (name.startswith("_pages") and name.endswith(".ndjson"))
        or (name.startswith("_object") and name.endswith(".json")))


def _from_file(path: Path, table: str, meta: Mapping[str, Any] | None = None) -> Part:
    if meta is None:
        meta = _read_meta(path)
    if meta is not None and "path" in meta:
        context = context_from_path(str(meta["path"]), meta.get("params") or {})
    else:
        context = context_from_path(_store_relative(path.parent), {})
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PayloadError(table, f"cannot read {path}: {exc}") from None
    return Part(context, split_documents(data, table))


def _read_meta(path: Path) -> dict[str, Any] | None:
    stem = path.name.rsplit(".", 1)[0]
    meta_file = path.with_name(stem + ".meta.json")
    try:
        return json.loads(meta_file.read_bytes()) if meta_file.is_file() else None
    except (OSError, ValueError):
        return None


def _store_relative(folder: Path) -> str:
    for parent in [folder, *folder.parents]:
        if (parent / "manifest.json").is_file():
            return folder.relative_to(parent).as_posix()
    return folder.as_posix()


def context_from_path(path: str, params: Mapping[str, Any]) -> dict[str, str]:
    """Parent ids named by a resource path (and its query), e.g. ``job_id`` of jobs/<id>/...

    >>> context_from_path("knowledge-graph/nodes/24478/similar", {})
    {'node_id': '24478', 'of_node_id': '24478'}
    >>> context_from_path("/storage/", {"folder": "/"})
    {'folder': '/'}
    """
    parts = [unquote(p) for p in path.split("?", 1)[0].split("/") if p]
    context: dict[str, str] = {}
    for name, value in itertools.pairwise(parts):
        key = _COLLECTIONS.get(name)
        if key is not None and key not in context:
            context[key] = value
    if parts and parts[-1] in ("similar", "related") and "node_id" in context:
        context["of_node_id"] = context["node_id"]
    for name in _PARAMS:
        if params.get(name) is not None:
            context[name] = str(params[name])
    return context
