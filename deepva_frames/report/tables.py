"""Tables of a report: a DataFrame with typed columns, shown formatted, kept exact.

Each cell carries its display text (``1:23``, ``45.1 %``) and its exact value (the
``data-value`` attribute of the HTML cell), and each table leaves for a spreadsheet as
CSV (exact values; seconds as numbers): a ``data:`` URI in the page, or a file beside
the report.

>>> import pandas as pd
>>> t = Table("people", "Screen time per person", [Column("person", "Person"),
...     Column("seconds", "Screen time", "seconds"), Column("share", "Share", "share")],
...     pd.DataFrame({"person": ["Ann"], "seconds": [83.44], "share": [0.4512]}))
>>> [(c.text, c.value) for c in t.rows()[0]]
[('Ann', 'Ann'), ('1:23', '83.44'), ('45.1 %', '0.4512')]
>>> t.csv_text().splitlines()
['person,seconds,share', 'Ann,83.44,0.4512']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple
from urllib.parse import quote

import pandas as pd

from ..plot import format_duration

__all__ = ["Cell", "Column", "Table", "format_value"]

Kind = Literal["text", "seconds", "share", "count", "number", "bool"]


class Cell(NamedTuple):
    """One table cell: what a reader sees, and the exact value behind it."""

    text: str
    value: str
    numeric: bool


@dataclass(frozen=True)
class Column:
    """A column of a report table: the frame's column ``key``, shown as ``label``."""

    key: str
    label: str
    kind: Kind = "text"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_value(value: Any, kind: Kind) -> str:
    """The display text of ``value``: seconds as every chart writes them
    (:func:`deepva_frames.plot.format_duration`), a percentage for shares.

    >>> format_value(75.25, "seconds"), format_value(0.5, "share"), format_value(3.0, "count")
    ('1:15', '50.0 %', '3')
    >>> format_value(float("nan"), "share"), format_value(True, "bool")
    ('—', 'yes')
    """
    if _missing(value):
        return "—"
    if kind == "seconds":
        return format_duration(float(value))
    if kind == "share":
        return f"{100 * float(value):.1f} %"
    if kind == "count":
        return f"{float(value):g}"
    if kind == "number":
        return f"{float(value):.2f}"
    if kind == "bool":
        return "yes" if value else "no"
    return str(value)


def _exact(value: Any, kind: Kind) -> str:
    if _missing(value):
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("seconds", "share", "count", "number"):
        return repr(float(value)) if kind != "count" else f"{float(value):g}"
    return str(value)


@dataclass(frozen=True)
class Table:
    """A report table; ``table_id`` names its HTML id and its CSV file."""

    table_id: str
    caption: str
    columns: list[Column]
    frame: pd.DataFrame
    note: str = ""

    def rows(self) -> list[list[Cell]]:
        """The cells, row by row, in column order."""
        numeric = {c.key: c.kind not in ("text", "bool") for c in self.columns}
        return [[Cell(format_value(row[c.key], c.kind), _exact(row[c.key], c.kind),
                      numeric[c.key]) for c in self.columns]
                for row in self.frame.to_dict("records")]

    @property
    def is_empty(self) -> bool:
        """Whether the table has no rows (the page says so instead of drawing it)."""
        return self.frame.empty

    @property
    def csv_name(self) -> str:
        return f"{self.table_id}.csv"

    def csv_text(self) -> str:
        """The table as CSV: exact values (seconds as numbers), headed by the column
        names of :mod:`deepva_frames.analysis` (``seconds``, ``share_of_media``, ...)."""
        lines = [[c.key for c in self.columns], *([cell.value for cell in row]
                                                  for row in self.rows())]
        return "".join(",".join(map(_csv_field, line)) + "\r\n" for line in lines)

    def data_uri(self) -> str:
        """The CSV as a ``data:`` URI for a download link."""
        return "data:text/csv;charset=utf-8," + quote(self.csv_text())


def _csv_field(value: object) -> str:
    """One RFC 4180 field, as spreadsheets read it (the csv module of Python 3.10 cannot
    write every text, e.g. one holding a NUL).

    >>> [_csv_field(v) for v in ("a", 'a"b', "x,y", None, 0.5)]
    ['a', '"a""b"', '"x,y"', '', '0.5']
    """
    text = "" if value is None else str(value)
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
