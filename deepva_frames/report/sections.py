"""The sections of a report with charts: summary, comparison, people, co-occurrence.

A :class:`Section` is a heading, an introduction, charts (each with its text
alternative and data table), tables and notes; the template draws every section the
same way.

>>> from deepva_frames.client import sample_client
>>> from deepva_frames.report.inputs import gather
>>> data = gather(sample_client(), report="79560736-56fd-51cf-aeca-45851b21d65d")
>>> section = summary_section(data)
>>> [c.table.table_id for c in section.charts]
['summary-gender', 'summary-age']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import analysis, plot
from ..analysis.groups import order_labels
from .charts import Chart, svg_of
from .figures import comparison_metrics, face_segments, people, summary
from .inputs import ReportInput
from .tables import Column, Kind, Table, format_value

__all__ = ["COMPARED", "Section", "comparison_section", "cooccurrence_section",
           "people_section", "summary_section"]

# metric -> (chart?, title); counts are tables only
COMPARED = {"gender_screen_time": (True, "Screen time per gender"),
            "age_screen_time": (True, "Screen time per age group"),
            "gender_speech_time": (True, "Speech time per gender"),
            "age_speech_time": (True, "Speech time per age group"),
            "gender_count": (False, "Faces per gender"),
            "age_count": (False, "Faces per age group")}
_LABELS = {"gender": "Gender", "age": "Age group", "person": "Person"}


@dataclass
class Section:
    """One ``<section>`` of the report."""

    section_id: str
    title: str
    intro: str
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _summary_table(table: pd.DataFrame, by: str) -> Table:
    return Table(f"summary-{by}", f"Screen and speech time by {_LABELS[by].lower()}", [
        Column(by, _LABELS[by]), Column("screen_seconds", "Screen time", "seconds"),
        Column("share_of_media", "Share of media", "share"),
        Column("share_of_screen", "Share of screen time", "share"),
        Column("speech_seconds", "Speech time", "seconds"),
        Column("speech_share_of_speech", "Share of speech time", "share"),
        Column("speech_share_of_own_screen", "Speech share of own screen time", "share")],
        table.astype({by: str}))


def _listing(table: pd.DataFrame, label: str, value: str, kind: Kind = "seconds") -> str:
    parts = [f"{row[label]} {format_value(row[value], kind)}"
             for row in table.to_dict("records")]
    return "; ".join(parts) if parts else "no data"


def _summary_chart(data_table: pd.DataFrame, by: str) -> Chart:
    table = _summary_table(data_table, by)
    ax = plot.speech_vs_screen(data_table,
                               title=f"Screen and speech time by {_LABELS[by].lower()}")
    alt = (f"Bar chart of screen and speech time by {_LABELS[by].lower()}. Screen time: "
           f"{_listing(data_table, by, 'screen_seconds')}. Speech time: "
           f"{_listing(data_table, by, 'speech_seconds')}.")
    return Chart(f"chart-summary-{by}", table.caption, svg_of(ax, f"summary-{by}"), alt, table)


def summary_section(data: ReportInput) -> Section:
    """Screen and speech time by gender and by age group (the diversity analysis)."""
    section = Section("summary", "Summary: screen and speech time by gender and age",
                      "Figures of the diversity analysis of every job in this report. "
                      "Screen time is the union of a group's intervals (two women on "
                      "screen together count once); share of media is of the running time "
                      "of the jobs' media, share of screen time is of the sum over the "
                      "groups.")
    for by in ("gender", "age"):
        table = summary(data, by)
        if table.empty:
            section.notes.append(f"No diversity-analysis segments: no figures by {by}.")
            continue
        section.charts.append(_summary_chart(table, by))
    return section


def _wide(metrics: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, list[str]]:
    rows = metrics[metrics["metric"] == metric]
    groups = metrics.drop_duplicates("batch_id")[["batch_id", "name", "is_total"]]
    wide = rows.pivot_table(index="batch_id", columns="key", values="value",
                            aggfunc="first", sort=False)
    column = metric.split("_")[0]
    keys = order_labels([str(k) for k in wide.columns], column)
    wide.columns = [str(k) for k in wide.columns]
    wide = groups.merge(wide.reset_index(), on="batch_id", how="left").fillna(
        {k: 0.0 for k in keys})
    wide["role"] = ["total" if t else "part" for t in wide["is_total"]]
    return wide, keys


def _comparison_chart(metrics: pd.DataFrame, metric: str, table: Table) -> Chart:
    totals = metrics.loc[metrics["is_total"], "batch_id"].unique()
    # every other group drawn as a part of the total (plot marks the total so)
    parent = totals[0] if len(totals) else None
    marked = metrics.assign(parent_id=[None if t else parent for t in metrics["is_total"]])
    title = COMPARED[metric][1]
    ax = plot.report_comparison(marked, metric, title=table.caption)
    kind = table.columns[2].kind
    rows = [f"{row['name']}{' (total)' if row['is_total'] else ''}: " + ", ".join(
        f"{c.key} {format_value(row[c.key], kind)}" for c in table.columns[2:])
        for row in table.frame.to_dict("records")]
    alt = f"Grouped bar chart of {title.lower()}. " + "; ".join(rows) + "."
    return Chart(f"chart-{metric}", title, svg_of(ax, metric), alt, table)


def comparison_section(data: ReportInput, metrics: pd.DataFrame | None = None) -> Section:
    """Each metric per batch (or job), the top batch marked as the total of the others.

    ``metrics``: :func:`~deepva_frames.report.figures.comparison_metrics` of ``data``
    when already computed."""
    what = "batch" if data.groups and data.groups[0].kind == "batch" else "job"
    section = Section("comparison", f"Comparison across {what}es" if what == "batch"
                      else "Comparison across jobs",
                      f"The figures of each {what}, recomputed from the detailed results as "
                      "DeepVA defines them (person-seconds: two women on screen together "
                      "count twice). A batch's figures include its sub-batches' jobs; the "
                      "row marked total covers all the others.")
    metrics = comparison_metrics(data) if metrics is None else metrics
    if metrics.empty:
        section.notes.append("No diversity-analysis segments to compare.")
        return section
    for metric, (with_chart, title) in COMPARED.items():
        wide, keys = _wide(metrics, metric)
        kind: Kind = "count" if metric.endswith("_count") else "seconds"
        table = Table(f"comparison-{metric}", f"{title}, by {what}", [
            Column("name", what.capitalize()), Column("role", "Role"),
            *[Column(k, k, kind) for k in keys]], wide)
        if with_chart and keys:
            section.charts.append(_comparison_chart(metrics, metric, table))
        else:
            section.tables.append(table)
    return section


def people_section(data: ReportInput) -> Section:
    """Screen time per recognised person (face recognition), unknown faces one group."""
    section = Section("people", "Screen time per person",
                      "Persons recognised by face recognition; every unrecognised face is "
                      "counted in one group named unknown.")
    table_data = people(data)
    if table_data.empty:
        section.notes.append("No face-recognition segments in these jobs.")
        return section
    table = Table("people-screen-time", "Screen time per person", [
        Column("person", "Person"), Column("seconds", "Screen time", "seconds"),
        Column("share_of_media", "Share of media", "share"),
        Column("share_of_screen", "Share of screen time", "share")],
        table_data.astype({"person": str}))
    ax = plot.screen_time(table_data[["person", "seconds"]], title="Screen time per person")
    alt = f"Bar chart of screen time per person: {_listing(table_data, 'person', 'seconds')}."
    section.charts.append(Chart("chart-people", table.caption, svg_of(ax, "people"), alt,
                                table))
    return section


def cooccurrence_section(data: ReportInput) -> Section:
    """Seconds two recognised persons are on screen together."""
    section = Section("co-occurrence", "Co-occurrence: who appears with whom",
                      "Seconds two persons are on screen at the same time, within one "
                      "media source (the intersection of their unions of intervals).")
    faces = face_segments(data)
    pairs = analysis.co_occurrence(faces) if not faces.empty else pd.DataFrame()
    if pairs.empty:
        section.notes.append("No two persons are on screen together.")
        return section
    table = Table("co-occurrence-pairs", "Seconds on screen together, per pair", [
        Column("person_a", "Person"), Column("person_b", "With"),
        Column("seconds", "Together", "seconds")], pairs)
    ax = plot.co_occurrence(analysis.co_occurrence(faces, form="matrix"),
                            title="Seconds on screen together")
    alt = "Heatmap of seconds on screen together: " + "; ".join(
        f"{a} with {b} {format_value(s, 'seconds')}"
        for a, b, s in pairs[["person_a", "person_b", "seconds"]].itertuples(index=False)) + "."
    section.charts.append(Chart("chart-co-occurrence", table.caption,
                                svg_of(ax, "co-occurrence"), alt, table))
    return section
