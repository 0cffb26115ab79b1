"""The demo's Parquet export: the sample account as hive-partitioned datasets.

>>> import tempfile, pathlib
>>> from deepva_frames.client import sample_client
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = write_exports(sample_client(), out)
>>> written[0][0].relative_to(out).as_posix(), written[0][1]
('parquet/_manifest.json', 'export manifest: 7 job(s) (re-runs fetch only changed jobs)')
>>> all(path.is_file() for path, _ in written)
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...export.dataset import ACCOUNT_TABLES, PER_JOB_TABLES, account_file
from ...export.manifest import MANIFEST_NAME

__all__ = ["write_exports"]


def write_exports(client: Any, out: Path) -> list[tuple[Path, str]]:
    """Export every job of ``client``'s account into ``out/parquet``.

    Returns ``(file, description)`` pairs: the manifest, one partition file of each
    per-job table (described with the whole dataset's size) and the account tables.
    """
    folder = Path(out) / "parquet"
    result = client.export(folder, all_jobs=True)
    jobs = sorted(result.exported + result.unchanged)
    written = [(folder / MANIFEST_NAME,
                f"export manifest: {len(jobs)} job(s) (re-runs fetch only changed jobs)")]
    for name in PER_JOB_TABLES:
        files = sorted((folder / name).glob("job_id=*/*.parquet"))
        if files:
            written.append((files[0], f"one of {len(files)} job partitions of {name} "
                           f"(read {name}/**/*.parquet with hive partitioning)"))
    for name in ACCOUNT_TABLES:
        path = folder / account_file(name)
        if path.is_file():
            written.append((path, f"{name} of the exported jobs"))
    return written
