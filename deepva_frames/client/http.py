"""HTTP transport: auth to one origin only, timeouts, retries, manual redirects, downloads.

Rules (see also :mod:`deepva_frames.client.urls` and
:class:`deepva_frames.client.retry.RetryPolicy`):

- The key travels as ``Authorization: Key <key>`` and only to the base URL's origin; it is
  attached by an auth hook that checks the origin of every prepared request.
- Redirects are followed by hand (``allow_redirects=False``): same origin with the key,
  another https or loopback origin without it, anything else raises UnsafeURLError. Only
  GET requests follow redirects.
- Every request has connect and read timeouts, and every call a total ``deadline``
  (seconds for all its attempts, waits and body reads; headers or a body trickled a byte
  at a time cannot hold a call longer: a watchdog ends a wait on headers, see
  :mod:`~deepva_frames.client.watchdog`). Downloads and uploads may run past it while
  they keep a floor rate (``floor_rate`` bytes/s earn one more second); uploads stream
  their files from disk (:mod:`~deepva_frames.client.multipart`).
- An API body is read in bounded steps and capped at ``max_body_bytes`` once decoded
  (a gzip/deflate bomb or a huge Content-Length is a PayloadError before memory grows).
- The key, in every form (raw, URL-encoded, JSON-escaped), is redacted from every error,
  log line (urllib3's included) and URL the package shows; errors carry no exception
  chain or traceback frame that holds the request (and so the Authorization header).
  A redirect whose target carries the key is followed only within the base URL's origin.
- GET and DELETE retry connection errors, bodies cut short, invalid JSON on a 2xx, 429 and
  500/502/503/504 with capped exponential backoff and full jitter, honouring Retry-After up
  to a cap (beyond it: RateLimited). POST and other writes are retried only when the
  connection failed before anything was sent.
- 400/401/403/404 (and any other status) raise ApiError / AuthError / NotFound at once,
  with status, URL and a body excerpt; never a header, never the key.
"""

from __future__ import annotations

import http.client
import io
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import requests
import urllib3.exceptions

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
    UnsafeURLError,
)
from .auth import KeyAuth, NoAuth, sent_nothing
from .env_cache import EnvCachedSession
from .multipart import MultipartBody
from .redact import scrub, watch_urllib3_logs
from .retry import RETRY_STATUSES, RetryPolicy, parse_retry_after
from .urls import join_url, redirect_target
from .watchdog import DeadlineAdapter, deadline_for_thread, earned_deadline
from .wire import (
    Download,
    FileSpec,
    Response,
    Secret,
    body_kwargs,
    filename_from,
    parse_json,
)

__all__ = ["MAX_BODY_BYTES", "Download", "HttpTransport", "Response", "Secret",
           "default_deadline", "parse_json"]

log = logging.getLogger(__name__)
T = TypeVar("T")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
IDEMPOTENT = frozenset({"GET", "HEAD", "DELETE", "PUT", "OPTIONS"})
CHUNK = 1 << 16
USER_AGENT = "deepva-frames"
#: Default cap of a decoded API body (bytes).
MAX_BODY_BYTES = 256 * 1024 * 1024
#: A download or upload may outlast the deadline while it averages at least this many
#: bytes/s (its deadline grows by one second per this many bytes).
TRANSFER_FLOOR_RATE = 64 * 1024


def _upload_of(kwargs: dict[str, Any]) -> MultipartBody | None:
    """The streamed upload body of a request's keyword arguments, if it has one."""
    body = kwargs.get("data")
    return body if isinstance(body, MultipartBody) else None


def default_deadline(timeout: tuple[float, float], retry: RetryPolicy) -> float:
    """The deadline of a call when none is given: the connect timeout, five read timeouts
    and the retry budget.

    >>> default_deadline((5, 60), RetryPolicy())
    425.0
    """
    return float(timeout[0] + 5 * timeout[1] + retry.max_total)


class _Retry(Exception):
    """Internal: this attempt failed in a retryable way; ``error`` is raised when exhausted."""

    def __init__(self, error: DeepVAError, *, wait: float | None = None,
                 before_send: bool = False):
        super().__init__(str(error))
        self.error = error
        self.wait = wait
        self.before_send = before_send


def _refused(exc: requests.exceptions.ConnectionError) -> bool:
    """True when the connection was refused (nothing listens there: not worth a retry)."""
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)           # MaxRetryError -> NewConnectionError
    cause = getattr(reason, "__cause__", None) or getattr(reason, "__context__", None)
    return isinstance(cause, ConnectionRefusedError)


class ConnectionRefused(TransportError):
    """Nothing listens at the base URL: one line that says what to check, no retries."""

    def __str__(self) -> str:
        return (f"cannot connect to {self.url} (connection refused): check --base-url or "
                "DEEPVA_BASE_URL")


class HttpTransport:
    """Talks to the API over HTTP(S); one pooled requests.Session shared by threads.

    >>> t = HttpTransport("https://api.deepva.com/api/v1", Secret("k"))
    >>> "k" in repr(t)
    False
    """

    def __init__(self, base_url: str, key: Secret | None, *, timeout: tuple[float, float] = (5, 60),
                 retry: RetryPolicy | None = None, pool_size: int = 10,
                 max_redirects: int = 5, deadline: float | None = None,
                 max_body_bytes: int = MAX_BODY_BYTES,
                 floor_rate: float = TRANSFER_FLOOR_RATE):
        self.base_url = base_url
        self.floor_rate = float(floor_rate)
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.max_redirects = max_redirects
        self.deadline = float(deadline) if deadline is not None else default_deadline(
            timeout, self.retry)
        if self.deadline <= 0 or max_body_bytes < 1:
            raise ValueError("deadline and max_body_bytes must be > 0")
        self.max_body_bytes = int(max_body_bytes)
        self._key = key
        if key is not None:
            watch_urllib3_logs(key)
        self._auth = KeyAuth(key, base_url)
        self.session = EnvCachedSession()
        adapter = DeadlineAdapter(pool_connections=4, pool_maxsize=max(pool_size, 4))
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def __repr__(self) -> str:
        return f"HttpTransport({self.base_url!r})"

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()

    def _redact(self, text: str) -> str:
        return self._key.redact(text) if self._key is not None else text

    def _guarded(self, run: Callable[[], T]) -> T:
        try:
            return run()
        except DeepVAError as exc:
            error = scrub(exc, self._key)
        raise error  # outside the except block: no implicit __context__

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
        def consume(resp: requests.Response, deadline_at: float) -> Response:
            body = self._read_body(resp, deadline_at)
            ctype = resp.headers.get("Content-Type", "")
            try:
                data = parse_json(body, resp.url) if parse and resp.status_code != 204 else None
            except PayloadError as exc:
                raise _Retry(exc) from None
            # the URL is for messages only: redacted (a redirect may have put the key in it)
            return Response(resp.status_code, self._redact(resp.url), body, ctype, data)

        def build() -> dict[str, Any]:
            return body_kwargs(json_body, form, files)

        return self._guarded(lambda: self._perform(method.upper(), path, params, consume,
                                                   build))

    def download(self, path: str, dest_for: Callable[[str | None], Path], *,
                 progress: bool = False) -> Download:
        """Stream a file to ``dest_for(filename)`` atomically, with a bar by Content-Length."""
        def consume(resp: requests.Response, deadline_at: float) -> Download:
            return self._stream_to_disk(resp, dest_for, progress, deadline_at)

        return self._guarded(lambda: self._perform("GET", path, None, consume, dict))

    # -- retry loop -------------------------------------------------------------------
    def _perform(self, method: str, path: str, params: Mapping[str, Any] | None,
                 consume: Callable[[requests.Response, float], T],
                 build: Callable[[], dict[str, Any]]) -> T:
        url = join_url(self.base_url, path)
        started = time.monotonic()
        deadline_at = started + self.deadline
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._attempt(method, url, params, consume, build(), deadline_at)
            except _Retry as signal:
                wait = self._next_wait(signal, method, attempt, started)
                if time.monotonic() + wait >= deadline_at:
                    raise self._final(signal, attempt) from None
                reason = getattr(signal.error, "reason", None) or signal.error
                log.info("retrying %s %s in %.2f s after: %s (attempt %d of %d)", method,
                         self._redact(url), wait, self._redact(str(reason)), attempt,
                         self.retry.max_retries + 1)
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
                 consume: Callable[[requests.Response, float], T], kwargs: dict[str, Any],
                 deadline_at: float) -> T:
        upload = _upload_of(kwargs)
        if upload is None:
            return self._answer(self._send(method, url, params, kwargs, deadline_at),
                                consume, deadline_at)
        upload.deadline_at, upload.floor_rate = deadline_at, self.floor_rate
        try:  # a steady upload may outlast the deadline: the answer gets the time it earned
            resp = self._send(method, url, params, kwargs, deadline_at)
        finally:
            upload.close()
        return self._answer(resp, consume, upload.grown_deadline() or deadline_at)

    def _answer(self, resp: requests.Response, consume: Callable[[requests.Response, float], T],
                deadline_at: float) -> T:
        try:
            self._check_status(resp)
            return consume(resp, deadline_at)
        except requests.RequestException as exc:
            raise _Retry(self._transport_error(resp.url, exc)) from None
        finally:
            resp.close()

    # -- sending and redirects ------------------------------------------------------------
    def _send(self, method: str, url: str, params: Mapping[str, Any] | None,
              kwargs: dict[str, Any], deadline_at: float) -> requests.Response:
        with_key = True
        for _ in range(self.max_redirects + 1):
            resp = self._send_once(method, url, params, with_key, kwargs, deadline_at)
            location = resp.headers.get("Location")
            if resp.status_code not in REDIRECT_STATUSES or not location:
                return resp
            resp.close()
            if method != "GET":
                raise ApiError(resp.status_code, resp.url, f"redirect not followed for {method}")
            url, with_key = self._redirect(resp.url, location)
            params = None
            log.debug("following redirect to %s (%s key)", self._redact(url),
                      "with" if with_key else "without")
        raise TransportError(url, f"more than {self.max_redirects} redirects")

    def _redirect(self, current: str, location: str) -> tuple[str, bool]:
        """Where a redirect leads; one to another origin that carries the key is refused."""
        target, with_key = redirect_target(current, location, self.base_url)
        if not with_key and self._redact(target) != target:
            raise UnsafeURLError(f"refusing redirect from {current} to {target}: it carries "
                                 "the API key to another origin")
        return target, with_key

    def _timeouts(self, deadline_at: float, upload: MultipartBody | None
                  ) -> tuple[float, float]:
        """(connect, read) timeouts within the deadline; after an upload, the server may
        still be reading what the sockets hold, so its read timeout is not cut (the
        watchdog ends the wait at the deadline the upload earned)."""
        left = deadline_at - time.monotonic()
        if left <= 0:
            raise TransportError("", f"no answer within the deadline of {self.deadline:g} s")
        read = self.timeout[1] if upload is not None else min(self.timeout[1], left)
        return min(self.timeout[0], left), read

    def _send_once(self, method: str, url: str, params: Mapping[str, Any] | None,
                   with_key: bool, kwargs: dict[str, Any],
                   deadline_at: float) -> requests.Response:
        auth = self._auth if with_key else NoAuth()
        upload = _upload_of(kwargs)
        try:
            timeouts = self._timeouts(deadline_at, upload)
            with deadline_for_thread(deadline_at - time.monotonic()):
                resp = self.session.request(method, url, params=params, auth=auth,
                                            timeout=timeouts, allow_redirects=False,
                                            stream=True, **kwargs)
        except TransportError as exc:
            raise TransportError(url, exc.reason) from None
        except requests.RequestException as exc:
            earned = upload.grown_deadline() if upload is not None else None
            if time.monotonic() >= (earned or deadline_at):  # the watchdog ended a wait
                raise TransportError(url, "no answer within the deadline of "
                                     f"{self.deadline:g} s") from None
            if isinstance(exc, requests.exceptions.SSLError):
                raise self._transport_error(url, exc) from None
            if isinstance(exc, requests.exceptions.ConnectionError) and _refused(exc):
                raise ConnectionRefused(self.base_url, "connection refused") from None
            raise _Retry(self._transport_error(url, exc), before_send=sent_nothing(exc)) from None
        except (ValueError, http.client.HTTPException) as exc:  # a URL or header requests
            raise self._transport_error(url, exc) from None    # cannot use
        log.debug("%s %s -> %d", method, self._redact(resp.url), resp.status_code)
        return resp

    def _transport_error(self, url: str, exc: Exception) -> TransportError:
        text = " ".join(str(exc).split())[:300]
        return TransportError(url, f"{type(exc).__name__}: {self._redact(text)}")

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
        """The first 4 KiB of an error answer's body (within the deadline, best effort)."""
        raw = b""
        try:
            for chunk in self._chunks(resp, time.monotonic() + min(self.timeout[1], 5.0)):
                raw += chunk
                if len(raw) >= 4096:
                    break
        except (DeepVAError, _Retry):
            pass
        return self._redact(raw[:4096].decode("utf-8", "replace"))

    def _read_body(self, resp: requests.Response, deadline_at: float) -> bytes:
        """The decoded body, read in bounded steps within the deadline and the size cap."""
        self._check_announced_size(resp)
        body = io.BytesIO()  # getvalue() shares its buffer: the body is held once
        for chunk in self._chunks(resp, deadline_at):
            if body.tell() + len(chunk) > self.max_body_bytes:
                raise PayloadError(resp.url, f"body larger than {self.max_body_bytes:,} bytes "
                                   "once decoded (max_body_bytes=)")
            body.write(chunk)
        self._check_length(resp, body.tell())
        return body.getvalue()

    def _check_announced_size(self, resp: requests.Response) -> None:
        length = resp.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            raise PayloadError(resp.url, f"Content-Length {int(length):,} is larger than "
                               f"{self.max_body_bytes:,} bytes (max_body_bytes=)")

    def _chunks(self, resp: requests.Response, deadline_at: float,
                floor_rate: float = 0.0) -> Iterator[bytes]:
        """Decoded chunks as they arrive (``read1``: no read waits for a full chunk), the
        deadline checked between them; with ``floor_rate`` the deadline grows by one second
        per ``floor_rate`` bytes received."""
        received = 0
        while True:
            if time.monotonic() > earned_deadline(deadline_at, received, floor_rate):
                raise TransportError(resp.url, "the answer did not complete within the "
                                     f"deadline of {self.deadline:g} s")
            try:
                chunk = resp.raw.read1(CHUNK, decode_content=True)
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise _Retry(self._transport_error(resp.url, exc)) from None
            if not chunk:
                return
            received += len(chunk)
            yield chunk

    @staticmethod
    def _check_length(resp: requests.Response, received: int) -> None:
        expected = resp.headers.get("Content-Length")
        encoded = resp.headers.get("Content-Encoding", "identity").lower() != "identity"
        if expected and expected.isdigit() and not encoded and received < int(expected):
            raise _Retry(TransportError(resp.url, f"body cut short ({received} of {expected} "
                                                  "bytes)"))

    def _stream_to_disk(self, resp: requests.Response, dest_for: Callable[[str | None], Path],
                        progress: bool, deadline_at: float) -> Download:
        filename = filename_from(resp.headers.get("Content-Disposition"))
        target = dest_for(filename)
        length = resp.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        size = 0
        with progress_bar(progress, total=total, unit="B", unit_scale=True,
                          desc=target.name) as bar, atomic_writer(target) as fh:
            for chunk in self._chunks(resp, deadline_at, self.floor_rate):
                fh.write(chunk)
                size += len(chunk)
                bar.update(len(chunk))
            self._check_length(resp, size)
        ctype = resp.headers.get("Content-Type")
        return Download(target, ctype, filename, size)
