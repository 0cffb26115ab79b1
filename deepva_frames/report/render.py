"""The report page: the sections through Jinja2 templates, one self-contained HTML file.

The templates ship in ``deepva_frames/report/templates/``; autoescaping is on, so every
name and label from the data is escaped, and the only markup taken as is is the SVG
matplotlib writes. With ``assets=True`` each table is also written as a CSV file in a
folder beside the report, and its link points there instead of a ``data:`` URI.

>>> context = {"title": "T", "sections": [], "meta": {}, "methodology": {}, "assets": None,
...            "colors": {"accent": "#0072B2"}}
>>> page = render_page(context)
>>> page.startswith("<!DOCTYPE html>"), "<h1>T</h1>" in page
(True, True)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._atomic import atomic_write_bytes
from .sections import Section
from .tables import Table

__all__ = ["assets_folder", "render_page", "write_report"]


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("deepva_frames.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env


def render_page(context: dict[str, Any]) -> str:
    """The HTML text of the report for ``context`` (title, meta, sections, ...)."""
    return _environment().get_template("report.html.j2").render(**context)


def assets_folder(out: Path) -> Path:
    """Where ``--assets`` puts the CSV files: ``<name>_tables/`` beside the report.

    >>> assets_folder(Path("out/report.html")).as_posix()
    'out/report_tables'
    """
    return out.with_name(f"{out.stem}_tables")


def _tables(sections: Iterable[Section]) -> list[Table]:
    out: list[Table] = []
    for section in sections:
        out.extend(chart.table for chart in section.charts)
        out.extend(section.tables)
    return [table for table in out if not table.is_empty]


def write_report(out: Path, context: dict[str, Any], *, assets: bool) -> list[Path]:
    """Write the page (and with ``assets`` its CSV files); returns every path written.

    Nothing is written outside ``out``'s folder: the assets folder sits beside ``out``
    and its files are named by the report's own table ids.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise FileNotFoundError(f"folder does not exist: {out.parent}")
    written = []
    folder = assets_folder(out) if assets else None
    if folder is not None:
        folder.mkdir(exist_ok=True)
        for table in _tables(context["sections"]):
            path = folder / table.csv_name
            atomic_write_bytes(path, table.csv_text().encode("utf-8"))
            written.append(path)
    page = render_page({**context, "assets": folder.name if folder else None})
    atomic_write_bytes(out, page.encode("utf-8"))
    os.chmod(out, 0o666 & ~_umask())
    for path in written:
        os.chmod(path, 0o666 & ~_umask())
    return [out, *written]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
