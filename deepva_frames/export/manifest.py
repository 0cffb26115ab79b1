"""The export manifest: what an export folder holds, so that a re-run fetches only changes.

``<out>/_manifest.json`` (written atomically, after every job) looks like::

    {"format": "deepva-frames-export", "format_version": 1,
     "toolkit_version": "0.1.0", "base_url": "https://api.deepva.com/api/v1",
     "created_at": "...Z", "updated_at": "...Z",
     "schemas": {"segments": "<sha256 of the column names and types>", ...},
     "tables": {"jobs": {"file": "jobs/jobs.parquet", "rows": 7, "written_at": "...Z"}, ...},
     "jobs": {"<job id>": {"state": "completed", "time_completed": "2026-10-06 08:15:44.100000",
              "fetched_at": "...Z", "toolkit_version": "0.1.0",
              "files": {"segments": "segments/job_id=<id>/segments.parquet", ...},
              "rows": {"segments": 11, ...}}}}

A job's ``state`` and ``time_completed`` are those of its row in the flattened ``jobs``
table (``time_completed`` as UTC text, ``YYYY-MM-DD HH:MM:SS.ffffff``). A job is
*current* (skipped by an incremental run) when its entry has the same ``state`` and
``time_completed`` (the same instant) as its ``jobs`` row, the job has settled (a
``time_completed`` or a final state: unfinished jobs are re-fetched on every run), its
files all exist, and the per-job tables' schemas are those of this toolkit.

>>> import tempfile, pathlib
>>> from datetime import datetime, timezone
>>> from deepva_frames.export.scope import JobRef
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> m = Manifest.load(out, base_url="https://x.test/api/v1")
>>> job = JobRef("a", "completed", datetime(2026, 10, 6, 8, 15, 44, 100000, timezone.utc))
>>> m.is_current(job)
False
>>> m.record_job(job, {}, {}, "2026-10-07T00:00:00Z")
>>> m.save()
>>> m.jobs["a"]["time_completed"]
'2026-10-06 08:15:44.100000'
>>> Manifest.load(out, base_url="https://x.test/api/v1").is_current(job)
True
>>> Manifest.load(out, base_url="https://x.test/api/v1").is_current(JobRef("a", "x"))
False
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from .._atomic import atomic_write_bytes
from .._safe_names import is_inside
from ..errors import DeepVAError
from ..schemas import schema
from .parquet import utc_now

__all__ = ["FINAL_STATES", "FORMAT", "FORMAT_VERSION", "LOCK_NAME", "MANIFEST_NAME",
           "TMP_DIR", "ExportError", "JobStatus", "Manifest", "export_lock", "schema_fingerprint",
           "stamp_text"]

FORMAT = "deepva-frames-export"
FORMAT_VERSION = 1
MANIFEST_NAME = "_manifest.json"
LOCK_NAME = ".export.lock"
#: The export's folder of temporary files (same file system as its tables, never scanned
#: by readers of a table folder).
TMP_DIR = ".tmp"
FINAL_STATES = frozenset({"completed", "failed", "stopped", "cancelled", "canceled", "error"})
PER_JOB_TABLES = ("media", "summary_items", "summarized_results", "segments", "detections")
_STAMP = "%Y-%m-%d %H:%M:%S.%f"


class ExportError(DeepVAError):
    """An export folder that cannot be used: another export's, busy, or damaged."""


def schema_fingerprint(name: str) -> str:
    """A hash of table ``name``'s column names and types (descriptions left out).

    >>> len(schema_fingerprint("detections"))
    64
    """
    text = ";".join(f"{f.name}:{f.type}" for f in schema(name))
    return hashlib.sha256(text.encode()).hexdigest()


class JobStatus(Protocol):
    """What the manifest needs of a job: its id and the state and ``time_completed`` of
    its ``jobs`` row (a :class:`~deepva_frames.export.scope.JobRef`)."""

    @property
    def job_id(self) -> str: ...

    @property
    def state(self) -> str | None: ...

    @property
    def time_completed(self) -> datetime | None: ...


def stamp_text(value: datetime | None) -> str | None:
    """A ``time_completed`` as the manifest writes it (UTC, microseconds).

    >>> stamp_text(datetime(2026, 10, 6, 8, 0, tzinfo=timezone.utc))
    '2026-10-06 08:00:00.000000'
    """
    return None if value is None else value.astimezone(timezone.utc).strftime(_STAMP)


def _instant(text: Any) -> datetime | None:
    """The UTC instant of an entry's ``time_completed`` (naive text is UTC; digits beyond
    microseconds are cut), None when it is missing or unreadable.

    >>> _instant("2026-10-06T10:15:44.1+02:00")
    datetime.datetime(2026, 10, 6, 8, 15, 44, 100000, tzinfo=datetime.timezone.utc)
    """
    if not isinstance(text, str):
        return None
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        return None
    if pd.isna(stamp):
        return None
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.floor("us").to_pydatetime().replace(tzinfo=timezone.utc)


def _settled(job: JobStatus) -> bool:
    return job.time_completed is not None or job.state in FINAL_STATES


def _same_completion(text: Any, value: datetime | None) -> bool:
    """Whether an entry's ``time_completed`` text is the instant ``value`` (or both null)."""
    if text is None or value is None:
        return text is None and value is None
    return text == stamp_text(value) or _instant(text) == value


class Manifest:
    """The manifest of one export folder (see the module docstring for its format)."""

    def __init__(self, out: Path, doc: dict[str, Any]):
        self.out = out
        self.doc = doc
        self._listed = self.expected_files()  # every file listed during this run
        self._texts: _Texts = {}  # entries' JSON texts, kept while an entry is unchanged
        current = {name: schema_fingerprint(name) for name in PER_JOB_TABLES}
        self.schemas_match = all(doc["schemas"].get(k) == v for k, v in current.items())
        doc["schemas"] = current

    @property
    def path(self) -> Path:
        """The manifest's file, ``<out>/_manifest.json``."""
        return self.out / MANIFEST_NAME

    @property
    def jobs(self) -> dict[str, dict[str, Any]]:
        """``{job_id: entry}`` of every exported job."""
        return self.doc["jobs"]

    @property
    def failed(self) -> dict[str, dict[str, Any]]:
        """``{job_id: {"error", "failed_at", "state", "time_completed"}}`` of the jobs whose
        last export failed (retried by the next run)."""
        return self.doc["failed"]

    @classmethod
    def load(cls, out: Path, *, base_url: str | None) -> Manifest:
        """The manifest of ``out`` (a new one when there is none).

        Raises ExportError when the folder holds an export of another base URL, or a
        manifest of another format or a newer version.
        """
        from .._version import __version__

        path = out / MANIFEST_NAME
        if not path.exists():
            now = utc_now()
            return cls(out, {"format": FORMAT, "format_version": FORMAT_VERSION,
                             "toolkit_version": __version__, "base_url": base_url,
                             "created_at": now, "updated_at": now, "schemas": {},
                             "tables": {}, "jobs": {}, "failed": {}})
        doc = _read(path)
        if doc.get("base_url") != base_url:
            raise ExportError(f"{out} holds an export of {doc.get('base_url')}, not of "
                              f"{base_url}: export into another folder")
        doc["toolkit_version"] = __version__
        return cls(out, doc)

    def is_current(self, job: JobStatus) -> bool:
        """True when ``job`` (its ``jobs`` row's state and time_completed) needs no
        re-export."""
        entry = self.jobs.get(str(job.job_id))
        if entry is None or not self.schemas_match or not _settled(job) or (
                str(job.job_id) in self.failed):
            return False
        if entry.get("state") != job.state or not _same_completion(
                entry.get("time_completed"), job.time_completed):
            return False
        return all((self.out / rel).is_file() for rel in entry.get("files", {}).values())

    def record_job(self, job: JobStatus, files: Mapping[str, str], rows: Mapping[str, int],
                   fetched_at: str) -> None:
        """Note that ``job`` (its ``jobs`` row's state and time_completed) was exported to
        ``files`` (paths relative to the export folder) with ``rows`` rows per table."""
        from .._version import __version__

        self.jobs[str(job.job_id)] = {
            "state": job.state, "time_completed": stamp_text(job.time_completed),
            "fetched_at": fetched_at, "toolkit_version": __version__,
            "files": dict(files), "rows": dict(rows)}
        self.failed.pop(str(job.job_id), None)
        self._listed.update(files.values())

    def record_failure(self, job: JobStatus, error: str) -> None:
        """Note that exporting ``job`` failed with ``error``: the next run retries it (an
        earlier export of it keeps its entry and files until then)."""
        self.failed[str(job.job_id)] = {
            "error": error, "failed_at": utc_now(), "state": job.state,
            "time_completed": stamp_text(job.time_completed)}

    def record_table(self, name: str, file: str, rows: int) -> None:
        """Note that account table ``name`` was written to ``file`` (relative path)."""
        self.doc["tables"][name] = {"file": file, "rows": rows, "written_at": utc_now()}
        self._listed.add(file)

    def drop_jobs(self, job_ids: Sequence[str]) -> list[str]:
        """Forget these jobs; returns those that were in the manifest."""
        dropped = [j for j in job_ids if self.jobs.pop(j, None) is not None]
        for job_id in job_ids:
            self.failed.pop(job_id, None)
        return dropped

    def expected_files(self) -> set[str]:
        """Every file (relative posix path) the manifest lists."""
        files = {entry.get("file") for entry in self.doc["tables"].values()
                 if isinstance(entry, dict)}
        for entry in self.jobs.values():
            listed = entry.get("files") if isinstance(entry, dict) else None
            files.update(listed.values() if isinstance(listed, dict) else ())
        return {f for f in files if isinstance(f, str)}

    def stale_files(self) -> set[str]:
        """Files this manifest listed at load or during the run but lists no longer."""
        return self._listed - self.expected_files()

    def save(self) -> None:
        """Write the manifest atomically."""
        self.doc["updated_at"] = utc_now()
        try:
            data = _text(self.doc, ensure_ascii=False, memo=self._texts).encode("utf-8")
        except UnicodeEncodeError:  # an id with a lone surrogate: JSON escapes it
            data = _text(self.doc, ensure_ascii=True, memo=self._texts).encode("ascii")
        tmp = self.out / TMP_DIR
        if not is_inside(self.out, tmp):
            raise ExportError(f"{tmp} leads out of the export folder (a symlink?): refusing "
                              "to write temporary files there")
        atomic_write_bytes(self.path, data + b"\n", tmp_dir=tmp)


_Texts = dict[tuple[str, str, bool], tuple[Any, str]]


def _text(doc: Mapping[str, Any], *, ensure_ascii: bool, memo: _Texts | None = None) -> str:
    """The manifest as JSON text, one key a line and one entry of a map (a job, a table)
    a line. The manifest is written after every job, so its cost must not grow with the
    jobs exported: ``json.dumps(indent=)`` runs in Python (at 2,000 jobs the indented
    text cost 30 ms a job), this in C, and ``memo`` keeps each entry's text while the
    entry is the same object (entries are replaced, never changed in place).

    >>> print(_text({"format": "x", "jobs": {"a": {"rows": {"segments": 2}}}}, ensure_ascii=True))
    {
     "format": "x",
     "jobs": {
      "a": {"rows": {"segments": 2}}
     }
    }
    """
    memo = {} if memo is None else memo

    def text(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ensure_ascii)

    def entry(section: str, key: str, value: Any) -> str:
        found = memo.get((section, key, ensure_ascii))
        if found is None or found[0] is not value:
            found = memo[(section, key, ensure_ascii)] = (value, f"  {text(key)}: {text(value)}")
        return found[1]

    lines = []
    for key, value in doc.items():
        if isinstance(value, dict) and value:
            entries = ",\n".join(entry(key, str(k), v) for k, v in value.items())
            lines.append(f" {text(key)}: {{\n{entries}\n }}")
        else:
            lines.append(f" {text(key)}: {text(value)}")
    return "{\n" + ",\n".join(lines) + "\n}"


def _read(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportError(f"{path}: unreadable export manifest ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportError(f"{path} is not a deepva-frames export manifest")
    if not isinstance(doc.get("format_version"), int) or doc["format_version"] > FORMAT_VERSION:
        raise ExportError(f"{path}: export format version {doc.get('format_version')} is "
                          f"newer than this toolkit's ({FORMAT_VERSION}); upgrade deepva-frames")
    for key in ("schemas", "tables", "jobs", "failed"):
        if not isinstance(doc.get(key), dict):
            doc[key] = {}
    return doc


@contextlib.contextmanager
def export_lock(out: Path) -> Iterator[None]:
    """Hold ``<out>/.export.lock`` so that two exports never write into one folder at once.

    An OS file lock through ``filelock`` (flock on POSIX, msvcrt on Windows), released when
    the process dies, even by SIGKILL. The lock file is removed when the block ends, while
    still held (``filelock`` checks that the file it locked is still the one at the path).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> with export_lock(out):
    ...     (out / ".export.lock").exists()
    True
    >>> (out / ".export.lock").exists()
    False
    """
    from filelock import FileLock, Timeout

    path = out / LOCK_NAME
    lock = FileLock(path, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise ExportError(f"another export is writing into {out}") from None
    except OSError as exc:
        raise ExportError(f"cannot lock {path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        lock.release()
