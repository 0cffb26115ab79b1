"""``Client.export``: Parquet datasets of jobs, batches and reports (see deepva_frames.export)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._types import ErrorMode, PathLike
from .session import Session

__all__ = ["ExportAPI"]


class ExportAPI(Session):
    """The export method of the Client."""

    def export(self, out_dir: PathLike, *,
               job_ids: str | Iterable[str] | None = None, batch_id: str | None = None,
               report_id: str | None = None, all_jobs: bool = False,
               incremental: bool = True, errors: ErrorMode = "warn") -> Any:
        """Write jobs' tables as hive-partitioned Parquet datasets under ``out_dir``.

        Exactly one scope: ``job_ids`` (one id or several), ``batch_id`` (the batch and
        its sub-batches, recursively), ``report_id`` (the report, its items and the jobs
        of the batches it covers) or ``all_jobs=True`` (the whole account; jobs no longer
        in it are removed from the export).

        Layout: ``out_dir/<table>/job_id=<id>/<table>.parquet`` for media, summary_items,
        summarized_results, segments and detections (the ``job_id`` column comes from the
        folder name), ``out_dir/<table>/<table>.parquet`` for jobs, batches, reports and
        report_items, and ``out_dir/_manifest.json``. Jobs are fetched and written one at
        a time (the next is fetched while the current one is written), so memory is
        bounded by the largest two jobs. Every file is replaced atomically.

        ``incremental=True`` fetches only jobs that are new, whose ``time_completed`` or
        ``state`` changed, that have not finished, or whose files are missing;
        ``incremental=False`` fetches every job in scope again. ``errors``: "warn" (a value
        of an unexpected type is a null cell, kept raw in the JSON column, with one
        DataQualityWarning per table and key) or "raise" (PayloadError naming the job).
        Returns an :class:`~deepva_frames.export.ExportResult`. Jobs that fail are recorded
        in the manifest and retried by the next run; once the others are exported,
        :class:`~deepva_frames.export.ExportIncomplete` names them. Nothing is written or
        deleted outside ``out_dir``.

        >>> c = sample_client()                                    # doctest: +SKIP
        >>> c.export("bi/", all_jobs=True)                         # doctest: +SKIP
        ExportResult('bi/', exported=7, unchanged=0, removed=0)
        >>> c.export("bi/", all_jobs=True)                         # doctest: +SKIP
        ExportResult('bi/', exported=0, unchanged=7, removed=0)
        """
        from ..export import export

        return export(self, out_dir, job_ids=job_ids, batch_id=batch_id, report_id=report_id,
                      all_jobs=all_jobs, incremental=incremental, errors=errors)
