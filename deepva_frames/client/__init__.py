"""The DeepVA API client: one method per endpoint, safe paging, retries, recording, replay.

>>> import deepva_frames as dvf
>>> c = dvf.sample_client()                  # doctest: +SKIP
>>> jobs = c.jobs()                          # doctest: +SKIP

Online, ``Client(cache_dir=...)`` records every page, object and file it fetches into a
:class:`~deepva_frames.store.PageStore`; ``Client(cache_dir=..., offline=True)`` replays
them through the same parsing and paging code, without any network access.
"""

from __future__ import annotations

from typing import Any

from .._types import PathLike
from ..sample import sample_store_path
from .batches import BatchesAPI
from .exporting import ExportAPI
from .http import MAX_BODY_BYTES
from .jobs import JobsAPI
from .kg import KnowledgeGraphAPI
from .library import LibraryAPI
from .retry import RetryPolicy
from .session import DEFAULT_BASE_URL, Session

__all__ = ["DEFAULT_BASE_URL", "Client", "RetryPolicy", "sample_client"]


class Client(JobsAPI, BatchesAPI, KnowledgeGraphAPI, LibraryAPI, ExportAPI, Session):
    """A client of the DeepVA API (or of a recorded page store, offline).

    One class per API section holds that section's reads, writes and waits:
    :mod:`~deepva_frames.client.jobs`, :mod:`~deepva_frames.client.batches` (batches and
    reports), :mod:`~deepva_frames.client.kg` and :mod:`~deepva_frames.client.library`
    (datasets, trainings, storage, dictionaries, exports); a new endpoint goes into its
    section's module.

    Parameters
    ----------
    api_key:
        The API key; default ``DEEPVA_API_KEY``. Sent as ``Authorization: Key <key>`` to the
        base URL's origin only; never shown in repr, errors, logs or recorded files.
    base_url:
        Default ``DEEPVA_BASE_URL`` or ``https://api.deepva.com/api/v1``. Plain ``http://``
        is refused (UnsafeURLError) for non-loopback hosts unless ``allow_insecure=True``.
    cache_dir, offline:
        Record fetched pages, objects and files into a page store at ``cache_dir``; with
        ``offline=True`` replay them instead (no socket is opened).
    page_size, concurrency:
        Requested page size (the server may cap it) and pages fetched in parallel.
    timeout:
        ``(connect, read)`` seconds for every request (a single number sets both).
    deadline:
        The longest one call may take, in seconds, retries, waits and body reads included
        (a server trickling its answer cannot hold a call longer): TransportError after it.
        Default: the connect timeout + 5 read timeouts + the retry budget
        (``RetryPolicy.max_total``), 425 s with the defaults. A download may run past it
        while it keeps receiving at least 64 KiB/s on average.
    max_body_bytes:
        Cap of an API answer's body once decoded (default 256 MiB): a larger one, a
        gzip/deflate bomb, or a larger Content-Length raises PayloadError before memory
        grows. Downloads stream to disk and are not capped.
    max_retries, retry:
        Retries of idempotent requests; ``retry=RetryPolicy(...)`` tunes backoff base/cap,
        the total retry time and the Retry-After cap (``max_retries`` always wins).
    progress:
        tqdm bars for long paging, downloads and waits: True, False, or None (auto: shown
        in a terminal or a notebook).

    Examples
    --------
    >>> c = Client(api_key="k", base_url="https://api.deepva.com/api/v1")
    >>> c
    Client(base_url='https://api.deepva.com/api/v1')
    >>> Client(api_key="k", base_url="http://api.deepva.com/api/v1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.errors.UnsafeURLError: refusing plain http:// to api.deepva.com ...
    """

    def __init__(self, api_key: str | None = None, base_url: str | None = None, *,
                 cache_dir: PathLike | None = None, offline: bool = False,
                 page_size: int = 100, concurrency: int = 4,
                 timeout: float | tuple[float, float] = (5, 60), max_retries: int = 5,
                 progress: bool | None = None, allow_insecure: bool = False,
                 retry: RetryPolicy | None = None, deadline: float | None = None,
                 max_body_bytes: int = MAX_BODY_BYTES):
        super().__init__(api_key, base_url, cache_dir=cache_dir, offline=offline,
                         page_size=page_size, concurrency=concurrency, timeout=timeout,
                         max_retries=max_retries, progress=progress,
                         allow_insecure=allow_insecure, retry=retry, deadline=deadline,
                         max_body_bytes=max_body_bytes)

    def __enter__(self) -> Client:
        return self


def sample_client(**kwargs: Any) -> Client:
    """An offline Client over the bundled sample account (same API, no network).

    >>> c = sample_client()                      # doctest: +SKIP
    >>> c.offline                                # doctest: +SKIP
    True
    """
    kwargs.setdefault("progress", False)
    return Client(cache_dir=sample_store_path(), offline=True, **kwargs)
