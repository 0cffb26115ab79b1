"""Client reads of the knowledge graph, datasets, storage and dictionaries."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .session import ClientCore
from .jobs import seg
from .tables import derived_table

__all__ = ["LibraryMixin"]

PathLike = str | os.PathLike[str]
KG = "/knowledge-graph"


class LibraryMixin(ClientCore):
    """Knowledge graph, datasets/classes/images/clusters, storage, dictionaries."""

    # -- knowledge graph ----------------------------------------------------------------------
    def kg_nodes(self, type: str | None = None, search: str | None = None,
                 limit: int | None = None, **attr_filters: Any) -> Any:
        """Knowledge-graph nodes, by ``type``, ``search`` text and attribute filters.

        >>> c.kg_nodes(type="person", place_of_birth="Würzburg")    # doctest: +SKIP
        """
        reserved = {"offset"} & set(attr_filters)
        if reserved:
            raise ValueError(f"not an attribute filter: {sorted(reserved)}")
        params = {"type": type, "search": search, **attr_filters}
        return self._listing("kg_nodes", f"{KG}/nodes/", params, limit)

    def kg_node(self, id: Any) -> dict[str, Any]:
        """One node's static attributes (id, custom_id, name, description, type)."""
        return self._object(f"{KG}/nodes/{seg(id)}/")

    def kg_node_attributes(self, id: Any, limit: int | None = None) -> Any:
        """All attributes of a node."""
        return self._listing("kg_attributes", f"{KG}/nodes/{seg(id)}/attributes/", None, limit,
                             node_id=id)

    def kg_similar(self, id: Any, limit: int | None = None) -> Any:
        """Nodes similar to a node."""
        return self._listing("kg_nodes", f"{KG}/nodes/{seg(id)}/similar/", None, limit,
                             of_node_id=id)

    def kg_related(self, id: Any, limit: int | None = None) -> Any:
        """Nodes related to a node."""
        return self._listing("kg_nodes", f"{KG}/nodes/{seg(id)}/related/", None, limit,
                             of_node_id=id)

    def kg_compare(self, id: Any, other_id: Any, limit: int | None = None) -> Any:
        """The attributes of node ``id`` compared with those of ``other_id``."""
        path = f"{KG}/nodes/{seg(id)}/attributes/compare/{seg(other_id)}/"
        return self._listing("kg_compare", path, None, limit, node_id=id,
                             other_node_id=other_id)

    def kg_attribute_descriptions(self, limit: int | None = None) -> Any:
        """The attributes available in the graph."""
        return self._listing("kg_attribute_descriptions", f"{KG}/attribute-descriptions/",
                             None, limit)

    def kg_search_suggestions(self, query: str, attribute: str) -> Any:
        """Up to five search suggestions for ``query`` on a node ``attribute`` (a table).

        >>> c.kg_search_suggestions("frei", "place_of_birth")     # doctest: +SKIP
        """
        suggestions = self._object(f"{KG}/search-suggestions/",
                                   {"query": query, "attribute": attribute})
        return derived_table("kg_search_suggestions", suggestions, query=query,
                             attribute=attribute)

    def import_status(self, format: str, id: str) -> dict[str, Any]:
        """The state of a knowledge-graph import."""
        return self._object(f"{KG}/import/{seg(format)}/{seg(id)}")

    # -- datasets -----------------------------------------------------------------------------
    def datasets(self, limit: int | None = None) -> Any:
        """All datasets."""
        return self._listing("datasets", "/datasets/", None, limit)

    def dataset(self, id: str) -> dict[str, Any]:
        """One dataset object."""
        return self._object(f"/datasets/{seg(id)}/")

    def classes(self, ds: str, limit: int | None = None) -> Any:
        """The classes of a dataset."""
        return self._listing("classes", f"/datasets/{seg(ds)}/classes/", None, limit,
                             dataset_id=ds)

    def class_(self, ds: str, cls: str) -> dict[str, Any]:
        """One class of a dataset (``class`` is a Python keyword, hence the underscore)."""
        return self._object(f"/datasets/{seg(ds)}/classes/{seg(cls)}/")

    def images(self, ds: str, cls: str, limit: int | None = None) -> Any:
        """The images of a class."""
        return self._listing("images", f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/", None,
                             limit, dataset_id=ds, class_id=cls)

    def image(self, ds: str, cls: str, img: str) -> dict[str, Any]:
        """One image object of a class."""
        return self._object(f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/{seg(img)}/")

    def clusters(self, ds: str, cls: str, limit: int | None = None) -> Any:
        """The clusters of a class (after a dataset evaluation)."""
        return self._listing("clusters", f"/datasets/{seg(ds)}/classes/{seg(cls)}/clusters/",
                             None, limit, dataset_id=ds, class_id=cls)

    def cluster(self, ds: str, cls: str, name: str) -> dict[str, Any]:
        """One cluster by name."""
        return self._object(f"/datasets/{seg(ds)}/classes/{seg(cls)}/clusters/{seg(name)}/")

    def cluster_images(self, ds: str, cls: str, name: str, limit: int | None = None) -> Any:
        """The images of one cluster."""
        path = f"/datasets/{seg(ds)}/classes/{seg(cls)}/clusters/{seg(name)}/images/"
        return self._listing("images", path, None, limit, dataset_id=ds, class_id=cls,
                             cluster_name=name)

    # -- storage ------------------------------------------------------------------------------
    def storage(self, folder: str = "/", limit: int | None = None) -> Any:
        """The storage objects in ``folder``."""
        return self._listing("storage", "/storage/", {"folder": folder}, limit, folder=folder)

    def storage_object(self, id: Any) -> dict[str, Any]:
        """One storage object (url, size, name, type)."""
        return self._object(f"/storage/{seg(id)}/")

    def download_storage(self, id: Any, dest: PathLike | None = None, *,
                         thumbnail: bool = False, progress: bool | None = None) -> Path:
        """Download a storage file (or its thumbnail); returns the written path."""
        kind = "thumbnail" if thumbnail else "file"
        return self._download(f"/storage/{seg(id)}/{kind}/", dest, f"storage-{id}-{kind}",
                              progress)

    # -- dictionaries -------------------------------------------------------------------------
    def dictionaries(self, limit: int | None = None) -> Any:
        """All dictionaries."""
        return self._listing("dictionaries", "/dictionaries/", None, limit)

    def dictionary(self, id: str) -> dict[str, Any]:
        """One dictionary object."""
        return self._object(f"/dictionaries/{seg(id)}/")

    def download_dictionary(self, id: str, dest: PathLike | None = None, *,
                            progress: bool | None = None) -> Path:
        """Download a dictionary's file; returns the written path."""
        return self._download(f"/dictionaries/{seg(id)}/file", dest, f"dictionary-{id}.txt",
                              progress)
