"""Tests of deepva_frames._ahead: the one-worker read-ahead pipeline."""

from __future__ import annotations

import contextvars
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames._ahead import read_ahead

SCOPE: contextvars.ContextVar[str] = contextvars.ContextVar("scope", default="none")


@settings(max_examples=60, deadline=None)
@given(items=st.lists(st.integers(), max_size=12),
       delays=st.lists(st.sampled_from([0, 0, 0.0005, 0.002]), min_size=1, max_size=5),
       fail_at=st.none() | st.integers(0, 12))
def test_results_in_order_at_most_two_in_hand_errors_at_their_turn(items, delays, fail_at):
    started: list[int] = []
    lock = threading.Lock()

    def work(position_item: tuple[int, int]) -> tuple[int, str]:
        position, item = position_item
        with lock:
            started.append(position)
        time.sleep(delays[position % len(delays)])
        if position == fail_at:
            raise ValueError(f"item {position}")
        return item * 2, SCOPE.get()

    SCOPE.set("caller's")
    got: list[tuple[int, int]] = []
    try:
        for (position, item), (doubled, scope) in read_ahead(enumerate(items), work):
            with lock:  # the worker is at most one item ahead of the caller
                assert max(started) <= position + 1
            assert scope == "caller's"
            got.append((item, doubled))
    except ValueError as error:
        assert fail_at is not None and fail_at < len(items)
        assert str(error) == f"item {fail_at}"
        assert len(got) == fail_at  # every item before it came, none after
    else:
        assert fail_at is None or fail_at >= len(items)
    assert got == [(item, item * 2) for item in items[:len(got)]]
    assert started == sorted(started)


def test_stopping_early_stops_the_work():
    seen: list[int] = []
    gen = read_ahead(range(100), lambda x: seen.append(x) or x)
    assert next(gen) == (0, 0)
    gen.close()
    assert len(seen) <= 3


def test_an_empty_input_gives_nothing():
    assert list(read_ahead([], pytest.fail)) == []
