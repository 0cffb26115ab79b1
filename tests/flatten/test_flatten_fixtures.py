"""Every example response of the API reference flattens with its table.

The mapping below covers every entry of tests/fixtures/index.json: GET responses and
POST responses that are objects of a known table go through their flatten function;
message-only responses (kind "message", DELETE answers) are checked to hold nothing
but their message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from deepva_frames import flatten, schemas

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INDEX = json.loads((FIXTURES / "index.json").read_text(encoding="utf-8"))


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def records(value: Any) -> list[Any]:
    if isinstance(value, dict) and "data" in value:
        return value["data"]
    return value if isinstance(value, list) else [value]


def batches_of_files(payload: list[dict[str, Any]]) -> pd.DataFrame:
    # POST /batches/files/ answers a list of file results, each wrapping the created Batch.
    return flatten.batches([item["batch"] for item in payload])


JOB = "21b61bd9-3d82-41a7-8cab-f154eaf6783c"
# file -> (table, function taking the parsed payload)
TABLE_OF: dict[str, tuple[str, Callable[[Any], pd.DataFrame]]] = {
    "get_jobs.json": ("jobs", flatten.jobs),
    "get_jobs_id.json": ("jobs", flatten.jobs),
    "post_jobs.json": ("jobs", flatten.jobs),
    "get_jobs_id_artifacts.json": ("artifacts", lambda p: flatten.artifacts(p, job_id=JOB)),
    "get_jobs_id_summarized_results.json":
        ("summarized_results", lambda p: flatten.summarized_results(p, job_id=JOB)),
    "get_jobs_id_detailed_results.json":
        ("segments", lambda p: flatten.detailed_results(p, job_id=JOB).segments),
    "get_datasets.json": ("datasets", flatten.datasets),
    "get_datasets_id.json": ("datasets", flatten.datasets),
    "post_datasets.json": ("datasets", flatten.datasets),
    "get_datasets_id_classes.json": ("classes", lambda p: flatten.classes(p, dataset_id="d")),
    "get_datasets_id_classes_id.json": ("classes", flatten.classes),
    "post_datasets_id_classes.json": ("classes", flatten.classes),
    "get_datasets_id_classes_id_clusters.json": ("clusters", flatten.clusters),
    "get_datasets_id_classes_id_clusters_name.json": ("clusters", flatten.clusters),
    "get_datasets_id_classes_id_clusters_name_images.json":
        ("images", lambda p: flatten.images(p, cluster_name="cluster_main")),
    "get_datasets_id_classes_id_images.json": ("images", flatten.images),
    "get_datasets_id_classes_id_images_id.json": ("images", flatten.images),
    "post_datasets_id_classes_id_images.json": ("images", flatten.images),
    "post_trainings.json": ("trainings", flatten.trainings),
    "get_storage.json": ("storage", lambda p: flatten.storage(p, folder="/")),
    "get_storage_id.json": ("storage", flatten.storage),
    "post_storage.json": ("storage", flatten.storage),
    "get_dictionaries.json": ("dictionaries", flatten.dictionaries),
    "get_dictionaries_id.json": ("dictionaries", flatten.dictionaries),
    "post_dictionaries.json": ("dictionaries", flatten.dictionaries),
    "get_kg_nodes.json": ("kg_nodes", flatten.kg_nodes),
    "get_kg_nodes_id.json": ("kg_nodes", flatten.kg_nodes),
    "get_kg_nodes_id_attributes.json":
        ("kg_attributes", lambda p: flatten.kg_attributes(p, node_id=24478)),
    "get_kg_nodes_id_similar.json": ("kg_nodes", lambda p: flatten.kg_nodes(p, of_node_id=24478)),
    "get_kg_nodes_id_related.json": ("kg_nodes", lambda p: flatten.kg_nodes(p, of_node_id=24478)),
    "get_kg_nodes_id_attributes_compare_id.json":
        ("kg_compare", lambda p: flatten.kg_compare(p, node_id=24478, other_node_id=36209)),
    "get_kg_attribute_descriptions.json":
        ("kg_attribute_descriptions", flatten.kg_attribute_descriptions),
    "get_kg_search_suggestions.json":
        ("kg_search_suggestions",
         lambda p: flatten.kg_search_suggestions(p, query="frei", attribute="place_of_birth")),
    "post_kg_import.json":
        ("kg_imports", lambda p: flatten.kg_imports(p, import_format="broadcast")),
    "get_kg_import_id.json": ("kg_imports", flatten.kg_imports),
    "get_batches.json": ("batches", flatten.batches),
    "get_batches_id.json": ("batches", flatten.batches),
    "get_batches_id_sub_batches.json": ("batches", flatten.batches),
    "get_batches_id_jobs.json": ("jobs", lambda p: flatten.jobs(p, batch_id="b")),
    "post_batches.json": ("batches", flatten.batches),
    "post_batches_files.json": ("batches", batches_of_files),
    "post_batches_id_report.json": ("reports", lambda p: flatten.reports(p, batch_id="b")),
    "get_reports.json": ("reports", flatten.reports),
    "get_reports_id.json": ("reports", flatten.reports),
    "get_reports_id_items.json":
        ("report_items", lambda p: flatten.report_items(p, report_id="8d3e24ce")),
    "get_exports.json": ("exports", flatten.exports),
    "get_exports_id.json": ("exports", flatten.exports),
    "post_exports.json": ("exports", flatten.exports),
    "get_exports_id_artifacts.json": ("artifacts", lambda p: flatten.artifacts(p, export_id="e")),
}
ONE_ROW_PER_RECORD = {"jobs", "artifacts", "segments", "datasets", "classes", "clusters",
                      "images", "trainings", "storage", "dictionaries", "kg_nodes",
                      "kg_attribute_descriptions", "kg_search_suggestions", "kg_imports",
                      "batches", "reports", "exports", "kg_attributes", "kg_compare"}


def test_mapping_covers_the_index():
    messages = {e["file"] for e in INDEX if e["kind"] == "message"}
    assert set(TABLE_OF) | messages == {e["file"] for e in INDEX}
    assert not set(TABLE_OF) & messages


MESSAGES = [e for e in INDEX if e["kind"] == "message"]
TABLED = [e for e in INDEX if e["kind"] != "message"]


@pytest.mark.parametrize("entry", MESSAGES, ids=[e["file"] for e in MESSAGES])
def test_message_only_responses_have_no_table(entry):
    # DELETE answers like {"message": "Job has been deleted"}: nothing to flatten
    payload = load(entry["file"])
    assert list(payload) == ["message"] and entry["method"] == "DELETE"


@pytest.mark.parametrize("entry", TABLED, ids=[e["file"] for e in TABLED])
def test_fixture_flattens(entry):
    payload = load(entry["file"])
    table, function = TABLE_OF[entry["file"]]
    df = function(payload)
    assert list(df.columns) == schemas.schema(table).names
    for field in schemas.schema(table):
        assert df[field.name].dtype == schemas.pandas_dtype(field.type), field.name
    if table in ONE_ROW_PER_RECORD:
        assert len(df) == len(records(payload))
    assert len(df) > 0
    if function is not batches_of_files:  # the same payload as raw bytes: the same table
        pd.testing.assert_frame_equal(function(json.dumps(payload).encode()), df)


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))


def test_jobs_values():
    page = load("get_jobs.json")
    df = flatten.jobs(page)
    row = df.iloc[0]
    assert row["job_id"] == "6b5195d6-cc05-4a99-a293-8d73be0aa37f"
    assert row["time_created"] == utc("2019-08-12 08:14:28.430144")
    assert str(df["time_created"].dtype) == "datetime64[us, UTC]"
    assert row["media_type"] == "image"  # from the summary: the job has none
    assert list(row["modules"]) == ["object_scene_recognition"]
    assert list(row["sources"]) == ["https://demo.deepva.com/demo1.jpg"]
    assert json.loads(row["extra"]) == {
        "modules": {"object_scene_recognition": {"model": "general"}},
        "result": {"detailed_link": page["data"][0]["result"]["detailed_link"]}}
    labels = flatten.summary_items(page)["label"].tolist()
    assert labels == ["Indoor", "Chair", "Furniture", "Cushion"]
    created = flatten.jobs(load("post_jobs.json")).iloc[0]
    assert pd.isna(created["time_started"]) and list(created["errors"]) == []


def test_batch_jobs_media():
    page = load("get_batches_id_jobs.json")
    media = flatten.media(page)
    assert media["fps"].tolist() == [50.0, 60.0]
    assert media["width"].tolist() == [1280, 1280] and media["height"].tolist() == [720, 720]
    assert media["total_frames"].tolist() == [422, 805]
    assert media["duration_s"].tolist() == [8.44, 13.416666666666666]
    jobs = flatten.jobs(page, batch_id="b")
    assert jobs["is_synced_to_kg"].tolist() == [False, False]
    assert jobs["batch_id"].tolist() == ["b", "b"]


def test_detailed_results_values():
    page = load("get_jobs_id_detailed_results.json")
    segments, detections = flatten.detailed_results(page, job_id=JOB)
    n_detections = sum(len(record["detections"]) for record in page["data"])
    assert len(segments) == len(page["data"]) == 4
    assert len(detections) == n_detections
    assert segments["n_detections"].sum() == n_detections
    unknown = segments.iloc[3]
    assert unknown["person"] == "unknown"
    assert unknown["closest_person"] == "Charlie Manuel"
    assert unknown["mean_distance"] == 1.05 and unknown["tc_start"] == "00:12:00:00"
    first = segments.iloc[0]
    assert first["person"] == "Alexander Schwolow" and first["frame_start"] == 12
    assert first["time_end"] == 2.24 and first["segment_id"] == f"{JOB}:0"
    assert detections.iloc[0][["frame_index", "x", "y", "w", "h"]].tolist() == \
        [12, 0.636, 0.165, 0.089, 0.226]
    assert set(detections["segment_id"]) == set(segments["segment_id"])
    assert segments["meta_json"].isna().all() and detections["extra"].isna().all()
    # the raw page bytes take the columnar path and give the same tables
    fast = flatten.detailed_results([json.dumps(page).encode()], job_id=JOB)
    pd.testing.assert_frame_equal(fast.segments, segments)
    pd.testing.assert_frame_equal(fast.detections, detections)


def test_summarized_results_values():
    page = load("get_jobs_id_summarized_results.json")
    df = flatten.summarized_results(page, job_id=JOB)
    assert len(df) == sum(len(record["meta"]) for record in page["data"])
    row = df[(df["type"] == "person_screen_time") & (df["key"] == "female_1")].iloc[0]
    assert row["value"] == 26.0 and row["result_id"] == "d3a9087d-61f9-4152-a26d-18c866b6b5bd"
    assert df["value_json"].isna().all()


def test_report_items_values():
    page = load("get_reports_id_items.json")
    df = flatten.report_items(page, report_id="r")
    n_rows = sum(len(keys) for item in page["data"]
                 for keys in item["content"]["report_info"].values())
    assert len(df) == n_rows
    top = df[df["batch_id"] == "c47859ee-a39d-45ed-ad54-8e6ba060be80"]
    female = top[(top["metric"] == "gender_screen_time") & (top["key"] == "female")]
    assert female["value"].tolist() == [19.14]
    wide = flatten.report_items_wide(df)
    assert len(wide) == 3
    assert wide.set_index("batch_id").loc["c47859ee-a39d-45ed-ad54-8e6ba060be80",
                                          "gender_screen_time/female"] == 19.14
    assert wide.loc[0, "name_to_speech_time/female_1"] == 8.64


def test_batches_values():
    df = flatten.batches(load("get_batches.json")).set_index("batch_id")
    top = df.loc["c47859ee-a39d-45ed-ad54-8e6ba060be80"]
    assert top["depth"] == 0 and top["path"] == "top-level" and pd.isna(top["parent_id"])
    child = df.loc["46c1d2ff-8e1c-4843-9b6d-71290dd75ec7"]
    assert child["depth"] == 1 and child["path"] == "top-level/batch_report_split_file1"
    subs = flatten.batches(load("get_batches_id_sub_batches.json"))
    assert subs["depth"].isna().all()
    resolved = flatten.batches(load("get_batches_id_sub_batches.json"),
                               ancestors=flatten.batches(load("get_batches.json")))
    assert resolved["path"].tolist() == ["top-level/batch_report_split_file1",
                                         "top-level/batch_report_split_file2"]


def test_kg_values():
    nodes = flatten.kg_nodes(load("get_kg_nodes.json"))
    assert nodes.loc[0, "node_id"] == "18378" and nodes.loc[0, "relevance_value"] == 76.732
    assert nodes["relevance_type"].tolist() == ["pagerank"] * 5
    similar = flatten.kg_nodes(load("get_kg_nodes_id_similar.json"), of_node_id=24478)
    assert similar["of_node_id"].tolist() == ["24478", "24478"]
    attributes = flatten.kg_attributes(load("get_kg_nodes_id_attributes.json"), node_id=24478)
    assert attributes.loc[0, "value"] == "19.06.1978." and len(attributes) == 4
    wide = flatten.kg_attributes_wide(attributes)
    assert wide.loc[0, "name"] == "Dirk Nowitzki" and len(wide) == 1
    compare = flatten.kg_compare(load("get_kg_nodes_id_attributes_compare_id.json"))
    assert compare["common"].tolist() == [False, True] and compare.loc[0, "value"] == "Würzburg"
    descriptions = flatten.kg_attribute_descriptions(load("get_kg_attribute_descriptions.json"))
    assert descriptions["static"].tolist() == [True, True, True, False, False]
    suggestions = flatten.kg_search_suggestions(load("get_kg_search_suggestions.json"))
    assert suggestions["suggestion"].iloc[0] == "Freiburg im Breisgau"
    assert suggestions["rank"].tolist() == [0, 1, 2, 3, 4]


def test_dataset_family_values():
    images = flatten.images(load("get_datasets_id_classes_id_clusters_name_images.json"))
    assert images["yaw"].tolist() == [35.97, 25.30] and images["roll"].tolist() == [-15, 30]
    assert images["emotion"].tolist() == ["Calm", "Calm"]
    assert images["face_clustering"].tolist() == ["cluster_main"] * 2
    assert images["extra"].isna().all()
    classes = flatten.classes(load("get_datasets_id_classes.json"))
    assert classes.loc[0, "preview_image_uri"] == "storage://jRsMJzpOkC3Yk59hKEIA"
    assert json.loads(classes.loc[0, "extra"])["preview_image"]["issue"] == -1
    training = flatten.trainings(load("post_trainings.json")).iloc[0]
    assert training["source_dataset_id"] == "b97e20c8-3e68-4831-8eaf-e7a592d3a802"
    assert json.loads(training["extra"])["source_dataset"]["version"] == 1.0
    datasets = flatten.datasets(load("get_datasets.json"))
    assert datasets["number_of_images"].tolist() == [144, 26, 13]


def test_files_family_values():
    storage = flatten.storage(load("get_storage.json"), folder="/")
    assert storage["storage_id"].tolist() == ["123579", "123580", "123575"]
    assert pd.isna(storage.loc[2, "file_size"]) and storage.loc[2, "storage_type"] == "FOLDER"
    assert storage.loc[0, "uploaded_at"] == utc("2023-03-10T18:14:56.623460")
    exports = flatten.exports(load("get_exports.json"))
    assert exports["dataset_id"].tolist() == ["ae5b8152-e60f-4918-a59e-20e6d875914c"] * 2
    assert exports["extra"].isna().all()
    artifacts = flatten.artifacts(load("get_jobs_id_artifacts.json"), job_id=JOB)
    assert artifacts.loc[0, "time_expiration"] == utc("2023-03-23T16:12:35.853319")
