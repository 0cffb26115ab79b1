"""A small account for the export tests, served by FakeDeepVA, and ways to change it.

Batches: ``b-root`` (jobs j0, j1) with sub-batch ``b-sub`` (j2), and ``b-other`` (j3).
Report ``r1`` covers ``b-sub``. Every job has a media summary, summarized results and
detailed results (``segments`` segments of ``per`` detections each).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from deepva_frames.client import Client, RetryPolicy
from deepva_frames.testing import FakeDeepVA, build_store

KEY = "canary-key-3f9a1c7e5d2b"
FAST = RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.005, max_total=5.0,
                   retry_after_cap=1.0)
BATCHES = [{"id": "b-root", "name": "Root", "parent": None,
            "time_created": "2026-10-05 20:29:51.164643"},
           {"id": "b-sub", "name": "Sub", "parent": "b-root"},
           {"id": "b-other", "name": "Other", "parent": None}]
MEMBERS = {"b-root": ["j0", "j1"], "b-sub": ["j2"], "b-other": ["j3"]}


def job_record(job_id: str, completed: str = "2026-10-06 08:00:00.000000",
               state: str = "completed") -> dict[str, Any]:
    source = f"storage://{job_id}"
    return {"id": job_id, "tag": "news", "state": state, "progress": 1.0, "errors": [],
            "time_created": "2026-10-06 07:00:00.000000", "time_completed": completed,
            "sources": [source], "modules": {"face_recognition": {"state": state}},
            "media_type": "video", "is_synced_to_kg": False,
            "result": {"summary": [{"source": source, "media_type": "video",
                                    "info": {"fps": 25.0, "resolution": [640, 360],
                                             "total_frames": 500, "duration": 20.0},
                                    "items": [{"type": "face", "label": "Ann"}]}]}}


def segments(job_id: str, count: int, per: int, version: int = 1) -> list[dict[str, Any]]:
    out = []
    for i in range(count):
        start = 10 * i
        out.append({"id": f"{job_id}-v{version}-s{i}", "media_type": "video",
                    "source": f"storage://{job_id}", "module": "face_recognition",
                    "frame_start": start, "frame_end": start + per, "time_start": start / 25,
                    "time_end": (start + per) / 25, "tc_start": "00:00:00:00",
                    "tc_end": "00:00:01:00",
                    "meta": {"person": "Ann" if i % 2 else "unknown",
                             "closest_person": None if i % 2 else "Bo",
                             "mean_distance": 0.9, "mean_similarity": 0.6},
                    "detections": [{"frame_index": start + k, "type": "face_bbox",
                                    "data": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4}}
                                   for k in range(per)]})
    return out


@dataclass
class Account:
    """The account's content; :meth:`write` (re)writes it as a page store."""

    root: Path
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=lambda: dict(MEMBERS))
    port: int = 0  # kept after the first serve(): an export folder belongs to one base URL

    @classmethod
    def create(cls, root: Path, n_jobs: int = 4, n_segments: int = 3, per: int = 2) -> Account:
        account = cls(root)
        for i in range(n_jobs):
            account.set_job(f"j{i}", n_segments=n_segments, per=per)
        account.write()
        return account

    def set_job(self, job_id: str, *, completed: str = "2026-10-06 08:00:00.000000",
                state: str = "completed", n_segments: int = 3, per: int = 2,
                version: int = 1) -> None:
        self.jobs[job_id] = job_record(job_id, completed, state)
        self.results[job_id] = segments(job_id, n_segments, per, version)

    def resources(self) -> dict[str, Any]:
        res: dict[str, Any] = {"jobs/": list(self.jobs.values()), "batches/": BATCHES,
                               "reports/": [{"id": "r1", "title": "R", "state": "completed"}],
                               "reports/r1/": {"id": "r1", "title": "R", "state": "completed"},
                               "reports/r1/items/": [{"content": {"batch_id": "b-sub",
                                                      "report_info": {"gender_count": {
                                                          "female": 1}}}}]}
        for batch, members in self.members.items():
            res[f"batches/{batch}/jobs/"] = [self.jobs[j] for j in members if j in self.jobs]
        for job_id, record in self.jobs.items():
            res[f"jobs/{job_id}/"] = record
            res[f"jobs/{job_id}/detailed-results/"] = self.results[job_id]
            res[f"jobs/{job_id}/summarized-results/"] = [
                {"id": f"{job_id}-sr", "source": f"storage://{job_id}", "module": "face",
                 "type": "face_count", "meta": {"segments": len(self.results[job_id])}}]
        return res

    def write(self) -> None:
        """Rewrite the whole store (stale listings of removed jobs stay, as a server's)."""
        build_store(self.root, self.resources(), page_size=2)


@contextlib.contextmanager
def serve(account: Account) -> Iterator[tuple[FakeDeepVA, Client]]:
    """A fresh FakeDeepVA over the account's store (same port each time), and a client."""
    with FakeDeepVA(account.root, key=KEY, max_limit=2, port=account.port) as fake:
        account.port = int(fake.origin.rsplit(":", 1)[1])
        client = Client(KEY, fake.url, progress=False, retry=FAST, page_size=2)
        try:
            yield fake, client
        finally:
            client.close()


def fetched_jobs(fake: FakeDeepVA) -> set[str]:
    """The jobs whose detailed results the fake served."""
    return {seen.path.split("/")[2] for seen in fake.requests
            if seen.path.endswith("/detailed-results/")}


def dataset_rows(out: Path, table: str, columns: str = "*", tail: str = "") -> list[tuple]:
    """Rows of a partitioned table read by DuckDB with hive partitioning, sorted."""
    glob = f"{out}/{table}/**/*.parquet"
    sql = (f"select {columns} from read_parquet('{glob}', hive_partitioning=true, "
           "hive_types={'job_id': VARCHAR}) " + tail + " order by all")
    return duckdb.sql(sql).fetchall()
