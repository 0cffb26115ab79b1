"""Tests of deepva_frames.client reads (and _read_jobs, _read_library, _core) against
FakeDeepVA over loopback HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from client_helpers import (
    JOBS,
    KEY,
    NODES,
    PNG,
    SUGGESTIONS,
    account_resources,
    block_network,
    client_for,
    make_account,
)

import deepva_frames as dvf
from deepva_frames import flatten
from deepva_frames.client import DEFAULT_BASE_URL, Client
from deepva_frames.errors import (
    DeepVAError,
    NotFound,
    PaginationError,
    StoreError,
    UnsafeURLError,
)
from deepva_frames.schemas import schema
from deepva_frames.testing import NEXT_LINKS, FakeDeepVA

RES = account_resources()
DS = "datasets/ds-1/classes/cls-1"
JOB_IDS = [j["id"] for j in JOBS]


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("account")
    make_account(root)
    return root


@pytest.fixture
def fake(account: Path) -> Iterator[FakeDeepVA]:
    with FakeDeepVA(account, key=KEY, max_limit=10) as server:
        yield server


@pytest.fixture
def client(fake: FakeDeepVA) -> Client:
    return client_for(fake)


# -- construction ----------------------------------------------------------------------------
def test_key_and_base_url_come_from_the_environment(fake: FakeDeepVA,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPVA_API_KEY", KEY)
    monkeypatch.setenv("DEEPVA_BASE_URL", fake.url)
    c = Client(progress=False)
    assert c.base_url == fake.url
    assert c.job("job-001")["id"] == "job-001"
    assert fake.requests[-1].authorized


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEEPVA_BASE_URL", "http://insecure.example.com/api/v1")
    c = Client("k", "https://api.example.com/api/v1/")
    assert c.base_url == "https://api.example.com/api/v1"


def test_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPVA_BASE_URL", raising=False)
    assert Client("k").base_url == DEFAULT_BASE_URL == "https://api.deepva.com/api/v1"


def test_a_missing_key_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEEPVA_API_KEY", raising=False)
    with pytest.raises(DeepVAError, match="DEEPVA_API_KEY"):
        Client()


def test_the_package_exposes_the_client() -> None:
    assert dvf.Client is Client
    assert dvf.sample_client is dvf.client.sample_client


def test_plain_http_is_refused_before_any_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = block_network(monkeypatch)
    start = time.monotonic()
    with pytest.raises(UnsafeURLError):
        Client("k", "http://no-such-host.invalid/api/v1")
    assert time.monotonic() - start < 0.5
    assert attempts == []


def test_allow_insecure_opts_in(monkeypatch: pytest.MonkeyPatch) -> None:
    block_network(monkeypatch)
    c = Client("k", "http://no-such-host.invalid/api/v1", allow_insecure=True)
    assert c.base_url == "http://no-such-host.invalid/api/v1"


def test_repr_hides_the_key(tmp_path: Path) -> None:
    c = Client("super-secret-key", "https://api.example.com/api/v1", cache_dir=tmp_path)
    assert "super-secret-key" not in repr(c)
    assert "super-secret-key" not in repr(vars(c)) + repr(vars(c._transport))
    assert repr(c) == f"Client(base_url='https://api.example.com/api/v1', cache_dir='{tmp_path}')"


@pytest.mark.parametrize("kwargs, error", [({"offline": True}, ValueError),
                                           ({"page_size": 0}, ValueError),
                                           ({"concurrency": 0}, ValueError)])
def test_invalid_settings(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        Client("k", **kwargs)


def test_offline_needs_a_recorded_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Client(cache_dir=tmp_path, offline=True)


# -- every list method -----------------------------------------------------------------------
def _id(record: dict) -> str:
    return str(record["id"])


def _name(record: dict) -> str:
    return str(record["name"])


#: (id, call(client, **kw), store key, flatten table, its context, id column, a record's id in
#: that column); ``kw`` is passed on to the list method (limit=).
LISTINGS: list[tuple[str, Callable[..., Any], str, str, dict[str, Any], str,
                     Callable[[dict], str]]] = [
    ("jobs", lambda c, **kw: c.jobs(**kw), "jobs/", "jobs", {}, "job_id", _id),
    ("summarized_results", lambda c, **kw: c.summarized_results("job-001", **kw),
     "jobs/job-001/summarized-results/", "summarized_results", {"job_id": "job-001"},
     "result_id", _id),
    ("detailed_results", lambda c, **kw: c.detailed_results("job-001", **kw),
     "jobs/job-001/detailed-results/", "detailed_results", {"job_id": "job-001"},
     "segment_id", _id),
    ("job artifacts", lambda c, **kw: c.artifacts(job_id="job-001", **kw),
     "jobs/job-001/artifacts/", "artifacts", {"job_id": "job-001"}, "artifact_id", _id),
    ("export artifacts", lambda c, **kw: c.artifacts(export_id="exp-0", **kw),
     "exports/exp-0/artifacts/", "artifacts", {"export_id": "exp-0"}, "artifact_id", _id),
    ("batches", lambda c, **kw: c.batches(**kw), "batches/", "batches", {}, "batch_id", _id),
    ("sub_batches", lambda c, **kw: c.sub_batches("batch-0", **kw),
     "batches/batch-0/sub-batches/", "batches", {}, "batch_id", _id),
    ("batch_jobs", lambda c, **kw: c.batch_jobs("batch-0", **kw), "batches/batch-0/jobs/",
     "jobs", {"batch_id": "batch-0"}, "job_id", _id),
    ("reports", lambda c, **kw: c.reports(**kw), "reports/", "reports", {}, "report_id", _id),
    ("report_items", lambda c, **kw: c.report_items("rep-0", **kw), "reports/rep-0/items/",
     "report_items", {"report_id": "rep-0"}, "batch_id", lambda r: r["content"]["batch_id"]),
    ("exports", lambda c, **kw: c.exports(**kw), "exports/", "exports", {}, "export_id", _id),
    ("kg_nodes", lambda c, **kw: c.kg_nodes(**kw), "knowledge-graph/nodes/", "kg_nodes", {},
     "node_id", _id),
    ("kg_node_attributes", lambda c, **kw: c.kg_node_attributes(101, **kw),
     "knowledge-graph/nodes/101/attributes/", "kg_attributes", {"node_id": "101"}, "name",
     _name),
    ("kg_similar", lambda c, **kw: c.kg_similar(101, **kw),
     "knowledge-graph/nodes/101/similar/", "kg_nodes", {"of_node_id": "101"}, "node_id", _id),
    ("kg_related", lambda c, **kw: c.kg_related(101, **kw),
     "knowledge-graph/nodes/101/related/", "kg_nodes", {"of_node_id": "101"}, "node_id", _id),
    ("kg_compare", lambda c, **kw: c.kg_compare(101, 102, **kw),
     "knowledge-graph/nodes/101/attributes/compare/102/", "kg_compare",
     {"node_id": "101", "other_node_id": "102"}, "name", _name),
    ("kg_attribute_descriptions", lambda c, **kw: c.kg_attribute_descriptions(**kw),
     "knowledge-graph/attribute-descriptions/", "kg_attribute_descriptions", {}, "name", _name),
    ("datasets", lambda c, **kw: c.datasets(**kw), "datasets/", "datasets", {}, "dataset_id",
     _id),
    ("classes", lambda c, **kw: c.classes("ds-1", **kw), "datasets/ds-1/classes/", "classes",
     {"dataset_id": "ds-1"}, "class_id", _id),
    ("images", lambda c, **kw: c.images("ds-1", "cls-1", **kw), f"{DS}/images/", "images",
     {"dataset_id": "ds-1", "class_id": "cls-1"}, "image_id", _id),
    ("clusters", lambda c, **kw: c.clusters("ds-1", "cls-1", **kw), f"{DS}/clusters/",
     "clusters", {"dataset_id": "ds-1", "class_id": "cls-1"}, "name", _name),
    ("cluster_images", lambda c, **kw: c.cluster_images("ds-1", "cls-1", "cluster_main", **kw),
     f"{DS}/clusters/cluster_main/images/", "images",
     {"dataset_id": "ds-1", "class_id": "cls-1", "cluster_name": "cluster_main"}, "image_id",
     _id),
    ("storage", lambda c, **kw: c.storage(**kw), "storage/?folder=/", "storage",
     {"folder": "/"}, "storage_id", _id),
    ("dictionaries", lambda c, **kw: c.dictionaries(**kw), "dictionaries/", "dictionaries", {},
     "dictionary_id", _id),
]


@pytest.mark.parametrize("name, call, key, table, context, column, record_id", LISTINGS,
                         ids=[entry[0] for entry in LISTINGS])
def test_list_methods_return_every_record(client: Client, fake: FakeDeepVA, name: str,
                                          call: Callable[..., Any], key: str, table: str,
                                          context: dict[str, Any], column: str,
                                          record_id: Callable[[dict], str]) -> None:
    records = RES[key]
    got = call(client)
    expected = getattr(flatten, table)(records, **context)
    if table == "detailed_results":
        assert isinstance(got, flatten.DetailedResults)
        pd.testing.assert_frame_equal(got.segments, expected.segments)
        pd.testing.assert_frame_equal(got.detections, expected.detections)
        n_detections = sum(len(r["detections"]) for r in records)
        assert len(got.detections) == n_detections > 0
        rows = got.segments
    else:
        assert isinstance(got, pd.DataFrame)
        pd.testing.assert_frame_equal(got, expected)
        rows = got
    assert list(rows.columns) == schema("segments" if table == "detailed_results"
                                        else table).names
    assert rows[column].tolist() == [record_id(r) for r in records]  # one row per record
    for col, value in context.items():
        assert (rows[col] == value).all(), col
    path = "/" + key.split("?")[0]
    assert {seen.path for seen in fake.requests} == {path}
    assert all(seen.method == "GET" and seen.authorized for seen in fake.requests)
    n = len(records)
    assert len(fake.requests) == max(1, -(-n // 10))  # one request per server page


@pytest.mark.parametrize("name, call, key, table, context, column, record_id", LISTINGS,
                         ids=[entry[0] for entry in LISTINGS])
def test_limit_keeps_the_first_records_and_the_context(client: Client, fake: FakeDeepVA,
                                                        name: str, call: Callable[..., Any],
                                                        key: str, table: str,
                                                        context: dict[str, Any], column: str,
                                                        record_id: Callable[[dict], str]) -> None:
    records = RES[key][:2]
    got = call(client, limit=2)
    expected = getattr(flatten, table)(records, **context)
    if table == "detailed_results":
        pd.testing.assert_frame_equal(got.segments, expected.segments)
        pd.testing.assert_frame_equal(got.detections, expected.detections)
        got = got.segments
    else:
        pd.testing.assert_frame_equal(got, expected)
    assert got[column].tolist() == [record_id(r) for r in records]
    for col, value in context.items():
        assert (got[col] == value).all(), col
    assert len(fake.requests) == 1


OBJECTS: list[tuple[str, Callable[[Client], Any], str]] = [
    ("job", lambda c: c.job("job-001"), "jobs/job-001/"),
    ("batch", lambda c: c.batch("batch-0"), "batches/batch-0/"),
    ("report", lambda c: c.report("rep-0"), "reports/rep-0/"),
    ("export_info", lambda c: c.export_info("exp-0"), "exports/exp-0/"),
    ("kg_node", lambda c: c.kg_node(101), "knowledge-graph/nodes/101/"),
    ("import_status", lambda c: c.import_status("broadcast", "imp-1"),
     "knowledge-graph/import/broadcast/imp-1"),
    ("dataset", lambda c: c.dataset("ds-1"), "datasets/ds-1/"),
    ("class_", lambda c: c.class_("ds-1", "cls-1"), f"{DS}/"),
    ("image", lambda c: c.image("ds-1", "cls-1", "img-1"), f"{DS}/images/img-1/"),
    ("cluster", lambda c: c.cluster("ds-1", "cls-1", "cluster_main"),
     f"{DS}/clusters/cluster_main/"),
    ("storage_object", lambda c: c.storage_object(5), "storage/5/"),
    ("dictionary", lambda c: c.dictionary("dict-0"), "dictionaries/dict-0/"),
]


@pytest.mark.parametrize("name, call, key", OBJECTS, ids=[n for n, _, _ in OBJECTS])
def test_object_methods_return_the_object(client: Client, fake: FakeDeepVA, name: str,
                                          call: Callable[[Client], Any], key: str) -> None:
    assert call(client) == RES[key]
    assert [s.path for s in fake.requests] == ["/" + key.rstrip("/") + "/"]


def test_search_suggestions(client: Client, fake: FakeDeepVA) -> None:
    got = client.kg_search_suggestions("frei", "place_of_birth")
    assert isinstance(got, pd.DataFrame)
    assert got["suggestion"].tolist() == SUGGESTIONS
    assert got["rank"].tolist() == list(range(len(SUGGESTIONS)))
    assert (got["query"] == "frei").all() and (got["attribute"] == "place_of_birth").all()
    assert fake.requests[0].params == {"query": "frei", "attribute": "place_of_birth"}


def test_missing_object_is_not_found(client: Client) -> None:
    with pytest.raises(NotFound) as info:
        client.job("nope")
    assert info.value.url.endswith("/jobs/nope/")


# -- filters and limits ----------------------------------------------------------------------
def test_job_filters_are_sent_and_applied(client: Client, fake: FakeDeepVA) -> None:
    news = client.jobs(tag="news")
    assert news["job_id"].tolist() == [j["id"] for j in JOBS if j["tag"] == "news"]
    assert (news["tag"] == "news").all()
    assert fake.requests[0].params["tag"] == "news"
    found = client.jobs(search="job-01")["job_id"].tolist()
    assert found == [j["id"] for j in JOBS if "job-01" in j["id"]] and found


def test_kg_filters(client: Client, fake: FakeDeepVA) -> None:
    people = client.kg_nodes(type="person")
    assert people["node_id"].tolist() == [str(n["id"]) for n in NODES if n["type"] == "person"]
    assert (people["type"] == "person").all()
    berlin = client.kg_nodes(place_of_birth="berlin")["node_id"].tolist()
    assert berlin == [str(n["id"]) for n in NODES if n["id"] % 4 == 1] and berlin
    assert fake.requests[-1].params["place_of_birth"] == "berlin"
    with pytest.raises(ValueError):
        client.kg_nodes(offset=3)


@pytest.mark.parametrize("limit, requests", [(0, 0), (3, 1), (10, 1), (12, 2), (20, 2),
                                             (21, 3), (500, 3)])
def test_limit_caps_rows_and_requests(client: Client, fake: FakeDeepVA, limit: int,
                                      requests: int) -> None:
    got = client.jobs(limit=limit)
    assert got["job_id"].tolist() == [j["id"] for j in JOBS[:limit]]
    pd.testing.assert_frame_equal(got, flatten.jobs(JOBS[:limit]))
    assert len(fake.requests) == requests


def test_artifacts_need_exactly_one_owner(client: Client, fake: FakeDeepVA) -> None:
    for kwargs in ({}, {"job_id": "a", "export_id": "b"}):
        with pytest.raises(ValueError):
            client.artifacts(**kwargs)
    assert fake.requests == []


def test_media_and_summary_items_come_from_the_job_summaries(client: Client) -> None:
    def summary(job_id: str) -> dict[str, Any]:
        (entry,) = RES[f"jobs/{job_id}/"]["result"]["summary"]
        return entry

    media = client.media(["job-000", "job-002"])
    assert media[["job_id", "total_frames"]].values.tolist() == [
        [j, summary(j)["info"]["total_frames"]] for j in ("job-000", "job-002")]
    assert media["fps"].tolist() == [summary(j)["info"]["fps"] for j in ("job-000", "job-002")]
    assert client.media("job-001")["source"].tolist() == [summary("job-001")["source"]]
    every = client.media()
    assert every["job_id"].tolist() == [j["id"] for j in JOBS]
    assert every["total_frames"].tolist() == [
        j["result"]["summary"][0]["info"]["total_frames"] for j in JOBS]
    items = client.summary_items("job-001")
    assert items[["job_id", "item_index", "label"]].values.tolist() == [
        ["job-001", i, item["label"]] for i, item in enumerate(summary("job-001")["items"])]
    assert len(client.summary_items()) == sum(
        len(s["items"]) for j in JOBS for s in j["result"]["summary"])


def test_ids_are_escaped_into_one_path_segment(client: Client, fake: FakeDeepVA) -> None:
    with pytest.raises(NotFound):
        client.job("../reports/rep-0")
    assert fake.requests[0].path.startswith("/jobs/")
    with pytest.raises(ValueError):
        client.job("..")


# -- paging over HTTP ------------------------------------------------------------------------
@pytest.mark.parametrize("next_links", NEXT_LINKS)
def test_paging_plans_offsets_and_ignores_next_links(account: Path, next_links: str) -> None:
    with FakeDeepVA(account, key=KEY, max_limit=4, next_links=next_links) as fake:
        got = client_for(fake, page_size=100).jobs()
    assert got["job_id"].tolist() == JOB_IDS
    assert {s.path for s in fake.requests} == {"/jobs/"}
    asked = sorted((int(s.params["offset"]), int(s.params["limit"])) for s in fake.requests)
    assert asked == [(0, 100)] + [(o, 4) for o in range(4, len(JOBS), 4)]


def test_total_drift_raises_pagination_error(fake: FakeDeepVA, client: Client) -> None:
    pages = client.pages("/jobs/")
    first = next(pages)
    assert first["total"] == len(JOBS)
    fake.add_records("/jobs/", [{"id": "job-new"}])
    with pytest.raises(PaginationError) as info:
        list(pages)
    assert info.value.url.startswith(fake.url + "/jobs/?offset=")
    assert "total changed from 23 to 24" in str(info.value)


@pytest.mark.parametrize("kind, reason", [("short-page", "short page"),
                                          ("repeat-page", "repeats the records")])
def test_inconsistent_pages_raise(fake: FakeDeepVA, client: Client, kind: str,
                                  reason: str) -> None:
    fake.fail(kind, path="/jobs/", times=3)
    with pytest.raises(PaginationError, match=reason) as info:
        client.jobs()
    assert info.value.url.startswith(fake.url + "/jobs/?offset=")


def test_pages_is_the_raw_escape_hatch(client: Client) -> None:
    pages = list(client.pages("/jobs/", tag="sport"))
    assert [len(p["data"]) for p in pages] == [10, 5]
    assert all(set(p) >= {"total", "offset", "limit", "data"} for p in pages)
    assert [len(p["data"]) for p in client.pages("/jobs/", limit=12)] == [10, 10]
    assert list(client.pages("/jobs/", limit=0)) == []
    with pytest.raises(ValueError):
        list(client.pages("/jobs/", offset=10))
    with pytest.raises(ValueError):
        client.jobs(limit=-1)
    with pytest.raises(UnsafeURLError):
        list(client.pages("https://testenv.deepva.com/api/v1/jobs/"))


def test_concurrent_paging_beats_one_page_at_a_time(account: Path) -> None:
    with FakeDeepVA(account, key=KEY, max_limit=2, latency=0.03) as fake:
        start = time.perf_counter()
        assert client_for(fake, concurrency=1).jobs()["job_id"].tolist() == JOB_IDS
        one = time.perf_counter() - start
        start = time.perf_counter()
        assert client_for(fake, concurrency=4).jobs()["job_id"].tolist() == JOB_IDS
        four = time.perf_counter() - start
    assert four < one / 2


# -- downloads -------------------------------------------------------------------------------
DOWNLOADS: list[tuple[str, Callable[[Client, Path], Path], str]] = [
    ("job artifact", lambda c, d: c.download_artifact("art-0", d, job_id="job-001"),
     "jobs/job-001/artifacts/art-0/file/"),
    ("export artifact", lambda c, d: c.download_artifact("xart-0", d, export_id="exp-0"),
     "exports/exp-0/artifacts/xart-0/file/"),
    ("storage", lambda c, d: c.download_storage(5, d), "storage/5/file/"),
    ("thumbnail", lambda c, d: c.download_storage(5, d, thumbnail=True), "storage/5/thumbnail/"),
    ("dictionary", lambda c, d: c.download_dictionary("dict-0", d), "dictionaries/dict-0/file"),
]


@pytest.mark.parametrize("name, call, key", DOWNLOADS, ids=[n for n, _, _ in DOWNLOADS])
def test_downloads_land_in_a_folder_under_the_served_name(client: Client, tmp_path: Path,
                                                          name: str, call: Any, key: str) -> None:
    data, _, filename = RES[key]
    path = call(client, f"{tmp_path}/out/")  # a str ending in "/" is a folder
    assert path == tmp_path / "out" / filename
    assert path.read_bytes() == data
    assert [p.name for p in (tmp_path / "out").iterdir()] == [filename]


def test_download_to_a_file_path_and_to_the_current_folder(client: Client, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deep" / "er" / "picture.png"
    assert client.download_storage(5, target) == target and target.read_bytes() == PNG
    monkeypatch.chdir(tmp_path)
    assert client.download_storage(5) == tmp_path / "mm.png"


def test_a_cut_download_is_retried_and_complete(client: Client, fake: FakeDeepVA,
                                                tmp_path: Path) -> None:
    fake.fail("cut", path="/storage/5/file/")
    assert client.download_storage(5, tmp_path / "x.png").read_bytes() == PNG
    assert len(fake.requests) == 2


# -- progress bars ---------------------------------------------------------------------------
def test_progress_bars_when_asked(fake: FakeDeepVA, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    c = client_for(fake, progress=True)
    c.jobs()
    assert "/jobs/" in capsys.readouterr().err
    c.download_storage(5, tmp_path / "bar.png")
    assert "bar.png" in capsys.readouterr().err


def test_no_progress_bars_when_silenced(fake: FakeDeepVA, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    c = client_for(fake, progress=False)
    c.jobs()
    c.download_storage(5, tmp_path / "bar.png")
    assert capsys.readouterr().err == ""
