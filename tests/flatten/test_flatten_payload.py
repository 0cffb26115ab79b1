"""Every accepted payload form gives the same table; context comes from page-store paths."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from deepva_frames import PageStore, PayloadError, flatten
from deepva_frames.flatten._payload import context_from_path, split_documents

RECORDS = [{"id": f"s{i}", "name": f"n{i}", "storage_type": "IMAGE"} for i in range(5)]
PAGES = [{"total": 5, "offset": 0, "limit": 3, "next": "x", "prev": None, "data": RECORDS[:3]},
         {"total": 5, "offset": 3, "limit": 3, "next": None, "prev": "y", "data": RECORDS[3:]}]


def dump(value) -> bytes:
    return json.dumps(value).encode()


FORMS = {
    "records": RECORDS,
    "pages": PAGES,
    "page-bytes": [dump(p) for p in PAGES],
    "ndjson-pages": b"\n".join(dump(p) for p in PAGES) + b"\n",
    "ndjson-records": b"\n".join(dump(r) for r in RECORDS),
    "json-list": dump(RECORDS),
    "pretty-json": json.dumps(RECORDS, indent=2).encode(),
    "pretty-page-bytes": [json.dumps(p, indent=2).encode() for p in PAGES],
    "tuple": tuple(RECORDS),
}


@pytest.mark.parametrize("form", FORMS)
def test_payload_forms_agree(form):
    expected = flatten.storage(RECORDS)
    pd.testing.assert_frame_equal(flatten.storage(FORMS[form]), expected)
    assert expected["storage_id"].tolist() == [r["id"] for r in RECORDS]


def test_single_object_and_single_page():
    assert flatten.storage(RECORDS[0])["storage_id"].tolist() == ["s0"]
    assert len(flatten.storage(PAGES[1])) == 2
    assert len(flatten.storage(dump(PAGES[1]))) == 2


def test_files(tmp_path):
    (tmp_path / "a.json").write_bytes(dump(PAGES[0]))
    (tmp_path / "b.ndjson").write_bytes(b"\n".join(dump(p) for p in PAGES))
    assert len(flatten.storage(tmp_path / "a.json")) == 3
    assert len(flatten.storage(str(tmp_path / "b.ndjson"))) == 5
    with pytest.raises(PayloadError, match="no such file"):
        flatten.storage(tmp_path / "missing.json")
    with pytest.raises(PayloadError, match="holds no"):
        flatten.storage(tmp_path)


def test_page_store_folder_and_entry_give_context(tmp_path):
    store = PageStore(tmp_path / "store", create=True)
    page = {"total": 1, "offset": 0, "limit": 10, "data": [
        {"frame_start": 0, "frame_end": 12, "detections": [{"frame_index": 0}]}]}
    entry = store.put_pages("/jobs/j1/detailed-results/", {}, [dump(page)])
    for payload in (store.folder("/jobs/j1/detailed-results/"), entry, entry.data_file):
        segments, detections = flatten.detailed_results(payload)
        assert segments["job_id"].tolist() == ["j1"]
        assert detections["segment_id"].tolist() == ["j1:0"]
    # keywords override the path
    assert flatten.detailed_results(entry, job_id="other").segments.loc[0, "job_id"] == "other"
    store.put_pages("/storage/", {"folder": "/a/"}, [dump({"total": 1, "offset": 0,
                                                            "data": RECORDS[:1]})])
    store.put_pages("/storage/", {"folder": "/b/"}, [dump({"total": 2, "offset": 0,
                                                            "data": RECORDS[1:3]})])
    storage = flatten.storage(store.folder("/storage/"))
    assert sorted(storage["folder"].tolist()) == ["/a/", "/b/", "/b/"]
    store.put_object("/reports/r9/", {}, {"id": "r9", "title": "t"})
    store.put_pages("/reports/r9/items/", {}, [dump({"total": 1, "offset": 0, "data": [
        {"content": {"batch_id": "b", "report_info": {"gender_count": {"male": 1}}}}]})])
    assert flatten.report_items(store.folder("/reports/r9/items/"))["report_id"].tolist() == \
        ["r9"]
    assert flatten.reports(store.folder("/reports/r9/"))["report_id"].tolist() == ["r9"]


def test_context_from_path():
    assert context_from_path("/datasets/d/classes/c/clusters/main/images/", {}) == {
        "dataset_id": "d", "class_id": "c", "cluster_name": "main"}
    assert context_from_path("knowledge-graph/nodes/1/attributes/compare/2", {}) == {
        "node_id": "1", "other_node_id": "2"}
    assert context_from_path("knowledge-graph/search-suggestions",
                             {"query": "frei", "attribute": "x"}) == {"query": "frei",
                                                                      "attribute": "x"}
    assert context_from_path("knowledge-graph/import/broadcast/i", {}) == {
        "import_format": "broadcast"}
    assert context_from_path("jobs/a%20b/artifacts", {}) == {"job_id": "a b"}


def test_split_documents():
    assert split_documents(b"   \n", "t") == []
    assert split_documents(b'{"a": 1}', "t") == [b'{"a": 1}']
    assert split_documents(b'{"a": 1}\r\n{"a": 2}\r\n', "t") == [b'{"a": 1}', b'{"a": 2}']


@pytest.mark.parametrize("bad, message", [
    (None, "no payload"),
    (b'{"id": ', "not valid JSON"),
    (b'{"id": "a"}\n{"id": ', "not valid JSON"),
    ([b'{"id": "a"}', {"id": "b"}], "mixing bytes"),
    (42, "cannot read a payload of type int"),
    ({"total": 1, "offset": 0, "data": {"id": "a"}}, "page data is not a list"),
    ([1, 2], "record is not an object"),
])
def test_bad_payloads(bad, message):
    with pytest.raises(PayloadError, match=message) as info:
        flatten.storage(bad)
    assert info.value.resource == "storage"
