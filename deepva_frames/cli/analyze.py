"""The ``analyze`` subcommand: screen time and the other figures of an export folder.

    deepva-frames analyze bi/ --by gender --per job_id [--engine duckdb|spark|pandas]
                              [--out table.parquet|.csv]

The figures are those of :mod:`deepva_frames.analysis` on the export's segments (and
its media for ``share_of_media``), computed by the engine chosen: DuckDB (out of core,
the default when installed), Spark, or pandas (the whole table in memory).

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["analyze", "bi", "--by", "gender,age", "--per", "job_id"])
>>> args.figure, _columns(args.by), args.engine
('screen_time', ['gender', 'age'], 'auto')
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .._atomic import atomic_writer
from .._progress import progress_enabled
from .common import UsageError

__all__ = ["add_parser", "compute", "run"]

FIGURES = ("screen_time", "speech_vs_screen", "person_counts", "co_occurrence",
           "diversity_metrics")
ENGINES = ("auto", "duckdb", "spark", "pandas")
EPILOG = """examples:
  deepva-frames export --sample --all-jobs --out bi     an export to try it on
  deepva-frames analyze bi --by gender --per job_id     screen time per gender and job
  deepva-frames analyze bi --by person --module face_recognition --out people.csv
  deepva-frames analyze bi --figure diversity_metrics --engine spark
"""


def add_parser(commands: Any) -> None:
    """Add ``analyze`` to the subparsers ``commands``."""
    parser = commands.add_parser(
        "analyze", help="screen time (and other figures) of an export folder",
        description="Compute screen time, speech time, person counts, co-occurrence or the "
        "diversity figures of an export folder (deepva-frames export), with DuckDB, Spark "
        "or pandas: the same figures as the Python API.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="the export folder (it has segments/ and media/)")
    parser.add_argument("--figure", choices=FIGURES, default="screen_time")
    parser.add_argument("--by", default=None, metavar="COLS",
                        help="group column(s), comma-separated (default: the figure's own)")
    parser.add_argument("--per", default=None, metavar="COLS",
                        help="split column(s), comma-separated: job_id, source, ...")
    parser.add_argument("--unknown", choices=("own", "closest_person", "drop"), default="own")
    parser.add_argument("--module", metavar="NAME",
                        help="only segments of this module (e.g. face_recognition)")
    parser.add_argument("--engine", choices=ENGINES, default="auto",
                        help="auto: DuckDB when installed, else pandas")
    parser.add_argument("--out", metavar="FILE", help="also write the table (.parquet, .csv)")
    parser.add_argument("--rows", type=int, default=20, help="rows to print (default 20)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bars (default: when stderr is a terminal)")


def _columns(text: str | None) -> list[str] | None:
    return None if text is None else [part.strip() for part in text.split(",") if part.strip()]


def _engine(name: str) -> str:
    if name == "auto":
        return "duckdb" if importlib.util.find_spec("duckdb") else "pandas"
    return name


def _segments(engine: str, folder: Path, module: str | None, progress: bool) -> Any:
    if engine == "pandas":
        from ..analysis.engines.readers import read_pandas

        table = read_pandas(folder, "segments", progress=progress)
        return table if module is None else table[table["module"] == module]
    if engine == "spark":
        from pyspark.sql import SparkSession

        from ..analysis.engines import on_spark

        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # a local driver: loopback only
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers: this Python
        spark = SparkSession.builder.appName("deepva-frames analyze").getOrCreate()
        frame = on_spark.read_export(spark, folder)
        return frame if module is None else frame.filter(frame["module"] == module)
    from ..analysis.engines import on_duckdb

    relation = on_duckdb.read_export(folder, progress=progress)
    return relation if module is None else relation.filter(
        "module = '" + module.replace("'", "''") + "'")


def _media(engine: str, folder: Path) -> Any:
    if not (folder / "media").is_dir():
        return None
    if engine == "pandas":
        from ..analysis.engines.readers import read_pandas

        return read_pandas(folder, "media")
    return folder


def compute(args: argparse.Namespace) -> pd.DataFrame:
    """The table ``args`` asks for."""
    from .. import analysis

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"no export folder at {args.folder!r}")
    engine = _engine(args.engine)
    segments = _segments(engine, folder, args.module, progress_enabled(args.progress))
    options: dict[str, Any] = {"unknown": args.unknown}
    by = _columns(args.by)
    if args.figure == "co_occurrence":
        options["by"] = by[0] if by else "person"
    elif args.figure != "diversity_metrics":
        options.update({"by": by} if by else {}, per=_columns(args.per))
    elif args.module is not None:
        options["module"] = None  # already filtered
    if args.figure == "screen_time":
        options["media"] = _media(engine, folder)
    return getattr(analysis, args.figure)(segments, **options)


def _write(table: pd.DataFrame, out: str) -> None:
    suffix = Path(out).suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise UsageError(f"--out must end in .parquet or .csv, not {out!r}")
    with atomic_writer(out) as fh:
        if suffix == ".csv":
            fh.write(table.to_csv(index=False).encode())
        else:
            table.to_parquet(fh, index=False)


def run(args: argparse.Namespace) -> int:
    """Compute, print the first rows, write ``--out``; errors propagate to exit codes."""
    table = compute(args)
    with pd.option_context("display.width", 120, "display.max_columns", 12):
        print(table.head(args.rows).to_string(index=False))
    if len(table) > args.rows:
        print(f"... {len(table) - args.rows} more rows ({len(table)} in all; --out FILE "
              "writes them)")
    if args.out:
        _write(table, args.out)
        print(f"{args.out}: {len(table)} rows")
    return 0
