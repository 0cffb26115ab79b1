"""One rule for turning names from a server or a store into safe file and folder names.

:func:`safe_name` percent-encodes whatever could leave the folder or break on some OS
(separators, ``%``, control characters, characters Windows forbids, names made of dots,
a trailing dot or space, Windows device names such as ``CON`` or ``com1.txt``) and bounds
the length. The mapping is stable (the same name always gives the same file name) and,
below the length bound, reversible with :func:`urllib.parse.unquote`, so two different
names never share a file. Longer names keep a readable head and a hash of the whole name
(``strict=True`` refuses them instead, for names that readers decode, such as hive
``job_id=`` folders).

>>> safe_name("../../etc/passwd")
'..%2F..%2Fetc%2Fpasswd'
>>> safe_name(".."), safe_name("CON"), safe_name("report. ")
('%2E%2E', '%43ON', 'report.%20')
>>> safe_name("a b/c", keep="-_.~")
'a%20b%2Fc'
>>> len(safe_name("x" * 1000).encode()) <= MAX_NAME_BYTES
True
"""

from __future__ import annotations

import hashlib
import os
import re
import string
from pathlib import Path

from .errors import UnsafeNameError

__all__ = ["MAX_NAME_BYTES", "is_inside", "safe_name"]

#: Longest name produced, in UTF-8 bytes (file systems allow 255; room is left for
#: suffixes that other code appends).
MAX_NAME_BYTES = 200
_FORBIDDEN = frozenset('/\\%<>:"|?*') | {chr(c) for c in range(32)} | {"\x7f"}
_ASCII_SAFE = frozenset(string.ascii_letters + string.digits)
_DEVICE = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?", re.IGNORECASE)
_HASH_CHARS = 16


def _encode(char: str) -> str:
    data = char.encode("utf-8", "surrogatepass")
    return "".join(f"%{byte:02X}" for byte in data)


def _is_kept(char: str, keep: frozenset[str] | None) -> bool:
    if char in _FORBIDDEN or 0xD800 <= ord(char) <= 0xDFFF:
        return False
    return keep is None or char in _ASCII_SAFE or char in keep


def _escape(text: str, keep: frozenset[str] | None) -> str:
    parts = [c if _is_kept(c, keep) else _encode(c) for c in text]
    if text.strip(".") == "":  # ".", "..": encode every dot
        parts = [_encode(c) for c in text]
    if text[-1] in ". ":  # Windows drops a trailing dot or space
        parts[-1] = _encode(text[-1])
    if _DEVICE.fullmatch(text):
        parts[0] = _encode(text[0])
    return "".join(parts)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _shorten(name: str, encoded: str) -> str:
    """A readable head of ``encoded``, a hash of ``name`` and the extension, if short."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]
    stem, dot, ext = encoded.rpartition(".")
    suffix = f".{ext}" if dot and stem and len(_utf8(ext)) <= 16 else ""
    room = MAX_NAME_BYTES - len(_utf8(suffix)) - _HASH_CHARS - 1  # bytes, not characters
    head = encoded.encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore")
    head = head[:head.rfind("%")] if "%" in head[-2:] else head  # never cut an escape
    return f"{head}~{digest}{suffix}"


def safe_name(name: object, *, keep: str | None = None, strict: bool = False,
              what: str = "name") -> str:
    """A file or folder name for ``name`` (from a server or a store) that stays in its folder.

    ``keep``: when given, only ASCII letters, digits and these characters are kept (others
    percent-encoded, as URLs and hive partitions want); by default every character is kept
    except the unsafe ones. A name longer than :data:`MAX_NAME_BYTES` once encoded is
    shortened with a hash of the whole name, or refused with
    :class:`~deepva_frames.errors.UnsafeNameError` when ``strict``. An empty name is always
    refused; ``what`` names the kind of name in that error (``"job id"``, ...).

    >>> safe_name("photo 1.jpg")
    'photo 1.jpg'
    >>> safe_name("")
    Traceback (most recent call last):
    ...
    deepva_frames.errors.UnsafeNameError: name '' cannot become a file name: it is empty
    """
    text = str(name)
    if not text:
        raise UnsafeNameError(text, "it is empty", what=what)
    encoded = _escape(text, frozenset(keep) if keep is not None else None)
    if len(encoded.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES:
        return encoded
    if strict:
        raise UnsafeNameError(text, f"it is longer than {MAX_NAME_BYTES} bytes once encoded",
                              what=what)
    return _shorten(text, encoded)


def is_inside(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether ``path``, symlinks resolved, is ``root`` or below it (symlinks resolved too).

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> is_inside(root, root / "a" / "b.txt"), is_inside(root, root / ".." / "x")
    (True, False)
    """
    real_root = Path(os.path.realpath(root))
    return Path(os.path.realpath(path)).is_relative_to(real_root)
