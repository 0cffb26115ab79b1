"""Atomic file writes: a temporary file in the same folder, then ``os.replace``.

A crash leaves either the old file or the new one, never half of one.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> atomic_write_bytes(target, b"hello")
>>> target.read_bytes()
b'hello'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a binary file that appears at ``path`` only if the block succeeds.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "b.bin"
    >>> with atomic_writer(target) as fh:
    ...     _ = fh.write(b"x")
    >>> target.read_bytes()
    b'x'
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder does not exist: {target.parent}")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes or an iterable of chunks) to ``path`` atomically."""
    with atomic_writer(path) as fh:
        if isinstance(data, bytes | bytearray | memoryview):
            fh.write(data)
        else:
            for chunk in data:
                fh.write(chunk)
