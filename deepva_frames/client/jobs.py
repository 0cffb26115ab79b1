"""Jobs: listing, one job, its media, summaries, detailed results, artifacts; create,
delete, wait.

Every list method pages through the whole listing (``limit=`` caps the rows) and returns a
tidy table; single-object methods return the parsed JSON.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._paths import detailed_results_path, job_path, seg, summarized_results_path
from .._types import ErrorMode, PathLike
from .polling import wait_until_done
from .session import Session
from .tables import derived_table
from .wire import modules_body

if TYPE_CHECKING:
    import pandas as pd

    from ..flatten import DetailedResults

__all__ = ["JobsAPI"]

def _ids(job_ids: str | Iterable[str]) -> list[str]:
    return [job_ids] if isinstance(job_ids, str) else [str(j) for j in job_ids]


class JobsAPI(Session):
    """Visual Mining jobs and their results."""

    # -- reads --------------------------------------------------------------------------
    def jobs(self, search: str | None = None, tag: str | None = None,
             limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """All Visual Mining jobs, optionally filtered by ``search`` (id or tag) or ``tag``.

        >>> sample_client().jobs(limit=2)           # doctest: +SKIP
        """
        return self._listing("jobs", "/jobs/", {"search": search, "tag": tag}, limit, errors=errors)

    def job(self, id: str) -> dict[str, Any]:
        """One job object (state, progress, modules, result summary)."""
        return self._object(job_path(id))

    def _job_objects(self, job_ids: str | Iterable[str] | None) -> list[Any]:
        if job_ids is None:
            return self._records("/jobs/")
        return self._objects(job_path(j) for j in _ids(job_ids))

    def media(self, job_ids: str | Iterable[str] | None = None, *,
              errors: ErrorMode = "warn") -> pd.DataFrame:
        """Per source of each job: media type and the ``info`` (fps, size, frames) it reports.

        ``job_ids`` is one id, several, or None for every job of the account. A table with
        one row per result summary entry (see ``deepva_frames.schemas.describe("media")``).
        """
        return derived_table("media", self._job_objects(job_ids), errors=errors)

    def summary_items(self, job_ids: str | Iterable[str] | None = None, *,
                      errors: ErrorMode = "warn") -> pd.DataFrame:
        """The items of each job's result summary: a table, one row per item, with job_id
        and source (``job_ids`` as for :meth:`media`)."""
        return derived_table("summary_items", self._job_objects(job_ids), errors=errors)

    def summarized_results(self, job_id: str, limit: int | None = None, *,
                           errors: ErrorMode = "warn") -> pd.DataFrame:
        """The summarized results of one job (counts, screen times per module)."""
        return self._listing("summarized_results", summarized_results_path(job_id),
                             None, limit, job_id=job_id, errors=errors)

    def detailed_results(self, job_id: str, limit: int | None = None, *,
                         errors: ErrorMode = "warn") -> DetailedResults:
        """The detailed results (segments with their detections) of one job."""
        return self._listing("detailed_results", detailed_results_path(job_id),
                             None, limit, job_id=job_id, errors=errors)

    # -- artifacts ----------------------------------------------------------------------
    @staticmethod
    def _artifacts_path(job_id: str | None, export_id: str | None) -> str:
        if (job_id is None) == (export_id is None):
            raise ValueError("pass exactly one of job_id= and export_id=")
        if job_id is not None:
            return f"{job_path(job_id)}artifacts/"
        return f"/exports/{seg(export_id)}/artifacts/"

    def artifacts(self, job_id: str | None = None, export_id: str | None = None,
                  limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """The artifacts of a job or of an export (exactly one of the two ids)."""
        path = self._artifacts_path(job_id, export_id)
        return self._listing("artifacts", path, None, limit, job_id=job_id, export_id=export_id,
                             errors=errors)

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

    # -- writes and waits ---------------------------------------------------------------
    def create_job(self, sources: str | Iterable[str], modules: Mapping[str, Any] | Iterable[str],
                   tag: str | None = None) -> dict[str, Any]:
        """Start a Visual Mining job; returns the created job (state ``waiting``).

        >>> job = c.create_job("https://demo.deepva.com/demo1.jpg",       # doctest: +SKIP
        ...                    {"object_scene_recognition": {"model": "general"}})
        >>> c.wait_for_job(job["id"])["state"]                            # doctest: +SKIP
        'completed'
        """
        source_list = [sources] if isinstance(sources, str) else [str(s) for s in sources]
        if not source_list:
            raise ValueError("a job needs at least one source")
        body: dict[str, Any] = {"sources": source_list, "modules": modules_body(modules)}
        if tag is not None:
            body["tag"] = tag
        return self._send("POST", "/jobs/", json_body=body)

    def delete_job(self, id: str) -> dict[str, Any] | None:
        """Delete (and abort) a job."""
        return self._send("DELETE", job_path(id))

    def wait_for_job(self, id: str, timeout: float = 3600.0, poll: float = 2.0, *,
                     max_poll: float = 30.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll a job until it ends; returns the completed job object.

        Raises JobFailed (state failed/stopped, with the job's errors) or JobTimeout.

        >>> job = c.wait_for_job(c.create_job(src, modules)["id"], timeout=600)  # doctest: +SKIP
        """
        return wait_until_done(self, "job", id, timeout=timeout, poll=poll,
                               max_poll=max_poll, progress=progress)
