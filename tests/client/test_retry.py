"""Tests of deepva_frames.client.retry: jittered capped backoff and Retry-After parsing."""

from __future__ import annotations

import random
from email.utils import formatdate

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepva_frames.client.retry import RetryPolicy, parse_retry_after


@given(base=st.floats(0.001, 5), cap=st.floats(0.001, 60), retry=st.integers(1, 60),
       seed=st.integers(0, 2**32))
def test_backoff_stays_within_the_capped_exponential(base: float, cap: float, retry: int,
                                                     seed: int) -> None:
    policy = RetryPolicy(backoff_base=base, backoff_cap=cap, rng=random.Random(seed))
    assert 0 <= policy.backoff(retry) <= min(cap, base * 2 ** (retry - 1))


def test_backoff_is_jittered_and_grows() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_cap=1000.0, rng=random.Random(7))
    first = [policy.backoff(1) for _ in range(200)]
    sixth = [policy.backoff(6) for _ in range(200)]
    assert len(set(first)) > 150  # full jitter, not a fixed delay
    assert max(first) <= 1.0 < max(sixth) <= 32.0
    assert sum(sixth) / len(sixth) > 4 * sum(first) / len(first)


def test_invalid_policy_is_refused() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError):
        RetryPolicy(backoff_cap=-1)


def test_retry_after_seconds_and_dates() -> None:
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after(" 42 ") == 42.0
    now = 1_700_000_000.0
    assert parse_retry_after(formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30)
    assert parse_retry_after(formatdate(now - 30, usegmt=True), now=now) == 0.0
    for junk in (None, "", "soon", "-5", "1.5e3x"):
        assert parse_retry_after(junk) is None
