"""The fastest path of detailed results: msgspec decodes each segment into typed structs.

Used when msgspec is installed (``pip install deepva-frames[fast]``). Its structs are
derived from the declarations of segments and detections, like the Arrow reader's. A
page's envelope is read first with its segments left undecoded; each segment is then
taken only if every value has its declared type and it has no key without a column.
Runs of such segments become the tables straight from the structs, with the garbage
collector paused (no struct is tracked by it). Any other segment (an unknown key, a
value of another type, a missing ``frame_start``) goes, in its place, to the
per-record path, and a document whose envelope is not a page to the other paths: so
one odd segment costs one segment's slow path, and every row is the one the
per-record path would give.

>>> from deepva_frames.flatten.detailed import _python_docs, _python_records
>>> page = (b'{"total": 1, "offset": 0, "data": [{"frame_start": 0, '
...         b'"detections": [{"frame_index": 0}]}]}')
>>> segments, detections, count = read_docs([page], "j", 0, _python_docs, _python_records)
>>> segments.column("segment_id").to_pylist(), detections.column("segment_id").to_pylist()
(['j:0'], ['j:0'])
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

import msgspec
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..schemas import declaration, schema
from .detailed_fast import Fallback, Tables, check_exact, constant, row_ids

__all__ = ["RUN_BYTES", "read_docs"]

RUN_BYTES = 8 << 20  # pages decoded at once: bounds the structs alive at a time
_PYTHON = {"string": str, "int64": int, "double": float, "bool": bool}


def _python_type(arrow_type: pa.DataType) -> type:
    if pa.types.is_dictionary(arrow_type):
        return str
    return _PYTHON[str(arrow_type)]


def _struct(name: str, table: str, where: tuple[str, ...], **more: Any) -> type:
    """A msgspec struct of the declared columns of ``table`` whose key path is below ``where``."""
    declared = declaration(table)
    fields: list[tuple[str, Any, Any]] = []
    for column, path in declared.keys.items():
        if path[:-1] == where:
            kind = _python_type(declared.schema.field(column).type)
            fields.append((path[-1], kind | None, None))
    fields += [(key, kind, default) for key, (kind, default) in more.items()]
    return msgspec.defstruct(name, fields, forbid_unknown_fields=True, gc=False)


_BOX = _struct("Box", "detections", ("data",))
_DETECTION = _struct("Detection", "detections", (),
                     data=(_BOX, msgspec.field(default_factory=_BOX)))
_META = _struct("Meta", "segments", ("meta",))
_SEGMENT = _struct("Segment", "segments", (), meta=(_META | None, None),
                   detections=(list[_DETECTION] | None, None))  # type: ignore[valid-type]
_RAW_PAGE = msgspec.defstruct("RawPage", [("data", list[msgspec.Raw]),
                                           ("total", int | None, None),
                                           ("offset", int | None, None),
                                           ("limit", int | None, None)], gc=False)
_RAW_DECODER: msgspec.json.Decoder[Any] = msgspec.json.Decoder(_RAW_PAGE)
_TYPED_PAGE = msgspec.defstruct("TypedPage", [("data", list[_SEGMENT]),  # type: ignore[valid-type]
                                              ("total", int | None, None),
                                              ("offset", int | None, None),
                                              ("limit", int | None, None)], gc=False)
_TYPED_DECODER: msgspec.json.Decoder[Any] = msgspec.json.Decoder(_TYPED_PAGE)
_SEGMENT_DECODER: msgspec.json.Decoder[Any] = msgspec.json.Decoder(_SEGMENT)


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _column(values: list[Any], arrow_type: pa.DataType) -> pa.Array:
    if pa.types.is_dictionary(arrow_type):
        return pc.dictionary_encode(pa.array(values, pa.string()))
    array = pa.array(values, arrow_type)
    if pa.types.is_floating(arrow_type):
        check_exact(array)
    return array


def _columns(table: str, objects: list[Any], where: tuple[str, ...]) -> dict[str, pa.Array]:
    declared = declaration(table)
    out = {}
    for column, path in declared.keys.items():
        if path[:-1] == where:
            out[column] = _column(list(map(attrgetter(path[-1]), objects)),
                                  declared.schema.field(column).type)
    return out


def _tables(segments: list[Any], job_id: str | None, start: int) -> Tables:
    n = len(segments)
    metas = [s.meta for s in segments]
    lists = [s.detections for s in segments]
    counts = np.fromiter((-1 if d is None else len(d) for d in lists), np.int64, n)
    detections = [d for found in lists if found for d in found]
    seg_cols = _columns("segments", segments, ())
    if any(m is not None for m in metas):
        present = [m if m is not None else _META() for m in metas]
        seg_cols.update(_columns("segments", present, ("meta",)))
    if seg_cols["frame_start"].null_count or None in map(attrgetter("frame_index"), detections):
        raise Fallback("a missing required key")
    ids = row_ids(job_id, start, n, seg_cols.pop("segment_id"))
    det_cols = {**_columns("detections", detections, ()),
                **_columns("detections", [d.data for d in detections], ("data",))}
    parents = np.repeat(np.arange(n), np.maximum(counts, 0))
    seg_cols.update(job_id=constant(job_id, n), segment_id=ids,
                    n_detections=pa.array(counts, mask=counts < 0),
                    meta_json=pa.nulls(n, pa.string()), age_years=pa.nulls(n, pa.float64()))
    det_cols.update(job_id=constant(job_id, len(detections)), segment_id=ids.take(parents),
                    extra=pa.nulls(len(detections), pa.string()))
    return _table("segments", seg_cols, n), _table("detections", det_cols, len(detections)), n


def _table(name: str, columns: dict[str, pa.Array], rows: int) -> pa.Table:
    fields = schema(name)
    return pa.Table.from_arrays([columns.get(f.name, pa.nulls(rows, f.type)) for f in fields],
                                schema=fields)


DocsPath = Callable[[list[bytes], str | None, int], Tables]
RecordsPath = Callable[[list[Any], str | None, int], Tables]


def _typed_segments(doc: bytes) -> list[Any] | None:
    """Every segment of a page decoded, when all are well-typed with known keys only."""
    try:
        page = _TYPED_DECODER.decode(doc)
    except msgspec.MsgspecError:
        return None
    if page.total is None and page.offset is None and page.limit is None:
        return None
    return page.data


def _raw_segments(doc: bytes) -> list[msgspec.Raw] | None:
    """The undecoded segments of a page, or None when this path does not take the document."""
    try:
        page = _RAW_DECODER.decode(doc)
    except msgspec.MsgspecError:
        return None
    if page.total is None and page.offset is None and page.limit is None:
        return None  # not a page: the other paths read it as a record
    return page.data


def _segment(raw: msgspec.Raw) -> Any:
    try:
        return _SEGMENT_DECODER.decode(raw)
    except msgspec.MsgspecError:
        return None


class _Runs:
    """Parts of the listing in order: runs of typed segments, and the odd ones between."""

    def __init__(self, job_id: str | None, start: int, docs_path: DocsPath,
                 records_path: RecordsPath):
        self.job_id, self.start, self.count = job_id, start, 0
        self.docs_path, self.records_path = docs_path, records_path
        self.parts: list[Tables] = []
        self.good: list[Any] = []
        self.sources: list[bytes | msgspec.Raw] = []  # where good came from: pages, segments

    def _add(self, part: Tables) -> None:
        self.parts.append(part)
        self.count += part[2]

    def take(self, segments: list[Any], source: bytes | msgspec.Raw) -> None:
        self.good.extend(segments)
        self.sources.append(source)

    def _records(self) -> list[Any]:
        """The good segments parsed as records, in order, for the per-record path."""
        records: list[Any] = []
        for source in self.sources:
            if isinstance(source, bytes):
                records.extend(json.loads(source)["data"])
            else:
                records.append(json.loads(bytes(source)))
        return records

    def flush(self) -> None:
        if not self.good:
            return
        at = self.start + self.count
        try:
            part = _tables(self.good, self.job_id, at)
        except (Fallback, pa.ArrowException, OverflowError):  # e.g. a number too large
            part = self.records_path(self._records(), self.job_id, at)
        self.good, self.sources = [], []
        self._add(part)

    def odd_segment(self, raw: msgspec.Raw) -> None:
        self.flush()
        self._add(self.records_path([json.loads(bytes(raw))], self.job_id,
                                    self.start + self.count))

    def odd_document(self, doc: bytes) -> None:
        self.flush()
        self._add(self.docs_path([doc], self.job_id, self.start + self.count))


def read_docs(docs: Sequence[bytes], job_id: str | None, start: int, docs_path: DocsPath,
              records_path: RecordsPath) -> Tables:
    """Segments and detections of raw page documents (see the module docstring).

    ``docs_path`` reads a document this path does not take (its envelope is not a page
    of segments), ``records_path`` a segment this path does not take.
    """
    runs = _read_runs(docs, _Runs(job_id, start, docs_path, records_path))
    if not runs.parts:
        return schema("segments").empty_table(), schema("detections").empty_table(), 0
    return (pa.concat_tables([p[0] for p in runs.parts]).unify_dictionaries(),
            pa.concat_tables([p[1] for p in runs.parts]).unify_dictionaries(), runs.count)


def _read_runs(docs: Sequence[bytes], runs: _Runs) -> _Runs:
    size = 0
    with _gc_paused():
        for doc in docs:
            typed = _typed_segments(doc)  # the common case: the whole page at once
            if typed is not None:
                runs.take(typed, doc)
            else:
                _read_segments(doc, runs)
            size += len(doc)
            if size >= RUN_BYTES:
                runs.flush()
                size = 0
        runs.flush()
    return runs


def _read_segments(doc: bytes, runs: _Runs) -> None:
    """A page some of whose segments this path does not take: segment by segment."""
    segments = _raw_segments(doc)
    if segments is None:
        runs.odd_document(doc)
        return
    for raw in segments:
        segment = _segment(raw)
        if segment is None:
            runs.odd_segment(raw)
        else:
            runs.take([segment], raw)
