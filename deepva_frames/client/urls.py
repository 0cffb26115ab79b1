"""URL safety rules of the client, judged from the URL text alone (no name lookup).

- The base URL must be ``https://``; plain ``http://`` is accepted only for loopback hosts
  unless the user opts in with ``allow_insecure``. Loopback means the literal addresses
  (``127.0.0.0/8``, ``::1``) and the name ``localhost``; any other name (``x.localhost``,
  ``localhost.example.com``) is not loopback.
- The key goes only to the base URL's *origin* (scheme, host and port).
- A redirect to another origin is followed without the key, and only when it is ``https``
  or loopback.

>>> check_base_url("https://api.deepva.com/api/v1/")
'https://api.deepva.com/api/v1'
>>> is_loopback("http://127.0.0.1:8000/x"), is_loopback("http://example.com/")
(True, False)
>>> origin("HTTPS://API.deepva.com:443/api/v1")
'https://api.deepva.com'
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urljoin, urlsplit

from ..errors import UnsafeURLError

__all__ = ["check_base_url", "is_loopback", "join_url", "origin", "redirect_target",
           "same_origin"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError as exc:
        raise UnsafeURLError(f"malformed URL {url!r}: {exc}") from None
    return host.lower().rstrip(".")


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased, default ports left out.

    >>> origin("http://LocalHost:80/a")
    'http://localhost'
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURLError(f"malformed URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    host = _host(url)
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def same_origin(a: str, b: str) -> bool:
    """True when both URLs share scheme, host and port.

    >>> same_origin("https://a.com/x", "https://a.com:443/y")
    True
    >>> same_origin("https://a.com", "http://a.com")
    False
    """
    return origin(a) == origin(b)


def is_loopback(url: str) -> bool:
    """True when the URL's host is a loopback name or address (text only, no lookup).

    >>> [is_loopback(u) for u in ("http://[::1]:9/", "http://localhost/", "http://10.0.0.1/")]
    [True, True, False]
    >>> is_loopback("http://api.localhost/"), is_loopback("http://127.0.0.1.nip.io/")
    (False, False)
    """
    host = _host(url)
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, allow_insecure: bool = False) -> str:
    """Validate a base URL and return it without a trailing slash.

    Raises UnsafeURLError for a scheme other than http(s), credentials in the URL, a missing
    host, or plain ``http://`` to a non-loopback host (unless ``allow_insecure``).

    >>> check_base_url("http://localhost:8000/api/v1")
    'http://localhost:8000/api/v1'
    >>> check_base_url("http://api.example.com/api/v1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.errors.UnsafeURLError: refusing plain http:// to api.example.com ...
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURLError(f"base URL must start with https:// (got {url!r})")
    if not parts.hostname:
        raise UnsafeURLError(f"base URL has no host: {url!r}")
    if parts.username or parts.password:
        raise UnsafeURLError("base URL must not carry credentials (user:password@host)")
    if parts.query or parts.fragment:
        raise UnsafeURLError(f"base URL must not have a query or fragment: {url!r}")
    if scheme == "http" and not allow_insecure and not is_loopback(url):
        raise UnsafeURLError(
            f"refusing plain http:// to {parts.hostname} (the API key would travel in clear "
            "text); use https:// or pass allow_insecure=True")
    origin(url)  # validates the port
    return url.strip().rstrip("/")


def join_url(base_url: str, path: str) -> str:
    """The absolute URL of ``path`` below ``base_url``; absolute URLs must share its origin.

    >>> join_url("https://a.com/api/v1", "jobs/")
    'https://a.com/api/v1/jobs/'
    >>> join_url("https://a.com/api/v1", "https://b.com/x/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.errors.UnsafeURLError: https://b.com/x/ is not below the base URL's origin ...
    """
    if "://" in path:
        if not same_origin(path, base_url):
            raise UnsafeURLError(f"{path} is not below the base URL's origin {origin(base_url)}")
        return path
    return f"{base_url}/{path.lstrip('/')}"


def redirect_target(current: str, location: str, base_url: str) -> tuple[str, bool]:
    """Where a redirect leads and whether the key may go along.

    Same origin as the base URL: followed with the key. Another origin: followed without
    the key when it is https or loopback; anything else raises UnsafeURLError.

    >>> redirect_target("https://a.com/v1/x/", "/v1/y/", "https://a.com/v1")
    ('https://a.com/v1/y/', True)
    >>> redirect_target("https://a.com/v1/x/", "https://s3.example/f?sig=1", "https://a.com/v1")
    ('https://s3.example/f?sig=1', False)
    """
    target = urljoin(current, location)
    scheme = urlsplit(target).scheme.lower()
    if same_origin(target, base_url):
        return target, True
    if scheme == "https" or (scheme == "http" and is_loopback(target)):
        return target, False
    raise UnsafeURLError(f"refusing redirect from {current} to {target} "
                         "(not https and not the API's origin)")
