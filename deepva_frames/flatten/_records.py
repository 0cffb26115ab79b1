"""The per-record path shared by every table: take keys into columns, the rest into extra.

A :class:`Spec` maps each column to a key path in the record (nested paths allowed).
:func:`take` splits a record into those raw values and the rest; a nested object left
empty once its columns are taken out (or null) is dropped from the rest, everything
else stays (as is, in JSON) — that is what makes every table lossless.

>>> spec = Spec("clusters", {"name": ("name",)}, required=("name",))
>>> collect_spec(spec, [{"name": "c", "size": 3}], {}).column("extra").to_pylist()
['{"size":3}']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ..schemas import declaration, schema
from ._convert import BadValue, Converter, build_table, converter, dumps, payload_error
from ._payload import load
from ._quality import current

__all__ = [
    "Spec",
    "collect",
    "collect_spec",
    "context_of",
    "convert_values",
    "put_back",
    "spec_row",
    "split",
    "take",
]

Row = dict[str, Any]
RowFn = Callable[[Any, Mapping[str, str], int], Iterable[Row]]


@dataclass(frozen=True)
class Spec:
    """How a table's columns come from a record.

    ``keys``: column -> key path; ``required``: columns whose key must be present and
    not null; ``context``: columns filled from the context (parent ids); ``coerce``:
    converters replacing the one of a column's type (e.g. age: a label or years).
    """

    table: str
    keys: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    coerce: Mapping[str, Converter] = field(default_factory=dict, compare=False)
    converters: dict[str, Converter] = field(init=False, compare=False, repr=False)

    @classmethod
    def of(cls, table: str, coerce: Mapping[str, Converter] | None = None) -> Spec:
        """The spec of ``table`` as :mod:`deepva_frames.schemas` declares it.

        >>> Spec.of("storage").keys["storage_id"], Spec.of("storage").context
        (('id',), ('folder',))
        """
        declared = declaration(table)
        return cls(table, declared.keys, declared.required, declared.context, coerce or {})

    def __post_init__(self) -> None:
        fields = schema(self.table)
        object.__setattr__(self, "converters", {
            name: self.coerce.get(name) or converter(fields.field(name)) for name in self.keys})


def take(record: Mapping[str, Any], paths: Mapping[str, tuple[str, ...]],
         bad: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split ``record`` into ``{column: raw value}`` and the rest (the input is not changed).

    A value that is not an object where a path goes through it raises BadValue, or,
    given a ``bad`` dict, stays in the rest and is noted there under its dotted key.

    >>> take({"a": 1, "m": {"p": 2, "q": 3}, "z": 0}, {"a": ("a",), "p": ("m", "p")})
    ({'a': 1, 'p': 2}, {'m': {'q': 3}, 'z': 0})
    >>> take({"m": {"p": 2}}, {"p": ("m", "p")})
    ({'p': 2}, {})
    >>> bad = {}
    >>> take({"m": [2]}, {"p": ("m", "p")}, bad), bad
    (({'p': None}, {'m': [2]}), {'m': [2]})
    """
    rest = dict(record)
    copied = {id(rest)}
    values = {column: _pop(rest, path, 0, copied, bad) for column, path in paths.items()}
    return values, rest


def _pop(obj: dict[str, Any], path: tuple[str, ...], depth: int, copied: set[int],
         bad: dict[str, Any] | None) -> Any:
    key = path[depth]
    if depth == len(path) - 1:
        return obj.pop(key, None)
    child = obj.get(key)
    if child is None:  # a null (or missing) object: no values, nothing left to keep
        obj.pop(key, None)
        return None
    if not isinstance(child, Mapping):
        where = ".".join(path[:depth + 1])
        if bad is None:
            raise BadValue(f"expected an object, got {type(child).__name__}", where)
        bad[where] = child
        return None
    if id(child) not in copied:
        child = dict(child)
        copied.add(id(child))
        obj[key] = child
    value = _pop(child, path, depth + 1, copied, bad)  # type: ignore[arg-type]  # copied
    if not child:
        del obj[key]
    return value


def put_back(rest: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Put a raw value that did not fit its column back into the rest, at its key path.

    >>> rest = {"meta": {"mood": "calm"}}
    >>> put_back(rest, ("meta", "age"), True); rest
    {'meta': {'mood': 'calm', 'age': True}}
    """
    obj = rest
    for key in path[:-1]:
        child = obj.get(key)
        if not isinstance(child, dict):
            child = obj[key] = {}
        obj = child
    obj[path[-1]] = value


def convert_values(spec: Spec, values: Mapping[str, Any], rest: dict[str, Any], record: Any,
                   index: int, prefix: str = "") -> Row:
    """Check and convert raw values of ``spec``'s columns (see :mod:`._quality`).

    A value that does not fit its column is reported; tolerated (``errors="warn"``) its
    cell is null and the raw value goes back into ``rest`` at its key path. A missing
    required key is reported the same way. ``prefix`` is prepended to keys in reports
    (e.g. ``result.summary[0].``).

    >>> spec = Spec("storage", {"storage_id": ("id",), "file_size": ("file_size",)})
    >>> convert_values(spec, {"storage_id": 7}, {}, {"id": 7}, 0)
    {'storage_id': '7', 'file_size': None}
    >>> from ._quality import checking
    >>> rest = {}
    >>> with __import__("warnings").catch_warnings(record=True), checking("warn"):
    ...     convert_values(spec, {"storage_id": 7, "file_size": "big"}, rest, {}, 0)
    {'storage_id': '7', 'file_size': None}
    >>> rest
    {'file_size': 'big'}
    """
    quality = current()
    row: Row = {}
    for column, path in spec.keys.items():
        raw = values.get(column)
        if raw is None:
            if column in spec.required:
                quality.bad(spec.table, prefix + ".".join(path), "missing required key", None,
                            index, record)
            row[column] = None
            continue
        try:
            row[column] = spec.converters[column](raw)
        except BadValue as exc:
            quality.bad(spec.table, prefix + ".".join(path), str(exc.args[0]), raw, index,
                        record)
            row[column] = None
            put_back(rest, path, raw)
    return row


def split(table: str, obj: Any, paths: Mapping[str, tuple[str, ...]], record: Any,
          index: int, prefix: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """:func:`take` on ``obj`` (a record or part of one), with reports naming the record.

    A record (or part) that is not an object raises PayloadError in both modes.

    >>> split("jobs", {"id": "j", "x": 1}, {"job_id": ("id",)}, {}, 0)
    ({'job_id': 'j'}, {'x': 1})
    """
    if not isinstance(obj, Mapping):
        where = f"{prefix.rstrip('.')} is" if prefix else "record is"
        raise payload_error(table, f"{where} not an object but {type(obj).__name__}", index,
                            record, prefix.rstrip(".") or None)
    bad: dict[str, Any] = {}
    values, rest = take(obj, paths, bad)
    quality = current()
    for key, value in bad.items():
        quality.bad(table, prefix + key, f"expected an object, got {type(value).__name__}",
                    value, index, record)
    return values, rest


def spec_row(spec: Spec, record: Any, context: Mapping[str, str], index: int) -> Row:
    """The row of one record by ``spec``: columns, context columns and ``extra``.

    >>> spec = Spec("clusters", {"name": ("name",)}, context=("class_id",))
    >>> spec_row(spec, {"name": "main", "size": 2}, {"class_id": "c"}, 0)
    {'name': 'main', 'class_id': 'c', 'extra': '{"size":2}'}
    """
    values, rest = split(spec.table, record, spec.keys, record, index)
    row = convert_values(spec, values, rest, record, index)
    for column in spec.context:
        row[column] = context.get(column)
    row["extra"] = dumps(rest) if rest else None
    return row


def context_of(part_context: Mapping[str, str], given: Mapping[str, Any]) -> dict[str, str]:
    """Inferred context overridden by the caller's (non-None) keywords, as strings.

    >>> context_of({"job_id": "a"}, {"job_id": None, "report_id": 7})
    {'job_id': 'a', 'report_id': '7'}
    """
    out = dict(part_context)
    out.update({k: str(v) for k, v in given.items() if v is not None})
    return out


def collect(table: str, payload: Any, given: Mapping[str, Any], row_fn: RowFn) -> pa.Table:
    """Run ``row_fn(record, context, index)`` over every record; build the declared table.

    >>> rows = lambda record, context, index: [{"name": record["name"], "rank": index}]
    >>> collect("clusters", [{"name": "a"}, {"name": "b"}], {}, rows).column("name").to_pylist()
    ['a', 'b']
    """
    names = schema(table).names
    columns: dict[str, list[Any]] = {name: [] for name in names}
    index = 0
    quality = current()
    for part in load(payload, table):
        context = context_of(part.context, given)
        quality.job = context.get("job_id")
        for record in part.records(table):
            for row in row_fn(record, context, index):
                for name in names:
                    columns[name].append(row.get(name))
            index += 1
    return build_table(table, columns)


def collect_spec(spec: Spec, payload: Any, given: Mapping[str, Any]) -> pa.Table:
    """:func:`collect` with one row per record by ``spec``.

    >>> spec = Spec("clusters", {"name": ("name",)})
    >>> collect_spec(spec, {"name": "a"}, {}).num_rows
    1
    """
    return collect(spec.table, payload, given,
                   lambda record, context, index: [spec_row(spec, record, context, index)])
