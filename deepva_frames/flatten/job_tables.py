"""Jobs, and the two tables derived from their result summaries: media and summary_items.

A job's keys are spread over three tables: ``jobs`` (its own fields; ``modules`` as the
list of names, ``errors`` as JSON texts), ``media`` (one row per ``result.summary``
entry, from its ``info``) and ``summary_items`` (one row per item of an entry).
``jobs.extra`` carries what none of them covers: the ``modules`` object (per-module
config and state), ``result`` without ``summary`` (e.g. ``detailed_link``), unknown keys.

>>> from deepva_frames import flatten
>>> job = {"id": "j", "state": "completed", "modules": {"face_recognition": {}},
...        "result": {"summary": [{"source": "s", "media_type": "video",
...                   "info": {"fps": 25.0, "resolution": [1280, 720]},
...                   "items": [{"type": "face", "label": "Ann"}]}]}}
>>> flatten.jobs(job).loc[0, ["job_id", "media_type"]].tolist()
['j', 'video']
>>> flatten.media(job)[["fps", "width", "height"]].to_dict("records")
[{'fps': 25.0, 'width': 1280, 'height': 720}]
>>> flatten.summary_items(job)[["item_index", "label"]].to_dict("records")
[{'item_index': 0, 'label': 'Ann'}]

>>> df = flatten.jobs({"id": "j", "errors": [{"message": "boom"}], "modules": ["ocr"]},
...           batch_id="b")
>>> df.loc[0, "errors"].tolist(), df.loc[0, "batch_id"]
(['{"message":"boom"}'], 'b')
>>> flatten.media({"id": "j", "result": {"summary": []}}).shape[0]
0
>>> job = {"id": "j", "result": {"summary": [{"source": "s", "media_type": "image",
...        "items": [{"type": "object", "label": "Chair", "score": 0.9}]}]}}
>>> flatten.summary_items(job).loc[0, ["type", "label", "extra"]].tolist()
['object', 'Chair', '{"score":0.9}']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ._convert import dumps, payload_error
from ._public import Builder, rows_build
from ._quality import current
from ._records import Row, Spec, convert_values, put_back, split

__all__ = ["BUILDS"]

JOBS = Spec.of("jobs")

MEDIA = Spec.of("media")

ITEMS = Spec.of("summary_items")

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
    current().bad("jobs", "modules", "expected an object of modules or a list of names",
                  modules, index, record)
    return None  # the value stays in extra


def _errors(rest: dict[str, Any], record: Any, index: int) -> list[str] | None:
    errors = rest.get("errors")
    if errors is None:
        rest.pop("errors", None)
        return None
    if not isinstance(errors, list):
        current().bad("jobs", "errors", "expected a list", errors, index, record)
        return None  # the value stays in extra
    del rest["errors"]
    return [dumps(error) for error in errors]


def _summary(rest: dict[str, Any], record: Any, index: int, table: str) -> list[Any]:
    """Pop ``result.summary`` out of ``rest``; the rest of ``result`` stays."""
    result = rest.get("result")
    if result is None:
        rest.pop("result", None)
        return []
    if not isinstance(result, Mapping):
        current().bad(table, "result", "expected an object", result, index, record)
        return []  # the value stays in extra
    result = dict(result)
    summary = result.pop("summary", None)
    if summary is not None and not isinstance(summary, list):
        current().bad(table, "result.summary", "expected a list", summary, index, record)
        result["summary"] = summary  # stays in extra
        summary = None
    if result:
        rest["result"] = result
    else:
        del rest["result"]
    return summary or []


def _job_row(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    values, rest = split("jobs", record, JOBS.keys, record, index)
    row = convert_values(JOBS, values, rest, record, index)
    row["modules"] = _modules(rest, record, index)
    row["errors"] = _errors(rest, record, index)
    summary = _summary(rest, record, index, "jobs")
    if row["media_type"] is None:
        row["media_type"] = next((e.get("media_type") for e in summary if isinstance(e, Mapping)
                                  and isinstance(e.get("media_type"), str)), None)
    row["batch_id"] = context.get("batch_id")
    row["extra"] = dumps(rest) if rest else None
    yield row


def _entries(table: str, record: Any, index: int) -> Iterator[tuple[str, Row, dict[str, Any]]]:
    """(key prefix, converted entry columns incl. job_id, rest of the entry) per summary entry."""
    if not isinstance(record, Mapping):
        raise payload_error(table, f"record is not an object but {type(record).__name__}",
                            index)
    job = convert_values(_JOB_ID[table], {"job_id": record.get("id")}, {}, record, index)
    summary = _summary(dict(record), record, index, table)
    for number, entry in enumerate(summary):
        prefix = f"result.summary[{number}]."
        paths = {**MEDIA.keys, "resolution": ("info", "resolution")}
        values, rest = split(table, entry, paths, record, index, prefix)
        row = {**job, **convert_values(MEDIA, values, rest, record, index, prefix)}
        row["width"], row["height"] = _resolution(table, values["resolution"], rest, record,
                                                  index, prefix)
        yield prefix, row, rest


def _resolution(table: str, value: Any, rest: dict[str, Any], record: Any, index: int,
                prefix: str) -> tuple[Any, Any]:
    if value is None:
        return None, None
    if (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return value[0], value[1]
    current().bad(table, prefix + "info.resolution", "expected [width, height] integers",
                  value, index, record)
    put_back(rest, ("info", "resolution"), value)
    return None, None


def _media_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    for _prefix, row, rest in _entries("media", record, index):
        if isinstance(rest.get("items"), list | type(None)):  # else it is kept here
            rest.pop("items", None)
        row["extra"] = dumps(rest) if rest else None
        yield row


def _item_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    for prefix, entry, rest in _entries("summary_items", record, index):
        items = rest.get("items")
        if items is None:
            continue
        if not isinstance(items, list):  # media.extra keeps it
            current().bad("summary_items", prefix + "items", "expected a list", items, index,
                          record)
            continue
        for number, item in enumerate(items):
            where = f"{prefix}items[{number}]."
            values, item_rest = split("summary_items", item, ITEMS.keys, record, index, where)
            row = convert_values(ITEMS, values, item_rest, record, index, where)
            row.update(job_id=entry["job_id"], source=entry["source"],
                       media_type=entry["media_type"], item_index=number,
                       extra=dumps(item_rest) if item_rest else None)
            yield row


def _jobs_build(payload: Any, given: Mapping[str, Any]) -> Any:
    from .job_columns import jobs_by_columns  # builds on this module

    return jobs_by_columns(payload, given, _job_row)


BUILDS = {"jobs": Builder(_jobs_build), "media": rows_build("media", _media_rows),
          "summary_items": rows_build("summary_items", _item_rows)}
