"""The knowledge graph: nodes, attributes, similar and related nodes, comparisons,
attribute descriptions, search suggestions; imports and waiting for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._paths import KG, seg
from .._types import ErrorMode
from .polling import wait_until_done
from .session import Session
from .tables import derived_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KnowledgeGraphAPI"]


class KnowledgeGraphAPI(Session):
    """The knowledge graph."""

    # -- nodes --------------------------------------------------------------------------
    def kg_nodes(self, type: str | None = None, search: str | None = None,
                 limit: int | None = None, *,
                 errors: ErrorMode = "warn", **attr_filters: Any) -> pd.DataFrame:
        """Knowledge-graph nodes, by ``type``, ``search`` text and attribute filters.

        >>> c.kg_nodes(type="person", place_of_birth="Würzburg")    # doctest: +SKIP
        """
        reserved = {"offset"} & set(attr_filters)
        if reserved:
            raise ValueError(f"not an attribute filter: {sorted(reserved)}")
        params = {"type": type, "search": search, **attr_filters}
        return self._listing("kg_nodes", f"{KG}/nodes/", params, limit, errors=errors)

    def kg_node(self, id: Any) -> dict[str, Any]:
        """One node's static attributes (id, custom_id, name, description, type)."""
        return self._object(f"{KG}/nodes/{seg(id)}/")

    def kg_node_attributes(self, id: Any, limit: int | None = None, *,
                           errors: ErrorMode = "warn") -> pd.DataFrame:
        """All attributes of a node."""
        return self._listing("kg_attributes", f"{KG}/nodes/{seg(id)}/attributes/", None, limit,
                             node_id=id, errors=errors)

    def kg_similar(self, id: Any, limit: int | None = None, *,
                   errors: ErrorMode = "warn") -> pd.DataFrame:
        """Nodes similar to a node."""
        return self._listing("kg_nodes", f"{KG}/nodes/{seg(id)}/similar/", None, limit,
                             of_node_id=id, errors=errors)

    def kg_related(self, id: Any, limit: int | None = None, *,
                   errors: ErrorMode = "warn") -> pd.DataFrame:
        """Nodes related to a node."""
        return self._listing("kg_nodes", f"{KG}/nodes/{seg(id)}/related/", None, limit,
                             of_node_id=id, errors=errors)

    def kg_compare(self, id: Any, other_id: Any, limit: int | None = None, *,
                   errors: ErrorMode = "warn") -> pd.DataFrame:
        """The attributes of node ``id`` compared with those of ``other_id``."""
        path = f"{KG}/nodes/{seg(id)}/attributes/compare/{seg(other_id)}/"
        return self._listing("kg_compare", path, None, limit, node_id=id,
                             other_node_id=other_id, errors=errors)

    def kg_attribute_descriptions(self, limit: int | None = None, *,
                                  errors: ErrorMode = "warn") -> pd.DataFrame:
        """The attributes available in the graph."""
        return self._listing("kg_attribute_descriptions", f"{KG}/attribute-descriptions/",
                             None, limit, errors=errors)

    def kg_search_suggestions(self, query: str, attribute: str, *,
                              errors: ErrorMode = "warn") -> pd.DataFrame:
        """Up to five search suggestions for ``query`` on a node ``attribute`` (a table).

        >>> c.kg_search_suggestions("frei", "place_of_birth")     # doctest: +SKIP
        """
        suggestions = self._object(f"{KG}/search-suggestions/",
                                   {"query": query, "attribute": attribute})
        return derived_table("kg_search_suggestions", suggestions, query=query,
                             attribute=attribute, errors=errors)

    # -- imports ------------------------------------------------------------------------
    def kg_import(self, format: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Import data into the knowledge graph (e.g. format ``broadcast``); returns its status.

        Follow it with :meth:`import_status` or :meth:`wait_for_import`.
        """
        return self._send("POST", f"/knowledge-graph/import/{seg(format)}",
                          json_body=dict(payload))

    def import_status(self, format: str, id: str) -> dict[str, Any]:
        """The state of a knowledge-graph import."""
        return self._object(f"{KG}/import/{seg(format)}/{seg(id)}")

    def wait_for_import(self, format: str, id: str, timeout: float = 3600.0, poll: float = 2.0,
                        *, max_poll: float = 30.0,
                        progress: bool | None = None) -> dict[str, Any]:
        """Poll a knowledge-graph import until it ends.

        See :meth:`~deepva_frames.client.jobs.JobsAPI.wait_for_job`.
        """
        return wait_until_done(self, "import", format, id, timeout=timeout, poll=poll,
                               max_poll=max_poll, progress=progress)
