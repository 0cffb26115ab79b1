"""Exceptions raised by deepva_frames.

Every error names what it is about (the resource, the key or the URL) and never
carries the API key or any request header.

>>> from deepva_frames.errors import NotFound, DeepVAError
>>> err = NotFound(404, "https://api.deepva.com/api/v1/jobs/x/", '{"detail": "Not found."}')
>>> isinstance(err, DeepVAError)
True
>>> print(err)
HTTP 404 for https://api.deepva.com/api/v1/jobs/x/: {"detail": "Not found."}
"""

from __future__ import annotations

__all__ = [
    "ApiError",
    "AuthError",
    "DataQualityWarning",
    "DeepVAError",
    "JobFailed",
    "JobTimeout",
    "NotFound",
    "OfflineMiss",
    "PaginationError",
    "PayloadError",
    "RateLimited",
    "StoreError",
    "TransportError",
    "UnsafeNameError",
    "UnsafeURLError",
    "WriteError",
]

BODY_EXCERPT_CHARS = 300


def excerpt(body: bytes | str | None, limit: int = BODY_EXCERPT_CHARS) -> str:
    """Return the first ``limit`` characters of a response body, on one line.

    >>> excerpt(b'{"detail":\\n "nope"}')
    '{"detail": "nope"}'
    >>> len(excerpt("x" * 1000)) <= 301
    True
    """
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class DeepVAError(Exception):
    """Base class of every error deepva_frames raises."""


class UnsafeURLError(DeepVAError, ValueError):
    """A URL the client refuses to send the key to (plain http, another origin)."""


class TransportError(DeepVAError):
    """The server could not be reached or its answer was cut short, after all retries."""

    def __init__(self, url: str, reason: str, attempts: int = 1):
        self.url = url
        self.reason = reason
        self.attempts = attempts
        super().__init__(f"{reason} for {url} (after {attempts} attempt(s))")


class ApiError(DeepVAError):
    """The API answered with an error status.

    Carries ``status``, ``url`` and ``body`` (an excerpt of the response body).
    """

    def __init__(self, status: int, url: str, body: bytes | str | None = None):
        self.status = status
        self.url = url
        self.body = excerpt(body)
        super().__init__(f"HTTP {status} for {url}: {self.body}" if self.body
                         else f"HTTP {status} for {url}")


class AuthError(ApiError):
    """401 or 403: the key is missing, wrong or lacks the right to this resource."""


class NotFound(ApiError):
    """404: the resource does not exist."""


class RateLimited(ApiError):
    """429 whose Retry-After asks for a longer wait than the client accepts.

    ``retry_after`` is the wait in seconds the server asked for.
    """

    def __init__(self, status: int, url: str, body: bytes | str | None = None,
                 retry_after: float | None = None):
        self.retry_after = retry_after
        super().__init__(status, url, body)
        if retry_after is not None:
            self.args = (f"{self.args[0]} (server asks to wait {retry_after:.0f} s)",)


class PaginationError(DeepVAError):
    """Paging went wrong: the total changed, or a page came back short or repeated."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{reason} while paging {url}")


class PayloadError(DeepVAError, ValueError):
    """A payload that cannot be read: invalid JSON, a missing key, a wrong type.

    Names the ``resource`` (table or URL), the ``record`` (index or id) and the ``key``.
    """

    def __init__(self, resource: str, message: str, *, record: object = None,
                 key: str | None = None, job: str | None = None):
        self.resource = resource
        self.record = record
        self.key = key
        self.job = job
        where = resource
        if job is not None:
            where += f", job {job}"
        if record is not None:
            where += f", record {record}"
        if key is not None:
            where += f", key {key!r}"
        super().__init__(f"{where}: {message}")


class DataQualityWarning(UserWarning):
    """Values of an unexpected type were tolerated (``errors="warn"``, the default).

    One warning per table and key: ``table``, ``key``, ``count`` (how many values),
    ``job`` and ``record`` of the first one, and an ``example`` of the raw value. The
    typed cell of each is null (or a documented lossless coercion) and the raw value
    is kept in the table's JSON column under its key.

    >>> w = DataQualityWarning("segments", "meta.age", 3, job="j1", record="0", example=37)
    >>> print(str(w)[:78])
    segments: key 'meta.age' of an unexpected type in 3 record(s) (first: job j1,
    >>> issubclass(DataQualityWarning, UserWarning)
    True
    """

    def __init__(self, table: str, key: str, count: int, *, job: str | None = None,
                 record: object = None, example: object = None, message: str | None = None):
        self.table = table
        self.key = key
        self.count = count
        self.job = job
        self.record = record
        self.example = example
        first = ", ".join(part for part in (
            f"job {job}" if job is not None else "",
            f"record {record}" if record is not None else "",
            f"e.g. {_short(example)}") if part)
        super().__init__(
            f"{table}: key {key!r} {message or 'of an unexpected type'} in {count} record(s) "
            f"(first: {first}); typed cell null, raw value kept in the JSON column")


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


class StoreError(DeepVAError):
    """A page store on disk is missing, damaged or of an unknown format version."""


class OfflineMiss(StoreError, LookupError):
    """An offline client asked for something the page store has not recorded."""

    def __init__(self, path: str, params: dict | None = None):
        self.path = path
        self.params = dict(params or {})
        query = "&".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        super().__init__(
            f"not in the page store: GET {path}{'?' + query if query else ''} "
            "(record it first with Client(cache_dir=...) while online)"
        )


class JobFailed(DeepVAError):
    """A job, report, training, export or import ended in state ``failed`` or ``stopped``.

    Carries ``job_id`` (the id of whatever was awaited), ``kind`` ("job", "report", ...),
    ``state`` and the ``errors`` list as the API sent it.

    >>> str(JobFailed("74b6", "failed", kind="report"))
    'report 74b6 ended failed'
    """

    def __init__(self, job_id: str, state: str, errors: list | None = None, *,
                 kind: str = "job"):
        self.job_id = job_id
        self.kind = kind
        self.state = state
        self.errors = list(errors or [])
        detail = "; ".join(
            e.get("message", str(e)) if isinstance(e, dict) else str(e) for e in self.errors
        )
        super().__init__(f"{kind} {job_id} ended {state}" + (f": {detail}" if detail else ""))


class JobTimeout(DeepVAError, TimeoutError):
    """A wait ran out of time; ``kind``, ``state`` and ``progress`` are the last seen.

    >>> str(JobTimeout("9f", 60, "running", 0.5, kind="training"))
    'training 9f still running (progress 0.5) after 60 s'
    """

    def __init__(self, job_id: str, seconds: float, state: str | None = None,
                 progress: float | None = None, *, kind: str = "job"):
        self.job_id = job_id
        self.kind = kind
        self.seconds = seconds
        self.state = state
        self.progress = progress
        super().__init__(f"{kind} {job_id} still {state or 'unknown'} (progress {progress}) "
                         f"after {seconds:.0f} s")


class UnsafeNameError(DeepVAError, ValueError):
    """A name from a server or a store (an id, a file name) that cannot become a file name.

    Carries the ``name`` and ``what`` it is ("job id", "file name", ...).

    >>> str(UnsafeNameError("x" * 3, "it is too long", what="job id"))
    "job id 'xxx' cannot become a file name: it is too long"
    """

    def __init__(self, name: str, reason: str, *, what: str = "name"):
        self.name = name
        self.what = what
        shown = name if len(name) <= 80 else name[:80] + "…"
        super().__init__(f"{what} {shown!r} cannot become a file name: {reason}")


class WriteError(DeepVAError, OSError):
    """A file could not be written (``path`` names it; also an OSError).

    >>> str(WriteError("out/a.parquet", "No space left on device"))
    'cannot write out/a.parquet: No space left on device'
    """

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot write {self.path}: {reason}")
