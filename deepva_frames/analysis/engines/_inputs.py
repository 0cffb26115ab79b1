"""Which engine a table belongs to, and export folders opened in DuckDB (internal).

>>> import pandas as pd
>>> engine_of(pd.DataFrame()), engine_of("bi/")
('pandas', 'duckdb')
>>> engine_of([1, 2])
Traceback (most recent call last):
...
deepva_frames.analysis.engines._inputs.UnsupportedInput: segments must be a pandas \
DataFrame, an export folder, a DuckDB relation, a Spark DataFrame, an Arrow table or a \
polars frame, not list
"""

from __future__ import annotations

import functools
import os
import tempfile
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ...errors import DeepVAError

if TYPE_CHECKING:
    import duckdb

__all__ = ["Engine", "EngineMissing", "ExportFolderError", "UnsupportedInput", "engine_of",
           "export_root", "import_engine", "open_duckdb", "read_export"]

Engine = Literal["pandas", "duckdb", "spark"]
EXTRAS = {"duckdb": "scale", "pyspark": "spark"}
ARROW_TYPES = ("Table", "RecordBatch", "RecordBatchReader", "Dataset", "FileSystemDataset")


class UnsupportedInput(DeepVAError, TypeError):
    """A table of a kind the analysis functions cannot read."""


class EngineMissing(DeepVAError, ImportError):
    """The engine a table needs (DuckDB, PySpark) is not installed."""


class ExportFolderError(DeepVAError, FileNotFoundError):
    """A path that holds no export table to analyse."""


def _kind(data: Any) -> tuple[str, str]:
    kind = type(data)
    return kind.__module__.split(".")[0].lstrip("_"), kind.__name__


def engine_of(data: Any, what: str = "segments") -> Engine:
    """The engine that computes on ``data``: pandas, DuckDB (folders, relations, Arrow
    tables, polars frames: scanned in place) or Spark."""
    if isinstance(data, pd.DataFrame):
        return "pandas"
    if isinstance(data, str | os.PathLike):
        return "duckdb"
    package, name = _kind(data)
    if package == "pyspark" and name == "DataFrame":
        return "spark"
    if (package == "duckdb" and name == "DuckDBPyRelation") or (
            package == "pyarrow" and name in ARROW_TYPES) or (
            package == "polars" and name in ("DataFrame", "LazyFrame")):
        return "duckdb"
    raise UnsupportedInput(
        f"{what} must be a pandas DataFrame, an export folder, a DuckDB relation, a Spark "
        f"DataFrame, an Arrow table or a polars frame, not {name}")


def import_engine(module: str) -> Any:
    """``import module`` (duckdb, pyspark.sql), or EngineMissing naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        raise EngineMissing(f"this table needs {top}: pip install "
                            f"'deepva-frames[{EXTRAS[top]}]'") from exc


def export_root(path: str | os.PathLike[str]) -> Path | None:
    """The export folder ``path`` is or is a table of (it has a ``segments`` folder)."""
    folder = Path(path)
    for candidate in (folder, folder.parent):
        if (candidate / "segments").is_dir():
            return candidate
    return None


def _table_glob(path: str | os.PathLike[str], table: str) -> str:
    folder = Path(path)
    if folder.is_file():
        return str(folder)
    if (folder / table).is_dir():
        folder = folder / table
    if not folder.is_dir():
        raise ExportFolderError(f"no export table at {os.fspath(path)!r} (expected an "
                                f"export folder with {table}/, a table folder or a file)")
    if not any(folder.rglob("*.parquet")):
        raise ExportFolderError(f"no Parquet file under {str(folder)!r}")
    return str(folder / "**" / "*.parquet")


@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    duckdb = import_engine("duckdb")
    spill = Path(tempfile.gettempdir()) / f"deepva-frames-duckdb-{uuid.uuid4().hex}"
    return duckdb.connect(config={"temp_directory": str(spill),
                                  "preserve_insertion_order": False})


def open_duckdb() -> duckdb.DuckDBPyConnection:
    """A connection (a cursor of its own) to the process's in-memory DuckDB, opened on
    first use; it spills (if it must) into a temporary folder, never into ``./.tmp``."""
    return _database().cursor()


def read_export(path: str | os.PathLike[str], table: str = "segments", *,
                connection: duckdb.DuckDBPyConnection | None = None, progress: bool = False
                ) -> duckdb.DuckDBPyRelation:
    """Table ``table`` of an export folder as a DuckDB relation (lazy, out of core).

    ``path``: the export folder, a table folder or one Parquet file. Hive partitions
    give ``job_id`` back, always as text (``hive_types``), even when ids look numeric.
    ``progress``: DuckDB's own progress bar on queries that take more than 2 s.
    """
    pattern = _table_glob(path, table)
    con = connection if connection is not None else open_duckdb()
    con.execute(f"SET enable_progress_bar = {str(bool(progress)).lower()}")
    options = (", hive_partitioning = true, hive_types = {'job_id': VARCHAR}"
               if "**" in pattern else "")
    literal = "'" + pattern.replace("'", "''") + "'"
    return con.sql(f"SELECT * FROM read_parquet({literal}{options})")
