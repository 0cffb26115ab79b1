"""Decode, draw and encode in a pipeline: a reader thread, the caller's thread, a writer.

OpenCV releases the GIL while it decodes and encodes, so decoding frame n+1 and
encoding frame n-1 overlap with drawing frame n. The queues are bounded: memory
stays constant (a few frames) however long the video. An error in any stage stops
all three and is raised in the caller's thread.

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


def _reader(capture: Any, out: queue.Queue, stop: threading.Event, errors: list) -> None:
    try:
        while not stop.is_set():
            ok, image = capture.read()
            if not ok or image is None:
                break
            if not _put(out, image, stop):
                return
    except BaseException as exc:    # handed to the caller's thread
        errors.append(exc)
        stop.set()
    _put(out, _END, stop)


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
    ``sink``; returns the number of frames written. ``on_frame`` is called after each.
    """
    stop = threading.Event()
    errors: list[BaseException] = []
    decoded: queue.Queue = queue.Queue(QUEUE_FRAMES)
    drawn: queue.Queue = queue.Queue(QUEUE_FRAMES)
    threads = [threading.Thread(target=_reader, args=(capture, decoded, stop, errors),
                                name="overlay-reader", daemon=True),
               threading.Thread(target=_writer, args=(sink, drawn, stop, errors),
                                name="overlay-writer", daemon=True)]
    for thread in threads:
        thread.start()
    count = 0
    try:
        while (image := _get(decoded, stop)) is not _END:
            draw(count, image)
            if not _put(drawn, image, stop):
                break
            count += 1
            if on_frame is not None:
                on_frame()
        _put(drawn, _END, stop)
    except BaseException:
        stop.set()
        raise
    finally:
        if not stop.is_set():
            threads[1].join()        # the writer drains its queue up to _END
        stop.set()
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return count
