"""Batches and reports: listings, objects, sub-batches, a batch's jobs; create, delete,
start a report and wait for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._paths import (
    batch_jobs_path,
    batch_path,
    report_items_path,
    report_path,
    sub_batches_path,
)
from .._types import ErrorMode, PathLike
from .polling import wait_until_done
from .session import Session
from .wire import upload_spec

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BatchesAPI"]


class BatchesAPI(Session):
    """Batches and (diversity) reports."""

    # -- batches ------------------------------------------------------------------------
    def batches(self, limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """All batches (with their parent ids)."""
        return self._listing("batches", "/batches/", None, limit, errors=errors)

    def batch(self, id: str) -> dict[str, Any]:
        """One batch object."""
        return self._object(batch_path(id))

    def sub_batches(self, id: str, limit: int | None = None, *,
                    errors: ErrorMode = "warn") -> pd.DataFrame:
        """The sub-batches of a batch."""
        return self._listing("batches", sub_batches_path(id), None, limit, errors=errors)

    def batch_jobs(self, id: str, search: str | None = None, tag: str | None = None,
                   limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """The jobs of a batch."""
        return self._listing("jobs", batch_jobs_path(id),
                             {"search": search, "tag": tag}, limit, batch_id=id, errors=errors)

    def create_batch(self, name: str, description: str | None = None,
                     parent: str | None = None) -> dict[str, Any]:
        """Create a batch, optionally below a ``parent`` batch id."""
        if not name:
            raise ValueError("a batch needs a name")
        body = {"name": name, "description": description, "parent": parent}
        return self._send("POST", "/batches/",
                          json_body={k: v for k, v in body.items() if v is not None})

    def batch_from_files(self, files: PathLike | Iterable[PathLike], parent_id: str | None = None,
                         parent_name: str | None = None) -> list[dict[str, Any]]:
        """Create batches from source files (e.g. CSV); at most one of parent_id/parent_name.

        Raises ValueError for both parents and FileNotFoundError for a missing file, before
        any request.
        """
        if parent_id is not None and parent_name is not None:
            raise ValueError("pass parent_id or parent_name, not both")
        paths = [files] if isinstance(files, str | os.PathLike) else list(files)
        if not paths:
            raise ValueError("batch_from_files needs at least one file")
        specs = [upload_spec(p) for p in paths]
        form = {k: v for k, v in {"parent_id": parent_id, "parent_name": parent_name}.items()
                if v is not None}
        return self._send("POST", "/batches/files/", form=form, files={"files": specs})

    def delete_batch(self, id: str) -> dict[str, Any] | None:
        """Delete a batch, its sub-batches, and abort its jobs."""
        return self._send("DELETE", batch_path(id))

    # -- reports ------------------------------------------------------------------------
    def reports(self, limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """All reports."""
        return self._listing("reports", "/reports/", None, limit, errors=errors)

    def report(self, id: str) -> dict[str, Any]:
        """One report object (title, state, error message)."""
        return self._object(report_path(id))

    def report_items(self, report_id: str, limit: int | None = None, *,
                     errors: ErrorMode = "warn") -> pd.DataFrame:
        """The items of a report (one per batch, with its report_info)."""
        return self._listing("report_items", report_items_path(report_id), None, limit,
                             report_id=report_id, errors=errors)

    def create_report(self, batch_id: str) -> dict[str, Any]:
        """Start a (diversity) report on a batch; returns the report (state ``waiting``)."""
        return self._send("POST", f"{batch_path(batch_id)}report/")

    def delete_report(self, id: str) -> dict[str, Any] | None:
        """Delete a report."""
        return self._send("DELETE", report_path(id))

    def wait_for_report(self, id: str, timeout: float = 3600.0, poll: float = 2.0, *,
                        max_poll: float = 30.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll a report until it ends.

        See :meth:`~deepva_frames.client.jobs.JobsAPI.wait_for_job`.
        """
        return wait_until_done(self, "report", id, timeout=timeout, poll=poll,
                               max_poll=max_poll, progress=progress)
