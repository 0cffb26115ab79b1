"""Work on the next item while the caller handles the current one: a one-worker pipeline.

For work that releases the GIL (Arrow's JSON reader): the worker reads block ``k + 1``
while the caller builds, checks or yields block ``k``. Items come back in order; at most
two are in hand (the one yielded, the one being worked on). The work runs in a copy of
the caller's context (its errors scope). An exception of the work is raised when its
item's turn comes.

>>> [(x, y) for x, y in read_ahead([1, 2, 3], lambda x: x * 10)]
[(1, 10), (2, 20), (3, 30)]
"""

from __future__ import annotations

import contextvars
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

__all__ = ["read_ahead", "release"]

T = TypeVar("T")
R = TypeVar("R")


def release(pool: ThreadPoolExecutor, futures: Iterable[Future[Any]]) -> None:
    """Stop ``pool``: cancel the ``futures`` not started, wait for those running, and let
    the pool's threads end by themselves.

    No thread is joined, so this is safe where the garbage collector runs it (closing an
    abandoned generator): joining a thread there can deadlock on Python 3.10 when the
    collector runs inside another thread's start-up.

    >>> pool = ThreadPoolExecutor(1)
    >>> release(pool, [pool.submit(sum, [1, 2])])
    """
    futures = list(futures)
    for future in futures:
        future.cancel()
    wait(futures)
    pool.shutdown(wait=False, cancel_futures=True)


def read_ahead(items: Iterable[T], work: Callable[[T], R], *,
               name: str = "deepva-ahead") -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` in order, ``work`` of the next item on a worker thread."""
    pool = ThreadPoolExecutor(1, thread_name_prefix=name)
    pending: deque[tuple[T, Future[R]]] = deque()
    try:
        for item in items:
            pending.append((item, pool.submit(contextvars.copy_context().run, work, item)))
            if len(pending) == 2:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        release(pool, [future for _, future in pending])
