"""The key on the wire: an auth hook that sends it to the base URL's origin only.

>>> KeyAuth(None, "https://api.deepva.com/api/v1")
KeyAuth(***)
"""

from __future__ import annotations

import requests
import urllib3.exceptions
from requests.auth import AuthBase

from .urls import same_origin
from .wire import Secret

__all__ = ["KeyAuth", "NoAuth", "sent_nothing"]


class KeyAuth(AuthBase):
    """Adds the key, but only to requests for the base URL's origin."""

    def __init__(self, key: Secret | None, base_url: str):
        self._key = key
        self._base_url = base_url

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers.pop("Authorization", None)
        if self._key is not None and r.url and same_origin(r.url, self._base_url):
            r.headers["Authorization"] = f"Key {self._key.reveal()}"
        return r

    def __repr__(self) -> str:
        return "KeyAuth(***)"


class NoAuth(AuthBase):
    """Sends no Authorization header (and keeps requests from reading ~/.netrc)."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers.pop("Authorization", None)
        return r


def sent_nothing(exc: Exception) -> bool:
    """True when a requests error happened before any byte of the request was sent."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.SSLError):
        return False
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, urllib3.exceptions.MaxRetryError):
        reason = reason.reason
    return isinstance(reason, urllib3.exceptions.NewConnectionError
                      | urllib3.exceptions.ConnectTimeoutError)
