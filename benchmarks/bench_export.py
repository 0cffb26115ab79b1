"""Benchmark: streaming export to a partitioned dataset against fetch-all then one write.

A FakeDeepVA runs in its own process (multiprocessing, spawn) over a temporary page store
of ``--jobs`` completed jobs with ``--detections`` detections each (``--per-segment``
detections per segment). Each side runs in a fresh process of its own, so that its peak
memory (the RSS high-water mark, ``ru_maxrss``) is its own:

- export: ``Client.export(out, all_jobs=True)``: one job at a time into
  ``out/<table>/job_id=<id>/`` files, atomically, with the manifest;
- baseline: the same fetch and flatten (raw pages to Arrow) for every job, the tables
  concatenated in memory, then one ``pyarrow.parquet.write_table`` call per table.

Printed: seconds, throughput (detection rows/s), peak RSS above the process's RSS before
the work started (its fixed overhead: interpreter, pyarrow, pandas), pyarrow's memory
pool peak, and the largest job's tables. Targets: export peak <= 2x the largest job's
tables + fixed overhead; export time <= 1.5x the baseline's.

``--offline`` exports the same store with an offline Client (replaying the page store,
no server), then runs the export again with nothing changed (incremental): export
memory must be bounded by the largest job, not the account (target: peak RSS <= 400 MiB
at 2,000 jobs x 5,000 detections), time linear in jobs, the re-run a few seconds.

    python benchmarks/bench_export.py                      # 100 jobs x 10,000 detections
    python benchmarks/bench_export.py --jobs 10 --detections 2000
    python benchmarks/bench_export.py --offline --jobs 2000 --detections 5000
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for _path in (ROOT, ROOT / "benchmarks"):
    if str(_path) not in sys.path:  # run from a source checkout without installing
        sys.path.insert(0, str(_path))

from _memory import current_mib, peak_mib, reset_peak  # noqa: E402

KEY = "bench-key"
MiB = 2**20


def _segment(job: int, index: int, per_segment: int) -> dict[str, Any]:
    start = index * per_segment
    return {"media_type": "video", "source": f"storage://bench-{job}", "module":
            "face_recognition", "frame_start": start, "frame_end": start + per_segment,
            "time_start": start / 25, "time_end": (start + per_segment) / 25,
            "tc_start": None, "tc_end": None,
            "meta": {"person": f"person-{index % 17}", "mean_distance": 0.9,
                     "mean_similarity": 0.6},
            "detections": [{"frame_index": start + k, "type": "face_bbox",
                            "data": {"x": 0.1 + k / 1e4, "y": 0.2, "w": 0.1, "h": 0.15}}
                           for k in range(per_segment)]}


def _job(job: int, detections: int) -> dict[str, Any]:
    source = f"storage://bench-{job}"
    return {"id": f"job-{job:04d}", "tag": "bench", "state": "completed", "progress": 1.0,
            "time_created": "2026-10-06 08:00:00.000000",
            "time_completed": "2026-10-06 08:10:00.000000", "sources": [source],
            "modules": {"face_recognition": {"state": "completed"}}, "media_type": "video",
            "result": {"summary": [{"source": source, "media_type": "video",
                                    "info": {"fps": 25.0, "total_frames": detections},
                                    "items": [{"type": "face", "label": "person-1"}]}]}}


def make_store(root: Path, jobs: int, detections: int, per_segment: int) -> None:
    """A page store of ``jobs`` jobs with ``detections`` detections each (pages of 100)."""
    from deepva_frames.store import PageStore
    from deepva_frames.testing import build_store

    listing = [_job(j, detections) for j in range(jobs)]
    build_store(root, {"jobs/": listing, "batches/": [], "reports/": []}, page_size=100)
    store = PageStore(root)
    for j, job in enumerate(listing):
        segments = [_segment(j, i, per_segment) for i in range(detections // per_segment)]
        store.put_pages(f"jobs/{job['id']}/detailed-results", {}, _pages(segments))
        summarized = [{"id": f"s{j}", "source": job["sources"][0], "module": "face",
                       "type": "face_count", "meta": {"faces": 3}}]
        store.put_pages(f"jobs/{job['id']}/summarized-results", {}, _pages(summarized))


def _pages(records: list[Any], size: int = 100) -> list[bytes]:
    starts = range(0, len(records), size) if records else [0]
    return [json.dumps({"total": len(records), "offset": s, "limit": size, "next": None,
                        "prev": None, "data": records[s:s + size]},
                       separators=(",", ":")).encode() for s in starts]


def serve(store: str, queue: Any, stop: Any) -> None:
    """Child process: serve ``store`` until ``stop`` is set; report the base URL."""
    from deepva_frames.testing import FakeDeepVA

    with FakeDeepVA(store, key=KEY, max_limit=100) as fake:
        queue.put(fake.url)
        stop.wait()


def side_export(url: str, out: str) -> dict[str, Any]:
    """The streaming export."""
    from deepva_frames.client import Client

    client = Client(KEY, url, progress=False, concurrency=4)
    result = client.export(out, all_jobs=True)
    return {"rows": result.rows.get("detections", 0)}


def side_baseline(url: str, out: str) -> dict[str, Any]:
    """Fetch and flatten every job, keep all tables, then one write_table per table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from deepva_frames.client import Client
    from deepva_frames.export.jobs import fetch_job
    from deepva_frames.export.scope import resolve_scope

    client = Client(KEY, url, progress=False, concurrency=4)
    scope = resolve_scope(client, all_jobs=True)
    parts: dict[str, list[pa.Table]] = {}
    largest = 0
    for ref in scope.jobs:
        job = fetch_job(client, ref)
        largest = max(largest, job.nbytes)
        for name, table in job.tables.items():
            parts.setdefault(name, []).append(table)
    Path(out).mkdir(parents=True, exist_ok=True)
    for name, tables in parts.items():
        pq.write_table(pa.concat_tables(tables).unify_dictionaries(), f"{out}/{name}.parquet")
    pq.write_table(scope.tables["jobs"], f"{out}/jobs.parquet")
    return {"rows": sum(t.num_rows for t in parts["detections"]), "largest_job": largest}


def side_offline(store: str, out: str) -> dict[str, Any]:
    """The export with an offline Client replaying the page store."""
    from deepva_frames.client import Client

    client = Client(cache_dir=store, offline=True, progress=False, concurrency=4)
    result = client.export(out, all_jobs=True)
    return {"rows": result.rows.get("detections", 0)}


SIDES = {"export": side_export, "baseline": side_baseline, "offline": side_offline,
         "offline re-run": side_offline}


def run_side(name: str, url: str, out: str, queue: Any) -> None:
    """Child process: run one side, report time, rows and memory (``url``: or the store)."""
    import pyarrow as pa

    import deepva_frames.client
    import deepva_frames.export  # noqa: F401  (imports count as fixed overhead)

    reset_peak()  # a spawned child starts at its parent's high-water mark
    start_rss = current_mib()
    started = time.perf_counter()
    info = SIDES[name](url, out)
    info.update(seconds=time.perf_counter() - started, start_rss=start_rss,
                peak_rss=peak_mib(), pool_peak=pa.default_memory_pool().max_memory() / MiB)
    queue.put(info)


def measure(ctx: Any, name: str, url: str, out: Path) -> dict[str, Any]:
    queue = ctx.Queue()
    proc = ctx.Process(target=run_side, args=(name, url, str(out), queue))
    proc.start()
    info = queue.get(timeout=3600)
    proc.join()
    return info


def _report(args: argparse.Namespace, exp: dict[str, Any], base: dict[str, Any]) -> int:
    largest = base["largest_job"] / MiB
    rows = exp["rows"]
    grown = exp["peak_rss"] - exp["start_rss"]
    print(f"jobs x detections        {args.jobs} x {args.detections:,} = {rows:,} detection rows")
    print(f"largest job's tables     {largest:.1f} MiB (Arrow)")
    for label, info in (("export (streaming)", exp), ("baseline (one write)", base)):
        speed = info["rows"] / info["seconds"]
        growth = info["peak_rss"] - info["start_rss"]
        print(f"{label:<24} {info['seconds']:6.2f} s  {speed:>11,.0f} rows/s  peak RSS "
              f"{info['peak_rss']:6.0f} MiB (+{growth:.0f} over {info['start_rss']:.0f} at "
              f"start)  arrow pool peak {info['pool_peak']:6.1f} MiB")
    ratio = exp["seconds"] / base["seconds"]
    print(f"time export / baseline   {ratio:.2f}x  (target <= 1.5x)")
    print(f"export peak growth       {grown:.0f} MiB RSS, {exp['pool_peak']:.1f} MiB arrow pool"
          f"  vs 2 x largest job = {2 * largest:.1f} MiB (+ fixed overhead)")
    print(f"baseline peak growth     {base['peak_rss'] - base['start_rss']:.0f} MiB RSS, "
          f"{base['pool_peak']:.1f} MiB arrow pool")
    if exp["rows"] != base["rows"]:
        print(f"MISMATCH: export {exp['rows']} rows, baseline {base['rows']}", file=sys.stderr)
        return 1
    return 0


def _report_offline(args: argparse.Namespace, first: dict[str, Any],
                    again: dict[str, Any], store_mib: float) -> int:
    print(f"jobs x detections        {args.jobs} x {args.detections:,} = {first['rows']:,} "
          f"detection rows, page store {store_mib:.0f} MiB")
    for label, info in (("offline export", first), ("re-run, nothing changed", again)):
        grown = info["peak_rss"] - info["start_rss"]
        print(f"{label:<24} {info['seconds']:7.2f} s  {info['rows'] / info['seconds']:>11,.0f}"
              f" rows/s  peak RSS {info['peak_rss']:6.0f} MiB (+{grown:.0f} over "
              f"{info['start_rss']:.0f} at start)")
    print(f"per job                  {first['seconds'] / args.jobs * 1000:.1f} ms  "
          f"(time linear in jobs: compare runs at two --jobs)")
    print(f"offline peak RSS         {first['peak_rss']:.0f} MiB  (target <= 400 MiB)")
    return 0 if first["rows"] == args.jobs * args.detections else 1


def offline(ctx: Any, args: argparse.Namespace, tmp: Path) -> int:
    store = tmp / "store"
    store_mib = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / MiB
    first = measure(ctx, "offline", str(store), tmp / "offline")
    again = measure(ctx, "offline re-run", str(store), tmp / "offline")
    return _report_offline(args, first, again, store_mib)


def build(root: Path, args: argparse.Namespace) -> None:
    """Child process: build the store (its memory is not the sides' to carry)."""
    make_store(root, args.jobs, args.detections, args.per_segment)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100, help="jobs in the account")
    parser.add_argument("--detections", type=int, default=10_000, help="detections per job")
    parser.add_argument("--per-segment", type=int, default=50, help="detections per segment")
    parser.add_argument("--offline", action="store_true", help="offline export and re-run")
    args = parser.parse_args(argv)
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        builder = ctx.Process(target=build, args=(Path(tmp) / "store", args))
        builder.start()
        builder.join()
        print(f"store built in {time.perf_counter() - started:.1f} s")
        if args.offline:
            return offline(ctx, args, Path(tmp))
        queue, stop = ctx.Queue(), ctx.Event()
        server = ctx.Process(target=serve, daemon=True,
                             args=(str(Path(tmp) / "store"), queue, stop))
        server.start()
        try:
            url = queue.get(timeout=60)
            base = measure(ctx, "baseline", url, Path(tmp) / "baseline")
            exp = measure(ctx, "export", url, Path(tmp) / "export")
        finally:
            stop.set()
            server.join(timeout=10)
    return _report(args, exp, base)


if __name__ == "__main__":
    raise SystemExit(main())
