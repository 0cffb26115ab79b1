"""Downloads never leave their folder, whatever id or file name the server or store gives;
"loopback" is only literal loopback addresses and ``localhost``."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames._paths import seg
from deepva_frames._safe_names import MAX_NAME_BYTES
from deepva_frames.client import Client
from deepva_frames.client.urls import is_loopback
from deepva_frames.errors import UnsafeURLError
from deepva_frames.testing import FakeDeepVA, build_store

KEY = "download-key-77c1"
PNG = b"\x89PNG\r\n\x1a\n" + b"x" * 100
IDS = ["../../escape", "...", "a/b", "CON", "x" * 400, "sp ace.png", "%2e%2e"]


def _account(root: Path, *, filename: str | None) -> object:
    res = {f"jobs/j/artifacts/{seg(i)}/file/": (PNG, "image/png", filename) for i in IDS}
    return build_store(root, res)


def _inside(folder: Path, path: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def test_without_content_disposition_the_id_becomes_a_safe_name(tmp_path: Path) -> None:
    folder = tmp_path / "box" / "downloads"
    folder.mkdir(parents=True)
    with FakeDeepVA(_account(tmp_path / "store", filename=None), key=KEY) as fake:
        c = Client(KEY, fake.url, progress=False, cache_dir=tmp_path / "cache")
        paths = [c.download_artifact(i, folder, job_id="j") for i in IDS]
    assert all(_inside(folder, p) and p.read_bytes() == PNG for p in paths)
    assert len({p.name for p in paths}) == len(IDS)  # the mapping keeps ids apart
    assert sorted(p.name for p in (tmp_path / "box").iterdir()) == ["downloads"]
    offline = Client(cache_dir=tmp_path / "cache", offline=True, progress=False)
    again = folder / "offline"
    again.mkdir()
    assert [offline.download_artifact(i, again, job_id="j").name for i in IDS] == [
        p.name for p in paths]


@pytest.mark.parametrize("recorded", ["../../evil.png", "..", "/etc/passwd", "a\\..\\b.png",
                                      "NUL.txt", "é" * 300 + ".png"])
def test_a_recorded_file_name_is_made_safe_offline(tmp_path: Path, recorded: str) -> None:
    store = build_store(tmp_path / "store", {"jobs/j/artifacts/a1/file/":
                                             (PNG, "image/png", recorded)})
    folder = tmp_path / "box" / "out"
    folder.mkdir(parents=True)
    c = Client(cache_dir=store.root, offline=True, progress=False)
    path = c.download_artifact("a1", folder, job_id="j")
    assert _inside(folder, path) and path.read_bytes() == PNG
    assert len(path.name.encode()) <= MAX_NAME_BYTES
    assert sorted(p.name for p in (tmp_path / "box").iterdir()) == ["out"]


@settings(max_examples=200, deadline=None)
@given(host=st.from_regex(r"[a-z0-9][a-z0-9.-]{0,30}", fullmatch=True))
def test_only_localhost_and_literal_loopback_addresses_are_loopback(host: str) -> None:
    try:
        literal = ipaddress.ip_address(host).is_loopback
    except ValueError:
        literal = False
    expected = host.rstrip(".") == "localhost" or literal
    assert is_loopback(f"http://{host}:8000/api/v1") == expected
    if not expected:
        with pytest.raises(UnsafeURLError, match="refusing plain http"):
            Client("k", f"http://{host}:8000/api/v1")


@pytest.mark.parametrize("host", ["api.localhost", "localhost.evil.com", "127.0.0.1.nip.io",
                                  "localhost6", "0x7f000001"])
def test_names_that_merely_look_local_get_the_plain_http_rule(host: str) -> None:
    assert not is_loopback(f"http://{host}/")
    with pytest.raises(UnsafeURLError):
        Client("k", f"http://{host}/api/v1")
