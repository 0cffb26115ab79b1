"""Reading the tables the charts are given (internal).

>>> import pandas as pd
>>> t = pd.DataFrame({"job_id": ["j"], "person": ["Ann"], "seconds": [3.0],
...                   "share_of_screen": [1.0]})
>>> label_columns(t), row_labels(t, label_columns(t))
(['job_id', 'person'], ['j · Ann'])
>>> pretty("screen_seconds"), value_column(t, ("persons", "seconds"))
('Screen seconds', 'seconds')
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from ..analysis.groups import group_order_key, is_age_column

__all__ = ["bucket_order", "label_columns", "order_rows", "pretty", "row_labels",
           "value_column", "wrap"]

def bucket_order(label: Any, column: str | None = "age") -> tuple[Any, ...]:
    """Sort key of a group label (``analysis.groups.group_order_key``): age groups by
    age, then other labels by text, "unknown" last.

    >>> sorted(["60-70", "unknown", "5-10", "male", "20-30"], key=bucket_order)
    ['5-10', '20-30', '60-70', 'male', 'unknown']
    """
    return group_order_key(label, column)


def order_rows(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``table`` in age order when the last of ``columns`` is an age column, else as is.

    >>> order_rows(pd.DataFrame({"age": ["40-50", "20-30"]}), ["age"])["age"].tolist()
    ['20-30', '40-50']
    """
    if not columns or not is_age_column(columns[-1]):
        return table
    column = columns[-1]
    values = table[column].astype("object").tolist()
    order = sorted(range(len(table)), key=lambda i: group_order_key(values[i], column))
    return table.iloc[order]


def label_columns(table: pd.DataFrame, skip: Sequence[str] = ()) -> list[str]:
    """The columns that name a row: every non-numeric column not in ``skip``."""
    return [c for c in table.columns if c not in skip
            and (is_bool_dtype(table[c]) or not is_numeric_dtype(table[c]))]


def row_labels(table: pd.DataFrame, columns: Sequence[str]) -> list[str]:
    """One label per row: its ``columns`` values joined by `` · `` (nulls read "unknown")."""
    if not columns:
        return [str(i) for i in range(len(table))]
    parts = [["unknown" if pd.isna(v) else str(v) for v in table[c]] for c in columns]
    return [" · ".join(values) for values in zip(*parts, strict=True)]


def value_column(table: pd.DataFrame, candidates: Sequence[str],
                 value: str | None = None) -> str:
    """``value`` if given (and present), else the first of ``candidates`` in ``table``."""
    names = [value] if value is not None else list(candidates)
    for name in names:
        if name in table.columns:
            return name
    raise KeyError(f"the table has none of the columns {', '.join(map(repr, names))}")


def pretty(name: str) -> str:
    """A column name as a label: ``age_years`` -> ``Age years``."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def wrap(label: str, width: int = 16) -> str:
    """``label`` broken into lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)
