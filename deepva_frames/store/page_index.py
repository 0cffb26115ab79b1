"""Where each recorded page of a listing is, without parsing the listing: the replay fast path.

A ``pages`` entry is NDJSON, one page body per line. :func:`scan_pages` finds each line's
byte span and its ``total``/``offset``/``limit`` from a scan of the line's head (the
API's key order: ``{"total":…,"offset":…,"limit":…,``), parsing a line only when its head
has another layout. Serving a recorded page is then one read of its span: replay holds
no parsed page and no page bytes beyond the one being served.

:func:`with_links` puts other ``next``/``prev`` links into a recorded page's bytes, so a
server replaying it need not re-serialize the page.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "_pages.ndjson"
>>> _ = path.write_bytes(b'{"total":3,"offset":0,"limit":2,"next":null,"prev":null,"data":[1,2]}\\n'
...                      b'{"total":3,"offset":2,"limit":2,"next":null,"prev":null,"data":[3]}\\n')
>>> index = scan_pages(path)
>>> index.total, read_span(path, index.spans[(2, 2)])
(3, b'{"total":3,"offset":2,"limit":2,"next":null,"prev":null,"data":[3]}')
>>> with_links(read_span(path, index.spans[(2, 2)]), next=None, prev="https://x/?offset=0")
b'{"total":3,"offset":2,"limit":2,"next":null,"prev":"https://x/?offset=0","data":[3]}'
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

__all__ = ["LruCache", "PageIndex", "read_span", "scan_pages", "with_links"]

_HEAD = re.compile(rb'\{"total":(\d+),"offset":(\d+),"limit":(\d+),')
_STRING_OR_NULL = rb'(?:null|"(?:[^"\\]|\\.)*")'
_LINKS = re.compile(rb'(\{"total":\d+,"offset":\d+,"limit":\d+,)"next":' + _STRING_OR_NULL
                    + rb',"prev":' + _STRING_OR_NULL + rb',"data":')
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class PageIndex:
    """The recorded pages of one entry: ``spans[(offset, limit)] = (start, end)`` bytes.

    ``by_offset`` maps each offset to its ``(limit, span)``; ``total`` is the first
    page's total (None for an entry without pages).
    """

    signature: tuple[Any, ...]
    spans: dict[tuple[int, int], tuple[int, int]]
    by_offset: dict[int, tuple[int, tuple[int, int]]]
    total: int | None


def _head_keys(line: bytes) -> tuple[Any, Any, Any]:
    match = _HEAD.match(line, 0, 160)
    if match is not None:
        return tuple(int(group) for group in match.groups())  # type: ignore[return-value]
    try:
        page = json.loads(line)
    except ValueError:
        return None, None, None
    if not isinstance(page, dict):
        return None, None, None
    return page.get("total"), page.get("offset"), page.get("limit")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def scan_pages(path: Path, signature: tuple[Any, ...] = ()) -> PageIndex:
    """The :class:`PageIndex` of an NDJSON page file (lines that are no page are skipped)."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    by_offset: dict[int, tuple[int, tuple[int, int]]] = {}
    total = None
    start = 0
    with path.open("rb") as fh:  # a line at a time: memory holds one page, not the listing
        for raw in fh:
            line = raw.rstrip(b"\r\n")
            if line.strip():
                page_total, offset, limit = _head_keys(line)
                total = page_total if total is None and _is_int(page_total) else total
                if _is_int(offset) and _is_int(limit):
                    span = (start, start + len(line))
                    spans.setdefault((offset, limit), span)
                    by_offset.setdefault(offset, (limit, span))
            start += len(raw)
    return PageIndex(signature, spans, by_offset, total)


def read_span(path: Path, span: tuple[int, int]) -> bytes:
    """The bytes of one recorded page."""
    with path.open("rb") as fh:
        fh.seek(span[0])
        return fh.read(span[1] - span[0])


def with_links(raw: bytes, *, next: str | None, prev: str | None) -> bytes | None:
    """``raw`` with its ``next``/``prev`` replaced, or None when its head has another layout.

    >>> with_links(b'{"data": []}', next=None, prev=None) is None
    True
    """
    match = _LINKS.match(raw)
    if match is None:
        return None
    links = json.dumps({"next": next, "prev": prev}, ensure_ascii=False,
                       separators=(",", ":")).encode("utf-8")[1:-1]
    return match.group(1) + links + b',"data":' + raw[match.end():]


class LruCache(Generic[K, V]):
    """A small thread-safe least-recently-used map (replay keeps a few listings, not all).

    >>> cache = LruCache(2)
    >>> cache.put("a", 1); cache.put("b", 2); cache.put("c", 3)
    >>> cache.get("a"), cache.get("c")
    (None, 3)
    """

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
