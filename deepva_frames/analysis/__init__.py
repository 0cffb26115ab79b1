"""Analysis of tidy DeepVA tables: screen time, diversity figures, reconciliation, KG joins.

Every function takes the tidy tables of :mod:`deepva_frames.flatten` (column names of
:mod:`deepva_frames.schemas`) and returns a DataFrame. Times are seconds; intervals are
``[time_start, time_end)``. ``screen_time``, ``speech_vs_screen``, ``person_counts``,
``co_occurrence`` and ``diversity_metrics`` also take an export folder, a DuckDB
relation, an Arrow table or a polars frame (computed in DuckDB) or a Spark DataFrame
(computed in Spark): see :mod:`deepva_frames.analysis.engines`.

>>> import pandas as pd
>>> from deepva_frames import analysis
>>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["Ann", "Bo"],
...                     "time_start": [0.0, 1.0], "time_end": [2.0, 3.0]})
>>> analysis.screen_time(seg)["seconds"].tolist()
[2.0, 2.0]
>>> analysis.co_occurrence(seg)[["person_a", "person_b", "seconds"]].values.tolist()
[['Ann', 'Bo', 1.0]]
"""

from __future__ import annotations

from .cooccurrence import co_occurrence
from .diversity import DIVERSITY_METRICS, diversity_metrics
from .interpolate import interpolate_detections
from .people import age_bucket, age_on, enrich, parse_kg_date
from .reconciliation import reconcile
from .reports import batch_job_ids, report_metrics, sub_batch_totals
from .screen import person_counts, screen_time, speech_vs_screen

__all__ = [
    "DIVERSITY_METRICS",
    "age_bucket",
    "age_on",
    "batch_job_ids",
    "co_occurrence",
    "diversity_metrics",
    "enrich",
    "interpolate_detections",
    "parse_kg_date",
    "person_counts",
    "reconcile",
    "report_metrics",
    "screen_time",
    "speech_vs_screen",
    "sub_batch_totals",
]
