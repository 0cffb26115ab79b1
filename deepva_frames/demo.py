"""``deepva-frames demo``: everything the toolkit can do, run offline on the sample account.

Each step takes the sample client and the output folder and returns the files it
wrote; later capabilities add steps here.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = run_demo(out, echo=lambda line: None)
>>> (out / "tables" / "jobs.ndjson").is_file()
True
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._atomic import atomic_writer

__all__ = ["Written", "account_tables", "run_demo"]

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Written:
    """One file the demo wrote, with a one-line description."""

    path: Path
    what: str


def account_tables(client: Any) -> Iterator[tuple[str, Any]]:
    """Every table of an account, fetched through ``client``: ``(name, table)`` pairs.

    >>> from deepva_frames.client import sample_client
    >>> dict(account_tables(sample_client()))["jobs"][0]["id"]  # doctest: +ELLIPSIS
    '...'
    """
    jobs = client.jobs()
    job_ids = [job["id"] for job in jobs]
    yield "jobs", jobs
    yield "media", client.media(job_ids)
    yield "summary_items", client.summary_items(job_ids)
    yield "summarized_results", _concat(client.summarized_results(j) for j in job_ids)
    yield "detailed_results", _concat(client.detailed_results(j) for j in job_ids)
    yield "batches", client.batches()
    reports = client.reports()
    yield "reports", reports
    yield "report_items", _concat(client.report_items(r["id"]) for r in reports)
    nodes = client.kg_nodes()
    yield "kg_nodes", nodes
    people = [n["id"] for n in nodes if n.get("type") == "person"]
    yield "kg_attributes", _concat(client.kg_node_attributes(n) for n in people)
    yield "kg_attribute_descriptions", client.kg_attribute_descriptions()
    datasets = client.datasets()
    yield "datasets", datasets
    classes = _concat(client.classes(d["id"]) for d in datasets)
    yield "classes", classes
    pairs = [(d["id"], c["id"]) for d in datasets for c in client.classes(d["id"])]
    yield "images", _concat(client.images(d, c) for d, c in pairs)
    yield "clusters", _concat(client.clusters(d, c) for d, c in pairs)
    yield "storage", client.storage("/")
    yield "dictionaries", client.dictionaries()
    exports = client.exports()
    yield "exports", exports
    yield "artifacts", _concat([*(client.artifacts(job_id=j) for j in job_ids),
                                *(client.artifacts(export_id=e["id"]) for e in exports)])


def _concat(parts: Any) -> list[Any]:
    rows: list[Any] = []
    for part in parts:
        rows.extend(part)
    return rows


def write_tables(client: Any, out: Path) -> list[Written]:
    """Write every table of the account into ``out/tables/``."""
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in account_tables(client):
        path = folder / f"{name}.ndjson"
        with atomic_writer(path) as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        written.append(Written(path, f"{len(rows)} {name} records"))
    return written


STEPS: list[tuple[str, Callable[[Any, Path], list[Written]]]] = [
    ("tables", write_tables),
]


def run_demo(out: str | Path, *, echo: Echo = print) -> list[Written]:
    """Run every demo step on the sample account, writing into ``out``; returns what it wrote."""
    from .client import sample_client

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    client = sample_client()
    written: list[Written] = []
    for name, step in STEPS:
        started = time.perf_counter()
        files = step(client, out)
        echo(f"{name}: {len(files)} file(s) in {time.perf_counter() - started:.1f} s")
        written.extend(files)
    echo(f"\nWrote {len(written)} file(s) under {out.resolve()}:")
    for item in written:
        echo(f"  {item.path.relative_to(out)}  ({item.what})")
    return written
