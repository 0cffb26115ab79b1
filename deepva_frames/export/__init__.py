"""Parquet for BI tools: single files, hive-partitioned datasets, incremental sync.

- :func:`to_parquet` writes any tidy table (or several) to Parquet with its declared
  schema and provenance metadata (:func:`read_metadata` reads it back).
- :func:`export` (also ``Client.export``) writes a scope of jobs (ids, a batch, a report,
  the whole account) into a folder of datasets, one job at a time, and on a re-run
  fetches only jobs that are new or changed. ``fetch`` records the same pages into a
  page store for offline exports.

Layout of an export folder (see :mod:`.dataset`, :mod:`.manifest`)::

    out/_manifest.json
    out/{media,summary_items,summarized_results,segments,detections}/job_id=<id>/<table>.parquet
    out/{jobs,batches,reports,report_items}/<table>.parquet

Query it with DuckDB::

    SELECT job_id, count(*) FROM read_parquet('out/detections/**/*.parquet',
                                              hive_partitioning = true) GROUP BY job_id

>>> import tempfile, duckdb
>>> from deepva_frames.client import sample_client
>>> out = tempfile.mkdtemp()
>>> export(sample_client(), out, batch_id="cd558b37-5be7-5c54-bc24-7e52c9edd175")
ExportResult('...', exported=2, unchanged=0, removed=0)
>>> duckdb.sql(f"select count(distinct job_id) from read_parquet('{out}/segments/**/*.parquet',"
...            " hive_partitioning=true)").fetchall()
[(2,)]
"""

from __future__ import annotations

from .manifest import ExportError, Manifest
from .parquet import detect_table, read_metadata, to_parquet
from .run import ExportIncomplete, ExportResult, export, fetch

__all__ = ["ExportError", "ExportIncomplete", "ExportResult", "Manifest", "detect_table",
           "export", "fetch", "read_metadata", "to_parquet"]
