"""Summarized results of a job: one row per key of each result's ``meta``.

Numbers land in ``value`` (float64); any other meta value (text, list, bool, an int
too large for float64) leaves ``value`` null and keeps its JSON text in ``value_json``.
A result whose meta is empty or missing still gives one row (``key`` null), so that no
result disappears; a meta that is not an object gives one row holding it, key null.

>>> page = {"total": 1, "offset": 0, "data": [{"id": "r", "source": "s",
...         "module": "advanced_diversity_analysis", "type": "gender_count",
...         "meta": {"female": 1, "male": 4}}]}
>>> summarized_results(page, job_id="j")[["job_id", "key", "value"]].values.tolist()
[['j', 'female', 1.0], ['j', 'male', 4.0]]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import to_pandas
from ._convert import dumps, metric_rows
from ._records import Row, Spec, collect, convert_values, split

__all__ = ["summarized_results", "summarized_results_arrow"]

SUMMARIZED = Spec("summarized_results", {
    "result_id": ("id",), "source": ("source",), "module": ("module",), "type": ("type",),
}, required=("type",), context=("job_id",))


def _rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    values, rest = split(SUMMARIZED.table, record, {**SUMMARIZED.keys, "meta": ("meta",)},
                         record, index)
    row = convert_values(SUMMARIZED, values, record, index)
    row["job_id"] = context.get("job_id")
    row["extra"] = dumps(rest) if rest else None
    for key, value, value_json in metric_rows(values["meta"]):
        yield {**row, "key": key, "value": value, "value_json": value_json}


def summarized_results_arrow(payload: Any, *, job_id: str | None = None) -> pa.Table:
    """The summarized_results table as Arrow (see :func:`summarized_results`).

    >>> summarized_results_arrow([]).num_rows
    0
    """
    return collect(SUMMARIZED.table, payload, {"job_id": job_id}, _rows)


def summarized_results(payload: Any, *, job_id: str | None = None) -> pd.DataFrame:
    """One row per meta key of each summarized result of job ``job_id``.

    ``job_id`` is inferred from a page-store path (``.../jobs/<id>/summarized-results``).

    >>> df = summarized_results({"id": "r", "type": "note", "meta": {"text": "hi"}})
    >>> df.loc[0, ["key", "value_json"]].tolist(), bool(pd.isna(df.loc[0, "value"]))
    (['text', '"hi"'], True)
    """
    return to_pandas(summarized_results_arrow(payload, job_id=job_id))
