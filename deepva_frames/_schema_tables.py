"""Every tidy table, declared once: columns (name, Arrow type, description, key path),
context columns, and the resource paths whose responses it flattens.

Pure data (see :mod:`deepva_frames._declare`); :mod:`deepva_frames.schemas` is the API over it.

>>> SCHEMAS["detections"].field("x").type
DataType(double)
"""

from __future__ import annotations

import pyarrow as pa

from ._declare import (
                       BOOL,
                       CAT,
                       CONTEXT,
                       EXTRA,
                       F64,
                       I64,
                       ID,
                       JSON,
                       LIST_STR,
                       STR,
                       TS,
                       Table,
                       key,
                       stamps,
)
from ._declare import make_table as _table
from ._schema_library import LIBRARY_TABLES

__all__ = ["BOOL", "CAT", "DECLARED", "F64", "I64", "ID", "JSON", "LIST_STR", "SCHEMAS", "STR",
           "TS"]



_METRIC_COLUMNS = (
    ("key", STR, "key inside the metric object; null when the metric is not an object or is "
     "empty"),
    ("value", F64, "the number (ints as float64); null for non-numbers"),
    ("value_json", JSON, "JSON text of a value that is not a number (or not exactly "
     "representable as float64); null otherwise"),
)

_ATTRIBUTE_COLUMNS = (
    ("name", STR, "attribute name", key("name", required=True)),
    ("value", STR, "the value as text (strings as is, other values as JSON text)"),
    ("value_index", I64, "position in a multi-valued (list) attribute; null for a single value"),
    ("value_json", JSON, "JSON text of the value when it is not a string; null for strings"),
)

_TABLES: tuple[Table, ...] = (
    _table(
        "jobs",
        ("job_id", ID, "the job's id", key("id", required=True)),
        ("tag", STR, "free tag given when the job was created", key("tag")),
        ("state", CAT, "waiting, running, completed, failed, ...", key("state")),
        ("progress", F64, "progress from 0 to 1", key("progress")),
        ("duration_s", F64, "processing time in seconds (API key `duration`)", key("duration")),
        ("time_created", TS, "when the job was created (UTC)", key("time_created")),
        ("time_started", TS, "when processing started (UTC)", key("time_started")),
        ("time_completed", TS, "when processing ended (UTC)", key("time_completed")),
        ("media_type", CAT, "the job's media_type, else that of its first result summary",
         key("media_type")),
        ("modules", LIST_STR, "names of the modules run; their configs and states are in extra"),
        ("sources", LIST_STR, "media URIs analysed", key("sources")),
        ("errors", LIST_STR, "each error as JSON text (objects and messages alike: json.loads it)"),
        ("is_synced_to_kg", BOOL, "whether the results were pushed to the knowledge graph",
         key("is_synced_to_kg")),
        ("batch_id", ID, "batch the job was listed under (context; null for /jobs/)", CONTEXT),
        ("extra", JSON, "JSON of the job's keys not in jobs, media or summary_items: the "
         "`modules` object with per-module config and state, `result` without `summary`"
         " (e.g. detailed_link), unknown keys"),
        routes=(r"jobs(/ID)?", r"batches/ID/jobs"),
        doc=("One row per job; ``batch_id`` names the batch of a ``/batches/<id>/jobs/`` "
             "listing. ``errors`` holds every error as JSON text (``json.loads`` it: objects and "
             "message strings alike); ``extra`` holds the keys not in jobs, media or "
             "summary_items."),
    ),
    _table(
        "media",
        ("job_id", ID, "the job's id"),
        ("source", STR, "media URI of this result summary", key("source")),
        ("media_type", CAT, "video, image, audio, ...", key("media_type")),
        ("fps", F64, "frames per second (info.fps)", key("info.fps")),
        ("width", I64, "width in pixels (info.resolution[0])"),
        ("height", I64, "height in pixels (info.resolution[1])"),
        ("total_frames", I64, "number of frames (info.total_frames)", key("info.total_frames")),
        ("duration_s", F64, "duration in seconds (info.duration)", key("info.duration")),
        ("extra", JSON, "JSON of the summary entry's other keys (items excluded: see "
         "summary_items), unknown info keys under 'info'"),
        doc=("One row per result summary entry of each job: fps, size, frames, duration. The "
             "payload is jobs (any form :func:`jobs` takes); a job with an empty summary gives "
             "no row."),
    ),
    _table(
        "summary_items",
        ("job_id", ID, "the job's id"),
        ("source", STR, "media URI of the result summary"),
        ("media_type", CAT, "media type of the result summary"),
        ("item_index", I64, "position of the item in the summary's items"),
        ("type", CAT, "item type, e.g. object, face", key("type")),
        ("label", STR, "item label", key("label")),
        EXTRA,
        doc=("One row per item of each result summary entry of each job (payload: jobs)."),
    ),
    _table(
        "summarized_results",
        ("job_id", ID, "the job's id (context)", CONTEXT),
        ("result_id", ID, "the summarized result's id", key("id")),
        ("source", STR, "media URI", key("source")),
        ("module", CAT, "module that produced the result", key("module")),
        ("type", CAT, "result type, e.g. gender_count", key("type", required=True)),
        *_METRIC_COLUMNS,
        ("extra", JSON, "JSON of the result's other keys (repeated on each of its rows)"),
        routes=(r"jobs/ID/summarized-results",),
        doc=("One row per meta key of each summarized result of job ``job_id``. ``job_id`` is "
             "inferred from a page-store path (``.../jobs/<id>/summarized-results``)."),
    ),
    _table(
        "segments",
        ("job_id", ID, "the job's id (context)", CONTEXT),
        ("segment_id", ID, "the record's `id` if it has one, else '<job_id>:<index>' where index "
         "is the record's position in the listing (0-based); '<index>' without a job_id",
          key("id")),
        ("source", STR, "media URI", key("source")),
        ("module", CAT, "module that produced the segment", key("module")),
        ("media_type", CAT, "video, image, audio, ...", key("media_type")),
        ("frame_start", I64, "first frame of the segment", key("frame_start", required=True)),
        ("frame_end", I64, "frame after the segment (end exclusive, as the API gives it)",
         key("frame_end")),
        ("time_start", F64, "start in seconds", key("time_start")),
        ("time_end", F64, "end in seconds (exclusive)", key("time_end")),
        ("tc_start", STR, "start as the API's timecode text", key("tc_start")),
        ("tc_end", STR, "end as the API's timecode text", key("tc_end")),
        ("person", STR, "meta.person: the recognised identity, 'unknown' if none",
         key("meta.person")),
        ("closest_person", STR, "meta.closest_person: nearest identity of an unknown face",
         key("meta.closest_person")),
        ("mean_distance", F64, "meta.mean_distance", key("meta.mean_distance")),
        ("mean_similarity", F64, "meta.mean_similarity", key("meta.mean_similarity")),
        ("n_detections", I64, "number of detections (null when the record has no list)"),
        ("meta_json", JSON, "JSON object of the meta keys without a column, plus the segment's "
         "unknown top-level keys under '_segment' (see flatten.detailed.unpack_meta_json)"),
        ("gender", CAT, "meta.gender (advanced_diversity_analysis): estimated gender",
         key("meta.gender")),
        ("age", CAT, "meta.age (advanced_diversity_analysis): estimated age group, e.g. 30-40; "
         "derived from years in 10-year groups when the API sends years", key("meta.age")),
        ("age_years", F64, "meta.age when the API sends years (float); null when it sends a "
         "group label"),
        ("speaking", BOOL, "meta.speaking (advanced_diversity_analysis): the face is speaking",
         key("meta.speaking")),
        routes=(r"jobs/ID/detailed-results",),
        function="detailed_results",
        doc="One row per segment of a job's detailed results (see :func:`detailed_results`).",
    ),
    _table(
        "detections",
        ("job_id", ID, "the job's id (context)", CONTEXT),
        ("segment_id", ID, "joins to segments.segment_id"),
        ("frame_index", I64, "frame of the detection", key("frame_index", required=True)),
        ("type", CAT, "detection type, e.g. face_bbox", key("type")),
        ("x", F64, "data.x: left edge, normalized 0..1", key("data.x")),
        ("y", F64, "data.y: top edge, normalized 0..1", key("data.y")),
        ("w", F64, "data.w: width, normalized 0..1", key("data.w")),
        ("h", F64, "data.h: height, normalized 0..1", key("data.h")),
        ("extra", JSON, "JSON of the detection's unknown keys, with non-bbox `data` keys (or a "
         "non-object `data`) under 'data'; null when none"),
        function="detailed_results",
        doc="One row per detection of a segment; ``segment_id`` joins to segments.",
    ),
    _table(
        "batches",
        ("batch_id", ID, "the batch's id", key("id", required=True)),
        ("name", STR, "batch name", key("name")),
        ("description", STR, "batch description", key("description")),
        ("parent_id", ID, "parent batch id; null for a top-level batch", key("parent")),
        ("depth", I64, "0 for a top-level batch, parent's depth + 1 below; null when the "
         "parent chain is not in the table"),
        ("path", STR, "names from the top-level batch down, joined by '/'; null when the "
         "parent chain is not in the table"),
        *stamps("batch"),
        EXTRA,
        routes=(r"batches(/ID)?|batches/ID/sub-batches",),
        doc=("One row per batch, with ``depth`` (0 at the top) and ``path`` "
             "(\"top-level/Monday\"). The chain is followed through the payload's own batches and "
             "``ancestors`` (a batches DataFrame or payload, e.g. the full ``/batches/`` listing "
             "when flattening sub-batches); where it leaves both, depth and path are null. A "
             "batch without a name appears in paths by its id. A loop in the chain raises "
             "PayloadError."),
    ),
    _table(
        "reports",
        ("report_id", ID, "the report's id", key("id", required=True)),
        ("title", STR, "report title", key("title")),
        ("type", CAT, "report type, e.g. diversity", key("type")),
        ("state", CAT, "waiting, completed, ...", key("state")),
        ("time_created", TS, "when the report was created (UTC)", key("time_created")),
        ("error_msg", STR, "error message, null when none", key("error_msg")),
        ("batch_id", ID, "batch the report was created on (context, from POST .../report/)",
         CONTEXT),
        EXTRA,
        routes=(r"batches/ID/report|reports(/ID)?",),
        doc=("One row per report; ``batch_id`` names the batch of ``POST "
             "/batches/<id>/report/``."),
    ),
    _table(
        "report_items",
        ("report_id", ID, "the report's id (context)", CONTEXT),
        ("batch_id", ID, "content.batch_id: the batch the item reports on",
         key("content.batch_id", required=True)),
        ("metric", CAT, "report_info key, e.g. gender_screen_time"),
        *_METRIC_COLUMNS,
        ("extra", JSON, "JSON of the item's other keys (content without batch_id and "
         "report_info under 'content'), repeated on each row of the item"),
        routes=(r"reports/ID/items",),
        doc=("One row per metric and key of each item's ``report_info`` (long form). A metric "
             "that is an empty object gives one row with a null key; a metric that is a plain "
             "value gives one row with a null key holding it (null: ``value_json`` \"null\"); an "
             "item with an empty report_info gives one row with a null metric."),
    ),
    _table(
        "kg_nodes",
        ("node_id", ID, "node id (an int in the API, as text)", key("id", required=True)),
        ("custom_id", ID, "external id, e.g. a Wikidata Q-number", key("custom_id")),
        ("name", STR, "node name", key("name")),
        ("type", CAT, "person, asset, subasset, broadcast, node, ...", key("type")),
        ("description", STR, "description (node descriptions only)", key("description")),
        ("relevance_type", CAT, "relevance.type: pagerank, similar, related",
         key("relevance.type")),
        ("relevance_value", F64, "relevance.value", key("relevance.value")),
        ("of_node_id", ID, "node these are similar or related to (context; null otherwise)",
         CONTEXT),
        EXTRA,
        routes=(r"knowledge-graph/nodes(/ID)?|knowledge-graph/nodes/ID/(similar|related)",),
        doc=("One row per node: summaries (listing, similar, related) or one node's description. "
             "``of_node_id`` names the node a similar/related listing is about (inferred from "
             "``.../nodes/<id>/similar`` page-store paths)."),
    ),
    _table(
        "kg_attributes",
        ("node_id", ID, "the node's id (context)", CONTEXT),
        *_ATTRIBUTE_COLUMNS,
        EXTRA,
        routes=(r"knowledge-graph/nodes/ID/attributes",),
        doc=("One row per attribute value of node ``node_id`` (several rows when multi-valued)."),
    ),
    _table(
        "kg_compare",
        ("node_id", ID, "the reference node's id (context)", CONTEXT),
        ("other_node_id", ID, "the query node's id (context)", CONTEXT),
        *_ATTRIBUTE_COLUMNS,
        ("common", BOOL, "whether both nodes share the attribute value", key("common")),
        EXTRA,
        routes=(r"knowledge-graph/nodes/ID/attributes/compare/ID",),
        doc=("One row per attribute value of the comparison of ``node_id`` against "
             "``other_node_id``."),
    ),
    _table(
        "kg_attribute_descriptions",
        ("name", STR, "attribute name", key("name", required=True)),
        ("description", STR, "attribute description (often null)", key("description")),
        ("static", BOOL, "whether the attribute is static", key("static")),
        ("type", CAT, "value type: str, date, float, ...", key("type")),
        EXTRA,
        routes=(r"knowledge-graph/attribute-descriptions",),
        doc=("One row per attribute the graph knows: name, description, static, type."),
    ),
    _table(
        "kg_search_suggestions",
        ("query", STR, "the query string (context)", CONTEXT),
        ("attribute", STR, "the attribute searched (context)", CONTEXT),
        ("rank", I64, "position in the suggestions, 0 first"),
        ("suggestion", STR, "suggested search term"),
        routes=(r"knowledge-graph/search-suggestions",),
        doc=("One row per suggestion (a plain list of strings in the API), ranked from 0."),
    ),
    _table(
        "kg_imports",
        ("import_id", ID, "the import's id", key("id", required=True)),
        ("import_format", STR, "import format, e.g. broadcast (context)", CONTEXT),
        ("state", CAT, "waiting, completed, ...", key("state")),
        ("time_created", TS, "when the import was created (UTC)", key("time_created")),
        ("time_completed", TS, "when the import ended (UTC)", key("time_completed")),
        EXTRA,
        routes=(r"knowledge-graph/import/ID(/ID)?",),
        doc=("One row per knowledge-graph import status (``import_format``: e.g. broadcast)."),
    ),
    *LIBRARY_TABLES,
)

DECLARED: dict[str, Table] = {table.name: table for table in _TABLES}
SCHEMAS: dict[str, pa.Schema] = {table.name: table.schema for table in _TABLES}
