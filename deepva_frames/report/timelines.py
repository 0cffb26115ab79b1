"""The timeline section: every job in one table, a timeline chart for the first ones.

A long report (more media sources than ``max_timelines``) draws the first ones and says
how many it left out; the jobs table still lists every job.

>>> from deepva_frames.client import sample_client
>>> from deepva_frames.report.inputs import gather
>>> data = gather(sample_client(), report="79560736-56fd-51cf-aeca-45851b21d65d")
>>> section = timeline_section(data, max_timelines=1)
>>> len(section.charts), section.notes
(1, ['1 more media source is not drawn (the report draws at most 1).'])
"""

from __future__ import annotations

import pandas as pd

from ..plot import timeline
from ..plot.timelines import lanes
from .charts import Chart, svg_of
from .figures import face_segments, job_overview
from .inputs import ReportInput
from .scope import job_label
from .sections import Section
from .tables import Column, Table, format_value

__all__ = ["lane_table", "timeline_section"]


def lane_table(segments: pd.DataFrame) -> pd.DataFrame:
    """Per timeline lane: ``lane, appearances, seconds, first_seen, last_seen`` (the
    blocks the chart draws: each lane's merged intervals)."""
    blocks = lanes(segments).assign(seconds=lambda t: t["time_end"] - t["time_start"])
    grouped = blocks.groupby("lane", sort=False)
    return pd.DataFrame({"appearances": grouped.size(), "seconds": grouped["seconds"].sum(),
                         "first_seen": grouped["time_start"].min(),
                         "last_seen": grouped["time_end"].max()}).reset_index()


def _jobs_table(data: ReportInput) -> Table:
    return Table("jobs", "Every job of the report", [
        Column("job", "Job"), Column("job_id", "Job id"), Column("state", "State"),
        Column("media_type", "Media"), Column("duration_s", "Media duration", "seconds"),
        Column("face_seconds", "A face on screen", "seconds"),
        Column("share_of_media", "Share of media", "share"),
        Column("persons", "Faces", "count")], job_overview(data))


def _timeline_chart(data: ReportInput, rows: pd.DataFrame, index: int) -> Chart:
    job_id, source = rows["job_id"].iloc[0], rows["source"].iloc[0]
    tags = dict(zip(data.jobs["job_id"], data.jobs["tag"], strict=True))
    label = job_label(job_id, tags.get(job_id))
    media = data.media[(data.media["job_id"] == job_id) & (data.media["source"] == source)]
    duration = media["duration_s"].dropna()
    ax = timeline(rows, duration=float(duration.iloc[0]) if len(duration) else None,
                  title=f"Who is on screen when: {label}")
    table = Table(f"timeline-{index}", f"Timeline of {label}", [
        Column("lane", "Person"), Column("appearances", "Appearances", "count"),
        Column("seconds", "Screen time", "seconds"),
        Column("first_seen", "First seen", "seconds"),
        Column("last_seen", "Last seen", "seconds")], lane_table(rows))
    alt = f"Timeline of {label}, one lane per person: " + "; ".join(
        f"{r['lane']} {r['appearances']} time(s), {format_value(r['seconds'], 'seconds')} "
        f"from {format_value(r['first_seen'], 'seconds')} to "
        f"{format_value(r['last_seen'], 'seconds')}"
        for r in table.frame.to_dict("records")) + "."
    return Chart(f"chart-timeline-{index}", table.caption,
                 svg_of(ax, f"timeline-{index}"), alt, table)


def timeline_section(data: ReportInput, max_timelines: int = 8) -> Section:
    """The jobs table and one timeline per media source, at most ``max_timelines``."""
    section = Section("timelines", "Timeline per job",
                      "Who is on screen when, as face recognition found it. Unknown faces "
                      "are grey and hatched, one lane per closest person DeepVA suggests.",
                      tables=[_jobs_table(data)])
    faces = face_segments(data)
    order = {j: i for i, j in enumerate(data.job_ids)}
    timelines = sorted(faces.groupby(["job_id", "source"], sort=False, observed=True),
                       key=lambda item: order.get(item[0][0], len(order)))
    for index, (_, rows) in enumerate(timelines[:max_timelines]):
        section.charts.append(_timeline_chart(data, rows, index + 1))
    left_out = len(timelines) - max_timelines
    if left_out > 0:
        noun = "media source is" if left_out == 1 else "media sources are"
        section.notes.append(f"{left_out} more {noun} not drawn (the report draws at most "
                             f"{max_timelines}).")
    return section
