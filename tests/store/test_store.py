"""PageStore: layout, round trips, fingerprints, atomicity and format checks."""

from __future__ import annotations

import json
import os

import pytest

from deepva_frames.errors import StoreError
from deepva_frames.store import (
    FORMAT_VERSION,
    PageStore,
    fingerprint,
    normalize_path,
    query_params,
)


def page(offset: int, records: list[dict], total: int, limit: int = 2) -> dict:
    return {"total": total, "offset": offset, "limit": limit, "next": None, "prev": None,
            "data": records}


@pytest.fixture
def store(tmp_path):
    return PageStore(tmp_path / "store", create=True)


def test_new_store_writes_manifest_with_format_version(store):
    manifest = json.loads((store.root / "manifest.json").read_text())
    assert manifest["format"] == "deepva-page-store"
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["created_at"].endswith("Z")


def test_missing_store_is_an_error_naming_the_folder(tmp_path):
    with pytest.raises(StoreError, match="nothing-here"):
        PageStore(tmp_path / "nothing-here")


def test_unknown_format_version_is_refused(store):
    manifest = json.loads((store.root / "manifest.json").read_text())
    manifest["format_version"] = 99
    (store.root / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match="99"):
        PageStore(store.root)


def test_pages_round_trip_one_line_per_page(store):
    pages = [page(0, [{"id": "a"}, {"id": "b"}], 3), page(2, [{"id": "c"}], 3)]
    bodies = [json.dumps(p, indent=2).encode() for p in pages]
    entry = store.put_pages("/jobs/", {"limit": 2}, bodies)
    assert entry.data_file == store.root / "jobs" / "_pages.ndjson"
    lines = store.read_page_lines(store.get("/jobs/"))
    assert [json.loads(line) for line in lines] == pages
    assert all(b"\n" not in line for line in lines)
    assert [r["id"] for r in store.read_records(entry)] == ["a", "b", "c"]
    assert entry.meta["records"] == 3 and entry.meta["pages"] == 2 and entry.meta["total"] == 3


def test_compact_page_bytes_are_stored_unchanged(store):
    raw = b'{"total":1,"offset":0,"limit":10,"data":[{"id":"x","v":1.50}]}'
    entry = store.put_pages("jobs", None, [raw])
    assert store.read_page_lines(entry) == [raw]


def test_entry_meta_carries_version_time_path_params_fingerprint(store):
    entry = store.put_pages("/storage", {"folder": "/", "offset": 10}, [page(0, [], 0)],
                            fetched_at="2026-01-01T00:00:00.000000Z")
    meta = json.loads(entry.data_file.with_name(
        entry.data_file.name.replace(".ndjson", ".meta.json")).read_text())
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["fetched_at"] == "2026-01-01T00:00:00.000000Z"
    assert meta["path"] == "/storage/"
    assert meta["params"] == {"folder": "/"}
    assert meta["fingerprint"] == fingerprint("/storage/", {"folder": "/"})
    assert entry.fingerprint[:12] in entry.data_file.name
    # the manifest keeps the newest fetch time it has seen
    assert store.manifest["fetched_at"] == max(store.manifest["created_at"], meta["fetched_at"])


def test_queries_are_kept_apart(store):
    store.put_pages("/jobs/", {}, [page(0, [{"id": "all"}], 1)])
    store.put_pages("/jobs/", {"tag": "news"}, [page(0, [{"id": "news"}], 1)])
    assert store.read_records(store.get("/jobs/"))[0]["id"] == "all"
    assert store.read_records(store.get("/jobs/", {"tag": "news", "limit": 3}))[0]["id"] == "news"
    assert store.get("/jobs/", {"tag": "sport"}) is None
    assert {tuple(e.params.items()) for e in store.entries("/jobs/")} == {(), (("tag", "news"),)}


def test_objects_and_files(store):
    store.put_object("/jobs/a/", None, b'{"id": "a", "name": "J\\u00fcrgen"}')
    store.put_object("/knowledge-graph/search-suggestions/", {"query": "fr"}, ["Freiburg"])
    store.put_file("/jobs/a/artifacts/z/file/", [b"ab", b"cd"], content_type="text/plain",
                   filename="log.txt")
    assert json.loads(store.read_bytes(store.get("jobs/a")))["name"] == "Jürgen"
    assert json.loads(store.read_bytes(
        store.get("/knowledge-graph/search-suggestions", {"query": "fr"}))) == ["Freiburg"]
    file_entry = store.get("/jobs/a/artifacts/z/file")
    assert file_entry.kind == "file" and store.read_bytes(file_entry) == b"abcd"
    assert file_entry.meta["content_type"] == "text/plain" and file_entry.meta["bytes"] == 4
    assert sorted(e.kind for e in store.entries()) == ["file", "object", "object"]


def test_reading_a_pages_entry_as_the_wrong_kind_is_an_error(store):
    entry = store.put_object("/jobs/a/", None, {"id": "a"})
    with pytest.raises(StoreError, match="object entry"):
        store.read_page_lines(entry)


def test_damaged_page_names_the_file(store):
    entry = store.put_pages("/jobs/", None, [page(0, [], 0)])
    entry.data_file.write_bytes(b'{"total": 0}\n')
    with pytest.raises(StoreError, match=r"_pages\.ndjson"):
        store.read_records(entry)


@pytest.mark.parametrize("bad", ["/jobs/../etc/", "jobs//x", "/a/./b"])
def test_unsafe_paths_are_refused(store, bad):
    with pytest.raises(StoreError, match="unsafe"):
        store.put_object(bad, None, {})


def test_unusual_path_parts_stay_inside_the_store(store):
    entry = store.put_object("/datasets/d/classes/c/clusters/cluster main:1/", None, {})
    assert store.root in entry.data_file.parents
    assert store.get("/datasets/d/classes/c/clusters/cluster main:1/") is not None


def test_failed_write_leaves_the_previous_entry(store, monkeypatch):
    store.put_pages("/jobs/", None, [page(0, [{"id": "old"}], 1)])

    def broken_pages():
        yield page(0, [{"id": "new"}], 2)
        raise OSError("disk full")

    with pytest.raises(OSError):
        store.put_pages("/jobs/", None, broken_pages())
    assert store.read_records(store.get("/jobs/"))[0]["id"] == "old"
    assert not [p for p in os.listdir(store.root / "jobs") if p.endswith(".tmp")]


def test_helpers():
    assert normalize_path("https") == "https"
    assert query_params({"b": True, "a": 2}) == {"a": "2", "b": "true"}
    assert fingerprint("/jobs/", {"tag": "x"}) != fingerprint("/jobs/", {"tag": "y"})
    assert fingerprint("/jobs/", method="GET") != fingerprint("/jobs/", method="POST")
