"""A small hostile HTTP server on loopback: trickled bodies, compression bombs, huge
Content-Length, redirects that carry the key, answers that echo the key back.

Each path under ``/api/v1/`` picks a behaviour; ``server.key`` is the key it echoes.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from urllib.parse import quote, quote_plus

PAGE = json.dumps({"total": 1, "offset": 0, "limit": 100, "data": [{"id": "j"}]}).encode()
#: Decoded size of the bombs (their wire size is about a thousandth of it).
BOMB_BYTES = 64 * 1024 * 1024


def _bomb(kind: str) -> bytes:
    zeros = b"0" * BOMB_BYTES
    return gzip.compress(zeros, 9) if kind == "gzip" else zlib.compress(zeros, 9)


class HostileHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bombs: ClassVar[dict[str, bytes]] = {}
    redirects: ClassVar[dict[str, str]] = {}  # {path: Location} answered with a 302

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json",
                            "Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        key = self.server.key  # type: ignore[attr-defined]
        path = self.path.split("?", 1)[0].removeprefix("/api/v1")
        bodies = self.server.bodies  # type: ignore[attr-defined]
        if path in self.redirects:
            self._send(302, b"", {"Location": self.redirects[path]})
        elif path in bodies:
            self._send(200, bodies[path])
        elif path in ("/trickle/", "/jobs/"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            with_errors = (BrokenPipeError, ConnectionResetError)
            try:
                for byte in PAGE:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except with_errors:
                return
        elif path == "/slow-headers/":
            head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 200 + b"\r\n"
            try:
                for byte in head:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                return
            self.close_connection = True
        elif path in ("/gzip-bomb/", "/deflate-bomb/"):
            kind = path.strip("/").split("-")[0]
            body = self.bombs[kind]
            self._send(200, body, {"Content-Encoding": kind})
        elif path == "/huge/":
            self.send_response(200)
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
            self.wfile.write(b'{"data": [')
        elif path == "/redirect-key/":
            self._send(302, b"", {"Location": f"/api/v1/missing/?api_key={quote(key, safe='')}"})
        elif path == "/redirect-key-away/":
            target = f"https://elsewhere.example/x?api_key={quote_plus(key)}"
            self._send(302, b"", {"Location": target})
        elif path == "/echo/":
            forms = [key, quote(key, safe=""), quote_plus(key), json.dumps(key)[1:-1]]
            self._send(400, json.dumps({"detail": forms, "raw": key}).encode())
        elif path == "/reset/":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"total": 1, ')
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self._send(404, json.dumps({"detail": f"Not found: {self.path}"}).encode())


    def do_POST(self) -> None:
        """``/slow-reader/?pace=B&every=S``: reads the body B bytes every S seconds, then
        answers its size and SHA-256."""
        query = dict(p.split("=") for p in self.path.partition("?")[2].split("&") if p)
        pace, every = int(query.get("pace", 65536)), float(query.get("every", 0))
        left, digest = int(self.headers.get("Content-Length", 0)), hashlib.sha256()
        size = 0
        try:
            while left:
                chunk = self.rfile.read(min(pace, left))
                if not chunk:
                    return
                digest.update(chunk)
                size, left = size + len(chunk), left - len(chunk)
                time.sleep(every)
        except (BrokenPipeError, ConnectionResetError):
            return
        self._send(200, json.dumps({"size": size, "sha256": digest.hexdigest(),
                                    "type": self.headers.get("Content-Type")}).encode())


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up is what these tests do."""


@contextmanager
def hostile_server(key: str = "k") -> Iterator[_QuietServer]:
    """The server on 127.0.0.1; its base URL is ``server.url``."""
    for kind in ("gzip", "deflate"):  # made before any test measures memory
        if kind not in HostileHandler.bombs:
            HostileHandler.bombs[kind] = _bomb(kind)
    server = _QuietServer(("127.0.0.1", 0), HostileHandler)
    server.daemon_threads = True
    server.key = key  # type: ignore[attr-defined]
    server.bodies = {}  # type: ignore[attr-defined]  # {path: body} served as 200 JSON
    server.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"  # type: ignore
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
