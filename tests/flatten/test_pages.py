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
from deepva_frames.flatten._quality import checking
from deepva_frames.flatten._records import collect
from deepva_frames.flatten._timestamps import fast_timestamps
from deepva_frames.flatten.job_tables import _job_row
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


@settings(max_examples=300, deadline=None)
@given(values=st.lists(timestamp_text, max_size=6))
def test_timestamps_by_column_mean_what_parse_timestamp_means(values: list[Any]) -> None:
    fast = fast_timestamps(values)
    if fast is None:  # the per-value path reads these
        return
    assert fast.to_pylist() == [None if v is None else parse_timestamp(v) for v in values]


@pytest.mark.parametrize("text", ["2019-08-12 08:14:28.430144", "2023-03-16T16:12:35.853632Z",
                                  "2020-01-01T02:00:00+02:00", "2020-01-01 00:00:00"])
def test_the_api_timestamp_forms_take_the_column_path(text: str) -> None:
    assert fast_timestamps([text, None]).to_pylist() == [parse_timestamp(text), None]


@pytest.mark.parametrize("text", ["2020-02-30 00:00:00", "2020-13-01 00:00:00",
                                  "0000-01-01 00:00:00", "2020-01-01 24:00:00",
                                  "2020-01-01T00:00:60"])
def test_what_python_refuses_the_column_path_refuses(text: str) -> None:
    with pytest.raises(BadValue):
        parse_timestamp(text)
    assert fast_timestamps([text]) is None


def test_a_bad_timestamp_names_the_record_and_key() -> None:
    jobs = [{"id": "a", "time_started": "2020-01-01 00:00:00"},
            {"id": "b", "time_started": "2020-02-30 00:00:00"}]
    with pytest.raises(PayloadError, match=r"record 1 \(id 'b'\), key 'time_started'"):
        flatten.jobs(jobs, errors="raise")


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
@given(records=st.lists(job, max_size=6), batch_id=st.one_of(st.none(), st.just("b")),
       errors=st.sampled_from(["warn", "raise"]))
def test_jobs_by_columns_equal_the_per_record_path(records: list, batch_id: str | None,
                                                   errors: str) -> None:
    import warnings

    def per_record() -> Any:
        with checking(errors):  # type: ignore[arg-type]
            return collect("jobs", records, {"batch_id": batch_id}, _job_row)

    with warnings.catch_warnings(record=True) as want_warned:
        warnings.simplefilter("always")
        try:
            want = per_record()
        except PayloadError as exc:
            with pytest.raises(PayloadError) as info:
                flatten.jobs_arrow(records, batch_id=batch_id, errors=errors)
            assert str(info.value) == str(exc)
            return
    with warnings.catch_warnings(record=True) as got_warned:
        warnings.simplefilter("always")
        got = flatten.jobs_arrow(records, batch_id=batch_id, errors=errors)
    assert got.equals(want)
    assert [str(w.message) for w in got_warned] == [str(w.message) for w in want_warned]


def test_naive_timestamps_are_utc() -> None:
    got = fast_timestamps(["2020-01-01 10:00:00"])
    assert got.to_pylist() == [datetime(2020, 1, 1, 10, tzinfo=timezone.utc)]
