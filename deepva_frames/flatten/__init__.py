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
``meta_json`` for segments). Accounts differ from the sample, so by default
(``errors="warn"``) a value of an unexpected type, or a missing required key, never
fails a record or a job: its typed cell is null and the raw value is kept in the JSON
column under its key (as an unknown key would be), and one DataQualityWarning per
table and key names the key, the count, the first job and record and an example.
Lossless coercions: an integral float into an integer column, an integer id into a
string id, an integer into a float column, an age in years into ``age`` (its 10-year
group) and ``age_years``. ``errors="raise"`` raises PayloadError naming the table,
the job, the record (index and id) and the key instead. In both modes the envelope
must be what the API documents: a document that is not JSON, or a page whose ``data``
is not a list, raises PayloadError; so does a record that is not an object.
``with flatten.errors_mode("raise"):`` makes every table read inside follow one mode
and warn once per table and key at its end (the export does this).

Each table is declared once in :mod:`deepva_frames.schemas` (columns, types, key paths,
context columns, routes); the per-record spec, the columnar reader of detailed
results, the ``x`` / ``x_arrow`` pair and :func:`table_for_path` derive from it.

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

from ..schemas import TABLES, declaration
from . import batch_tables, job_tables, kg, summarized
from ._public import ArrowFunction, Builder, FrameFunction, arrow_function, frame_function
from ._public import spec_build as _spec_build
from ._quality import ErrorMode
from ._quality import checking as errors_mode
from .batch_tables import report_items_wide
from .detailed import DetailedResults, detailed_results, detailed_results_arrow, unpack_meta_json
from .kg import kg_attributes_wide
from .routes import table_for_path

_CUSTOM: dict[str, Builder] = {**job_tables.BUILDS, **summarized.BUILDS, **batch_tables.BUILDS,
                               **kg.BUILDS}
_ONE_PER_TABLE = [name for name in TABLES if declaration(name).function == name]
_ARROW: dict[str, ArrowFunction] = {
    name: arrow_function(name, _CUSTOM.get(name) or _spec_build(name)) for name in _ONE_PER_TABLE}
_FRAMES: dict[str, FrameFunction] = {
    name: frame_function(name, _ARROW[name], _CUSTOM.get(name) or _spec_build(name))
    for name in _ONE_PER_TABLE}
globals().update({f"{name}_arrow": function for name, function in _ARROW.items()})
globals().update(_FRAMES)

__all__ = ["DetailedResults", "ErrorMode", "detailed_results", "detailed_results_arrow",
           "errors_mode",
           "kg_attributes_wide", "report_items_wide", "table_for_path", "to_arrow",
           "unpack_meta_json"]
__all__ += [*_FRAMES, *(f"{name}_arrow" for name in _ARROW)]
# doctest finds the examples of the generated functions here (their globals are elsewhere)
__test__ = {name: function.__doc__ for name, function in {
    **_FRAMES, **{f"{n}_arrow": f for n, f in _ARROW.items()}}.items()}


def to_arrow(name: str, payload: Any, *, errors: ErrorMode = "warn", **context: Any) -> pa.Table:
    """The Arrow table ``name`` (a table of :mod:`deepva_frames.schemas`) of ``payload``.

    ``segments`` and ``detections`` are the two tables of detailed results.

    >>> to_arrow("segments", [], job_id="j").num_rows
    0
    """
    if name in ("segments", "detections"):
        tables = detailed_results_arrow(payload, errors=errors, **context)
        return tables[0] if name == "segments" else tables[1]
    try:
        build = _ARROW[name]
    except KeyError:
        raise KeyError(f"no table {name!r}; tables: {', '.join(TABLES)}") from None
    return build(payload, errors=errors, **context)


def __getattr__(name: str) -> Callable[..., Any]:
    """For type checkers: the generated table functions are module attributes."""
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
