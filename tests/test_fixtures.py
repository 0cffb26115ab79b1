"""Checks for the API example-response fixtures in tests/fixtures/.

The fixtures are the "Example response" bodies of the DeepVA API reference (a copy of
which is kept beside them as fixtures/deepva-api-reference.txt), made valid JSON with the
smallest possible edits.
tests/fixtures/index.json lists every fixture and the edits applied to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
INDEX_FILE = FIXTURES / "index.json"
REFERENCE = FIXTURES / "deepva-api-reference.txt"

# Number of example responses in the reference (53 "Example response:" lines plus one
# "Example response for the result of the Advanced Diversity Analysis module:").
EXPECTED_EXAMPLES = 54

PAGE_KEYS = {"total", "offset", "limit", "next", "prev", "data"}
KINDS = {"page", "object", "list", "message"}
HEADING = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/\S*)$", re.MULTILINE)
EXAMPLE = re.compile(r"^Example response\b[^\n]*:$", re.MULTILINE)


def _index() -> list[dict[str, Any]]:
    with INDEX_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


def _load(name: str) -> Any:
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _reference_text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


INDEX = _index()


def test_index_entries_are_well_formed() -> None:
    files = [entry["file"] for entry in INDEX]
    assert len(files) == len(set(files)), "duplicate file names in index.json"
    for entry in INDEX:
        assert set(entry) == {"file", "method", "path", "kind", "changes"}, entry
        assert entry["file"].endswith(".json")
        assert entry["method"] in {"GET", "POST", "PUT", "PATCH", "DELETE"}
        assert entry["path"].startswith("/")
        assert entry["kind"] in KINDS
        assert isinstance(entry["changes"], list)
        assert all(isinstance(change, str) and change for change in entry["changes"])


@pytest.mark.parametrize("entry", INDEX, ids=[entry["file"] for entry in INDEX])
def test_listed_fixture_exists_and_parses(entry: dict[str, Any]) -> None:
    path = FIXTURES / entry["file"]
    assert path.is_file(), f"{entry['file']} is listed in index.json but missing"
    value = _load(entry["file"])
    kind = entry["kind"]
    if kind == "list":
        assert isinstance(value, list)
    else:
        assert isinstance(value, dict)
    if kind == "message":
        assert set(value) == {"message"}
        assert isinstance(value["message"], str)
    if kind == "object":
        assert not set(value) >= PAGE_KEYS


def test_every_fixture_file_is_indexed() -> None:
    on_disk = {p.name for p in FIXTURES.glob("*.json")} - {INDEX_FILE.name}
    indexed = {entry["file"] for entry in INDEX}
    assert on_disk - indexed == set(), "fixture files missing from index.json"
    assert indexed - on_disk == set(), "index.json lists files that do not exist"


@pytest.mark.parametrize(
    "entry",
    [entry for entry in INDEX if entry["kind"] == "page"],
    ids=[entry["file"] for entry in INDEX if entry["kind"] == "page"],
)
def test_page_fixture_shape(entry: dict[str, Any]) -> None:
    value = _load(entry["file"])
    assert {"total", "offset", "limit", "data"} <= set(value)
    assert isinstance(value["data"], list)
    for key in ("total", "offset", "limit"):
        assert isinstance(value[key], int)
    for key in ("next", "prev"):
        assert value.get(key) is None or isinstance(value[key], str)


def test_index_count_matches_expected() -> None:
    assert len(INDEX) == EXPECTED_EXAMPLES


def test_reference_example_count_matches_index() -> None:
    text = _reference_text()
    assert len(EXAMPLE.findall(text)) == len(INDEX) == EXPECTED_EXAMPLES


def test_reference_headings_match_index_order() -> None:
    """Each fixture belongs to the heading that precedes its "Example response" line."""
    text = _reference_text()
    headings: list[tuple[str, str]] = []
    current: tuple[str, str] | None = None
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            current = (match.group(1), match.group(2))
        elif EXAMPLE.match(line):
            assert current is not None
            headings.append(current)
    assert headings == [(entry["method"], entry["path"]) for entry in INDEX]


@pytest.mark.parametrize(
    "entry",
    [entry for entry in INDEX if not entry["changes"]],
    ids=[entry["file"] for entry in INDEX if not entry["changes"]],
)
def test_unchanged_fixture_is_verbatim_in_reference(entry: dict[str, Any]) -> None:
    text = _reference_text()
    body = (FIXTURES / entry["file"]).read_text(encoding="utf-8")
    assert body in text


# --- spot checks of values taken from the reference text ---------------------------


def test_jobs_list_brace_fix_keeps_nesting() -> None:
    page = _load("get_jobs.json")
    assert page["total"] == 1
    assert len(page["data"]) == 1
    job = page["data"][0]
    assert job["id"] == "6b5195d6-cc05-4a99-a293-8d73be0aa37f"
    assert set(job["result"]) == {"detailed_link", "summary"}
    labels = [item["label"] for item in job["result"]["summary"][0]["items"]]
    assert labels == ["Indoor", "Chair", "Furniture", "Cushion"]
    # next/prev are kept verbatim, even though they point at the datasets endpoint.
    assert page["next"] == "http://api.deepva.com/api/v1/datasets/?limit=5&offset=10"
    assert page["prev"] == "http://api.deepva.com/api/v1/datasets/?limit=5&offset=0"


def test_single_job_brace_fix_keeps_nesting() -> None:
    job = _load("get_jobs_id.json")
    assert job["modules"] == {"object_scene_recognition": {"model": "general"}}
    assert set(job["result"]) == {"detailed_link", "summary"}
    assert job["result"]["summary"][0]["source"] == "https://demo.deepva.com/demo1.jpg"


def test_detailed_results_unknown_segment() -> None:
    page = _load("get_jobs_id_detailed_results.json")
    assert page["total"] == 4
    assert len(page["data"]) == 4
    assert len(page["data"][0]["detections"]) == 4
    unknown = page["data"][3]
    assert unknown["meta"]["person"] == "unknown"
    assert unknown["meta"]["closest_person"] == "Charlie Manuel"
    assert unknown["meta"]["mean_distance"] == 1.05
    assert unknown["tc_start"] == "00:12:00:00"


def test_batch_report_top_level_item() -> None:
    page = _load("get_reports_id_items.json")
    items = {item["content"]["batch_id"]: item["content"]["report_info"] for item in page["data"]}
    top_level = items["c47859ee-a39d-45ed-ad54-8e6ba060be80"]
    assert top_level["gender_screen_time"] == {"female": 19.14, "male": 33.0}
    assert top_level["name_to_speech_time"]["male_1"] == 0


def test_kg_attributes_fixes() -> None:
    page = _load("get_kg_nodes_id_attributes.json")
    assert page["total"] == 54
    assert page["limit"] == 256
    assert page["data"][0] == {"name": "date_of_birth", "value": "19.06.1978."}
    assert [attr["name"] for attr in page["data"]] == [
        "date_of_birth",
        "custom_id",
        "name",
        "description",
    ]


def test_kg_compare_and_descriptions_fixes() -> None:
    compare = _load("get_kg_nodes_id_attributes_compare_id.json")
    assert [attr["common"] for attr in compare["data"]] == [False, True]
    assert compare["data"][0]["value"] == "Würzburg"
    descriptions = _load("get_kg_attribute_descriptions.json")
    assert descriptions["data"][0] == {
        "name": "name",
        "description": None,
        "static": True,
        "type": "str",
    }
    assert len(descriptions["data"]) == 5


def test_misc_values() -> None:
    images = _load("get_datasets_id_classes_id_clusters_name_images.json")
    assert images["data"][1]["evaluation_result"]["face_attributes"]["yaw"] == 25.30
    suggestions = _load("get_kg_search_suggestions.json")
    assert suggestions[0] == "Freiburg im Breisgau"
    assert len(suggestions) == 5
    batch_jobs = _load("get_batches_id_jobs.json")
    info = batch_jobs["data"][1]["result"]["summary"][0]["info"]
    assert info["duration"] == 13.416666666666666
    assert info["resolution"] == [1280, 720]
    similar = _load("get_kg_nodes_id_similar.json")
    assert similar["next"].startswith("http://testenv.deepva.com/")
