"""Export tables read into pandas with their ids as text (what the pandas engine reads).

``pd.read_parquet("bi/segments")`` infers the type of the ``job_id=<id>`` folder names:
ids that all look like numbers (``000123``) come back as integers, their zeros lost.
:func:`read_pandas` names the partition's type instead (``partitioning=HIVE``), the
same advice the README gives for pandas and pyarrow.

>>> import tempfile
>>> from deepva_frames.testing.archive import synthetic_archive
>>> bi = synthetic_archive(tempfile.mkdtemp(), jobs=2, segments_per_job=3)
>>> read_pandas(bi, "segments")["job_id"].unique().tolist()
['000000', '000001']
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from ..._progress import progress_bar
from ...schemas import to_pandas
from ._inputs import ExportFolderError

__all__ = ["HIVE", "read_pandas"]

HIVE = ds.partitioning(pa.schema([("job_id", pa.string())]), flavor="hive")


def read_pandas(path: str | os.PathLike[str], table: str = "segments", *,
                progress: bool = False) -> pd.DataFrame:
    """Table ``table`` of an export folder (or a table folder) as one DataFrame.

    ``job_id`` comes back from the folder names as text; a progress bar counts the
    files when ``progress``.
    """
    folder = Path(path)
    if (folder / table).is_dir():
        folder = folder / table
    if not folder.is_dir():
        raise ExportFolderError(f"no export table at {os.fspath(path)!r}")
    dataset = ds.dataset(folder, format="parquet", partitioning=HIVE)
    fragments = list(dataset.get_fragments())
    parts = []
    with progress_bar(progress, total=len(fragments), desc=f"reading {table}",
                      unit="file") as bar:
        for fragment in fragments:
            parts.append(fragment.to_table(schema=dataset.schema))
            bar.update()
    if not parts:
        return to_pandas(dataset.schema.empty_table())
    return to_pandas(pa.concat_tables(parts).unify_dictionaries())
