"""Which table a resource path's responses flatten into.

>>> table_for_path("/jobs/6b51/detailed-results/")
'detailed_results'
>>> table_for_path("knowledge-graph/nodes/24478/attributes/compare/36209")
'kg_compare'
>>> table_for_path("/jobs/6b51/artifacts/7103/file/") is None
True
"""

from __future__ import annotations

import re

__all__ = ["ROUTES", "table_for_path"]

_ID = r"[^/]+"
ROUTES: tuple[tuple[str, str], ...] = (
    (r"jobs(/ID)?", "jobs"),
    (r"jobs/ID/artifacts", "artifacts"),
    (r"jobs/ID/summarized-results", "summarized_results"),
    (r"jobs/ID/detailed-results", "detailed_results"),
    (r"batches(/ID)?|batches/ID/sub-batches", "batches"),
    (r"batches/ID/jobs", "jobs"),
    (r"batches/ID/report|reports(/ID)?", "reports"),
    (r"reports/ID/items", "report_items"),
    (r"datasets(/ID)?", "datasets"),
    (r"datasets/ID/classes(/ID)?", "classes"),
    (r"datasets/ID/classes/ID/clusters(/ID)?", "clusters"),
    (r"datasets/ID/classes/ID/(clusters/ID/)?images(/ID)?", "images"),
    (r"trainings(/ID)?", "trainings"),
    (r"storage(/ID)?", "storage"),
    (r"dictionaries(/ID)?", "dictionaries"),
    (r"exports(/ID)?", "exports"),
    (r"exports/ID/artifacts", "artifacts"),
    (r"knowledge-graph/nodes(/ID)?|knowledge-graph/nodes/ID/(similar|related)", "kg_nodes"),
    (r"knowledge-graph/nodes/ID/attributes", "kg_attributes"),
    (r"knowledge-graph/nodes/ID/attributes/compare/ID", "kg_compare"),
    (r"knowledge-graph/attribute-descriptions", "kg_attribute_descriptions"),
    (r"knowledge-graph/search-suggestions", "kg_search_suggestions"),
    (r"knowledge-graph/import/ID(/ID)?", "kg_imports"),
)
_COMPILED = tuple((re.compile(pattern.replace("ID", _ID)), name) for pattern, name in ROUTES)


def table_for_path(path: str) -> str | None:
    """The flatten function name for responses of ``path`` (None: files, messages, unknown).

    >>> table_for_path("/storage?folder=/")
    'storage'
    """
    norm = path.split("?", 1)[0].strip("/")
    for pattern, name in _COMPILED:
        if pattern.fullmatch(norm):
            return name
    return None
