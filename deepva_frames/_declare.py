"""How a table is declared: columns (name, Arrow type, description) with their key paths.

:mod:`deepva_frames._schema_tables` declares every table with :func:`make_table`; the
schema, the per-record spec and the columnar reader of :mod:`deepva_frames.flatten`,
its public functions and its routing are all derived from that one declaration.

>>> t = make_table("clusters", ("name", pa.string(), "cluster name", key("name", required=True)),
...                ("class_id", pa.string(), "the class", CONTEXT), routes=(r"clusters",))
>>> t.keys, t.required, t.context, t.function
({'name': ('name',)}, ('name',), ('class_id',), 'clusters')
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

__all__ = ["BOOL", "CAT", "CONTEXT", "EXTRA", "F64", "I64", "ID", "JSON", "LIST_STR", "STR", "TS",
           "Column", "Key", "Table", "key", "make_table", "stamps"]

ID = pa.string()
STR = pa.string()
JSON = pa.string()
CAT = pa.dictionary(pa.int32(), pa.string())
TS = pa.timestamp("us", tz="UTC")
F64 = pa.float64()
I64 = pa.int64()
BOOL = pa.bool_()
LIST_STR = pa.list_(pa.string())


@dataclass(frozen=True)
class Key:
    """Where a column's value sits in an API record: a dotted key path."""

    path: tuple[str, ...]
    required: bool = False


def key(path: str, *, required: bool = False) -> Key:
    """The key path of a column ("meta.person"); ``required``: a record must have it."""
    return Key(tuple(path.split(".")), required)


CONTEXT = "context"  # the column comes from the caller / the resource path, not the record
Column = tuple[str, pa.DataType, str] | tuple[str, pa.DataType, str, Key | str]


@dataclass(frozen=True)
class Table:
    """One table declared once: its schema, each column's key path, its context columns,
    the resource paths whose responses it flattens and the flatten function reading them."""

    name: str
    schema: pa.Schema
    keys: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    context: tuple[str, ...]
    routes: tuple[str, ...]
    function: str
    doc: str = ""


def make_table(name: str, *columns: Column, routes: tuple[str, ...] = (),
               function: str | None = None, doc: str = "") -> Table:
    """A :class:`Table` from its columns: ``(name, type, description[, key(...) | CONTEXT])``.

    ``routes``: resource path patterns (``ID`` for one path segment) whose responses
    this table flattens; ``function``: the flatten function reading them (default: the
    table's name); ``doc``: what one row is, for the flatten function's docstring.
    """
    fields, keys, required, context = [], {}, [], []
    for column, typ, text, *where in columns:
        fields.append(pa.field(column, typ, metadata={"description": text}))
        if where and isinstance(where[0], Key):
            keys[column] = where[0].path
            if where[0].required:
                required.append(column)
        elif where and where[0] == CONTEXT:
            context.append(column)
    return Table(name, pa.schema(fields), keys, tuple(required), tuple(context), routes,
                 function or name, doc)


EXTRA = ("extra", JSON, "JSON object of every key of the record without a column of its own "
          "(nested objects keep their nesting); null when there is none")


def stamps(what: str) -> tuple[Column, ...]:
    """The ``time_created`` and ``time_updated`` columns of a table of ``what``s.

    >>> [column[0] for column in stamps("batch")]
    ['time_created', 'time_updated']
    """
    return (("time_created", TS, f"when the {what} was created (UTC)", key("time_created")),
            ("time_updated", TS, f"when the {what} was last updated (UTC)",
             key("time_updated")))
