"""JSON decoding: fast with msgspec (the ``fast`` extra), the same result without it.

msgspec decodes standard JSON about twice as fast as the ``json`` module and builds the
same Python objects. What it refuses (``NaN``, ``Infinity``, numbers beyond a float,
lone surrogates, UTF-16, a BOM, nesting near the recursion limit) goes to ``json``,
which reads it or raises its own error. So a result never depends on whether msgspec
is installed; a property test checks the two agree.

>>> loads(b'{"a": [1, 2.5, "x", null]}')
{'a': [1, 2.5, 'x', None]}
>>> loads(b'[NaN]')
[nan]
>>> raw_records(b'{"total": 2, "data": [{"a": 1}, 7]}') in (None, [b'{"a": 1}', b'7'])
True
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["HAVE_MSGSPEC", "loads", "raw_records"]

try:
    import msgspec
except ImportError:  # the "fast" extra is not installed
    msgspec = None  # type: ignore[assignment]

HAVE_MSGSPEC = msgspec is not None

if msgspec is not None:
    _decode = msgspec.json.Decoder().decode
    _Envelope = msgspec.defstruct("Envelope", [("data", list[msgspec.Raw])], gc=False)
    _envelope = msgspec.json.Decoder(_Envelope).decode
    _REFUSED: tuple[type[BaseException], ...] = (msgspec.MsgspecError, RecursionError)


def loads(text: bytes | str) -> Any:
    """The JSON value of ``text``, as ``json.loads`` gives it (ValueError when invalid)."""
    if msgspec is not None:
        try:
            return _decode(text)
        except _REFUSED:
            pass  # json reads what msgspec refuses, or raises the error users know
    return json.loads(text)


def raw_records(doc: bytes) -> list[bytes] | None:
    """The text of each record in a page's ``data`` list, undecoded, or None (no msgspec,
    or ``doc`` is not an object with a ``data`` list). Splitting costs a fraction of a
    parse: the records' values are scanned, not built."""
    if msgspec is None:
        return None
    try:
        return [bytes(raw) for raw in _envelope(doc).data]  # type: ignore[attr-defined]
    except _REFUSED:
        return None
