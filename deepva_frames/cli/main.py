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
from ..errors import DeepVAError
from .analyze import add_analyze, run_analyze
from .fetch_export import COMMANDS as EXPORT_COMMANDS
from .fetch_export import UsageError, add_commands, run_command
from .render import add_render, run_render

__all__ = ["main"]

EPILOG = """examples:
  deepva-frames demo                     run everything on the bundled sample account
  deepva-frames demo --out /tmp/dvf      ... writing into /tmp/dvf
  deepva-frames export --sample --all-jobs --out bi
                                         the sample account as Parquet datasets
  deepva-frames export --batch ID --out bi      a batch of your account (DEEPVA_API_KEY)
  deepva-frames fetch --cache pages --all-jobs  record pages for offline exports
  deepva-frames render --sample --job ID --out a.mp4   a job's face boxes on its video
  deepva-frames analyze bi --by gender --per job_id   screen time of an export (DuckDB)
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="deepva-frames", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="DeepVA results as tidy tables, Parquet, charts and annotated video.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="run the toolkit offline on the bundled sample account")
    demo.add_argument("--out", default="deepva-demo", metavar="DIR",
                      help="folder to write into (default: ./deepva-demo)")
    add_commands(commands)
    add_render(commands)
    add_analyze(commands)
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
        if args.command == "demo":
            from .demo import run_demo

            run_demo(args.out)
        elif args.command in EXPORT_COMMANDS:
            return run_command(args)
        elif args.command == "render":
            return run_render(args)
        elif args.command == "analyze":
            return run_analyze(args)
    except UsageError as exc:
        print(f"deepva-frames {args.command}: {exc}", file=sys.stderr)
        return 2
    except (DeepVAError, OSError) as exc:
        print(f"deepva-frames {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"deepva-frames {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
