"""The offline transport: answers GETs from a PageStore through the Replayer, no socket.

It has the interface of :class:`deepva_frames.client.http.HttpTransport` (``get``, ``call``,
``download``, ``close``), so paging, parsing and recording run the same code offline as
online. Writes raise DeepVAError; unrecorded requests raise OfflineMiss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .._atomic import atomic_writer
from .._progress import progress_bar
from ..errors import ApiError, DeepVAError, StoreError
from ..store.pages import PageStore
from ..store.replay import Replayer
from .http import Download, Response, parse_json

__all__ = ["ReplayTransport"]


class ReplayTransport:
    """Serve the client's GETs from a recorded page store.

    >>> import tempfile
    >>> store = PageStore(tempfile.mkdtemp(), create=True)
    >>> _ = store.put_object("/jobs/a/", None, {"id": "a"})
    >>> ReplayTransport(store, "https://api.deepva.com/api/v1").get("/jobs/a/").data
    {'id': 'a'}
    """

    def __init__(self, store: PageStore, base_url: str):
        self.store = store
        self.base_url = base_url
        self.replayer = Replayer(store, recorded_limits=True)  # pages as recorded

    def __repr__(self) -> str:
        return f"ReplayTransport({self.store!r})"

    def close(self) -> None:
        """Nothing to close."""

    def _url(self, path: str, params: Mapping[str, Any] | None) -> str:
        query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return f"{self.base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")

    def get(self, path: str, params: Mapping[str, Any] | None = None, *,
            parse: bool = True) -> Response:
        """The recorded answer to ``GET path?params`` (OfflineMiss when not recorded)."""
        url = self._url(path, params)
        reply = self._reply(path, params, url)
        if reply.status >= 400:
            raise ApiError(reply.status, url, reply.body)
        data = parse_json(reply.body, url) if parse else None
        return Response(reply.status, url, reply.body, reply.content_type, data)

    def _reply(self, path: str, params: Mapping[str, Any] | None, url: str) -> Any:
        """The replayer's answer; a store it cannot read is a StoreError, never a raw one."""
        try:
            return self.replayer.get(path, params)
        except DeepVAError:
            raise
        except ValueError as exc:
            raise ApiError(400, url, str(exc)) from None
        except (RecursionError, TypeError, KeyError, AttributeError) as exc:
            raise StoreError(f"the page store cannot answer GET {url}: "
                             f"{type(exc).__name__}: {str(exc)[:200]}") from None

    def call(self, method: str, path: str, **kwargs: Any) -> Response:
        """GETs are replayed; any other method needs the network and raises DeepVAError."""
        if method.upper() == "GET":
            return self.get(path, kwargs.get("params"), parse=kwargs.get("parse", True))
        raise DeepVAError(f"an offline client cannot {method.upper()} {path}: "
                          "create the Client without offline=True to change the account")

    def download(self, path: str, dest_for: Callable[[str | None], Path], *,
                 progress: bool = False) -> Download:
        """Write a recorded file to ``dest_for(filename)`` atomically."""
        reply = self._reply(path, None, self._url(path, None))
        target = dest_for(reply.filename)
        with progress_bar(progress, total=len(reply.body), unit="B", unit_scale=True,
                          desc=target.name) as bar, atomic_writer(target) as fh:
            fh.write(reply.body)
            bar.update(len(reply.body))
        return Download(target, reply.content_type, reply.filename, len(reply.body))
