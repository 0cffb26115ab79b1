"""Every entry of the bundled sample account flattens with the table of its path."""

from __future__ import annotations

import pytest

from deepva_frames import PageStore, StoreError, flatten, schemas
from deepva_frames.sample import sample_store_path

try:
    STORE = PageStore(sample_store_path())
    ENTRIES = [e for e in STORE.entries() if e.kind != "file"]
except StoreError:  # pragma: no cover - the sample ships with the package
    STORE, ENTRIES = None, []

ONE_ROW_PER_RECORD = {"jobs", "artifacts", "datasets", "classes", "clusters", "images",
                      "trainings", "storage", "dictionaries", "kg_nodes", "batches",
                      "kg_attribute_descriptions", "kg_search_suggestions", "reports",
                      "exports", "kg_imports"}


def test_the_sample_account_is_there():
    assert len(ENTRIES) > 100


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.path}{e.params or ''}" for e in ENTRIES])
def test_sample_entry_flattens(entry):
    name = flatten.table_for_path(entry.path)
    assert name is not None, entry.path
    result = getattr(flatten, name)(entry)
    frames = dict(zip(("segments", "detections"), result, strict=True)) \
        if name == "detailed_results" else {name: result}
    for table, df in frames.items():
        assert list(df.columns) == schemas.schema(table).names
    main = frames.get("segments", frames.get(name))
    if entry.kind == "pages" and name in ONE_ROW_PER_RECORD | {"detailed_results"}:
        assert len(main) == entry.meta["records"]
    if entry.kind == "object" and name in ONE_ROW_PER_RECORD - {"kg_search_suggestions"}:
        assert len(main) == 1
    # context columns come from the path
    if name == "detailed_results":
        assert set(main["job_id"]) <= {entry.path.split("/")[2]}
    if name == "report_items" and len(main):
        assert set(main["report_id"]) == {entry.path.split("/")[2]}
    if name == "kg_attributes" and len(main):
        assert set(main["node_id"]) == {entry.path.split("/")[3]}


def test_sample_detailed_results_take_the_columnar_path():
    from deepva_frames.flatten import detailed_fast
    from deepva_frames.flatten._payload import load

    for entry in ENTRIES:
        if flatten.table_for_path(entry.path) == "detailed_results":
            part = load(entry, "segments")[0]
            detailed_fast.read_pages(part.docs, "j", 0)  # no Fallback


def test_sample_folder_gives_the_same_tables_as_the_entry():
    entry = next(e for e in ENTRIES if e.path.endswith("/detailed-results/")
                 and e.meta["records"])
    by_entry = flatten.detailed_results(entry)
    by_folder = flatten.detailed_results(entry.data_file.parent)
    assert by_entry.segments.equals(by_folder.segments)
    assert by_entry.detections.equals(by_folder.detections)
