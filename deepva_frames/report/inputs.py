"""The tables a report is built from, fetched through a client for one scope.

>>> from deepva_frames.client import sample_client
>>> data = gather(sample_client(), report="79560736-56fd-51cf-aeca-45851b21d65d")
>>> data.scope, data.title, [g.label for g in data.groups], len(data.job_ids)
('report', 'Report of Monday on 06.10.2026', ['Monday'], 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import pandas as pd

from .. import flatten
from ..schemas import concat
from .scope import Group, batch_groups, descendants, job_groups

__all__ = ["ReportInput", "gather", "public_url"]

Scope = Literal["report", "batch", "jobs"]


@dataclass(frozen=True)
class ReportInput:
    """Everything a report shows, as tidy tables (segments of every module)."""

    scope: Scope
    scope_id: str
    title: str
    groups: list[Group]
    jobs: pd.DataFrame
    media: pd.DataFrame
    segments: pd.DataFrame
    summarized_results: pd.DataFrame
    batches: pd.DataFrame
    report_items: pd.DataFrame | None
    base_url: str
    fetched_at: str

    @property
    def job_ids(self) -> list[str]:
        """Every job of the report, in group order, each once."""
        return list(dict.fromkeys(j for g in self.groups for j in g.job_ids))


def public_url(url: str) -> str:
    """``url`` without user, password, query or fragment (a key never travels in them, but
    a report must not carry one even if it did).

    >>> public_url("https://me:secret@api.deepva.com/api/v1?key=k#x")
    'https://api.deepva.com/api/v1'
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _fetched_at(client: Any) -> str:
    """When the data was fetched: the page store's time offline, else now (UTC)."""
    store = getattr(client, "store", None)
    if getattr(client, "offline", False) and store is not None:
        stamp = store.manifest.get("fetched_at")
        if stamp:
            return pd.Timestamp(stamp).strftime("%Y-%m-%d %H:%M UTC")
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _batch_jobs(client: Any, batch_ids: Sequence[str]) -> pd.DataFrame:
    return concat("jobs", (client.batch_jobs(b) for b in batch_ids))


def _report_scope(client: Any, report_id: str) -> tuple[str, list[Group], pd.DataFrame,
                                                        pd.DataFrame, pd.DataFrame]:
    items = client.report_items(report_id)
    batches = client.batches()
    title = flatten.reports(client.report(report_id))["title"].iloc[0]
    covered = list(dict.fromkeys(items["batch_id"]))
    below = list(dict.fromkeys(b for c in covered for b in descendants(c, batches)))
    jobs = _batch_jobs(client, below)
    return str(title or report_id), batch_groups(covered, batches, jobs), jobs, batches, items


def _batch_scope(client: Any, batch_id: str) -> tuple[str, list[Group], pd.DataFrame,
                                                      pd.DataFrame]:
    batches = client.batches()
    if batch_id not in set(batches["batch_id"]):
        batches = concat("batches", [batches, flatten.batches(client.batch(batch_id))])
    tree = descendants(batch_id, batches)
    jobs = _batch_jobs(client, tree)
    groups = batch_groups(tree, batches, jobs)
    label = next(g.label for g in groups if g.group_id == batch_id)
    return f"Batch {label}", groups, jobs, batches


def _jobs_scope(client: Any, job_ids: Sequence[str]) -> tuple[str, list[Group], pd.DataFrame]:
    jobs = flatten.jobs([client.job(j) for j in dict.fromkeys(job_ids)])
    groups = job_groups(list(jobs["job_id"]), jobs)
    title = f"Job {groups[0].label}" if len(groups) == 1 else f"{len(jobs)} jobs"
    return title, groups, jobs


def _choose(report: str | None, batch: str | None, jobs: Sequence[str] | None
            ) -> tuple[Scope, str]:
    given = [(name, value) for name, value in (("report", report), ("batch", batch),
                                               ("jobs", jobs)) if value]
    if len(given) != 1:
        raise ValueError("name exactly one of report=, batch= or jobs=")
    scope, value = given[0]
    if scope == "jobs":
        if isinstance(value, str):
            raise ValueError("jobs= takes a list of job ids, not one string")
        return "jobs", ",".join(value)
    return scope, str(value)  # type: ignore[return-value]


def gather(client: Any, *, report: str | None = None, batch: str | None = None,
           jobs: Sequence[str] | None = None) -> ReportInput:
    """Fetch the tables of one report, batch (and its sub-batches) or list of jobs."""
    scope, scope_id = _choose(report, batch, jobs)
    items: pd.DataFrame | None = None
    batches = pd.DataFrame(columns=["batch_id", "name", "parent_id"])
    if scope == "report":
        title, groups, job_table, batches, items = _report_scope(client, scope_id)
    elif scope == "batch":
        title, groups, job_table, batches = _batch_scope(client, scope_id)
    else:
        title, groups, job_table = _jobs_scope(client, list(jobs or []))
    job_table = job_table.drop_duplicates("job_id", ignore_index=True)
    ids = list(dict.fromkeys(j for g in groups for j in g.job_ids))
    job_table = job_table[job_table["job_id"].isin(ids)].reset_index(drop=True)
    segments = concat("segments", (client.detailed_results(j).segments for j in ids))
    summarized = concat("summarized_results", (client.summarized_results(j) for j in ids))
    return ReportInput(scope, scope_id, title, groups, job_table, client.media(ids),
                       segments, summarized, batches, items, public_url(client.base_url),
                       _fetched_at(client))
