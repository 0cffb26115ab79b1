"""Retry tuning: capped exponential backoff with full jitter, and Retry-After parsing.

>>> policy = RetryPolicy(backoff_base=0.5, backoff_cap=4.0)
>>> all(0 <= policy.backoff(n) <= 4.0 for n in range(1, 20))
True
>>> parse_retry_after("7")
7.0
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

__all__ = ["RETRY_STATUSES", "RetryPolicy", "parse_retry_after"]

#: Statuses a GET (or DELETE) is retried on.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long the client retries an idempotent request.

    - ``max_retries``: retries after the first attempt (attempts = max_retries + 1).
    - ``backoff_base`` / ``backoff_cap``: the n-th wait is uniform in
      ``[0, min(cap, base * 2**(n-1))]`` (full jitter).
    - ``max_total``: no retry starts once this many seconds have passed since the first
      attempt (or would pass during the wait).
    - ``retry_after_cap``: a server's Retry-After up to this many seconds is honoured;
      a longer one raises RateLimited at once.

    >>> fast = RetryPolicy(max_retries=2, backoff_base=0.001, backoff_cap=0.01)
    >>> fast.backoff(10) <= 0.01
    True
    """

    max_retries: int = 5
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    max_total: float = 120.0
    retry_after_cap: float = 60.0
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if min(self.backoff_base, self.backoff_cap, self.max_total, self.retry_after_cap) < 0:
            raise ValueError("backoff and time limits must be >= 0")

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based), with full jitter."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** max(0, retry - 1))
        return self.rng.uniform(0.0, ceiling)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta seconds or an HTTP date), or None.

    >>> parse_retry_after("120")
    120.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0)
    10.0
    >>> parse_retry_after("soon") is None
    True
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)
