"""What an export covers: the jobs of a list of ids, a batch, a report or the whole account.

Each scope resolves to its jobs (in the API's order, each id once) and the account tables
it refreshes. The requests are the same for an export and for ``deepva-frames fetch``, so
a page store recorded by one serves the other offline.

- ``job_ids``: ``GET /jobs/<id>/`` for each id (an unknown id raises NotFound). Tables: jobs.
- ``batch_id``: the ``/batches/`` listing; the batch and all its sub-batches, recursively
  (found through the ``parent_id`` column), each with ``/batches/<id>/jobs/`` (a job's
  ``batch_id`` column names the batch that lists it). Tables: jobs, batches.
- ``report_id``: ``GET /reports/<id>/``, its ``/items/``, and the jobs of the batches the
  items cover (their ``batch_id`` column; with their sub-batches). Tables: jobs, batches,
  reports, report_items.
- ``all_jobs``: ``/jobs/``, ``/batches/``, ``/reports/`` and every report's items. Tables:
  all four; the scope is the whole account, so jobs no longer listed are removed.

A batch or report id missing from its listing is requested directly, so an unknown id
raises the API's NotFound.

Everything here reads flattened tables (:func:`deepva_frames.flatten.to_arrow` of the
listings' raw page bodies, or of the fetched objects), never the API's JSON keys: ids,
states, parents and covered batches come from the columns of :mod:`deepva_frames.schemas`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from .._paths import batch_jobs_path, batch_path, job_path, report_items_path, report_path
from ..errors import NotFound
from ..flatten import to_arrow
from .scope_jobs import JobRef, JobSet, concat_tables, job_tables_of
from .source import Source

__all__ = ["JobRef", "Scope", "check_scope", "resolve_scope"]


@dataclass
class Scope:
    """The jobs of an export and the account tables it writes (``{name: Arrow table}``)."""

    kind: str
    jobs: list[JobRef]
    tables: dict[str, pa.Table]
    prune: bool = False


def check_scope(job_ids: Any, batch_id: Any, report_id: Any, all_jobs: bool) -> str:
    """The scope's kind; ValueError unless exactly one of the four is given.

    >>> check_scope(None, "b", None, False)
    'batch'
    >>> check_scope(["a"], "b", None, False)
    Traceback (most recent call last):
    ...
    ValueError: pass exactly one of job_ids=, batch_id=, report_id=, all_jobs=True
    """
    given = {"jobs": job_ids is not None, "batch": batch_id is not None,
             "report": report_id is not None, "all": bool(all_jobs)}
    chosen = [kind for kind, on in given.items() if on]
    if len(chosen) != 1:
        raise ValueError("pass exactly one of job_ids=, batch_id=, report_id=, all_jobs=True")
    return chosen[0]


def _listing(client: Source, path: str) -> list[bytes]:
    """The raw page bodies of a whole listing (recorded when the client has a cache)."""
    return client.raw_pages(path)


def _unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if v is not None))


def _not_found(exc: NotFound, what: str) -> NotFound:
    return NotFound(exc.status, exc.url, f"no such {what} ({exc.body})")


def _job_objects(client: Source, job_ids: Iterable[str]) -> list[Any]:
    try:
        return client.get_json_many(job_path(j) for j in job_ids)
    except NotFound as exc:
        raise _not_found(exc, "job") from exc


def _by_ids(client: Source, job_ids: str | Iterable[str]) -> Scope:
    ids = _unique([job_ids] if isinstance(job_ids, str) else job_ids)
    if not ids:
        raise ValueError("job_ids= is empty")
    jobs = JobSet()
    jobs.add(job_tables_of(_job_objects(client, ids)))
    return Scope("jobs", jobs.refs, {"jobs": jobs.table()})


def _children(batches: pa.Table) -> dict[str, list[str]]:
    """``{parent_id: [batch_id, ...]}`` of a batches table, in its row order."""
    children: dict[str, list[str]] = {}
    for batch, parent in zip(batches.column("batch_id").to_pylist(),
                             batches.column("parent_id").to_pylist(), strict=True):
        if parent is not None:
            children.setdefault(parent, []).append(batch)
    return children


def _batch_object(client: Source, batch_id: str) -> Any:
    try:
        return client.get_json(batch_path(batch_id))
    except NotFound as exc:
        raise _not_found(exc, "batch") from exc


def _batch_tree(client: Source, roots: Sequence[str],
                listed: pa.Table) -> tuple[list[str], list[Any]]:
    """The roots and all their descendants, parents first, and the batch objects fetched
    for roots the listing lacks (unknown roots: NotFound)."""
    children = _children(listed)
    known = set(listed.column("batch_id").to_pylist())
    order: list[str] = []
    fetched: list[Any] = []
    queue = list(roots)
    while queue:
        batch = queue.pop(0)
        if batch in order:
            continue
        if batch not in known:
            fetched.append(_batch_object(client, batch))
            known.add(batch)
        order.append(batch)
        queue.extend(children.get(batch, []))
    return order, fetched


def _batches_table(bodies: list[bytes], fetched: list[Any]) -> pa.Table:
    """The batches table of the listing and of the batches fetched one by one (listed
    first); each part's parent chains run through the other's batches too."""
    if not fetched:
        return to_arrow("batches", bodies)
    return concat_tables("batches", [to_arrow("batches", bodies, ancestors=fetched),
                                     to_arrow("batches", fetched, ancestors=bodies)])


def _by_batches(client: Source, roots: Sequence[str], kind: str) -> Scope:
    bodies = _listing(client, "/batches/")
    tree, fetched = _batch_tree(client, roots, to_arrow("batches", bodies))
    jobs = JobSet()
    for batch in tree:
        jobs.add(job_tables_of(_listing(client, batch_jobs_path(batch)), batch))
    tables = {"jobs": jobs.table(), "batches": _batches_table(bodies, fetched)}
    return Scope(kind, jobs.refs, tables)


def _report(client: Source, report_id: str) -> pa.Table:
    try:
        return to_arrow("reports", client.get_json(report_path(report_id)))
    except NotFound as exc:
        raise _not_found(exc, "report") from exc


def _items(client: Source, report_id: str) -> tuple[pa.Table, list[str]]:
    """A report's items table and the batches they cover, in order."""
    table = to_arrow("report_items", _listing(client, report_items_path(report_id)),
                     report_id=report_id)
    return table, _unique(table.column("batch_id").to_pylist())


def _by_report(client: Source, report_id: str) -> Scope:
    report = _report(client, str(report_id))
    items, covered = _items(client, str(report_id))
    scope = _by_batches(client, covered, "report")
    scope.tables.update(reports=report, report_items=items)
    return scope


def _everything(client: Source) -> Scope:
    jobs = JobSet()
    jobs.add(job_tables_of(_listing(client, "/jobs/")))
    reports = to_arrow("reports", _listing(client, "/reports/"))
    items = [_items(client, r)[0] for r in reports.column("report_id").to_pylist()]
    tables = {"jobs": jobs.table(),
              "batches": to_arrow("batches", _listing(client, "/batches/")),
              "reports": reports,
              "report_items": concat_tables("report_items", items)}
    return Scope("all", jobs.refs, tables, prune=True)


def resolve_scope(client: Source, *, job_ids: str | Iterable[str] | None = None,
                  batch_id: str | None = None, report_id: str | None = None,
                  all_jobs: bool = False) -> Scope:
    """Fetch what the scope needs (see the module docstring) through ``client``."""
    kind = check_scope(job_ids, batch_id, report_id, all_jobs)
    if kind == "jobs":
        return _by_ids(client, job_ids)  # type: ignore[arg-type]
    if kind == "batch":
        return _by_batches(client, [str(batch_id)], "batch")
    if kind == "report":
        return _by_report(client, str(report_id))
    return _everything(client)
