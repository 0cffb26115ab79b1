"""Summarized results of a job: one row per key of each result's ``meta``.

Numbers land in ``value`` (float64); any other meta value (text, list, bool, an int
too large for float64) leaves ``value`` null and keeps its JSON text in ``value_json``.
A result whose meta is empty or missing still gives one row (``key`` null), so that no
result disappears; a meta that is not an object gives one row holding it, key null.

>>> import pandas as pd
>>> from deepva_frames import flatten
>>> page = {"total": 1, "offset": 0, "data": [{"id": "r", "source": "s",
...         "module": "advanced_diversity_analysis", "type": "gender_count",
...         "meta": {"female": 1, "male": 4}}]}
>>> flatten.summarized_results(page, job_id="j")[["job_id", "key", "value"]].values.tolist()
[['j', 'female', 1.0], ['j', 'male', 4.0]]

>>> df = flatten.summarized_results({"id": "r", "type": "note", "meta": {"text": "hi"}})
>>> df.loc[0, ["key", "value_json"]].tolist(), bool(pd.isna(df.loc[0, "value"]))
(['text', '"hi"'], True)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ._convert import dumps, metric_rows
from ._public import rows_build
from ._records import Row, Spec, convert_values, split

__all__ = ["BUILDS"]

SUMMARIZED = Spec.of("summarized_results")


def _rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    values, rest = split(SUMMARIZED.table, record, {**SUMMARIZED.keys, "meta": ("meta",)},
                         record, index)
    row = convert_values(SUMMARIZED, values, rest, record, index)
    row["job_id"] = context.get("job_id")
    row["extra"] = dumps(rest) if rest else None
    for key, value, value_json in metric_rows(values["meta"]):
        yield {**row, "key": key, "value": value, "value_json": value_json}


BUILDS = {"summarized_results": rows_build("summarized_results", _rows)}
