"""Small HTML blocks for notebook reprs (``_repr_html_``): escaped text, tables' heads.

>>> import pandas as pd
>>> html = table_block("jobs", pd.DataFrame({"job_id": ["a", "b"]}), head=1)
>>> "jobs" in html and "2 rows × 1 column" in html and ">a<" in html and ">b<" not in html
True
>>> fields("Client", [("base URL", "https://x/<y>")])  # doctest: +ELLIPSIS
'<div class="dvf-repr"><b>Client</b><table>...https://x/&lt;y&gt;...</table></div>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["fields", "ids_text", "table_block"]

HEAD_ROWS = 5


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def table_block(title: str, table: pd.DataFrame, *, head: int = HEAD_ROWS) -> str:
    """``title``, the table's shape and its first ``head`` rows as an HTML table."""
    shape = f"{_plural(len(table), 'row')} × {_plural(table.shape[1], 'column')}"
    body = table.head(head).to_html(max_cols=12, border=0, na_rep="", escape=True)
    return (f"<details open><summary><b>{html.escape(title)}</b> ({shape})</summary>"
            f"{body}</details>")


def fields(title: str, rows: Iterable[tuple[str, str]], *, blocks: Sequence[str] = ()) -> str:
    """A titled two-column table of ``(name, value)`` text rows, then HTML ``blocks``."""
    cells = "".join(f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
                    f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
                    for name, value in rows)
    return (f'<div class="dvf-repr"><b>{html.escape(title)}</b><table>{cells}</table>'
            f'{"".join(blocks)}</div>')


def ids_text(ids: Sequence[str], *, shown: int = 5) -> str:
    """``ids`` counted, the first ``shown`` of them listed.

    >>> ids_text(["a", "b", "c"], shown=2), ids_text([])
    ('3: a, b, …', '0')
    """
    if not ids:
        return "0"
    listed = ", ".join(ids[:shown]) + (", …" if len(ids) > shown else "")
    return f"{len(ids)}: {listed}"
