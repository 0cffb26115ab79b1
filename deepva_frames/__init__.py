"""deepva_frames: DeepVA video-analysis results as tidy pandas tables.

Importing the package is cheap and has no side effects: cv2, matplotlib and
ipywidgets load only when a module that draws is first used.

>>> import deepva_frames as dvf
>>> isinstance(dvf.__version__, str)
True
"""

from __future__ import annotations

import importlib
from typing import Any

from . import errors
from ._version import __version__
from .errors import (
    ApiError,
    AuthError,
    DataQualityWarning,
    DeepVAError,
    NotFound,
    OfflineMiss,
    PaginationError,
    PayloadError,
    RateLimited,
    StoreError,
    TransportError,
    UnsafeURLError,
)
from .sample import sample_store_path, sample_video_path
from .store import PageStore

__all__ = [
    "ApiError",
    "AuthError",
    "DataQualityWarning",
    "DeepVAError",
    "NotFound",
    "OfflineMiss",
    "PageStore",
    "PaginationError",
    "PayloadError",
    "RateLimited",
    "StoreError",
    "TransportError",
    "UnsafeURLError",
    "__version__",
    "errors",
    "sample_store_path",
    "sample_video_path",
]

# Submodules reached as attributes (dvf.plot, dvf.overlay, ...) are imported on first use,
# so that `import deepva_frames` never pulls in cv2, matplotlib or ipywidgets.
_LAZY_MODULES = {name: name for name in (
    "analysis", "cli", "client", "export", "flatten", "overlay", "plot", "schemas", "store",
    "testing", "timecode", "widgets")}
# Modules that moved into a package keep their old attribute names.
_LAZY_MODULES.update({"paging": "client.paging", "replay": "store.replay"})
_LAZY_NAMES = {"Client": "client", "sample_client": "client"}


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{_LAZY_MODULES[name]}", __name__)
    if name in _LAZY_NAMES:
        return getattr(importlib.import_module(f".{_LAZY_NAMES[name]}", __name__), name)
    raise AttributeError(f"module 'deepva_frames' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(_LAZY_MODULES) | set(_LAZY_NAMES))
