"""The reconciliation section: figures recomputed from the detailed results against
DeepVA's reported ones, per job, per batch, and each parent batch against its parts.

>>> from deepva_frames.client import sample_client
>>> from deepva_frames.report.inputs import gather
>>> data = gather(sample_client(), report="79560736-56fd-51cf-aeca-45851b21d65d")
>>> checks = reconciliation(data)
>>> checks[["scope", "compared"]].values.tolist()[:1]
[['batch', 24]]
"""

from __future__ import annotations

import pandas as pd

from .. import analysis
from ..analysis import DIVERSITY_METRICS
from .figures import comparison_metrics, diversity_segments
from .inputs import ReportInput
from .scope import job_label
from .sections import Section
from .tables import Column, Table

__all__ = ["ATOL", "differences", "reconciliation", "reconciliation_section"]

ATOL = 0.01  # DeepVA rounds its seconds to hundredths


def _check(computed: pd.DataFrame, reported: pd.DataFrame, scope: str, name: str
           ) -> pd.DataFrame:
    table = analysis.reconcile(computed, reported, atol=ATOL, metrics=list(DIVERSITY_METRICS))
    return table.assign(scope=scope, name=name)


def _job_checks(data: ReportInput) -> list[pd.DataFrame]:
    """Per media source of each job: its segments against its summarized results."""
    segments = diversity_segments(data)
    results = data.summarized_results
    results = results[results["type"].astype(str).isin(DIVERSITY_METRICS)]
    tags = dict(zip(data.jobs["job_id"], data.jobs["tag"], strict=True))
    out = []
    for job_id in data.job_ids:
        reported = results[results["job_id"] == job_id]
        rows = segments[segments["job_id"] == job_id]
        sources = list(dict.fromkeys([*reported["source"], *rows["source"]]))
        for source in sources:
            name = job_label(job_id, tags.get(job_id))
            name = f"{name} · {source}" if len(sources) > 1 else name
            computed = analysis.diversity_metrics(rows[rows["source"] == source])
            out.append(_check(computed, reported[reported["source"] == source], "job", name))
    return out


def _batch_checks(data: ReportInput, metrics: pd.DataFrame) -> list[pd.DataFrame]:
    """Per batch of the report: its groups' recomputed metrics against its report item."""
    if data.report_items is None:
        return []
    out = []
    for group in data.groups:
        reported = data.report_items[data.report_items["batch_id"] == group.group_id]
        if reported.empty:
            continue
        computed = metrics[metrics["batch_id"] == group.group_id][["metric", "key", "value"]]
        out.append(_check(computed, reported, "batch", group.label))
    return out


def _checks(data: ReportInput, metrics: pd.DataFrame | None = None) -> pd.DataFrame:
    metrics = comparison_metrics(data) if metrics is None else metrics
    parts = [*_batch_checks(data, metrics), *_job_checks(data)]
    if not parts:
        return pd.DataFrame(columns=["scope", "name", "metric", "key", "computed",
                                     "reported", "difference", "agrees"])
    return pd.concat(parts, ignore_index=True)


def _parts_check(data: ReportInput) -> pd.DataFrame:
    """Each parent batch's reported figures against the sum of its sub-batches'."""
    if data.report_items is None or data.batches.empty:
        return pd.DataFrame()
    totals = analysis.sub_batch_totals(data.report_items, data.batches)
    if totals.empty:
        return totals
    names = {g.group_id: g.label for g in data.groups}
    return totals.assign(scope="parent batch vs sub-batches",
                         name=totals["batch_id"].map(names).fillna(totals["batch_id"]),
                         agrees=totals["consistent"].astype(bool))


def _summary(checks: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    frames = [t[["scope", "name", "agrees"]] for t in (checks, parts) if len(t)]
    if not frames:
        return pd.DataFrame(columns=["scope", "name", "compared", "agree", "differ"])
    grouped = pd.concat(frames, ignore_index=True).groupby(["scope", "name"], sort=False)
    table = pd.DataFrame({"compared": grouped["agrees"].size(),
                          "agree": grouped["agrees"].sum()}).reset_index()
    return table.assign(differ=table["compared"] - table["agree"])


def _differences(checks: pd.DataFrame) -> pd.DataFrame:
    return checks[~checks["agrees"].astype(bool)][
        ["scope", "name", "metric", "key", "computed", "reported", "difference"]
    ].reset_index(drop=True)


def reconciliation(data: ReportInput) -> pd.DataFrame:
    """One row per check: ``scope, name, compared, agree, differ``."""
    return _summary(_checks(data), _parts_check(data))


def differences(data: ReportInput) -> pd.DataFrame:
    """The figures that disagree: ``scope, name, metric, key, computed, reported,
    difference``."""
    return _differences(_checks(data))


def reconciliation_section(data: ReportInput, metrics: pd.DataFrame | None = None
                           ) -> Section:
    """Agreements per job and batch, and every difference listed (``metrics`` as for
    :func:`~deepva_frames.report.sections.comparison_section`)."""
    section = Section("reconciliation", "Reconciliation with DeepVA's figures",
                      "Each figure DeepVA reports (a job's summarized results, a report's "
                      "items per batch) is recomputed from the detailed results, and the "
                      f"two agree when they differ by at most {ATOL} (DeepVA rounds seconds "
                      "to hundredths). A parent batch must hold at least the sum of its "
                      "sub-batches (it may have jobs of its own).")
    checks, parts = _checks(data, metrics), _parts_check(data)
    summary = _summary(checks, parts)
    section.tables.append(Table("reconciliation-summary", "Figures compared, per job and batch", [
        Column("scope", "Scope"), Column("name", "Name"),
        Column("compared", "Figures compared", "count"), Column("agree", "Agree", "count"),
        Column("differ", "Differ", "count")], summary))
    listed = _differences(checks)
    total, agreeing = int(summary["compared"].sum()), int(summary["agree"].sum())
    section.notes.append(f"{agreeing} of {total} figures agree.")
    if listed.empty:
        section.notes.append("No figure differs.")
    else:
        section.tables.append(Table("differences", "Figures that differ", [
            Column("scope", "Scope"), Column("name", "Name"), Column("metric", "Metric"),
            Column("key", "Key"), Column("computed", "Recomputed", "number"),
            Column("reported", "Reported by DeepVA", "number"),
            Column("difference", "Difference", "number")], listed.astype(
                {"metric": str, "key": str})))
    if len(parts) and not parts["agrees"].all():
        section.tables.append(Table("inconsistent-batches", "Parent batches holding less "
                                    "than their sub-batches", [
            Column("name", "Batch"), Column("metric", "Metric"), Column("key", "Key"),
            Column("reported", "Reported", "number"),
            Column("sub_batches", "Sum of sub-batches", "number")],
            parts[~parts["agrees"]].astype({"metric": str, "key": str})))
    return section
