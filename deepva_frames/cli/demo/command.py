"""The ``demo`` subcommand of ``deepva-frames``: its options; the steps live in this package.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> parser.parse_args(["demo"]).out
'deepva-demo'
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_parser", "run"]


def add_parser(commands: Any) -> None:
    """Add ``demo`` to the subparsers ``commands``."""
    demo = commands.add_parser(
        "demo", help="run the toolkit offline on the bundled sample account",
        description="Run the toolkit offline on the bundled sample account: its tables as "
        "Parquet, an export dataset, charts, an annotated video and a contact sheet.")
    demo.add_argument("--out", default="deepva-demo", metavar="DIR",
                      help="folder to write into (default: ./deepva-demo)")


def run(args: argparse.Namespace) -> int:
    """Run the demo into ``args.out``."""
    from . import run_demo

    run_demo(args.out)
    return 0
