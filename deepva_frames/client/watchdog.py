"""A deadline for the wait on an answer's headers, which per-read timeouts cannot bound.

A server may trickle its status line and headers a byte at a time: each read then
succeeds within the read timeout and the wait never ends. :class:`DeadlineAdapter` gives
every connection to one shared watchdog thread while it waits for the headers; when the call's
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
import heapq
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["DeadlineAdapter", "current_deadline", "deadline_for_thread", "earned_deadline",
           "extend_deadline"]

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


def earned_deadline(deadline_at: float, transferred: int, floor_rate: float) -> float:
    """The deadline of a transfer that may outlast ``deadline_at`` while it keeps
    ``floor_rate`` bytes/s: one more second per ``floor_rate`` bytes moved (no floor
    when ``floor_rate`` is 0).

    >>> earned_deadline(100.0, 131072, 65536), earned_deadline(100.0, 5, 0)
    (102.0, 100.0)
    """
    return deadline_at + (transferred / floor_rate if floor_rate else 0.0)


def extend_deadline(at: float) -> None:
    """Move this thread's deadline, when one is set, to ``at`` if that is later (an
    upload that keeps its pace earns the time it takes).

    >>> with deadline_for_thread(1.0):
    ...     extend_deadline(time.monotonic() + 60)
    ...     current_deadline() - time.monotonic() > 30
    True
    """
    current = getattr(_local, "deadline", None)
    if current is not None and at > current:
        _local.deadline = at


def current_deadline() -> float | None:
    """The monotonic deadline of this thread's call, or None."""
    return getattr(_local, "deadline", None)


def _abort(conn: HTTPConnection) -> None:
    sock = getattr(conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread that aborts the connections whose deadline has passed.

    A timer thread per request would cost a thread start each (and, under load, a wait
    for the new thread to run); here arming and disarming are a heap push and a dict
    operation. The thread starts on first use, never on import, and again in a forked
    child.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Empty, with no thread (also in a forked child, where the thread is gone)."""
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []  # (deadline, token); disarmed ones linger
        self._armed: dict[int, HTTPConnection] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, at: float, conn: HTTPConnection) -> int:
        """Abort ``conn`` at monotonic time ``at`` unless disarmed first; returns a token."""
        token = next(self._tokens)
        with self._cond:
            self._armed[token] = conn
            heapq.heappush(self._heap, (at, token))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="deepva-watchdog",
                                                daemon=True)
                self._thread.start()
            elif self._heap[0][1] == token:  # the earliest deadline now: wake the thread
                self._cond.notify()
            if len(self._heap) > 2 * len(self._armed) + 64:  # drop the disarmed entries
                self._heap = [entry for entry in self._heap if entry[1] in self._armed]
                heapq.heapify(self._heap)
        return token

    def disarm(self, token: int) -> None:
        with self._cond:
            self._armed.pop(token, None)

    def _due(self) -> list[HTTPConnection]:
        """Wait (lock held) until some deadline passes; the connections due then."""
        while True:
            while self._heap and self._heap[0][1] not in self._armed:
                heapq.heappop(self._heap)
            if not self._heap:
                self._cond.wait()
                continue
            left = self._heap[0][0] - time.monotonic()
            if left > 0:
                self._cond.wait(left)
                continue
            due = []
            while self._heap and self._heap[0][0] <= time.monotonic():
                conn = self._armed.pop(heapq.heappop(self._heap)[1], None)
                if conn is not None:
                    due.append(conn)
            if due:
                return due

    def _run(self) -> None:
        while True:
            with self._cond:
                due = self._due()
            for conn in due:  # outside the lock: a shutdown may take a moment
                _abort(conn)

_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_WATCHDOG.reset)


class _Watched:
    """Mixin: ``getresponse`` watched by the watchdog until the thread's deadline."""

    def getresponse(self) -> Any:
        deadline = current_deadline()
        if deadline is None:
            return super().getresponse()  # type: ignore[misc]
        token = _WATCHDOG.arm(deadline, self)  # type: ignore[arg-type]
        try:
            return super().getresponse()  # type: ignore[misc]
        finally:
            _WATCHDOG.disarm(token)


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
