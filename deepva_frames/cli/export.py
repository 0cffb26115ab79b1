"""The ``export`` subcommand of ``deepva-frames``: hive-partitioned Parquet datasets.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["export", "--sample", "--all-jobs", "--out", "bi"])
>>> args.all_jobs, args.sample, args.out
(True, True, 'bi')
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import add_common, add_scope, add_source, client_for, scope_of

__all__ = ["add_parser", "run"]

EPILOG = """examples:
  deepva-frames export --sample --all-jobs --out bi     try it on the bundled sample account
  deepva-frames export --batch BATCH_ID --out bi        a batch and its sub-batches
  deepva-frames export --job ID1 --job ID2 --out bi     some jobs
  deepva-frames export --report REPORT_ID --out bi      a report, its items and its batches' jobs
  deepva-frames export --all-jobs --out bi              the account; a re-run fetches only
                                                        new or changed jobs
  deepva-frames export --all-jobs --out bi --full       fetch every job again
  deepva-frames export --offline --cache pages --all-jobs --out bi
                                                        from pages recorded by `fetch`
then query it, e.g. with DuckDB:
  duckdb -c "SELECT job_id, count(*) FROM read_parquet('bi/detections/**/*.parquet',
             hive_partitioning = true) GROUP BY job_id"
"""


def add_parser(commands: Any) -> None:
    """Add ``export`` to the subparsers ``commands``."""
    export = commands.add_parser(
        "export", help="write jobs' tables as hive-partitioned Parquet datasets",
        description="Export jobs' tables as Parquet datasets partitioned by job_id "
        "(incremental: a re-run fetches only new or changed jobs). The key comes from "
        "DEEPVA_API_KEY.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("--out", metavar="DIR", required=True, help="export folder")
    add_scope(export, "what to export")
    export.add_argument("--full", action="store_true",
                        help="fetch every job in scope again (default: only new or changed)")
    add_source(export)
    add_common(export)


def run(args: argparse.Namespace) -> int:
    """Run ``export``; errors propagate (the caller maps them to exit codes)."""
    from ..export import ExportIncomplete, export

    client = client_for(args)
    try:
        result = export(client, args.out, incremental=not args.full, progress=args.progress,
                        **scope_of(args))
    except ExportIncomplete as exc:  # the others were exported: say so, then fail
        print(f"{args.out}: {exc.result.summary()}")
        raise
    finally:
        client.close()
    print(f"{args.out}: {result.summary()}")
    print("query it: duckdb -c \"SELECT job_id, count(*) FROM read_parquet("
          f"'{args.out}/detections/**/*.parquet', hive_partitioning = true) GROUP BY job_id\"")
    return 0
