"""Detailed results from raw page bytes: deepva_frames.flatten against json.loads + json_normalize.

The input is what a client holds: raw NDJSON page bodies, pages of 100 segments,
40 detections per segment (1,000,000 detections in 25,000 segments by default).
Both sides produce the same two tables: segments with their meta columns, and
detections with the segment ids they join on. Each side runs in its own subprocess,
so that its peak memory (VmHWM, reset after the input is loaded and a one-page warm-up
run) is its own; the
toolkit side also reports the Arrow memory pool's peak and the size (nbytes) of the
Arrow tables it returns.

    python benchmarks/bench_flatten.py                    # 1,000,000 detections
    python benchmarks/bench_flatten.py --detections 40000 # a quick run
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

JOB_ID = "21b61bd9-3d82-41a7-8cab-f154eaf6783c"
PER_SEGMENT = 40
PAGE_SIZE = 100
TARGET_RATIO = 12.0
TARGET_MEMORY = 3.0


def make_pages(detections: int, seed: int = 0) -> list[bytes]:
    """Raw page bodies (bytes) of ``detections`` face detections, 40 per segment."""
    rng = random.Random(seed)
    n_segments = max(1, detections // PER_SEGMENT)
    people = [f"Person {i}" for i in range(200)]
    pages = []
    for offset in range(0, n_segments, PAGE_SIZE):
        data = [_segment(rng, index, people) for index in
                range(offset, min(offset + PAGE_SIZE, n_segments))]
        pages.append(json.dumps({"total": n_segments, "offset": offset, "limit": PAGE_SIZE,
                                 "next": None, "prev": None, "data": data}).encode())
    return pages


def _segment(rng: random.Random, index: int, people: list[str]) -> dict[str, Any]:
    start = index * 600
    meta: dict[str, Any] = {"person": rng.choice(people),
                            "mean_distance": round(rng.random(), 2),
                            "mean_similarity": round(rng.random(), 2)}
    if index % 10 == 0:
        meta = {**meta, "person": "unknown", "closest_person": rng.choice(people)}
    end = start + 12 * PER_SEGMENT
    return {"media_type": "video", "frame_start": start, "frame_end": end,
            "source": "storage://Fad9kJ0jSI3swC6N5hVp", "module": "face_recognition",
            "meta": meta, "time_start": start / 25, "time_end": end / 25,
            "tc_start": "00:00:12:00", "tc_end": "00:00:56:00",
            "detections": [{"frame_index": start + 12 * k, "type": "face_bbox",
                            "data": {"x": round(rng.random(), 3), "y": round(rng.random(), 3),
                                     "w": round(rng.random() * 0.2, 3),
                                     "h": round(rng.random() * 0.3, 3)}}
                           for k in range(PER_SEGMENT)]}


def toolkit(pages: list[bytes]) -> tuple[Any, Any, dict[str, Any]]:
    """The toolkit: raw page bytes straight to the two DataFrames."""
    import pyarrow as pa

    from deepva_frames import flatten
    from deepva_frames.schemas import to_pandas

    segments, detections = flatten.detailed_results_arrow(pages, job_id=JOB_ID)
    info = {"arrow_nbytes": segments.nbytes + detections.nbytes,
            "arrow_pool_max": pa.default_memory_pool().max_memory()}
    return to_pandas(segments), to_pandas(detections), info


def baseline(pages: list[bytes]) -> tuple[Any, Any, dict[str, Any]]:
    """What a user would write: json.loads every page, then pd.json_normalize."""
    import pandas as pd

    records = []
    for page in pages:
        records.extend(json.loads(page)["data"])
    for index, record in enumerate(records):
        record["segment_id"] = f"{JOB_ID}:{index}"
        record["job_id"] = JOB_ID
    segments = pd.json_normalize([{k: v for k, v in r.items() if k != "detections"}
                                  for r in records])
    segments = segments.rename(columns=lambda c: c.removeprefix("meta."))
    detections = pd.json_normalize(records, record_path="detections",
                                   meta=["job_id", "segment_id"])
    detections = detections.rename(columns=lambda c: c.removeprefix("data."))
    return segments, detections, {}


def _status() -> dict[str, int]:
    values = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, value = line.split(":")
                values[name] = int(value.split()[0]) * 1024
    return values


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def worker(side: str, input_file: str) -> None:
    """Run one side on the pages of ``input_file``; print a JSON line of figures."""
    pages = Path(input_file).read_bytes().split(b"\n")
    gc.collect()
    run = toolkit if side == "toolkit" else baseline
    run(pages[:1])  # warm up: imports, thread pools and kernels outside the measurement
    gc.collect()
    before = _status()["VmRSS"]
    reset = _reset_peak()
    start = time.perf_counter()
    segments, detections, info = run(pages)
    seconds = time.perf_counter() - start
    peak = _status()["VmHWM"]
    check = {"segments": len(segments), "detections": len(detections),
             "x_sum": round(float(detections["x"].sum()), 3),
             "last_segment_id": str(detections["segment_id"].iloc[-1]),
             "persons": int(segments["person"].nunique())}
    print(json.dumps({"side": side, "seconds": seconds, "peak_rss_delta": peak - before,
                      "peak_reset": reset, "check": check, **info}))


def _run_side(side: str, input_file: str) -> dict[str, Any]:
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, __file__, "--worker", side, "--input", input_file],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detections", type=int, default=1_000_000)
    parser.add_argument("--worker", choices=["toolkit", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.input)
        return 0
    pages = make_pages(args.detections)
    with tempfile.TemporaryDirectory() as tmp:
        input_file = str(Path(tmp) / "pages.ndjson")
        Path(input_file).write_bytes(b"\n".join(pages))
        print(f"input: {args.detections:,} detections, {sum(map(len, pages)):,} bytes of raw "
              f"page bodies in {len(pages):,} pages of {PAGE_SIZE} segments")
        del pages
        fast = _run_side("toolkit", input_file)
        slow = _run_side("baseline", input_file)
    return _report(fast, slow)


def _report(fast: dict[str, Any], slow: dict[str, Any]) -> int:
    assert fast["check"] == slow["check"], (fast["check"], slow["check"])
    ratio = slow["seconds"] / fast["seconds"]
    nbytes = fast["arrow_nbytes"]
    memory = fast["peak_rss_delta"] / nbytes
    print(f"same tables: {fast['check']['segments']:,} segments, "
          f"{fast['check']['detections']:,} detections")
    print(f"toolkit  (flatten.detailed_results): {fast['seconds']:8.2f} s")
    print(f"baseline (json.loads + json_normalize): {slow['seconds']:5.2f} s")
    print(f"ratio: {ratio:.1f}x faster (target >= {TARGET_RATIO:.0f}x)")
    print(f"Arrow tables (nbytes): {_mb(nbytes)}")
    print(f"toolkit peak RSS increase: {_mb(fast['peak_rss_delta'])} = {memory:.2f}x the tables "
          f"(target <= {TARGET_MEMORY:.0f}x); Arrow pool peak {_mb(fast['arrow_pool_max'])}"
          + ("" if fast["peak_reset"] else " (peak not reset: includes loading the input)"))
    print(f"baseline peak RSS increase: {_mb(slow['peak_rss_delta'])}")
    met = ratio >= TARGET_RATIO and memory <= TARGET_MEMORY
    print(f"targets: {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
