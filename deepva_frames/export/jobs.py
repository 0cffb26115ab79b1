"""One job's tables, straight from raw page bytes to Arrow (no pandas on the way).

Per job: ``/jobs/<id>/summarized-results/`` and ``/jobs/<id>/detailed-results/`` are
fetched (their raw page bodies go to :mod:`deepva_frames.flatten`'s columnar path) and
``media`` and ``summary_items`` are the job's rows flattened from the job object itself
(carried by its :class:`~deepva_frames.export.scope.JobRef`). A job whose ``state`` is
not ``completed`` may have no results yet: a 404 (or, offline, an unrecorded listing)
then gives empty tables; for a completed job it is an error.

:func:`iter_job_tables` fetches the next job on a worker thread while the caller writes
the current one, so at most two jobs' tables are in memory at any time.

>>> from deepva_frames.export.scope import JobRef
>>> ref = JobRef("j", state="waiting")
>>> sorted(t.num_rows for t in job_tables(ref, [], []).values())
[0, 0, 0, 0, 0]
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from .._paths import detailed_results_path, summarized_results_path
from .._types import utc_now
from ..errors import DeepVAError, NotFound, OfflineMiss, PayloadError
from ..flatten import detailed_results_arrow, to_arrow
from .scope import JobRef
from .source import Source

__all__ = ["FailedJob", "FetchedJob", "fetch_job", "iter_job_tables", "job_pages", "job_tables"]


@dataclass(frozen=True)
class FetchedJob:
    """A job's tables (``{name: Arrow table}``) and when its results were fetched."""

    ref: JobRef
    tables: dict[str, pa.Table] = field(repr=False)
    fetched_at: str

    @property
    def nbytes(self) -> int:
        """Bytes held by the job's Arrow tables."""
        return sum(t.nbytes for t in self.tables.values())


def _bodies(client: Source, path: str, ref: JobRef) -> list[bytes]:
    try:
        return client.raw_pages(path)
    except (NotFound, OfflineMiss):
        if ref.state == "completed":
            raise
        return []


def job_pages(client: Source, ref: JobRef) -> tuple[list[bytes], list[bytes]]:
    """The raw page bodies of a job's summarized and detailed results (recorded when the
    client has a cache)."""
    return (_bodies(client, summarized_results_path(ref.job_id), ref),
            _bodies(client, detailed_results_path(ref.job_id), ref))


def job_tables(ref: JobRef, summarized: Sequence[bytes],
               detailed: Sequence[bytes]) -> dict[str, pa.Table]:
    """The five per-job tables of a job from its raw result pages and its ref's rows."""
    segments, detections = detailed_results_arrow(list(detailed), job_id=ref.job_id)
    return {
        "media": ref.table("media"),
        "summary_items": ref.table("summary_items"),
        "summarized_results": to_arrow("summarized_results", list(summarized),
                                       job_id=ref.job_id),
        "segments": segments,
        "detections": detections,
    }


@dataclass(frozen=True)
class FailedJob:
    """A job that could not be fetched or flattened, and the package error why."""

    ref: JobRef
    error: DeepVAError


def fetch_job(client: Source, ref: JobRef) -> FetchedJob:
    """Fetch and flatten one job; any failure is a DeepVAError naming the job."""
    fetched_at = utc_now()
    summarized, detailed = job_pages(client, ref)
    try:
        tables = job_tables(ref, summarized, detailed)
    except DeepVAError:
        raise
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError,
            pa.ArrowException) as exc:
        raise PayloadError(f"job {ref.job_id}", f"results cannot be flattened "
                           f"({type(exc).__name__}: {str(exc)[:200]})") from None
    return FetchedJob(ref, tables, fetched_at)


def _in_background(client: Source, ref: JobRef) -> Callable[[], FetchedJob]:
    """Start fetching a job on a daemon thread (an interrupted run exits without waiting
    for it); the returned function waits for the job and returns it or raises."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["job"] = fetch_job(client, ref)
        except BaseException as exc:  # handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=contextvars.copy_context().run, args=(run,),  # errors mode
                              name="deepva-export-prefetch", daemon=True)
    thread.start()

    def result() -> FetchedJob:
        thread.join()
        if "error" in box:
            raise box.pop("error")
        return box.pop("job")
    return result


def iter_job_tables(client: Source,
                    refs: Sequence[JobRef]) -> Iterator[FetchedJob | FailedJob]:
    """Each job of ``refs`` fetched, in order; the next one is fetched in the background.

    A job whose fetch fails with a DeepVAError comes as a :class:`FailedJob` (the others
    go on); any other exception (an interrupt) ends the iteration.
    """
    if not refs:
        return
    pending = _in_background(client, refs[0])
    for index in range(len(refs)):
        try:
            done: FetchedJob | FailedJob = pending()
        except DeepVAError as exc:
            done = FailedJob(refs[index], exc)
        if index + 1 < len(refs):
            pending = _in_background(client, refs[index + 1])
        yield done
        del done
