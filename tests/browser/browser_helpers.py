"""Browser-test plumbing: headless Chromium, loopback servers, and what to wait for.

Every test that checks something in a real browser (widgets under Voilà, video playback,
the HTML report, WebVTT tracks) lives in ``tests/browser/`` and uses the fixtures of
``conftest.py`` here, built from these helpers:

* Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright (``executable_path``;
  ``playwright install`` is never run: it downloads a browser build).
* :class:`StaticServer` serves a folder on 127.0.0.1 with HTTP range requests (what a
  ``<video>`` element asks for); :class:`VoilaServer` serves notebooks with Voilà on
  127.0.0.1. Both pick a free port and stop with the test.
* :func:`video_playback` loads a file into a ``<video>`` element and reports whether it
  fired ``canplay`` and how far ``currentTime`` advanced while playing.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--autoplay-policy=no-user-gesture-required"]
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with ``Range: bytes=a-b`` answered by 206 (Chromium seeks media so)."""

    def log_message(self, format: str, *args: Any) -> None:   # quiet test output
        pass

    def send_head(self):  # type: ignore[override]
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if self.path == "/favicon.ico" and not path.is_file():
            self.send_response(204)      # no console error for the icon a page never had
            self.end_headers()
            return None
        if match is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start = int(match[1])
        end = min(int(match[2]) if match[2] else size - 1, size - 1)
        if start >= size:
            self.send_error(416, "range not satisfiable")
            return None
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source, outputfile):  # type: ignore[override]
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        while remaining > 0:
            chunk = source.read(min(64 * 1024, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)
        return None


class StaticServer:
    """A folder served on ``http://127.0.0.1:<port>/`` from a thread (a context manager).

    >>> import tempfile, pathlib, urllib.request
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("hello")
    >>> with StaticServer(folder) as server:
    ...     urllib.request.urlopen(server.url("a.txt")).read()
    b'hello'
    """

    def __init__(self, folder: str | os.PathLike[str]):
        handler = functools.partial(_RangeHandler, directory=str(folder))
        self._server = http.server.ThreadingHTTPServer((LOOPBACK, 0), handler)
        self._server.daemon_threads = True
        self.base_url = f"http://{LOOPBACK}:{self._server.server_address[1]}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="static-server")

    def url(self, relative: str = "") -> str:
        """The URL of ``relative`` (a path inside the folder)."""
        return self.base_url + relative.lstrip("/")

    def __enter__(self) -> StaticServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _wait_http(url: str, process: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout_s:g} s")


class VoilaServer:
    """Voilà serving the notebooks of ``folder`` on 127.0.0.1 (a context manager).

    The kernel is this Python's (``sys.executable``'s ipykernel); Jupyter's runtime files
    go into ``runtime_dir``. ``url(name)`` is a notebook's rendered page.
    """

    def __init__(self, folder: str | os.PathLike[str], runtime_dir: str | os.PathLike[str],
                 *, timeout_s: float = 60.0):
        self.folder = Path(folder)
        self.port = free_port()
        self.base_url = f"http://{LOOPBACK}:{self.port}/"
        self._env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime_dir),
                     "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        self._timeout_s = timeout_s
        self._process: subprocess.Popen | None = None
        self.log_path = Path(runtime_dir) / "voila.log"

    def url(self, notebook: str) -> str:
        """The URL Voilà renders ``notebook`` (a file name inside ``folder``) at."""
        return f"{self.base_url}voila/render/{notebook}"

    def __enter__(self) -> VoilaServer:
        command = [sys.executable, "-m", "voila", "--no-browser", f"--port={self.port}",
                   f"--Voila.ip={LOOPBACK}", f"--Voila.root_dir={self.folder}",
                   "--show_tracebacks=True"]
        log = self.log_path.open("wb")
        self._process = subprocess.Popen(command, cwd=self.folder, env=self._env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_http(self.base_url, self._process, self._timeout_s)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)        # Voilà and the kernels it started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


VIDEO_PLAYBACK_JS = """async ([src, seconds, timeoutMs]) => {
  const video = document.createElement("video");
  video.muted = true;
  video.preload = "auto";
  document.body.appendChild(video);
  const events = [];
  for (const name of ["loadedmetadata", "canplay", "playing", "error"])
    video.addEventListener(name, () => events.push(name));
  const done = new Promise(resolve => {
    video.addEventListener("canplay", () => video.play().catch(() => {}), {once: true});
    video.addEventListener("timeupdate", () => {
      if (video.currentTime >= seconds) resolve();
    });
    video.addEventListener("error", () => resolve());
    setTimeout(resolve, timeoutMs);
  });
  video.src = src;
  await done;
  video.pause();
  return {events, currentTime: video.currentTime, duration: video.duration,
          width: video.videoWidth, height: video.videoHeight,
          error: video.error ? `${video.error.code}: ${video.error.message}` : null};
}"""


def video_playback(page: Any, src: str, *, seconds: float = 0.5,
                   timeout_s: float = 15.0) -> dict[str, Any]:
    """Play ``src`` (a URL) in a ``<video>`` on ``page`` until ``currentTime`` reaches
    ``seconds`` (or an error, or ``timeout_s``); returns ``events`` (loadedmetadata,
    canplay, playing, error as they fired), ``currentTime``, ``duration``, ``width``,
    ``height`` and ``error`` (code and message, or None).
    """
    return page.evaluate(VIDEO_PLAYBACK_JS, [src, seconds, int(timeout_s * 1000)])


def wait_until(predicate: Any, timeout_s: float = 10.0, interval_s: float = 0.1) -> Any:
    """Call ``predicate()`` until it returns something truthy (returned) or time runs out
    (``TimeoutError``): for browser state that changes after an event round trip.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout_s:g} s: {predicate}")
        time.sleep(interval_s)
