"""Tests of deepva_frames.client.urls: which URLs may receive the key (text only, no lookups)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deepva_frames.client.urls import (
    check_base_url,
    is_loopback,
    join_url,
    origin,
    redirect_target,
    same_origin,
)
from deepva_frames.errors import UnsafeURLError

BASE = "https://api.deepva.com/api/v1"


@pytest.mark.parametrize("url", ["https://api.deepva.com/api/v1", "https://api.deepva.com/api/v1/",
                                 "http://127.0.0.1:8080/api/v1", "http://localhost/api/v1",
                                 "http://[::1]:9000/api/v1", "http://127.9.9.9/x"])
def test_accepted_base_urls(url: str) -> None:
    assert check_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://api.deepva.com/api/v1", "http://10.0.0.5/api/v1",
                                 "http://localhost.evil.com/api/v1", "http://127.0.0.1.nip.io/x"])
def test_plain_http_to_other_hosts_is_refused(url: str) -> None:
    with pytest.raises(UnsafeURLError, match="plain http"):
        check_base_url(url)
    assert check_base_url(url, allow_insecure=True) == url


@pytest.mark.parametrize("url", ["ftp://api.deepva.com/", "api.deepva.com/api/v1",
                                 "https://user:pw@api.deepva.com/", "https:///api/v1",
                                 "https://api.deepva.com/api/v1?key=1", "https://a.com:99999/"])
def test_malformed_or_dangerous_base_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_base_url(url, allow_insecure=True)


def test_origin_ignores_case_and_default_ports() -> None:
    assert origin("HTTPS://API.DeepVA.com:443/x") == "https://api.deepva.com"
    assert origin("http://h:8080/") == "http://h:8080"
    assert not same_origin("https://a.com", "https://a.com:8443")
    assert not same_origin("https://a.com", "http://a.com")


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255), st.integers(1, 65535))
def test_every_127_address_is_loopback(b: int, c: int, d: int, port: int) -> None:
    assert is_loopback(f"http://127.{b}.{c}.{d}:{port}/api")


@given(st.from_regex(r"[a-z][a-z0-9-]{0,20}\.(com|org|net|io)", fullmatch=True))
def test_public_names_are_not_loopback(host: str) -> None:
    assert not is_loopback(f"http://{host}/")
    with pytest.raises(UnsafeURLError):
        check_base_url(f"http://{host}/api/v1")


def test_join_url_keeps_to_the_base_origin() -> None:
    assert join_url(BASE, "/jobs/") == BASE + "/jobs/"
    assert join_url(BASE, BASE + "/jobs/?x=1") == BASE + "/jobs/?x=1"
    with pytest.raises(UnsafeURLError):
        join_url(BASE, "https://testenv.deepva.com/api/v1/jobs/")
    with pytest.raises(UnsafeURLError):
        join_url(BASE, "http://api.deepva.com/api/v1/jobs/")


def test_redirect_rules() -> None:
    here = BASE + "/jobs/a/artifacts/b/file/"
    assert redirect_target(here, "/api/v1/other/", BASE) == (BASE + "/other/", True)
    assert redirect_target(here, "https://s3.example.com/f?sig=1", BASE) == (
        "https://s3.example.com/f?sig=1", False)
    assert redirect_target(here, "http://127.0.0.1:9/f", BASE) == ("http://127.0.0.1:9/f", False)
    with pytest.raises(UnsafeURLError, match="refusing redirect"):
        redirect_target(here, "http://s3.example.com/f", BASE)
    with pytest.raises(UnsafeURLError):
        redirect_target(here, "http://api.deepva.com/api/v1/jobs/", BASE)  # downgrade
