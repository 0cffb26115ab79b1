"""The figures a report shows, as tables computed by :mod:`deepva_frames.analysis`.

Every function takes a :class:`~deepva_frames.report.inputs.ReportInput` and returns a
DataFrame; the sections put them into tables and charts. Nothing here computes a figure
itself: screen time, shares, speech, counts, co-occurrence and the diversity metrics
all come from ``analysis``.

>>> from deepva_frames.client import sample_client
>>> from deepva_frames.report.inputs import gather
>>> data = gather(sample_client(), report="79560736-56fd-51cf-aeca-45851b21d65d")
>>> table = summary(data, "gender")
>>> table[["gender", "screen_seconds", "share_of_screen"]].round(3).values.tolist()
[['female', 49.04, 0.507], ['male', 47.6, 0.493]]
"""

from __future__ import annotations

import pandas as pd

from .. import analysis
from ..analysis.diversity import DIVERSITY_MODULE
from .inputs import ReportInput
from .scope import Group

__all__ = [
    "FACES_MODULE",
    "SUMMARY_COLUMNS",
    "comparison_metrics",
    "diversity_segments",
    "face_segments",
    "job_overview",
    "people",
    "summary",
]

FACES_MODULE = "face_recognition"


def diversity_segments(data: ReportInput) -> pd.DataFrame:
    """The segments of the diversity analysis (they carry gender, age and speaking)."""
    return data.segments[data.segments["module"] == DIVERSITY_MODULE]


def face_segments(data: ReportInput) -> pd.DataFrame:
    """The segments of face recognition (persons by name, unknown faces)."""
    return data.segments[data.segments["module"] == FACES_MODULE]


SUMMARY_COLUMNS = ["screen_seconds", "share_of_media", "share_of_screen", "speech_seconds",
                   "speech_share_of_speech", "speech_share_of_own_screen"]


def summary(data: ReportInput, by: str) -> pd.DataFrame:
    """Screen and speech time (unions of intervals) and their shares per ``by`` group:
    ``<by>, screen_seconds, share_of_media, share_of_screen, speech_seconds,
    speech_share_of_speech, speech_share_of_own_screen`` (see
    :func:`~deepva_frames.analysis.speech_vs_screen`)."""
    segments = diversity_segments(data)
    if segments.empty:
        return pd.DataFrame(columns=[by, *SUMMARY_COLUMNS])
    table = analysis.speech_vs_screen(segments, by=by, media=data.media)
    return table[[by, *SUMMARY_COLUMNS]]


def people(data: ReportInput) -> pd.DataFrame:
    """Screen time per recognised person (unknown faces one group): ``person, seconds,
    share_of_media, share_of_screen``."""
    faces = face_segments(data)
    if faces.empty:
        return pd.DataFrame(columns=["person", "seconds", "share_of_media",
                                     "share_of_screen"])
    table = analysis.screen_time(faces, by="person", media=data.media)
    return table[["person", "seconds", "share_of_media", "share_of_screen"]]


def comparison_metrics(data: ReportInput) -> pd.DataFrame:
    """The diversity metrics of every group, recomputed from the segments: ``batch_id,
    name, is_total, metric, key, value`` (``batch_id`` is the group's id, a job's for job
    lists), groups in the report's order."""
    segments = diversity_segments(data)
    parts = [_group_metrics(segments, group) for group in data.groups]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=["batch_id", "name", "is_total", "metric", "key",
                                     "value"])
    table = pd.concat(parts, ignore_index=True)
    table["metric"] = table["metric"].astype(str)
    return table


def _group_metrics(segments: pd.DataFrame, group: Group) -> pd.DataFrame:
    rows = segments[segments["job_id"].isin(group.job_ids)]
    metrics = analysis.diversity_metrics(rows)
    return metrics.assign(batch_id=group.group_id, name=group.label,
                          is_total=group.is_total)[
        ["batch_id", "name", "is_total", "metric", "key", "value"]]


def job_overview(data: ReportInput) -> pd.DataFrame:
    """One row per job: ``job, state, media_type, duration_s, face_seconds,
    share_of_media, persons`` (time with at least one face on screen, its share of the
    job's media, distinct faces per source summed)."""
    from .scope import job_label

    faces = face_segments(data)
    jobs = data.jobs
    durations = data.media.groupby("job_id", sort=False)["duration_s"].sum(min_count=1)
    if faces.empty:
        on_screen = pd.DataFrame(columns=["job_id", "seconds", "share_of_media"])
        persons = pd.DataFrame(columns=["job_id", "persons"])
    else:
        on_screen = analysis.screen_time(faces, by="job_id", per="job", media=data.media)
        persons = analysis.person_counts(faces, by="job_id")
    table = pd.DataFrame({
        "job": [job_label(j, t) for j, t in zip(jobs["job_id"], jobs["tag"], strict=True)],
        "job_id": jobs["job_id"], "state": jobs["state"].astype(str),
        "media_type": jobs["media_type"].astype(str),
        "duration_s": jobs["job_id"].map(durations)})
    table = table.merge(on_screen[["job_id", "seconds", "share_of_media"]], on="job_id",
                        how="left").merge(persons[["job_id", "persons"]], on="job_id",
                                          how="left")
    table["seconds"] = table["seconds"].fillna(0.0)
    table["persons"] = table["persons"].fillna(0)
    return table.rename(columns={"seconds": "face_seconds"})
