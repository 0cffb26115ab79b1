"""A multipart/form-data request body streamed from disk, with a floor on its pace.

requests builds a multipart body in memory (a 2 GB video would take 4 GB), and sends it
in one ``sendall``, which the socket's timeout bounds as a whole: an upload longer than
the connect timeout failed however steadily it went. :class:`MultipartBody` is read in
chunks instead (each send still bounded by the socket timeout, so a stalled server is
caught), and the call's deadline grows by one second per ``floor_rate`` bytes sent, as a
download's does: a steady upload may outlast the deadline, a trickle may not. Each part's
headers are urllib3's, so the bytes are the ones requests would send.

>>> body = MultipartBody({"folder": "/"}, [("file", ("a.txt", b"hi", "text/plain"))])
>>> len(body.read(10)), len(body.read()) + 10 == len(body), body.read()
(10, True, b'')
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from urllib3.fields import RequestField

from ..errors import TransportError
from .watchdog import earned_deadline, extend_deadline

__all__ = ["CHUNK", "MultipartBody"]

CHUNK = 1 << 16


class MultipartBody:
    """A multipart/form-data body of text fields and files, read a chunk at a time.

    ``deadline_at`` (monotonic) and ``floor_rate`` (bytes/s), when set, make a read raise
    TransportError once the time is past ``deadline_at + sent / floor_rate``; every read
    before that moves this thread's header deadline there too.
    """

    def __init__(self, fields: Mapping[str, Any] | None,
                 files: list[tuple[str, tuple[str, Path | bytes, str | None]]]):
        """``files``: (form field, (file name, path or bytes, content type)) in order."""
        self.boundary = os.urandom(16).hex()
        self.content_type = f"multipart/form-data; boundary={self.boundary}"
        self._pieces: list[bytes | tuple[Path, int]] = []  # a file: its path and size
        for name, value in (fields or {}).items():
            self._part(RequestField(name=name, data=str(value)), str(value).encode())
        for name, (filename, content, ctype) in files:
            self._part(RequestField(name=name, data=b"", filename=filename, headers=None),
                       content, ctype)
        self._pieces.append(f"--{self.boundary}--\r\n".encode())
        self._length = sum(len(p) if isinstance(p, bytes) else p[1] for p in self._pieces)
        self._next = 0
        self._open: IO[bytes] | None = None
        self._left = 0  # bytes of the open file still to send
        self._at = 0  # position in the current piece of bytes
        self.sent = 0
        self.deadline_at: float | None = None
        self.floor_rate = 0.0

    def _part(self, field: RequestField, content: Path | bytes, ctype: str | None = None
              ) -> None:
        field.make_multipart(content_type=ctype)
        self._pieces.append(f"--{self.boundary}\r\n{field.render_headers()}".encode())
        self._pieces.extend((content if isinstance(content, bytes) else
                             (content, content.stat().st_size), b"\r\n"))

    def __len__(self) -> int:
        return self._length

    def grown_deadline(self) -> float | None:
        """The deadline once the bytes sent so far have grown it (None when unset)."""
        if self.deadline_at is None:
            return None
        return earned_deadline(self.deadline_at, self.sent, self.floor_rate)

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when negative); ``b""`` at the end."""
        self._check_pace()
        if size is None or size < 0:
            chunk = b"".join(iter(lambda: self._read_some(CHUNK), b""))
        else:
            chunk = self._read_some(size)
        self.sent += len(chunk)
        return chunk

    def _read_some(self, size: int) -> bytes:
        while self._next < len(self._pieces):
            chunk = self._read_piece(size)
            if chunk:
                return chunk
        return b""

    def _check_pace(self) -> None:
        grown = self.grown_deadline()
        if grown is None:
            return
        if time.monotonic() > grown:
            raise TransportError("", f"the upload went slower than {self.floor_rate:,.0f} "
                                     "bytes/s past the deadline")
        extend_deadline(grown)

    def _read_piece(self, size: int) -> bytes:
        piece = self._pieces[self._next]
        if isinstance(piece, bytes):
            chunk = piece[self._at:self._at + size]
            self._at += len(chunk)
            if self._at >= len(piece):
                self._next, self._at = self._next + 1, 0
            return chunk
        path, length = piece
        try:
            if self._open is None:
                self._open, self._left = path.open("rb"), length
            chunk = self._open.read(min(size, self._left))
        except OSError as exc:  # gone or unreadable since the body was made
            raise TransportError("", f"{path} cannot be read for the upload: "
                                     f"{exc.strerror or exc}") from None
        self._left -= len(chunk)
        if self._left and not chunk:  # the Content-Length sent would be a lie
            raise TransportError("", f"{path} got shorter while it was uploaded")
        if not self._left:
            self.close()
            self._next += 1
        return chunk

    def close(self) -> None:
        """Close the file being read (also when an attempt ends early)."""
        if self._open is not None:
            self._open.close()
            self._open = None
