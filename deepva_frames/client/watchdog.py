"""A deadline for the wait on an answer's headers, which per-read timeouts cannot bound.

A server may trickle its status line and headers a byte at a time: each read then
succeeds within the read timeout and the wait never ends. :class:`DeadlineAdapter` gives
every connection a watchdog timer while it waits for the headers; when the call's
deadline (set with :func:`deadline_for_thread`) passes first, the socket is shut down and
the wait ends with a connection error, which the transport reports against the deadline.

>>> with deadline_for_thread(5.0):
...     current_deadline() is not None
True
>>> current_deadline() is None
True
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["DeadlineAdapter", "current_deadline", "deadline_for_thread"]

_local = threading.local()


@contextlib.contextmanager
def deadline_for_thread(seconds_left: float) -> Iterator[None]:
    """Within the block, connections of this thread give up waiting for headers after
    ``seconds_left`` seconds."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = time.monotonic() + seconds_left
    try:
        yield
    finally:
        _local.deadline = previous


def current_deadline() -> float | None:
    """The monotonic deadline of this thread's call, or None."""
    return getattr(_local, "deadline", None)


def _abort(conn: HTTPConnection) -> None:
    sock = getattr(conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """Mixin: ``getresponse`` under a watchdog timer armed to the thread's deadline."""

    def getresponse(self) -> Any:
        deadline = current_deadline()
        if deadline is None:
            return super().getresponse()  # type: ignore[misc]
        timer = threading.Timer(max(0.0, deadline - time.monotonic()), _abort, (self,))
        timer.daemon = True
        timer.start()
        try:
            return super().getresponse()  # type: ignore[misc]
        finally:
            timer.cancel()


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections honour :func:`deadline_for_thread`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
