"""The demo's diversity report: the sample's largest report as one HTML file.

>>> import tempfile, pathlib
>>> from deepva_frames.client import sample_client
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [(path.relative_to(out).as_posix(), what[:22]) for path, what in
...  write_report(sample_client(), out)]
[('report/diversity_report.html', 'diversity report of "R')]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["write_report"]


def write_report(client: Any, out: Path) -> list[tuple[Path, str]]:
    """Write the report of the sample report covering the most batches into ``out/report/``."""
    from ... import report

    items = client.report_items
    reports = client.reports()
    covered = {r: items(r)["batch_id"].nunique() for r in reports["report_id"]}
    chosen = max(covered, key=lambda r: covered[r])
    title = reports.loc[reports["report_id"] == chosen, "title"].iloc[0]
    folder = Path(out) / "report"
    folder.mkdir(parents=True, exist_ok=True)
    path = report.html(folder / "diversity_report.html", report=chosen, client=client)
    return [(path, f'diversity report of "{title}" (open it in a browser; prints on A4)')]
