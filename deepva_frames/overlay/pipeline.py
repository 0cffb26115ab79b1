"""Decode and draw in the caller's thread while a writer thread encodes.

OpenCV releases the GIL while it encodes, so encoding frame n-1 overlaps with
decoding and drawing frame n. (A third, reader thread measured slower: FFmpeg's
decoder already uses its own threads.) The queue is bounded: memory stays constant
(a few frames) however long the video. An error in either stage stops both and is
raised in the caller's thread.

>>> import numpy as np
>>> class Source:
...     def __init__(self): self.n = 0
...     def read(self):
...         self.n += 1
...         return self.n <= 3, np.full((2, 2, 3), self.n, np.uint8)
>>> class Sink:
...     def __init__(self): self.got = []
...     def write(self, image): self.got.append(int(image[0, 0, 0]))
>>> sink = Sink()
>>> run_pipeline(Source(), sink, lambda i, image: image.__iadd__(10))
3
>>> sink.got
[11, 12, 13]
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["run_pipeline"]

QUEUE_FRAMES = 8
POLL_S = 0.05
_END = object()


def _put(q: queue.Queue, item: Any, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            q.put(item, timeout=POLL_S)
            return True
        except queue.Full:
            continue
    return False


def _get(q: queue.Queue, stop: threading.Event) -> Any:
    while not stop.is_set():
        try:
            return q.get(timeout=POLL_S)
        except queue.Empty:
            continue
    return _END


def _writer(sink: Any, source: queue.Queue, stop: threading.Event, errors: list) -> None:
    try:
        while True:
            image = _get(source, stop)
            if image is _END:
                return
            sink.write(image)
    except BaseException as exc:
        errors.append(exc)
        stop.set()


def run_pipeline(capture: Any, sink: Any, draw: Callable[[int, np.ndarray], Any],
                 on_frame: Callable[[], Any] | None = None) -> int:
    """Read every frame of ``capture``, ``draw(index, frame)`` it in place, write it to
    ``sink`` (in a writer thread); returns the number of frames written. ``on_frame`` is
    called after each frame.

    >>> class Empty:
    ...     def read(self): return False, None
    >>> run_pipeline(Empty(), None, lambda i, image: None)
    0
    """
    stop = threading.Event()
    errors: list[BaseException] = []
    drawn: queue.Queue = queue.Queue(QUEUE_FRAMES)
    writer = threading.Thread(target=_writer, args=(sink, drawn, stop, errors),
                              name="overlay-writer", daemon=True)
    writer.start()
    count = 0
    try:
        while not stop.is_set():
            ok, image = capture.read()
            if not ok or image is None:
                break
            draw(count, image)
            if not _put(drawn, image, stop):
                break
            count += 1
            if on_frame is not None:
                on_frame()
        _put(drawn, _END, stop)
        writer.join()             # drains the queue up to _END (or stops on an error)
    finally:
        stop.set()
        writer.join()
    if errors:
        raise errors[0]
    return count
