"""The public ``x`` / ``x_arrow`` pair of every table, made from its declaration.

A table's declaration (:func:`deepva_frames.schemas.declaration`) names its columns,
key paths and context columns; a table whose rows are one per record by those keys
needs nothing more (:func:`spec_build`). A table with rows of its own shape (jobs,
report items, ...) gives a :class:`Builder` from its module. Either way the two public
functions, their keywords, ``errors=`` and docstrings come from here.

>>> storage_arrow = arrow_function("storage", spec_build("storage"))
>>> storage_arrow([{"id": 1, "file_size": "big"}], folder="/", errors="raise")
Traceback (most recent call last):
...
deepva_frames.errors.PayloadError: storage, record 0 (id 1), key 'file_size': expected ...
>>> list(inspect.signature(storage_arrow).parameters)
['payload', 'folder', 'errors']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd
import pyarrow as pa

from ..schemas import declaration, to_pandas
from ._quality import ErrorMode, checking
from ._records import RowFn, Spec, collect, collect_spec

__all__ = ["ArrowFunction", "Build", "Builder", "FrameFunction", "arrow_function",
           "frame_function", "rows_build", "spec_build"]

Build = Callable[[Any, Mapping[str, Any]], pa.Table]


class ArrowFunction(Protocol):
    """``x_arrow(payload, *, <context keywords>, errors="warn") -> pa.Table``."""

    def __call__(self, payload: Any, *, errors: ErrorMode = "warn",
                 **context: Any) -> pa.Table: ...


class FrameFunction(Protocol):
    """``x(payload, *, <context keywords>, errors="warn") -> pd.DataFrame``."""

    def __call__(self, payload: Any, *, errors: ErrorMode = "warn",
                 **context: Any) -> pd.DataFrame: ...


@dataclass(frozen=True)
class Builder:
    """How a table is built from a payload and the caller's keywords.

    ``keywords``: keywords beyond the table's context columns (e.g. batches' ancestors).
    """

    build: Build
    keywords: tuple[str, ...] = ()


def spec_build(table: str) -> Builder:
    """One row per record, by the table's declared key paths.

    >>> spec_build("clusters").build([{"name": "main"}], {}).column("name").to_pylist()
    ['main']
    """
    spec = Spec.of(table)
    return Builder(lambda payload, given: collect_spec(spec, payload, given))


def rows_build(table: str, rows: RowFn, keywords: tuple[str, ...] = ()) -> Builder:
    """Rows made by ``rows(record, context, index)`` (any number per record).

    >>> one = lambda record, context, index: [{"name": str(index)}]
    >>> rows_build("clusters", one).build([{}, {}], {}).column("name").to_pylist()
    ['0', '1']
    """
    return Builder(lambda payload, given: collect(table, payload, given, rows), keywords)


def _keywords(table: str, builder: Builder) -> tuple[str, ...]:
    return (*declaration(table).context, *builder.keywords)


def _signature(keywords: tuple[str, ...], returns: type) -> inspect.Signature:
    params = [inspect.Parameter("payload", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [inspect.Parameter(k, inspect.Parameter.KEYWORD_ONLY, default=None)
               for k in keywords]
    params.append(inspect.Parameter("errors", inspect.Parameter.KEYWORD_ONLY, default="warn",
                                    annotation="Literal['warn', 'raise']"))
    return inspect.Signature(params, return_annotation=returns)


def _check_keywords(function: str, keywords: tuple[str, ...], given: Mapping[str, Any]) -> None:
    for name in given:
        if name not in keywords:
            raise TypeError(f"{function}() got an unexpected keyword argument {name!r}; "
                            f"it takes {', '.join(keywords) or 'no context keywords'}")


_ERRORS_DOC = (
    'errors: "warn" (default) tolerates a value of an unexpected type (its cell null, the raw '
    "value kept in the JSON column, one DataQualityWarning per key); \"raise\" raises "
    "PayloadError naming the job, the record and the key.")


def _doc(table: str, keywords: tuple[str, ...], arrow: bool) -> str:
    declared = declaration(table)
    context = f"Keywords (context the records lack): {', '.join(keywords)}. " if keywords else ""
    if arrow:
        head = f"The {table} table as Arrow (see :func:`{table}`)."
        example = (f">>> {table}_arrow([]).schema == schemas.schema({table!r})\nTrue")
    else:
        head = declared.doc or f"The {table} table."
        example = (f">>> list({table}([]).columns) == schemas.schema({table!r}).names\nTrue")
    return (f"{head}\n\n{context}Payload: any form :mod:`deepva_frames.flatten` reads. "
            f"{_ERRORS_DOC}\n\n>>> from deepva_frames import schemas\n"
            f">>> from deepva_frames.flatten import {table}, {table}_arrow\n{example}\n")


def arrow_function(table: str, builder: Builder) -> ArrowFunction:
    """The ``<table>_arrow`` function of a table (see the module docstring)."""
    keywords = _keywords(table, builder)
    name = f"{table}_arrow"

    def function(payload: Any, *, errors: ErrorMode = "warn", **context: Any) -> pa.Table:
        _check_keywords(name, keywords, context)
        with checking(errors):
            return builder.build(payload, context)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = _doc(table, keywords, arrow=True)
    function.__signature__ = _signature(keywords, pa.Table)  # type: ignore[attr-defined]
    return function


def frame_function(table: str, arrow: ArrowFunction, builder: Builder) -> FrameFunction:
    """The ``<table>`` function of a table: its Arrow table as a tidy DataFrame."""
    keywords = _keywords(table, builder)

    def function(payload: Any, *, errors: ErrorMode = "warn", **context: Any) -> pd.DataFrame:
        _check_keywords(table, keywords, context)
        return to_pandas(arrow(payload, errors=errors, **context))

    function.__name__ = function.__qualname__ = table
    function.__doc__ = _doc(table, keywords, arrow=False)
    function.__signature__ = _signature(keywords, pd.DataFrame)  # type: ignore[attr-defined]
    return function
