"""The analysis functions on DuckDB and Spark inputs, answered as pandas (internal).

The engine computes the figures (:mod:`.on_duckdb`, :mod:`.on_spark`); only the small
result is fetched, then ordered and shaped as the pandas function shapes its own.
"""

from __future__ import annotations

import inspect
import os
import warnings
from collections.abc import Callable
from typing import Any

import pandas as pd

from .._common import columns_of, per_columns
from ._inputs import engine_of, import_engine

__all__ = ["on_engine"]


def _module(segments: Any) -> Any:
    if engine_of(segments) == "spark":
        import_engine("pyspark.sql")
        from . import on_spark

        return on_spark
    import_engine("duckdb")
    from . import on_duckdb

    return on_duckdb


def fetch(result: Any) -> pd.DataFrame:
    """A DuckDB relation's or Spark DataFrame's rows as a pandas DataFrame."""
    if hasattr(result, "toPandas"):
        with warnings.catch_warnings():  # PySpark's notice about pandas 3, once per call
            warnings.filterwarnings("ignore", "PySpark does not yet", FutureWarning)
            return result.toPandas()
    return result.df()


def _finished(table: pd.DataFrame, options: dict[str, Any], value: str,
              problems: Callable[[], pd.DataFrame | None] | None) -> pd.DataFrame:
    """Checked, ordered and typed as the pandas function finishes its own table; with
    media (``problems`` fetches why durations are unknown), a warning for NaN shares."""
    from .._common import require_values, sort_groups, with_age_order

    by, per = columns_of(options["by"]), per_columns(options.get("per"))
    if options.get("unknown") != "drop":  # pandas checks the rows given, before any drop:
        require_values(table, [c for c in by if c != "person"])  # only then the result
        # holds every group the input had
    if problems is not None and "share_of_media" in table.columns:
        _warn_unknown_media(table, per, problems)
    return sort_groups(with_age_order(table, by), per, by, value)


def _warn_unknown_media(table: pd.DataFrame, per: list[str],
                        problems: Callable[[], pd.DataFrame | None]) -> None:
    from .._common import InputWarning
    from .._shares import unknown_media_text

    cells = table[per].drop_duplicates() if per else table.head(1)
    unknown = table[table["share_of_media"].isna()]
    if not unknown.empty:
        bad = len(unknown[per].drop_duplicates()) if per else 1
        notes = _media_notes(problems(), unknown, per) or [
            "a job source without a media row, or a null duration_s"]
        warnings.warn(unknown_media_text(bad, len(cells), notes), InputWarning, stacklevel=5)


def _media_notes(found: pd.DataFrame | None, unknown: pd.DataFrame, per: list[str]
                 ) -> list[str]:
    """The notes of ``analysis._shares`` for the problems of the cells with NaN shares."""
    from .._common import key_rows
    from .._shares import NO_MEDIA_ROWS, cell_key, media_note

    if found is None:
        return []
    nan_cells = {cell_key(k) for k in key_rows(unknown, per)} if per else {()}
    line = [c.removeprefix("line_") for c in found.columns if c.startswith("line_")]
    order = {"no media row": 0, "no media rows": 0, "duration_s is null": 1}
    rows = found.assign(_order=found["problem"].map(order)).sort_values(
        ["_order", *(f"line_{c}" for c in line)])
    notes = []
    for row in rows.to_dict("records"):
        if cell_key([row[c] for c in per]) not in nan_cells:
            continue
        timeline = {c: row[f"line_{c}"] for c in line}
        notes.append(NO_MEDIA_ROWS if row["problem"] == "no media rows"
                     else media_note(row["problem"], timeline, line))
    return list(dict.fromkeys(notes))


def _co_occurrence(module: Any, options: dict[str, Any]) -> pd.DataFrame:
    from ..cooccurrence import matrix_of

    form = options.pop("form")
    if form not in ("long", "matrix"):
        raise ValueError(f"form= must be 'long' or 'matrix', got {form!r}")
    pairs = fetch(module.co_occurrence(**options))
    if form == "long":
        return pairs
    totals = fetch(module.group_totals(**options)).set_index(options["by"])["seconds"]
    return matrix_of(pairs, totals.sort_index(), options["by"])


def _diversity(module: Any, options: dict[str, Any]) -> pd.DataFrame:
    from .._common import order_metric_keys
    from ..diversity import DIVERSITY_METRICS

    table = fetch(module.diversity_metrics(**options))
    table["metric"] = pd.Categorical(table["metric"], categories=DIVERSITY_METRICS)
    return order_metric_keys(table)


VALUES = {"screen_time": "seconds", "speech_vs_screen": "screen_seconds",
          "person_counts": "persons"}


def on_engine(function: Callable[..., pd.DataFrame], args: tuple[Any, ...],
              kwargs: dict[str, Any]) -> pd.DataFrame:
    """``function``'s figures for a non-pandas input, computed by the input's engine."""
    bound = inspect.signature(function).bind(*args, **kwargs)
    bound.apply_defaults()
    options = dict(bound.arguments)
    segments = options.pop("segments")
    module = _module(segments)
    name = function.__name__
    if name == "co_occurrence":
        return _co_occurrence(module, {"segments": segments, **options})
    if name == "diversity_metrics":
        return _diversity(module, {"segments": segments, **options})
    table = fetch(getattr(module, name)(segments, **options))
    with_media = options.get("media") is not None or isinstance(segments, str | os.PathLike)

    def problems() -> pd.DataFrame | None:
        found = module.media_problems(segments, options.get("per"), options.get("media"))
        return None if found is None else fetch(found)

    return _finished(table, options, VALUES[name], problems if with_media else None)
