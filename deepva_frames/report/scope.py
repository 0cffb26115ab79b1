"""What a report covers: a DeepVA report, a batch (with its sub-batches) or a list of jobs.

A scope is a list of :class:`Group` s, the columns of the report's comparison: the
batches of a report or of a batch tree (the top batch first, marked as the total of the
others), or the jobs of a job list (with an "all jobs" total when there are several).

>>> import pandas as pd
>>> batches = pd.DataFrame({"batch_id": ["top", "mon"], "name": ["Week", "Mon"],
...                         "parent_id": [None, "top"]})
>>> jobs = pd.DataFrame({"job_id": ["a", "b"], "batch_id": ["top", "mon"]})
>>> [(g.label, g.job_ids, g.is_total) for g in batch_groups(["top", "mon"], batches, jobs)]
[('Mon', ('b',), False), ('Week', ('a', 'b'), True)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..analysis import batch_job_ids

__all__ = ["Group", "batch_groups", "descendants", "job_groups"]


@dataclass(frozen=True)
class Group:
    """One column of the comparison: a batch (its jobs and those below it) or a job."""

    group_id: str
    label: str
    job_ids: tuple[str, ...]
    is_total: bool = False
    kind: str = "batch"


def _parents(batches: pd.DataFrame) -> dict[str, str | None]:
    parents = batches.drop_duplicates("batch_id").set_index("batch_id")["parent_id"]
    return {b: (p if isinstance(p, str) else None) for b, p in parents.items()}


def descendants(batch_id: str, batches: pd.DataFrame) -> list[str]:
    """``batch_id`` and every batch below it, top first.

    >>> b = pd.DataFrame({"batch_id": ["t", "m", "x"], "parent_id": [None, "t", "m"]})
    >>> descendants("t", b), descendants("x", b)
    (['t', 'm', 'x'], ['x'])
    """
    parents = _parents(batches)
    out, todo = [], [batch_id]
    while todo:
        current = todo.pop(0)
        if current not in out:
            out.append(current)
            todo.extend(b for b, p in parents.items() if p == current)
    return out


def _names(batches: pd.DataFrame) -> dict[str, str]:
    rows = batches.drop_duplicates("batch_id")
    names = rows["name"] if "name" in rows.columns else rows["batch_id"]
    return {b: str(n) if isinstance(n, str) and n else b
            for b, n in zip(rows["batch_id"], names, strict=True)}


def batch_groups(batch_ids: Sequence[str], batches: pd.DataFrame,
                 batch_jobs: pd.DataFrame) -> list[Group]:
    """One group per batch of ``batch_ids``, with the jobs of the batch and below it.

    The batch that holds all the others (the one whose parent is not among them, when
    there is exactly one) comes last and is the total (as charts draw it); otherwise an
    "All batches" total over every job is added last.
    """
    parents, names = _parents(batches), _names(batches)
    chosen = list(dict.fromkeys(batch_ids))
    roots = [b for b in chosen if parents.get(b) not in chosen]
    groups = [Group(b, names.get(b, b), tuple(batch_job_ids(b, batches, batch_jobs)),
                    is_total=len(roots) == 1 and b == roots[0] and len(chosen) > 1)
              for b in chosen]
    groups.sort(key=lambda g: g.is_total)
    if len(roots) > 1:
        every = tuple(dict.fromkeys(j for g in groups for j in g.job_ids))
        groups.append(Group("all", "All batches", every, is_total=True))
    return groups


def job_label(job_id: str, tag: object) -> str:
    """A job's short name: its tag and the first 8 characters of its id.

    >>> job_label("59f723cb-c457", "newsroom"), job_label("59f723cb-c457", None)
    ('newsroom 59f723cb', '59f723cb')
    """
    head = job_id[:8]
    return f"{tag} {head}" if isinstance(tag, str) and tag else head


def job_groups(job_ids: Sequence[str], jobs: pd.DataFrame) -> list[Group]:
    """One group per job, then an "All jobs" total when there are several.

    >>> jobs = pd.DataFrame({"job_id": ["a1", "b2"], "tag": ["news", None]})
    >>> [(g.label, g.is_total) for g in job_groups(["a1", "b2"], jobs)]
    [('news a1', False), ('b2', False), ('All jobs', True)]
    """
    tags = dict(zip(jobs["job_id"], jobs["tag"], strict=True)) if "tag" in jobs else {}
    chosen = list(dict.fromkeys(job_ids))
    groups = [Group(j, job_label(j, tags.get(j)), (j,), kind="job") for j in chosen]
    if len(groups) > 1:
        groups.append(Group("all", "All jobs", tuple(chosen), is_total=True, kind="job"))
    return groups
