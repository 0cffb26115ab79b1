"""Tidy tables to Parquet files with their declared schema and provenance metadata.

:func:`to_parquet` takes a DataFrame of a known table, an Arrow table, or several
tables (:class:`~deepva_frames.flatten.DetailedResults`, a mapping ``{name: table}``,
a list of tables) and writes them atomically with the schema of
:mod:`deepva_frames.schemas`: timestamps ``timestamp[us, tz=UTC]``, categories as
dictionary columns, lists as Parquet lists. Every file carries key-value metadata
(``deepva_frames.*`` keys, see :func:`file_metadata`) and the pandas metadata of the
toolkit's dtypes, so ``pandas.read_parquet`` gives back the same DataFrame (nullable
``Int64``/``boolean``, ``category``, tz-aware timestamps). The API key is never written.

>>> import tempfile, pathlib
>>> import pandas as pd
>>> from deepva_frames import flatten
>>> jobs = flatten.jobs([{"id": "j1", "state": "completed", "modules": {"face": {}}}])
>>> [path] = to_parquet(jobs, pathlib.Path(tempfile.mkdtemp()) / "jobs.parquet")
>>> pd.read_parquet(path).equals(jobs)
True
>>> read_metadata(path)["table"], read_metadata(path)["ids"]
('jobs', {'job_id': ['j1']})
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .._atomic import atomic_writer
from .._paths import DEFAULT_BASE_URL
from .._types import utc_now
from ..errors import PayloadError
from ..schemas import TABLES, schema, to_pandas

__all__ = ["META_PREFIX", "arrow_table", "clean_base_url", "detect_table", "file_metadata",
           "read_metadata", "to_parquet", "utc_now", "write_table"]

META_PREFIX = "deepva_frames."
#: The columns naming what a table's rows are about, first match wins, for the ``ids`` key.
ID_COLUMNS = ("job_id", "report_id", "batch_id", "node_id", "dataset_id", "export_id")
Tables = Mapping[str, Any] | Iterable[Any]


def clean_base_url(url: str | None) -> str | None:
    """The base URL as recorded in files: no user info, query or fragment.

    >>> clean_base_url("https://user:secret@api.deepva.com/api/v1/?key=x#f")
    'https://api.deepva.com/api/v1'
    >>> clean_base_url("http://[::1]:8080/api/v1")
    'http://[::1]:8080/api/v1'
    """
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


def detect_table(columns: Iterable[str]) -> str:
    """The declared table whose column set is exactly ``columns``; PayloadError otherwise.

    >>> detect_table(["report_id", "batch_id", "metric", "key", "value", "value_json", "extra"])
    'report_items'
    >>> detect_table(["a", "b"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.errors.PayloadError: to_parquet: columns ['a', 'b'] match no ... name=...
    """
    wanted = set(columns)
    found = [name for name in TABLES if set(schema(name).names) == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        raise PayloadError("to_parquet", f"columns match several tables {found}: pass name=")
    raise PayloadError("to_parquet", f"columns {sorted(wanted)} match no table of "
                       "deepva_frames.schemas (pass name= for a known table)")


def _arrow_name(table: pa.Table) -> str | None:
    meta = table.schema.metadata or {}
    name = meta.get((META_PREFIX + "table").encode())
    return name.decode() if name else None


def arrow_table(data: Any, name: str | None = None) -> tuple[str, pa.Table]:
    """``(name, Arrow table with the declared schema)`` of a DataFrame or an Arrow table.

    The name is ``name``, else the table's own ``deepva_frames.table`` metadata, else
    detected from its columns. Missing or mistyped columns raise PayloadError.

    >>> from deepva_frames.schemas import empty_table
    >>> arrow_table(empty_table("media"))[0]
    'media'
    """
    if isinstance(data, pd.DataFrame):
        columns = [str(c) for c in data.columns]
    elif isinstance(data, pa.Table):
        columns = data.schema.names
    else:
        raise PayloadError("to_parquet", f"expected a DataFrame or a pyarrow Table, "
                           f"got {type(data).__name__}")
    if name is None and isinstance(data, pa.Table):
        name = _arrow_name(data)
    name = name or detect_table(columns)
    if name not in TABLES:
        raise PayloadError("to_parquet", f"no table {name!r}; tables: {', '.join(TABLES)}")
    return name, _conform(data, name)


def _conform(data: pd.DataFrame | pa.Table, name: str) -> pa.Table:
    declared = schema(name)
    have = [str(c) for c in data.columns] if isinstance(data, pd.DataFrame) else list(
        data.schema.names)
    missing = [c for c in declared.names if c not in have]
    if missing:
        raise PayloadError("to_parquet", f"missing column(s) {missing} of table {name!r}")
    extra = [c for c in have if c not in declared.names]
    if extra:
        raise PayloadError("to_parquet", f"column(s) {extra} are not in table {name!r} "
                           "(drop them before writing)")
    try:
        if isinstance(data, pd.DataFrame):
            return pa.Table.from_pandas(data[declared.names], schema=declared,
                                        preserve_index=False)
        table = data.select(declared.names)
        return table if table.schema.equals(declared) else table.cast(declared)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError,
            ValueError) as exc:
        raise PayloadError("to_parquet", f"columns do not fit table {name!r}: {exc}") from exc


def _ids(table: pa.Table) -> dict[str, list[str]]:
    for column in ID_COLUMNS:
        if column in table.schema.names:
            values = table.column(column).unique().drop_null().to_pylist()
            return {column: sorted(str(v) for v in values)}
    return {}


def file_metadata(table: pa.Table, name: str, *, base_url: str | None = None,
                  fetched_at: str | None = None, ids: Mapping[str, Any] | None = None,
                  partition: Mapping[str, str] | None = None) -> dict[str, str]:
    """The ``deepva_frames.*`` key-value metadata of a file of table ``name``.

    Keys: ``table``, ``version`` (toolkit), ``base_url`` (without credentials),
    ``fetched_at``, ``written_at``, ``ids`` (JSON: the ids the rows cover, by id column)
    and, in a partition file, ``partition`` (JSON: the hive key whose column the file
    leaves out). Default base URL: ``DEEPVA_BASE_URL`` or the public API, as a Client
    would use; default fetch time: now.

    >>> from deepva_frames.schemas import empty_table
    >>> meta = file_metadata(empty_table("jobs"), "jobs", base_url="https://x.test/api/v1")
    >>> sorted(meta)  # doctest: +NORMALIZE_WHITESPACE
    ['deepva_frames.base_url', 'deepva_frames.fetched_at', 'deepva_frames.ids',
     'deepva_frames.table', 'deepva_frames.version', 'deepva_frames.written_at']
    """
    from .._version import __version__

    url = base_url or os.environ.get("DEEPVA_BASE_URL") or DEFAULT_BASE_URL
    now = utc_now()
    meta = {"table": name, "version": __version__, "base_url": clean_base_url(url) or "",
            "fetched_at": fetched_at or now, "written_at": now,
            "ids": json.dumps(dict(ids) if ids is not None else _ids(table))}
    if partition:
        meta["partition"] = json.dumps(dict(partition))
    return {META_PREFIX + key: value for key, value in meta.items()}


@lru_cache(maxsize=128)
def _pandas_metadata(arrow_schema: pa.Schema) -> bytes:
    """The pandas metadata that makes pandas read the toolkit's dtypes back."""
    empty = to_pandas(arrow_schema.empty_table())
    return pa.Table.from_pandas(empty, schema=arrow_schema,
                                preserve_index=False).schema.metadata[b"pandas"]


def write_table(table: pa.Table, path: str | os.PathLike[str], metadata: Mapping[str, str], *,
                compression: str = "snappy",
                tmp_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write ``table`` to ``path`` atomically, with ``metadata`` and pandas dtype metadata.

    The file appears whole at ``path`` or not at all (a temporary ``.<name>.*.tmp`` file in
    ``tmp_dir`` or the same folder, then ``os.replace``).
    """
    plain = table.replace_schema_metadata(None)
    meta = {b"pandas": _pandas_metadata(plain.schema)}
    meta.update({k.encode(): v.encode() for k, v in metadata.items()})
    path = Path(path)
    with atomic_writer(path, tmp_dir=tmp_dir) as fh:
        pq.write_table(plain.replace_schema_metadata(meta), fh, compression=compression)
    return path


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The ``deepva_frames.*`` metadata of a Parquet file, prefix removed, JSON decoded.

    >>> from deepva_frames.schemas import empty_table
    >>> import tempfile, pathlib
    >>> [p] = to_parquet(empty_table("batches"), pathlib.Path(tempfile.mkdtemp()) / "b.parquet")
    >>> read_metadata(p)["table"]
    'batches'
    """
    raw = pq.read_schema(path).metadata or {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        text = key.decode()
        if text.startswith(META_PREFIX):
            name = text[len(META_PREFIX):]
            out[name] = json.loads(value) if name in ("ids", "partition") else value.decode()
    return out


def _named_tables(data: Any) -> list[tuple[str | None, Any]] | None:
    """The tables of a multi-table input, or None for a single table."""
    from ..flatten import DetailedResults

    if isinstance(data, DetailedResults):
        return [("segments", data.segments), ("detections", data.detections)]
    if isinstance(data, Mapping):
        return [(str(k), v) for k, v in data.items()]
    if isinstance(data, list | tuple):
        return [(None, item) for item in data]
    return None


def to_parquet(data: Any, path: str | os.PathLike[str], *, name: str | None = None,
               base_url: str | None = None, fetched_at: str | None = None,
               compression: str = "snappy") -> list[Path]:
    """Write tidy table(s) as Parquet with the declared schema; returns the written paths.

    ``data`` is one table (a DataFrame of a known table or an Arrow table) or several:
    a :class:`~deepva_frames.flatten.DetailedResults` (segments and detections), a
    mapping ``{name: table}`` or a list/tuple of tables. The table name is ``name=``,
    else detected from the columns (exactly one declared table has that column set);
    an unknown table raises :class:`~deepva_frames.errors.PayloadError`.

    Paths: one table goes to ``path`` (or to ``path/<name>.parquet`` when ``path`` is an
    existing folder); several tables go to ``path/<name>.parquet``, ``path`` being a folder
    (created when missing). Every file is written atomically. Metadata: see
    :func:`file_metadata` (``base_url`` and ``fetched_at`` are recorded when given, else
    the default base URL and the write time).

    >>> import tempfile, pathlib
    >>> from deepva_frames import flatten
    >>> results = flatten.detailed_results([{"frame_start": 0, "frame_end": 5,
    ...     "detections": [{"frame_index": 0, "data": {"x": 0.1, "y": 0.2, "w": 0.3,
    ...     "h": 0.4}}]}], job_id="j")
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "results"
    >>> [p.name for p in to_parquet(results, folder)]
    ['segments.parquet', 'detections.parquet']
    >>> to_parquet(results.segments.drop(columns="tc_end"), folder / "x.parquet")
    Traceback (most recent call last):
    ...
    deepva_frames.errors.PayloadError: to_parquet: columns [...] match no table of ...
    """
    target = Path(path)
    many = _named_tables(data)
    def write_one(table: pa.Table, table_name: str, file: Path) -> Path:
        return _write_one(table, table_name, file, base_url=base_url, fetched_at=fetched_at,
                          compression=compression)

    if many is None:
        table_name, table = arrow_table(data, name)
        if target.is_dir():
            target = target / f"{table_name}.parquet"
        return [write_one(table, table_name, target)]
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"several tables go into a folder, but {target} is a file")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for given, item in many:
        table_name, table = arrow_table(item, given)
        written.append(write_one(table, table_name, target / f"{table_name}.parquet"))
    return written


def _write_one(table: pa.Table, name: str, target: Path, *, base_url: str | None,
               fetched_at: str | None, compression: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = file_metadata(table, name, base_url=base_url, fetched_at=fetched_at)
    return write_table(table, target, meta, compression=compression)
