"""The columnar path of detailed results: raw page bytes straight to two Arrow tables.

No Python object is built per detection. Pages are joined into blocks of about
``BLOCK_BYTES`` and each block is parsed by ``pyarrow.json.read_json`` (the next block on
a worker thread while the current one is built) with an explicit schema derived from the
declared key paths (:func:`reader_struct`) and ``unexpected_field_behavior="infer"``;
segments and
detections come out of the page lists with ``list_flatten`` / ``list_parent_indices``
and struct field access, categories by ``dictionary_encode``, segment ids by string
kernels.

Lossless, cheaply: the known keys all have columns, so the JSON columns (``meta_json``,
``extra``) are null unless a document holds unknown keys. The parsed schema tells
whether a block has any (inferred fields beyond the explicit ones); if so, the records
that may hold one (their text names it, or has an escape) are parsed, and the JSON
columns of the segments holding one (checked at the levels that have unknown keys) are
computed by the per-record path, exactly as it would. With msgspec a page is split
into its records undecoded, so only those records are parsed. The inferred arrays are
validated first (Arrow can build invalid ones, e.g. for lists of nulls). A block that
Arrow cannot read with the explicit types (a wrong type, a document that is not a page,
a missing required key, a number too large to be exact in a float column, conflicting
types of an unknown key, an invalid array) raises :class:`Fallback`, and the caller
reads that block by another path (msgspec's typed structs, or the per-record path),
which reads it by ``errors=`` or raises the precise PayloadError.

>>> page = (b'{"total": 1, "offset": 0, "data": [{"frame_start": 0, "meta": {"shot": 30},'
...         b' "detections": [{"frame_index": 0, "data": {"x": 0.1, "q": 1}}]}]}')
>>> segments, detections, count = read_pages([page], "j", 0)
>>> segments.column("meta_json").to_pylist(), detections.column("segment_id").to_pylist()
(['{"shot":30}'], ['j:0'])
>>> detections.column("extra").to_pylist()
['{"data":{"q":1}}']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from .._ahead import read_ahead
from .._json import loads, raw_records
from ..schemas import declaration, schema
from ._segments import segment_json

__all__ = ["BLOCK_BYTES", "Fallback", "Tables", "check_exact", "constant", "read_pages",
           "reader_struct", "row_ids"]

BLOCK_BYTES = 4 << 20  # two blocks in flight (one parsing, one being built)
_STR = pa.string()


def _reader_type(arrow_type: pa.DataType) -> pa.DataType:
    """How the JSON reader reads a column: categories and timestamps as their text."""
    if pa.types.is_dictionary(arrow_type) or pa.types.is_timestamp(arrow_type):
        return _STR
    return arrow_type


def reader_struct(table: str, **more: pa.DataType) -> pa.StructType:
    """The JSON reader's struct of a table's records, from its declared key paths.

    >>> reader_struct("detections")
    StructType(struct<frame_index: int64, type: string, data: struct<x: double, y: double, \
w: double, h: double>>)
    """
    declared = declaration(table)
    tree: dict[str, Any] = {}
    for column, path in declared.keys.items():
        node = tree
        for name in path[:-1]:
            node = node.setdefault(name, {})
        node[path[-1]] = _reader_type(declared.schema.field(column).type)
    tree.update(more)
    return _as_struct(tree)


def _as_struct(tree: dict[str, Any]) -> pa.StructType:
    return pa.struct([(name, _as_struct(value) if isinstance(value, dict) else value)
                      for name, value in tree.items()])


DETECTION = reader_struct("detections")
SEGMENT = reader_struct("segments", detections=pa.list_(DETECTION))
PAGE = pa.schema([("data", pa.list_(SEGMENT)), ("total", pa.int64()),
                  ("offset", pa.int64()), ("limit", pa.int64())])


class Fallback(Exception):
    """The columnar path cannot read these documents; use the per-record path."""


def _blocks(docs: Sequence[bytes], target: int) -> Iterator[list[bytes]]:
    block: list[bytes] = []
    size = 0
    for doc in docs:
        block.append(doc)
        size += len(doc) + 1
        if size >= target:
            yield block
            block, size = [], 0
    if block:
        yield block


def _parse(block: list[bytes]) -> pa.Table:
    buffer = b"\n".join(block)
    options = pj.ReadOptions(block_size=max(1 << 20, max(map(len, block)) + 2))
    # One document a line (10-20% less work) unless one spans lines: then Arrow must
    # parse to find where each ends. Either way, a row count that differs falls back.
    parse = pj.ParseOptions(explicit_schema=PAGE, unexpected_field_behavior="infer",
                            newlines_in_values=any(b"\n" in doc for doc in block))
    table = pj.read_json(pa.BufferReader(buffer), read_options=options, parse_options=parse)
    if table.num_rows != len(block):
        raise Fallback("documents and rows differ")
    return table


Unknown = dict[tuple[str, ...], set[str]]  # key path of an object -> its unknown key names


def _unknown_names(data_type: pa.DataType, known: pa.DataType, where: tuple[str, ...] = ()
                   ) -> Unknown:
    """Inferred fields below ``data_type`` that ``known`` lacks, by the object holding them
    (``()`` a segment, ``("meta",)``, ``("detections",)`` a detection, ...)."""
    if pa.types.is_list(known):
        return _unknown_names(data_type.value_type, known.value_type, where)
    if not pa.types.is_struct(known):
        return {}
    known_names = {field.name for field in known}
    found: Unknown = {}
    for field in data_type:
        if field.name not in known_names:
            found.setdefault(where, set()).add(field.name)
        else:
            for path, names in _unknown_names(field.type, known.field(field.name).type,
                                              (*where, field.name)).items():
                found.setdefault(path, set()).update(names)
    return found


def _check_pages(table: pa.Table) -> pa.Array:
    data = table.column("data").combine_chunks()
    paging = pc.or_(pc.or_(pc.is_valid(table.column("total")), pc.is_valid(table.column("offset"))),
                    pc.is_valid(table.column("limit")))
    if data.null_count or not pc.all(paging).as_py():
        raise Fallback("a document is not a page")
    return data


def row_ids(job_id: str | None, start: int, count: int, given: pa.Array) -> pa.Array:
    """Segment ids: the record's ``id``, else ``"<job_id>:<index>"`` (``"<index>"``).

    >>> row_ids("j", 5, 2, pa.array([None, "s"], pa.string())).to_pylist()
    ['j:5', 's']
    """
    numbers = pc.cast(pa.array(np.arange(start, start + count, dtype=np.int64)), _STR)
    made = numbers if job_id is None else pc.binary_join_element_wise(
        pa.repeat(pa.scalar(job_id), count), numbers, ":")
    return pc.coalesce(given, made)


def constant(value: str | None, count: int) -> pa.Array:
    """A column repeating ``value`` (null when it is None) ``count`` times.

    >>> constant("j", 2).to_pylist(), constant(None, 1).null_count
    (['j', 'j'], 1)
    """
    return pa.nulls(count, _STR) if value is None else pa.repeat(pa.scalar(value), count)


def _field(array: pa.Array, *path: str) -> pa.Array:
    for name in path:
        array = pc.struct_field(array, name)
    return array


def _json_columns(block: list[bytes], unknown: Unknown, data: pa.Array, segs: pa.Array,
                  start: int) -> tuple[pa.Array, pa.Array]:
    """meta_json and extra, computed by the per-record path for the segments holding an
    unknown key (found in the documents naming one)."""
    n_segs, n_dets = len(segs), len(pc.list_flatten(_field(segs, "detections")))
    names = set().union(*unknown.values())
    if not names:
        return pa.nulls(n_segs, _STR), pa.nulls(n_dets, _STR)
    seg_offsets = np.concatenate([[0], np.cumsum(pc.list_value_length(data).to_numpy())])
    det_offsets = np.concatenate(
        [[0], np.cumsum(pc.list_value_length(_field(segs, "detections")).fill_null(0).to_numpy())])
    needles = _needles(names)
    detections_known = not any(path[:1] == ("detections",) for path in unknown)
    seg_vals: list[str | None] = [None]
    det_vals: list[str | None] = [None]
    seg_pos, det_pos = np.zeros(n_segs, np.int64), np.zeros(n_dets, np.int64)
    for number, doc in enumerate(block):
        if needles is not None and not _may_name(doc, needles):
            continue
        first = int(seg_offsets[number])
        for offset, record in _records_naming(doc, needles):
            if _only_known(record, unknown):
                continue  # its JSON columns are null (the arrays' default)
            meta_json, extras = segment_json(record, start + first + offset,
                                             detections_known=detections_known)
            seg_pos[first + offset] = len(seg_vals)
            seg_vals.append(meta_json)
            d0 = int(det_offsets[first + offset])
            det_pos[d0:d0 + len(extras)] = np.arange(len(det_vals), len(det_vals) + len(extras))
            det_vals.extend(extras)
    return (pa.array(seg_vals, _STR).take(pa.array(seg_pos)),
            pa.array(det_vals, _STR).take(pa.array(det_pos)))


def _needles(names: set[str]) -> list[bytes] | None:
    """The bytes a document holding one of ``names`` as a key must contain, or None when
    a name has characters JSON may write in more than one way."""
    if not all(n.isascii() and n.isprintable() and '"' not in n and "\\" not in n
               and "/" not in n for n in names):
        return None
    return [f'"{n}"'.encode() for n in names]


def _may_name(text: bytes, needles: list[bytes]) -> bool:
    """Whether ``text`` may hold a key of ``needles``: it names one, or has an escape
    (``"\\u0073hot"`` is the key ``"shot"``)."""
    return b"\\" in text or any(needle in text for needle in needles)


def _records_naming(doc: bytes, needles: list[bytes] | None) -> Iterator[tuple[int, Any]]:
    """(position, record) of the page's records that may hold an unknown key: with msgspec
    the page is split undecoded and only the records naming one are parsed."""
    raws = raw_records(doc) if needles is not None else None
    if needles is None or raws is None:
        yield from enumerate(loads(doc)["data"])
        return
    for position, raw in enumerate(raws):
        if _may_name(raw, needles):
            yield position, loads(raw)


_KNOWN_KEYS = {(): frozenset(f.name for f in SEGMENT),
               ("meta",): frozenset(f.name for f in SEGMENT.field("meta").type),
               ("detections",): frozenset(f.name for f in DETECTION),
               ("detections", "data"): frozenset(f.name for f in DETECTION.field("data").type)}


def _only_known(record: dict[str, Any], unknown: Unknown) -> bool:
    """Whether a (well-typed) segment lacks every unknown key, at the levels that have any."""
    if () in unknown and not record.keys() <= _KNOWN_KEYS[()]:
        return False
    meta = record.get("meta")
    if ("meta",) in unknown and meta is not None and not meta.keys() <= _KNOWN_KEYS[("meta",)]:
        return False
    if ("detections",) not in unknown and ("detections", "data") not in unknown:
        return True
    for detection in record.get("detections") or ():
        data = detection.get("data")
        if not detection.keys() <= _KNOWN_KEYS[("detections",)] or (
                data is not None and not data.keys() <= _KNOWN_KEYS[("detections", "data")]):
            return False
    return True


def _validated(table: pa.Table) -> Unknown:
    """Unknown key names of a parsed block; their (inferred) arrays are fully validated."""
    unknown = _unknown_names(table.schema.field("data").type, PAGE.field("data").type)
    try:  # Arrow can build invalid inferred arrays (e.g. lists of nulls)
        for chunk in table.column("data").chunks if unknown else ():
            for path, names in unknown.items():
                objects = _objects_at(pc.list_flatten(chunk), path)
                for name in names:
                    pc.struct_field(objects, name).validate(full=True)
    except pa.ArrowException as exc:
        raise Fallback(f"invalid inferred column: {exc}") from None
    return unknown


def _objects_at(segments: pa.Array, path: tuple[str, ...]) -> pa.Array:
    """The struct array of the objects at ``path`` below the segments (lists flattened)."""
    array = segments
    for name in path:
        array = pc.struct_field(array, name)
        if pa.types.is_list(array.type):
            array = pc.list_flatten(array)
    return array


def _try_parse(block: list[bytes]) -> pa.Table | Fallback:
    try:
        return _parse(block)
    except Fallback as exc:
        return exc
    except pa.ArrowException as exc:
        return Fallback(str(exc))


def _parsed_blocks(docs: Sequence[bytes], block_bytes: int
                   ) -> Iterator[tuple[list[bytes], pa.Table | Fallback]]:
    """Each block with its parse (or why it failed); the next block is parsed on a worker
    thread meanwhile (Arrow releases the GIL), so parsing overlaps the Python steps."""
    return read_ahead(_blocks(docs, block_bytes), _try_parse, name="deepva-flatten")


def _block_tables(block: list[bytes], parsed: pa.Table | Fallback, job_id: str | None,
                  start: int) -> tuple[pa.Table, pa.Table, int]:
    if isinstance(parsed, Fallback):
        raise parsed
    try:
        return _block_tables_unchecked(block, parsed, job_id, start)
    except pa.ArrowException as exc:
        raise Fallback(str(exc)) from None


def _block_tables_unchecked(block: list[bytes], table: pa.Table, job_id: str | None,
                            start: int) -> tuple[pa.Table, pa.Table, int]:
    unknown = _validated(table)
    data = _check_pages(table)
    segs = pc.list_flatten(data)
    dets_list = _field(segs, "detections")
    dets = pc.list_flatten(dets_list)
    if segs.null_count or dets.null_count or _field(segs, "frame_start").null_count \
            or _field(dets, "frame_index").null_count:
        raise Fallback("a null segment or detection, or a missing required key")
    meta_json, extra = _json_columns(block, unknown, data, segs, start)
    n = len(segs)
    segment_ids = row_ids(job_id, start, n, _field(segs, "id"))
    seg_cols = {
        **_key_columns("segments", segs), "job_id": constant(job_id, n),
        "segment_id": segment_ids, "age_years": pa.nulls(n, pa.float64()),
        "n_detections": pc.cast(pc.list_value_length(dets_list), pa.int64()),
        "meta_json": meta_json,
    }
    det_cols = {
        **_key_columns("detections", dets), "job_id": constant(job_id, len(dets)),
        "segment_id": segment_ids.take(pc.list_parent_indices(dets_list)), "extra": extra,
    }
    return _table("segments", seg_cols), _table("detections", det_cols), n


def _key_columns(table: str, records: pa.Array) -> dict[str, pa.Array]:
    """Each declared column of ``table`` taken from its key path (categories encoded)."""
    declared = declaration(table)
    columns = {}
    for column, path in declared.keys.items():
        values = _field(records, *path)
        if pa.types.is_dictionary(declared.schema.field(column).type):
            values = pc.dictionary_encode(values)
        elif pa.types.is_floating(values.type):
            check_exact(values)
        columns[column] = values
    return columns


_FLOAT_EXACT = float(2 ** 53)


def check_exact(values: pa.Array) -> None:
    """An integer beyond 2**53 would be rounded into a float column: the per-record path
    keeps such a value as it came (so does any number this large, to be sure)."""
    largest = pc.max(pc.abs(values)).as_py()
    if largest is not None and largest >= _FLOAT_EXACT:
        raise Fallback("a number too large to be exact in a float column")


def _table(name: str, columns: dict[str, Any]) -> pa.Table:
    fields = schema(name)
    return pa.Table.from_arrays([columns[f.name] for f in fields], schema=fields)


Tables = tuple[pa.Table, pa.Table, int]


def read_pages(docs: Sequence[bytes], job_id: str | None, start: int,
               block_bytes: int = BLOCK_BYTES,
               fallback: Callable[[list[bytes], str | None, int], Tables] | None = None
               ) -> Tables:
    """Segments and detections tables of raw page documents.

    ``start`` is the listing index of the first segment; returns the number of segments.
    A block the columnar path cannot read goes to ``fallback(block, job_id, start)``
    (the per-record path); without one, :class:`Fallback` is raised.

    >>> pages = [b'{"total": 2, "offset": 0, "data": [{"frame_start": 0}, {"frame_start": 9}]}']
    >>> segments, detections, count = read_pages(pages, None, 10)
    >>> segments.column("segment_id").to_pylist(), count
    (['10', '11'], 2)
    >>> read_pages([b'{"total": 1, "offset": 0, "data": [{"frame_start": "a"}]}'], None, 0)
    Traceback (most recent call last):
    ...
    deepva_frames.flatten.detailed_fast.Fallback: ...
    """
    seg_tables, det_tables, count = [], [], 0
    for block, parsed in _parsed_blocks(docs, block_bytes):
        try:
            segments, detections, n = _block_tables(block, parsed, job_id, start + count)
        except Fallback:
            if fallback is None:
                raise
            segments, detections, n = fallback(block, job_id, start + count)
        seg_tables.append(segments)
        det_tables.append(detections)
        count += n
    if not seg_tables:
        return schema("segments").empty_table(), schema("detections").empty_table(), 0
    return (pa.concat_tables(seg_tables).unify_dictionaries(),
            pa.concat_tables(det_tables).unify_dictionaries(), count)
