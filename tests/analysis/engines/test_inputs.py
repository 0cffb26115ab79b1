"""What the analysis functions accept besides pandas, and the errors for what they do not."""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from engine_helpers import HIVE, assert_same_figures, read_table

from deepva_frames import analysis
from deepva_frames.analysis.engines import (
    EngineMissing,
    ExportFolderError,
    UnsupportedInput,
    engine_of,
    on_duckdb,
)
from deepva_frames.errors import DeepVAError, PayloadError


def test_arrow_and_polars_are_computed_in_duckdb(sample_export):
    segments = read_table(sample_export, "segments")
    expected = analysis.screen_time(segments, by="gender", per="job")
    table = pa.Table.from_pandas(segments, preserve_index=False)
    dataset = ds.dataset(sample_export / "segments", format="parquet", partitioning=HIVE)
    for data in (table, dataset, pl.from_arrow(table), pl.from_arrow(table).lazy(),
                 on_duckdb.relation(table)):
        assert engine_of(data) == "duckdb"
        assert_same_figures(analysis.screen_time(data, by="gender", per="job"), expected)
    with_media = analysis.screen_time(segments, by="gender", per="job",
                                      media=read_table(sample_export, "media"))
    assert with_media["share_of_media"].notna().any()
    for folder in (sample_export, sample_export / "segments"):  # the export's media count
        assert_same_figures(analysis.screen_time(folder, by="gender", per="job"), with_media)


@pytest.mark.parametrize("data", [[1, 2], {"person": ["a"]}, 3.5, None])
def test_other_inputs_are_a_clear_type_error(data):
    with pytest.raises(TypeError, match="must be a pandas DataFrame, an export folder"):
        analysis.person_counts(data)
    assert issubclass(UnsupportedInput, DeepVAError)


def test_folders_without_a_table_name_the_path(tmp_path):
    with pytest.raises(ExportFolderError, match=r"no export table at .*nowhere"):
        analysis.screen_time(tmp_path / "nowhere")
    (tmp_path / "segments").mkdir()
    with pytest.raises(ExportFolderError, match="no Parquet file under"):
        analysis.screen_time(tmp_path)
    assert issubclass(ExportFolderError, FileNotFoundError)
    assert issubclass(EngineMissing, ImportError)


def test_missing_and_empty_columns_are_the_pandas_errors(sample_export):
    with pytest.raises(PayloadError, match="no column 'colour'"):
        analysis.screen_time(sample_export, by="colour")
    faces = on_duckdb.read_export(sample_export).filter("module = 'face_recognition'")
    with pytest.raises(PayloadError, match=r"'gender' has no values.*analysis\.enrich"):
        analysis.screen_time(faces, by="gender")


def test_bad_options_are_refused_before_any_query(sample_export):
    with pytest.raises(ValueError, match="unknown= must be one of"):
        analysis.screen_time(sample_export, unknown="guess")
    with pytest.raises(ValueError, match="overlaps= must be one of"):
        analysis.screen_time(sample_export, overlaps="both")
    with pytest.raises(ValueError, match="form= must be"):
        analysis.co_occurrence(sample_export, form="wide")
