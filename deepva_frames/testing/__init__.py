"""Test helpers for code that talks to DeepVA: :class:`FakeDeepVA`, a real loopback server.

``FakeDeepVA`` serves a page store (the sample account by default) as the DeepVA API,
with its paging, key checks, in-memory writes and injectable faults; ``build_store``
makes a small page store from listings written as Python data.

>>> from deepva_frames.testing import FakeDeepVA, build_store
>>> FakeDeepVA.__name__
'FakeDeepVA'
"""

from __future__ import annotations

from .server import FAULT_KINDS, NEXT_LINKS, FakeDeepVA, Seen, build_store

__all__ = ["FAULT_KINDS", "NEXT_LINKS", "FakeDeepVA", "Seen", "build_store"]
