"""The record filters the API applies to listings, for replay: jobs and knowledge-graph nodes.

Jobs: ``search`` matches id or tag (case-insensitive substring), ``tag`` is exact. Nodes:
``type``, ``search`` (name, custom_id, description) and attribute filters.

>>> keep = job_filter({"tag": "news"})
>>> keep({"id": "a", "tag": "news"}), keep({"id": "b", "tag": "sport"})
(True, False)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .pages import Entry, PageStore

__all__ = ["filter_for", "job_filter"]

_JOB_LISTING = re.compile(r"^(jobs|batches/[^/]+/jobs)$")
_KG_NODES = "knowledge-graph/nodes"
_JOB_FILTERS = frozenset({"search", "tag"})

#: records(norm path, query, entry) -> the listing's records
Records = Callable[[str, dict[str, str], Entry], list[Any]]


def _contains(haystack: Any, needle: str) -> bool:
    """Case-insensitive substring test over a value (lists and dicts: any element)."""
    if isinstance(haystack, dict):
        haystack = list(haystack.values())
    if isinstance(haystack, list | tuple):
        return any(_contains(item, needle) for item in haystack)
    return haystack is not None and needle.lower() in str(haystack).lower()



def filter_for(norm: str, query: dict[str, str], store: PageStore,
               records: Records) -> Callable[[dict], bool] | None:
    """The record filter the API applies for this query, or None when it has none.

    >>> filter_for("datasets", {"x": "1"}, None, None) is None
    True
    """
    if _JOB_LISTING.match(norm) and set(query) <= _JOB_FILTERS:
        return job_filter(query)
    if norm == _KG_NODES:
        return _NodeFilter(store, records).keep_for(query)
    return None


def job_filter(query: dict[str, str]) -> Callable[[dict], bool]:
    """Jobs: ``search`` matches id or tag (case-insensitive substring), ``tag`` is exact."""
    search, tag = query.get("search"), query.get("tag")

    def keep(job: dict) -> bool:
        if tag is not None and (job.get("tag") or "") != tag:
            return False
        return search is None or _contains([job.get("id"), job.get("tag")], search)
    return keep


class _NodeFilter:
    """Knowledge-graph node filters, reading node objects and attributes from the store."""

    def __init__(self, store: PageStore, records: Records):
        self.store = store
        self._records = records

    def keep_for(self, query: dict[str, str]) -> Callable[[dict], bool]:
        """The filter of one query: ``type``, ``search`` and attribute filters."""
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
        attributes = self._records(path, {}, entry)
        return any(isinstance(a, dict) and a.get("name") == name
                   and _contains(a.get("value"), value) for a in attributes)
