"""Tables of a listing one page at a time, so a client builds them while pages arrive.

For the big listings (``jobs``, ``detailed_results``) a client flattens each page as it
lands and joins the pages' tables at the end. The page is parsed once: the columnar
path of detailed results reads the raw bytes with Arrow and hands back the page's
paging keys (``total``, ``offset``, ``limit``, record count, record ids, first and
last record) with its tables; otherwise the client parses the body and passes the
document here. Joined, the pages' tables equal the tables of the whole listing
flattened at once (``start`` is the listing index of the page's first record).

>>> body = (b'{"total": 1, "offset": 0, "limit": 10, "data": [{"frame_start": 0,'
...         b' "detections": [{"frame_index": 0, "data": {"x": 0.5}}]}]}')
>>> envelope, tables = read_fast("detailed_results", body, start=0, job_id="j")
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

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..schemas import to_pandas
from ._payload import Part
from .detailed import DetailedResults, _python_part
from .detailed_fast import Fallback, parse_block, parsed_block_tables
from .job_tables import jobs_arrow

__all__ = ["PAGED_TABLES", "joined", "page_tables", "read_fast"]

#: Tables whose rows depend only on their own record (and its listing index).
PAGED_TABLES = frozenset({"jobs", "detailed_results"})

Tables = tuple[pa.Table, ...]


def read_fast(name: str, body: bytes, *, start: int, **context: Any
              ) -> tuple[dict[str, Any], Tables] | None:
    """The page's paging keys and tables from one columnar parse, or None when only the
    per-record path can read it (then parse the body and call :func:`page_tables`).

    The keys: ``total``, ``offset``, ``limit`` as sent, ``count`` (records), ``ids`` (the
    records' ``id`` values, None when none has one) and ``ends`` (first and last record).

    >>> read_fast("jobs", b'{"total": 0, "data": []}', start=0) is None
    True
    """
    if name != "detailed_results":
        return None
    try:
        table = parse_block([body])
        segments, detections, count = parsed_block_tables(table, [body], context.get("job_id"),
                                                          start)
        envelope = _envelope(table, count)
    except (Fallback, pa.ArrowException):
        return None
    return envelope, (segments, detections)


def _envelope(table: pa.Table, count: int) -> dict[str, Any]:
    records = table.column("data").combine_chunks().flatten()
    ids = pc.drop_null(pc.struct_field(records, "id")).to_pylist() if count else []
    ends = (records[0].as_py(), records[count - 1].as_py()) if count else None
    return {"total": table.column("total")[0].as_py(), "offset": table.column("offset")[0].as_py(),
            "limit": table.column("limit")[0].as_py(), "count": count,
            "ids": tuple(ids) or None, "ends": ends}


def page_tables(name: str, doc: Any, *, start: int, **context: Any) -> Tables:
    """The tables of one parsed page (or list of records) of listing ``name``.

    >>> segments, detections = page_tables("detailed_results", {"total": 3, "data": [
    ...     {"frame_start": 0}]}, start=2, job_id="j")
    >>> segments.column("segment_id").to_pylist()
    ['j:2']
    """
    if name == "detailed_results":
        segments, detections, _ = _python_part(Part({}, [doc]), context.get("job_id"), start)
        return segments, detections
    if name == "jobs":
        return (jobs_arrow(doc, batch_id=context.get("batch_id")),)
    raise KeyError(f"{name!r} is not built page by page; tables: {sorted(PAGED_TABLES)}")


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
