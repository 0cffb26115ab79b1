"""The data-quality section: warnings raised while the report was built, unknown faces,
media without a duration, jobs that did not complete or have no diversity results.

>>> import warnings
>>> from deepva_frames.errors import DataQualityWarning
>>> with capture_warnings() as caught:
...     warnings.warn(DataQualityWarning("jobs", "progress", 3, job="j1", example="x"))
>>> caught  # doctest: +ELLIPSIS
["jobs: key 'progress' of an unexpected type in 3 record(s) (first: job j1, e.g. 'x'); ..."]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from .. import analysis
from ..errors import DataQualityWarning
from .figures import diversity_segments, face_segments
from .inputs import ReportInput
from .scope import job_label
from .sections import Section
from .tables import Column, Table

__all__ = ["capture_warnings", "quality_section", "unknown_faces"]


@contextmanager
def capture_warnings() -> Iterator[list[str]]:
    """Collect the messages of the DataQualityWarnings raised in the block, each once."""
    caught: list[str] = []
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always", DataQualityWarning)
        try:
            yield caught
        finally:
            messages = (str(r.message) for r in records
                        if issubclass(r.category, DataQualityWarning))
            caught.extend(dict.fromkeys(messages))


def unknown_faces(data: ReportInput) -> pd.DataFrame:
    """Per job: ``job, segments, seconds, share_of_screen, with_suggestion`` of the faces
    face recognition did not recognise (``with_suggestion``: segments with a closest
    person)."""
    faces = face_segments(data)
    if faces.empty:
        return pd.DataFrame(columns=["job", "segments", "seconds", "share_of_screen",
                                     "with_suggestion"])
    person = faces["person"].fillna("unknown").astype(str)
    per_job = analysis.screen_time(faces.assign(known=person != "unknown"), by="known",
                                   per="job")
    unknown = per_job[~per_job["known"].astype(bool)]
    rows = faces[person == "unknown"]
    counts = rows.groupby("job_id", sort=False).size()
    suggested = rows[rows["closest_person"].notna()].groupby("job_id", sort=False).size()
    tags = dict(zip(data.jobs["job_id"], data.jobs["tag"], strict=True))
    return pd.DataFrame({
        "job": [job_label(j, tags.get(j)) for j in unknown["job_id"]],
        "segments": unknown["job_id"].map(counts).fillna(0).to_numpy(),
        "seconds": unknown["seconds"].to_numpy(),
        "share_of_screen": unknown["share_of_screen"].to_numpy(),
        "with_suggestion": unknown["job_id"].map(suggested).fillna(0).to_numpy()})


def _missing_durations(data: ReportInput) -> pd.DataFrame:
    media = data.media[data.media["job_id"].isin(data.job_ids)]
    known = set(media.loc[media["duration_s"].notna(), "job_id"])
    tags = dict(zip(data.jobs["job_id"], data.jobs["tag"], strict=True))
    types = dict(zip(data.jobs["job_id"], data.jobs["media_type"].astype(str), strict=True))
    missing = [j for j in data.job_ids if j not in known]
    return pd.DataFrame({"job": [job_label(j, tags.get(j)) for j in missing],
                         "media_type": [types.get(j, "") for j in missing],
                         "has_media_row": [j in set(media["job_id"]) for j in missing]})


def _job_notes(data: ReportInput) -> list[str]:
    notes = []
    with_diversity = set(diversity_segments(data)["job_id"])
    for job in data.jobs.to_dict("records"):
        label = job_label(job["job_id"], job["tag"])
        if str(job["state"]) != "completed":
            notes.append(f"Job {label} is in state {job['state']}: its results are missing "
                         "or partial.")
        elif str(job["media_type"]) == "video" and job["job_id"] not in with_diversity:
            notes.append(f"Job {label} has no diversity-analysis segments: it is not in the "
                         "gender and age figures.")
    return notes


def quality_section(data: ReportInput, caught: list[str]) -> Section:
    """The notes a reader should know before quoting a figure."""
    section = Section("data-quality", "Data-quality notes",
                      "What the figures above rest on, and where the data is incomplete.")
    section.notes.extend(f"Warning while reading the data: {m}" for m in caught)
    section.notes.extend(_job_notes(data))
    unknown = unknown_faces(data)
    section.notes.append(f"{int(unknown['segments'].sum())} face-recognition segment(s) show "
                         "a face that was not recognised; they count as one person named "
                         "unknown per media source.")
    section.tables.append(Table("unknown-faces", "Unrecognised faces, per job", [
        Column("job", "Job"), Column("segments", "Segments", "count"),
        Column("seconds", "Screen time", "seconds"),
        Column("share_of_screen", "Share of the job's face screen time", "share"),
        Column("with_suggestion", "With a closest-person suggestion", "count")], unknown))
    missing = _missing_durations(data)
    if missing.empty:
        section.notes.append("Every job's media has a known duration.")
    else:
        section.notes.append(f"{len(missing)} job(s) have no media duration: their share of "
                             "media is not known (—) and their running time is left out.")
        section.tables.append(Table("missing-durations", "Jobs without a media duration", [
            Column("job", "Job"), Column("media_type", "Media"),
            Column("has_media_row", "Has media information", "bool")], missing))
    return section
