"""errors="raise": wrong types and missing required keys raise PayloadError naming table,
job, record and key. errors="warn" (the default): the same inputs give the table, with the
typed cell null, the raw value in the JSON column and one DataQualityWarning per key.
The envelope (not JSON, data not a list) is an error in both modes."""

from __future__ import annotations

import copy
import json

import pytest

from deepva_frames import PayloadError, flatten


def segment(**changes):
    record = {"media_type": "video", "frame_start": 12, "frame_end": 56, "source": "s",
              "module": "face_recognition", "meta": {"person": "A", "mean_distance": 0.9},
              "time_start": 0.48, "time_end": 2.24, "tc_start": "t0", "tc_end": "t1",
              "detections": [{"frame_index": 12, "type": "face_bbox",
                              "data": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4}}]}
    record.update(changes)
    return record


def page(records):
    return {"total": len(records), "offset": 0, "limit": 10, "data": records}


def bad_detection(**changes):
    record = segment()
    record["detections"] = [copy.deepcopy(d) for d in record["detections"] * 2]
    record["detections"][1].update(changes)
    return record


SEGMENT_CASES = {
    "frame_start-text": (segment(frame_start="abc"), "segments", "frame_start",
                         "expected an integer"),
    "frame_start-missing": ({k: v for k, v in segment().items() if k != "frame_start"},
                            "segments", "frame_start", "missing required key"),
    "frame_start-fraction": (segment(frame_start=1.5), "segments", "frame_start", "integer"),
    "meta-not-object": (segment(meta=[1]), "segments", "meta", "expected an object"),
    "detections-not-list": (segment(detections={"a": 1}), "segments", "detections",
                            "expected a list"),
    "time-bool": (segment(time_start=True), "segments", "time_start", "expected a number"),
    "person-number": (segment(meta={"person": 3}), "segments", "meta.person",
                      "expected a string"),
    "frame_index-missing": (bad_detection(frame_index=None), "detections",
                            "detections[1].frame_index", "missing required key"),
    "bbox-text": (bad_detection(data={"x": "left"}), "detections", "detections[1].data.x",
                  "expected a number"),
    "data-not-object": (bad_detection(data=[0.1, 0.2]), "detections", "detections[1].data",
                        "expected an object"),
    "segment-not-object": ("nope", "segments", None, "record is not an object"),
}


@pytest.mark.parametrize("as_bytes", [False, True], ids=["objects", "page-bytes"])
@pytest.mark.parametrize("case", SEGMENT_CASES)
def test_detailed_results_errors(case, as_bytes):
    bad, table, key, message = SEGMENT_CASES[case]
    records = [segment(), segment(id="seg-7"), bad, segment()]
    payload = [json.dumps(page(records)).encode()] if as_bytes else page(records)
    with pytest.raises(PayloadError, match=message) as info:
        flatten.detailed_results(payload, job_id="j", errors="raise")
    error = info.value
    assert error.resource == table
    assert error.key == key
    assert error.job == "j" and "job j," in str(error)
    assert error.record is not None and error.record.startswith("2")
    assert (f"key {key!r}" in str(error)) if key else True


def test_error_names_the_record_id():
    records = [segment(), segment(id="seg-7", frame_end="x")]
    with pytest.raises(PayloadError) as info:
        flatten.detailed_results(page(records), errors="raise")
    assert info.value.record == "1 (id 'seg-7')"
    assert str(info.value) == ("segments, record 1 (id 'seg-7'), key 'frame_end': expected an "
                               "integer, got a string \"x\"")


def test_page_data_not_a_list():
    with pytest.raises(PayloadError, match="page data is not a list") as info:
        flatten.detailed_results([b'{"total": 1, "offset": 0, "data": {"frame_start": 1}}'])
    assert info.value.key == "data"


@pytest.mark.parametrize("function, record, key, message", [
    (flatten.jobs, {"tag": "x"}, "id", "missing required key"),
    (flatten.jobs, {"id": "j", "progress": "half"}, "progress", "expected a number"),
    (flatten.jobs, {"id": "j", "time_created": "yesterday"}, "time_created", "not a timestamp"),
    (flatten.jobs, {"id": "j", "time_created": "2020-13-01 00:00:00"}, "time_created",
     "not a timestamp"),
    (flatten.jobs, {"id": "j", "sources": "s"}, "sources", "list of strings"),
    (flatten.jobs, {"id": "j", "errors": "boom"}, "errors", "expected a list"),
    (flatten.jobs, {"id": "j", "modules": 3}, "modules", "modules"),
    (flatten.jobs, {"id": True}, "id", "expected an id"),
    (flatten.media, {"id": "j", "result": {"summary": [{"info": {"resolution": [1, 2, 3]}}]}},
     "result.summary[0].info.resolution", "width, height"),
    (flatten.media, {"id": "j", "result": {"summary": [{"info": {"fps": "25"}}]}},
     "result.summary[0].info.fps", "expected a number"),
    (flatten.media, {"id": "j", "result": {"summary": {}}}, "result.summary", "expected a list"),
    (flatten.summary_items, {"id": "j", "result": {"summary": [{"items": [{"label": 1}]}]}},
     "result.summary[0].items[0].label", "expected a string"),
    (flatten.summarized_results, {"id": "r", "meta": {}}, "type", "missing required key"),
    (flatten.report_items, {"content": {"batch_id": "b", "report_info": []}},
     "content.report_info", "expected an object"),
    (flatten.report_items, {"content": {"report_info": {}}}, "content.batch_id",
     "missing required key"),
    (flatten.kg_attributes, {"value": "x"}, "name", "missing required key"),
    (flatten.kg_nodes, {"id": 1, "relevance": 5}, "relevance", "expected an object"),
    (flatten.storage, {"id": 1, "file_size": "big"}, "file_size", "expected an integer"),
    (flatten.storage, {"id": 1, "uploaded": "yes"}, "uploaded", "true or false"),
    (flatten.images, {"id": "i", "evaluation_result": {"face_attributes": {"yaw": "left"}}},
     "evaluation_result.face_attributes.yaw", "expected a number"),
    (flatten.batches, {"name": "b"}, "id", "missing required key"),
])
def test_table_errors(function, record, key, message):
    good = {"id": "ok", "name": "ok", "type": "t", "content": {"batch_id": "b"}}
    with pytest.raises(PayloadError, match=message) as info:
        function([good, record], errors="raise")
    assert info.value.key == key
    assert info.value.record.startswith("1")


def test_kg_search_suggestions_need_strings():
    with pytest.raises(PayloadError, match="a suggestion is a string"):
        flatten.kg_search_suggestions(["a", {"b": 1}])


def test_batch_parent_loop():
    with pytest.raises(PayloadError, match="loops"):
        flatten.batches([{"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}])
