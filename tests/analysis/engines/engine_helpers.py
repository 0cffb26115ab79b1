"""Helpers of the engine tests: pandas readers of an export, figures compared to 1e-9."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

HIVE = ds.partitioning(pa.schema([("job_id", pa.string())]), flavor="hive")


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """An export table read by pandas (pyarrow), job_id kept as text."""
    return pd.read_parquet(folder / table, partitioning=HIVE)


def _cells(column: pd.Series) -> list[object]:
    return [None if pd.isna(v) else str(v) for v in column.astype(object)]


def _uncategorised(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: object for c in frame.columns
                         if isinstance(frame[c].dtype, pd.CategoricalDtype)})


def assert_same_figures(got: pd.DataFrame, expected: pd.DataFrame, *,
                        sort: list[str] | None = None) -> None:
    """Same columns, same rows (in order, or after sorting by ``sort``), floats to 1e-9."""
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    if sort:
        got, expected = _uncategorised(got), _uncategorised(expected)
        got = got.sort_values(sort, kind="stable", ignore_index=True)
        expected = expected.sort_values(sort, kind="stable", ignore_index=True)
    for name in expected.columns:
        if pd.api.types.is_float_dtype(expected[name]):
            np.testing.assert_allclose(got[name].to_numpy(float),
                                       expected[name].to_numpy(float), rtol=0, atol=1e-9,
                                       equal_nan=True, err_msg=name)
        else:
            assert _cells(got[name]) == _cells(expected[name]), name
