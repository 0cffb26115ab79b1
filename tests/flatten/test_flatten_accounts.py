"""An account that differs from the sample, over HTTP: a real loopback FakeDeepVA serves a
job whose segments send ``meta.age`` as years, one as an object, and a job listing with an
odd ``progress``. The Client's table methods and the export read it (errors="warn"), and
errors="raise" names the job, the record and the key. DuckDB reads the exported Parquet."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from client_helpers import KEY, client_for

from deepva_frames import DataQualityWarning, PayloadError
from deepva_frames.testing import FakeDeepVA, build_store

JOB = "job-odd"
SEGMENTS = [{"id": f"s{i}", "frame_start": 10 * i, "frame_end": 10 * i + 5,
             "module": "advanced_diversity_analysis", "media_type": "video",
             "meta": {"person": "Ann", "gender": "female", "age": 30 + i, "speaking": i % 2 == 0},
             "detections": [{"frame_index": 10 * i, "type": "face_bbox",
                             "data": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4}}]}
            for i in range(25)]
SEGMENTS[3]["meta"]["age"] = {"years": 33}   # no reading of this is an age
JOBS = [{"id": JOB, "state": "completed", "progress": "done", "tag": "t",
         "time_completed": "2024-01-01T00:00:00Z",
         "result": {"summary": [{"source": "s", "media_type": "video",
                                 "info": {"fps": 25, "total_frames": 250}}]}}]


@pytest.fixture
def fake(tmp_path: Path) -> Any:
    store = build_store(tmp_path / "account", {
        "jobs/": JOBS, f"jobs/{JOB}/": JOBS[0], f"jobs/{JOB}/detailed-results/": SEGMENTS,
        f"jobs/{JOB}/summarized-results/": [{"id": "r", "type": "age_count",
                                             "meta": {"30-40": 9}}]}, page_size=10)
    with FakeDeepVA(store, key=KEY) as server:
        yield server


def test_client_tables_tolerate_and_report(fake: FakeDeepVA) -> None:
    client = client_for(fake)
    with pytest.warns(DataQualityWarning) as caught:
        segments = client.detailed_results(JOB).segments
    (warning,) = [w.message for w in caught]
    assert (warning.key, warning.count, warning.job, warning.record) == (
        "meta.age", 1, JOB, "3 (id 's3')")
    assert len(segments) == 25
    assert segments.loc[12, "age"] == "40-50" and segments.loc[12, "age_years"] == 42.0
    assert json.loads(segments.loc[3, "meta_json"]) == {"age": {"years": 33}}
    with pytest.warns(DataQualityWarning, match="'progress'"):
        jobs = client.jobs()
    assert jobs.loc[0, "job_id"] == JOB and json.loads(jobs.loc[0, "extra"])["progress"] == "done"


def test_client_tables_raise_on_request(fake: FakeDeepVA) -> None:
    client = client_for(fake)
    with pytest.raises(PayloadError) as info:
        client.detailed_results(JOB, errors="raise")
    assert (info.value.job, info.value.key) == (JOB, "meta.age")
    assert f"job {JOB}, record 3 (id 's3')" in str(info.value)
    with pytest.raises(PayloadError, match="key 'progress'"):
        client.jobs(errors="raise")


def test_export_tolerates_and_parquet_keeps_the_raw_value(fake: FakeDeepVA,
                                                           tmp_path: Path) -> None:
    client = client_for(fake)
    with pytest.warns(DataQualityWarning) as caught:
        result = client.export(tmp_path / "bi", job_ids=[JOB])
    assert {(w.message.table, w.message.key) for w in caught} == {("segments", "meta.age"),
                                                                  ("jobs", "progress")}
    assert result.exported == (JOB,)
    rows = duckdb.sql(
        f"select segment_id, age, age_years, meta_json from read_parquet("
        f"'{tmp_path / 'bi'}/segments/*/*.parquet', hive_partitioning=true) "
        f"order by frame_start").fetchall()
    assert len(rows) == 25
    assert rows[3][1] is None and json.loads(rows[3][3]) == {"age": {"years": 33}}
    assert rows[12][1:3] == ("40-50", 42.0)


def test_export_raises_on_request(fake: FakeDeepVA, tmp_path: Path) -> None:
    with pytest.raises(PayloadError) as info:
        client_for(fake).export(tmp_path / "bi", job_ids=[JOB], errors="raise")
    assert (info.value.job, info.value.key) == (JOB, "progress")
