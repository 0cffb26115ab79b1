"""The demo's charts: every chart of :mod:`deepva_frames.plot`, as PNG, for an account.

:func:`load_tables` gathers the tidy tables the charts need through a client (the
sample client in the demo); :func:`write_charts` draws and saves them.

>>> from deepva_frames.client import sample_client
>>> tables = load_tables(sample_client())
>>> sorted(tables.segments["module"].unique())
['advanced_diversity_analysis', 'face_recognition', 'object_scene_recognition']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..._atomic import atomic_writer

__all__ = ["AccountTables", "load_tables", "write_charts"]

FACES = "face_recognition"
DIVERSITY = "advanced_diversity_analysis"


@dataclass(frozen=True)
class AccountTables:
    """The tidy tables of an account that the analysis and the charts use."""

    jobs: pd.DataFrame
    media: pd.DataFrame
    segments: pd.DataFrame
    summarized_results: pd.DataFrame
    batches: pd.DataFrame
    batch_jobs: pd.DataFrame
    reports: pd.DataFrame
    report_items: pd.DataFrame
    kg_attributes: pd.DataFrame


def _table(value: Any, name: str, **context: Any) -> pd.DataFrame:
    """A client's answer as a table: as is once the client flattens, else flattened here."""
    if isinstance(value, pd.DataFrame):
        return value
    from ... import flatten

    return getattr(flatten, name)(value, **context)


def _segments(value: Any, job_id: str) -> pd.DataFrame:
    segments = getattr(value, "segments", None)
    if isinstance(segments, pd.DataFrame):
        return segments
    from ... import flatten

    return flatten.detailed_results(value, job_id=job_id).segments


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f.columns)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _person_attributes(client: Any) -> pd.DataFrame:
    nodes = _table(client.kg_nodes(type="person"), "kg_nodes")
    ids = list(dict.fromkeys(nodes["node_id"]))
    return _concat([_table(client.kg_node_attributes(n), "kg_attributes", node_id=n)
                    for n in ids])


def load_tables(client: Any) -> AccountTables:
    """Every table the charts need, through ``client`` (segments of all jobs, one table).

    >>> from deepva_frames.client import sample_client
    >>> t = load_tables(sample_client())
    >>> len(t.jobs), t.report_items["batch_id"].nunique()
    (7, 3)
    """
    raw_jobs = client.jobs()
    jobs = _table(raw_jobs, "jobs")
    ids = list(jobs["job_id"])
    media = client.media(ids)
    media = media if isinstance(media, pd.DataFrame) else _table(raw_jobs, "media")
    segments = _concat([_segments(client.detailed_results(j), j) for j in ids])
    summarized = _concat([_table(client.summarized_results(j), "summarized_results",
                                 job_id=j) for j in ids])
    batches = _table(client.batches(), "batches")
    batch_jobs = _concat([_table(client.batch_jobs(b), "jobs", batch_id=b)
                          for b in batches["batch_id"]])
    reports = _table(client.reports(), "reports")
    items = _concat([_table(client.report_items(r), "report_items", report_id=r)
                     for r in reports["report_id"]])
    return AccountTables(jobs, media, segments, summarized,
                         batches, batch_jobs, reports, items, _person_attributes(client))


def _module(segments: pd.DataFrame, module: str) -> pd.DataFrame:
    return segments[segments["module"] == module]


def _charts(t: AccountTables) -> list[tuple[str, str, Any]]:
    """(file name, description, draw) for every chart; ``draw()`` returns an Axes."""
    from ... import analysis, plot

    faces, diversity = _module(t.segments, FACES), _module(t.segments, DIVERSITY)
    enriched = analysis.enrich(faces, t.kg_attributes, jobs=t.jobs)
    first = t.jobs.sort_values("time_created").iloc[0]
    first_job, tag = first["job_id"], first["tag"]
    one_job = faces[faces["job_id"] == first_job]
    duration = t.media.loc[t.media["job_id"] == first_job, "duration_s"].iloc[0]
    biggest = t.report_items.groupby("report_id", sort=False)["batch_id"].nunique().idxmax()
    metrics = analysis.report_metrics(
        t.report_items[t.report_items["report_id"] == biggest], t.batches)
    return [
        ("screen_time.png", "screen time per recognised person, all video jobs, "
         "with its share of the videos' running time",
         lambda: plot.screen_time(analysis.screen_time(faces, media=t.media),
                                  title="Screen time per person")),
        ("gender_split.png", "faces per gender (diversity analysis), counts and shares",
         lambda: plot.gender_split(analysis.person_counts(diversity, by="gender"))),
        ("gender_screen_time.png", "screen time per gender (union of intervals), with "
         "its share of all screen time",
         lambda: plot.gender_split(analysis.screen_time(diversity, by="gender"))),
        ("age_distribution.png", "faces per age group (diversity analysis)",
         lambda: plot.age_distribution(analysis.person_counts(diversity, by="age"))),
        ("age_screen_time_kg.png", "screen time per age group of recognised people, "
         "ages from the knowledge graph at the job's date",
         lambda: plot.age_distribution(analysis.screen_time(enriched, by="age"),
                                       title="Screen time by age group (knowledge graph)")),
        ("speech_vs_screen.png", "speech against screen time per gender, in the "
         "genders' colours",
         lambda: plot.speech_vs_screen(analysis.speech_vs_screen(diversity, by="gender",
                                                                 media=t.media))),
        ("speech_vs_screen_age.png", "speech against screen time per age group, in age "
         "order",
         lambda: plot.speech_vs_screen(analysis.speech_vs_screen(diversity, by="age",
                                                                 media=t.media))),
        ("timeline.png", "who is on screen when in the first video job",
         lambda: plot.timeline(one_job, duration=float(duration),
                               title=f"Who is on screen when: the {tag} video")),
        ("report_comparison.png", "gender screen time across the batches of a report, "
         "the parent batch marked as their total",
         lambda: plot.report_comparison(metrics, "gender_screen_time")),
        ("report_comparison_counts.png", "faces per age group across the batches of a "
         "report", lambda: plot.report_comparison(metrics, "age_count")),
        ("co_occurrence.png", "seconds two recognised people are on screen together",
         lambda: plot.co_occurrence(analysis.co_occurrence(faces, form="matrix"))),
    ]


def _save(ax: Any, path: Path) -> None:
    import matplotlib.pyplot as plt

    from ...plot import png_dpi

    try:
        with atomic_writer(path) as fh:
            # HiDPI: twice the pixels of the chart's CSS size (its inches at 96 px each).
            ax.figure.savefig(fh, format="png", dpi=png_dpi(), facecolor="white")
    finally:
        plt.close(ax.figure)


def write_charts(client: Any, out: Path) -> list[tuple[Path, str]]:
    """Draw every chart for the account behind ``client`` into ``out/charts/`` as PNG.

    Returns ``(path, one-line description)`` pairs, in drawing order.

    >>> import tempfile, pathlib
    >>> from deepva_frames.client import sample_client
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> written = write_charts(sample_client(), out)
    >>> all(p.stat().st_size > 10_000 for p, _ in written), len(written)
    (True, 11)
    """
    folder = Path(out) / "charts"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, what, draw in _charts(load_tables(client)):
        path = folder / name
        _save(draw(), path)
        written.append((path, what))
    return written
