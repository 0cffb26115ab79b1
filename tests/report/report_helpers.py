"""Helpers of the report tests: the report's tables read back from its HTML (stdlib
HTMLParser, not the code that wrote them), and figures computed independently in plain
Python from the tidy segments (no ``deepva_frames.analysis``).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

import pandas as pd

SAMPLE_REPORTS = {"74b61b47-297e-52aa-9b4e-376fa0da5253": "Evening News — week 41",
                  "79560736-56fd-51cf-aeca-45851b21d65d": "Monday",
                  "7ed89105-f39d-5df3-805a-c92a45718725": "Tuesday"}
WEEK, MONDAY = "74b61b47-297e-52aa-9b4e-376fa0da5253", "79560736-56fd-51cf-aeca-45851b21d65d"
DIVERSITY, FACES = "advanced_diversity_analysis", "face_recognition"


@dataclass
class HtmlTable:
    """One ``<table>``: its column keys and labels, and per row the (text, data-value)."""

    table_id: str
    keys: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    rows: list[list[tuple[str, str]]] = field(default_factory=list)
    csv_href: str | None = None

    def column(self, key: str, *, values: bool = True) -> list[str]:
        i = self.keys.index(key)
        return [row[i][1 if values else 0] for row in self.rows]

    def as_dict(self, key: str, value: str) -> dict[str, float]:
        """``{row's key text: float(value's data-value)}``."""
        return {k: float(v) if v else float("nan")
                for k, v in zip(self.column(key), self.column(value), strict=True)}


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, HtmlTable] = {}
        self.headings: list[tuple[str, str]] = []
        self._table: HtmlTable | None = None
        self._last: HtmlTable | None = None
        self._cell: list[str] | None = None
        self._value = ""
        self._in_head = False
        self._heading: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = HtmlTable(str(a.get("id")))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None and not self._in_head:
            self._table.rows.append([])
        elif tag in ("th", "td") and self._table is not None:
            self._cell, self._value = [], a.get("data-value") or ""
            if self._in_head:
                self._table.keys.append(str(a.get("data-key")))
                self._table.kinds.append(str(a.get("data-kind")))
        elif tag == "a" and self._last is not None and "download" in a:
            self._last.csv_href = a.get("href")
        elif tag in ("h1", "h2", "h3"):
            self._heading = (tag, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._table is not None and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_head:
                self._table.labels.append(text)
            else:
                self._table.rows[-1].append((text, self._value))
            self._cell = None
        elif tag == "table" and self._table is not None:
            self.tables[self._table.table_id] = self._last = self._table
            self._table = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append((tag, " ".join("".join(self._heading[1]).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading[1].append(data)


def parse(html: str) -> _Tables:
    """The tables (by id) and headings of a report page."""
    parser = _Tables()
    parser.feed(html)
    return parser


def csv_rows(href: str) -> list[dict[str, str]]:
    """The rows of a ``data:text/csv`` link."""
    head, _, body = href.partition(",")
    assert head == "data:text/csv;charset=utf-8"
    # Python 3.10's csv reader refuses a NUL: carry it through a private-use character
    text = unquote(body).replace("\x00", "\ue000")
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return [{k: v.replace("\ue000", "\x00") for k, v in row.items()} for row in rows]


def seconds_of(text: str) -> float:
    """``1:23.4`` / ``1:02:03.5`` as seconds."""
    sign = -1.0 if text.startswith("-") else 1.0
    total = 0.0
    for part in text.lstrip("-").split(":"):
        total = total * 60 + float(part)
    return sign * total


def shown_value(text: str, kind: str) -> float | None:
    """The number a reader sees in a cell of ``kind`` (None for text columns)."""
    if kind == "seconds":
        return seconds_of(text)
    if kind == "share":
        assert text.endswith(" %"), text
        return float(text[:-2]) / 100
    if kind in ("count", "number"):
        return float(text)
    return None


def union_length(intervals: list[tuple[float, float]]) -> float:
    """Length of the union of ``[start, end)`` intervals (sweep over sorted starts)."""
    total, end = 0.0, float("-inf")
    for start, stop in sorted(intervals):
        if stop <= end:
            continue
        total += stop - max(start, end)
        end = stop
    return total


def union_by(segments: pd.DataFrame, column: str) -> dict[str, float]:
    """Per value of ``column``: the union of its intervals within each (job, source),
    summed. Null values read as "unknown"."""
    buckets: dict[tuple, list] = defaultdict(list)
    for row in segments.to_dict("records"):
        value = row[column]
        label = "unknown" if value is None or pd.isna(value) else str(value)
        buckets[(label, row["job_id"], row["source"])].append(
            (row["time_start"], row["time_end"]))
    out: dict[str, float] = defaultdict(float)
    for (label, _, _), intervals in buckets.items():
        out[label] += union_length(intervals)
    return dict(out)


def person_seconds_by(segments: pd.DataFrame, column: str) -> dict[str, float]:
    """DeepVA's definition: per face (job, source, person) the union of its segments,
    summed per value of ``column`` (the face's first segment's value)."""
    faces: dict[tuple, list] = defaultdict(list)
    labels: dict[tuple, str] = {}
    for row in segments.sort_values("time_start", kind="stable").to_dict("records"):
        face = (row["job_id"], row["source"], row["person"])
        faces[face].append((row["time_start"], row["time_end"]))
        labels.setdefault(face, str(row[column]))
    out: dict[str, float] = defaultdict(float)
    for face, intervals in faces.items():
        out[labels[face]] += union_length(intervals)
    return dict(out)


def jobs_below(batches: pd.DataFrame, batch_jobs: dict[str, list[str]],
               batch_id: str) -> list[str]:
    """The jobs of a batch and of every batch below it (walked here, independently)."""
    out, todo = [], [batch_id]
    while todo:
        current = todo.pop()
        out.extend(batch_jobs.get(current, []))
        todo.extend(batches.loc[batches["parent_id"] == current, "batch_id"])
    return list(dict.fromkeys(out))
