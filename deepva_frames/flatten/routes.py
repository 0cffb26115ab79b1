"""Which table a resource path's responses flatten into (routes declared with the tables).

>>> table_for_path("/jobs/6b51/detailed-results/")
'detailed_results'
>>> table_for_path("knowledge-graph/nodes/24478/attributes/compare/36209")
'kg_compare'
>>> table_for_path("/jobs/6b51/artifacts/7103/file/") is None
True
"""

from __future__ import annotations

import re

from ..schemas import TABLES, declaration

__all__ = ["ROUTES", "table_for_path"]

_ID = r"[^/]+"
# (pattern, flatten function) of every declared route; ID stands for one path segment
ROUTES: tuple[tuple[str, str], ...] = tuple(
    (pattern, declaration(name).function)
    for name in TABLES for pattern in declaration(name).routes)
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
