"""The ``fetch`` subcommand of ``deepva-frames``: record jobs' pages into a page store.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["fetch", "--cache", "pages", "--all-jobs"])
>>> args.cache, args.all_jobs
('pages', True)
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import add_common, add_scope, client_for, scope_flag, scope_of

__all__ = ["add_parser", "run"]

EPILOG = """examples:
  export DEEPVA_API_KEY=...        the key is read from the environment, never from options
  deepva-frames fetch --cache pages --batch 337b15aa-7d28-508b-807a-438a4469f956
  deepva-frames fetch --cache pages --job 6b5195d6-cc05-4a99-a293-8d73be0aa37f --job 61d8c7cf
  deepva-frames fetch --cache pages --all-jobs
  deepva-frames export --offline --cache pages --all-jobs --out bi    then export offline
"""


def add_parser(commands: Any) -> None:
    """Add ``fetch`` to the subparsers ``commands``."""
    fetch = commands.add_parser(
        "fetch", help="record jobs and their results into a page store",
        description="Fetch jobs and their results and record the pages into a page store "
        "(for offline exports). The key comes from DEEPVA_API_KEY.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    fetch.add_argument("--cache", metavar="DIR", required=True, help="page store folder")
    add_scope(fetch, "what to fetch")
    add_common(fetch)


def run(args: argparse.Namespace) -> int:
    """Run ``fetch``; errors propagate (the caller maps them to exit codes)."""
    from ..export import fetch

    client = client_for(args)
    try:
        job_ids = fetch(client, progress=args.progress, **scope_of(args))
    finally:
        client.close()
    print(f"recorded {len(job_ids)} job(s) and their results into {args.cache}")
    print(f"export them offline: deepva-frames export --offline --cache {args.cache} "
          f"{scope_flag(args)} --out DIR")
    return 0
