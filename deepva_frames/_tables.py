"""The one place where fetched pages and objects become what list methods return.

Every list method of the Client is "fetch pages (or objects), then one call here". Until
the flatten package lands these return raw records (a list of dicts); the flatten step
replaces the bodies of :func:`listing_table` and :func:`derived_table` and nothing else.

``pages`` are :class:`deepva_frames.paging.FetchedPage` objects, so the raw body bytes of
every page are at hand for a columnar parser.

>>> from deepva_frames.paging import FetchedPage
>>> page = FetchedPage("u", b"", {"total": 2, "data": [{"id": "a"}, {"id": "b"}]})
>>> listing_table("jobs", [page], limit=1)
[{'id': 'a'}]
>>> job = {"id": "j", "result": {"summary": [{"source": "s", "media_type": "video",
...        "info": {"fps": 25}, "items": [{"type": "face", "label": "x"}]}]}}
>>> derived_table("media", [job])
[{'job_id': 'j', 'source': 's', 'media_type': 'video', 'info': {'fps': 25}}]
>>> derived_table("summary_items", [job])
[{'job_id': 'j', 'source': 's', 'media_type': 'video', 'type': 'face', 'label': 'x'}]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import PayloadError
from .paging import FetchedPage, records_of

__all__ = ["derived_table", "listing_table"]


def listing_table(name: str, pages: Sequence[FetchedPage], *, limit: int | None = None,
                  **context: Any) -> list[Any]:
    """The result of a list method ``name`` from its pages (raw records for now).

    ``context`` carries what the records themselves lack, with the keyword names of
    :mod:`deepva_frames.flatten` (``job_id``, ``batch_id``, ``report_id``, ``node_id``,
    ``of_node_id``, ``other_node_id``, ``dataset_id``, ``class_id``, ``cluster_name``,
    ``export_id``, ``folder``), so that the flatten step is
    ``getattr(flatten, name)([p.body for p in pages], **context)`` (then trimmed to
    ``limit`` rows).
    """
    records: list[Any] = []
    for page in pages:
        records.extend(records_of(page))
        if limit is not None and len(records) >= limit:
            break
    return records if limit is None else records[:limit]


def derived_table(name: str, objects: Sequence[dict[str, Any]], **context: Any) -> list[Any]:
    """Tables derived from job objects: ``media`` and ``summary_items`` (raw dicts for now)."""
    rows: list[Any] = []
    for job in objects:
        for summary in _summaries(job):
            head = {"job_id": job.get("id"), "source": summary.get("source"),
                    "media_type": summary.get("media_type")}
            if name == "media":
                rows.append({**head, "info": summary.get("info") or {}})
            else:
                rows.extend({**head, **item} for item in summary.get("items") or [])
    return rows


def _summaries(job: Any) -> list[dict[str, Any]]:
    if not isinstance(job, dict):
        raise PayloadError("jobs", "a job is not an object", record=None)
    result = job.get("result") or {}
    summary = result.get("summary") if isinstance(result, dict) else None
    if summary is None:
        return []
    if not isinstance(summary, list):
        raise PayloadError("jobs", "result.summary is not a list", record=job.get("id"),
                           key="result.summary")
    return [s for s in summary if isinstance(s, dict)]
