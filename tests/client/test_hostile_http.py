"""The client against a hostile server: bounded time and memory, the key secret in every
form, no raw exception, no frame holding the Authorization header."""

from __future__ import annotations

import logging
import time
import traceback
import tracemalloc
from collections.abc import Iterator
from urllib.parse import quote, quote_plus

import pytest
from client_helpers import error_texts
from hostile_server import BOMB_BYTES, HostileHandler, hostile_server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deepva_frames.client import Client, RetryPolicy
from deepva_frames.errors import (
    DeepVAError,
    NotFound,
    PayloadError,
    TransportError,
    UnsafeURLError,
)

NO_RETRY = RetryPolicy(max_retries=0)


@pytest.fixture(scope="module")
def server() -> Iterator:
    with hostile_server() as running:
        yield running


def client(server, key: str = "hostile-test-key-0b7e", **kwargs) -> Client:
    server.key = key
    kwargs.setdefault("retry", NO_RETRY)
    kwargs.setdefault("max_retries", 0)  # the Client's max_retries wins over the policy's
    return Client(key, server.url, progress=False, **kwargs)


# -- bounded time ----------------------------------------------------------------------------
def test_a_trickled_body_cannot_hold_jobs_past_the_deadline(server) -> None:
    c = client(server, timeout=(2, 2), max_retries=0, deadline=1.0)
    start = time.monotonic()
    with pytest.raises(TransportError, match="deadline of 1 s"):
        c.jobs()
    assert time.monotonic() - start < 3.0  # the body would take 20 s at its pace


def test_trickled_headers_cannot_hold_a_call_past_the_deadline(server) -> None:
    c = client(server, timeout=(2, 2), deadline=1.0)
    start = time.monotonic()
    with pytest.raises(TransportError, match="deadline of 1 s"):
        c.get_json("/slow-headers/")  # the headers alone would take 11 s at their pace
    assert time.monotonic() - start < 3.0


def test_the_default_deadline_comes_from_the_timeouts(server) -> None:
    fast = RetryPolicy(max_retries=0, max_total=0.5)
    c = client(server, timeout=(0.5, 0.5), retry=fast)  # deadline 0.5 + 5 * 0.5 + 0.5
    start = time.monotonic()
    with pytest.raises(TransportError, match=r"deadline of 3\.5 s"):
        c.get_json("/trickle/")
    assert time.monotonic() - start < 6.0


# -- bounded memory --------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["gzip", "deflate"])
def test_a_compression_bomb_is_refused_before_memory_grows(server, kind: str) -> None:
    c = client(server, max_body_bytes=1 << 20)
    tracemalloc.start()
    try:
        with pytest.raises(PayloadError, match="larger than 1,048,576 bytes once decoded"):
            c.get_json(f"/{kind}-bomb/")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < BOMB_BYTES / 4  # the decoded body is never held whole


def test_a_huge_content_length_is_refused_at_once(server) -> None:
    start = time.monotonic()
    with pytest.raises(PayloadError, match="Content-Length 1,000,000,000,000"):
        client(server).get_json("/huge/")
    assert time.monotonic() - start < 2.0


def test_a_reset_mid_body_is_a_transport_error(server) -> None:
    with pytest.raises(TransportError):
        client(server).get_json("/reset/")


# -- the key ---------------------------------------------------------------------------------
keys = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=6, max_size=40)


def _forms(key: str) -> list[str]:
    import json

    return [key, quote(key, safe=""), quote(key, safe="").lower(), quote_plus(key),
            json.dumps(key)[1:-1]]


def _frames_hold(err: BaseException, needle: str, depth: int = 4) -> bool:
    """Whether any frame of the error's traceback (and chain) holds ``needle`` in its
    locals, looked for through containers and objects' attributes."""
    def holds(value: object, level: int, seen: set[int]) -> bool:
        if id(value) in seen or level < 0:
            return False
        seen.add(id(value))
        if isinstance(value, str | bytes):
            return needle in (value if isinstance(value, str) else value.decode("latin-1"))
        if isinstance(value, dict):
            items = [*value.keys(), *value.values()]
        elif isinstance(value, list | tuple | set):
            items = list(value)
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            items = list(vars(value).values())
        else:
            return False
        return any(holds(v, level - 1, seen) for v in items)

    chain: BaseException | None = err
    while chain is not None:
        for frame, _ in traceback.walk_tb(chain.__traceback__):
            if frame.f_code.co_filename == __file__:
                continue
            if any(holds(v, depth, set()) for v in frame.f_locals.values()):
                return True
        chain = chain.__cause__ or chain.__context__
    return False


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=keys)
def test_the_key_is_redacted_in_every_form(server, key: str,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    for name in ("urllib3", "urllib3.connectionpool", "deepva_frames"):
        caplog.set_level(logging.DEBUG, logger=name)
    c = client(server, key)
    errors: list[DeepVAError] = []
    for path, expected in [("/echo/", DeepVAError), ("/redirect-key/", NotFound),
                           ("/redirect-key-away/", UnsafeURLError)]:
        with pytest.raises(expected) as caught:
            c.get_json(path)
        errors.append(caught.value)
    assert "missing" in str(errors[1])  # the redirect was followed within the origin
    logged = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert any("api_key=" in r.getMessage() for r in caplog.records)  # urllib3 logged it
    texts = logged + repr(c) + "".join(error_texts(e) for e in errors)
    for form in _forms(key):
        assert form not in texts
    for err in errors:
        assert not _frames_hold(err, f"Key {key}")


def test_no_frame_of_a_transport_error_holds_the_authorization_header(server) -> None:
    key = "frame-canary-91c3"
    for path in ("/reset/", "/echo/", "/trickle/"):
        with pytest.raises(DeepVAError) as caught:
            client(server, key, deadline=0.5).get_json(path)
        assert caught.value.__context__ is None and caught.value.__cause__ is None
        assert not _frames_hold(caught.value, f"Key {key}")


def test_an_answer_after_a_redirect_with_the_key_carries_a_redacted_url(server) -> None:
    key = "listing-canary-4e2f"
    server.bodies["/after/"] = b'{"total": 5, "offset": 0, "limit": 100, "data": [{"id": 1}]}'
    c = client(server, key)
    HostileHandler.redirects = {"/listing/": f"/api/v1/after/?api_key={quote(key, safe='')}"}
    try:
        with pytest.raises(DeepVAError) as caught:  # total 5, one record: paging refuses
            list(c.pages("/listing/"))
    finally:
        HostileHandler.redirects = {}
    assert "after" in str(caught.value)
    for form in _forms(key):
        assert form not in error_texts(caught.value)
