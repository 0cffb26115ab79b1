"""The one place where fetched pages and objects become what list methods return: tables.

Every list method of the Client is "fetch pages (or objects), then one call here", which
hands the raw page bodies to :mod:`deepva_frames.flatten` (its columnar fast path reads
page bytes directly). Only ``limit=`` goes through parsed records, to cut the rows.

``pages`` are :class:`deepva_frames.client.paging.FetchedPage` objects.

>>> from deepva_frames.client.paging import FetchedPage
>>> body = b'{"total": 2, "offset": 0, "limit": 10, "data": [{"id": "a"}, {"id": "b"}]}'
>>> page = FetchedPage("u", body, {"total": 2, "data": [{"id": "a"}, {"id": "b"}]})
>>> listing_table("jobs", [page])["job_id"].tolist()
['a', 'b']
>>> listing_table("jobs", [page], limit=1)["job_id"].tolist()
['a']
>>> job = {"id": "j", "result": {"summary": [{"source": "s", "media_type": "video",
...        "info": {"fps": 25}, "items": [{"type": "face", "label": "x"}]}]}}
>>> derived_table("media", [job])[["job_id", "fps"]].values.tolist()
[['j', 25.0]]
>>> page = {"total": 1, "data": ["Freiburg"]}
>>> derived_table("kg_search_suggestions", page, query="frei")["suggestion"].tolist()
['Freiburg']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .guard import guard
from .paging import FetchedPage, records_of

__all__ = ["derived_table", "listing_records", "listing_table"]


def listing_records(pages: Sequence[FetchedPage], limit: int | None = None) -> list[Any]:
    """The raw records of a listing's pages, at most ``limit`` of them."""
    records: list[Any] = []
    for page in pages:
        records.extend(records_of(page))
        if limit is not None and len(records) >= limit:
            return records[:limit]
    return records


def listing_table(name: str, pages: Sequence[FetchedPage], *, limit: int | None = None,
                  **context: Any) -> Any:
    """The tidy table of list method ``name`` (a flatten table name) from its pages.

    ``context`` carries what the records themselves lack (e.g. ``job_id`` of detailed
    results); None values are dropped.
    """
    from .. import flatten

    convert = getattr(flatten, name)
    context = {key: value for key, value in context.items() if value is not None}
    if limit is not None:
        return convert(listing_records(pages, limit), **context)
    return convert([page.body for page in pages], **context)


def derived_table(name: str, payload: Any, **context: Any) -> Any:
    """Tables of fetched objects: ``media`` and ``summary_items`` of job objects, and
    ``kg_search_suggestions`` of the suggestions document.

    A document (dict, text, bytes) is handed over as it is, any other iterable as a list:
    ``list()`` of a dict would silently keep only its keys.
    """
    from .. import flatten

    if not isinstance(payload, Mapping | str | bytes | list):
        payload = list(payload)
    with guard(name):  # no raw exception escapes a public call
        return getattr(flatten, name)(payload, **context)
