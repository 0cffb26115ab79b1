"""Raw API payloads to tidy tables with the declared schemas of :mod:`deepva_frames.schemas`.

``flatten.<table>(payload, **context)`` returns a pandas DataFrame;
``flatten.<table>_arrow(...)`` or ``flatten.to_arrow(name, payload, **context)`` the
Arrow table (for Parquet without a pandas round trip).

Tables (context keywords in brackets):

- jobs [batch_id], media, summary_items  (from jobs: their result summaries)
- summarized_results [job_id]
- detailed_results [job_id] -> DetailedResults(segments, detections)
- batches [ancestors], reports [batch_id], report_items [report_id]
- kg_nodes [of_node_id] (listings, similar, related, one node's description),
  kg_attributes [node_id], kg_compare [node_id, other_node_id],
  kg_attribute_descriptions, kg_search_suggestions [query, attribute],
  kg_imports [import_format]
- datasets, classes [dataset_id], images [dataset_id, class_id, cluster_name],
  clusters [dataset_id, class_id], trainings
- storage [folder], dictionaries, exports, artifacts [job_id, export_id]
- wide views: report_items_wide(df), kg_attributes_wide(df)
- ``table_for_path(resource_path)``: which of these a resource path's responses fill

Payload forms, the same for every table: one object; a page dict; a list of pages or
of records; raw bytes (one JSON document, or NDJSON with one page or one record per
line); a list of raw page bodies (bytes); a path to a ``.json`` or ``.ndjson`` file or
to a page-store folder (its ``_pages*.ndjson`` / ``_object*.json`` entries), whose
resource path and query supply the context (``jobs/<id>/detailed-results`` gives
``job_id``). Context keywords override what the path says.

Every key of a record lands in a column or in the table's JSON column (``extra``, or
``meta_json`` for segments). A wrong type or a missing required key raises
PayloadError naming the table, the record (index and id) and the key; no table is
ever returned partially.

>>> from deepva_frames import flatten
>>> flatten.jobs({"id": "j", "state": "completed"}).loc[0, "state"]
'completed'
>>> flatten.to_arrow("storage", [{"id": 1, "name": "a"}]).column("storage_id").to_pylist()
['1']
>>> segments, detections = flatten.detailed_results([], job_id="j")
>>> list(detections.columns)
['job_id', 'segment_id', 'frame_index', 'type', 'x', 'y', 'w', 'h', 'extra']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from .batch_tables import (
    batches,
    batches_arrow,
    report_items,
    report_items_arrow,
    report_items_wide,
    reports,
    reports_arrow,
)
from .dataset_tables import (
    classes,
    classes_arrow,
    clusters,
    clusters_arrow,
    datasets,
    datasets_arrow,
    images,
    images_arrow,
    trainings,
    trainings_arrow,
)
from .detailed import DetailedResults, detailed_results, detailed_results_arrow, unpack_meta_json
from .files import (
    artifacts,
    artifacts_arrow,
    dictionaries,
    dictionaries_arrow,
    exports,
    exports_arrow,
    storage,
    storage_arrow,
)
from .job_tables import jobs, jobs_arrow, media, media_arrow, summary_items, summary_items_arrow
from .kg import (
    kg_attribute_descriptions,
    kg_attribute_descriptions_arrow,
    kg_attributes,
    kg_attributes_arrow,
    kg_attributes_wide,
    kg_compare,
    kg_compare_arrow,
    kg_imports,
    kg_imports_arrow,
    kg_nodes,
    kg_nodes_arrow,
    kg_search_suggestions,
    kg_search_suggestions_arrow,
)
from .routes import table_for_path
from .summarized import summarized_results, summarized_results_arrow

_ARROW: dict[str, Callable[..., pa.Table]] = {
    "jobs": jobs_arrow, "media": media_arrow, "summary_items": summary_items_arrow,
    "summarized_results": summarized_results_arrow,
    "segments": lambda payload, **ctx: detailed_results_arrow(payload, **ctx)[0],
    "detections": lambda payload, **ctx: detailed_results_arrow(payload, **ctx)[1],
    "batches": batches_arrow, "reports": reports_arrow, "report_items": report_items_arrow,
    "kg_nodes": kg_nodes_arrow, "kg_attributes": kg_attributes_arrow,
    "kg_compare": kg_compare_arrow,
    "kg_attribute_descriptions": kg_attribute_descriptions_arrow,
    "kg_search_suggestions": kg_search_suggestions_arrow, "kg_imports": kg_imports_arrow,
    "datasets": datasets_arrow, "classes": classes_arrow, "images": images_arrow,
    "clusters": clusters_arrow, "trainings": trainings_arrow, "storage": storage_arrow,
    "dictionaries": dictionaries_arrow, "exports": exports_arrow, "artifacts": artifacts_arrow,
}

__all__ = [
    "DetailedResults", "artifacts", "artifacts_arrow", "batches", "batches_arrow", "classes",
    "classes_arrow", "clusters", "clusters_arrow", "datasets", "datasets_arrow",
    "detailed_results", "detailed_results_arrow", "dictionaries", "dictionaries_arrow",
    "exports", "exports_arrow", "images", "images_arrow", "jobs", "jobs_arrow",
    "kg_attribute_descriptions", "kg_attribute_descriptions_arrow", "kg_attributes",
    "kg_attributes_arrow", "kg_attributes_wide", "kg_compare", "kg_compare_arrow",
    "kg_imports", "kg_imports_arrow", "kg_nodes", "kg_nodes_arrow", "kg_search_suggestions",
    "kg_search_suggestions_arrow", "media", "media_arrow", "report_items",
    "report_items_arrow", "report_items_wide", "reports", "reports_arrow", "storage",
    "storage_arrow", "summarized_results", "summarized_results_arrow", "summary_items",
    "summary_items_arrow", "table_for_path", "to_arrow", "trainings", "trainings_arrow",
    "unpack_meta_json",
]


def to_arrow(name: str, payload: Any, **context: Any) -> pa.Table:
    """The Arrow table ``name`` (a table of :mod:`deepva_frames.schemas`) of ``payload``.

    ``segments`` and ``detections`` are the two tables of detailed results.

    >>> to_arrow("segments", [], job_id="j").num_rows
    0
    """
    try:
        build = _ARROW[name]
    except KeyError:
        raise KeyError(f"no table {name!r}; tables: {', '.join(_ARROW)}") from None
    return build(payload, **context)
