"""Fixtures of the browser tests (helpers in ``browser_helpers.py`` beside this file).

* ``browser``: one headless Debian Chromium for the session (Playwright, executable_path).
* ``page``: a fresh page in its own context; ``page.console_errors`` collects the page's
  console errors and uncaught exceptions.
* ``static_server(folder)``: serves ``folder`` on loopback (with range requests) for the
  test; returns a :class:`StaticServer` (``.url("file.mp4")``).
* ``voila_server(folder)``: Voilà serving the notebooks in ``folder`` on loopback; returns
  a :class:`VoilaServer` (``.url("explorer.ipynb")``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, StaticServer, VoilaServer


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture
def static_server():
    servers: list[StaticServer] = []

    def serve(folder: str | Path) -> StaticServer:
        server = StaticServer(folder).__enter__()
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.__exit__()


@pytest.fixture
def voila_server(tmp_path_factory):
    servers: list[VoilaServer] = []

    def serve(folder: str | Path) -> VoilaServer:
        server = VoilaServer(folder, tmp_path_factory.mktemp("jupyter-runtime")).__enter__()
        servers.append(server)
        return server

    yield serve
    for server in servers:
        server.__exit__()
