"""The ``report`` subcommand of ``deepva-frames``: a diversity report as one HTML file.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["report", "--sample", "--report", "R", "--out", "r.html"])
>>> args.report, args.out, args.assets, args.max_timelines
('R', 'r.html', False, 8)
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import add_common, add_scope, add_source, client_for

__all__ = ["add_parser", "run"]

REPORT_EPILOG = """examples:
  deepva-frames report --sample --report 74b61b47-297e-52aa-9b4e-376fa0da5253 --out week41.html
                          a report of the bundled sample account
  deepva-frames report --report REPORT_ID --out report.html --assets
                          a report of your account (DEEPVA_API_KEY), its tables also as CSV
                          files in report_tables/
  deepva-frames report --batch BATCH_ID --out batch.html     a batch and its sub-batches
  deepva-frames report --job ID1 --job ID2 --out jobs.html   some jobs
"""


def add_parser(commands: Any) -> None:
    """Add ``report`` to the subparsers ``commands``."""
    report = commands.add_parser(
        "report", help="write a diversity report as one self-contained HTML file",
        description="Write a diversity report as one HTML file that opens offline and "
        "prints on A4: screen and speech time by gender and age group, a comparison "
        "across batches, screen time per person, timelines, co-occurrence, the "
        "reconciliation with DeepVA's figures, data-quality notes and the methodology.",
        epilog=REPORT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_scope(report, "what the report covers", all_jobs=False,
              report="a DeepVA report and its batches")
    report.add_argument("--out", metavar="PATH", required=True, help="HTML file to write")
    report.add_argument("--assets", action="store_true",
                        help="also write every table as CSV into <name>_tables/ beside it")
    report.add_argument("--max-timelines", metavar="N", type=int, default=8,
                        help="timeline charts drawn at most (default: 8)")
    add_source(report)
    add_common(report)


def run(args: argparse.Namespace) -> int:
    """Write the report; errors propagate to exit codes."""
    from .. import report

    client = client_for(args)
    try:
        written = report.html(args.out, report=args.report, batch=args.batch, jobs=args.job,
                              client=client, assets=args.assets,
                              max_timelines=args.max_timelines)
    finally:
        client.close()
    print(f"{written}: diversity report" + (f", tables in {written.stem}_tables/"
                                            if args.assets else ""))
    return 0
