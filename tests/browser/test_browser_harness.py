"""The harness itself: the static server answers range requests as a media element asks."""

from __future__ import annotations

import urllib.request

from browser_helpers import StaticServer


def test_static_server_answers_a_byte_range_with_206(tmp_path):
    payload = bytes(range(256)) * 40
    (tmp_path / "clip.bin").write_bytes(payload)
    with StaticServer(tmp_path) as server:
        request = urllib.request.Request(server.url("clip.bin"), headers={"Range": "bytes=100-199"})
        with urllib.request.urlopen(request) as response:
            body, status = response.read(), response.status
            content_range = response.headers["Content-Range"]
        with urllib.request.urlopen(server.url("clip.bin")) as whole:
            assert whole.read() == payload
    assert status == 206
    assert body == payload[100:200]
    assert content_range == f"bytes 100-199/{len(payload)}"


def test_chromium_renders_a_served_page(page, static_server, tmp_path):
    (tmp_path / "index.html").write_text("<title>t</title><p id='x'>served</p>")
    server = static_server(tmp_path)
    page.goto(server.url("index.html"))
    assert page.text_content("#x") == "served"
    assert page.console_errors == []
