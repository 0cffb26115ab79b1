"""What an export covers: the jobs of a list of ids, a batch, a report or the whole account.

Each scope resolves to its jobs (the API's job objects, in the API's order, each id once)
and the account tables it refreshes. The requests are the same for an export and for
``deepva-frames fetch``, so a page store recorded by one serves the other offline.

- ``job_ids``: ``GET /jobs/<id>/`` for each id (an unknown id raises NotFound). Tables: jobs.
- ``batch_id``: the ``/batches/`` listing; the batch and all its sub-batches, recursively
  (found through the listing's ``parent`` links), each with ``/batches/<id>/jobs/``
  (a job's ``batch_id`` column names the batch that lists it). Tables: jobs, batches.
- ``report_id``: ``GET /reports/<id>/``, its ``/items/``, and the jobs of the batches the
  items cover (with their sub-batches). Tables: jobs, batches, reports, report_items.
- ``all_jobs``: ``/jobs/``, ``/batches/``, ``/reports/`` and every report's items. Tables:
  all four; the scope is the whole account, so jobs no longer listed are removed.

A batch or report id missing from its listing is requested directly, so an unknown id
raises the API's NotFound.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from .._read_jobs import seg
from ..errors import NotFound
from ..flatten import to_arrow
from ..paging import FetchedPage
from ..schemas import empty_table

__all__ = ["JobRef", "Scope", "check_scope", "resolve_scope"]


@dataclass(frozen=True)
class JobRef:
    """One job in scope: its id, the API's job object and the batch that listed it."""

    job_id: str
    record: dict[str, Any] = field(repr=False)
    batch_id: str | None = None


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


def _listing(client: Any, path: str) -> list[FetchedPage]:
    return list(client._iter_listing(path))


def _records(pages: Sequence[FetchedPage]) -> list[dict[str, Any]]:
    return [r for page in pages for r in page.data["data"]]


def _concat(name: str, tables: Iterable[pa.Table]) -> pa.Table:
    tables = list(tables)
    return pa.concat_tables(tables).unify_dictionaries() if tables else empty_table(name)


def _jobs_table(refs: Sequence[JobRef]) -> pa.Table:
    """The jobs table of the refs, with ``batch_id`` where a batch listed the job."""
    groups: dict[str | None, list[dict[str, Any]]] = {}
    for ref in refs:
        groups.setdefault(ref.batch_id, []).append(ref.record)
    parts = [to_arrow("jobs", records, **({"batch_id": b} if b is not None else {}))
             for b, records in groups.items()]
    return _concat("jobs", parts)


def _refs(records: Iterable[dict[str, Any]], seen: set[str],
          batch_id: str | None = None) -> list[JobRef]:
    refs = []
    for record in records:
        job_id = str(record.get("id"))
        if job_id not in seen:
            seen.add(job_id)
            refs.append(JobRef(job_id, record, batch_id))
    return refs


def _unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if v is not None))


def _job_objects(client: Any, job_ids: Iterable[str]) -> list[dict[str, Any]]:
    try:
        return client._objects(f"/jobs/{seg(j)}/" for j in job_ids)
    except NotFound as exc:
        raise NotFound(exc.status, exc.url, f"no such job ({exc.body})") from exc


def _by_ids(client: Any, job_ids: str | Iterable[str]) -> Scope:
    ids = _unique([job_ids] if isinstance(job_ids, str) else job_ids)
    if not ids:
        raise ValueError("job_ids= is empty")
    refs = _refs(_job_objects(client, ids), set())
    return Scope("jobs", refs, {"jobs": _jobs_table(refs)})


def _batch_tree(client: Any, roots: Sequence[str],
                listed: list[dict[str, Any]]) -> list[str]:
    """The roots and all their descendants, parents first (unknown roots: NotFound)."""
    children: dict[str, list[str]] = {}
    for batch in listed:
        if batch.get("parent") is not None:
            children.setdefault(str(batch["parent"]), []).append(str(batch.get("id")))
    known = {str(b.get("id")) for b in listed}
    order: list[str] = []
    queue = list(roots)
    while queue:
        batch = queue.pop(0)
        if batch in order:
            continue
        if batch not in known:
            try:
                listed.append(client._object(f"/batches/{seg(batch)}/"))
            except NotFound as exc:
                raise NotFound(exc.status, exc.url, f"no such batch ({exc.body})") from exc
            known.add(batch)
        order.append(batch)
        queue.extend(children.get(batch, []))
    return order


def _batch_jobs(client: Any, batches: Sequence[str], seen: set[str]) -> list[JobRef]:
    refs: list[JobRef] = []
    for batch in batches:
        refs += _refs(_records(_listing(client, f"/batches/{seg(batch)}/jobs/")), seen, batch)
    return refs


def _by_batches(client: Any, roots: Sequence[str], kind: str) -> Scope:
    listed = _records(_listing(client, "/batches/"))
    tree = _batch_tree(client, roots, listed)
    refs = _batch_jobs(client, tree, set())
    tables = {"jobs": _jobs_table(refs), "batches": to_arrow("batches", listed)}
    return Scope(kind, refs, tables)


def _report(client: Any, report_id: str) -> dict[str, Any]:
    try:
        return client._object(f"/reports/{seg(report_id)}/")
    except NotFound as exc:
        raise NotFound(exc.status, exc.url, f"no such report ({exc.body})") from exc


def _items(client: Any, report_id: str) -> tuple[pa.Table, list[str]]:
    pages = _listing(client, f"/reports/{seg(report_id)}/items/")
    covered = _unique((r.get("content") or {}).get("batch_id") for r in _records(pages)
                      if isinstance(r, dict))
    table = to_arrow("report_items", [p.body for p in pages], report_id=report_id)
    return table, covered


def _by_report(client: Any, report_id: str) -> Scope:
    report = _report(client, str(report_id))
    items, covered = _items(client, str(report_id))
    scope = _by_batches(client, covered, "report")
    scope.tables.update(reports=to_arrow("reports", [report]), report_items=items)
    return scope


def _everything(client: Any) -> Scope:
    pages = _listing(client, "/jobs/")
    refs = _refs(_records(pages), set())
    reports = _listing(client, "/reports/")
    items = [_items(client, str(r.get("id")))[0] for r in _records(reports)]
    tables = {"jobs": _jobs_table(refs),
              "batches": to_arrow("batches", [p.body for p in _listing(client, "/batches/")]),
              "reports": to_arrow("reports", [p.body for p in reports]),
              "report_items": _concat("report_items", items)}
    return Scope("all", refs, tables, prune=True)


def resolve_scope(client: Any, *, job_ids: str | Iterable[str] | None = None,
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
