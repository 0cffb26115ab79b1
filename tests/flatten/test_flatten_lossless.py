"""Lossless, by property: jobs (with media and summary_items), detailed results,
summarized results, report items and kg attributes give back every input value.

Each test generates records with extra keys (at every level), missing optional keys,
nulls, unicode and mixed int/float numbers; rebuilds them from the table(s) alone (the
columns plus the JSON column); and compares with the input after JSON normalisation
(see lossless_helpers.normalise).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lossless_helpers import (
    cell,
    extra_keys,
    json_values,
    loads,
    merge,
    normalise,
    numbers,
    timestamps,
)

from deepva_frames import flatten
from deepva_frames.flatten._segments import unpack_meta_json

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
text = st.text(max_size=8)


def optional(draw: st.DrawFn, record: dict[str, Any], strategies: dict[str, Any]) -> None:
    """Each key absent, null or a value."""
    for key, strategy in strategies.items():
        if draw(st.booleans()):
            record[key] = draw(st.none() | strategy)


def drop_empty(record: dict[str, Any], *keys: str, empty: tuple[Any, ...] = (None, {})) -> None:
    for key in keys:
        if key in record and any(record[key] == e and type(record[key]) is type(e)
                                 for e in empty):
            del record[key]


def decode(value: Any, value_json: str | None) -> Any:
    return json.loads(value_json) if value_json is not None else value


# -- jobs, media, summary_items ---------------------------------------------------------------

JOB_KEYS = {"id", "tag", "state", "progress", "duration", "time_created", "time_started",
            "time_completed", "media_type", "sources", "is_synced_to_kg", "modules", "errors",
            "result"}
ENTRY_KEYS = {"source", "media_type", "info", "items"}
INFO_KEYS = {"fps", "resolution", "total_frames", "duration"}


@st.composite
def items(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {}
    optional(draw, item, {"type": text, "label": text})
    item.update(draw(extra_keys({"type", "label"})))
    return item


@st.composite
def entries(draw: st.DrawFn, number: int) -> dict[str, Any]:
    entry: dict[str, Any] = {"source": f"src{number}",
                             "items": draw(st.lists(items(), max_size=3) | st.none())}
    optional(draw, entry, {"media_type": st.sampled_from(["video", "image", "ü"])})
    if draw(st.booleans()):
        info: dict[str, Any] = {}
        optional(draw, info, {"fps": numbers, "total_frames": st.integers(0, 10 ** 9),
                              "duration": numbers,
                              "resolution": st.lists(st.integers(1, 10 ** 5), min_size=2,
                                                     max_size=2)})
        info.update(draw(extra_keys(INFO_KEYS)))
        entry["info"] = draw(st.none() | st.just(info))
    entry.update(draw(extra_keys(ENTRY_KEYS)))
    return entry


@st.composite
def jobs_records(draw: st.DrawFn, number: int) -> dict[str, Any]:
    job: dict[str, Any] = {"id": f"job{number}"}
    optional(draw, job, {
        "tag": text, "state": st.sampled_from(["completed", "waiting"]), "progress": numbers,
        "duration": numbers, "time_created": timestamps, "time_started": timestamps,
        "time_completed": timestamps, "media_type": st.just("video"),
        "sources": st.lists(text, max_size=2), "is_synced_to_kg": st.booleans(),
        "errors": st.lists(json_values, max_size=2),
        "modules": st.lists(text, max_size=2) | st.dictionaries(text, json_values, max_size=2),
    })
    if draw(st.integers(0, 3)):
        result: dict[str, Any] = draw(extra_keys({"summary"}))
        count = draw(st.integers(0, 3))
        result["summary"] = [draw(entries(n)) for n in range(count)]
        job["result"] = result
    job.update(draw(extra_keys(JOB_KEYS)))
    return job


def normalise_job(job: dict[str, Any]) -> dict[str, Any]:
    job = normalise(job, {("id",): "id", ("time_created",): "ts", ("time_started",): "ts",
                          ("time_completed",): "ts", **{(k,): "plain" for k in (
                              "tag", "state", "progress", "duration", "media_type", "sources",
                              "is_synced_to_kg", "errors", "modules", "result")}})
    summary = (job.get("result") or {}).get("summary") or []
    if "media_type" not in job:
        found = [e["media_type"] for e in summary if isinstance(e.get("media_type"), str)]
        if found:
            job["media_type"] = found[0]
    for number, entry in enumerate(summary):
        entry = normalise(entry, {("source",): "plain", ("media_type",): "plain",
                                  ("items",): "plain",
                                  **{("info", k): "plain" for k in INFO_KEYS}})
        entry["items"] = [normalise(i, {("type",): "plain", ("label",): "plain"})
                          for i in entry.get("items") or []]
        drop_empty(entry, "items", empty=([],))
        summary[number] = entry
    if "result" in job:
        drop_empty(job["result"], "summary", empty=(None, []))
        drop_empty(job, "result")
    return job


def inverse_jobs(jobs_rows, media_rows, item_rows) -> list[dict[str, Any]]:
    out = []
    for row in jobs_rows:
        job = {"id": row["job_id"]}
        for column, key in (("tag", "tag"), ("state", "state"), ("progress", "progress"),
                            ("duration_s", "duration"), ("time_created", "time_created"),
                            ("time_started", "time_started"),
                            ("time_completed", "time_completed"), ("media_type", "media_type"),
                            ("sources", "sources"), ("is_synced_to_kg", "is_synced_to_kg"),
                            ("modules", "modules")):
            if row[column] is not None:
                job[key] = cell(row[column])
        if row["errors"] is not None:
            job["errors"] = [json.loads(e) for e in row["errors"]]
        extra = loads(row["extra"]) or {}
        if isinstance(extra.get("modules"), dict):
            job.pop("modules")  # the object is in extra; the column holds just its names
        merge(job, extra)
        summary = [inverse_entry(m, item_rows) for m in media_rows if m["job_id"] == row["job_id"]]
        if summary:
            job.setdefault("result", {})["summary"] = summary
        out.append(job)
    return out


def inverse_entry(media: dict[str, Any], item_rows) -> dict[str, Any]:
    entry = {k: media[k] for k in ("source", "media_type") if media[k] is not None}
    info = {k: media[c] for k, c in (("fps", "fps"), ("total_frames", "total_frames"),
                                     ("duration", "duration_s")) if media[c] is not None}
    if media["width"] is not None:
        info["resolution"] = [media["width"], media["height"]]
    if info:
        entry["info"] = info
    merge(entry, loads(media["extra"]))
    found = [merge({k: i[k] for k in ("type", "label") if i[k] is not None}, loads(i["extra"]))
             for i in item_rows if (i["job_id"], i["source"]) == (media["job_id"],
                                                                  media["source"])]
    if found:
        entry["items"] = found
    return entry


@SETTINGS
@given(st.data())
def test_jobs_media_summary_items_are_lossless(data):
    given_jobs = [data.draw(jobs_records(n)) for n in range(data.draw(st.integers(0, 3)))]
    payload = {"total": len(given_jobs), "offset": 0, "data": given_jobs}
    tables = (flatten.jobs_arrow(payload), flatten.media_arrow(payload),
              flatten.summary_items_arrow(payload))
    rebuilt = inverse_jobs(*(t.to_pylist() for t in tables))
    assert rebuilt == [normalise_job(job) for job in given_jobs]


# -- detailed results ---------------------------------------------------------------------------

SEGMENT_KEYS = {"id", "media_type", "frame_start", "frame_end", "source", "module", "meta",
                "time_start", "time_end", "tc_start", "tc_end", "detections"}
SEGMENT_COLUMNS = ("source", "module", "media_type", "frame_start", "frame_end", "time_start",
                   "time_end", "tc_start", "tc_end")
META_COLUMNS = ("person", "closest_person", "mean_distance", "mean_similarity")


@st.composite
def detections(draw: st.DrawFn) -> dict[str, Any]:
    det: dict[str, Any] = {"frame_index": draw(st.integers(0, 10 ** 7))}
    optional(draw, det, {"type": st.sampled_from(["face_bbox", "text"])})
    if draw(st.booleans()):
        box: dict[str, Any] = {}
        optional(draw, box, dict.fromkeys("xywh", numbers))
        box.update(draw(extra_keys(set("xywh"))))
        det["data"] = draw(st.none() | st.just(box))
    det.update(draw(extra_keys({"frame_index", "type", "data"})))
    return det


@st.composite
def segment_records(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {"frame_start": draw(st.integers(0, 10 ** 7))}
    optional(draw, record, {
        "frame_end": st.integers(0, 10 ** 7), "time_start": numbers, "time_end": numbers,
        "tc_start": text, "tc_end": text, "source": text, "id": st.text(min_size=1),
        "module": st.sampled_from(["face_recognition", "advanced_diversity_analysis"]),
        "media_type": st.just("video"), "detections": st.lists(detections(), max_size=3)})
    if draw(st.booleans()):
        meta: dict[str, Any] = {}
        optional(draw, meta, {"person": text, "closest_person": text,
                              "mean_distance": numbers, "mean_similarity": numbers})
        meta.update(draw(extra_keys(set(META_COLUMNS))))
        record["meta"] = draw(st.none() | st.just(meta))
    record.update(draw(extra_keys(SEGMENT_KEYS)))
    return record


def normalise_segment(record: dict[str, Any], index: int) -> dict[str, Any]:
    record = normalise(record, {**{(k,): "plain" for k in (*SEGMENT_COLUMNS, "detections")},
                                ("id",): "id", **{("meta", k): "plain" for k in META_COLUMNS}})
    record.setdefault("id", f"j:{index}")
    if "detections" in record:
        record["detections"] = [normalise(d, {("frame_index",): "plain", ("type",): "plain",
                                              **{("data", k): "plain" for k in "xywh"}})
                                for d in record["detections"]]
    return record


def inverse_detailed(segments, detections) -> list[dict[str, Any]]:
    out, position = [], 0
    for row in segments:
        record = {"id": row["segment_id"]}
        record.update({k: row[k] for k in SEGMENT_COLUMNS if row[k] is not None})
        meta_rest, top = unpack_meta_json(row["meta_json"])
        meta = {k: row[k] for k in META_COLUMNS if row[k] is not None}
        meta.update(meta_rest)
        if meta:
            record["meta"] = meta
        if row["n_detections"] is not None:
            rows = detections[position:position + row["n_detections"]]
            position += row["n_detections"]
            assert all(d["segment_id"] == row["segment_id"] for d in rows)
            record["detections"] = [inverse_detection(d) for d in rows]
        out.append(merge(record, top))
    assert position == len(detections)
    return out


def inverse_detection(row: dict[str, Any]) -> dict[str, Any]:
    det = {k: row[k] for k in ("frame_index", "type") if row[k] is not None}
    box = {k: row[k] for k in "xywh" if row[k] is not None}
    if box:
        det["data"] = box
    return merge(det, loads(row["extra"]))


@SETTINGS
@given(records=st.lists(segment_records(), max_size=5), as_bytes=st.booleans())
def test_detailed_results_are_lossless(records, as_bytes):
    pages = [{"total": len(records), "offset": o, "limit": 2, "data": records[o:o + 2]}
             for o in range(0, len(records), 2)]
    payload = [json.dumps(p).encode() for p in pages] if as_bytes else pages
    segments, detections = flatten.detailed_results_arrow(payload, job_id="j")
    rebuilt = inverse_detailed(segments.to_pylist(), detections.to_pylist())
    assert rebuilt == [normalise_segment(r, i) for i, r in enumerate(records)]


# -- summarized results -------------------------------------------------------------------------

@st.composite
def summarized_records(draw: st.DrawFn, number: int) -> dict[str, Any]:
    record: dict[str, Any] = {"id": f"r{number}", "type": draw(text)}
    optional(draw, record, {"source": text, "module": text,
                            "meta": st.dictionaries(text, json_values, max_size=4) | json_values})
    record.update(draw(extra_keys({"id", "type", "source", "module", "meta"})))
    return record


def inverse_metric(rows: list[dict[str, Any]]) -> Any:
    """The metric object (or plain value) from its rows; {} when it was empty."""
    if len(rows) == 1 and rows[0]["key"] is None:
        row = rows[0]
        return {} if row["value"] is None and row["value_json"] is None else \
            decode(row["value"], row["value_json"])
    return {row["key"]: decode(row["value"], row["value_json"]) for row in rows}


@SETTINGS
@given(st.data())
def test_summarized_results_are_lossless(data):
    given_records = [data.draw(summarized_records(n)) for n in range(data.draw(st.integers(0, 4)))]
    rows = flatten.summarized_results_arrow(given_records, job_id="j").to_pylist()
    rebuilt = []
    for record in given_records:
        mine = [r for r in rows if r["result_id"] == record["id"]]
        out = {"id": mine[0]["result_id"]}
        out.update({k: mine[0][k] for k in ("type", "source", "module") if mine[0][k] is not None})
        meta = inverse_metric(mine)
        if meta != {}:
            out["meta"] = meta
        rebuilt.append(merge(out, loads(mine[0]["extra"])))
        assert {r["job_id"] for r in mine} == {"j"}
    expected = [normalise(r, {(k,): "plain" for k in ("source", "module", "meta")})
                for r in given_records]
    for record in expected:
        drop_empty(record, "meta")
    assert rebuilt == expected


# -- report items ---------------------------------------------------------------------------------

@st.composite
def report_records(draw: st.DrawFn, number: int) -> dict[str, Any]:
    content: dict[str, Any] = {"batch_id": f"b{number}"}
    metrics = st.dictionaries(text, st.dictionaries(text, json_values, max_size=3) | json_values,
                              max_size=3)
    optional(draw, content, {"report_info": metrics})
    content.update(draw(extra_keys({"batch_id", "report_info"})))
    record = {"content": content}
    record.update(draw(extra_keys({"content"})))
    return record


@SETTINGS
@given(st.data())
def test_report_items_are_lossless(data):
    given_records = [data.draw(report_records(n)) for n in range(data.draw(st.integers(0, 3)))]
    rows = flatten.report_items_arrow(given_records, report_id="r").to_pylist()
    rebuilt = []
    for record in given_records:
        mine = [r for r in rows if r["batch_id"] == record["content"]["batch_id"]]
        info: dict[str, Any] = {}
        for metric in dict.fromkeys(r["metric"] for r in mine if r["metric"] is not None):
            info[metric] = inverse_metric([r for r in mine if r["metric"] == metric])
        out = {"content": {"batch_id": mine[0]["batch_id"]}}
        if info:
            out["content"]["report_info"] = info
        rebuilt.append(merge(out, loads(mine[0]["extra"])))
    expected = [normalise(r, {("content", "report_info"): "plain"}) for r in given_records]
    for record in expected:
        drop_empty(record["content"], "report_info")
    assert rebuilt == expected


# -- kg attributes -----------------------------------------------------------------------------

@st.composite
def attribute_records(draw: st.DrawFn) -> dict[str, Any]:
    record: dict[str, Any] = {"name": draw(text)}
    optional(draw, record, {"value": json_values | st.lists(json_values, max_size=3)})
    record.update(draw(extra_keys({"name", "value"})))
    return record


def inverse_attributes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in rows:
        if row["value_index"] in (None, 0):
            record = merge({"name": row["name"]}, loads(row["extra"]))
            out.append(record)
            if row["value_index"] is None:
                value = decode(row["value"], row["value_json"])
                if value is not None:
                    record["value"] = value
                continue
            record["value"] = []
        out[-1]["value"].append(decode(row["value"], row["value_json"]))
    return out


@SETTINGS
@given(records=st.lists(attribute_records(), max_size=5))
def test_kg_attributes_are_lossless(records):
    table = flatten.kg_attributes_arrow({"total": 9, "offset": 0, "data": records}, node_id=7)
    assert set(table.column("node_id").to_pylist()) <= {"7"}
    expected = [normalise(r, {("value",): "plain"}) for r in records]
    assert inverse_attributes(table.to_pylist()) == expected
    wide = flatten.kg_attributes_wide(flatten.kg_attributes(records, node_id=7))
    assert len(wide) == (1 if records else 0)
