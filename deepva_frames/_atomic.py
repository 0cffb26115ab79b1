"""Atomic file writes: a temporary file, then ``os.replace`` onto the target.

- A crash leaves either the old file or the new one, never half of one.
- The file gets the mode ``open(path, "w")`` would give a new file (``0o666`` less the
  umask): the temporary file is created by ``os.open`` with that mode, so the kernel applies
  the umask (``tempfile.mkstemp`` would make it ``0o600``).
- The temporary file lives beside the target, or in ``tmp_dir`` (same file system), so that
  a reader scanning the target's folder never meets one (the export keeps its temporary
  files in one folder at its root).
- A failure removes the temporary file and raises :class:`~deepva_frames.errors.WriteError`
  naming the target, never the temporary name.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> atomic_write_bytes(target, b"hello")
>>> target.read_bytes()
b'hello'
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import WriteError

__all__ = ["TEMP_SUFFIX", "atomic_write_bytes", "atomic_writer", "is_temp_name"]

TEMP_SUFFIX = ".tmp"
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(
    os, "O_NOFOLLOW", 0)


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is one of this module's temporary file names.

    >>> is_temp_name(".a.parquet.3f2a1b9c.tmp"), is_temp_name("a.parquet")
    (True, False)
    """
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _open_temp(folder: Path, target: Path) -> tuple[int, Path]:
    """A new temporary file in ``folder`` (mode 0o666 less the umask)."""
    stem = target.name[:64]
    for _ in range(8):
        tmp = folder / f".{stem}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError("no free temporary name")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *,
                  tmp_dir: str | os.PathLike[str] | None = None) -> Iterator[BinaryIO]:
    """Open a binary file that appears at ``path`` only if the block succeeds.

    ``tmp_dir``: where the temporary file goes (default: the target's folder); it must be
    on the target's file system.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "b.bin"
    >>> with atomic_writer(target) as fh:
    ...     _ = fh.write(b"x")
    >>> target.read_bytes()
    b'x'
    """
    target = Path(path)
    folder = Path(tmp_dir) if tmp_dir is not None else target.parent
    if not target.parent.is_dir():
        raise WriteError(target, f"the folder {target.parent} does not exist")
    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temp(folder, target)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        if type(exc).__module__ != "builtins":  # WriteError, a requests error from the block
            raise
        raise WriteError(target, _reason(exc)) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes | Iterable[bytes], *,
                       tmp_dir: str | os.PathLike[str] | None = None) -> None:
    """Write ``data`` (bytes or an iterable of chunks) to ``path`` atomically."""
    with atomic_writer(path, tmp_dir=tmp_dir) as fh:
        if isinstance(data, bytes | bytearray | memoryview):
            fh.write(data)
        else:
            for chunk in data:
                fh.write(chunk)
