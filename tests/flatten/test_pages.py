"""Tables built page by page equal the tables of the whole listing; the jobs table built by
columns equals the per-record path; timestamps parsed per column mean what parse_timestamp
means, value by value."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames import flatten
from deepva_frames.errors import PayloadError
from deepva_frames.flatten._convert import BadValue, parse_timestamp
from deepva_frames.flatten._timestamps import timestamp_column
from deepva_frames.flatten.job_tables import _per_record, jobs_arrow
from deepva_frames.flatten.pages import joined, page_tables, read_fast

JOB = "j-1"


def _pages(records: list[Any], size: int) -> list[bytes]:
    starts = range(0, len(records), size) if records else [0]
    return [json.dumps({"total": len(records), "offset": s, "limit": size,
                        "data": records[s:s + size]}).encode() for s in starts]


def _read(name: str, body: bytes, start: int) -> tuple:
    fast = read_fast(name, [body], start=start, job_id=JOB)
    if fast is not None:
        return fast[0][1]
    return page_tables(name, json.loads(body), start=start, job_id=JOB)


detection = st.fixed_dictionaries({
    "frame_index": st.integers(0, 10**6), "type": st.sampled_from(["face_bbox", "body_bbox"]),
    "data": st.fixed_dictionaries({k: st.floats(0, 1) for k in "xywh"})})
segment = st.fixed_dictionaries(
    {"frame_start": st.integers(0, 10**6), "detections": st.lists(detection, max_size=3)},
    optional={"meta": st.fixed_dictionaries({}, optional={
        "person": st.text(max_size=6), "gender": st.sampled_from(["female", "male"]),
        "shot": st.integers()}), "id": st.text(min_size=1, max_size=4),
        "module": st.sampled_from(["face_recognition", "ocr"])})


@settings(max_examples=40, deadline=None)
@given(records=st.lists(segment, max_size=25), size=st.integers(1, 8))
def test_detailed_results_page_by_page_equal_the_whole_listing(records: list, size: int) -> None:
    bodies = _pages(records, size)
    got = joined("detailed_results", [_read("detailed_results", b, i * size)
                                      for i, b in enumerate(bodies)])
    want = flatten.detailed_results(records, job_id=JOB)
    pd.testing.assert_frame_equal(got.segments, want.segments)
    pd.testing.assert_frame_equal(got.detections, want.detections)


@settings(max_examples=30, deadline=None)
@given(records=st.lists(segment, min_size=1, max_size=25), size=st.integers(1, 8))
def test_a_block_of_pages_read_at_once_equals_page_by_page(records: list, size: int) -> None:
    bodies = _pages(records, size)
    block = read_fast("detailed_results", bodies, start=0, job_id=JOB)
    if block is None:  # the per-record path reads these (unknown keys of mixed types)
        return
    one_by_one = [read_fast("detailed_results", [b], start=i * size, job_id=JOB)[0]
                  for i, b in enumerate(bodies)]
    for (keys, tables), (alone_keys, alone) in zip(block, one_by_one, strict=True):
        assert keys == alone_keys
        assert [t.to_pylist() for t in tables] == [t.to_pylist() for t in alone]


def test_the_columnar_read_gives_the_paging_keys_of_the_page() -> None:
    body = _pages([{"frame_start": 1, "id": "a"}, {"frame_start": 2}, {"frame_start": 3,
                                                                       "id": "c"}], 3)[0]
    [(keys, (segments, _))] = read_fast("detailed_results", [body], start=0, job_id=JOB)
    assert (keys["total"], keys["offset"], keys["limit"], keys["count"]) == (3, 0, 3, 3)
    assert keys["ids"] == ("a", "c")
    assert segments.column("segment_id").to_pylist() == ["a", f"{JOB}:1", "c"]


timestamp_text = st.one_of(
    st.builds(lambda d, t, f, z: d + t + f + z,
              st.dates(min_value=datetime(1, 1, 1).date()).map(lambda d: d.isoformat()),
              st.sampled_from(["T", " "]).flatmap(
                  lambda sep: st.times().map(lambda t: sep + t.strftime("%H:%M:%S"))),
              st.one_of(st.just(""), st.integers(0, 10**7).map(lambda n: f".{n}")),
              st.sampled_from(["", "Z", "z", "+02:00", "-05:30", "+0200", "+24:00", " Z"])),
    st.text(alphabet="0123456789-:T .Z+", max_size=30), st.integers(), st.none())


def _per_value(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue("not a string")
    return parse_timestamp(value)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(timestamp_text, max_size=6))
def test_timestamps_by_column_mean_what_parse_timestamp_means(values: list[Any]) -> None:
    try:
        want = [_per_value(v) for v in values]
    except BadValue:
        with pytest.raises(PayloadError):
            timestamp_column("jobs", "time_created", values, list(enumerate(values)))
        return
    got = timestamp_column("jobs", "time_created", values, list(enumerate(values)))
    assert got.to_pylist() == want


def test_a_bad_timestamp_names_the_record_and_key() -> None:
    jobs = [{"id": "a", "time_started": "2020-01-01 00:00:00"},
            {"id": "b", "time_started": "2020-02-30 00:00:00"}]
    with pytest.raises(PayloadError, match=r"record 1 \(id 'b'\), key 'time_started'"):
        flatten.jobs(jobs)


job = st.fixed_dictionaries({"id": st.one_of(st.text(max_size=5), st.integers(0, 99))}, optional={
    "tag": st.one_of(st.none(), st.text(max_size=4)), "progress": st.one_of(
        st.none(), st.integers(-3, 3), st.floats(allow_nan=False), st.just(2**60)),
    "state": st.sampled_from(["completed", "failed"]), "is_synced_to_kg": st.booleans(),
    "sources": st.lists(st.text(max_size=3), max_size=2),
    "modules": st.one_of(st.dictionaries(st.text(max_size=3), st.just({}), max_size=2),
                         st.lists(st.text(max_size=3), max_size=2)),
    "errors": st.lists(st.text(max_size=3), max_size=2),
    "time_created": st.sampled_from(["2020-01-01 00:00:00.5", "2021-03-04T05:06:07Z"]),
    "result": st.fixed_dictionaries({}, optional={"detailed_link": st.text(max_size=3),
                                                  "summary": st.lists(st.fixed_dictionaries(
                                                      {"media_type": st.just("video")}),
                                                      max_size=2)}),
    "extra_key": st.integers()})


@settings(max_examples=80, deadline=None)
@given(records=st.lists(job, max_size=6), batch_id=st.one_of(st.none(), st.just("b")))
def test_jobs_by_columns_equal_the_per_record_path(records: list, batch_id: str | None) -> None:
    try:
        want = _per_record(records, batch_id)
    except PayloadError as exc:
        with pytest.raises(PayloadError) as info:
            jobs_arrow(records, batch_id=batch_id)
        assert str(info.value) == str(exc)
        return
    got = jobs_arrow(records, batch_id=batch_id)
    assert got.equals(want)


def test_naive_timestamps_are_utc() -> None:
    got = timestamp_column("jobs", "t", ["2020-01-01 10:00:00"], [])
    assert got.to_pylist() == [datetime(2020, 1, 1, 10, tzinfo=timezone.utc)]
