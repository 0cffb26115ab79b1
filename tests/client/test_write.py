"""Tests of the Client's writes (deepva_frames.client.writes) against FakeDeepVA over loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from client_helpers import CSV, KEY, PNG, account_resources, client_for, make_account

from deepva_frames.client import Client
from deepva_frames.errors import ApiError, NotFound, TransportError
from deepva_frames.testing import FakeDeepVA

RES = account_resources()


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeDeepVA]:
    with FakeDeepVA(make_account(tmp_path / "account"), key=KEY) as server:
        yield server


@pytest.fixture
def client(fake: FakeDeepVA) -> Client:
    return client_for(fake)


def _posted(fake: FakeDeepVA) -> dict:
    (post,) = [s for s in fake.requests if s.method == "POST"]
    return json.loads(post.body)


def test_create_job_posts_sources_and_modules(client: Client, fake: FakeDeepVA) -> None:
    job = client.create_job("https://example.org/a.mp4", ["face_recognition"], tag="news")
    assert job["state"] == "waiting" and job["sources"] == ["https://example.org/a.mp4"]
    assert _posted(fake) == {"sources": ["https://example.org/a.mp4"],
                             "modules": {"face_recognition": {}}, "tag": "news"}
    assert client.job(job["id"])["id"] == job["id"]
    assert job["id"] in client.jobs()["job_id"].tolist()


def test_create_job_with_module_configs(client: Client, fake: FakeDeepVA) -> None:
    modules = {"object_scene_recognition": {"model": "general"}}
    client.create_job(["s1", "s2"], modules)
    assert _posted(fake) == {"sources": ["s1", "s2"], "modules": modules}


@pytest.mark.parametrize("sources, modules", [([], ["m"]), (["s"], []), (["s"], {})])
def test_create_job_validates_before_sending(client: Client, fake: FakeDeepVA, sources: list,
                                             modules: object) -> None:
    with pytest.raises(ValueError):
        client.create_job(sources, modules)
    assert fake.requests == []


def test_delete_job(client: Client) -> None:
    job = client.create_job("https://example.org/a.mp4", ["face_recognition"])
    assert client.delete_job(job["id"]) == {"message": "Job has been deleted"}
    with pytest.raises(NotFound):
        client.job(job["id"])


def test_create_batch_and_report(client: Client, fake: FakeDeepVA) -> None:
    batch = client.create_batch("top-level", description="d", parent="batch-0")
    assert _posted(fake) == {"name": "top-level", "description": "d", "parent": "batch-0"}
    assert client.batch(batch["id"])["name"] == "top-level"
    report = client.create_report(batch["id"])
    assert report["state"] == "waiting"
    assert client.wait_for_report(report["id"], poll=0.001)["state"] == "completed"
    with pytest.raises(NotFound):
        client.create_report("no-such-batch")


def test_batch_from_files_refuses_both_parents_before_any_request(client: Client,
                                                                  fake: FakeDeepVA,
                                                                  tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_bytes(CSV)
    with pytest.raises(ValueError, match="not both"):
        client.batch_from_files([csv], parent_id="batch-0", parent_name="new")
    with pytest.raises(FileNotFoundError):
        client.batch_from_files([csv, tmp_path / "missing.csv"])
    assert fake.requests == []


def test_batch_from_files_uploads_every_file(client: Client, fake: FakeDeepVA,
                                             tmp_path: Path) -> None:
    files = []
    for name in ("first.csv", "second.csv"):
        (tmp_path / name).write_bytes(CSV + name.encode())
        files.append(tmp_path / name)
    results = client.batch_from_files(files, parent_name="campaign")
    assert [(r["file"], r["success"]) for r in results] == [("first.csv", True),
                                                           ("second.csv", True)]
    (upload,) = fake.uploads
    assert upload["fields"] == {"parent_name": "campaign"}
    assert [(p[0], p[1], p[2]) for p in upload["file_parts"]] == [
        ("files", "first.csv", CSV + b"first.csv"), ("files", "second.csv", CSV + b"second.csv")]


def test_upload_to_storage_and_download_it_back(client: Client, fake: FakeDeepVA,
                                                tmp_path: Path) -> None:
    image = tmp_path / "face.png"
    image.write_bytes(PNG)
    obj = client.upload(image, folder="/faces/")
    assert obj["name"] == "face.png" and obj["file_size"] == len(PNG)
    assert fake.uploads[0]["fields"] == {"folder": "/faces/"}
    assert fake.uploads[0]["file_parts"][0][3] == "image/png"
    assert client.download_storage(obj["id"], tmp_path / "back.png").read_bytes() == PNG
    assert client.storage("/faces/")["storage_id"].tolist() == [str(obj["id"])]


def test_upload_dictionary(client: Client, fake: FakeDeepVA, tmp_path: Path) -> None:
    words = tmp_path / "cities.txt"
    words.write_text("Berlin\nHamburg\n")
    doc = client.upload_dictionary(words, "Cities", language="german")
    assert doc["name"] == "Cities" and doc["language"] == "german"
    assert fake.uploads[0]["fields"] == {"name": "Cities", "language": "german"}
    assert fake.uploads[0]["file_parts"][0][1:] == ("cities.txt", b"Berlin\nHamburg\n",
                                                    "text/plain")
    with pytest.raises(ValueError):
        client.upload_dictionary(words, "")


def test_create_export(client: Client, fake: FakeDeepVA) -> None:
    export = client.create_export("basic_dataset_export", {"dataset_id": "ds-1"})
    assert _posted(fake) == {"strategy": "basic_dataset_export",
                             "config": {"dataset_id": "ds-1"}}
    assert client.wait_for_export(export["id"], poll=0.001)["state"] == "completed"


def test_kg_import_and_its_status(client: Client, fake: FakeDeepVA) -> None:
    payload = {"apply_ner": True, "broadcasts": [{"id": "123", "title": "Broadcast #101"}]}
    status = client.kg_import("broadcast", payload)
    assert _posted(fake) == payload
    assert [s.path for s in fake.requests] == ["/knowledge-graph/import/broadcast/"]
    done = client.wait_for_import("broadcast", status["id"], poll=0.001)
    assert done["state"] == "completed"
    assert client.import_status("broadcast", status["id"])["id"] == status["id"]


def test_create_training(client: Client, fake: FakeDeepVA) -> None:
    training = client.create_training("ds-1", "My Model", output_model_changelog="initial")
    assert _posted(fake) == {"source_dataset_id": "ds-1", "output_model_name": "My Model",
                             "output_model_changelog": "initial", "config": {}}
    assert client.wait_for_training(training["id"], poll=0.001)["state"] == "completed"


def test_a_post_is_sent_once_even_when_the_server_fails(client: Client,
                                                        fake: FakeDeepVA) -> None:
    fake.fail("status", status=500, method="POST")
    with pytest.raises(ApiError):
        client.create_batch("once")
    fake.fail("reset", method="POST")
    with pytest.raises(TransportError):
        client.create_batch("once")
    assert [s.method for s in fake.requests] == ["POST", "POST"]
    names = client.batches()["name"].tolist()
    assert len(names) == len(RES["batches/"]) and names.count("once") == 0


def test_delete_is_retried(client: Client, fake: FakeDeepVA) -> None:
    fake.fail("status", status=503, method="DELETE")
    assert client.delete_batch("batch-0") == {"message": "Batch or batches has been deleted"}
    assert [s.method for s in fake.requests] == ["DELETE", "DELETE"]
