"""Tests of deepva_frames.client.http (the transport) against FakeDeepVA over loopback HTTP.

Faults are injected by the fake server; requests itself is never patched.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path
from typing import ClassVar

import pytest
from client_helpers import FAST, KEY, free_port

from deepva_frames.client.http import HttpTransport, Secret
from deepva_frames.client.retry import RetryPolicy
from deepva_frames.errors import (
    ApiError,
    AuthError,
    NotFound,
    PayloadError,
    RateLimited,
    TransportError,
    UnsafeURLError,
)
from deepva_frames.testing import FakeDeepVA, build_store

JOBS = [{"id": f"j{i}", "tag": "t"} for i in range(5)]


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeDeepVA]:
    store = build_store(tmp_path / "store", {
        "jobs/": JOBS, "jobs/j1/": {"id": "j1"},
        "storage/7/file/": (b"0123456789" * 5000, "image/jpeg", "photo.jpg")})
    with FakeDeepVA(store, key=KEY) as server:
        yield server


def transport(url: str, *, key: str = KEY, retry: RetryPolicy = FAST,
              timeout: tuple[float, float] = (2, 5)) -> HttpTransport:
    return HttpTransport(url, Secret(key), retry=retry, timeout=timeout)


def gets(fake: FakeDeepVA, path: str) -> list:
    return [seen for seen in fake.requests if seen.path == path]


# -- the key ---------------------------------------------------------------------------------
def test_the_key_is_sent_as_authorization_key(fake: FakeDeepVA) -> None:
    resp = transport(fake.url).get("/jobs/j1/")
    assert resp.data == {"id": "j1"} and resp.status == 200
    assert fake.requests[-1].authorized
    assert "authorization" not in {k.lower() for k in fake.requests[-1].headers}


def test_a_wrong_key_is_an_auth_error_at_once(fake: FakeDeepVA) -> None:
    with pytest.raises(AuthError) as info:
        transport(fake.url, key="wrong").get("/jobs/")
    assert info.value.status == 401 and "Invalid API key" in info.value.body
    assert len(fake.requests) == 1


def test_an_absolute_url_on_another_origin_is_refused(fake: FakeDeepVA) -> None:
    with pytest.raises(UnsafeURLError):
        transport(fake.url).get("https://testenv.deepva.com/api/v1/jobs/")
    assert fake.requests == []


# -- statuses --------------------------------------------------------------------------------
@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(fake: FakeDeepVA, status: int) -> None:
    fake.fail("status", status=status, times=2, path="/jobs/")
    assert transport(fake.url).get("/jobs/").data["total"] == 5
    assert len(gets(fake, "/jobs/")) == 3


@pytest.mark.parametrize("status, error", [(400, ApiError), (401, AuthError),
                                           (403, AuthError), (404, NotFound)])
def test_client_errors_fail_at_once_with_status_url_and_body(fake: FakeDeepVA, status: int,
                                                             error: type) -> None:
    fake.fail("status", status=status, path="/jobs/")
    with pytest.raises(error) as info:
        transport(fake.url).get("/jobs/", {"tag": "x"})
    err = info.value
    assert type(err) is error and err.status == status
    assert err.url == f"{fake.url}/jobs/?tag=x"
    assert err.body.startswith('{"detail":') and err.body in str(err)
    assert "Authorization" not in str(err) and "Content-Type" not in str(err)
    assert len(fake.requests) == 1


def test_exhausted_retries_raise_the_last_api_error(fake: FakeDeepVA) -> None:
    fake.fail("status", status=503, times=10, path="/jobs/")
    with pytest.raises(ApiError) as info:
        transport(fake.url, retry=RetryPolicy(2, 0.001, 0.002)).get("/jobs/")
    assert info.value.status == 503
    assert len(fake.requests) == 3


def test_retry_after_seconds_is_honoured(fake: FakeDeepVA) -> None:
    fake.fail("status", status=429, retry_after=1, path="/jobs/")
    transport(fake.url).get("/jobs/")
    first, second = gets(fake, "/jobs/")
    assert 0.9 <= second.time - first.time < 3


def test_retry_after_http_date_is_honoured(fake: FakeDeepVA) -> None:
    fake.fail("status", status=503, retry_after=formatdate(time.time() + 2, usegmt=True),
              path="/jobs/")
    transport(fake.url).get("/jobs/")
    first, second = gets(fake, "/jobs/")
    assert 0.5 <= second.time - first.time < 3.5


def test_retry_after_beyond_the_cap_raises_rate_limited(fake: FakeDeepVA) -> None:
    fake.fail("status", status=429, retry_after=3600, path="/jobs/")
    start = time.monotonic()
    with pytest.raises(RateLimited) as info:
        transport(fake.url).get("/jobs/")
    assert info.value.retry_after == 3600 and info.value.status == 429
    assert time.monotonic() - start < 1 and len(fake.requests) == 1


def test_exhausted_429s_raise_rate_limited(fake: FakeDeepVA) -> None:
    fake.fail("status", status=429, times=5, path="/jobs/")
    with pytest.raises(RateLimited):
        transport(fake.url, retry=RetryPolicy(1, 0.001, 0.002)).get("/jobs/")
    assert len(fake.requests) == 2


def test_total_retry_time_is_bounded(fake: FakeDeepVA) -> None:
    fake.fail("status", status=503, times=100, path="/jobs/")
    policy = RetryPolicy(max_retries=100, backoff_base=0.05, backoff_cap=0.05, max_total=0.3)
    start = time.monotonic()
    with pytest.raises(ApiError):
        transport(fake.url, retry=policy).get("/jobs/")
    assert time.monotonic() - start < 1.0
    assert 2 <= len(fake.requests) < 100


# -- broken bodies and connections -----------------------------------------------------------
@pytest.mark.parametrize("kind", ["cut", "invalid-json", "reset"])
def test_broken_answers_are_retried(fake: FakeDeepVA, kind: str) -> None:
    fake.fail(kind, times=2, path="/jobs/")
    assert transport(fake.url).get("/jobs/").data["data"] == JOBS
    assert len(gets(fake, "/jobs/")) == 3


def test_cut_bodies_exhaust_into_transport_error(fake: FakeDeepVA) -> None:
    fake.fail("cut", times=10, path="/jobs/")
    with pytest.raises(TransportError) as info:
        transport(fake.url, retry=RetryPolicy(2, 0.001, 0.002)).get("/jobs/")
    assert info.value.attempts == 3 and info.value.url.startswith(fake.url + "/jobs/")


def test_invalid_json_exhausts_into_payload_error(fake: FakeDeepVA) -> None:
    fake.fail("invalid-json", times=10, path="/jobs/")
    with pytest.raises(PayloadError, match="invalid JSON"):
        transport(fake.url, retry=RetryPolicy(1, 0.001, 0.002)).get("/jobs/")
    assert len(fake.requests) == 2


def test_connection_refused_fails_at_once_with_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/api/v1"        # a closed loopback port
    started = time.monotonic()
    with pytest.raises(TransportError) as info:
        transport(url, retry=RetryPolicy(3, 0.5, 1.0)).get("/jobs/")
    assert time.monotonic() - started < 0.5                 # no backoff: nothing listens
    assert info.value.attempts == 1
    assert str(info.value) == (f"cannot connect to {url} (connection refused): "
                               "check --base-url or DEEPVA_BASE_URL")


# -- timeouts --------------------------------------------------------------------------------
def test_a_hung_server_times_out_and_the_retry_succeeds(fake: FakeDeepVA) -> None:
    fake.fail("hang", delay=3, path="/jobs/")
    start = time.monotonic()
    assert transport(fake.url, timeout=(1, 0.3)).get("/jobs/").data["total"] == 5
    assert time.monotonic() - start < 1.5
    assert len(gets(fake, "/jobs/")) == 2


def test_a_server_that_always_hangs_cannot_hang_the_client(fake: FakeDeepVA) -> None:
    fake.fail("hang", delay=5, times=10, path="/jobs/")
    start = time.monotonic()
    with pytest.raises(TransportError, match=r"(?i)timed? ?out"):
        transport(fake.url, timeout=(1, 0.2), retry=RetryPolicy(2, 0.001, 0.002)).get("/jobs/")
    assert time.monotonic() - start < 2
    assert len(fake.requests) == 3


# -- writes ----------------------------------------------------------------------------------
def test_post_is_not_retried_after_a_server_error(fake: FakeDeepVA) -> None:
    fake.fail("status", status=503, method="POST", path="/jobs/")
    with pytest.raises(ApiError) as info:
        transport(fake.url).call("POST", "/jobs/", json_body={"sources": ["s"], "modules": {}})
    assert info.value.status == 503
    assert [s.method for s in fake.requests] == ["POST"]


@pytest.mark.parametrize("kind", ["reset", "cut", "hang"])
def test_post_is_not_retried_once_it_may_have_arrived(fake: FakeDeepVA, kind: str) -> None:
    fake.fail(kind, method="POST", path="/jobs/", delay=2)
    with pytest.raises(TransportError):
        transport(fake.url, timeout=(1, 0.3)).call(
            "POST", "/jobs/", json_body={"sources": ["s"], "modules": {"m": {}}})
    assert [s.method for s in fake.requests] == ["POST"]


def test_a_refused_post_fails_at_once_too() -> None:
    url = f"http://127.0.0.1:{free_port()}/api/v1"
    with pytest.raises(TransportError) as info:
        transport(url, retry=RetryPolicy(2, 0.001, 0.002)).call("POST", "/jobs/", json_body={})
    assert info.value.attempts == 1
    assert "connection refused" in str(info.value)


def test_delete_is_retried(fake: FakeDeepVA) -> None:
    fake.fail("status", status=502, method="DELETE", path="/jobs/")
    assert transport(fake.url).call("DELETE", "/jobs/j1/").data == {
        "message": "Job has been deleted"}
    assert [s.method for s in fake.requests] == ["DELETE", "DELETE"]


def test_a_post_redirect_is_not_followed(fake: FakeDeepVA) -> None:
    fake.fail("redirect", method="POST", path="/jobs/", location=fake.url + "/batches/")
    with pytest.raises(ApiError) as info:
        transport(fake.url).call("POST", "/jobs/", json_body={"sources": ["s"], "modules": {}})
    assert info.value.status == 302
    assert [s.method for s in fake.requests] == ["POST"]


# -- redirects -------------------------------------------------------------------------------
def test_same_origin_redirect_is_followed_with_the_key(fake: FakeDeepVA) -> None:
    fake.fail("redirect", path="/jobs/j9/", location=fake.url + "/jobs/j1/")
    assert transport(fake.url).get("/jobs/j9/").data == {"id": "j1"}
    assert [(s.path, s.authorized) for s in fake.requests] == [("/jobs/j9/", True),
                                                               ("/jobs/j1/", True)]


def test_cross_origin_redirect_never_carries_the_key(fake: FakeDeepVA, tmp_path: Path) -> None:
    other_store = build_store(tmp_path / "other", {"jobs/j1/": {"id": "elsewhere"}})
    with FakeDeepVA(other_store, key=KEY) as other:  # same key: `authorized` would show it
        fake.fail("redirect", path="/jobs/j1/", location=other.url + "/jobs/j1/")
        with pytest.raises(AuthError) as info:
            transport(fake.url).get("/jobs/j1/")
        assert info.value.url == other.url + "/jobs/j1/"
        assert [s.authorized for s in fake.requests] == [True]
        assert [(s.path, s.authorized) for s in other.requests] == [("/jobs/j1/", False)]


def test_plain_http_redirect_to_a_public_host_is_refused(fake: FakeDeepVA) -> None:
    fake.fail("redirect", path="/jobs/", location="http://files.example.com/jobs.json")
    with pytest.raises(UnsafeURLError, match="refusing redirect"):
        transport(fake.url).get("/jobs/")


def test_redirect_loops_end(fake: FakeDeepVA) -> None:
    fake.fail("redirect", times=50, path="/jobs/")
    with pytest.raises(TransportError, match="redirects"):
        transport(fake.url).get("/jobs/")
    assert len(fake.requests) == 6


class _PresignedHandler(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers.items()))
        body = b"presigned bytes"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_download_follows_a_presigned_redirect_without_the_key(fake: FakeDeepVA,
                                                               tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _PresignedHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                     daemon=True).start()
    try:
        location = f"http://127.0.0.1:{server.server_address[1]}/bucket/f?sig=abc"
        fake.fail("redirect", path="/storage/7/file/", location=location)
        done = transport(fake.url).download("/storage/7/file/", lambda name: tmp_path / "f.bin")
    finally:
        server.shutdown()
        server.server_close()
    assert done.path.read_bytes() == b"presigned bytes"
    assert len(_PresignedHandler.seen) == 1
    assert not any(k.lower() == "authorization" for k in _PresignedHandler.seen[0])
    assert KEY not in repr(_PresignedHandler.seen)


# -- downloads -------------------------------------------------------------------------------
def test_download_streams_atomically_and_retries_a_cut(fake: FakeDeepVA, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fake.fail("cut", path="/storage/7/file/")
    done = transport(fake.url).download("/storage/7/file/", lambda name: out / name)
    assert done.path == out / "photo.jpg" and done.filename == "photo.jpg"
    assert done.path.read_bytes() == b"0123456789" * 5000 and done.size == 50000
    assert done.content_type == "image/jpeg"
    assert sorted(p.name for p in out.iterdir()) == ["photo.jpg"]
    assert len(fake.requests) == 2


def test_a_failed_download_leaves_no_file(fake: FakeDeepVA, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fake.fail("cut", times=10, path="/storage/7/file/")
    with pytest.raises(TransportError):
        transport(fake.url, retry=RetryPolicy(1, 0.001, 0.002)).download(
            "/storage/7/file/", lambda name: out / "x.jpg")
    assert list(out.iterdir()) == []
    assert len(fake.requests) == 2


def test_download_replaces_an_old_file_only_when_complete(fake: FakeDeepVA,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "x.jpg"
    target.write_bytes(b"old")
    fake.fail("cut", times=10, path="/storage/7/file/")
    with pytest.raises(TransportError):
        transport(fake.url, retry=RetryPolicy(0)).download("/storage/7/file/", lambda n: target)
    assert target.read_bytes() == b"old"
    fake.reset()
    transport(fake.url).download("/storage/7/file/", lambda n: target)
    assert target.stat().st_size == 50000


def test_repr_hides_the_key(fake: FakeDeepVA) -> None:
    t = transport(fake.url)
    assert KEY not in repr(t) and KEY not in repr(vars(t))
