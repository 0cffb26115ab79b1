"""Types and small values shared across packages: paths as users pass them, the errors
mode of table reads, and the clock.

>>> from pathlib import Path
>>> def name_of(path: PathLike) -> str:
...     return Path(path).name
>>> name_of("a/b.txt")
'b.txt'
>>> utc_now().endswith("Z")
True
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Literal, TypeAlias

__all__ = ["ErrorMode", "PathLike", "utc_now"]

PathLike: TypeAlias = str | os.PathLike[str]
# what a table read does with a value of an unexpected type (see deepva_frames.flatten)
ErrorMode: TypeAlias = Literal["warn", "raise"]


def utc_now() -> str:
    """The current UTC time as ISO 8601 with microseconds and a ``Z``.

    >>> len(utc_now())
    27
    """
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
