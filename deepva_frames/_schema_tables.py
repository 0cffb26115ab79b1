"""The declared columns of every tidy table: name, Arrow type and a line of description.

Pure data; :mod:`deepva_frames.schemas` is the API over it.

>>> SCHEMAS["detections"].field("x").type
DataType(double)
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["BOOL", "CAT", "F64", "I64", "ID", "JSON", "LIST_STR", "SCHEMAS", "STR", "TS"]

ID = pa.string()
STR = pa.string()
JSON = pa.string()
CAT = pa.dictionary(pa.int32(), pa.string())
TS = pa.timestamp("us", tz="UTC")
F64 = pa.float64()
I64 = pa.int64()
BOOL = pa.bool_()
LIST_STR = pa.list_(pa.string())

_EXTRA = ("extra", JSON, "JSON object of every key of the record without a column of its own "
          "(nested objects keep their nesting); null when there is none")
_FACE_FLAGS = ("smile", "eyeglasses", "sunglasses", "eyesopen", "mouthopen", "beard", "mustache")


def _stamps(what: str) -> tuple[tuple[str, pa.DataType, str], ...]:
    return (("time_created", TS, f"when the {what} was created (UTC)"),
            ("time_updated", TS, f"when the {what} was last updated (UTC)"))


def _schema(*fields: tuple[str, pa.DataType, str]) -> pa.Schema:
    return pa.schema([pa.field(name, typ, metadata={"description": text})
                      for name, typ, text in fields])


_METRIC_COLUMNS = (
    ("key", STR, "key inside the metric object; null when the metric is not an object or is "
     "empty"),
    ("value", F64, "the number (ints as float64); null for non-numbers"),
    ("value_json", JSON, "JSON text of a value that is not a number (or not exactly "
     "representable as float64); null otherwise"),
)

_ATTRIBUTE_COLUMNS = (
    ("name", STR, "attribute name"),
    ("value", STR, "the value as text (strings as is, other values as JSON text)"),
    ("value_index", I64, "position in a multi-valued (list) attribute; null for a single value"),
    ("value_json", JSON, "JSON text of the value when it is not a string; null for strings"),
)

SCHEMAS: dict[str, pa.Schema] = {
    "jobs": _schema(
        ("job_id", ID, "the job's id"),
        ("tag", STR, "free tag given when the job was created"),
        ("state", CAT, "waiting, running, completed, failed, ..."),
        ("progress", F64, "progress from 0 to 1"),
        ("duration_s", F64, "processing time in seconds (API key `duration`)"),
        ("time_created", TS, "when the job was created (UTC)"),
        ("time_started", TS, "when processing started (UTC)"),
        ("time_completed", TS, "when processing ended (UTC)"),
        ("media_type", CAT, "the job's media_type, else that of its first result summary"),
        ("modules", LIST_STR, "names of the modules run; their configs and states are in extra"),
        ("sources", LIST_STR, "media URIs analysed"),
        ("errors", LIST_STR, "each error as JSON text (objects and messages alike: json.loads it)"),
        ("is_synced_to_kg", BOOL, "whether the results were pushed to the knowledge graph"),
        ("batch_id", ID, "batch the job was listed under (context; null for /jobs/)"),
        ("extra", JSON, "JSON of the job's keys not in jobs, media or summary_items: the "
         "`modules` object with per-module config and state, `result` without `summary`"
         " (e.g. detailed_link), unknown keys"),
    ),
    "media": _schema(
        ("job_id", ID, "the job's id"),
        ("source", STR, "media URI of this result summary"),
        ("media_type", CAT, "video, image, audio, ..."),
        ("fps", F64, "frames per second (info.fps)"),
        ("width", I64, "width in pixels (info.resolution[0])"),
        ("height", I64, "height in pixels (info.resolution[1])"),
        ("total_frames", I64, "number of frames (info.total_frames)"),
        ("duration_s", F64, "duration in seconds (info.duration)"),
        ("extra", JSON, "JSON of the summary entry's other keys (items excluded: see "
         "summary_items), unknown info keys under 'info'"),
    ),
    "summary_items": _schema(
        ("job_id", ID, "the job's id"),
        ("source", STR, "media URI of the result summary"),
        ("media_type", CAT, "media type of the result summary"),
        ("item_index", I64, "position of the item in the summary's items"),
        ("type", CAT, "item type, e.g. object, face"),
        ("label", STR, "item label"),
        _EXTRA,
    ),
    "summarized_results": _schema(
        ("job_id", ID, "the job's id (context)"),
        ("result_id", ID, "the summarized result's id"),
        ("source", STR, "media URI"),
        ("module", CAT, "module that produced the result"),
        ("type", CAT, "result type, e.g. gender_count"),
        *_METRIC_COLUMNS,
        ("extra", JSON, "JSON of the result's other keys (repeated on each of its rows)"),
    ),
    "segments": _schema(
        ("job_id", ID, "the job's id (context)"),
        ("segment_id", ID, "the record's `id` if it has one, else '<job_id>:<index>' where index "
         "is the record's position in the listing (0-based); '<index>' without a job_id"),
        ("source", STR, "media URI"),
        ("module", CAT, "module that produced the segment"),
        ("media_type", CAT, "video, image, audio, ..."),
        ("frame_start", I64, "first frame of the segment"),
        ("frame_end", I64, "frame after the segment (end exclusive, as the API gives it)"),
        ("time_start", F64, "start in seconds"),
        ("time_end", F64, "end in seconds (exclusive)"),
        ("tc_start", STR, "start as the API's timecode text"),
        ("tc_end", STR, "end as the API's timecode text"),
        ("person", STR, "meta.person: the recognised identity, 'unknown' if none"),
        ("closest_person", STR, "meta.closest_person: nearest identity of an unknown face"),
        ("mean_distance", F64, "meta.mean_distance"),
        ("mean_similarity", F64, "meta.mean_similarity"),
        ("n_detections", I64, "number of detections (null when the record has no list)"),
        ("meta_json", JSON, "JSON object of the meta keys without a column, plus the segment's "
         "unknown top-level keys under '_segment' (see flatten.detailed.unpack_meta_json)"),
        ("gender", CAT, "meta.gender (advanced_diversity_analysis): estimated gender"),
        ("age", CAT, "meta.age (advanced_diversity_analysis): estimated age bucket, e.g. 30-40"),
        ("speaking", BOOL, "meta.speaking (advanced_diversity_analysis): the face is speaking"),
    ),
    "detections": _schema(
        ("job_id", ID, "the job's id (context)"),
        ("segment_id", ID, "joins to segments.segment_id"),
        ("frame_index", I64, "frame of the detection"),
        ("type", CAT, "detection type, e.g. face_bbox"),
        ("x", F64, "data.x: left edge, normalized 0..1"),
        ("y", F64, "data.y: top edge, normalized 0..1"),
        ("w", F64, "data.w: width, normalized 0..1"),
        ("h", F64, "data.h: height, normalized 0..1"),
        ("extra", JSON, "JSON of the detection's unknown keys, with non-bbox `data` keys (or a "
         "non-object `data`) under 'data'; null when none"),
    ),
    "batches": _schema(
        ("batch_id", ID, "the batch's id"),
        ("name", STR, "batch name"),
        ("description", STR, "batch description"),
        ("parent_id", ID, "parent batch id; null for a top-level batch"),
        ("depth", I64, "0 for a top-level batch, parent's depth + 1 below; null when the "
         "parent chain is not in the table"),
        ("path", STR, "names from the top-level batch down, joined by '/'; null when the "
         "parent chain is not in the table"),
        *_stamps("batch"),
        _EXTRA,
    ),
    "reports": _schema(
        ("report_id", ID, "the report's id"),
        ("title", STR, "report title"),
        ("type", CAT, "report type, e.g. diversity"),
        ("state", CAT, "waiting, completed, ..."),
        ("time_created", TS, "when the report was created (UTC)"),
        ("error_msg", STR, "error message, null when none"),
        ("batch_id", ID, "batch the report was created on (context, from POST .../report/)"),
        _EXTRA,
    ),
    "report_items": _schema(
        ("report_id", ID, "the report's id (context)"),
        ("batch_id", ID, "content.batch_id: the batch the item reports on"),
        ("metric", CAT, "report_info key, e.g. gender_screen_time"),
        *_METRIC_COLUMNS,
        ("extra", JSON, "JSON of the item's other keys (content without batch_id and "
         "report_info under 'content'), repeated on each row of the item"),
    ),
    "kg_nodes": _schema(
        ("node_id", ID, "node id (an int in the API, as text)"),
        ("custom_id", ID, "external id, e.g. a Wikidata Q-number"),
        ("name", STR, "node name"),
        ("type", CAT, "person, asset, subasset, broadcast, node, ..."),
        ("description", STR, "description (node descriptions only)"),
        ("relevance_type", CAT, "relevance.type: pagerank, similar, related"),
        ("relevance_value", F64, "relevance.value"),
        ("of_node_id", ID, "node these are similar or related to (context; null otherwise)"),
        _EXTRA,
    ),
    "kg_attributes": _schema(
        ("node_id", ID, "the node's id (context)"),
        *_ATTRIBUTE_COLUMNS,
        _EXTRA,
    ),
    "kg_compare": _schema(
        ("node_id", ID, "the reference node's id (context)"),
        ("other_node_id", ID, "the query node's id (context)"),
        *_ATTRIBUTE_COLUMNS,
        ("common", BOOL, "whether both nodes share the attribute value"),
        _EXTRA,
    ),
    "kg_attribute_descriptions": _schema(
        ("name", STR, "attribute name"),
        ("description", STR, "attribute description (often null)"),
        ("static", BOOL, "whether the attribute is static"),
        ("type", CAT, "value type: str, date, float, ..."),
        _EXTRA,
    ),
    "kg_search_suggestions": _schema(
        ("query", STR, "the query string (context)"),
        ("attribute", STR, "the attribute searched (context)"),
        ("rank", I64, "position in the suggestions, 0 first"),
        ("suggestion", STR, "suggested search term"),
    ),
    "kg_imports": _schema(
        ("import_id", ID, "the import's id"),
        ("import_format", STR, "import format, e.g. broadcast (context)"),
        ("state", CAT, "waiting, completed, ..."),
        ("time_created", TS, "when the import was created (UTC)"),
        ("time_completed", TS, "when the import ended (UTC)"),
        _EXTRA,
    ),
    "datasets": _schema(
        ("dataset_id", ID, "the dataset's id"),
        ("name", STR, "dataset name"),
        ("description", STR, "dataset description"),
        ("type", CAT, "dataset type, e.g. face"),
        *_stamps("dataset"),
        ("number_of_classes", I64, "number of classes"),
        ("number_of_active_classes", I64, "number of active classes"),
        ("number_of_images", I64, "number of images"),
        ("number_of_active_images", I64, "number of active images"),
        ("preview_images", LIST_STR, "storage URIs of preview images"),
        _EXTRA,
    ),
    "classes": _schema(
        ("class_id", ID, "the class's id"),
        ("dataset_id", ID, "the dataset's id (context)"),
        ("reference", ID, "reference id"),
        ("label", STR, "class label, e.g. a person's name"),
        ("preview_image_id", ID, "preview_image.id"),
        ("preview_image_uri", STR, "preview_image.file_uri (other preview keys in extra)"),
        *_stamps("class"),
        ("expiration_date", TS, "expiration date (UTC), null when none"),
        ("number_of_images", I64, "number of images"),
        ("active", BOOL, "whether the class is active"),
        ("notes", STR, "notes"),
        ("level", I64, "level"),
        _EXTRA,
    ),
    "images": _schema(
        ("image_id", ID, "the image's id"),
        ("dataset_id", ID, "the dataset's id (context)"),
        ("class_id", ID, "the class's id (context)"),
        ("cluster_name", STR, "the cluster listed (context; null outside cluster listings)"),
        ("file_uri", STR, "storage URI of the image"),
        *_stamps("image"),
        ("active", BOOL, "whether the image is active"),
        ("notes", STR, "notes"),
        ("issue", I64, "issue code (-1: none)"),
        ("is_auto_generated", BOOL, "whether the image was generated automatically"),
        ("emotion", CAT, "evaluation_result.face_attributes.emotion"),
        *((name, BOOL, f"face_attributes.{name}") for name in _FACE_FLAGS),
        *((name, F64, f"face_attributes.{name} in degrees") for name in ("roll", "yaw", "pitch")),
        ("face_clustering", STR, "evaluation_result.face_clustering: the image's cluster"),
        _EXTRA,
    ),
    "clusters": _schema(
        ("dataset_id", ID, "the dataset's id (context)"),
        ("class_id", ID, "the class's id (context)"),
        ("name", STR, "cluster name, e.g. cluster_main, outlier"),
        ("preview_images", LIST_STR, "storage URIs of preview images"),
        _EXTRA,
    ),
    "trainings": _schema(
        ("training_id", ID, "the training's id"),
        ("type", CAT, "training type, e.g. face"),
        ("state", CAT, "waiting, running, completed, ..."),
        ("progress", F64, "progress from 0 to 1"),
        ("duration_s", F64, "processing time in seconds (API key `duration`)"),
        ("error", STR, "error message ('' when none)"),
        ("time_created", TS, "when the training was created (UTC)"),
        ("time_started", TS, "when it started (UTC)"),
        ("time_completed", TS, "when it ended (UTC)"),
        ("source_dataset_id", ID, "source_dataset.id (rest of source_dataset in extra)"),
        ("source_dataset_name", STR, "source_dataset.name"),
        ("output_model_name", STR, "name of the model to train"),
        ("output_model_description", STR, "description of the model to train"),
        ("output_model_changelog", STR, "changelog of the model to train"),
        _EXTRA,
    ),
    "storage": _schema(
        ("storage_id", ID, "storage object id (an int in the API, as text)"),
        ("folder", STR, "folder listed (context, from ?folder=)"),
        ("name", STR, "file or folder name"),
        ("url", STR, "storage:// URI, null for folders"),
        ("file_size", I64, "size in bytes, null for folders"),
        ("storage_type", CAT, "IMAGE, VIDEO, FOLDER, ..."),
        ("uploaded", BOOL, "whether the upload finished"),
        ("upload_failed", BOOL, "whether the upload failed"),
        ("uploaded_at", TS, "upload time (UTC)"),
        _EXTRA,
    ),
    "dictionaries": _schema(
        ("dictionary_id", ID, "the dictionary's id"),
        ("name", STR, "dictionary name"),
        ("type", CAT, "simple, map, ..."),
        ("language", CAT, "language, e.g. german, any"),
        ("time_created", TS, "when the dictionary was created (UTC)"),
        ("is_public", BOOL, "whether the dictionary is public"),
        _EXTRA,
    ),
    "exports": _schema(
        ("export_id", ID, "the export's id"),
        ("strategy", CAT, "export strategy, e.g. basic_dataset_export"),
        ("state", CAT, "waiting, completed, ..."),
        ("progress", F64, "progress from 0 to 1"),
        ("time_created", TS, "when the export was created (UTC)"),
        ("time_completed", TS, "when the export ended (UTC)"),
        ("error_msg", STR, "error message, null when none"),
        ("dataset_id", ID, "config.dataset_id (other config keys in extra)"),
        _EXTRA,
    ),
    "artifacts": _schema(
        ("artifact_id", ID, "the artifact's id"),
        ("job_id", ID, "job the artifact belongs to (context)"),
        ("export_id", ID, "export the artifact belongs to (context)"),
        ("filename", STR, "file name"),
        ("mime_type", STR, "MIME type, null when unknown"),
        ("time_created", TS, "when the artifact was created (UTC)"),
        ("time_expiration", TS, "when the artifact expires (UTC)"),
        _EXTRA,
    ),
}
