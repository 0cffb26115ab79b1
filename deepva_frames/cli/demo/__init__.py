"""``deepva-frames demo``: everything the toolkit can do, run offline on the sample account.

Each step takes the sample client and the output folder and returns the files it
wrote; later capabilities add steps here.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = run_demo(out, echo=lambda line: None)
>>> (out / "tables" / "jobs.parquet").is_file()
True
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ...export import to_parquet
from ...schemas import concat

__all__ = ["Written", "account_tables", "run_demo"]

Echo = Callable[[str], None]


class Written(NamedTuple):
    """One file the demo wrote, with a one-line description."""

    path: Path
    what: str


def account_tables(client: Any) -> Iterator[tuple[str, pd.DataFrame]]:
    """Every tidy table of an account, fetched through ``client``: ``(name, table)`` pairs.

    >>> from deepva_frames.client import sample_client
    >>> tables = dict(account_tables(sample_client()))
    >>> sorted(tables)[:3], len(tables["jobs"]) > 0
    (['artifacts', 'batches', 'classes'], True)
    """
    jobs = client.jobs()
    job_ids = jobs["job_id"].tolist()
    yield "jobs", jobs
    yield "media", client.media(job_ids)
    yield "summary_items", client.summary_items(job_ids)
    yield "summarized_results", concat("summarized_results",
                                       (client.summarized_results(j) for j in job_ids))
    results = [client.detailed_results(j) for j in job_ids]
    yield "segments", concat("segments", (r.segments for r in results))
    yield "detections", concat("detections", (r.detections for r in results))
    yield "batches", client.batches()
    reports = client.reports()
    yield "reports", reports
    yield "report_items", concat("report_items",
                                 (client.report_items(r) for r in reports["report_id"]))
    nodes = client.kg_nodes()
    yield "kg_nodes", nodes
    people = nodes.loc[nodes["type"] == "person", "node_id"]
    yield "kg_attributes", concat("kg_attributes", (client.kg_node_attributes(n) for n in people))
    yield "kg_attribute_descriptions", client.kg_attribute_descriptions()
    datasets = client.datasets()
    yield "datasets", datasets
    classes = concat("classes", (client.classes(d) for d in datasets["dataset_id"]))
    yield "classes", classes
    pairs = list(zip(classes["dataset_id"], classes["class_id"], strict=True))
    yield "images", concat("images", (client.images(d, c) for d, c in pairs))
    yield "clusters", concat("clusters", (client.clusters(d, c) for d, c in pairs))
    yield "storage", client.storage("/")
    yield "dictionaries", client.dictionaries()
    exports = client.exports()
    yield "exports", exports
    yield "artifacts", concat("artifacts", [*(client.artifacts(job_id=j) for j in job_ids),
                                *(client.artifacts(export_id=e) for e in exports["export_id"])])


def write_tables(client: Any, out: Path) -> list[Written]:
    """Write every table of the account as Parquet into ``out/tables/``."""
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in account_tables(client):
        path = folder / f"{name}.parquet"
        to_parquet(table, path, name=name)
        written.append(Written(path, f"{len(table)} rows of {name}"))
    return written


Step = Callable[[Any, Path], list[tuple[Path, str]]]

# (title, module, function): each step writes into ``out`` and returns (path, description)
# pairs; steps are imported when they run, so cv2 and matplotlib load only for the demo.
STEPS: list[tuple[str, str, str]] = [
    ("tables", "deepva_frames.cli.demo", "write_tables"),
    ("parquet dataset", "deepva_frames.cli.demo.files", "write_exports"),
    ("charts", "deepva_frames.cli.demo.charts", "write_charts"),
    ("video", "deepva_frames.cli.demo.video", "write_video_outputs"),
    ("tracks", "deepva_frames.cli.demo.tracks", "write_tracks"),
    ("report", "deepva_frames.cli.demo.report", "write_report"),
]


def _step(module: str, function: str) -> Step:
    return getattr(importlib.import_module(module), function)


def _snapshot(out: Path) -> dict[Path, int]:
    """Every file under ``out`` (recursively) with its modification time (ns)."""
    return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def _changed(before: dict[Path, int], after: dict[Path, int]) -> list[Path]:
    return sorted(p for p, mtime in after.items() if before.get(p) != mtime)


def next_steps(out: Path) -> list[str]:
    """What to do after the demo: the notebooks, the report, analysis of the export, your
    own video.

    >>> print("\\n".join(next_steps(Path("/tmp/demo"))))  # doctest: +ELLIPSIS
    Next steps:
      open the example notebooks (notebooks/ in the source checkout):
        jupyter lab notebooks/01-quickstart.ipynb
      open the diversity report in a browser: /tmp/demo/report/diversity_report.html
      screen time per person from the export (DuckDB with deepva-frames[scale], else pandas):
        deepva-frames analyze /tmp/demo/parquet --by person --module face_recognition
      render your own video (key in DEEPVA_API_KEY):
        deepva-frames render --job JOB_ID --video media.mp4 --out annotated.mp4
    """
    return [
        "Next steps:",
        "  open the example notebooks (notebooks/ in the source checkout):",
        "    jupyter lab notebooks/01-quickstart.ipynb",
        f"  open the diversity report in a browser: {out / 'report' / 'diversity_report.html'}",
        "  screen time per person from the export (DuckDB with deepva-frames[scale], else "
        "pandas):",
        f"    deepva-frames analyze {out / 'parquet'} --by person --module face_recognition",
        "  render your own video (key in DEEPVA_API_KEY):",
        "    deepva-frames render --job JOB_ID --video media.mp4 --out annotated.mp4",
    ]


def run_demo(out: str | Path, *, echo: Echo = print) -> list[Written]:
    """Run every demo step on the sample account, writing into ``out``; returns the
    described files. The counts it prints are of the files each step actually wrote.
    """
    from ...client import sample_client

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    client = sample_client()
    written: list[Written] = []
    lines: list[str] = []
    total = 0
    for name, module, function in STEPS:
        started, before = time.perf_counter(), _snapshot(out)
        files = [Written(*item) for item in _step(module, function)(client, out)]
        changed = _changed(before, _snapshot(out))
        total += len(changed)
        echo(f"{name}: {len(changed)} file(s) in {time.perf_counter() - started:.1f} s")
        written.extend(files)
        lines.extend(f"  {item.path.relative_to(out)}  ({item.what})" for item in files)
        if len(changed) > len(files):
            lines.append(f"  (and {len(changed) - len(files)} more file(s) of the {name})")
    echo(f"\nWrote {total} file(s) under {out.resolve()}:")
    for line in lines:
        echo(line)
    echo("")
    for line in next_steps(out.resolve()):
        echo(line)
    return written
