"""Small page stores for tests, written from plain Python data (see :func:`build_store`).

>>> import tempfile
>>> build_store(tempfile.mkdtemp(), {"jobs/": []}).get("jobs").kind
'pages'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from ..store.pages import PageStore

__all__ = ["build_store"]


def build_store(root: str | os.PathLike[str], resources: Mapping[str, Any], *,
                page_size: int = 10) -> PageStore:
    """Write a small page store for tests: one entry per ``resources`` item.

    Keys are paths, optionally with a query (``"storage/?folder=/"``); a list value becomes a
    listing recorded in pages of ``page_size``, a dict an object, bytes or a
    ``(bytes, content_type)`` or ``(bytes, content_type, filename)`` tuple a file.

    >>> import tempfile
    >>> store = build_store(tempfile.mkdtemp(), {"jobs/": [{"id": "a"}], "jobs/a/": {"id": "a"}})
    >>> sorted(entry.kind for entry in store.entries())
    ['object', 'pages']
    """
    store = PageStore(Path(root), create=True)
    for key, value in resources.items():
        path, _, query = key.partition("?")
        params = dict(parse_qsl(query, keep_blank_values=True))
        if isinstance(value, list):
            store.put_pages(path, params, _pages(value, page_size))
        elif isinstance(value, dict):
            store.put_object(path, params, value)
        elif isinstance(value, tuple):
            store.put_file(path, value[0], content_type=value[1],
                           filename=value[2] if len(value) > 2 else None)
        else:
            store.put_file(path, bytes(value), content_type="application/octet-stream")
    return store


def _pages(records: list[Any], page_size: int) -> list[dict[str, Any]]:
    starts = range(0, len(records), page_size) if records else [0]
    return [{"total": len(records), "offset": start, "limit": page_size, "next": None,
             "prev": None, "data": records[start:start + page_size]} for start in starts]
