"""FakeDeepVA over real HTTP on loopback: paging, auth, faults, writes and latency."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.client import HTTPConnection
from pathlib import Path

import pytest
import requests

from deepva_frames.sample import sample_store_path
from deepva_frames.store import PageStore
from deepva_frames.testing import FakeDeepVA, build_store

KEY = "test-key-5f1c"
JOBS = [{"id": f"job-{i:03d}", "tag": "news" if i % 2 else "sport"} for i in range(250)]


def small_store(root: Path) -> PageStore:
    return build_store(root, {
        "jobs/": JOBS,
        "jobs/job-000/": JOBS[0],
        "jobs/job-000/artifacts/a1/file/": (b"\x00\xffvideo-bytes", "video/mp4", "clip.mp4"),
        "batches/": [{"id": "b1", "name": "top"}],
        "batches/b1/": {"id": "b1", "name": "top"},
        "datasets/d1/": {"id": "d1", "name": "Faces", "type": "face"},
        "storage/?folder=/": [{"id": 1, "name": "old.jpg"}],
    }, page_size=100)


@pytest.fixture()
def store(tmp_path: Path) -> PageStore:
    return small_store(tmp_path / "store")


@pytest.fixture()
def fake(store: PageStore) -> Iterator[FakeDeepVA]:
    with FakeDeepVA(store, key=KEY, job_polls_to_complete=2) as server:
        yield server


@pytest.fixture()
def api() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.headers["Authorization"] = f"Key {KEY}"
        yield session


def get(api: requests.Session, fake: FakeDeepVA, path: str, **params: object) -> dict:
    response = api.get(f"{fake.url}{path}", params=params, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


# -- reads and paging ---------------------------------------------------------------------
def test_paging_with_limit_offset_and_cap(fake: FakeDeepVA, api: requests.Session) -> None:
    first = get(api, fake, "/jobs/")
    assert (first["total"], first["offset"], first["limit"]) == (250, 0, 10)
    capped = get(api, fake, "/jobs/", limit=500, offset=200)
    assert capped["limit"] == 100 and capped["data"] == JOBS[200:]
    assert capped["next"] is None
    assert capped["prev"] == f"{fake.url}/jobs/?limit=100&offset=100"
    seen, url = [], f"{fake.url}/jobs/?limit=30&offset=0"
    while url:
        body = api.get(url, timeout=5).json()
        seen += body["data"]
        url = body["next"]
    assert seen == JOBS
    filtered = get(api, fake, "/jobs/", tag="news", limit=5, offset=5)
    assert filtered["total"] == 125 and filtered["next"].endswith("?tag=news&limit=5&offset=10")


@pytest.mark.parametrize(("mode", "expected"), [
    ("plain-http", "http://api.deepva.com/api/v1/jobs/?limit=10&offset=10"),
    ("other-host", "https://testenv.deepva.com/api/v1/jobs/?limit=10&offset=10"),
    ("other-endpoint", "{url}/datasets/?limit=10&offset=10"),
    ("none", None),
])
def test_next_link_modes(store: PageStore, api: requests.Session, mode: str,
                         expected: str | None) -> None:
    with FakeDeepVA(store, key=KEY, next_links=mode) as fake:
        body = get(api, fake, "/jobs/")
        assert body["next"] == (expected.format(url=fake.url) if expected else None)
        assert body["prev"] is None


def test_object_and_file_entries(fake: FakeDeepVA, api: requests.Session) -> None:
    response = api.get(f"{fake.url}/jobs/job-000/", timeout=5)
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == JOBS[0]
    response = api.get(f"{fake.url}/jobs/job-000/artifacts/a1/file/", timeout=5)
    assert response.content == b"\x00\xffvideo-bytes"
    assert response.headers["Content-Type"] == "video/mp4"
    assert response.headers["Content-Length"] == str(len(response.content))
    assert "clip.mp4" in response.headers["Content-Disposition"]


def test_keep_alive_and_content_length(fake: FakeDeepVA) -> None:
    conn = HTTPConnection(fake.origin.removeprefix("http://"), timeout=5)
    for path in ("/api/v1/jobs/", "/api/v1/nothing/", "/api/v1/jobs/job-000/"):
        conn.request("GET", path, headers={"Authorization": f"Key {KEY}"})
        response = conn.getresponse()
        response.read()
        assert response.getheader("Content-Length") is not None and not response.will_close
    conn.close()


def test_auth_required_and_key_never_logged(fake: FakeDeepVA) -> None:
    missing = requests.get(f"{fake.url}/jobs/", timeout=5)
    wrong = requests.get(f"{fake.url}/jobs/", headers={"Authorization": "Key nope"}, timeout=5)
    right = requests.get(f"{fake.url}/jobs/", headers={"Authorization": f"Key {KEY}"},
                         timeout=5)
    assert missing.status_code == wrong.status_code == 401
    assert missing.json() == {"detail": "Invalid API key."}
    assert right.status_code == 200
    assert [seen.authorized for seen in fake.requests] == [False, False, True]
    assert all("authorization" not in {k.lower() for k in s.headers} for s in fake.requests)
    assert KEY not in repr(fake.requests) and KEY not in repr(fake)


def test_unknown_paths_are_404(fake: FakeDeepVA, api: requests.Session) -> None:
    for url in (f"{fake.url}/datasets/", f"{fake.url}/jobs/", f"{fake.origin}/other/"):
        params = {"state": "done"} if url.endswith("/jobs/") else None
        response = api.get(url, params=params, timeout=5)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert api.get(f"{fake.url}/jobs/", params={"limit": "x"}, timeout=5).status_code == 400
    assert api.put(f"{fake.url}/jobs/", json={}, timeout=5).status_code == 405


def test_handler_errors_become_500(fake: FakeDeepVA, api: requests.Session,
                                   store: PageStore) -> None:
    broken = store.put_pages("/reports/", {}, [{"total": 0, "offset": 0, "limit": 10,
                                                 "data": []}])
    broken.data_file.write_bytes(b"not a page\n")
    response = api.get(f"{fake.url}/reports/", timeout=5)
    assert response.status_code == 500 and "detail" in response.json()
    assert api.get(f"{fake.url}/jobs/", timeout=5).status_code == 200


def test_sample_account_jobs_listing() -> None:
    sample = sample_store_path()
    records = PageStore(sample).read_records(PageStore(sample).get("jobs"))
    with FakeDeepVA() as fake:
        response = requests.get(f"{fake.url}/jobs/", params={"limit": 100},
                                headers={"Authorization": f"Key {fake.key}"}, timeout=5)
    assert fake.key.startswith("fake-")
    assert response.status_code == 200 and response.json()["total"] == len(records)
    assert response.json()["data"] == records[:100]


# -- faults ---------------------------------------------------------------------------------
@pytest.mark.parametrize("retry_after", [3, 2.7, "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_status_fault_with_retry_after(fake: FakeDeepVA, api: requests.Session,
                                       retry_after: object) -> None:
    fake.fail("status", status=429, retry_after=retry_after, times=2, path="/jobs/")
    assert api.get(f"{fake.url}/batches/", timeout=5).status_code == 200
    for _ in range(2):
        response = api.get(f"{fake.url}/jobs/", timeout=5)
        assert response.status_code == 429 and "detail" in response.json()
        expected = retry_after if isinstance(retry_after, str) else str(int(retry_after))
        assert response.headers["Retry-After"] == expected
    assert api.get(f"{fake.url}/jobs/", timeout=5).status_code == 200


def test_status_fault_by_method(fake: FakeDeepVA, api: requests.Session) -> None:
    fake.fail("status", status=503, method="post")
    assert api.get(f"{fake.url}/jobs/", timeout=5).status_code == 200
    assert api.post(f"{fake.url}/batches/", json={"name": "x"}, timeout=5).status_code == 503
    assert api.post(f"{fake.url}/batches/", json={"name": "x"}, timeout=5).status_code == 201


def test_cut_body(fake: FakeDeepVA, api: requests.Session) -> None:
    fake.fail("cut")
    with pytest.raises((requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ConnectionError)):
        api.get(f"{fake.url}/jobs/", timeout=5)
    assert get(api, fake, "/jobs/")["total"] == 250


def test_invalid_json(fake: FakeDeepVA, api: requests.Session) -> None:
    fake.fail("invalid-json")
    response = api.get(f"{fake.url}/jobs/", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        response.json()


def test_hang_triggers_read_timeout(fake: FakeDeepVA, api: requests.Session) -> None:
    fake.fail("hang", delay=1.0)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.get(f"{fake.url}/jobs/", timeout=(2, 0.3))
    assert time.monotonic() - started < 0.9
    assert get(api, fake, "/jobs/")["total"] == 250


def test_reset(fake: FakeDeepVA, api: requests.Session) -> None:
    fake.fail("reset")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.get(f"{fake.url}/jobs/", timeout=5)
    assert get(api, fake, "/jobs/")["total"] == 250


def test_redirect(fake: FakeDeepVA, api: requests.Session) -> None:
    fake.fail("redirect", location="https://elsewhere.example/api/v1/jobs/")
    response = api.get(f"{fake.url}/jobs/", allow_redirects=False, timeout=5)
    assert response.status_code == 302
    assert response.headers["Location"] == "https://elsewhere.example/api/v1/jobs/"
    fake.fail("redirect")
    followed = api.get(f"{fake.url}/jobs/", params={"limit": 3}, timeout=5)
    assert followed.history[0].status_code == 302 and len(followed.json()["data"]) == 3


def test_short_and_repeated_pages(fake: FakeDeepVA, api: requests.Session) -> None:
    fake.fail("short-page", path="/jobs/")
    fake.fail("repeat-page", path="/jobs/")
    assert api.get(f"{fake.url}/jobs/job-000/", timeout=5).json() == JOBS[0]  # not a listing
    short = get(api, fake, "/jobs/", limit=10, offset=10)
    assert short["total"] == 250 and short["data"] == JOBS[10:19]
    repeated = get(api, fake, "/jobs/", limit=10, offset=20)
    assert repeated["offset"] == 20 and repeated["data"] == JOBS[:10]
    assert get(api, fake, "/jobs/", limit=10, offset=20)["data"] == JOBS[20:30]


def test_add_records_changes_total(fake: FakeDeepVA, api: requests.Session) -> None:
    assert get(api, fake, "/jobs/")["total"] == 250
    fake.add_records("/jobs/", [{"id": "late-1"}, {"id": "late-2"}])
    assert get(api, fake, "/jobs/", offset=250)["data"] == [{"id": "late-1"}, {"id": "late-2"}]
    fake.add_records("/storage/", [{"id": 2}], {"folder": "/"})
    assert get(api, fake, "/storage/", folder="/")["total"] == 2


def test_reset_clears_faults_and_logs(fake: FakeDeepVA, api: requests.Session) -> None:
    get(api, fake, "/batches/")
    fake.fail("status", status=500)
    fake.reset()
    assert fake.requests == [] and fake.uploads == []
    assert api.get(f"{fake.url}/jobs/", timeout=5).status_code == 200
    assert len(fake.requests) == 1


def test_latency_overlaps_between_connections(store: PageStore) -> None:
    with FakeDeepVA(store, key=KEY, latency=0.2) as fake:
        results: list[int] = []

        def fetch() -> None:
            response = requests.get(f"{fake.url}/jobs/", timeout=5,
                                    headers={"Authorization": f"Key {KEY}"})
            results.append(response.status_code)

        threads = [threading.Thread(target=fetch) for _ in range(2)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    assert results == [200, 200]
    assert 0.2 <= elapsed < 0.35


def test_stop_closes_the_socket(store: PageStore) -> None:
    fake = FakeDeepVA(store, key=KEY).start()
    url = fake.url
    with requests.Session() as session:
        session.headers["Authorization"] = f"Key {KEY}"
        assert session.get(f"{url}/jobs/", timeout=5).status_code == 200
        fake.stop()
        with pytest.raises(requests.exceptions.ConnectionError):
            session.get(f"{url}/jobs/", timeout=2)
    with pytest.raises(RuntimeError):
        _ = fake.url


# -- writes -------------------------------------------------------------------------------
def poll(api: requests.Session, url: str, done: tuple[str, ...] = ("completed", "failed"),
         limit: int = 10) -> list[dict]:
    states = []
    for _ in range(limit):
        body = api.get(url, timeout=5).json()
        states.append(body)
        if body["state"] in done:
            return states
    raise AssertionError(f"never finished: {states}")


def test_create_job_and_poll_until_completed(fake: FakeDeepVA, api: requests.Session) -> None:
    payload = {"sources": ["https://example.com/a.mp4"], "tag": "mine",
               "modules": {"face_recognition": {"model": "celebrities"}}}
    created = api.post(f"{fake.url}/jobs/", json=payload, timeout=5)
    assert created.status_code == 201
    job = created.json()
    assert job["state"] == "waiting" and job["result"]["summary"] == []
    assert job["modules"]["face_recognition"] == {"model": "celebrities", "state": "waiting"}
    states = poll(api, f"{fake.url}/jobs/{job['id']}/")
    assert [s["state"] for s in states] == ["processing", "completed"]
    assert states[-1]["progress"] == 1.0 and states[-1]["result"]["summary"][0]["source"]
    listed = get(api, fake, "/jobs/", search=job["id"][:8])["data"]
    assert listed[0]["id"] == job["id"] and listed[0]["state"] == "completed"
    assert get(api, fake, f"/jobs/{job['id']}/detailed-results/")["total"] == 0
    assert json.loads(fake.requests[0].body) == payload


def test_failing_job_and_bad_request(fake: FakeDeepVA, api: requests.Session) -> None:
    payload = {"sources": ["https://example.com/fail.mp4"], "modules": {"ocr": {}}}
    job = api.post(f"{fake.url}/jobs/", json=payload, timeout=5).json()
    final = poll(api, f"{fake.url}/jobs/{job['id']}/")[-1]
    assert final["state"] == "failed"
    assert final["errors"][0].keys() == {"module", "code", "message"}
    assert final["errors"][0]["module"] == "ocr"
    bad = api.post(f"{fake.url}/jobs/", json={"modules": {"ocr": {}}}, timeout=5)
    assert bad.status_code == 400 and "sources" in bad.json()["detail"]


def test_delete_jobs(fake: FakeDeepVA, api: requests.Session) -> None:
    job = api.post(f"{fake.url}/jobs/", json={"sources": ["a.jpg"], "modules": {"x": {}}},
                    timeout=5).json()
    for job_id in (job["id"], "job-000", "job-005"):
        response = api.delete(f"{fake.url}/jobs/{job_id}/", timeout=5)
        assert response.json() == {"message": "Job has been deleted"}
        assert api.get(f"{fake.url}/jobs/{job_id}/", timeout=5).status_code == 404
    assert get(api, fake, "/jobs/")["total"] == 248
    assert api.delete(f"{fake.url}/jobs/job-000/", timeout=5).status_code == 404
    assert api.delete(f"{fake.url}/jobs/unknown/", timeout=5).status_code == 404


def test_batches_files_and_report(fake: FakeDeepVA, api: requests.Session) -> None:
    batch = api.post(f"{fake.url}/batches/", json={"name": "top-level"}, timeout=5)
    assert batch.status_code == 201 and batch.json()["parent"] is None
    batch_id = batch.json()["id"]
    assert get(api, fake, f"/batches/{batch_id}/")["name"] == "top-level"
    files = [("files", ("one.csv", b"a,b\n1,2\n", "text/csv")),
             ("files", ("two.csv", b"", "text/csv"))]
    both = api.post(f"{fake.url}/batches/files/", files=files,
                     data={"parent_id": batch_id, "parent_name": "x"}, timeout=5)
    assert both.status_code == 400
    made = api.post(f"{fake.url}/batches/files/", files=files, data={"parent_id": batch_id},
                     timeout=5)
    assert made.status_code == 201
    one, two = made.json()
    assert one["success"] and one["batch"]["parent"] == batch_id and one["file"] == "one.csv"
    assert not two["success"] and two["error"] and two["batch"] is None
    assert get(api, fake, f"/batches/{batch_id}/sub-batches/")["data"][0]["name"] == "one"
    upload = fake.uploads[-1]
    assert upload["path"] == "/batches/files/" and upload["fields"] == {"parent_id": batch_id}
    assert [part[1] for part in upload["file_parts"]] == ["one.csv", "two.csv"]
    report = api.post(f"{fake.url}/batches/b1/report/", timeout=5)
    assert report.status_code == 201 and report.json()["state"] == "waiting"
    assert report.json()["title"].startswith("Report of top on ")
    assert api.post(f"{fake.url}/batches/nope/report/", timeout=5).status_code == 404
    assert api.delete(f"{fake.url}/reports/{report.json()['id']}/", timeout=5).status_code == 204
    deleted = api.delete(f"{fake.url}/batches/{batch_id}/", timeout=5)
    assert deleted.json() == {"message": "Batch or batches has been deleted"}
    assert api.get(f"{fake.url}/batches/{batch_id}/sub-batches/", timeout=5).status_code == 404


def test_export_kg_import_and_training(fake: FakeDeepVA, api: requests.Session) -> None:
    export = api.post(f"{fake.url}/exports/", json={"strategy": "basic_dataset_export",
                                                     "config": {"dataset_id": "d1"}}, timeout=5)
    assert export.status_code == 201 and export.json()["state"] == "waiting"
    assert get(api, fake, "/exports/")["data"][0]["id"] == export.json()["id"]
    imported = api.post(f"{fake.url}/knowledge-graph/import/broadcast",
                         json={"apply_ner": True, "broadcasts": []}, timeout=5)
    assert imported.status_code == 201 and imported.json()["state"] == "waiting"
    status = get(api, fake, f"/knowledge-graph/import/broadcast/{imported.json()['id']}")
    assert status["state"] == "completed" and status["time_completed"]
    training = api.post(f"{fake.url}/trainings/", json={
        "source_dataset_id": "d1", "output_model_name": "My Model", "config": {}}, timeout=5)
    assert training.status_code == 201
    assert training.json()["source_dataset"]["name"] == "Faces"
    final = poll(api, f"{fake.url}/trainings/{training.json()['id']}/")[-1]
    assert final["state"] == "completed" and final["progress"] == 1.0


def test_storage_and_dictionary_uploads(fake: FakeDeepVA, api: requests.Session) -> None:
    image = ("photo.jpg", b"\xff\xd8\xff\r\n--not-a-boundary\r\n\x00", "image/jpeg")
    missing = api.post(f"{fake.url}/storage/", files={"file": image}, timeout=5)
    assert missing.status_code == 400 and "folder" in missing.json()["detail"]
    stored = api.post(f"{fake.url}/storage/", files={"file": image}, data={"folder": "/"},
                       timeout=5)
    assert stored.status_code == 201
    doc = stored.json()
    assert doc["storage_type"] == "IMAGE" and doc["file_size"] == len(image[1])
    assert doc["url"].startswith("storage://")
    assert get(api, fake, "/storage/", folder="/")["data"][-1]["id"] == doc["id"]
    assert api.get(f"{fake.url}/storage/{doc['id']}/file/", timeout=5).content == image[1]
    assert fake.uploads[-1]["files"] == {"file": ("photo.jpg", image[1])}
    assert fake.uploads[-1]["fields"] == {"folder": "/"}
    dictionary = api.post(f"{fake.url}/dictionaries/", data={"name": "Cities"},
                           files={"file": ("d.txt", b"Berlin\nHamburg\n", "text/plain")},
                           timeout=5)
    assert dictionary.status_code == 201
    assert dictionary.json()["language"] == "any" and dictionary.json()["name"] == "Cities"
    dict_id = dictionary.json()["id"]
    assert api.get(f"{fake.url}/dictionaries/{dict_id}/file", timeout=5).text == "Berlin\nHamburg\n"
    assert api.delete(f"{fake.url}/dictionaries/{dict_id}/", timeout=5).status_code == 200
    assert api.delete(f"{fake.url}/storage/{doc['id']}/", timeout=5).status_code == 200
    assert get(api, fake, "/storage/", folder="/")["total"] == 1
    assert [s.method for s in fake.requests].count("POST") == 3


def test_chunked_request_body_and_malformed_length(fake: FakeDeepVA, api: requests.Session) -> None:
    payload = json.dumps({"sources": ["a.mp4"], "modules": {"ocr": {}}}).encode()
    created = api.post(f"{fake.url}/jobs/", data=iter([payload[:10], payload[10:]]),
                       headers={"Content-Type": "application/json"}, timeout=5)
    assert created.status_code == 201 and created.json()["sources"] == ["a.mp4"]
    conn = HTTPConnection(fake.origin.removeprefix("http://"), timeout=5)
    conn.putrequest("POST", "/api/v1/jobs/")
    conn.putheader("Content-Length", "lots")
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 400 and json.loads(response.read())["detail"]
    conn.close()


def test_cut_download_then_whole_download(fake: FakeDeepVA, api: requests.Session) -> None:
    stored = api.post(f"{fake.url}/storage/", data={"folder": "/clips/"},
                      files={"file": ("c.mp4", b"0123456789" * 100, "video/mp4")}, timeout=5)
    file_url = f"{fake.url}/storage/{stored.json()['id']}/file/"
    fake.fail("cut", path=f"/storage/{stored.json()['id']}/file/")
    with pytest.raises((requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ConnectionError)):
        api.get(file_url, timeout=5)
    whole = api.get(file_url, timeout=5)
    assert whole.content == b"0123456789" * 100 and whole.headers["Content-Type"] == "video/mp4"
    assert get(api, fake, "/storage/", folder="/clips/")["data"][0]["name"] == "c.mp4"
