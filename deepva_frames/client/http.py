"""HTTP transport: auth to one origin only, timeouts, retries, manual redirects, downloads.

Rules (see also :mod:`deepva_frames.client.urls` and
:class:`deepva_frames.client.retry.RetryPolicy`):

- The key travels as ``Authorization: Key <key>`` and only to the base URL's origin; it is
  attached by an auth hook that checks the origin of every prepared request.
- Redirects are followed by hand (``allow_redirects=False``): same origin with the key,
  another https or loopback origin without it, anything else raises UnsafeURLError. Only
  GET requests follow redirects.
- Every request has connect and read timeouts.
- GET and DELETE retry connection errors, bodies cut short, invalid JSON on a 2xx, 429 and
  500/502/503/504 with capped exponential backoff and full jitter, honouring Retry-After up
  to a cap (beyond it: RateLimited). POST and other writes are retried only when the
  connection failed before anything was sent.
- 400/401/403/404 (and any other status) raise ApiError / AuthError / NotFound at once,
  with status, URL and a body excerpt; never a header, never the key.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase

from .._atomic import atomic_writer
from .._progress import progress_bar
from ..errors import (
    ApiError,
    AuthError,
    DeepVAError,
    NotFound,
    PayloadError,
    RateLimited,
    TransportError,
)
from .retry import RETRY_STATUSES, RetryPolicy, parse_retry_after
from .urls import join_url, redirect_target, same_origin
from .wire import (
    Download,
    FileSpec,
    Response,
    Secret,
    body_kwargs,
    filename_from,
    parse_json,
)

__all__ = ["Download", "HttpTransport", "Response", "Secret", "parse_json"]

log = logging.getLogger(__name__)
T = TypeVar("T")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
IDEMPOTENT = frozenset({"GET", "HEAD", "DELETE", "PUT", "OPTIONS"})
CHUNK = 1 << 16
USER_AGENT = "deepva-frames"


class _KeyAuth(AuthBase):
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
        return "_KeyAuth(***)"


class _NoAuth(AuthBase):
    """Sends no Authorization header (and keeps requests from reading ~/.netrc)."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers.pop("Authorization", None)
        return r


class _Retry(Exception):
    """Internal: this attempt failed in a retryable way; ``error`` is raised when exhausted."""

    def __init__(self, error: DeepVAError, *, wait: float | None = None,
                 before_send: bool = False):
        super().__init__(str(error))
        self.error = error
        self.wait = wait
        self.before_send = before_send


def _sent_nothing(exc: Exception) -> bool:
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


class HttpTransport:
    """Talks to the API over HTTP(S); one pooled requests.Session shared by threads.

    >>> t = HttpTransport("https://api.deepva.com/api/v1", Secret("k"))
    >>> "k" in repr(t)
    False
    """

    def __init__(self, base_url: str, key: Secret | None, *, timeout: tuple[float, float] = (5, 60),
                 retry: RetryPolicy | None = None, pool_size: int = 10,
                 max_redirects: int = 5):
        self.base_url = base_url
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.max_redirects = max_redirects
        self._key = key
        self._auth = _KeyAuth(key, base_url)
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=max(pool_size, 4))
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def __repr__(self) -> str:
        return f"HttpTransport({self.base_url!r})"

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()

    # -- public calls -----------------------------------------------------------------
    def get(self, path: str, params: Mapping[str, Any] | None = None, *,
            parse: bool = True) -> Response:
        """GET ``path`` (below the base URL) with retries; the body parsed as JSON if ``parse``."""
        return self.call("GET", path, params=params, parse=parse)

    def call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
             json_body: Any = None, form: Mapping[str, Any] | None = None,
             files: Mapping[str, FileSpec | list[FileSpec]] | None = None,
             parse: bool = True) -> Response:
        """Any request; ``files`` maps a form field to (filename, path or bytes, content type)."""
        def consume(resp: requests.Response) -> Response:
            body = self._read_body(resp)
            ctype = resp.headers.get("Content-Type", "")
            try:
                data = parse_json(body, resp.url) if parse and resp.status_code != 204 else None
            except PayloadError as exc:
                raise _Retry(exc) from None
            return Response(resp.status_code, resp.url, body, ctype, data)

        def build() -> dict[str, Any]:
            return body_kwargs(json_body, form, files)

        return self._perform(method.upper(), path, params, consume, build)

    def download(self, path: str, dest_for: Callable[[str | None], Path], *,
                 progress: bool = False) -> Download:
        """Stream a file to ``dest_for(filename)`` atomically, with a bar by Content-Length."""
        def consume(resp: requests.Response) -> Download:
            return self._stream_to_disk(resp, dest_for, progress)

        return self._perform("GET", path, None, consume, dict)

    # -- retry loop -------------------------------------------------------------------
    def _perform(self, method: str, path: str, params: Mapping[str, Any] | None,
                 consume: Callable[[requests.Response], T],
                 build: Callable[[], dict[str, Any]]) -> T:
        url = join_url(self.base_url, path)
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._attempt(method, url, params, consume, build())
            except _Retry as signal:
                wait = self._next_wait(signal, method, attempt, started)
                reason = getattr(signal.error, "reason", None) or signal.error
                log.info("retrying %s %s in %.2f s after: %s (attempt %d of %d)", method, url,
                         wait, reason, attempt, self.retry.max_retries + 1)
                time.sleep(wait)

    def _next_wait(self, signal: _Retry, method: str, attempt: int, started: float) -> float:
        """The wait before the next attempt, or raise the final error."""
        if method not in IDEMPOTENT and not signal.before_send:
            raise self._final(signal, attempt) from None
        wait = signal.wait if signal.wait is not None else self.retry.backoff(attempt)
        elapsed = time.monotonic() - started
        if attempt > self.retry.max_retries or elapsed + wait > self.retry.max_total:
            raise self._final(signal, attempt) from None
        return wait

    @staticmethod
    def _final(signal: _Retry, attempts: int) -> DeepVAError:
        error = signal.error
        if isinstance(error, TransportError):
            return TransportError(error.url, error.reason, attempts)
        return error

    def _attempt(self, method: str, url: str, params: Mapping[str, Any] | None,
                 consume: Callable[[requests.Response], T], kwargs: dict[str, Any]) -> T:
        resp = self._send(method, url, params, kwargs)
        try:
            self._check_status(resp)
            return consume(resp)
        except requests.RequestException as exc:
            raise _Retry(self._transport_error(resp.url, exc)) from None
        finally:
            resp.close()

    # -- sending and redirects ------------------------------------------------------------
    def _send(self, method: str, url: str, params: Mapping[str, Any] | None,
              kwargs: dict[str, Any]) -> requests.Response:
        with_key = True
        for _ in range(self.max_redirects + 1):
            resp = self._send_once(method, url, params, with_key, kwargs)
            location = resp.headers.get("Location")
            if resp.status_code not in REDIRECT_STATUSES or not location:
                return resp
            resp.close()
            if method != "GET":
                raise ApiError(resp.status_code, resp.url, f"redirect not followed for {method}")
            url, with_key = redirect_target(resp.url, location, self.base_url)
            params = None
            log.debug("following redirect to %s (%s key)", url, "with" if with_key else "without")
        raise TransportError(url, f"more than {self.max_redirects} redirects")

    def _send_once(self, method: str, url: str, params: Mapping[str, Any] | None,
                   with_key: bool, kwargs: dict[str, Any]) -> requests.Response:
        auth = self._auth if with_key else _NoAuth()
        try:
            resp = self.session.request(method, url, params=params, auth=auth,
                                        timeout=self.timeout, allow_redirects=False,
                                        stream=True, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise self._transport_error(url, exc) from None
        except requests.RequestException as exc:
            raise _Retry(self._transport_error(url, exc), before_send=_sent_nothing(exc)) from None
        log.debug("%s %s -> %d", method, resp.url, resp.status_code)
        return resp

    def _transport_error(self, url: str, exc: Exception) -> TransportError:
        text = " ".join(str(exc).split())[:300]
        if self._key is not None:
            text = self._key.redact(text)
        return TransportError(url, f"{type(exc).__name__}: {text}")

    # -- statuses and bodies --------------------------------------------------------------
    def _check_status(self, resp: requests.Response) -> None:
        status = resp.status_code
        if 200 <= status < 300:
            return
        body = self._error_body(resp)
        if status in RETRY_STATUSES:
            wait = parse_retry_after(resp.headers.get("Retry-After"))
            if status == 429 or wait is not None:
                error: ApiError = RateLimited(status, resp.url, body, wait)
            else:
                error = ApiError(status, resp.url, body)
            if wait is not None and wait > self.retry.retry_after_cap:
                raise error
            raise _Retry(error, wait=wait)
        cls = AuthError if status in (401, 403) else NotFound if status == 404 else ApiError
        raise cls(status, resp.url, body)

    def _error_body(self, resp: requests.Response) -> str:
        try:
            raw = resp.raw.read(4096, decode_content=True) or b""
        except Exception:
            raw = b""
        text = raw.decode("utf-8", "replace")
        return self._key.redact(text) if self._key is not None else text

    def _read_body(self, resp: requests.Response) -> bytes:
        body = resp.content
        self._check_length(resp, len(body))
        return body

    @staticmethod
    def _check_length(resp: requests.Response, received: int) -> None:
        expected = resp.headers.get("Content-Length")
        encoded = resp.headers.get("Content-Encoding", "identity").lower() != "identity"
        if expected and expected.isdigit() and not encoded and received < int(expected):
            raise _Retry(TransportError(resp.url, f"body cut short ({received} of {expected} "
                                                  "bytes)"))

    def _stream_to_disk(self, resp: requests.Response, dest_for: Callable[[str | None], Path],
                        progress: bool) -> Download:
        filename = filename_from(resp.headers.get("Content-Disposition"))
        target = dest_for(filename)
        length = resp.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        size = 0
        with progress_bar(progress, total=total, unit="B", unit_scale=True,
                          desc=target.name) as bar, atomic_writer(target) as fh:
            for chunk in resp.iter_content(CHUNK):
                fh.write(chunk)
                size += len(chunk)
                bar.update(len(chunk))
            self._check_length(resp, size)
        ctype = resp.headers.get("Content-Type")
        return Download(target, ctype, filename, size)
