"""Tables of a listing one page at a time, so a client builds them while pages arrive.

For the big listings (``jobs``, ``detailed_results``) a client flattens blocks of pages
as they land and joins the pages' tables at the end. Each page is parsed once: the
columnar path of detailed results (:func:`read_fast`) reads the raw bytes of a block of
pages with Arrow and hands back each page's paging keys (``total``, ``offset``,
``limit``, record count, record ids) with its tables; otherwise the client parses each
body and passes the block's documents to :func:`block_tables` (jobs: the block's
records flattened together, so Arrow's per-call costs are paid once a block). Joined,
the pages' tables equal the tables of the whole listing flattened at once (``start`` is
the listing index of the page's first record).

>>> body = (b'{"total": 1, "offset": 0, "limit": 10, "data": [{"frame_start": 0,'
...         b' "detections": [{"frame_index": 0, "data": {"x": 0.5}}]}]}')
>>> [(envelope, tables)] = read_fast("detailed_results", [body], start=0, job_id="j")
>>> envelope["total"], envelope["count"], tables[1].column("segment_id").to_pylist()
(1, 1, ['j:0'])
>>> joined("detailed_results", [tables]).detections["x"].tolist()
[0.5]
>>> jobs = page_tables("jobs", {"total": 1, "data": [{"id": "a"}]}, start=0)
>>> joined("jobs", [jobs])["job_id"].tolist()
['a']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..schemas import to_pandas
from ._payload import records_of
from ._quality import current
from .detailed import DetailedResults, _python_records
from .detailed_fast import Fallback
from .detailed_fast import _block_tables_unchecked as parsed_block_tables
from .detailed_fast import _parse as parse_block

__all__ = ["BLOCK_TABLES", "PAGED_TABLES", "block_tables", "joined", "page_tables",
           "read_fast"]

#: Tables whose rows depend only on their own record (and its listing index).
PAGED_TABLES = frozenset({"jobs", "detailed_results"})
#: Of those, the tables whose columnar path reads a block of pages at once.
BLOCK_TABLES = frozenset({"detailed_results", "jobs"})

Tables = tuple[pa.Table, ...]


def read_fast(name: str, bodies: Sequence[bytes], *, start: int, **context: Any
              ) -> list[tuple[dict[str, Any], Tables]] | None:
    """Each page's paging keys and tables from one columnar parse of a block of pages, or
    None when only the per-record path can read them (then parse each body and call
    :func:`page_tables`).

    The keys: ``total``, ``offset``, ``limit`` as sent, ``count`` (records) and ``ids``
    (the records' ``id`` values, None when none has one). ``start`` is the listing index
    of the block's first record.

    >>> read_fast("jobs", [b'{"total": 0, "data": []}'], start=0) is None
    True
    """
    if name != "detailed_results" or not bodies:
        return None
    block = list(bodies)
    try:
        table = parse_block(block)
        segments, detections, _ = parsed_block_tables(block, table, context.get("job_id"),
                                                      start)
        keys = _envelopes(table)
    except (Fallback, pa.ArrowException):
        return None
    return list(zip(keys, _per_page(segments, detections, [k["count"] for k in keys]),
                    strict=True))


def _envelopes(table: pa.Table) -> list[dict[str, Any]]:
    data = table.column("data").combine_chunks()
    counts = pc.list_value_length(data).to_pylist()
    records = data.flatten()
    ids = pc.struct_field(records, "id")
    all_ids = ids.to_pylist() if ids.null_count < len(ids) else None
    out, first = [], 0
    for total, offset, limit, count in zip(table.column("total").to_pylist(),
                                           table.column("offset").to_pylist(),
                                           table.column("limit").to_pylist(), counts,
                                           strict=True):
        last = first + count
        page_ids = tuple(i for i in all_ids[first:last] if i is not None) if all_ids else ()
        out.append({"total": total, "offset": offset, "limit": limit, "count": count,
                    "ids": page_ids or None})
        first = last
    return out


def _per_page(segments: pa.Table, detections: pa.Table, counts: list[int]) -> list[Tables]:
    """The block's tables cut into each page's rows (zero-copy slices)."""
    per_segment = pc.fill_null(segments.column("n_detections"), 0).to_numpy()
    seg_ends = np.cumsum(counts)
    det_ends = np.concatenate([[0], np.cumsum(per_segment)])[seg_ends]
    out, seg_start, det_start = [], 0, 0
    for seg_end, det_end in zip(seg_ends.tolist(), det_ends.tolist(), strict=True):
        out.append((segments.slice(seg_start, seg_end - seg_start),
                    detections.slice(det_start, det_end - det_start)))
        seg_start, det_start = seg_end, det_end
    return out


def page_tables(name: str, doc: Any, *, start: int, **context: Any) -> Tables:
    """The tables of one parsed page (or list of records) of listing ``name``.

    >>> segments, detections = page_tables("detailed_results", {"total": 3, "data": [
    ...     {"frame_start": 0}]}, start=2, job_id="j")
    >>> segments.column("segment_id").to_pylist()
    ['j:2']
    """
    if name == "detailed_results":
        current().job = context.get("job_id")  # reports name the job
        segments, detections, _ = _python_records(records_of(doc, "segments"),
                                                  context.get("job_id"), start)
        return segments, detections
    if name == "jobs":
        from . import jobs_arrow

        return (jobs_arrow(doc, batch_id=context.get("batch_id")),)
    raise KeyError(f"{name!r} is not built page by page; tables: {sorted(PAGED_TABLES)}")


def block_tables(name: str, docs: Sequence[Any], offsets: Sequence[int], **context: Any
                 ) -> list[Tables]:
    """The tables of each parsed page of a block (``offsets``: each page's listing index).

    >>> pages = [{"total": 2, "data": [{"id": "a"}]}, {"total": 2, "data": [{"id": "b"}]}]
    >>> [t[0].column("job_id").to_pylist() for t in block_tables("jobs", pages, [0, 1])]
    [['a'], ['b']]
    """
    if name != "jobs":
        return [page_tables(name, doc, start=offset, **context)
                for doc, offset in zip(docs, offsets, strict=True)]
    from . import jobs_arrow

    parts = [records_of(doc, "jobs") for doc in docs]
    table = jobs_arrow([record for part in parts for record in part],
                       batch_id=context.get("batch_id"))
    out, first = [], 0
    for part in parts:
        out.append((table.slice(first, len(part)),))
        first += len(part)
    return out


def joined(name: str, pages: Sequence[Tables]) -> pd.DataFrame | DetailedResults:
    """What ``flatten.<name>`` returns for the whole listing, from its pages' tables.

    >>> joined("jobs", []).shape[0]
    0
    """
    if not pages:
        pages = [page_tables(name, [], start=0)]
    parts = [pa.concat_tables(tables).unify_dictionaries() for tables in zip(*pages,
                                                                              strict=True)]
    if name == "detailed_results":
        return DetailedResults(to_pandas(parts[0]), to_pandas(parts[1]))
    return to_pandas(parts[0])
