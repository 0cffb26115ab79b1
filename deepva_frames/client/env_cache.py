"""A requests session that reads the environment's proxy settings once per origin.

requests looks up ``*_PROXY`` / ``NO_PROXY`` (and the CA bundle variables) on every
request, by walking the whole environment: about 0.1 ms a request, much more when the
fetching threads contend for the GIL. Those settings are fixed for a client's life, so
:class:`EnvCachedSession` keeps what requests found per origin (scheme and host), and
gives each request its own copy.

>>> session = EnvCachedSession()
>>> a = session.merge_environment_settings("http://127.0.0.1:1/a", {}, False, None, None)
>>> b = session.merge_environment_settings("http://127.0.0.1:1/b", {}, False, None, None)
>>> a == b and a["proxies"] is not b["proxies"]
True
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests

__all__ = ["EnvCachedSession"]

#: Origins remembered per session (redirects may lead to a few more than the base URL's).
MAX_ORIGINS = 64


class EnvCachedSession(requests.Session):
    """A ``requests.Session`` whose environment settings are looked up once per origin."""

    def __init__(self) -> None:
        super().__init__()
        self._found: dict[tuple[Any, ...], dict[str, Any]] = {}

    def merge_environment_settings(self, url: Any, proxies: Any, stream: Any, verify: Any,
                                   cert: Any) -> dict[str, Any]:
        if proxies or not self.trust_env:  # explicit proxies: requests' own merge
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(str(url))
        key = (parts.scheme.lower(), parts.netloc.lower(), stream, verify, cert)
        found = self._found.get(key)
        if found is None:
            found = super().merge_environment_settings(url, proxies, stream, verify, cert)
            if len(self._found) < MAX_ORIGINS:
                self._found[key] = found
        return {**found, "proxies": dict(found["proxies"])}
