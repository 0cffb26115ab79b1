"""The shared watchdog: aborts due connections, on time, with one thread, bounded memory."""

from __future__ import annotations

import socket
import threading
import time
from types import SimpleNamespace

from deepva_frames.client.watchdog import _Watchdog


def pair() -> tuple[SimpleNamespace, socket.socket]:
    """A connection-like object holding one end of a socket pair, and the other end."""
    ours, theirs = socket.socketpair()
    theirs.settimeout(5)
    return SimpleNamespace(sock=ours), theirs


def closed_within(peer: socket.socket, seconds: float) -> float:
    started = time.monotonic()
    peer.settimeout(seconds)
    assert peer.recv(1) == b""  # shut down: end of stream, not a timeout
    return time.monotonic() - started


def still_open_after(peer: socket.socket, seconds: float) -> bool:
    peer.settimeout(seconds)
    try:
        peer.recv(1)
    except TimeoutError:
        return True
    return False


def test_a_due_connection_is_shut_down_on_time() -> None:
    dog = _Watchdog()
    conn, peer = pair()
    dog.arm(time.monotonic() + 0.2, conn)  # type: ignore[arg-type]
    took = closed_within(peer, 3)
    assert 0.1 <= took < 2


def test_an_earlier_deadline_wakes_the_thread() -> None:
    dog = _Watchdog()
    late, late_peer = pair()
    early, early_peer = pair()
    dog.arm(time.monotonic() + 60, late)  # type: ignore[arg-type]
    time.sleep(0.05)  # the thread now waits for the late deadline
    dog.arm(time.monotonic() + 0.1, early)  # type: ignore[arg-type]
    assert closed_within(early_peer, 3) < 2
    assert still_open_after(late_peer, 0.2), "the late connection was aborted early"


def test_a_disarmed_connection_is_left_alone() -> None:
    dog = _Watchdog()
    conn, peer = pair()
    dog.disarm(dog.arm(time.monotonic() + 0.1, conn))  # type: ignore[arg-type]
    assert still_open_after(peer, 0.4), "a disarmed connection was aborted"


def test_many_calls_use_one_thread_and_bounded_memory() -> None:
    dog = _Watchdog()
    conn, _ = pair()
    before = threading.active_count()
    for _ in range(5000):
        dog.disarm(dog.arm(time.monotonic() + 300, conn))  # type: ignore[arg-type]
    assert threading.active_count() <= before + 1
    assert len(dog._heap) <= 200 and not dog._armed
