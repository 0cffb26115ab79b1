"""Detailed results from raw page bytes to segments + detections: the toolkit against its peers.

The input is what a client holds: raw page bodies (bytes), 100 segments a page. The
payload is shaped like a real account's: segments of two modules (face_recognition
with person / closest_person / distances; advanced_diversity_analysis with gender, age
group and speaking), three detection types (face_bbox, head_bbox, person_bbox), 8 to 72
detections a segment (40 on average), and one segment in 500 with a meta key the
toolkit has no column for (it lands in meta_json). As in the API reference, segments
have no id: every side makes ``<job_id>:<index>``.

Every side produces the same two tables (same row counts, same sums, same segment ids)
and runs in its own subprocess, so that its time (wall and CPU, all threads) and peak
memory (VmHWM, reset after the input is loaded and a one-page warm-up) are its own; the
sides take turns, round by round, and ratios are taken within a round:

- toolkit:        deepva_frames.flatten.detailed_results_arrow  -> two Arrow tables
- duckdb:         read_json with explicit columns + unnest       -> two Arrow tables
- polars:         read_ndjson with a schema + explode/unnest     -> two Arrow tables
- toolkit_pandas: deepva_frames.flatten.detailed_results         -> two DataFrames
- normalize:      json.loads + pd.json_normalize                 -> two DataFrames

    python benchmarks/bench_flatten.py                        # 100k, 1M, 3M; 3 runs
    python benchmarks/bench_flatten.py --sizes 40000 --runs 1 # a quick run
    python benchmarks/bench_flatten.py --today /work/main     # + peak RSS of other code
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
PAGE_SIZE = 100
SIDES = ("toolkit", "duckdb", "polars", "toolkit_pandas", "normalize")
TARGETS = {"duckdb": 1.0, "polars": 1.0, "normalize": 25.0}
DETECTION_TYPES = ("face_bbox", "head_bbox", "person_bbox")


def make_pages(detections: int, seed: int = 0) -> list[bytes]:
    """Raw page bodies (bytes) holding about ``detections`` detections."""
    rng = random.Random(seed)
    people = [f"Person {i}" for i in range(200)]
    segments, total = [], 0
    while total < detections:
        segment = _segment(rng, len(segments), people, min(detections - total,
                                                            rng.randrange(8, 73)))
        total += len(segment["detections"])
        segments.append(segment)
    return [json.dumps({"total": len(segments), "offset": offset, "limit": PAGE_SIZE,
                        "next": None, "prev": None,
                        "data": segments[offset:offset + PAGE_SIZE]}).encode()
            for offset in range(0, len(segments), PAGE_SIZE)]


def _meta(rng: random.Random, index: int, people: list[str]) -> tuple[str, dict[str, Any]]:
    if index % 2:
        return "advanced_diversity_analysis", {
            "person": rng.choice(people), "gender": rng.choice(["female", "male"]),
            "age": rng.choice(["20-30", "30-40", "40-50", "50-60"]),
            "speaking": rng.random() < 0.3}
    meta: dict[str, Any] = {"person": rng.choice(people),
                            "mean_distance": round(rng.random(), 4),
                            "mean_similarity": round(rng.random(), 4)}
    if index % 10 == 0:
        meta.update(person="unknown", closest_person=rng.choice(people))
    return "face_recognition", meta


def _segment(rng: random.Random, index: int, people: list[str], n: int) -> dict[str, Any]:
    module, meta = _meta(rng, index, people)
    if index % 500 == 7:
        meta["shot_type"] = "close-up"
    start, step = index * 600, 12
    end = start + step * n
    return {"media_type": "video", "frame_start": start,  # no id, as in the reference
            "frame_end": end, "source": "storage://Fad9kJ0jSI3swC6N5hVp", "module": module,
            "meta": meta, "time_start": start / 25, "time_end": end / 25,
            "tc_start": "00:00:12:00", "tc_end": "00:00:56:00",
            "detections": [{"frame_index": start + step * k,
                            "type": DETECTION_TYPES[k % 3 if index % 4 == 0 else 0],
                            "data": {"x": round(rng.random(), 4), "y": round(rng.random(), 4),
                                     "w": round(rng.random() * 0.2, 4),
                                     "h": round(rng.random() * 0.3, 4)}}
                           for k in range(n)]}


# -- the sides ------------------------------------------------------------------------------

def toolkit(pages: list[bytes], input_file: str) -> tuple[Any, Any]:
    from deepva_frames import flatten

    return tuple(flatten.detailed_results_arrow(pages, job_id=JOB_ID))  # type: ignore[return-value]


def toolkit_pandas(pages: list[bytes], input_file: str) -> tuple[Any, Any]:
    from deepva_frames import flatten

    return tuple(flatten.detailed_results(pages, job_id=JOB_ID))  # type: ignore[return-value]


_META = ("person VARCHAR, closest_person VARCHAR, mean_distance DOUBLE, mean_similarity DOUBLE,"
         " gender VARCHAR, age VARCHAR, speaking BOOLEAN")
_SEGMENT = ("id VARCHAR, source VARCHAR, module VARCHAR, media_type VARCHAR, frame_start "
            "BIGINT, frame_end BIGINT, time_start DOUBLE, time_end DOUBLE, tc_start VARCHAR, "
            f"tc_end VARCHAR, meta STRUCT({_META}), detections STRUCT(frame_index BIGINT, "
            "type VARCHAR, data STRUCT(x DOUBLE, y DOUBLE, w DOUBLE, h DOUBLE))[]")


def duckdb_side(pages: list[bytes], input_file: str) -> tuple[Any, Any]:
    """DuckDB's reader with explicit columns, unnest to the same two tables."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"""
        CREATE TEMP TABLE segs AS
        SELECT "offset" + generate_subscripts(data, 1) - 1 AS idx, unnest(data) AS s
        FROM read_json('{input_file}', format='newline_delimited',
                       maximum_object_size=1073741824,
                       columns={{data: 'STRUCT({_SEGMENT})[]', "offset": 'BIGINT'}})""")
    segments = con.sql(f"""
        SELECT '{JOB_ID}' AS job_id, coalesce(s.id, '{JOB_ID}:' || idx) AS segment_id,
               s.source, s.module::VARCHAR AS module, s.media_type, s.frame_start, s.frame_end,
               s.time_start, s.time_end, s.tc_start, s.tc_end, s.meta.person,
               s.meta.closest_person, s.meta.mean_distance, s.meta.mean_similarity,
               len(s.detections) AS n_detections, s.meta.gender, s.meta.age, s.meta.speaking
        FROM segs ORDER BY idx""").fetch_arrow_table()
    detections = con.sql(f"""
        SELECT '{JOB_ID}' AS job_id, segment_id, d.frame_index, d.type, d.data.x, d.data.y,
               d.data.w, d.data.h
        FROM (SELECT idx, coalesce(s.id, '{JOB_ID}:' || idx) AS segment_id,
                     unnest(s.detections) AS d FROM segs)
        ORDER BY idx""").fetch_arrow_table()
    return segments, detections


def polars_side(pages: list[bytes], input_file: str) -> tuple[Any, Any]:
    """Polars' NDJSON reader with a schema, explode and unnest to the same two tables."""
    import polars as pl

    f64, text = pl.Float64, pl.String
    meta = pl.Struct({"person": text, "closest_person": text, "mean_distance": f64,
                      "mean_similarity": f64, "gender": text, "age": text,
                      "speaking": pl.Boolean})
    detection = pl.Struct({"frame_index": pl.Int64, "type": text,
                           "data": pl.Struct({k: f64 for k in "xywh"})})
    segment = pl.Struct({"id": text, "source": text, "module": text, "media_type": text,
                         "frame_start": pl.Int64, "frame_end": pl.Int64, "time_start": f64,
                         "time_end": f64, "tc_start": text, "tc_end": text, "meta": meta,
                         "detections": pl.List(detection)})
    frame = pl.read_ndjson(input_file, schema={"data": pl.List(segment)})
    segs = frame.select(pl.col("data").explode()).unnest("data").with_columns(
        pl.lit(JOB_ID).alias("job_id"),
        pl.col("detections").list.len().cast(pl.Int64).alias("n_detections"))
    segs = segs.with_columns(pl.coalesce(pl.col("id"), pl.lit(JOB_ID + ":") + pl.int_range(
        pl.len()).cast(text)).alias("segment_id"))
    dets = segs.select("job_id", "segment_id", "detections").explode("detections").unnest(
        "detections").unnest("data")
    segments = segs.drop("detections", "id").unnest("meta")
    return segments.to_arrow(), dets.to_arrow()


def normalize(pages: list[bytes], input_file: str) -> tuple[Any, Any]:
    """What a user would write: json.loads every page, then pd.json_normalize."""
    import pandas as pd

    records = []
    for page in pages:
        records.extend(json.loads(page)["data"])
    for index, record in enumerate(records):
        record.setdefault("id", f"{JOB_ID}:{index}")
        record["job_id"] = JOB_ID
    segments = pd.json_normalize([{k: v for k, v in r.items() if k != "detections"}
                                  for r in records])
    segments = segments.rename(columns=lambda c: c.removeprefix("meta.")).rename(
        columns={"id": "segment_id"})
    detections = pd.json_normalize(records, record_path="detections",
                                   meta=["job_id", "id"]).rename(columns={"id": "segment_id"})
    detections = detections.rename(columns=lambda c: c.removeprefix("data."))
    return segments, detections


RUN = {"toolkit": toolkit, "toolkit_pandas": toolkit_pandas, "duckdb": duckdb_side,
       "polars": polars_side, "normalize": normalize}


# -- measuring ------------------------------------------------------------------------------

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


def _check(segments: Any, detections: Any) -> dict[str, Any]:
    import pyarrow as pa

    def column(table: Any, name: str) -> list[Any]:
        if isinstance(table, pa.Table):
            return table.column(name).to_pylist()
        return table[name].tolist()
    x, ids, persons = (column(detections, "x"), column(detections, "segment_id"),
                       column(segments, "person"))
    return {"segments": len(segments), "detections": len(detections),
            "x_sum": round(float(sum(x)), 2), "last_segment_id": str(ids[-1]),
            "persons": len(set(persons)), "types": len(set(column(detections, "type")))}


def worker(side: str, input_file: str, run: dict[str, Any] | None = None,
           check: Any = None) -> None:
    """Run one side (of ``run``, by default this script's) on the pages of ``input_file``;
    print a JSON line of figures, with ``check(*result)`` of what it gave."""
    run, check = run or RUN, check or _check
    pages = Path(input_file).read_bytes().split(b"\n")
    with tempfile.TemporaryDirectory() as tmp:  # the warm-up reads one page, as a file too
        first = Path(tmp) / "first.ndjson"
        first.write_bytes(pages[0])
        run[side](pages[:1], str(first))
    gc.collect()
    before = _status()["VmRSS"]
    reset = _reset_peak()
    start, cpu = time.perf_counter(), time.process_time()
    result = run[side](pages, input_file)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _status()["VmHWM"]
    print(json.dumps({"side": side, "seconds": seconds, "cpu": cpu,
                      "peak_rss_delta": peak - before,
                      "peak_reset": reset, "check": check(*result)}))


def run_side(side: str, input_file: str, code: str | None = None,
             script: str = __file__) -> dict[str, Any]:
    """Figures of ``side`` run by ``script --worker`` in a subprocess (on ``code``'s toolkit)."""
    root = code or str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    out = subprocess.run([sys.executable, script, "--worker", side, "--input", input_file],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- reporting ------------------------------------------------------------------------------

def _span(values: list[float], fmt: str = "{:.2f}") -> str:
    low, high = min(values), max(values)
    return fmt.format(low) if len(values) == 1 else f"{fmt.format(low)}–{fmt.format(high)}"


def measure(size: int, runs: int, sides: tuple[str, ...], today: str | None = None,
            script: str = __file__) -> dict[str, list[dict[str, Any]]]:
    """Figures of every side (run by ``script``) on ``size`` detections, round by round."""
    pages = make_pages(size)
    results: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    if today:
        results["today"] = []
    with tempfile.TemporaryDirectory() as tmp:
        input_file = str(Path(tmp) / "pages.ndjson")
        Path(input_file).write_bytes(b"\n".join(pages))
        print(f"\n== {size:,} detections: {sum(map(len, pages)) / 1e6:,.0f} MB of raw page "
              f"bodies in {len(pages):,} pages of {PAGE_SIZE} segments")
        del pages
        for _ in range(runs):  # rounds: every side once per round, ratios round by round
            for side in sides:
                results[side].append(run_side(side, input_file, script=script))
            if today:
                results["today"].append(run_side("toolkit", input_file, today))
    return results


def report(size: int, results: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    checks = {json.dumps(r["check"], sort_keys=True) for rs in results.values() for r in rs}
    assert len(checks) == 1, checks
    print(f"same tables on every side: {json.loads(checks.pop())}")
    for side, rs in results.items():
        print(f"  {side:15s} {_span([r['seconds'] for r in rs]):>13s} s wall "
              f"{_span([r['cpu'] for r in rs]):>13s} s CPU   peak RSS +"
              f"{_span([r['peak_rss_delta'] / 1e6 for r in rs], '{:,.0f}')} MB")
    fast = {"duckdb": "toolkit", "polars": "toolkit", "normalize": "toolkit_pandas"}
    for peer, mine in fast.items():
        if peer in results and mine in results:
            pairs = list(zip(results[peer], results[mine], strict=True))
            ratios = [p["seconds"] / m["seconds"] for p, m in pairs]
            cpu = [p["cpu"] / m["cpu"] for p, m in pairs]
            met = "" if min(ratios) > TARGETS[peer] else ": MISSED"
            print(f"  {mine} vs {peer}: {_span(ratios)}x faster in wall time, {_span(cpu)}x in "
                  f"CPU time (target > {TARGETS[peer]:g}x{met})")
    if "today" in results:
        ratio = [m["peak_rss_delta"] / t["peak_rss_delta"] for m, t in
                 zip(results["toolkit"], results["today"], strict=True)]
        print(f"  toolkit peak RSS / today's: {_span(ratio)}x (target <= 1.1x)")
    mine = results.get("toolkit") or results.get("toolkit_pandas") or []
    per_million = [r["seconds"] / size * 1e6 for r in mine]
    if per_million:
        print(f"  toolkit per million detections: {_span(per_million)} s")
    return {"per_million": per_million}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000,3000000",
                        help="detections per run, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sides", default=",".join(SIDES))
    parser.add_argument("--today", help="another checkout whose toolkit's peak RSS to compare")
    parser.add_argument("--worker", choices=SIDES, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.input)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    sides = tuple(args.sides.split(","))
    linear = {size: report(size, measure(size, args.runs, sides, args.today))
              for size in sizes}
    if len(sizes) > 1 and linear[min(sizes)]["per_million"]:
        small, large = linear[min(sizes)], linear[max(sizes)]
        growth = [b / a for a, b in zip(small["per_million"], large["per_million"], strict=True)]
        print(f"\nlinear: per-million time at {max(sizes):,} / at {min(sizes):,}: "
              f"{_span(growth)} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
