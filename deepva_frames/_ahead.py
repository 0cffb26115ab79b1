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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

__all__ = ["read_ahead"]

T = TypeVar("T")
R = TypeVar("R")


def read_ahead(items: Iterable[T], work: Callable[[T], R], *,
               name: str = "deepva-ahead") -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` in order, ``work`` of the next item on a worker thread."""
    with ThreadPoolExecutor(1, thread_name_prefix=name) as pool:
        pending: tuple[T, Future[R]] | None = None
        for item in items:
            future = pool.submit(contextvars.copy_context().run, work, item)
            if pending is not None:
                yield pending[0], pending[1].result()
            pending = (item, future)
        if pending is not None:
            yield pending[0], pending[1].result()
