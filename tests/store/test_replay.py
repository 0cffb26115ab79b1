"""Replayer: pages, objects and files from a PageStore, with the API's paging and filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deepva_frames.errors import OfflineMiss
from deepva_frames.store import PageStore
from deepva_frames.store.replay import Listing, Replayer, Reply
from deepva_frames.testing import build_store

JOBS = [{"id": f"job-{i:02d}", "tag": "News" if i % 3 == 0 else f"sport-{i}", "state": "completed"}
        for i in range(25)]
NODES = [
    {"id": 1, "custom_id": "Q1", "name": "Angela Merkel", "type": "person"},
    {"id": 2, "custom_id": "Q2", "name": "Dirk Nowitzki", "type": "person"},
    {"id": 3, "custom_id": "Q3", "name": "Tagesschau", "type": "broadcast"},
    {"id": 4, "custom_id": "Q4", "name": "Nobody", "type": "person"},
]


def small_store(root: Path) -> PageStore:
    return build_store(root, {
        "jobs/": JOBS,
        "jobs/job-00/": JOBS[0],
        "batches/b1/jobs/": JOBS[:6],
        "jobs/job-00/artifacts/a1/file/": (b"\x00\x01binary", "video/mp4", "clip.mp4"),
        "storage/?folder=/": [{"id": 7, "name": "x.jpg"}],
        "knowledge-graph/nodes/": NODES,
        "knowledge-graph/nodes/2/": {"id": 2, "name": "Dirk Nowitzki",
                                     "description": "German basketball player"},
        "knowledge-graph/nodes/1/attributes/": [
            {"name": "place_of_birth", "value": "Hamburg"},
            {"name": "occupation", "value": ["Politician", "Physicist"]}],
        "knowledge-graph/nodes/2/attributes/": [
            {"name": "place_of_birth", "value": "Würzburg"}],
    }, page_size=10)


@pytest.fixture()
def store(tmp_path: Path) -> PageStore:
    return small_store(tmp_path / "store")


def page(reply: Reply) -> dict:
    assert reply.status == 200 and reply.content_type == "application/json"
    return json.loads(reply.body)


def test_recorded_page_is_served_byte_identical(store: PageStore) -> None:
    lines = store.read_page_lines(store.get("jobs"))
    replayer = Replayer(store)
    assert replayer.get("/jobs/").body == lines[0]
    assert replayer.get("jobs", {"offset": 10, "limit": 10}).body == lines[1]
    assert replayer.get("/jobs/", {"offset": "20", "limit": "10"}).body == lines[2]


def test_reslicing_with_another_limit(store: PageStore) -> None:
    replayer = Replayer(store)
    body = page(replayer.get("/jobs/", {"offset": 5, "limit": 7}))
    assert body == {"total": 25, "offset": 5, "limit": 7, "next": None, "prev": None,
                    "data": JOBS[5:12]}
    assert page(replayer.get("/jobs/", {"offset": 24, "limit": 7}))["data"] == JOBS[24:]
    assert page(replayer.get("/jobs/", {"offset": 30}))["data"] == []


def test_max_limit_caps_and_default_limit(store: PageStore) -> None:
    replayer = Replayer(store, max_limit=4, default_limit=3)
    assert page(replayer.get("/jobs/"))["limit"] == 3
    capped = page(replayer.get("/jobs/", {"limit": 100}))
    assert capped["limit"] == 4 and capped["data"] == JOBS[:4]


def test_bad_paging_values_raise_value_error(store: PageStore) -> None:
    with pytest.raises(ValueError):
        Replayer(store).get("/jobs/", {"limit": "many"})
    with pytest.raises(ValueError):
        Replayer(store).get("/jobs/", {"offset": -1})


def test_object_and_file_entries(store: PageStore) -> None:
    replayer = Replayer(store)
    assert json.loads(replayer.get("/jobs/job-00/").body) == JOBS[0]
    reply = replayer.get("jobs/job-00/artifacts/a1/file")
    assert reply == Reply(200, b"\x00\x01binary", "video/mp4", "clip.mp4")


def test_exact_recorded_query_is_served(store: PageStore) -> None:
    assert page(Replayer(store).get("/storage/", {"folder": "/"}))["data"] == [
        {"id": 7, "name": "x.jpg"}]


def test_jobs_search_and_tag_filters(store: PageStore) -> None:
    replayer = Replayer(store)
    news = replayer.records("/jobs/", {"tag": "News"})
    assert [j["id"] for j in news] == [j["id"] for j in JOBS if j["tag"] == "News"]
    assert replayer.records("/jobs/", {"tag": "news"}) == []  # tag is exact
    assert [j["id"] for j in replayer.records("/jobs/", {"search": "NEWS"})] == [
        j["id"] for j in news]
    assert [j["id"] for j in replayer.records("/jobs/", {"search": "job-2"})] == [
        f"job-{i}" for i in range(20, 25)]
    filtered = page(replayer.get("/jobs/", {"search": "sport", "limit": 5, "offset": 5}))
    assert filtered["total"] == 16 and len(filtered["data"]) == 5
    batch = replayer.records("/batches/b1/jobs/", {"tag": "News"})
    assert [j["id"] for j in batch] == ["job-00", "job-03"]


def test_kg_node_filters(store: PageStore) -> None:
    replayer = Replayer(store)

    def ids(**params: str) -> list[int]:
        return [node["id"] for node in replayer.records("/knowledge-graph/nodes/", params)]

    assert ids(type="person") == [1, 2, 4]
    assert ids(search="merk") == [1]
    assert ids(search="q3") == [3]
    assert ids(search="basketball") == [2]  # description from the recorded node object
    assert ids(place_of_birth="burg") == [1, 2]
    assert ids(place_of_birth="WÜRZ", type="person") == [2]
    assert ids(occupation="physic") == [1]
    assert ids(occupation="x") == []


def test_unknown_paths_and_params_are_offline_misses(store: PageStore) -> None:
    replayer = Replayer(store)
    with pytest.raises(OfflineMiss) as info:
        replayer.get("/datasets/")
    assert info.value.path == "/datasets/"
    with pytest.raises(OfflineMiss) as info:
        replayer.get("/jobs/", {"state": "completed"})
    assert info.value.params == {"state": "completed"}
    with pytest.raises(OfflineMiss):
        replayer.get("/storage/", {"folder": "/other/"})
    with pytest.raises(OfflineMiss):
        replayer.get("/jobs/job-00/", {"expand": "1"})
    with pytest.raises(OfflineMiss):
        replayer.records("/jobs/job-00/")


def test_added_and_hidden_records_change_the_listing(store: PageStore) -> None:
    replayer = Replayer(store)
    replayer.add_records("/jobs/", [{"id": "extra", "tag": "News"}])
    assert page(replayer.get("/jobs/"))["total"] == 26
    assert replayer.records("/jobs/", {"tag": "News"})[-1]["id"] == "extra"
    replayer.hide("/jobs/", "job-00")
    assert page(replayer.get("/jobs/"))["data"][0]["id"] == "job-01"
    assert replayer.is_listed("/jobs/", "extra") and not replayer.is_listed("/jobs/", "job-00")
    replayer.add_records("/storage/", [{"id": 9}], {"folder": "/new/"})
    assert page(replayer.get("/storage/", {"folder": "/new/"}))["data"] == [{"id": 9}]


def test_resolve_gives_a_listing_with_the_recorded_raw_page(store: PageStore) -> None:
    listing = Replayer(store).resolve("/jobs/", {"offset": 10})
    assert isinstance(listing, Listing)
    assert listing.raw == store.read_page_lines(store.get("jobs"))[1]
    assert listing.data == JOBS[10:20]


def test_rerecorded_listing_is_reread(store: PageStore) -> None:
    replayer = Replayer(store)
    assert len(replayer.records("/jobs/")) == 25
    store.put_pages("/jobs/", {}, [{"total": 1, "offset": 0, "limit": 10, "data": [JOBS[0]]}])
    assert replayer.records("/jobs/") == [JOBS[0]]
