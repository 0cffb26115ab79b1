"""What a flatten call does with values of an unexpected type: ``errors="warn"`` or ``"raise"``.

A public flatten function opens one :func:`checking` scope; inside it, every converter
reports a value that does not fit its column to :func:`current`. In ``"raise"`` mode
that is a PayloadError naming the table, the job, the record and the key. In ``"warn"``
mode (the default) the caller nulls the typed cell and keeps the raw value in the
table's JSON column; when the outermost scope closes, one DataQualityWarning per table
and key names the key, the count, the first job and record, and an example value.

The scope is a context variable: nested calls (``to_arrow`` -> ``detailed_results``,
or every table read of an export inside ``errors_mode(...)``) join the outermost scope,
whose mode decides and which warns once at its end; threads never see each other's
(a worker thread joins only when started in a copy of the context).

>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     with checking("warn") as quality:
...         quality.bad("segments", "meta.age", "expected a string", -3, 0, {}, "j")
...         quality.bad("segments", "meta.age", "expected a string", -4, 1, {}, "j")
>>> [(w.message.key, w.message.count, w.message.example) for w in caught]
[('meta.age', 2, -3)]
"""

from __future__ import annotations

import os
import re
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, get_args

from .._types import ErrorMode
from ..errors import DataQualityWarning, PayloadError
from ._convert import record_label

__all__ = ["ErrorMode", "Quality", "checking", "current"]

_MODES: tuple[str, ...] = get_args(ErrorMode)
_LOCK = threading.Lock()
_INDEX = re.compile(r"\[\d+\]")
_JOB_TABLES = frozenset({"jobs", "media", "summary_items"})  # the record is the job


@dataclass
class _Seen:
    index: int
    count: int
    job: str | None
    record: str
    example: Any
    message: str


@dataclass
class Quality:
    """The errors mode of one flatten call and what it tolerated so far."""

    mode: ErrorMode = "raise"
    job: str | None = None  # the job of the records being read (context), if known
    seen: dict[tuple[str, str], _Seen] = field(default_factory=dict)

    @property
    def strict(self) -> bool:
        """True in ``"raise"`` mode."""
        return self.mode == "raise"

    def bad(self, table: str, key: str, message: str, value: Any, index: int | None,
            record: Any, job: str | None = None) -> None:
        """Report a value of an unexpected type: raise (strict) or count it for the warning."""
        label = None if index is None else record_label(index, record)
        job = job or self.job or _job_of(table, record)
        if self.strict:
            raise PayloadError(table, message, record=label, key=key, job=job)
        group = _INDEX.sub("[*]", key)  # detections[0].x and detections[1].x: one key
        with _LOCK:  # a worker thread may read part of the same payload
            entry = self.seen.get((table, group))
            first = -1 if index is None else index
            if entry is None:
                self.seen[(table, group)] = _Seen(first, 1, job, label or "?", value, message)
                return
            entry.count += 1
            if first < entry.index:  # read out of order (a worker thread): keep the first
                entry.index, entry.job, entry.record = first, job, label or "?"
                entry.example, entry.message = value, message

    def emit(self) -> None:
        """One DataQualityWarning per table and key seen (pointing at the caller's line)."""
        level = _caller_level()
        for (table, key), entry in self.seen.items():
            warnings.warn(DataQualityWarning(table, key, entry.count, job=entry.job,
                                             record=entry.record, example=entry.example,
                                             message=entry.message), stacklevel=level)
        self.seen.clear()


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _caller_level() -> int:
    """The stacklevel of the first frame outside deepva_frames (and contextlib)."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and (frame.f_code.co_filename.startswith(_PACKAGE)
                                 or frame.f_code.co_filename.endswith("contextlib.py")):
        frame, level = frame.f_back, level + 1
    return level


def _job_of(table: str, record: Any) -> str | None:
    if table in _JOB_TABLES and isinstance(record, Mapping):
        job = record.get("id")
        if isinstance(job, str | int) and not isinstance(job, bool):
            return str(job)
    return None


_CURRENT: ContextVar[Quality | None] = ContextVar("deepva_frames_flatten_quality", default=None)


def current() -> Quality:
    """The Quality of the enclosing :func:`checking` scope; strict outside of any.

    >>> current().strict
    True
    """
    return _CURRENT.get() or Quality()


@contextmanager
def checking(errors: ErrorMode) -> Iterator[Quality]:
    """Open (or join) the errors scope of table reads; warn once when the outermost closes.

    Public as ``flatten.errors_mode``: every table read inside follows its mode.

    >>> with checking("raise") as quality:
    ...     quality.strict
    True
    >>> with checking("raise"), checking("warn") as inner:
    ...     inner.strict
    True
    """
    if errors not in _MODES:
        raise ValueError(f"errors must be one of {', '.join(map(repr, _MODES))}, got {errors!r}")
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    quality = Quality(errors)
    token = _CURRENT.set(quality)
    try:
        yield quality
    finally:
        _CURRENT.reset(token)
    quality.emit()
