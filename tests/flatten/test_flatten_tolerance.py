"""Tolerant by default, strict on request, by property over values of any JSON type.

Every known key of a segment (top level, ``meta``, ``detections``, each detection, its
``data``) gets a value of an arbitrary JSON type, the right type or nothing. Then:

- ``errors="warn"`` never fails: every path (Python objects; raw page bytes through
  Arrow's reader, with and without msgspec behind it, and through msgspec's structs)
  gives the same two tables;
- lossless: the input comes back from the typed columns plus the JSON columns;
- each DataQualityWarning is about one (table, key), never two for the same pair;
- ``errors="raise"`` either gives the same tables without a warning, or raises
  PayloadError naming the job and a key that warn mode reported.
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lossless_helpers import get, json_values, loads, merge, normalise, put
from test_flatten_lossless_specs import SPECS, records

from deepva_frames import DataQualityWarning, PayloadError, flatten
from deepva_frames.flatten import detailed
from deepva_frames.flatten._segments import unpack_meta_json
from deepva_frames.schemas import declaration, schema

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SEGMENT = declaration("segments")
DETECTION = declaration("detections")
TOP = {c: p[0] for c, p in SEGMENT.keys.items() if len(p) == 1}          # column -> key
META = {c: p[1] for c, p in SEGMENT.keys.items() if p[0] == "meta"}
DET_TOP = {c: p[0] for c, p in DETECTION.keys.items() if len(p) == 1}
BOX = {c: p[1] for c, p in DETECTION.keys.items() if p[0] == "data"}
RIGHT = {"frame_start": st.integers(0, 10 ** 6), "frame_end": st.integers(0, 10 ** 6),
         "frame_index": st.integers(0, 10 ** 6), "age": st.integers(0, 99) | st.just("30-40"),
         "speaking": st.booleans()}


def any_value(column: str) -> st.SearchStrategy[Any]:
    return json_values | RIGHT.get(column, st.text(max_size=4) | st.floats(-1, 1))


@st.composite
def keyed(draw: st.DrawFn, keys: dict[str, str]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for column, key in keys.items():
        if draw(st.booleans()):
            obj[key] = draw(any_value(column))
    return obj


@st.composite
def detection(draw: st.DrawFn) -> Any:
    det = draw(keyed(DET_TOP))
    if draw(st.booleans()):
        det["data"] = draw(json_values | keyed(BOX))
    return draw(st.just(det) | json_values) if draw(st.integers(0, 9)) == 0 else det


@st.composite
def segment(draw: st.DrawFn) -> dict[str, Any]:
    record = draw(keyed(TOP))
    if draw(st.booleans()):
        record["meta"] = draw(json_values | keyed(META))
    if draw(st.booleans()):
        record["detections"] = draw(json_values | st.lists(detection(), max_size=3))
    return record


def payloads(records: list[dict[str, Any]], indent: int | None = None
             ) -> tuple[list[dict[str, Any]], list[bytes]]:
    """Pages of ``records``, as objects and as bodies (pretty-printed with ``indent``)."""
    pages = [{"total": len(records), "offset": o, "limit": 2, "data": records[o:o + 2]}
             for o in range(0, len(records), 2)]
    return pages, [json.dumps(p, indent=indent).encode() for p in pages]


def read(payload: Any, errors: str = "warn") -> tuple[Any, list[DataQualityWarning]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = flatten.detailed_results_arrow(payload, job_id="j", errors=errors)
    found = [w.message for w in caught if isinstance(w.message, DataQualityWarning)]
    assert len(found) == len(caught), [str(w.message) for w in caught]
    return tables, found


# -- the inverse: typed columns + JSON columns -> the record ---------------------------------

def inverse(segments: list[dict[str, Any]], detections: list[dict[str, Any]]) -> list[Any]:
    out, position = [], 0
    for row in segments:
        record: dict[str, Any] = {"id": row["segment_id"]}
        record.update({key: row[c] for c, key in TOP.items() if c != "segment_id"
                       and row[c] is not None})
        meta_rest, top = unpack_meta_json(row["meta_json"])
        meta = {key: row[c] for c, key in META.items() if row[c] is not None}
        if row["age_years"] is not None:
            meta["age"] = row["age_years"]
        meta.update(meta_rest)
        if meta:
            record["meta"] = meta
        if row["n_detections"] is not None:
            rows = detections[position:position + row["n_detections"]]
            position += row["n_detections"]
            record["detections"] = [inverse_detection(d) for d in rows]
        out.append(merge(record, top))
    assert position == len(detections)
    return out


def inverse_detection(row: dict[str, Any]) -> dict[str, Any]:
    det = {key: row[c] for c, key in DET_TOP.items() if row[c] is not None}
    box = {key: row[c] for c, key in BOX.items() if row[c] is not None}
    if box:
        det["data"] = box
    return merge(det, loads(row["extra"]))


def expected(record: dict[str, Any], index: int) -> dict[str, Any]:
    """The input as the tables can give it back (nulls at covered keys dropped, ids text)."""
    covered = {(key,): "plain" for key in TOP.values()} | {("meta", k): "plain"
                                                           for k in META.values()}
    covered[("id",)] = "id" if isinstance(record.get("id"), int | str) and not isinstance(
        record.get("id"), bool) else "plain"
    out = normalise(record, {**covered, ("detections",): "plain"})
    out.setdefault("id", f"j:{index}")  # an id that is no id stays as it came (meta_json)
    dets = out.get("detections")
    if isinstance(dets, list) and all(isinstance(d, dict) for d in dets):
        det_covered = {(k,): "plain" for k in DET_TOP.values()} | {("data", k): "plain"
                                                                   for k in BOX.values()}
        out["detections"] = [normalise(d, det_covered) for d in dets]
    return out


def arrow_only(payload: Any) -> tuple[Any, list[DataQualityWarning]]:
    """The columnar Arrow reader without the msgspec path behind it."""
    engine, detailed.read_docs = detailed.read_docs, None
    try:
        return read(payload)
    finally:
        detailed.read_docs = engine


def structs_first(payload: Any) -> tuple[Any, list[DataQualityWarning]]:
    """msgspec's typed structs on every block, not only on those Arrow cannot read."""
    def structs(docs: Any, job_id: Any, start: int, fallback: Any) -> Any:
        return detailed._odd_block(list(docs), job_id, start)

    reader, detailed.read_pages = detailed.read_pages, structs
    try:
        return read(payload)
    finally:
        detailed.read_pages = reader


@SETTINGS
@given(records=st.lists(segment(), max_size=5), indent=st.sampled_from([None, 1]))
def test_warn_never_fails_all_paths_agree_and_nothing_is_lost(records, indent):
    pages, raw = payloads(records, indent)
    (segments, detections), warned = read(pages)
    assert detailed.read_docs is not None  # msgspec (the "fast" extra) is a dev dependency
    for (fast_segments, fast_detections), fast_warned in (read(raw), arrow_only(raw),
                                                          structs_first(raw)):
        assert fast_segments.to_pylist() == segments.to_pylist()
        assert fast_detections.to_pylist() == detections.to_pylist()
        assert sorted((w.table, w.key, w.count, w.record) for w in fast_warned) == sorted(
            (w.table, w.key, w.count, w.record) for w in warned)
    pairs = [(w.table, w.key) for w in warned]
    assert len(pairs) == len(set(pairs))
    assert all(w.job == "j" and w.count >= 1 for w in warned)
    rebuilt = inverse(segments.to_pylist(), detections.to_pylist())
    assert rebuilt == [expected(r, i) for i, r in enumerate(records)]


@SETTINGS
@given(records=st.lists(segment(), max_size=5), as_bytes=st.booleans())
def test_raise_is_warn_without_warnings_or_names_a_reported_key(records, as_bytes):
    pages, raw = payloads(records)
    payload = raw if as_bytes else pages
    (segments, detections), warned = read(payload)
    try:
        (strict_segments, strict_detections), strict_warned = read(payload, "raise")
    except PayloadError as error:
        assert warned, f"raise mode failed where warn mode saw nothing: {error}"
        assert error.job == "j" and error.key is not None
        reported = {(w.table, w.key) for w in warned}
        assert (error.resource, re.sub(r"\[\d+\]", "[*]", error.key)) in reported
        return
    assert not warned and not strict_warned
    assert strict_segments.to_pylist() == segments.to_pylist()
    assert strict_detections.to_pylist() == detections.to_pylist()


def test_age_as_label_or_years():
    records = [{"frame_start": 0, "meta": {"age": "30-40"}},
               {"frame_start": 1, "meta": {"age": 37}},
               {"frame_start": 2, "meta": {"age": 40.5}}]
    for payload in payloads(records):
        segments = flatten.detailed_results(payload, job_id="j", errors="raise").segments
        assert segments["age"].astype(str).tolist() == ["30-40", "30-40", "40-50"]
        assert segments["age_years"].tolist()[1:] == [37.0, 40.5]
        assert segments["age_years"].isna().tolist() == [True, False, False]


def test_one_odd_age_does_not_make_a_job_unreadable():
    records = [{"frame_start": i, "meta": {"person": "A", "age": "30-40"}} for i in range(50)]
    records[7]["meta"]["age"] = {"low": 30}
    records[9]["meta"]["age"] = True
    for payload in payloads(records):
        with pytest.warns(DataQualityWarning) as caught:
            segments = flatten.detailed_results(payload, job_id="job-1").segments
        assert len(segments) == 50 and segments["person"].eq("A").all()
        (warning,) = [w.message for w in caught]
        assert (warning.table, warning.key, warning.count, warning.job) == (
            "segments", "meta.age", 2, "job-1")
        assert warning.record == "7" and warning.example == {"low": 30}
        assert json.loads(segments.loc[7, "meta_json"]) == {"age": {"low": 30}}
        with pytest.raises(PayloadError, match=r"job job-1, record 7, key 'meta\.age'"):
            flatten.detailed_results(payload, job_id="job-1", errors="raise")


@pytest.mark.parametrize("body", [b"not json", b'{"total": 1, "offset": 0, "data": {"a": 1}}'])
@pytest.mark.parametrize("errors", ["warn", "raise"])
def test_the_envelope_is_an_error_in_both_modes(body, errors):
    with pytest.raises(PayloadError):
        flatten.detailed_results([body], job_id="j", errors=errors)
    with pytest.raises(PayloadError):
        flatten.jobs([body], errors=errors)


def test_big_integers_are_kept_not_rounded():
    records = [{"frame_start": 2 ** 70, "meta": {"mean_distance": 2 ** 60}}]
    for payload in payloads(records):
        with pytest.warns(DataQualityWarning):
            segments = flatten.detailed_results_arrow(payload, job_id="j")[0].to_pylist()
        assert segments[0]["frame_start"] is None and segments[0]["mean_distance"] is None
        assert unpack_meta_json(segments[0]["meta_json"]) == (
            {"mean_distance": 2 ** 60}, {"frame_start": 2 ** 70})


def test_errors_must_be_warn_or_raise():
    with pytest.raises(ValueError, match="errors must be one of 'warn', 'raise'"):
        flatten.jobs([], errors="ignore")


# -- every one-row-per-record table: clearly wrong values at any key ---------------------------

def wrong_for(arrow_type: pa.DataType, column: str) -> st.SearchStrategy[Any]:
    """Values that no reading of the column's type accepts (any JSON type but its own)."""
    containers = st.lists(st.integers(), max_size=2) | st.dictionaries(st.text(max_size=2),
                                                                       st.integers(), max_size=2)
    if pa.types.is_boolean(arrow_type):
        return containers | st.text(max_size=3) | st.integers()
    if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type):
        return containers | st.text(max_size=3) | st.booleans()
    if pa.types.is_list(arrow_type):
        return st.dictionaries(st.text(max_size=2), st.integers(), max_size=2) | st.booleans() \
            | st.lists(st.integers(), min_size=1, max_size=2)
    return containers | st.booleans() | (st.floats(-1, 1) if column.endswith("_id")
                                         else st.integers())


@st.composite
def odd_records(draw: st.DrawFn, spec: Any) -> tuple[dict[str, Any], dict[tuple[str, ...], Any]]:
    fields = schema(spec.table)
    record, odd = draw(records(spec)), {}
    for column, path in spec.keys.items():
        if draw(st.integers(0, 3)) == 0 and isinstance(get(record, path[:-1]) if len(path) > 1
                                                       else record, dict | type(None)):
            value = draw(wrong_for(fields.field(column).type, column))
            put(record, path, value)
            odd[path] = value
    return record, odd


@pytest.mark.parametrize("spec", SPECS, ids=[spec.table for spec in SPECS])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_odd_values_are_nulls_with_the_raw_value_in_extra(spec, data):
    drawn = data.draw(st.lists(odd_records(spec), min_size=1, max_size=4))
    given_records = [record for record, _ in drawn]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = flatten.to_arrow(spec.table, given_records).to_pylist()
    keys = {(w.message.table, w.message.key) for w in caught}
    for (_, odd), row in zip(drawn, rows, strict=True):
        for path, value in odd.items():
            column = next(c for c, p in spec.keys.items() if p == path)
            assert row[column] is None
            assert get(loads(row["extra"]), path) == value
            assert (spec.table, ".".join(path)) in keys
    if not any(odd for _, odd in drawn):
        return
    with pytest.raises(PayloadError) as info:
        flatten.to_arrow(spec.table, given_records, errors="raise")
    assert (spec.table, info.value.key) in keys
