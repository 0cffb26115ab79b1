"""Detailed results: the columnar path, the per-record path, and their agreement."""

from __future__ import annotations

import dataclasses
import json
import re

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deepva_frames import PayloadError, flatten
from deepva_frames.flatten import detailed_fast
from deepva_frames.flatten._segments import pack_meta_json, unpack_meta_json


def segment(i: int, n_dets: int = 2, **extra):
    record = {"media_type": "video", "frame_start": 12 * i, "frame_end": 12 * i + 24,
              "source": "storage://x", "module": "face_recognition",
              "meta": {"person": f"P{i}", "mean_distance": 0.9, "mean_similarity": 0.5},
              "time_start": 0.48 * i, "time_end": 0.48 * i + 1, "tc_start": "a", "tc_end": "b",
              "detections": [{"frame_index": 12 * i + k, "type": "face_bbox",
                              "data": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4}}
                             for k in range(n_dets)]}
    record.update(extra)
    return record


def pages_of(records, size=3):
    return [{"total": len(records), "offset": o, "limit": size, "next": None, "prev": None,
             "data": records[o:o + size]} for o in range(0, len(records), size)]


def as_bytes(pages):
    return [json.dumps(p, ensure_ascii=False).encode() for p in pages]


def both_paths(records, job_id="j", size=3, block_bytes=detailed_fast.BLOCK_BYTES):
    """(columnar tables, per-record tables) of the same records; the columnar must not fall back."""
    fast = detailed_fast.read_pages(as_bytes(pages_of(records, size)), job_id, 0, block_bytes)
    slow = flatten.detailed_results_arrow(pages_of(records, size), job_id=job_id)
    return fast[:2], slow


def assert_same(fast, slow):
    for a, b in zip(fast, slow, strict=True):
        assert a.schema == b.schema
        assert a.to_pylist() == b.to_pylist()


def test_columnar_path_matches_per_record_path():
    records = [segment(i) for i in range(7)]
    records[2]["id"] = "given-id"
    records[3]["detections"] = []
    del records[4]["detections"]
    records[5]["meta"] = {"person": "unknown", "closest_person": "Charlie Manuel"}
    fast, slow = both_paths(records)
    assert_same(fast, slow)
    segments = fast[0]
    assert segments.column("segment_id").to_pylist()[:3] == ["j:0", "j:1", "given-id"]
    assert segments.column("n_detections").to_pylist()[3:5] == [0, None]
    assert segments.schema.field("module").type == pa.dictionary(pa.int32(), pa.string())


def test_blocks_keep_the_index_running():
    records = [segment(i) for i in range(10)]
    fast, slow = both_paths(records, size=2, block_bytes=1)
    assert_same(fast, slow)
    assert fast[0].column("segment_id").to_pylist()[-1] == "j:9"


def test_unknown_keys_everywhere_go_to_json_columns():
    records = [segment(i) for i in range(6)]
    records[1]["shot"] = {"id": 4, "when": "2023-03-16T16:12:35Z"}  # timestamp-like text
    records[2]["meta"]["mood"] = "calm"
    records[2]["meta"]["_segment"] = "collides"
    records[3]["detections"][1]["confidence"] = None  # an unknown key whose value is null
    records[4]["detections"][0]["data"]["landmarks"] = [[0.1, 0.2]]
    records[5]["ünïcode \"key\""] = "ü"
    fast, slow = both_paths(records, size=2)
    assert_same(fast, slow)
    segments, detections = (t.to_pylist() for t in fast)
    assert unpack_meta_json(segments[1]["meta_json"]) == ({}, {"shot": records[1]["shot"]})
    assert unpack_meta_json(segments[2]["meta_json"]) == (
        {"mood": "calm", "_segment": "collides"}, {})
    assert segments[0]["meta_json"] is None
    assert detections[7]["extra"] == '{"confidence":null}'
    assert detections[8]["extra"] == '{"data":{"landmarks":[[0.1,0.2]]}}'
    assert json.loads(segments[5]["meta_json"]) == {"_segment": {"ünïcode \"key\"": "ü"}}


def test_conflicting_unknown_types_fall_back():
    records = [segment(0, shot=1), segment(1, shot="one")]
    pages = as_bytes(pages_of(records, size=1))
    with pytest.raises(detailed_fast.Fallback):
        detailed_fast.read_pages(pages, "j", 0, block_bytes=1 << 20)
    result = flatten.detailed_results(pages, job_id="j")
    assert [json.loads(t)["_segment"]["shot"] for t in result.segments["meta_json"]] == [1, "one"]


def test_invalid_inferred_arrays_fall_back():
    # Arrow 26 builds an invalid array for an inferred list of nulls after rows without it
    records = [segment(i) for i in range(4)] + [segment(4, unknown=[None, None])]
    pages = as_bytes(pages_of(records, size=1))
    result = flatten.detailed_results(pages, job_id="j")
    assert json.loads(result.segments.loc[4, "meta_json"]) == {"_segment": {"unknown": [None,
                                                                                       None]}}


def test_ndjson_of_records_takes_the_per_record_path():
    payload = b"\n".join(json.dumps(segment(i)).encode() for i in range(3))
    assert len(flatten.detailed_results(payload).segments) == 3


def test_data_without_paging_keys_is_a_record_not_a_page():
    with pytest.raises(PayloadError, match="frame_start"):
        flatten.detailed_results([json.dumps({"data": [segment(0)]}).encode()], errors="raise")


def test_integral_floats_fall_back_and_read():
    records = [segment(0, frame_start=12.0)]
    result = flatten.detailed_results(as_bytes(pages_of(records)))
    assert result.segments.loc[0, "frame_start"] == 12
    assert result.segments.loc[0, "segment_id"] == "0"


def test_detailed_results_object():
    result = flatten.detailed_results(pages_of([segment(0)]), job_id="j")
    segments, detections = result
    assert segments is result.segments and detections is result.detections
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.segments = None
    assert repr(result) == "DetailedResults(segments=1 rows, detections=2 rows)"


def test_pretty_printed_pages_take_the_columnar_path():
    pages = [json.dumps(p, indent=2).encode() for p in pages_of([segment(i) for i in range(4)])]
    _, detections, count = detailed_fast.read_pages(pages, "j", 0)
    assert count == 4 and detections.num_rows == 8


def test_meta_json_packing():
    assert pack_meta_json({}, {}) is None
    for meta, top in [({"__segment": 1, "_segment": 2}, {"x": None}), ({"a": [1]}, {})]:
        assert unpack_meta_json(pack_meta_json(meta, top)) == (meta, top)


# -- property: the two paths agree on generated pages -------------------------------------

KNOWN = {"id", "media_type", "frame_start", "frame_end", "source", "module", "meta",
         "time_start", "time_end", "tc_start", "tc_end", "detections", "person",
         "closest_person", "mean_distance", "mean_similarity", "frame_index", "type", "data",
         "x", "y", "w", "h"}
names = st.text(min_size=1, max_size=6).filter(lambda k: k not in KNOWN)
scalars = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=5) | \
    st.floats(allow_nan=False, allow_infinity=False)
extras = st.dictionaries(names, scalars | st.lists(scalars, max_size=2), max_size=2)
numbers = st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False)
maybe = st.none().__or__


@st.composite
def detections(draw):
    det = {"frame_index": draw(st.integers(0, 10**6))}
    for key, value in (("type", maybe(st.sampled_from(["face_bbox", "object_bbox"]))),
                       ("data", maybe(st.fixed_dictionaries(
                           {}, optional={k: maybe(numbers) for k in "xywh"})))):
        if draw(st.booleans()):
            det[key] = draw(value)
    if isinstance(det.get("data"), dict):
        det["data"].update(draw(extras))
    det.update(draw(extras))
    return det


@st.composite
def segments(draw):
    record = {"frame_start": draw(st.integers(0, 10**6))}
    optional = {"frame_end": maybe(st.integers(0, 10**6)), "time_start": maybe(numbers),
                "time_end": maybe(numbers), "tc_start": maybe(st.text(max_size=8)),
                "module": maybe(st.sampled_from(["face_recognition", "ada"])),
                "media_type": maybe(st.just("video")), "source": maybe(st.text(max_size=5)),
                "id": st.text(min_size=1, max_size=4),
                "detections": maybe(st.lists(detections(), max_size=3)),
                "meta": maybe(st.fixed_dictionaries({}, optional={
                    "person": maybe(st.text(max_size=5)), "mean_distance": maybe(numbers)}))}
    for key, value in optional.items():
        if draw(st.booleans()):
            record[key] = draw(value)
    if isinstance(record.get("meta"), dict):
        record["meta"].update(draw(extras))
    record.update(draw(extras))
    return record


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(segments(), max_size=6), size=st.integers(1, 4))
def test_paths_agree_on_generated_pages(records, size):
    pages = pages_of(records, size)
    fast = flatten.detailed_results_arrow(as_bytes(pages), job_id="j")
    slow = flatten.detailed_results_arrow(pages, job_id="j")
    assert_same(fast, slow)


def escape_letters(body: bytes) -> bytes:
    """The same JSON with the first letter of every string (keys too) as a \\u escape."""
    return re.sub(rb'(?<=")([A-Za-z])', lambda m: b"\\u%04x" % ord(m.group(1)), body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(segments(), min_size=1, max_size=6), split=st.booleans())
def test_unknown_keys_written_with_escapes_are_kept(records, split):
    """A key Arrow infers but the document spells with escapes still reaches the JSON
    columns, whether pages are split into records (msgspec) or parsed whole."""
    pages = pages_of(records, 3)
    bodies = [escape_letters(body) for body in as_bytes(pages)]
    assert [json.loads(b) for b in bodies] == pages
    splitter = detailed_fast.raw_records
    if not split:
        detailed_fast.raw_records = lambda doc: None
    try:
        fast = flatten.detailed_results_arrow(bodies, job_id="j")
    finally:
        detailed_fast.raw_records = splitter
    assert_same(fast, flatten.detailed_results_arrow(pages, job_id="j"))
