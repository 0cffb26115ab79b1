"""The last line between a payload and the user: no raw Python exception escapes.

Flattening validates what it knows; a value it did not foresee (an integer beyond any
float, a string Arrow cannot hold, nesting deeper than the interpreter's stack) must still
surface as the package's :class:`~deepva_frames.errors.PayloadError` naming the resource.

>>> with guard("/jobs/"):
...     float(10 ** 400)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
deepva_frames.errors.PayloadError: /jobs/: cannot be read (OverflowError: int too large ...)
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pyarrow as pa

from ..errors import DeepVAError, PayloadError

__all__ = ["guard"]


@contextlib.contextmanager
def guard(resource: str) -> Iterator[None]:
    """Turn a raw data exception inside the block into PayloadError naming ``resource``."""
    try:
        yield
    except DeepVAError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError,
            UnicodeError, pa.ArrowException) as exc:
        raise PayloadError(resource, f"cannot be read ({type(exc).__name__}: "
                           f"{str(exc)[:200]})") from None
