"""Benchmark: screen time by person over a synthetic export, in pandas, DuckDB and Spark.

A synthetic archive (``deepva_frames.testing.archive``: ``--jobs`` jobs of ``--segments``
segments, in the export's hive layout) is written once; each engine then runs in a fresh
process of its own, so that its peak RSS (``ru_maxrss``) is its own:

- pandas: ``pd.read_parquet`` of ``segments`` and ``media`` (job_id as text), then
  ``analysis.screen_time(segments, by="person", media=media)``, what a user does today;
- duckdb: ``analysis.screen_time("<archive>", by="person")`` (SQL over the files);
- spark (``--spark``): ``local[2]``, ``on_spark.read_export`` (partition discovery, timed
  on its own) then ``on_spark.screen_time(...).toPandas()``; the JVM's memory is its own;
- ibis (``--ibis``, if installed): the same union of intervals written as one Ibis
  expression on its DuckDB backend, to weigh Ibis against the shared SQL; beside it
  duckdb-0, the shared SQL doing the same work (no media shares).

Printed: seconds, peak RSS, the ratios against pandas and the largest difference of any
person's seconds between engines. Targets: DuckDB <= 300 MiB peak and faster than pandas
at 2,000 jobs x 100 segments (the 10M-detection export of the archive issue: 50
detections per segment).

    python benchmarks/bench_engines.py                        # 2,000 jobs x 100 segments
    python benchmarks/bench_engines.py --segments 1000 --spark --ibis
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pandas(archive: str) -> dict[str, Any]:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.dataset as ds

    from deepva_frames import analysis

    hive = ds.partitioning(pa.schema([("job_id", pa.string())]), flavor="hive")
    started = time.perf_counter()
    segments = pd.read_parquet(f"{archive}/segments", partitioning=hive)
    media = pd.read_parquet(f"{archive}/media", partitioning=hive)
    read = time.perf_counter() - started
    table = analysis.screen_time(segments, by="person", media=media)
    return {"table": table, "read": read, "segments": len(segments)}


def run_duckdb(archive: str) -> dict[str, Any]:
    from deepva_frames import analysis

    return {"table": analysis.screen_time(archive, by="person")}


def run_duckdb_no_media(archive: str) -> dict[str, Any]:
    """The same query without the media shares: the work the Ibis expression does."""
    from deepva_frames.analysis.engines import on_duckdb

    relation = on_duckdb.read_export(archive)
    return {"table": on_duckdb.screen_time(relation, by="person").df()}


def run_spark(archive: str) -> dict[str, Any]:
    from pyspark.sql import SparkSession

    from deepva_frames.analysis.engines import _frames, on_spark

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the driver on loopback only
    started = time.perf_counter()
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - started
    started = time.perf_counter()
    segments = on_spark.read_export(spark, archive)
    discovery = time.perf_counter() - started
    started = time.perf_counter()
    table = _frames.fetch(on_spark.screen_time(segments, by="person", media=archive))
    query = time.perf_counter() - started
    spark.stop()
    return {"table": table, "startup": startup, "discovery": discovery, "query": query,
            "spark_seconds": discovery + query}


def run_ibis(archive: str) -> dict[str, Any]:
    import ibis

    con = ibis.duckdb.connect()
    seg = con.read_parquet(f"{archive}/segments/**/*.parquet", hive_partitioning=True)
    seg = seg.mutate(person=seg.person.fill_null("unknown"))
    keys = ["job_id", "source", "person"]
    window = ibis.window(group_by=keys, order_by=[seg.time_start, seg.time_end],
                         rows=(None, -1))
    valid = seg.time_end > seg.time_start
    reach = ibis.cases((valid, seg.time_end), else_=ibis.null()).max().over(window)
    rows = seg.mutate(reach=reach)
    part = ibis.cases((rows.time_end > rows.time_start, ibis.greatest(
        rows.time_end - ibis.greatest(rows.time_start, rows.reach.fill_null(rows.time_start)),
        0.0)), else_=0.0)
    units = rows.mutate(part=part).group_by(keys).aggregate(seconds=ibis._.part.sum())
    table = units.group_by("person").aggregate(seconds=ibis._.seconds.sum()).to_pandas()
    return {"table": table}


ENGINES = {"pandas": run_pandas, "duckdb": run_duckdb, "spark": run_spark,
           "duckdb-0": run_duckdb_no_media, "ibis": run_ibis}


def worker(engine: str, archive: str) -> None:
    """Child process: one engine, its figures and costs as one JSON line."""
    import deepva_frames.analysis  # noqa: F401  (imports count as fixed overhead)

    start_rss = _peak_mib()
    started = time.perf_counter()
    info = ENGINES[engine](archive)
    table = info.pop("table")
    info.update(seconds=time.perf_counter() - started, peak=_peak_mib(), start=start_rss,
                figures=dict(zip(table["person"], table["seconds"].astype(float),
                                 strict=True)))
    print(json.dumps(info))


def measure(engine: str, archive: Path) -> dict[str, Any] | None:
    done = subprocess.run([sys.executable, __file__, "--worker", engine, str(archive)],
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        print(f"{engine:<8} not measured: {reason}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(engine: str, info: dict[str, Any], base: dict[str, Any]) -> str:
    text = (f"{engine:<8} {info['seconds']:7.2f} s  peak RSS {info['peak']:6.0f} MiB "
            f"(+{info['peak'] - info['start']:.0f} over imports)")
    if engine != "pandas":
        seconds = info.get("spark_seconds", info["seconds"])
        text += f"  time ratio vs pandas {seconds / base['seconds']:.2f}x"
    if engine == "spark":
        share = info["discovery"] / info["spark_seconds"]
        text += (f"\n         spark: start-up {info['startup']:.1f} s (not in the ratio), "
                 "partition "
                 f"discovery {info['discovery']:.2f} s = {share:.0%} of read + query "
                 f"{info['spark_seconds']:.2f} s; JVM memory not in the RSS")
    return text


def report(results: dict[str, dict[str, Any]]) -> int:
    base = results["pandas"]
    for engine, info in results.items():
        print(_line(engine, info, base))
    worst = 0.0
    for engine, info in results.items():
        if engine == "pandas":
            continue
        assert info["figures"].keys() == base["figures"].keys(), engine
        gap = max(abs(info["figures"][k] - v) for k, v in base["figures"].items())
        worst = max(worst, gap)
        print(f"{engine:<8} largest difference from pandas: {gap:.2e} s")
    duck = results["duckdb"]
    print(f"duckdb / pandas time ratio: {duck['seconds'] / base['seconds']:.2f}x (target < 1); "
          f"duckdb peak RSS {duck['peak']:.0f} MiB (target <= 300)")
    return 0 if worst <= 1e-6 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--segments", type=int, default=100, help="segments per job")
    parser.add_argument("--spark", action="store_true", help="also Spark local[2]")
    parser.add_argument("--ibis", action="store_true", help="also Ibis on DuckDB")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "ARCHIVE"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return 0
    from deepva_frames.testing.archive import synthetic_archive

    engines = ["pandas", "duckdb"] + ["spark"] * args.spark + ["duckdb-0", "ibis"] * args.ibis
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        archive = synthetic_archive(Path(tmp) / "bi", jobs=args.jobs,
                                    segments_per_job=args.segments, seed=1)
        print(f"archive: {args.jobs:,} jobs x {args.segments:,} segments = "
              f"{args.jobs * args.segments:,} segments, written in "
              f"{time.perf_counter() - started:.1f} s")
        results = {e: r for e in engines if (r := measure(e, archive)) is not None}
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
