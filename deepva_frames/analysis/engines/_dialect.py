"""The two spellings the shared SQL needs: identifiers and string literals (internal).

The analysis queries are one text for DuckDB and Spark SQL. Both read standard window
functions, ``IS NOT DISTINCT FROM``, ``greatest``/``least`` and ``CAST(x AS STRING)``
alike; they differ only in how a name is quoted and how a string literal escapes.

>>> DUCKDB.name("age group"), SPARK.name("age group")
('"age group"', '`age group`')
>>> DUCKDB.text("it's"), SPARK.text("it's")
("'it''s'", "'it\\\\'s'")
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DUCKDB", "SPARK", "Dialect"]


@dataclass(frozen=True)
class Dialect:
    """How one engine quotes names and writes string literals."""

    engine: str
    quote: str
    backslash_escapes: bool

    def name(self, column: str) -> str:
        """``column`` as a quoted identifier (braces doubled: queries are format strings)."""
        text = column.replace(self.quote, self.quote * 2)
        return _braced(f"{self.quote}{text}{self.quote}")

    def names(self, columns: list[str], prefix: str = "") -> str:
        """Quoted identifiers joined by commas, each after ``prefix`` (e.g. ``"c."``)."""
        return ", ".join(prefix + self.name(column) for column in columns)

    def text(self, value: str) -> str:
        """``value`` as a string literal."""
        if self.backslash_escapes:
            return _braced("'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'")
        return _braced("'" + value.replace("'", "''") + "'")


def _braced(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


DUCKDB = Dialect("duckdb", '"', backslash_escapes=False)
SPARK = Dialect("spark", "`", backslash_escapes=True)
