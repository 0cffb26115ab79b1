"""The export driver: scope, manifest, one job at a time into partitions, account tables.

Order of a run, designed so that a crash at any point leaves a readable dataset:

1. take ``<out>/.export.lock``, load the manifest, resolve the scope (no file written yet);
2. for each job that is new or changed: fetch it (the next job is fetched meanwhile),
   replace each of its five partition files atomically (fixed names: ``os.replace`` swaps
   the old version for the new one), then save the manifest with the job's entry;
3. write the account tables (jobs, batches, reports, report_items) atomically, merging
   with the rows already exported; save the manifest;
4. only then remove what the manifest no longer lists (pruned jobs, temp files left by a
   killed run in ``<out>/.tmp/``).

A killed run leaves every file whole and each table with one version of each job's rows;
the jobs it did not finish keep their previous manifest entry (or none), so the next run
fetches them again.

A job that fails (its results cannot be fetched or flattened, its id cannot become a
folder name, its files cannot be written) does not stop the others: it is recorded under
``failed`` in the manifest (keeping any earlier export of it), retried by the next run,
and once the others are exported :class:`ExportIncomplete` names it. A run that fails
before writing anything leaves no lock, temp file or folder of its own behind.

>>> import tempfile
>>> from deepva_frames.client import sample_client
>>> result = export(sample_client(), tempfile.mkdtemp(), all_jobs=True)
>>> len(result.exported), result.rows["segments"] > 0
(7, True)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from .._progress import progress_bar
from .._types import ErrorMode
from ..errors import DeepVAError, PayloadError, WriteError
from ..flatten import errors_mode
from .dataset import PER_JOB_TABLES, remove_empty, sweep, upsert_table, write_partition
from .jobs import FailedJob, FetchedJob, iter_job_tables, job_pages
from .manifest import ExportError, Manifest, export_lock
from .parquet import clean_base_url, utc_now
from .scope import JobRef, Scope, check_scope, resolve_scope
from .source import Source

__all__ = ["ExportIncomplete", "ExportResult", "export", "fetch"]


@dataclass(frozen=True)
class ExportResult:
    """What one export run did.

    ``exported``: job ids written by this run; ``unchanged``: jobs in scope skipped as
    current; ``removed``: jobs dropped (``all_jobs`` only: no longer in the account);
    ``rows``: rows written per table; ``files``: the files written; ``failed``:
    ``{job_id: error message}`` of the jobs that could not be exported.
    """

    out_dir: Path
    exported: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]
    rows: dict[str, int] = field(repr=False)
    files: tuple[Path, ...] = field(repr=False)
    failed: dict[str, str] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        failed = f", failed={len(self.failed)}" if self.failed else ""
        return (f"ExportResult({str(self.out_dir)!r}, exported={len(self.exported)}, "
                f"unchanged={len(self.unchanged)}, removed={len(self.removed)}{failed})")

    def _repr_html_(self) -> str:
        """In a notebook: what this run wrote, skipped and removed, rows per table."""
        from .._html import fields, ids_text

        rows = ", ".join(f"{name} {count:,}" for name, count in self.rows.items() if count)
        return fields("ExportResult", [
            ("folder", str(self.out_dir)), ("exported", ids_text(self.exported)),
            ("unchanged (skipped)", ids_text(self.unchanged)),
            ("removed", ids_text(self.removed)), ("rows written", rows or "none"),
            ("files written", ids_text([str(f) for f in self.files], shown=3))])

    def summary(self) -> str:
        """One line for people: jobs written, skipped, removed and failed, rows per table."""
        rows = ", ".join(f"{name} {count:,}" for name, count in self.rows.items() if count)
        failed = f", {len(self.failed)} failed" if self.failed else ""
        return (f"{len(self.exported)} job(s) exported, {len(self.unchanged)} unchanged, "
                f"{len(self.removed)} removed{failed}" + (f"; rows: {rows}" if rows else ""))


class ExportIncomplete(ExportError):
    """Some jobs could not be exported; the others were. ``failed`` maps each failed job id
    to its error message, ``result`` is the run's :class:`ExportResult`. The manifest lists
    the failures, and the next run retries those jobs."""

    def __init__(self, result: ExportResult):
        self.result = result
        self.failed = dict(result.failed)
        shown = "; ".join(f"job {job_id}: {error}" for job_id, error in
                          list(self.failed.items())[:5])
        more = f" (and {len(self.failed) - 5} more)" if len(self.failed) > 5 else ""
        super().__init__(f"{len(self.failed)} job(s) not exported into {result.out_dir} "
                         f"({len(result.exported)} exported): {shown}{more}")


def prepare_out_dir(out_dir: str | os.PathLike[str]) -> tuple[Path, bool]:
    """Create the export folder; returns it and whether it was created (ExportError when it
    is a file or cannot be made)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"the export folder {out} is a file")
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the export folder {out}: "
                          f"{exc.strerror or exc}") from None
    return out, created


def _write_job(out: Path, job: FetchedJob, base_url: str | None) -> tuple[dict[str, str],
                                                                          dict[str, int]]:
    files, rows = {}, {}
    for name in PER_JOB_TABLES:
        table = job.tables[name]
        files[name] = write_partition(out, name, job.ref.job_id, table, base_url=base_url,
                                      fetched_at=job.fetched_at)
        rows[name] = table.num_rows
    return files, rows


def _export_jobs(client: Source, out: Path, manifest: Manifest, todo: Sequence[JobRef],
                 base_url: str | None, rows: dict[str, int], files: list[Path],
                 progress: bool | None) -> None:
    with progress_bar(client.progress_enabled(progress), total=len(todo), desc="export",
                      unit="job") as bar:
        for fetched in iter_job_tables(client, todo):
            if isinstance(fetched, FetchedJob):
                _export_one(out, manifest, fetched, base_url, rows, files)
            else:
                _fail(manifest, fetched)
            manifest.save()
            bar.update(1)
            del fetched


def _export_one(out: Path, manifest: Manifest, fetched: FetchedJob, base_url: str | None,
                rows: dict[str, int], files: list[Path]) -> None:
    """Write one job's partitions and note them; a failure is noted instead."""
    try:
        written, counts = _write_job(out, fetched, base_url)
    except WriteError as exc:
        if not out.is_dir():  # the export folder itself is gone: nothing else can work
            raise
        _fail(manifest, FailedJob(fetched.ref, exc))
        return
    except DeepVAError as exc:
        _fail(manifest, FailedJob(fetched.ref, exc))
        return
    except pa.ArrowException as exc:  # a table Parquet cannot hold
        error = PayloadError(f"job {fetched.ref.job_id}", f"cannot be written ({exc})")
        _fail(manifest, FailedJob(fetched.ref, error))
        return
    manifest.record_job(fetched.ref, written, counts, fetched.fetched_at)
    files.extend(out / rel for rel in written.values())
    for name, count in counts.items():
        rows[name] = rows.get(name, 0) + count


def _fail(manifest: Manifest, failed: FailedJob) -> None:
    manifest.record_failure(failed.ref, str(failed.error))


def _write_account(out: Path, manifest: Manifest, scope: Scope, base_url: str | None,
                   rows: dict[str, int], files: list[Path]) -> None:
    now = utc_now()
    for name, table in scope.tables.items():
        keep = manifest.jobs.keys() if name == "jobs" else None
        rel, total = upsert_table(out, name, table, keep=keep, base_url=base_url,
                                  fetched_at=now)
        manifest.record_table(name, rel, total)
        rows[name] = table.num_rows
        files.append(out / rel)


def _prune(manifest: Manifest, scope: Scope) -> list[str]:
    """Forget the jobs the (whole-account) scope no longer lists."""
    in_scope = {r.job_id for r in scope.jobs}
    return manifest.drop_jobs([j for j in list(manifest.jobs) if j not in in_scope])


def export(client: Source, out_dir: str | os.PathLike[str], *,
           job_ids: str | Iterable[str] | None = None, batch_id: str | None = None,
           report_id: str | None = None, all_jobs: bool = False,
           incremental: bool = True, progress: bool | None = None,
           errors: ErrorMode = "warn") -> ExportResult:
    """Export a scope of jobs through ``client`` as Parquet datasets under ``out_dir``.

    See :meth:`~deepva_frames.client.exporting.ExportAPI.export` and :mod:`deepva_frames.export`;
    ``progress`` shows a bar over the jobs (default: the client's setting); ``errors``:
    how every table read treats a value of an unexpected type (see deepva_frames.flatten).
    """
    with errors_mode(errors):
        return _export(client, out_dir, job_ids=job_ids, batch_id=batch_id,
                       report_id=report_id, all_jobs=all_jobs, incremental=incremental,
                       progress=progress)


def _export(client: Source, out_dir: str | os.PathLike[str], *,
            job_ids: str | Iterable[str] | None, batch_id: str | None, report_id: str | None,
            all_jobs: bool, incremental: bool, progress: bool | None) -> ExportResult:
    check_scope(job_ids, batch_id, report_id, all_jobs)
    out, created = prepare_out_dir(out_dir)
    try:
        with export_lock(out):
            try:
                result = _run(client, out, dict(job_ids=job_ids, batch_id=batch_id,
                                                report_id=report_id, all_jobs=all_jobs),
                              incremental, progress)
            finally:
                remove_empty(out)
    finally:
        if created:
            with contextlib.suppress(OSError):
                out.rmdir()  # only when the run left it empty
    if result.failed:
        raise ExportIncomplete(result)
    return result


def _run(client: Source, out: Path, scope_args: dict, incremental: bool,
         progress: bool | None) -> ExportResult:
    base_url = clean_base_url(client.base_url)
    rows: dict[str, int] = {}
    files: list[Path] = []
    manifest = Manifest.load(out, base_url=base_url)
    scope = resolve_scope(client, **scope_args)
    todo = [r for r in scope.jobs if not (incremental and manifest.is_current(r))]
    _export_jobs(client, out, manifest, todo, base_url, rows, files, progress)
    removed = _prune(manifest, scope) if scope.prune else []
    _write_account(out, manifest, scope, base_url, rows, files)
    manifest.save()
    sweep(out, manifest)
    failed = {r.job_id: manifest.failed[r.job_id]["error"] for r in todo
              if r.job_id in manifest.failed}
    exported = tuple(r.job_id for r in todo if r.job_id not in failed)
    done = {r.job_id for r in todo}
    return ExportResult(out, exported,
                        tuple(r.job_id for r in scope.jobs if r.job_id not in done),
                        tuple(removed), rows, tuple(files), failed)


def fetch(client: Source, *, job_ids: str | Iterable[str] | None = None,
          batch_id: str | None = None, report_id: str | None = None,
          all_jobs: bool = False, progress: bool | None = None) -> list[str]:
    """Fetch everything an export of this scope needs, writing no Parquet; returns job ids.

    With ``Client(cache_dir=...)`` this records the pages, so that
    ``Client(cache_dir=..., offline=True).export(...)`` of the same scope runs offline.

    >>> from deepva_frames.client import sample_client
    >>> len(fetch(sample_client(), batch_id="cd558b37-5be7-5c54-bc24-7e52c9edd175"))
    2
    """
    scope = resolve_scope(client, job_ids=job_ids, batch_id=batch_id, report_id=report_id,
                          all_jobs=all_jobs)
    with progress_bar(client.progress_enabled(progress), total=len(scope.jobs), desc="fetch",
                      unit="job") as bar:
        for ref in scope.jobs:
            job_pages(client, ref)
            bar.update(1)
    return [ref.job_id for ref in scope.jobs]
