"""The jobs of a scope as flattened tables: one :class:`JobRef` per job, each id once.

Job objects (a listing's raw page bodies, or fetched objects) are flattened into the
``jobs``, ``media`` and ``summary_items`` tables; a job's id, state, completion time and
listing batch are read from its ``jobs`` row, and its rows of the two per-job tables
derived from the job object travel with it (the export writes them with its results).

>>> jobs = JobSet()
>>> jobs.add(job_tables_of([{"id": "a", "state": "completed"}, {"id": "b"}], "x"))
>>> jobs.add(job_tables_of([{"id": "b"}, {"id": "c", "state": "waiting"}]))
>>> [(r.job_id, r.state, r.batch_id) for r in jobs.refs]
[('a', 'completed', 'x'), ('b', None, 'x'), ('c', 'waiting', None)]
>>> jobs.table().column("job_id").to_pylist()
['a', 'b', 'c']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa

from ..flatten import to_arrow
from ..schemas import empty_table

__all__ = ["DERIVED", "JobRef", "JobSet", "compact", "concat_tables", "job_tables_of"]

#: The per-job tables flattened from the job object itself (not from its results).
DERIVED = ("media", "summary_items")
_STATUS = ["job_id", "state", "time_completed", "batch_id"]


@dataclass(frozen=True)
class JobRef:
    """One job in scope: its id, state and completion time (from its ``jobs`` row), the
    batch that listed it, and its rows of the :data:`DERIVED` tables."""

    job_id: str
    state: str | None = None
    time_completed: datetime | None = None
    batch_id: str | None = None
    tables: Mapping[str, pa.Table] = field(default_factory=dict, repr=False)

    def table(self, name: str) -> pa.Table:
        """The job's rows of derived table ``name`` (an empty table when it has none).

        >>> JobRef("j").table("media").num_rows
        0
        """
        found = self.tables.get(name)
        return empty_table(name) if found is None else found


def concat_tables(name: str, tables: Iterable[pa.Table]) -> pa.Table:
    """Stack tables of ``name`` (dictionaries unified); the empty table when there are none.

    >>> concat_tables("jobs", []).num_rows
    0
    """
    tables = list(tables)
    return pa.concat_tables(tables).unify_dictionaries() if tables else empty_table(name)


def compact(table: pa.Table) -> pa.Table:
    """``table`` with each dictionary column re-encoded from its own values, in order of
    appearance (rows taken from a bigger table keep its whole dictionary otherwise).

    >>> big = to_arrow("media", [{"id": "a", "result": {"summary": [
    ...     {"media_type": "video"}, {"media_type": "image"}]}}])
    >>> compact(big.take([1])).column("media_type").chunk(0).dictionary.to_pylist()
    ['image']
    """
    for index, column in enumerate(table.schema):
        if pa.types.is_dictionary(column.type):
            values = table.column(index).combine_chunks().dictionary_decode()
            table = table.set_column(index, column,
                                     values.dictionary_encode().cast(column.type))
    return table


def job_tables_of(payload: Any, batch_id: str | None = None) -> dict[str, pa.Table]:
    """The ``jobs`` and :data:`DERIVED` tables of job objects (any flatten payload);
    ``batch_id``: the batch whose listing it is."""
    return {"jobs": to_arrow("jobs", payload, batch_id=batch_id),
            **{name: to_arrow(name, payload) for name in DERIVED}}


def _rows_by_job(table: pa.Table) -> dict[str, list[int]]:
    """``{job_id: [row index, ...]}`` of a table with a ``job_id`` column."""
    rows: dict[str, list[int]] = {}
    for index, job_id in enumerate(table.column("job_id").to_pylist()):
        rows.setdefault(job_id, []).append(index)
    return rows


def _take(table: pa.Table, rows: list[int]) -> pa.Table:
    return compact(table.take(pa.array(rows, pa.int64())))


@dataclass
class JobSet:
    """Jobs gathered from one listing (or set of objects) after another, in order; a job
    listed again is skipped (the first listing wins, as for the ``batch_id`` column)."""

    refs: list[JobRef] = field(default_factory=list)
    parts: list[pa.Table] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, tables: Mapping[str, pa.Table]) -> None:
        """Add the jobs of :func:`job_tables_of` tables not seen yet."""
        first: list[int] = []
        for index, job_id in enumerate(tables["jobs"].column("job_id").to_pylist()):
            if job_id not in self.seen:
                self.seen.add(job_id)
                first.append(index)
        kept = _take(tables["jobs"], first)
        rows = {name: _rows_by_job(tables[name]) for name in DERIVED}
        for status in kept.select(_STATUS).to_pylist():
            derived = {name: _take(tables[name], rows[name].get(status["job_id"], []))
                       for name in DERIVED}
            self.refs.append(JobRef(**status, tables=derived))
        self.parts.append(kept)

    def table(self) -> pa.Table:
        """The ``jobs`` table of every job added, in order."""
        return concat_tables("jobs", self.parts)
