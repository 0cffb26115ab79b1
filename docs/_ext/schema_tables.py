"""A Sphinx directive that renders the tidy tables' schemas from the code.

``.. schema-tables::`` writes one section per table of ``deepva_frames.schemas.TABLES``,
with each column's name, Arrow type and description as ``schemas.describe`` gives them,
so the documentation of the columns cannot drift from their declaration.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.statemachine import StringList


def table_lines(name: str) -> list[str]:
    """The reST of one table's section: a heading and a list-table of its columns."""
    from deepva_frames import schemas

    frame = schemas.describe(name)
    lines = [name, "-" * len(name), "", ".. list-table::", "   :header-rows: 1",
             "   :widths: 20 25 55", "", "   * - column", "     - type", "     - description"]
    for column, typ, text in frame[["column", "type", "description"]].itertuples(index=False):
        lines += [f"   * - ``{column}``", f"     - ``{typ}``", f"     - {text}"]
    return [*lines, ""]


class SchemaTables(Directive):
    """Every table's columns, from ``deepva_frames.schemas``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from deepva_frames import schemas

        lines: list[str] = []
        for name in schemas.TABLES:
            lines += table_lines(name)
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(StringList(lines, source="deepva_frames.schemas"), 0,
                                container, match_titles=True)
        return list(container.children)


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("schema-tables", SchemaTables)
    return {"parallel_read_safe": True}
