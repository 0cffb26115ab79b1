"""What the export needs from a client: the :class:`Source` protocol.

The export never reaches into the Client's internals; it asks for raw page bodies of a
listing, JSON documents, whether to show progress, and the base URL. ``Client`` (and so
``sample_client()``) satisfies it with public methods; a test or another backend can too.

>>> from deepva_frames import sample_client
>>> isinstance(sample_client(), Source)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

__all__ = ["Source"]


@runtime_checkable
class Source(Protocol):
    """A source of API documents the export reads from (satisfied by ``Client``)."""

    base_url: str

    def raw_pages(self, path: str, params: Mapping[str, Any] | None = None) -> list[bytes]:
        """The raw bodies of every page of the listing at ``path``."""
        ...

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """One JSON document, parsed."""
        ...

    def get_json_many(self, paths: Iterable[str]) -> list[Any]:
        """Several JSON documents, in order."""
        ...

    def progress_enabled(self, progress: bool | None = None) -> bool:
        """Whether progress bars are shown."""
        ...
