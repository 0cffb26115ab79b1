"""The per-record path of detailed results: one segment row and its detection rows.

Used for payloads given as Python objects, as the fallback of the columnar path, and
by the columnar path itself for the JSON columns of documents holding unknown keys.

``meta_json`` layout: the meta keys without a column, as they are, plus the segment's
unknown top-level keys as an object under ``"_segment"``. A meta key that itself looks
like ``_segment`` (``_segment``, ``__segment``, ...) is stored with one more leading
underscore, so the two never collide.

>>> pack_meta_json({"mood": "calm", "_segment": 1}, {"shot": 3})
'{"mood":"calm","__segment":1,"_segment":{"shot":3}}'
>>> unpack_meta_json(pack_meta_json({"mood": "calm", "_segment": 1}, {"shot": 3}))
({'mood': 'calm', '_segment': 1}, {'shot': 3})
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ..schemas import age_group, schema
from ._convert import BadValue, dumps, kind
from ._quality import current
from ._records import Spec, convert_values, split

__all__ = ["DETECTIONS", "SEGMENTS", "Columns", "add_segment", "new_columns", "pack_meta_json",
           "segment_json", "unpack_meta_json"]

_MAX_YEARS = 1000  # beyond this a number is no age (and floats stop being exact)


def age_label(value: Any) -> str:
    """The ``age`` cell of ``meta.age``: a group label as is, years as their 10-year group.

    >>> age_label("30-40"), age_label(37), age_label(37.5)
    ('30-40', '30-40', '30-40')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) \
            and 0 <= value < _MAX_YEARS:
        return age_group(value)
    raise BadValue(f"expected an age group or years, got {kind(value)}")


def age_years(raw: Any, label: str | None) -> float | None:
    """The ``age_years`` cell: the years when ``meta.age`` was a number that gave a label.

    >>> age_years(37, "30-40"), age_years("30-40", "30-40"), age_years(-1, None)
    (37.0, None, None)
    """
    return float(raw) if label is not None and not isinstance(raw, str) else None


SEGMENTS = Spec.of("segments", coerce={"age": age_label})

DETECTIONS = Spec.of("detections")

_SEGMENT_PATHS = {**SEGMENTS.keys, "detections": ("detections",)}
_RESERVED = re.compile(r"_+segment")

Columns = dict[str, list[Any]]


def pack_meta_json(meta: Mapping[str, Any], top: Mapping[str, Any]) -> str | None:
    """``meta_json`` text from the meta keys without a column and the unknown top-level keys.

    >>> pack_meta_json({"shot_type": "close-up"}, {})
    '{"shot_type":"close-up"}'
    """
    out = {("_" + k if _RESERVED.fullmatch(k) else k): v for k, v in meta.items()}
    if top:
        out["_segment"] = dict(top)
    return dumps(out) if out else None


def unpack_meta_json(text: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(meta keys, unknown top-level keys)`` back from a segment's ``meta_json``.

    >>> unpack_meta_json(None)
    ({}, {})
    """
    if text is None or text != text:  # None or NaN
        return {}, {}
    obj = json.loads(text)
    top = obj.pop("_segment", {})
    meta = {(k[1:] if _RESERVED.fullmatch(k) and k != "_segment" else k): v
            for k, v in obj.items()}
    return meta, top


def new_columns() -> tuple[Columns, Columns]:
    """Empty column lists of the segments and detections tables.

    >>> segments, detections = new_columns()
    >>> list(detections)[:3]
    ['job_id', 'segment_id', 'frame_index']
    """
    return ({n: [] for n in schema("segments").names}, {n: [] for n in schema("detections").names})


def _detections(record: Any, index: int, raw: Any, rest: dict[str, Any]) -> list[Any] | None:
    """The detection objects; a value that is not a list of objects is reported (and kept)."""
    if raw is None:
        return None
    if isinstance(raw, list) and all(isinstance(d, Mapping) for d in raw):
        return raw
    what = "a list with a non-object in it" if isinstance(raw, list) else type(raw).__name__
    current().bad("segments", "detections", f"expected a list of objects, got {what}", raw,
                  index, record)
    rest["detections"] = raw
    return None


def segment_json(record: Any, index: int, *, detections_known: bool = False
                 ) -> tuple[str | None, list[str | None]]:
    """Just the JSON columns of one segment: its ``meta_json`` and each detection's ``extra``.

    ``detections_known``: the caller knows every detection holds only declared keys of
    their declared types (so each ``extra`` is null, and is not computed).

    >>> segment_json({"frame_start": 0, "shot": 2, "detections": [{"frame_index": 0}]}, 0)
    ('{"_segment":{"shot":2}}', [None])
    """
    values, rest = split("segments", record, _SEGMENT_PATHS, record, index)
    dets = _detections(record, index, values["detections"], rest) or []
    meta_json = pack_meta_json(_meta_rest(rest), rest)
    if detections_known:
        return meta_json, [None] * len(dets)
    extras = []
    for number, detection in enumerate(dets):
        _, det_rest = split("detections", detection, DETECTIONS.keys, record, index,
                            f"detections[{number}].")
        extras.append(dumps(det_rest) if det_rest else None)
    return meta_json, extras


def _meta_rest(rest: dict[str, Any]) -> dict[str, Any]:
    """The meta keys without a column; a meta that is not an object stays a top-level key."""
    meta = rest.get("meta")
    if not isinstance(meta, Mapping):
        return {}
    del rest["meta"]
    return dict(meta)


def add_segment(segments: Columns, detections: Columns, record: Any, index: int,
                job_id: str | None) -> None:
    """Append one segment record (and its detections) to the column lists.

    >>> segments, detections = new_columns()
    >>> add_segment(segments, detections, {"frame_start": 0, "detections": [
    ...     {"frame_index": 0, "data": {"x": 0.5}}]}, 3, "j")
    >>> segments["segment_id"], detections["x"]
    (['j:3'], [0.5])
    """
    values, rest = split("segments", record, _SEGMENT_PATHS, record, index)
    row = convert_values(SEGMENTS, values, rest, record, index)
    if row["segment_id"] is None:  # no id, or one that is no id (kept in meta_json)
        row["segment_id"] = f"{job_id}:{index}" if job_id is not None else str(index)
    row["age_years"] = age_years(values["age"], row["age"])
    found = _detections(record, index, values["detections"], rest)
    dets = found or []
    meta_json = pack_meta_json(_meta_rest(rest), rest)
    row.update(job_id=job_id, meta_json=meta_json,
               n_detections=None if found is None else len(dets))
    for name, column in segments.items():
        column.append(row[name])
    for number, detection in enumerate(dets):
        where = f"detections[{number}]."
        det_values, det_rest = split("detections", detection, DETECTIONS.keys, record, index,
                                     where)
        det = convert_values(DETECTIONS, det_values, det_rest, record, index, where)
        det.update(job_id=job_id, segment_id=row["segment_id"],
                   extra=dumps(det_rest) if det_rest else None)
        for name, column in detections.items():
            column.append(det[name])
