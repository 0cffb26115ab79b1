"""The export folder's layout: hive partitions by job, account tables, stale-file sweeping.

::

    <out>/_manifest.json                                    what was exported (manifest.py)
    <out>/segments/job_id=<id>/segments.parquet             one file per job and table
    <out>/detections/job_id=<id>/detections.parquet         (media, summary_items,
    ...                                                      summarized_results alike)
    <out>/jobs/jobs.parquet                                 one file per account table
    <out>/batches/batches.parquet  <out>/reports/reports.parquet
    <out>/report_items/report_items.parquet

A partition file leaves the ``job_id`` column out (readers put it back from the folder
name, as hive partitioning does; Spark refuses a column that is in both). Its name is
fixed, so a job's new version *replaces* the old file with one ``os.replace``: a reader
sees the old rows or the new ones, never both and never half a file. Ids are
percent-encoded in folder names (``job_id=a%20b``), as pyarrow, Spark and DuckDB decode,
by :func:`~deepva_frames._safe_names.safe_name` (an id too long for a folder name raises
UnsafeNameError naming it). Temporary files live in ``<out>/.tmp/``, never in a table
folder, and nothing is written through a symlink that leads out of the export folder.
Clean-up (:func:`sweep`) removes only files an earlier manifest listed, never through a
symlink.

>>> partition_dir("segments", "a b/c")
'segments/job_id=a%20b%2Fc'
>>> job_id_of("job_id=a%20b%2Fc")
'a b/c'
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .._atomic import is_temp_name
from .._safe_names import is_inside, safe_name
from ..errors import WriteError
from ..schemas import schema
from .manifest import PER_JOB_TABLES, TMP_DIR, ExportError, Manifest
from .parquet import file_metadata, write_table

__all__ = ["ACCOUNT_KEYS", "ACCOUNT_TABLES", "PARTITION", "PER_JOB_TABLES", "TMP_DIR",
           "account_file", "job_id_of", "partition_dir", "partition_file", "remove_empty",
           "sweep", "target_in", "upsert_table", "write_partition"]

PARTITION = "job_id"
ACCOUNT_KEYS = {"jobs": "job_id", "batches": "batch_id", "reports": "report_id",
                "report_items": "report_id"}
ACCOUNT_TABLES = tuple(ACCOUNT_KEYS)


def partition_dir(table: str, job_id: str) -> str:
    """The relative folder of a job's partition of ``table`` (UnsafeNameError for an id
    that cannot become a folder name).

    >>> partition_dir("media", "..")
    'media/job_id=%2E%2E'
    """
    name = safe_name(job_id, keep="-_.~@", strict=True, what="job id")
    return f"{table}/{PARTITION}={name}"


def target_in(out: Path, rel: str) -> Path:
    """``out / rel`` with its folders made, refusing a path that leads out of ``out``
    through a symlink (ExportError naming it)."""
    target = out / rel
    for path in (target, out / TMP_DIR):
        if not is_inside(out, path):
            raise ExportError(f"{path} leads out of the export folder {out} (a symlink?): "
                              "not written")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(target, exc.strerror or type(exc).__name__) from None
    return target


def partition_file(table: str, job_id: str) -> str:
    """The relative path of a job's file of ``table``.

    >>> partition_file("detections", "j1")
    'detections/job_id=j1/detections.parquet'
    """
    return f"{partition_dir(table, job_id)}/{table}.parquet"


def account_file(table: str) -> str:
    """The relative path of an account table's file.

    >>> account_file("jobs")
    'jobs/jobs.parquet'
    """
    return f"{table}/{table}.parquet"


def job_id_of(folder_name: str) -> str | None:
    """The job id of a ``job_id=<id>`` folder name, None for other names."""
    prefix = PARTITION + "="
    return unquote(folder_name[len(prefix):]) if folder_name.startswith(prefix) else None


def write_partition(out: Path, name: str, job_id: str, table: pa.Table, *,
                    base_url: str | None, fetched_at: str) -> str:
    """Write job ``job_id``'s rows of table ``name`` (its partition file); returns its path.

    >>> import tempfile, pathlib
    >>> from deepva_frames.schemas import empty_table
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> write_partition(out, "media", "j1", empty_table("media"), base_url=None,
    ...                 fetched_at="2026-01-01T00:00:00Z")
    'media/job_id=j1/media.parquet'
    """
    rel = partition_file(name, job_id)
    target = target_in(out, rel)
    meta = file_metadata(table, name, base_url=base_url, fetched_at=fetched_at,
                         ids={PARTITION: [str(job_id)]}, partition={PARTITION: str(job_id)})
    write_table(table.drop_columns([PARTITION]), target, meta, tmp_dir=out / TMP_DIR)
    return rel


def _previous(path: Path, name: str) -> pa.Table | None:
    """The rows of an account table's current file, None when absent or of another schema."""
    if not path.is_file():
        return None
    try:
        return pq.read_table(path).select(schema(name).names).cast(schema(name))
    except (OSError, KeyError, pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _without(table: pa.Table, column: str, values: Iterable[str]) -> pa.Table:
    mask = pc.is_in(table.column(column), value_set=pa.array(sorted(set(values)), pa.string()))
    return table.filter(pc.invert(mask))


def _only(table: pa.Table, column: str, values: Iterable[str]) -> pa.Table:
    mask = pc.is_in(table.column(column), value_set=pa.array(sorted(set(values)), pa.string()))
    return table.filter(mask)


def upsert_table(out: Path, name: str, new: pa.Table, *, keep: Iterable[str] | None = None,
                 base_url: str | None, fetched_at: str) -> tuple[str, int]:
    """Merge ``new`` rows into account table ``name``: they replace the rows of their ids.

    Rows of other ids stay; with ``keep``, only rows whose id is in ``keep`` remain (the
    jobs table keeps the manifest's jobs). Returns ``(relative path, rows)``.

    >>> import tempfile, pathlib
    >>> from deepva_frames import flatten
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> a = flatten.to_arrow("jobs", [{"id": "a", "tag": "x"}, {"id": "b"}])
    >>> _ = upsert_table(out, "jobs", a, base_url=None, fetched_at="t")
    >>> b = flatten.to_arrow("jobs", [{"id": "b", "tag": "y"}])
    >>> upsert_table(out, "jobs", b, base_url=None, fetched_at="t")
    ('jobs/jobs.parquet', 2)
    >>> sorted(pq.read_table(out / "jobs/jobs.parquet").to_pydict()["tag"])
    ['x', 'y']
    """
    key = ACCOUNT_KEYS[name]
    rel = account_file(name)
    target = target_in(out, rel)
    parts = [new]
    old = _previous(target, name)
    if old is not None:
        parts.insert(0, _without(old, key, new.column(key).drop_null().to_pylist()))
    table = pa.concat_tables(parts).unify_dictionaries()
    if keep is not None:
        table = _only(table, key, keep)
    write_table(table, target, file_metadata(table, name, base_url=base_url,
                                             fetched_at=fetched_at), tmp_dir=out / TMP_DIR)
    return rel, table.num_rows


def _is_plain_file(path: Path) -> bool:
    """A regular file, not a symlink (``lstat``)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _remove(out: Path, path: Path, removed: list[Path]) -> None:
    """Unlink ``path`` if it is a regular file whose folder, symlinks resolved, is inside
    ``out``: never through a symlink, never outside the export."""
    if not _is_plain_file(path) or not is_inside(out, path.parent):
        return
    with contextlib.suppress(OSError):
        path.unlink()
        removed.append(path)


def _safe_rel(rel: str) -> bool:
    """A path the export may have written: ``<table>/.../<name>.parquet``, no ``..``."""
    parts = rel.split("/")
    return (len(parts) >= 2 and parts[0] in (*PER_JOB_TABLES, *ACCOUNT_TABLES)
            and rel.endswith(".parquet") and "\\" not in rel
            and all(p not in ("", ".", "..") for p in parts))


def sweep(out: Path, manifest: Manifest) -> list[Path]:
    """Remove what the export wrote and the manifest no longer lists; returns the removed.

    Call it only after the manifest was saved. Removed: files an earlier version of the
    manifest listed (pruned jobs, renamed partitions), leftover temporary files in
    ``<out>/.tmp/``, then emptied ``job_id=`` folders. Anything else, and anything behind
    a symlink, stays.
    """
    removed: list[Path] = []
    for rel in sorted(manifest.stale_files()):
        if _safe_rel(rel):
            _remove(out, out / rel, removed)
    tmp = out / TMP_DIR
    if tmp.is_dir() and not tmp.is_symlink():
        for path in tmp.iterdir():
            if is_temp_name(path.name):
                _remove(out, path, removed)
    remove_empty(out)
    return removed


def remove_empty(out: Path) -> None:
    """Remove the temp folder, ``job_id=`` folders and table folders when they are empty
    (never through a symlink)."""
    folders: list[Path] = [out / TMP_DIR]
    for table in (*PER_JOB_TABLES, *ACCOUNT_TABLES):
        folder = out / table
        if folder.is_dir() and not folder.is_symlink():
            folders += [child for child in folder.iterdir()
                        if job_id_of(child.name) is not None]
            folders.append(folder)
    for folder in folders:
        if folder.is_dir() and not folder.is_symlink():
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
