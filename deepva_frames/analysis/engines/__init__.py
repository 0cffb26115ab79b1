"""The analysis functions where the data is: pandas, DuckDB (out of core) or Spark.

:func:`~deepva_frames.analysis.screen_time`, ``speech_vs_screen``, ``person_counts``,
``co_occurrence`` and ``diversity_metrics`` take, besides a pandas DataFrame, an export
folder (``bi/``: its ``segments``, and its ``media`` for the shares), a DuckDB relation,
an Arrow table or dataset or a polars frame (all computed in DuckDB), or a Spark
DataFrame (computed in Spark), and return a pandas DataFrame of the same figures.
:mod:`.on_duckdb` and :mod:`.on_spark` return the engine's own lazy result instead.

Both engines run one SQL text per function (``_screen_sql``, ``_pairs_sql``), built
from the semantics of the pandas functions: the union of intervals within each media
source of each job, ``per`` cells, the ``unknown`` modes, null groups as groups.

>>> import deepva_frames as dvf, tempfile
>>> bi = tempfile.mkdtemp()
>>> _ = dvf.sample_client().export(bi, all_jobs=True)
>>> dvf.analysis.person_counts(bi, by="gender")["persons"].tolist()
[15, 8, 6]
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from ._inputs import Engine, EngineMissing, ExportFolderError, UnsupportedInput, engine_of

__all__ = ["Engine", "EngineMissing", "ExportFolderError", "UnsupportedInput", "engine_of",
           "runs_anywhere"]

Function = TypeVar("Function", bound=Callable[..., pd.DataFrame])


def runs_anywhere(function: Function) -> Function:
    """Let ``function`` (whose first argument is the segments) take any engine's table."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> pd.DataFrame:
        segments = args[0] if args else kwargs.get("segments")
        if isinstance(segments, pd.DataFrame):
            return function(*args, **kwargs)
        engine_of(segments)
        from ._frames import on_engine

        return on_engine(function, args, kwargs)

    return wrapper  # type: ignore[return-value]
