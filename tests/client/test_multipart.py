"""Tests of deepva_frames.client.multipart: uploads streamed from disk, paced by a floor.

The uploads go over real HTTP to the hostile server's slow reader, which reads the body
at a set pace and answers its size and SHA-256; the bodies are re-read by the standard
library's email parser, an independent multipart reader.
"""

from __future__ import annotations

import hashlib
import os
import time
import tracemalloc
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path

import pytest
from hostile_server import hostile_server
from hypothesis import given, settings
from hypothesis import strategies as st
from urllib3 import encode_multipart_formdata

from deepva_frames.client import wire
from deepva_frames.client.http import HttpTransport
from deepva_frames.client.multipart import MultipartBody
from deepva_frames.client.retry import RetryPolicy
from deepva_frames.client.wire import Secret
from deepva_frames.errors import TransportError

NO_RETRY = RetryPolicy(max_retries=0)


@pytest.fixture(scope="module")
def server() -> Iterator:
    with hostile_server() as running:
        yield running


def transport(server, **kwargs) -> HttpTransport:
    kwargs.setdefault("timeout", (0.5, 5))
    return HttpTransport(server.url, Secret("upload-key"), retry=NO_RETRY, **kwargs)


def big_file(tmp_path: Path, mib: int) -> tuple[Path, str]:
    path = tmp_path / "clip.mp4"
    path.write_bytes(os.urandom(mib << 20))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def upload(t: HttpTransport, path: Path, pace: int, every: float) -> dict:
    return t.call("POST", "/slow-reader/", params={"pace": pace, "every": every},
                  form={"folder": "/"}, files={"file": ("clip.mp4", path, "video/mp4")}).data


def test_a_steady_upload_may_outlast_the_deadline(server, tmp_path: Path) -> None:
    """At ~3 MB/s, 12 MiB take 4 s: past a 0.5 s deadline, and past the connect timeout
    that bounded the whole send before."""
    path, digest = big_file(tmp_path, 12)
    start = time.monotonic()
    answer = upload(transport(server, deadline=0.5), path, pace=64 << 10, every=0.02)
    assert time.monotonic() - start > 1.0  # it did outlast the deadline
    assert answer["size"] > 12 << 20 and answer["type"].startswith("multipart/form-data")
    assert len(answer["sha256"]) == 64 and answer["sha256"] != digest  # the whole form


def test_an_upload_below_the_floor_rate_ends_in_bounded_time(server, tmp_path: Path) -> None:
    path, _ = big_file(tmp_path, 24)  # more than the sockets hold
    start = time.monotonic()
    with pytest.raises(TransportError, match="slower than 8,388,608 bytes/s") as info:
        upload(transport(server, deadline=0.5, floor_rate=8 << 20), path, pace=16 << 10,
               every=0.05)  # 320 KB/s: the whole body would take 75 s
    assert time.monotonic() - start < 15
    assert info.value.url.endswith("/slow-reader/")


def test_a_stalled_reader_ends_the_upload_at_the_socket_timeout(server, tmp_path) -> None:
    path, _ = big_file(tmp_path, 24)
    start = time.monotonic()
    with pytest.raises(TransportError):
        upload(transport(server, deadline=60), path, pace=1 << 10, every=30)
    assert time.monotonic() - start < 10  # each send is bounded, not the whole body


def test_an_upload_streams_the_file_from_disk(server, tmp_path: Path) -> None:
    path, _ = big_file(tmp_path, 32)
    t = transport(server)
    tracemalloc.start()
    try:
        answer = upload(t, path, pace=1 << 20, every=0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert answer["size"] > 32 << 20
    assert peak < 4 << 20  # requests' own multipart would hold the file twice: 64 MiB


def test_a_file_gone_before_it_is_sent_is_a_transport_error(server, tmp_path: Path) -> None:
    path, _ = big_file(tmp_path, 1)
    t = transport(server)
    kwargs = {"form": {"folder": "/"}, "files": {"file": ("clip.mp4", path, None)}}
    body = wire.body_kwargs(None, kwargs["form"], kwargs["files"])["data"]
    path.unlink()
    with pytest.raises(TransportError, match=r"clip\.mp4 cannot be read for the upload"):
        body.read()
    with pytest.raises(FileNotFoundError):  # the call checks the file before it starts
        t.call("POST", "/slow-reader/", **kwargs)


def test_a_file_that_shrinks_while_it_is_sent_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * 1000)
    body = MultipartBody(None, [("file", ("a.bin", path, None))])
    path.write_bytes(b"x" * 10)
    with pytest.raises(TransportError, match=r"a\.bin got shorter"):
        while body.read(100):
            pass


ANY_NAME = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
#: Names both HTML5 (urllib3's %22 for a quote) and RFC 2231 readers spell alike (the
#: email parser also strips the ends of a file name).
PLAIN_NAME = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'),
                     min_size=1, max_size=12).filter(lambda name: name == name.strip())


def body_of(fields, files, folder: Path) -> tuple[MultipartBody, list]:
    parts = []
    for number, (field, filename, content) in enumerate(files):
        path = folder / f"{number}.bin"
        path.write_bytes(content)
        parts.append((field, (filename, path, "application/octet-stream")))
    return MultipartBody(fields, parts), parts


@settings(max_examples=80, deadline=None)
@given(fields=st.dictionaries(ANY_NAME, st.text(max_size=20), max_size=3),
       files=st.lists(st.tuples(ANY_NAME, ANY_NAME, st.binary(max_size=300)), max_size=3),
       chunk=st.integers(1, 70))
def test_the_body_is_the_one_requests_would_build(fields, files, chunk, tmp_path_factory):
    body, _ = body_of(fields, files, tmp_path_factory.mktemp("parts"))
    raw = b"".join(iter(lambda: body.read(chunk), b""))
    form = [*fields.items(), *[(f, (n, c, "application/octet-stream")) for f, n, c in files]]
    expected, content_type = encode_multipart_formdata(form, boundary=body.boundary)
    assert (raw, body.content_type) == (expected, content_type)
    assert len(body) == len(raw)


@settings(max_examples=80, deadline=None)
@given(fields=st.dictionaries(PLAIN_NAME, st.text(max_size=20), max_size=3),
       files=st.lists(st.tuples(PLAIN_NAME, PLAIN_NAME, st.binary(max_size=300)), max_size=3))
def test_the_body_is_the_form_an_independent_parser_reads(fields, files, tmp_path_factory):
    body, _ = body_of(fields, files, tmp_path_factory.mktemp("parts"))
    raw = b"".join(iter(body.read, b""))
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {body.content_type}\r\n\r\n".encode() + raw)
    got = [(p.get_param("name", header="content-disposition"), p.get_filename(),
            p.get_payload(decode=True)) for p in message.iter_parts()]
    assert got == [(name, None, value.encode()) for name, value in fields.items()] + [
        (field, filename, content) for field, filename, content in files]
