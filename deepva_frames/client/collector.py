"""The garbage collector paused while listings are parsed.

>>> with collector_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["collector_paused"]

_pause_lock = threading.Lock()
_pause_depth = 0
_pause_restores = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while pages are parsed (re-entrant, any thread).

    Parsing a page builds many containers and no cycles; each collection the parser's
    allocations trigger scans every live object of the process, which can cost as much
    as the parse itself. The collector runs again (if it ran before) when the last
    paused block ends.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    global _pause_depth, _pause_restores
    with _pause_lock:
        if _pause_depth == 0:
            _pause_restores = gc.isenabled()
            gc.disable()
        _pause_depth += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause_depth -= 1
            if _pause_depth == 0 and _pause_restores:
                gc.enable()
