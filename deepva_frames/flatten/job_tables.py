"""Jobs, and the two tables derived from their result summaries: media and summary_items.

A job's keys are spread over three tables: ``jobs`` (its own fields; ``modules`` as the
list of names, ``errors`` as JSON texts), ``media`` (one row per ``result.summary``
entry, from its ``info``) and ``summary_items`` (one row per item of an entry).
``jobs.extra`` carries what none of them covers: the ``modules`` object (per-module
config and state), ``result`` without ``summary`` (e.g. ``detailed_link``), unknown keys.

>>> job = {"id": "j", "state": "completed", "modules": {"face_recognition": {}},
...        "result": {"summary": [{"source": "s", "media_type": "video",
...                   "info": {"fps": 25.0, "resolution": [1280, 720]},
...                   "items": [{"type": "face", "label": "Ann"}]}]}}
>>> jobs(job).loc[0, ["job_id", "media_type"]].tolist()
['j', 'video']
>>> media(job)[["fps", "width", "height"]].to_dict("records")
[{'fps': 25.0, 'width': 1280, 'height': 720}]
>>> summary_items(job)[["item_index", "label"]].to_dict("records")
[{'item_index': 0, 'label': 'Ann'}]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import to_pandas
from ._convert import build_table, dumps, payload_error
from ._payload import load
from ._records import Row, Spec, collect, context_of, convert_values, split
from ._timestamps import timestamp_columns

__all__ = ["jobs", "jobs_arrow", "media", "media_arrow", "summary_items",
           "summary_items_arrow"]

JOBS = Spec("jobs", {
    "job_id": ("id",), "tag": ("tag",), "state": ("state",), "progress": ("progress",),
    "duration_s": ("duration",), "media_type": ("media_type",), "sources": ("sources",),
    "is_synced_to_kg": ("is_synced_to_kg",),
}, required=("job_id",), context=("batch_id",))
#: Timestamp columns: taken per record, parsed per column (:mod:`._timestamps`).
TIMES = ("time_created", "time_started", "time_completed")
_JOB_KEYS = {**JOBS.keys, **{column: (column,) for column in TIMES}}

MEDIA = Spec("media", {
    "source": ("source",), "media_type": ("media_type",), "fps": ("info", "fps"),
    "total_frames": ("info", "total_frames"), "duration_s": ("info", "duration"),
})

ITEMS = Spec("summary_items", {"type": ("type",), "label": ("label",)})

_JOB_ID = {table: Spec(table, {"job_id": ("id",)}, required=("job_id",))
           for table in ("media", "summary_items")}


def _modules(rest: dict[str, Any], record: Any, index: int) -> list[str] | None:
    modules = rest.get("modules")
    if modules is None:
        rest.pop("modules", None)
        return None
    if isinstance(modules, Mapping):
        return [str(name) for name in modules]  # the object itself stays in extra
    if isinstance(modules, list) and all(isinstance(name, str) for name in modules):
        del rest["modules"]
        return modules
    raise payload_error("jobs", "expected an object of modules or a list of names", index,
                        record, "modules")


def _errors(rest: dict[str, Any], record: Any, index: int) -> list[str] | None:
    errors = rest.pop("errors", None)
    if errors is None:
        return None
    if not isinstance(errors, list):
        raise payload_error("jobs", "expected a list", index, record, "errors")
    return [dumps(error) for error in errors]


def _summary(rest: dict[str, Any], record: Any, index: int, table: str) -> list[Any]:
    """Pop ``result.summary`` out of ``rest``; the rest of ``result`` stays."""
    result = rest.get("result")
    if result is None:
        rest.pop("result", None)
        return []
    if not isinstance(result, Mapping):
        raise payload_error(table, "expected an object", index, record, "result")
    result = dict(result)
    summary = result.pop("summary", None)
    if result:
        rest["result"] = result
    else:
        del rest["result"]
    if summary is None:
        return []
    if not isinstance(summary, list):
        raise payload_error(table, "expected a list", index, record, "result.summary")
    return summary


def _job_row(record: Any, context: Mapping[str, str], index: int) -> Row:
    """The row of one job; its timestamp cells hold the raw values, parsed per column."""
    values, rest = split("jobs", record, _JOB_KEYS, record, index)
    row = convert_values(JOBS, values, record, index)
    for column in TIMES:
        row[column] = values[column]
    row["modules"] = _modules(rest, record, index)
    row["errors"] = _errors(rest, record, index)
    summary = _summary(rest, record, index, "jobs")
    if row["media_type"] is None:
        row["media_type"] = _summary_media_type(summary)
    row["batch_id"] = context.get("batch_id")
    row["extra"] = dumps(rest) if rest else None
    return row


def _entries(table: str, record: Any, index: int) -> Iterator[tuple[str, Row, dict[str, Any]]]:
    """(key prefix, converted entry columns incl. job_id, rest of the entry) per summary entry."""
    if not isinstance(record, Mapping):
        raise payload_error(table, f"record is not an object but {type(record).__name__}",
                            index)
    job = convert_values(_JOB_ID[table], {"job_id": record.get("id")}, record, index)
    summary = _summary(dict(record), record, index, table)
    for number, entry in enumerate(summary):
        prefix = f"result.summary[{number}]."
        paths = {**MEDIA.keys, "resolution": ("info", "resolution")}
        values, rest = split(table, entry, paths, record, index, prefix)
        row = {**job, **convert_values(MEDIA, values, record, index, prefix)}
        row["width"], row["height"] = _resolution(values["resolution"], record, index, prefix)
        yield prefix, row, rest


def _resolution(value: Any, record: Any, index: int, prefix: str) -> tuple[Any, Any]:
    if value is None:
        return None, None
    if (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return value[0], value[1]
    raise payload_error("media", "expected [width, height] integers", index, record,
                        prefix + "info.resolution")


def _media_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    for _prefix, row, rest in _entries("media", record, index):
        rest.pop("items", None)
        row["extra"] = dumps(rest) if rest else None
        yield row


def _item_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    for prefix, entry, rest in _entries("summary_items", record, index):
        items = rest.get("items")
        if items is None:
            continue
        if not isinstance(items, list):
            raise payload_error("summary_items", "expected a list", index, record,
                                prefix + "items")
        for number, item in enumerate(items):
            where = f"{prefix}items[{number}]."
            values, item_rest = split("summary_items", item, ITEMS.keys, record, index, where)
            row = convert_values(ITEMS, values, record, index, where)
            row.update(job_id=entry["job_id"], source=entry["source"],
                       media_type=entry["media_type"], item_index=number,
                       extra=dumps(item_rest) if item_rest else None)
            yield row


_NONE = type(None)
#: Typed columns taken by columns: column -> (key, the Python types a value may have).
_COLUMN_TYPES: dict[str, tuple[str, frozenset[type]]] = {
    "job_id": ("id", frozenset({str})), "tag": ("tag", frozenset({str, _NONE})),
    "state": ("state", frozenset({str, _NONE})),
    "progress": ("progress", frozenset({int, float, _NONE})),
    "duration_s": ("duration", frozenset({int, float, _NONE})),
    "media_type": ("media_type", frozenset({str, _NONE})),
    "is_synced_to_kg": ("is_synced_to_kg", frozenset({bool, _NONE})),
}
_TAKEN = frozenset(key for key, _ in _COLUMN_TYPES.values()) | {"sources", *TIMES}


def _str_lists(values: list[Any]) -> bool:
    return all(value is None or (type(value) is list and all(type(v) is str for v in value))
               for value in values)


def _by_columns(records: list[Any], batch_id: str | None, start: int) -> pa.Table | None:
    """The jobs table built column by column (one pass per record for ``extra``), or None
    when a value needs the per-record path (which converts it or names the bad key)."""
    if not all(type(record) is dict for record in records):
        return None
    columns: dict[str, Any] = {}
    for column, (key, types) in _COLUMN_TYPES.items():
        values = [record.get(key) for record in records]
        if not all(type(value) in types for value in values):
            return None
        columns[column] = values
    columns["sources"] = [record.get("sources") for record in records]
    times = {column: [record.get(column) for record in records] for column in TIMES}
    if not _str_lists(columns["sources"]):
        return None
    columns.update(modules=[], errors=[], extra=[])
    for index, record in enumerate(records, start):
        rest = {key: value for key, value in record.items() if key not in _TAKEN}
        columns["modules"].append(_modules(rest, record, index))
        columns["errors"].append(_errors(rest, record, index))
        summary = _summary(rest, record, index, "jobs")
        if columns["media_type"][index - start] is None:
            columns["media_type"][index - start] = _summary_media_type(summary)
        columns["extra"].append(dumps(rest) if rest else None)
    columns["batch_id"] = [batch_id] * len(records)
    try:
        table = build_table("jobs", columns)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # e.g. an integer too big for a float
        return None
    return _with_times(table, times, list(enumerate(records, start)))


def _summary_media_type(summary: list[Any]) -> str | None:
    return next((e.get("media_type") for e in summary if isinstance(e, Mapping)
                 and isinstance(e.get("media_type"), str)), None)


def _with_times(table: pa.Table, times: dict[str, list[Any]],
                records: list[tuple[int, Any]]) -> pa.Table:
    parsed = timestamp_columns("jobs", times, records)  # one Arrow pass for all three
    for column in TIMES:
        table = table.set_column(table.schema.get_field_index(column),
                                 table.schema.field(column), parsed[column])
    return table


def jobs_arrow(payload: Any, *, batch_id: str | None = None) -> pa.Table:
    """The jobs table as Arrow (see :func:`jobs`).

    Built by columns; when a value needs converting or is wrong, by the per-record path.

    >>> jobs_arrow([]).schema.field("modules").type
    ListType(list<item: string>)
    """
    tables, start = [], 0
    for part in load(payload, "jobs"):
        records = part.records("jobs")
        context = context_of(part.context, {"batch_id": batch_id})
        table = _by_columns(records, context.get("batch_id"), start)
        if table is None:
            return _per_record(payload, batch_id)
        tables.append(table)
        start += len(records)
    if len(tables) == 1:
        return tables[0]
    return pa.concat_tables(tables or [build_table("jobs", {})]).unify_dictionaries()


def _per_record(payload: Any, batch_id: str | None) -> pa.Table:
    times: dict[str, list[Any]] = {column: [] for column in TIMES}
    records: list[tuple[int, Any]] = []

    def rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
        row = _job_row(record, context, index)
        for column in TIMES:
            times[column].append(row.pop(column))
        records.append((index, record))
        yield row

    return _with_times(collect("jobs", payload, {"batch_id": batch_id}, rows), times, records)


def jobs(payload: Any, *, batch_id: str | None = None) -> pd.DataFrame:
    """One row per job; ``batch_id`` names the batch of a ``/batches/<id>/jobs/`` listing.

    ``errors`` holds every error as JSON text (``json.loads`` it: objects and message
    strings alike); ``extra`` holds the keys not in jobs, media or summary_items.

    >>> df = jobs({"id": "j", "errors": [{"message": "boom"}], "modules": ["ocr"]},
    ...           batch_id="b")
    >>> df.loc[0, "errors"].tolist(), df.loc[0, "batch_id"]
    (['{"message":"boom"}'], 'b')
    """
    return to_pandas(jobs_arrow(payload, batch_id=batch_id))


def media_arrow(payload: Any) -> pa.Table:
    """The media table as Arrow (see :func:`media`).

    >>> media_arrow([]).num_rows
    0
    """
    return collect("media", payload, {}, _media_rows)


def media(payload: Any) -> pd.DataFrame:
    """One row per result summary entry of each job: fps, size, frames, duration.

    The payload is jobs (any form :func:`jobs` takes); a job with an empty summary
    gives no row.

    >>> media({"id": "j", "result": {"summary": []}}).shape[0]
    0
    """
    return to_pandas(media_arrow(payload))


def summary_items_arrow(payload: Any) -> pa.Table:
    """The summary_items table as Arrow (see :func:`summary_items`).

    >>> summary_items_arrow([]).num_rows
    0
    """
    return collect("summary_items", payload, {}, _item_rows)


def summary_items(payload: Any) -> pd.DataFrame:
    """One row per item of each result summary entry of each job (payload: jobs).

    >>> job = {"id": "j", "result": {"summary": [{"source": "s", "media_type": "image",
    ...        "items": [{"type": "object", "label": "Chair", "score": 0.9}]}]}}
    >>> summary_items(job).loc[0, ["type", "label", "extra"]].tolist()
    ['object', 'Chair', '{"score":0.9}']
    """
    return to_pandas(summary_items_arrow(payload))
