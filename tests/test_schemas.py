"""The declared schemas, and every flatten function returning exactly them."""

from __future__ import annotations

import inspect

import pandas as pd
import pyarrow as pa
import pytest

from deepva_frames import flatten, schemas

DESIGN_COLUMNS = {  # the columns DESIGN.md promises other code, in order
    "jobs": ["job_id", "tag", "state", "progress", "duration_s", "time_created", "time_started",
             "time_completed", "media_type", "modules", "sources", "errors", "is_synced_to_kg"],
    "media": ["job_id", "source", "media_type", "fps", "width", "height", "total_frames",
              "duration_s"],
    "summarized_results": ["job_id", "result_id", "source", "module", "type", "key", "value"],
    "segments": ["job_id", "segment_id", "source", "module", "media_type", "frame_start",
                 "frame_end", "time_start", "time_end", "tc_start", "tc_end", "person",
                 "closest_person", "mean_distance", "mean_similarity", "n_detections",
                 "meta_json"],
    "detections": ["job_id", "segment_id", "frame_index", "type", "x", "y", "w", "h", "extra"],
    "report_items": ["report_id", "batch_id", "metric", "key", "value"],
    "batches": ["batch_id", "name", "description", "parent_id", "depth", "path", "time_created",
                "time_updated"],
    "kg_attributes": ["node_id", "name", "value"],
}

TS = pa.timestamp("us", tz="UTC")
CAT = pa.dictionary(pa.int32(), pa.string())


@pytest.mark.parametrize("name", schemas.TABLES)
def test_every_column_is_described(name):
    for field in schemas.schema(name):
        assert field.metadata and field.metadata[b"description"].strip(), (name, field.name)


@pytest.mark.parametrize("name", list(DESIGN_COLUMNS))
def test_design_columns_come_first_in_order(name):
    names = schemas.schema(name).names
    assert names[:len(DESIGN_COLUMNS[name])] == DESIGN_COLUMNS[name]


@pytest.mark.parametrize("name", schemas.TABLES)
def test_conventions(name):
    for field in schemas.schema(name):
        if field.name.endswith("_id"):
            assert field.type == pa.string(), field
        if field.name.startswith("time_") and not field.name.endswith("_s"):
            assert field.type in (TS, pa.float64()), field
        if field.name in ("state", "type", "module", "media_type", "metric"):
            assert field.type == CAT, field
        if field.name in ("extra", "meta_json", "value_json"):
            assert field.type == pa.string(), field
    assert "extra" in schemas.schema(name).names or name in ("segments",
                                                              "kg_search_suggestions")


def test_describe():
    df = schemas.describe("segments")
    assert list(df.columns) == ["column", "type", "description"]
    assert df["column"].tolist() == schemas.schema("segments").names
    assert df.set_index("column").loc["frame_start", "type"] == "int64"
    with pytest.raises(KeyError, match="no table 'nope'"):
        schemas.describe("nope")


@pytest.mark.parametrize("name", schemas.TABLES)
def test_empty_table_to_pandas_dtypes(name):
    df = schemas.to_pandas(schemas.empty_table(name))
    assert list(df.columns) == schemas.schema(name).names
    for field in schemas.schema(name):
        assert df[field.name].dtype == schemas.pandas_dtype(field.type), (name, field.name)


# -- every flatten function returns exactly the declared schema ------------------------------

DATAFRAME_FUNCTIONS = {
    "jobs": flatten.jobs, "media": flatten.media, "summary_items": flatten.summary_items,
    "summarized_results": flatten.summarized_results, "batches": flatten.batches,
    "reports": flatten.reports, "report_items": flatten.report_items,
    "kg_nodes": flatten.kg_nodes, "kg_attributes": flatten.kg_attributes,
    "kg_compare": flatten.kg_compare,
    "kg_attribute_descriptions": flatten.kg_attribute_descriptions,
    "kg_search_suggestions": flatten.kg_search_suggestions, "kg_imports": flatten.kg_imports,
    "datasets": flatten.datasets, "classes": flatten.classes, "images": flatten.images,
    "clusters": flatten.clusters, "trainings": flatten.trainings, "storage": flatten.storage,
    "dictionaries": flatten.dictionaries, "exports": flatten.exports,
    "artifacts": flatten.artifacts,
    "segments": lambda payload: flatten.detailed_results(payload).segments,
    "detections": lambda payload: flatten.detailed_results(payload).detections,
}


def assert_frame_schema(df: pd.DataFrame, name: str) -> None:
    """The DataFrame has exactly the declared columns, with the declared types' dtypes."""
    declared = schemas.schema(name)
    assert list(df.columns) == declared.names
    for field in declared:
        assert df[field.name].dtype == schemas.pandas_dtype(field.type), (name, field.name)


def test_every_table_has_a_function():
    assert set(DATAFRAME_FUNCTIONS) == set(schemas.TABLES)


@pytest.mark.parametrize("empty", [[], {"total": 0, "offset": 0, "limit": 10, "data": []}, b"",
                                   [b'{"total": 0, "offset": 0, "data": []}']],
                         ids=["list", "page", "bytes", "page-bytes"])
@pytest.mark.parametrize("name", schemas.TABLES)
def test_empty_payload_has_the_declared_schema(name, empty):
    assert flatten.to_arrow(name, empty).schema == schemas.schema(name)
    df = DATAFRAME_FUNCTIONS[name](empty)
    assert len(df) == 0
    assert_frame_schema(df, name)


def test_to_arrow_unknown_name():
    with pytest.raises(KeyError, match="no table"):
        flatten.to_arrow("nope", [])


# -- one declaration per table: everything else is derived from it --------------------------

@pytest.mark.parametrize("name", schemas.TABLES)
def test_declaration_is_the_one_source(name):
    declared = schemas.declaration(name)
    columns = set(declared.schema.names)
    assert set(declared.keys) <= columns and set(declared.context) <= columns
    assert set(declared.required) <= set(declared.keys)
    assert not set(declared.keys) & set(declared.context)
    assert schemas.schema(name) is declared.schema
    function = getattr(flatten, declared.function)
    if declared.function == name:  # one-table functions: the pair, with the context keywords
        arrow = getattr(flatten, f"{name}_arrow")
        params = list(inspect.signature(function).parameters)
        assert params[0] == "payload" and params[-1] == "errors"
        assert set(declared.context) <= set(params)
        assert list(inspect.signature(arrow).parameters) == params
        assert inspect.signature(function).parameters["errors"].default == "warn"
    for pattern in declared.routes:  # each route resolves to the declared function
        path = "/" + pattern.split("|")[0].replace("(/ID)?", "/x").replace("ID", "x") + "/"
        path = path.replace("(clusters/x/)?", "").replace("(similar|related)", "similar")
        assert flatten.table_for_path(path) == declared.function, path


def test_columnar_structs_come_from_the_declarations():
    from deepva_frames.flatten.detailed_fast import DETECTION, SEGMENT

    segments, detections = schemas.declaration("segments"), schemas.declaration("detections")
    assert {f.name for f in SEGMENT} == {p[0] for p in segments.keys.values()} | {"detections"}
    assert {f.name for f in SEGMENT.field("meta").type} == {
        p[1] for p in segments.keys.values() if p[0] == "meta"}
    assert {f.name for f in DETECTION} == {p[0] for p in detections.keys.values()}


def test_unknown_context_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="job_idd"):
        flatten.summarized_results([], job_idd="j")


def test_age_group_bins_years_like_the_summarized_results():
    assert [schemas.age_group(y) for y in (0, 9.9, 30, 39, 40, 101)] == [
        "0-10", "0-10", "30-40", "30-40", "40-50", "100-110"]
