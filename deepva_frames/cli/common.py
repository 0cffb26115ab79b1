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
from typing import TYPE_CHECKING, Any

from ..errors import DeepVAError, UnsafeURLError

if TYPE_CHECKING:
    import pandas as pd

    from ..client import Client
    from ..flatten import DetailedResults

__all__ = ["UnknownSampleJob", "UsageError", "add_common", "add_scope", "add_source", "client_for",
           "job_results", "scope_flag", "scope_of"]


class UsageError(ValueError):
    """Options that do not go together (exit code 2)."""


class UnknownSampleJob(DeepVAError, LookupError):
    """A job id the bundled sample account does not have (exit code 1); lists its jobs."""


def add_scope(parser: argparse.ArgumentParser, title: str, *, all_jobs: bool = True,
              report: str = "a report, its items and the jobs of the batches it covers"
              ) -> None:
    """The scope options (exactly one): --batch, --job (repeatable), --report (``report``
    its help), and --all-jobs unless ``all_jobs`` is false.

    >>> parser = argparse.ArgumentParser()
    >>> add_scope(parser, "what to read", all_jobs=False)
    >>> parser.parse_args(["--job", "a", "--job", "b"]).job
    ['a', 'b']
    """
    scope = parser.add_argument_group(f"{title} (exactly one)")
    group = scope.add_mutually_exclusive_group(required=True)
    group.add_argument("--batch", metavar="ID", help="a batch and its sub-batches")
    group.add_argument("--job", metavar="ID", action="append",
                       help="a job (repeat for several)")
    group.add_argument("--report", metavar="ID", help=report)
    if all_jobs:
        group.add_argument("--all-jobs", action="store_true", help="every job of the account")


def add_common(parser: argparse.ArgumentParser) -> None:
    """The options every API-reading subcommand shares: --base-url, --progress."""
    parser.add_argument("--base-url", metavar="URL",
                        help="API base URL (default: DEEPVA_BASE_URL or the public API)")
    parser.add_argument("--allow-insecure", action="store_true",
                        help="allow a plain http:// base URL for a host other than loopback "
                        "(the key then travels unencrypted)")
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


def _no_key_hint(args: argparse.Namespace) -> str:
    """What to do without a key, naming only options this subcommand has."""
    if hasattr(args, "sample"):
        return ("no API key: set DEEPVA_API_KEY, or try the bundled sample account with "
                "--sample, or replay pages recorded by fetch with --offline --cache DIR")
    return ("no API key: set DEEPVA_API_KEY (fetch records from the API; to try the toolkit "
            "without a key: deepva-frames export --sample --all-jobs --out bi)")


def _client(**options: Any) -> Any:
    from ..client import Client

    try:
        return Client(progress=False, **options)
    except UnsafeURLError as exc:      # worded for the command line: an option, not a kwarg
        raise UsageError(str(exc).replace("pass allow_insecure=True",
                                          "add --allow-insecure")) from None


def client_for(args: argparse.Namespace) -> Client:
    """The Client the source options ask for (UsageError when they do not go together).

    >>> args = argparse.Namespace(sample=True, offline=False, cache=None, base_url=None,
    ...                           job=["59f723cb-c457-5276-9089-caf1c7747fe3"])
    >>> client_for(args).offline
    True
    """
    from ..client import sample_client

    sample, offline = getattr(args, "sample", False), getattr(args, "offline", False)
    insecure = getattr(args, "allow_insecure", False)
    if sample:
        if offline or args.cache or args.base_url:
            raise UsageError("--sample replays the bundled sample account: "
                             "leave out --offline, --cache and --base-url")
        client = sample_client(progress=False)
        _check_sample_jobs(client, _job_ids(args))
        return client
    if offline:
        if not args.cache:
            raise UsageError("--offline needs --cache DIR (a page store recorded by fetch)")
        return _client(base_url=args.base_url, cache_dir=args.cache, offline=True,
                       allow_insecure=insecure)
    if not os.environ.get("DEEPVA_API_KEY"):
        raise UsageError(_no_key_hint(args))
    return _client(base_url=args.base_url, cache_dir=args.cache, allow_insecure=insecure)


def _job_ids(args: argparse.Namespace) -> list[str]:
    job = getattr(args, "job", None)
    return [] if job is None else [job] if isinstance(job, str) else list(job)


def _check_sample_jobs(client: Any, job_ids: list[str]) -> None:
    if not job_ids:
        return
    jobs = client.jobs()
    unknown = [j for j in job_ids if j not in set(jobs["job_id"])]
    if unknown:
        known = ", ".join(f"{j} ({t})" for j, t in zip(jobs["job_id"], jobs["tag"], strict=True))
        client.close()
        raise UnknownSampleJob(f"job {unknown[0]} is not in the bundled sample account; "
                               f"its jobs are: {known}")


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


def job_results(args: argparse.Namespace) -> tuple[DetailedResults, pd.DataFrame]:
    """``(detailed results, media table)`` of ``args.job``, from the source the options ask
    for; the client is closed afterwards."""
    client = client_for(args)
    try:
        return client.detailed_results(args.job), client.media([args.job])
    finally:
        client.close()
