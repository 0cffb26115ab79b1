"""What the subcommands of ``deepva-frames`` share: the source and API options, the client.

The API key comes from ``DEEPVA_API_KEY`` only (there is no ``--key`` option, so it never
shows in shell history or process lists); the base URL from ``--base-url`` or
``DEEPVA_BASE_URL``. Exit codes: 0 done, 1 an API or data error, 2 a usage error.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_source(parser)
>>> add_common(parser)
>>> args = parser.parse_args(["--sample"])
>>> args.sample, args.offline, args.cache, args.base_url
(True, False, None, None)
"""

from __future__ import annotations

import argparse
import os
from typing import Any

__all__ = ["UsageError", "add_common", "add_scope", "add_source", "client_for", "scope_flag",
           "scope_of"]


class UsageError(ValueError):
    """Options that do not go together (exit code 2)."""


def add_scope(parser: argparse.ArgumentParser, title: str) -> None:
    """The scope options (exactly one): --batch, --job (repeatable), --report, --all-jobs."""
    scope = parser.add_argument_group(f"{title} (exactly one)")
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


def scope_of(args: argparse.Namespace) -> dict[str, Any]:
    """The scope options as keyword arguments of ``export.fetch`` / ``export.export``."""
    return {"job_ids": args.job, "batch_id": args.batch, "report_id": args.report,
            "all_jobs": args.all_jobs}


def scope_flag(args: argparse.Namespace) -> str:
    """The scope options as they would be typed again (for a next-step hint)."""
    if args.job:
        return " ".join(f"--job {j}" for j in args.job)
    if args.batch:
        return f"--batch {args.batch}"
    return f"--report {args.report}" if args.report else "--all-jobs"
