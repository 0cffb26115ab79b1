"""Output files: checked before any work, written atomically beside their final name.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "sheet.png"
>>> with temp_beside(out) as tmp:
...     _ = tmp.write_bytes(b"png")
...     tmp.suffix, tmp.parent == out.parent, out.exists()
('.png', True, False)
>>> out.read_bytes()
b'png'
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

__all__ = ["check_output", "quiet_stderr", "temp_beside"]


def check_output(out_path: str | os.PathLike[str]) -> Path:
    """``out_path`` as a Path, if a file can be written there (else OutputError).

    >>> check_output("/no/such/folder/out.mp4")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.overlay.errors.OutputError: /no/such/folder/out.mp4: the output folder ...
    """
    out = Path(out_path)
    if not out.parent.is_dir():
        raise OutputError(out, f"the output folder {out.parent} does not exist")
    if out.is_dir():
        raise OutputError(out, "is a folder; give a file name such as annotated.mp4")
    if not out.suffix:
        raise OutputError(out, "has no extension (such as .mp4 or .png) to choose a format by")
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise OutputError(out, f"permission denied: the folder {out.parent} is not writable")
    return out


@contextlib.contextmanager
def temp_beside(out: Path) -> Iterator[Path]:
    """A temporary path in ``out``'s folder with ``out``'s extension, renamed to ``out``
    when the block succeeds and deleted when it fails: ``out`` is never half written.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.png"
    >>> try:
    ...     with temp_beside(out) as tmp:
    ...         _ = tmp.write_bytes(b"half")
    ...         raise RuntimeError("failed")
    ... except RuntimeError:
    ...     pass
    >>> list(out.parent.iterdir())
    []
    """
    tmp = out.with_name(f".{out.stem}.{secrets.token_hex(6)}.tmp{out.suffix}")
    try:
        yield tmp
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Mute file descriptor 2 for the block: OpenCV's FFmpeg backend prints there directly.

    >>> with quiet_stderr():
    ...     os.write(2, b"never shown")
    11
    """
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
