"""Client reads of jobs, their results and artifacts, batches, reports and exports.

Every list method pages through the whole listing (``limit=`` caps the rows) and hands its
pages to :mod:`deepva_frames.client.tables`; single-object methods return the parsed JSON.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .session import ClientCore
from .tables import derived_table

__all__ = ["JobsMixin"]

PathLike = str | os.PathLike[str]


def seg(value: Any) -> str:
    """One path segment, percent-encoded (ids may be ints; names may hold spaces).

    >>> seg("a b/c"), seg(42)
    ('a%20b%2Fc', '42')
    """
    text = str(value)
    if not text or text in (".", ".."):
        raise ValueError(f"invalid id {value!r}")
    return quote(text, safe="-_.~@:")


def _ids(job_ids: str | Iterable[str]) -> list[str]:
    return [job_ids] if isinstance(job_ids, str) else [str(j) for j in job_ids]


class JobsMixin(ClientCore):
    """Jobs, results, artifacts, batches, reports, exports."""

    # -- jobs ---------------------------------------------------------------------------------
    def jobs(self, search: str | None = None, tag: str | None = None,
             limit: int | None = None) -> Any:
        """All Visual Mining jobs, optionally filtered by ``search`` (id or tag) or ``tag``.

        >>> sample_client().jobs(limit=2)           # doctest: +SKIP
        """
        return self._listing("jobs", "/jobs/", {"search": search, "tag": tag}, limit)

    def job(self, id: str) -> dict[str, Any]:
        """One job object (state, progress, modules, result summary)."""
        return self._object(f"/jobs/{seg(id)}/")

    def _job_objects(self, job_ids: str | Iterable[str] | None) -> list[Any]:
        if job_ids is None:
            return self._records("/jobs/")
        return self._objects(f"/jobs/{seg(j)}/" for j in _ids(job_ids))

    def media(self, job_ids: str | Iterable[str] | None = None) -> Any:
        """Per source of each job: media type and the ``info`` (fps, size, frames) it reports.

        ``job_ids`` is one id, several, or None for every job of the account. A table with
        one row per result summary entry (see ``deepva_frames.schemas.describe("media")``).
        """
        return derived_table("media", self._job_objects(job_ids))

    def summary_items(self, job_ids: str | Iterable[str] | None = None) -> Any:
        """The items of each job's result summary: a table, one row per item, with job_id
        and source (``job_ids`` as for :meth:`media`)."""
        return derived_table("summary_items", self._job_objects(job_ids))

    def summarized_results(self, job_id: str, limit: int | None = None) -> Any:
        """The summarized results of one job (counts, screen times per module)."""
        return self._listing("summarized_results", f"/jobs/{seg(job_id)}/summarized-results/",
                             None, limit, job_id=job_id)

    def detailed_results(self, job_id: str, limit: int | None = None) -> Any:
        """The detailed results (segments with their detections) of one job."""
        return self._listing("detailed_results", f"/jobs/{seg(job_id)}/detailed-results/",
                             None, limit, job_id=job_id)

    # -- artifacts ----------------------------------------------------------------------------
    @staticmethod
    def _artifacts_path(job_id: str | None, export_id: str | None) -> str:
        if (job_id is None) == (export_id is None):
            raise ValueError("pass exactly one of job_id= and export_id=")
        if job_id is not None:
            return f"/jobs/{seg(job_id)}/artifacts/"
        return f"/exports/{seg(export_id)}/artifacts/"

    def artifacts(self, job_id: str | None = None, export_id: str | None = None,
                  limit: int | None = None) -> Any:
        """The artifacts of a job or of an export (exactly one of the two ids)."""
        path = self._artifacts_path(job_id, export_id)
        return self._listing("artifacts", path, None, limit, job_id=job_id, export_id=export_id)

    def download_artifact(self, artifact_id: str, dest: PathLike | None = None, *,
                          job_id: str | None = None, export_id: str | None = None,
                          progress: bool | None = None) -> Path:
        """Download an artifact file of a job or export; returns the written path.

        ``dest`` is a file path or a folder (default: the current folder, with the name
        the server gives, else the artifact id). The file appears atomically.

        >>> c.download_artifact("7103f3f6", "out/", job_id="6b5195d6")   # doctest: +SKIP
        PosixPath('out/cd661240.png')
        """
        path = self._artifacts_path(job_id, export_id) + f"{seg(artifact_id)}/file/"
        return self._download(path, dest, str(artifact_id), progress)

    # -- batches ------------------------------------------------------------------------------
    def batches(self, limit: int | None = None) -> Any:
        """All batches (with their parent ids)."""
        return self._listing("batches", "/batches/", None, limit)

    def batch(self, id: str) -> dict[str, Any]:
        """One batch object."""
        return self._object(f"/batches/{seg(id)}/")

    def sub_batches(self, id: str, limit: int | None = None) -> Any:
        """The sub-batches of a batch."""
        return self._listing("batches", f"/batches/{seg(id)}/sub-batches/", None, limit)

    def batch_jobs(self, id: str, search: str | None = None, tag: str | None = None,
                   limit: int | None = None) -> Any:
        """The jobs of a batch."""
        return self._listing("jobs", f"/batches/{seg(id)}/jobs/",
                             {"search": search, "tag": tag}, limit, batch_id=id)

    # -- reports ------------------------------------------------------------------------------
    def reports(self, limit: int | None = None) -> Any:
        """All reports."""
        return self._listing("reports", "/reports/", None, limit)

    def report(self, id: str) -> dict[str, Any]:
        """One report object (title, state, error message)."""
        return self._object(f"/reports/{seg(id)}/")

    def report_items(self, report_id: str, limit: int | None = None) -> Any:
        """The items of a report (one per batch, with its report_info)."""
        return self._listing("report_items", f"/reports/{seg(report_id)}/items/", None, limit,
                             report_id=report_id)

    # -- exports ------------------------------------------------------------------------------
    def exports(self, limit: int | None = None) -> Any:
        """All exports of the account."""
        return self._listing("exports", "/exports/", None, limit)

    def export_info(self, id: str) -> dict[str, Any]:
        """One export object (strategy, state, progress, config).

        Named ``export_info`` because ``export`` writes Parquet files.
        """
        return self._object(f"/exports/{seg(id)}/")

    # -- trainings ----------------------------------------------------------------------------
    def training(self, id: str) -> dict[str, Any]:
        """One training object (state, progress, output model)."""
        return self._object(f"/trainings/{seg(id)}/")
