"""Tests of deepva_frames.client.wire: the hidden key, file names from headers, request bodies."""

from __future__ import annotations

from pathlib import Path

import pytest

from deepva_frames.client.wire import Secret, body_kwargs, filename_from, parse_json
from deepva_frames.errors import PayloadError


def test_secret_never_shows_itself() -> None:
    secret = Secret("k-123")
    assert "k-123" not in repr(secret) + str(secret) + f"{secret}" + repr([secret])
    assert secret.reveal() == "k-123"
    assert secret.redact("echo k-123 twice k-123") == "echo *** twice ***"


@pytest.mark.parametrize("header, name", [
    ('attachment; filename="frame.png"', "frame.png"),
    ("attachment; filename=report.csv", "report.csv"),
    ("attachment; filename*=UTF-8''K%C3%B6ln.txt", "Köln.txt"),
    ('attachment; filename="../../etc/passwd"', "passwd"),
    ('attachment; filename="C:\\\\temp\\\\x.bin"', "x.bin"),
    ('attachment; filename=".."', None),
    ('attachment; filename=".bashrc"', "bashrc"),
    ("inline", None),
    (None, None),
])
def test_filenames_from_content_disposition_are_safe(header: str | None,
                                                      name: str | None) -> None:
    assert filename_from(header) == name


def test_body_kwargs_reads_files_when_sent_and_afresh_for_every_attempt(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"one")
    files = {"files": [("a.csv", path, "text/csv"), ("b.bin", b"two", None)]}
    first = body_kwargs(None, {"parent_id": "b"}, files)
    body = first["data"]
    assert first["headers"] == {"Content-Type": body.content_type}
    sent = b"".join(iter(body.read, b""))
    assert b'name="parent_id"\r\n\r\nb\r\n' in sent
    assert b'filename="a.csv"\r\nContent-Type: text/csv\r\n\r\none\r\n' in sent
    assert b"Content-Type: application/octet-stream\r\n\r\ntwo\r\n" in sent
    path.write_bytes(b"changed")
    again = body_kwargs(None, None, files)["data"]
    assert b"\r\n\r\nchanged\r\n" in b"".join(iter(again.read, b""))
    assert body_kwargs({"a": 1}, None, None) == {"json": {"a": 1}}
    assert body_kwargs(None, {"a": 1}, None) == {"data": {"a": 1}}


def test_parse_json_names_the_url() -> None:
    assert parse_json(b" ", "u") is None
    with pytest.raises(PayloadError, match="https://x/y: invalid JSON"):
        parse_json(b"{nope", "https://x/y")
