"""A diversity report in one self-contained HTML file, for readers who do not write Python.

:func:`html` writes the report of a DeepVA report, of a batch (with its sub-batches) or
of a list of jobs: screen and speech time by gender and age group, a comparison across
batches, screen time per person, timelines, co-occurrence, the reconciliation with
DeepVA's own figures, data-quality notes and the methodology. Charts are inline SVG,
every chart has a text alternative and a data table, every table leaves as CSV, and the
page opens offline and prints on A4. From the command line: ``deepva-frames report``.

>>> import tempfile, pathlib
>>> from deepva_frames import report
>>> out = pathlib.Path(tempfile.mkdtemp()) / "monday.html"
>>> report.html(out, report="79560736-56fd-51cf-aeca-45851b21d65d", sample=True).name
'monday.html'
>>> "<h2 id=\\"reconciliation-title\\">" in out.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..analysis.groups import order_labels
from .checks import ATOL, reconciliation_section
from .figures import comparison_metrics
from .inputs import ReportInput, gather
from .quality import capture_warnings, quality_section
from .render import render_page, write_report
from .sections import (
    comparison_section,
    cooccurrence_section,
    people_section,
    summary_section,
)
from .timelines import timeline_section

__all__ = ["MAX_TIMELINES", "ReportInput", "context", "gather", "html", "html_text"]

MAX_TIMELINES = 8


def _client(client: Any, sample: bool) -> Any:
    if client is not None:
        return client
    from ..client import Client, sample_client

    return sample_client() if sample else Client()


def _covers(data: ReportInput) -> str:
    jobs = f"{len(data.job_ids)} job{'s' if len(data.job_ids) != 1 else ''}"
    if data.scope == "jobs":
        return jobs
    batches = [g for g in data.groups if g.group_id != "all"]
    noun = "batch" if len(batches) == 1 else "batches"
    return f"{len(batches)} {noun}, {jobs}"


_SCOPE_LABELS = {"report": "DeepVA report", "batch": "Batch", "jobs": "Jobs"}


def _meta(data: ReportInput) -> dict[str, str]:
    from .. import __version__

    return {"covers": _covers(data), "fetched_at": data.fetched_at,
            "scope_label": _SCOPE_LABELS[data.scope], "scope_id": data.scope_id,
            "base_url": data.base_url, "version": __version__,
            "generated_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def _age_bins(data: ReportInput) -> list[str]:
    ages = data.segments["age"].dropna().astype(str).unique().tolist()
    return order_labels(ages, "age")


def context(data: ReportInput, *, max_timelines: int = MAX_TIMELINES,
            caught: Sequence[str] = ()) -> dict[str, Any]:
    """Everything the template shows, for the tables of ``data``.

    ``caught``: data-quality warnings raised while ``data`` was fetched.
    """
    from ..palette import OKABE_ITO

    with capture_warnings() as more:
        metrics = comparison_metrics(data)
        sections = [summary_section(data), comparison_section(data, metrics),
                    people_section(data), timeline_section(data, max_timelines),
                    cooccurrence_section(data), reconciliation_section(data, metrics)]
    sections.append(quality_section(data, list(dict.fromkeys([*caught, *more]))))
    units = "batches" if data.groups and data.groups[0].kind == "batch" else "jobs"
    return {"title": data.title, "meta": _meta(data), "sections": sections,
            "methodology": {"atol": ATOL, "age_bins": _age_bins(data), "units": units,
                            "max_timelines": max_timelines},
            "colors": {"accent": OKABE_ITO["blue"]}, "assets": None}


def _context_for(report: str | None, batch: str | None, jobs: Sequence[str] | None,
                 client: Any, sample: bool, max_timelines: int) -> dict[str, Any]:
    source = _client(client, sample)
    with capture_warnings() as caught:
        data = gather(source, report=report, batch=batch, jobs=jobs)
    return context(data, max_timelines=max_timelines, caught=caught)


def html_text(*, report: str | None = None, batch: str | None = None,
              jobs: Sequence[str] | None = None, client: Any = None, sample: bool = False,
              max_timelines: int = MAX_TIMELINES) -> str:
    """The report's HTML text (CSV tables as ``data:`` URIs); options as for :func:`html`.

    >>> page = html_text(report="79560736-56fd-51cf-aeca-45851b21d65d", sample=True)
    >>> page.count("<svg") >= 3, "share_of_media" in page
    (True, True)
    """
    return render_page(_context_for(report, batch, jobs, client, sample, max_timelines))


def html(out: str | Path, *, report: str | None = None, batch: str | None = None,
         jobs: Sequence[str] | None = None, client: Any = None, sample: bool = False,
         assets: bool = False, max_timelines: int = MAX_TIMELINES) -> Path:
    """Write the report of one DeepVA report, batch or list of jobs to ``out``.

    Name exactly one of ``report`` (a report id), ``batch`` (a batch id: the batch and
    its sub-batches) or ``jobs`` (job ids). ``client``: where the data comes from
    (default: ``Client()`` from ``DEEPVA_API_KEY``, or the bundled sample account with
    ``sample=True``). ``assets=True`` also writes each table as CSV into
    ``<out name>_tables/`` beside the report (else the CSVs are ``data:`` links inside
    it). ``max_timelines`` caps the timeline charts of long reports. Returns ``out``.
    """
    page = _context_for(report, batch, jobs, client, sample, max_timelines)
    return write_report(Path(out), page, assets=assets)[0]
