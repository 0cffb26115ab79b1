"""The one place where fetched pages and objects become what list methods return: tables.

Every list method of the Client is "fetch pages (or objects), then one call here". Each
page body is parsed once, in the thread that fetched it. The big listings (jobs,
detailed results) are flattened page by page as they arrive (:func:`page_reader`, the
columnar path of :mod:`deepva_frames.flatten` reads detailed results' bytes directly
and returns the paging facts from the same parse) and joined at the end; the others
are flattened from the parsed records. ``limit=`` goes through parsed records, to cut
the rows.

``pages`` are :class:`deepva_frames.client.paging.FetchedPage` objects.

>>> from deepva_frames.client.paging import FetchedPage
>>> page = FetchedPage("u", b"", {"total": 2, "data": [{"id": "a"}, {"id": "b"}]})
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
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import Any

from .guard import guard
from .paging import (
    BLOCK_BYTES,
    FetchedPage,
    PageFacts,
    Read,
    ReadBlock,
    read_json_page,
    records_of,
)

__all__ = ["block_bytes", "block_reader", "derived_table", "listing_records", "listing_table",
           "page_reader"]

#: Bytes of page bodies read together, by listing. Arrow's reader of detailed results
#: pays its set-up once a block; jobs are flattened in small blocks, so that the last
#: block adds little after the last page has landed.
_BLOCK_BYTES = {"jobs": 1 << 20}


def block_bytes(name: str) -> int:
    """Bytes of page bodies a block reader of listing ``name`` reads at once.

    >>> block_bytes("jobs") < block_bytes("detailed_results")
    True
    """
    return _BLOCK_BYTES.get(name, BLOCK_BYTES)


def listing_records(pages: Sequence[FetchedPage], limit: int | None = None) -> list[Any]:
    """The raw records of a listing's pages, at most ``limit`` of them."""
    records: list[Any] = []
    for page in pages:
        records.extend(records_of(page))
        if limit is not None and len(records) >= limit:
            return records[:limit]
    return records


def _given(context: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in context.items() if value is not None}


def page_reader(name: str, **context: Any) -> Read | None:
    """A reader for :func:`~deepva_frames.client.paging.iter_pages` that flattens each page
    of listing ``name`` as it arrives (None when that table is built from all records).

    >>> read = page_reader("jobs")
    >>> facts, tables = read(FetchedPage("u", b'{"total": 1, "data": [{"id": "a"}]}'), 0)
    >>> facts.ids, tables[0].column("job_id").to_pylist()
    (('a',), ['a'])
    >>> page_reader("batches") is None
    True
    """
    from ..flatten.pages import PAGED_TABLES, page_tables

    if name not in PAGED_TABLES:
        return None
    given = _given(context)

    def read(page: FetchedPage, offset: int) -> tuple[PageFacts, Any]:
        facts, doc = read_json_page(page, offset)
        return facts, page_tables(name, doc, start=offset, **given)
    return read


def block_reader(name: str, **context: Any) -> ReadBlock | None:
    """A block reader for the listings read a block of pages at a time, else None: one
    columnar parse of the block that also gives each page's paging facts (detailed
    results), or each page parsed and the block's records flattened together (jobs).

    >>> read = block_reader("detailed_results", job_id="j")
    >>> body = b'{"total": 1, "offset": 0, "limit": 5, "data": [{"frame_start": 3}]}'
    >>> [(facts, (segments, detections))] = read([FetchedPage("u", body)], [0])
    >>> facts.count, facts.limit, segments.column("segment_id").to_pylist()
    (1, 5, ['j:0'])
    """
    from ..flatten.pages import BLOCK_TABLES, block_tables, read_fast

    if name not in BLOCK_TABLES:
        return None
    given = _given(context)

    def read(pages: Sequence[FetchedPage], offsets: Sequence[int]
             ) -> list[tuple[PageFacts, Any]]:
        fast = read_fast(name, [page.body for page in pages], start=offsets[0], **given)
        if fast is None:  # each body parsed (or its precise error), the block flattened
            parsed = [read_json_page(page, offset)
                      for page, offset in zip(pages, offsets, strict=True)]
            tables = block_tables(name, [doc for _, doc in parsed], offsets, **given)
            return [(replace(facts, ends=_ends(made[0])), made)
                    for (facts, _), made in zip(parsed, tables, strict=True)]
        return [(PageFacts(keys["total"], offset if keys["offset"] is None else keys["offset"],
                           keys["limit"], keys["count"], keys["ids"], _ends(tables[0])), tables)
                for (keys, tables), offset in zip(fast, offsets, strict=True)]
    return read


def _ends(table: Any) -> tuple[Any, Any] | None:
    """The first and last rows of a page's table without its position-made id: what the
    repeated-page check compares, the same whichever path read the page."""
    if not table.num_rows:
        return None
    rows = table.select([c for c in table.column_names if c != "segment_id"])
    return rows.slice(0, 1).to_pylist()[0], rows.slice(table.num_rows - 1, 1).to_pylist()[0]


def errors_scope(errors: str | None) -> AbstractContextManager[Any]:
    """One errors scope for a whole listing: the pages flattened one by one (in the
    fetching threads too) report into it, and it warns once per table and key at its end.

    >>> with errors_scope(None):
    ...     pass
    """
    if errors is None:
        return nullcontext()
    from ..flatten import errors_mode

    return errors_mode(errors)  # type: ignore[arg-type]


def listing_table(name: str, pages: Sequence[FetchedPage], *, limit: int | None = None,
                  **context: Any) -> Any:
    """The tidy table of list method ``name`` (a flatten table name) from its pages.

    Pages read by :func:`page_reader` carry their tables, which are joined; pages read
    by the default reader carry their parsed body. ``context`` carries what the records
    themselves lack (e.g. ``job_id`` of detailed results); None values are dropped.
    """
    from .. import flatten
    from ..flatten.pages import joined

    if limit is None and pages and all(isinstance(page.data, tuple) for page in pages):
        return joined(name, [page.data for page in pages])
    return getattr(flatten, name)(listing_records(pages, limit), **_given(context))


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
