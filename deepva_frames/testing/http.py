"""The HTTP plumbing of FakeDeepVA: server, request handler, answers and multipart forms.

The handler reads the whole request, asks the server's ``respond`` callable for an
:class:`Answer` and writes it with a Content-Length (HTTP/1.1 keep-alive). An answer can
also be cut short or replaced by a connection reset, to simulate a flaky network.

>>> answer = json_answer(404, {"detail": "Not found."})
>>> answer.status, answer.body
(404, b'{"detail":"Not found."}')
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser
from http.client import HTTPMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

__all__ = ["Answer", "FakeServer", "FilePart", "Form", "Responder", "json_answer", "parse_form"]

JSON = "application/json"


@dataclass(frozen=True)
class Answer:
    """What to send back; ``action`` is ``send``, ``cut`` (short body, then close) or ``reset``.

    >>> Answer(204).body
    b''
    """

    status: int
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    action: str = "send"


def json_answer(status: int, doc: Any, headers: dict[str, str] | None = None) -> Answer:
    """An Answer with a compact JSON body.

    >>> json_answer(201, {"id": 1}).body
    b'{"id":1}'
    """
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Answer(status, body, JSON, dict(headers or {}))


@dataclass(frozen=True)
class FilePart:
    """One file of a multipart form."""

    name: str
    filename: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class Form:
    """A parsed multipart/form-data body: text fields and file parts in order.

    >>> Form({"folder": "/"}, []).files
    {}
    """

    fields: dict[str, str]
    parts: list[FilePart]

    @property
    def files(self) -> dict[str, tuple[str, bytes]]:
        """``{field name: (filename, bytes)}``; the last file wins for repeated names."""
        return {part.name: (part.filename, part.data) for part in self.parts}


def _header_param(value: str, header: str, param: str) -> str | None:
    message = Message()
    message[header] = value
    found = message.get_param(param, header=header)
    if isinstance(found, tuple):  # RFC 2231 encoded value
        return found[2]
    return found


def parse_form(body: bytes, content_type: str) -> Form:
    """Parse a multipart/form-data body; ValueError when it is not one.

    >>> body = (b'--xx\\r\\nContent-Disposition: form-data; name="folder"\\r\\n\\r\\n/\\r\\n'
    ...         b'--xx\\r\\nContent-Disposition: form-data; name="file"; filename="a.txt"\\r\\n'
    ...         b'Content-Type: text/plain\\r\\n\\r\\nhi\\r\\n--xx--\\r\\n')
    >>> form = parse_form(body, "multipart/form-data; boundary=xx")
    >>> form.fields, form.files
    ({'folder': '/'}, {'file': ('a.txt', b'hi')})
    """
    boundary = _header_param(content_type, "content-type", "boundary")
    if not content_type.lower().startswith("multipart/form-data") or not boundary:
        raise ValueError("expected a multipart/form-data body with a boundary")
    fields: dict[str, str] = {}
    parts: list[FilePart] = []
    for chunk in body.split(b"--" + boundary.encode("latin-1"))[1:]:
        if chunk.startswith(b"--"):
            break
        chunk = chunk.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, _, data = chunk.partition(b"\r\n\r\n")
        headers = BytesHeaderParser().parsebytes(head + b"\r\n\r\n")
        disposition = headers.get("content-disposition", "")
        name = _header_param(disposition, "content-disposition", "name") or ""
        filename = _header_param(disposition, "content-disposition", "filename")
        if filename is None:
            fields[name] = data.decode("utf-8", "replace")
        else:
            ctype = headers.get("content-type", "application/octet-stream")
            parts.append(FilePart(name, filename, data, ctype))
    return Form(fields, parts)


#: What a :class:`FakeServer` calls per request, ``(method, path, headers, body,
#: arrival)``, to get its :class:`Answer`.
Responder = Callable[[str, str, HTTPMessage, bytes, float], Answer]


class FakeServer(ThreadingHTTPServer):
    """A quiet threading HTTP server that can close its open connections on shutdown."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], respond: Responder):
        self.respond = respond
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conn_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conn_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: a client hanging up is normal for a fault-injecting server."""

    def close_connections(self) -> None:
        """Shut down every open keep-alive connection (idle handler threads then end)."""
        with self._conn_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeDeepVA/1.0"
    sys_version = ""
    timeout = 300
    server: FakeServer

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):  # no Nagle delay between small writes
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _serve(self) -> None:
        arrival = time.monotonic()
        try:
            body = self._read_body()
        except (ValueError, OSError):
            self.close_connection = True
            self._send(json_answer(400, {"detail": "Malformed request body."}))
            return
        try:
            headers = cast(HTTPMessage, self.headers)  # what http.server parses
            answer = self.server.respond(self.command, self.path, headers, body, arrival)
        except Exception as exc:
            answer = json_answer(500, {"detail": f"Internal error: {type(exc).__name__}"})
        try:
            self._send(answer)
        except OSError:
            self.close_connection = True

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        while True:
            size = int(self.rfile.readline(1024).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline(1024).strip():
                    pass  # trailers
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(8)

    def _send(self, answer: Answer) -> None:
        if answer.action == "reset":
            self._reset()
            return
        body, declared = answer.body, len(answer.body)
        if answer.action == "cut":
            body = body[: len(body) // 2] if len(body) > 1 else body
            declared = max(declared, len(body) + 16)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if answer.status not in (204, 304):
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(declared))
        if answer.action == "cut":
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and answer.status not in (204, 304) and body:
            self.wfile.write(body)
        if answer.action == "cut":
            self.wfile.flush()
            self.close_connection = True

    def _reset(self) -> None:
        """Close the connection without an answer (an RST where the platform allows)."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
