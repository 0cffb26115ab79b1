"""Detailed results of a job: segments and their detections.

``detailed_results(payload, job_id=...)`` returns :class:`DetailedResults` (frozen;
``.segments``, ``.detections``; unpacks as ``segments, detections = ...``).

Raw page bytes (a list of page bodies as a client holds them, NDJSON bytes or
files, page-store folders) take the columnar path of
:mod:`deepva_frames.flatten.detailed_fast` (Arrow's reader); a block it cannot read with
the declared types goes to msgspec's typed structs
(:mod:`~deepva_frames.flatten.detailed_structs`, with the ``fast`` extra), segment by
segment. Python objects (dicts, lists of records) and what those paths cannot read take
the per-record path of ``deepva_frames.flatten._segments``. All give the same tables.

``segment_id`` is the record's ``id`` when it has one, else ``"<job_id>:<index>"``
(``index``: the record's position in the whole payload, 0-based), ``"<index>"``
without a job_id. Flatten all pages of a listing together for ids to match the API's
order.

>>> page = {"total": 1, "offset": 0, "data": [{"frame_start": 12, "frame_end": 56,
...         "module": "face_recognition", "meta": {"person": "unknown",
...         "closest_person": "Charlie Manuel"}, "detections": [{"frame_index": 12,
...         "type": "face_bbox", "data": {"x": 0.6, "y": 0.2, "w": 0.1, "h": 0.2}}]}]}
>>> segments, detections = detailed_results(page, job_id="j")
>>> segments[["segment_id", "closest_person", "n_detections"]].to_dict("records")
[{'segment_id': 'j:0', 'closest_person': 'Charlie Manuel', 'n_detections': 1}]
>>> detections[["segment_id", "frame_index", "x"]].to_dict("records")
[{'segment_id': 'j:0', 'frame_index': 12, 'x': 0.6}]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import to_pandas
from ._convert import build_table
from ._payload import Part, load
from ._quality import ErrorMode, checking
from ._records import context_of
from ._segments import add_segment, new_columns, pack_meta_json, unpack_meta_json
from .detailed_fast import Tables, read_pages

try:
    from .detailed_structs import read_docs
except ImportError:  # msgspec is optional (the "fast" extra)
    read_docs = None  # type: ignore[assignment]

__all__ = ["DetailedResults", "detailed_results", "detailed_results_arrow", "pack_meta_json",
           "unpack_meta_json"]


@dataclass(frozen=True)
class DetailedResults:
    """The two tables of detailed results; iterable as ``(segments, detections)``."""

    segments: pd.DataFrame
    detections: pd.DataFrame

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return iter((self.segments, self.detections))

    def __repr__(self) -> str:
        return (f"DetailedResults(segments={len(self.segments)} rows, "
                f"detections={len(self.detections)} rows)")

    def _repr_html_(self) -> str:
        """In a notebook: both tables' shapes and first rows."""
        from .._html import fields, table_block

        return fields("DetailedResults", [], blocks=[
            table_block("segments", self.segments), table_block("detections", self.detections)])


def _python_records(records: list[Any], job_id: str | None, start: int) -> Tables:
    segments, detections = new_columns()
    for offset, record in enumerate(records):
        add_segment(segments, detections, record, start + offset, job_id)
    return build_table("segments", segments), build_table("detections", detections), len(records)


def _python_docs(docs: list[bytes], job_id: str | None, start: int) -> Tables:
    return _python_records(Part({}, list(docs)).records("segments"), job_id, start)


def _odd_block(docs: list[bytes], job_id: str | None, start: int) -> Tables:
    """A block Arrow cannot read with the declared types: msgspec's typed structs take
    it segment by segment (when installed), the per-record path what they cannot."""
    if read_docs is not None:
        return read_docs(docs, job_id, start, _python_docs, _python_records)
    return _python_docs(docs, job_id, start)


def _part_tables(part: Part, job_id: str | None, start: int) -> Tables:
    if part.raw and part.docs:  # Arrow's reader first: C++, on every core
        return read_pages(part.docs, job_id, start, fallback=_odd_block)
    return _python_records(part.records("segments"), job_id, start)


def detailed_results_arrow(payload: Any, *, job_id: str | None = None,
                           errors: ErrorMode = "warn") -> tuple[pa.Table, pa.Table]:
    """``(segments, detections)`` as Arrow tables (see :func:`detailed_results`).

    >>> segments, detections = detailed_results_arrow([])
    >>> segments.num_rows, detections.schema.names[:2]
    (0, ['job_id', 'segment_id'])
    """
    seg_tables, det_tables, start = [], [], 0
    with checking(errors) as quality:
        for part in load(payload, "segments"):
            context = context_of(part.context, {"job_id": job_id})
            quality.job = context.get("job_id")
            segments, detections, count = _part_tables(part, quality.job, start)
            seg_tables.append(segments)
            det_tables.append(detections)
            start += count
    if not seg_tables:
        return build_table("segments", {}), build_table("detections", {})
    return (pa.concat_tables(seg_tables).unify_dictionaries(),
            pa.concat_tables(det_tables).unify_dictionaries())


def detailed_results(payload: Any, *, job_id: str | None = None,
                     errors: ErrorMode = "warn") -> DetailedResults:
    """Segments and detections of job ``job_id`` (inferred from ``.../jobs/<id>/...`` paths).

    ``errors``: see :mod:`deepva_frames.flatten` ("warn": a value of an unexpected type
    becomes a null cell, its raw value kept in ``meta_json`` / ``extra``, with one
    DataQualityWarning per key; "raise": PayloadError naming job, record and key).

    The fast entry point for what a client holds: pass the list of raw page bodies
    (bytes) as fetched.

    >>> pages = [b'{"total": 1, "offset": 0, "data": [{"frame_start": 0, "detections": []}]}']
    >>> result = detailed_results(pages, job_id="j")
    >>> result
    DetailedResults(segments=1 rows, detections=0 rows)
    >>> result.segments.loc[0, "n_detections"]
    np.int64(0)
    """
    segments, detections = detailed_results_arrow(payload, job_id=job_id, errors=errors)
    return DetailedResults(to_pandas(segments), to_pandas(detections))
