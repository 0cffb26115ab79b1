"""The ``deepva-frames`` command line.

>>> main(["--version"])  # doctest: +ELLIPSIS
deepva-frames ...
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import DeepVAError, OfflineMiss
from . import analyze, export, fetch, render, report, tracks
from .common import UsageError
from .demo import command as demo

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

# Each subcommand is one module with ``add_parser(commands)`` and ``run(args) -> int``;
# a new subcommand is one import above and one entry here.
SUBCOMMANDS = {"demo": demo, "fetch": fetch, "export": export, "render": render,
               "tracks": tracks, "report": report,
               "analyze": analyze}

EPILOG = """examples:
  deepva-frames demo                     run everything on the bundled sample account
  deepva-frames demo --out /tmp/dvf      ... writing into /tmp/dvf
  deepva-frames export --sample --all-jobs --out bi
                                         the sample account as Parquet datasets
  deepva-frames export --batch ID --out bi      a batch of your account (DEEPVA_API_KEY)
  deepva-frames fetch --cache pages --all-jobs  record pages for offline exports
  deepva-frames render --sample --job ID --out a.mp4   a job's face boxes on its video
  deepva-frames tracks --sample --job ID --out a.vtt   who is on screen, as subtitles
  deepva-frames report --sample --report ID --out r.html   a diversity report in one HTML file
  deepva-frames analyze bi --by gender --per job_id   screen time of an export (DuckDB)
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand.

    >>> sorted(build_parser().parse_args(["demo"]).__dict__)
    ['command', 'out', 'version']
    """
    parser = argparse.ArgumentParser(
        prog="deepva-frames", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="DeepVA results as tidy tables, Parquet, charts and annotated video.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS.values():
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 an error, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"deepva-frames {__version__}")
        return 0
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return SUBCOMMANDS[args.command].run(args)
    except UsageError as exc:
        print(f"deepva-frames {args.command}: {exc}", file=sys.stderr)
        return 2
    except (DeepVAError, OSError) as exc:
        print(f"deepva-frames {args.command}: {_for_the_command_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"deepva-frames {args.command}: interrupted", file=sys.stderr)
        return 130


def _for_the_command_line(exc: BaseException) -> str:
    """The error's message, with hints that name Python arguments worded for the CLI.

    >>> _for_the_command_line(OfflineMiss("/jobs/x/"))
    'not in the page store: GET /jobs/x/ (record it first: deepva-frames fetch --cache DIR)'
    """
    if isinstance(exc, OfflineMiss):
        return f"not in the page store: GET {exc.path} (record it first: deepva-frames fetch " \
               "--cache DIR)"
    return str(exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
