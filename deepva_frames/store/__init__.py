"""Raw pages on disk: the :class:`PageStore` and the :class:`Replayer` that serves it.

The page store is the one place responses are kept: the Client records into it online
and replays it offline, FakeDeepVA serves it over HTTP, and the sample account is one.

>>> from deepva_frames.store import PageStore
>>> PageStore.__name__
'PageStore'
"""

from __future__ import annotations

from .pages import (
    FORMAT,
    FORMAT_VERSION,
    Entry,
    PageStore,
    fingerprint,
    normalize_path,
    query_params,
)
from .replay import Listing, Replayer, Reply

__all__ = ["FORMAT", "FORMAT_VERSION", "Entry", "Listing", "PageStore", "Replayer", "Reply",
           "fingerprint", "normalize_path", "query_params"]
