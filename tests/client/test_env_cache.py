"""The environment's proxy settings: read once per origin, the same as requests finds."""

from __future__ import annotations

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.client.env_cache import EnvCachedSession

HOSTS = ["api.deepva.com", "127.0.0.1:8000", "internal.example", "files.example:8443"]


@settings(max_examples=30, deadline=None)
@given(urls=st.lists(st.tuples(st.sampled_from(["http", "https"]), st.sampled_from(HOSTS),
                               st.sampled_from(["/a", "/jobs/?offset=5"])), min_size=1,
                     max_size=8),
       no_proxy=st.sampled_from(["", "internal.example", "127.0.0.1,files.example"]))
def test_the_same_settings_as_requests(urls, no_proxy) -> None:
    env = {"HTTP_PROXY": "http://proxy.example:3128", "HTTPS_PROXY": "http://proxy.example:3129",
           "NO_PROXY": no_proxy}
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        cached, plain = EnvCachedSession(), requests.Session()
        for scheme, host, path in urls * 2:  # the second time from the cache
            url = f"{scheme}://{host}{path}"
            got = cached.merge_environment_settings(url, {}, False, None, None)
            assert got == plain.merge_environment_settings(url, {}, False, None, None)
            got["proxies"]["http"] = "changed"  # a caller's change stays its own
        assert len(cached._found) <= len({(s, h) for s, h, _ in urls})


def test_explicit_proxies_take_requests_own_path(monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    session = EnvCachedSession()
    got = session.merge_environment_settings("http://a.example/", {"http": "http://p:1"},
                                             False, None, None)
    assert got["proxies"]["http"] == "http://p:1" and not session._found
