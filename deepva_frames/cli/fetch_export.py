"""The ``fetch`` and ``export`` subcommands of ``deepva-frames``.

The API key comes from ``DEEPVA_API_KEY`` only (there is no ``--key`` option, so it never
shows in shell history or process lists); the base URL from ``--base-url`` or
``DEEPVA_BASE_URL``. Exit codes: 0 done, 1 an API or data error, 2 a usage error.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_commands(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["export", "--sample", "--all-jobs", "--out", "bi"])
>>> args.all_jobs, args.sample, args.out
(True, True, 'bi')
"""

from __future__ import annotations

import argparse
import os
from typing import Any

__all__ = ["COMMANDS", "UsageError", "add_commands", "add_common", "add_source", "client_for",
           "run_command"]

COMMANDS = ("fetch", "export")

FETCH_EPILOG = """examples:
  export DEEPVA_API_KEY=...        the key is read from the environment, never from options
  deepva-frames fetch --cache pages --batch 337b15aa-7d28-508b-807a-438a4469f956
  deepva-frames fetch --cache pages --job 6b5195d6-cc05-4a99-a293-8d73be0aa37f --job 61d8c7cf
  deepva-frames fetch --cache pages --all-jobs
  deepva-frames export --offline --cache pages --all-jobs --out bi    then export offline
"""

EXPORT_EPILOG = """examples:
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


class UsageError(ValueError):
    """Options that do not go together (exit code 2)."""


def _add_scope(parser: argparse.ArgumentParser) -> None:
    scope = parser.add_argument_group("what to export (exactly one)")
    group = scope.add_mutually_exclusive_group(required=True)
    group.add_argument("--batch", metavar="ID", help="a batch and its sub-batches")
    group.add_argument("--job", metavar="ID", action="append",
                       help="a job (repeat for several)")
    group.add_argument("--report", metavar="ID",
                       help="a report, its items and the jobs of the batches it covers")
    group.add_argument("--all-jobs", action="store_true", help="every job of the account")


def add_common(parser: argparse.ArgumentParser) -> None:
    """The options every API-reading subcommand shares: --base-url, --progress."""
    parser.add_argument("--base-url", metavar="URL",
                        help="API base URL (default: DEEPVA_BASE_URL or the public API)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bars (default: when stderr is a terminal)")


def add_commands(commands: Any) -> None:
    """Add ``fetch`` and ``export`` to the subparsers ``commands``."""
    raw = argparse.RawDescriptionHelpFormatter
    fetch = commands.add_parser(
        "fetch", help="record jobs and their results into a page store",
        description="Fetch jobs and their results and record the pages into a page store "
        "(for offline exports). The key comes from DEEPVA_API_KEY.",
        epilog=FETCH_EPILOG, formatter_class=raw)
    fetch.add_argument("--cache", metavar="DIR", required=True, help="page store folder")
    _add_scope(fetch)
    add_common(fetch)
    export = commands.add_parser(
        "export", help="write jobs' tables as hive-partitioned Parquet datasets",
        description="Export jobs' tables as Parquet datasets partitioned by job_id "
        "(incremental: a re-run fetches only new or changed jobs). The key comes from "
        "DEEPVA_API_KEY.", epilog=EXPORT_EPILOG, formatter_class=raw)
    export.add_argument("--out", metavar="DIR", required=True, help="export folder")
    _add_scope(export)
    export.add_argument("--full", action="store_true",
                        help="fetch every job in scope again (default: only new or changed)")
    add_source(export)
    add_common(export)


def add_source(parser: argparse.ArgumentParser) -> None:
    """The data-source options: --sample, --offline, --cache (default: the API)."""
    source = parser.add_argument_group("data source (default: the API)")
    source.add_argument("--sample", action="store_true",
                        help="the bundled sample account, offline")
    source.add_argument("--offline", action="store_true",
                        help="replay a page store (needs --cache) instead of the API")
    source.add_argument("--cache", metavar="DIR",
                        help="page store: recorded into online, replayed with --offline")


def client_for(args: argparse.Namespace) -> Any:
    """The Client the source options ask for (UsageError when they do not go together)."""
    from ..client import Client, sample_client

    sample, offline = getattr(args, "sample", False), getattr(args, "offline", False)
    if sample:
        if offline or args.cache or args.base_url:
            raise UsageError("--sample replays the bundled sample account: "
                             "leave out --offline, --cache and --base-url")
        return sample_client(progress=False)
    if offline:
        if not args.cache:
            raise UsageError("--offline needs --cache DIR (a page store recorded by fetch)")
        return Client(base_url=args.base_url, cache_dir=args.cache, offline=True,
                      progress=False)
    if not os.environ.get("DEEPVA_API_KEY"):
        raise UsageError("no API key: set DEEPVA_API_KEY (or try --sample, or export "
                         "--offline --cache DIR)")
    return Client(base_url=args.base_url, cache_dir=args.cache, progress=False)


def _scope(args: argparse.Namespace) -> dict[str, Any]:
    return {"job_ids": args.job, "batch_id": args.batch, "report_id": args.report,
            "all_jobs": args.all_jobs}


def _scope_flag(args: argparse.Namespace) -> str:
    if args.job:
        return " ".join(f"--job {j}" for j in args.job)
    if args.batch:
        return f"--batch {args.batch}"
    return f"--report {args.report}" if args.report else "--all-jobs"


def _run_fetch(client: Any, args: argparse.Namespace) -> None:
    from ..export import fetch

    job_ids = fetch(client, progress=args.progress, **_scope(args))
    print(f"recorded {len(job_ids)} job(s) and their results into {args.cache}")
    print(f"export them offline: deepva-frames export --offline --cache {args.cache} "
          f"{_scope_flag(args)} --out DIR")


def _run_export(client: Any, args: argparse.Namespace) -> None:
    from ..export import ExportIncomplete, export

    try:
        result = export(client, args.out, incremental=not args.full, progress=args.progress,
                        **_scope(args))
    except ExportIncomplete as exc:  # the others were exported: say so, then fail
        print(f"{args.out}: {exc.result.summary()}")
        raise
    print(f"{args.out}: {result.summary()}")
    print("query it: duckdb -c \"SELECT job_id, count(*) FROM read_parquet("
          f"'{args.out}/detections/**/*.parquet', hive_partitioning = true) GROUP BY job_id\"")


def run_command(args: argparse.Namespace) -> int:
    """Run ``fetch`` or ``export``; errors propagate (the caller maps them to exit codes)."""
    client = client_for(args)
    try:
        if args.command == "fetch":
            _run_fetch(client, args)
        else:
            _run_export(client, args)
    finally:
        client.close()
    return 0
