"""Knowledge graph: nodes, attributes, comparisons, descriptions, suggestions, imports.

Attribute values are text in ``value`` (strings as they are, anything else as JSON
text, which ``value_json`` also holds so the type survives). A list value gives one
row per element with ``value_index`` 0, 1, ...; an empty list one row with
``value_json`` "[]".

>>> from deepva_frames import flatten
>>> page = {"total": 2, "offset": 0, "data": [{"name": "occupation",
...         "value": ["basketball player", "coach"]}, {"name": "height", "value": 2.13}]}
>>> flatten.kg_attributes(page, node_id=24478)[["name", "value", "value_index"]].values.tolist()
[['occupation', 'basketball player', 0], ['occupation', 'coach', 1], ['height', '2.13', <NA>]]

>>> flatten.kg_attribute_descriptions({"name": "height", "description": None, "static": True,
...                            "type": "float"}).loc[0, "type"]
'float'
>>> flatten.kg_attributes({"name": "name", "value": "Dirk Nowitzki"}, node_id=24478
...               ).loc[0, ["node_id", "value"]].tolist()
['24478', 'Dirk Nowitzki']
>>> df = flatten.kg_compare({"name": "occupation", "value": "basketball player", "common": True},
...                 node_id=24478, other_node_id=36209)
>>> df[["other_node_id", "common"]].to_dict("records")
[{'other_node_id': '36209', 'common': True}]
>>> flatten.kg_imports({"id": "i", "state": "waiting", "time_created": "2022-04-19T15:15:18Z",
...             "time_completed": None}, import_format="broadcast").loc[0, "state"]
'waiting'
>>> flatten.kg_nodes({"id": 18378, "name": "Donald Trump", "type": "person",
...           "relevance": {"type": "pagerank", "value": 76.732}}
...          )[["node_id", "relevance_type", "relevance_value"]].to_dict("records")
[{'node_id': '18378', 'relevance_type': 'pagerank', 'relevance_value': 76.732}]
>>> flatten.kg_search_suggestions(["Freiburg im Breisgau", "Freitag"], query="frei",
...                       attribute="place_of_birth")["suggestion"].tolist()
['Freiburg im Breisgau', 'Freitag']
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd

from ._convert import dumps, payload_error
from ._public import rows_build
from ._records import Row, Spec, convert_values, split

__all__ = ["BUILDS", "kg_attributes_wide", "value_cells"]

NODES = Spec.of("kg_nodes")

ATTRIBUTES = Spec.of("kg_attributes")
COMPARE = Spec.of("kg_compare")
DESCRIPTIONS = Spec.of("kg_attribute_descriptions")
IMPORTS = Spec.of("kg_imports")


def value_cells(value: Any) -> list[tuple[str | None, int | None, str | None]]:
    """``(value, value_index, value_json)`` rows of one attribute value.

    >>> value_cells("a"), value_cells([1, "b"]), value_cells([])
    ([('a', None, None)], [('1', 0, '1'), ('b', 1, None)], [(None, None, '[]')])
    """
    if isinstance(value, list):
        if not value:
            return [(None, None, "[]")]
        return [(_text(v), i, _json(v)) for i, v in enumerate(value)]
    return [(_text(value), None, _json(value))]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) or value is None else dumps(value)


def _json(value: Any) -> str | None:
    return None if isinstance(value, str) or value is None else dumps(value)


def _attribute_rows(spec: Spec) -> Any:
    def rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
        values, rest = split(spec.table, record, {**spec.keys, "value": ("value",)}, record,
                             index)
        row = convert_values(spec, values, rest, record, index)
        row.update({column: context.get(column) for column in spec.context})
        row["extra"] = dumps(rest) if rest else None
        for text, position, value_json in value_cells(values["value"]):
            yield {**row, "value": text, "value_index": position, "value_json": value_json}
    return rows


def _suggestion_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    if not isinstance(record, str):
        raise payload_error("kg_search_suggestions",
                            f"a suggestion is a string, got {type(record).__name__}", index)
    yield {"query": context.get("query"), "attribute": context.get("attribute"),
           "rank": index, "suggestion": record}


def kg_attributes_wide(df: pd.DataFrame) -> pd.DataFrame:
    """One row per node, one column per attribute name (in order of first appearance).

    An attribute that is multi-valued for any node (a list value, or several rows for
    one node) holds a list in every node that has it; other attributes hold scalars.
    Values are decoded (``value_json`` when present, else the text). Nodes without
    the attribute hold None.

    >>> from deepva_frames.flatten import kg_attributes
    >>> long = kg_attributes([{"name": "occupation", "value": ["player"]},
    ...                       {"name": "height", "value": 2.13}], node_id=1)
    >>> kg_attributes_wide(long).to_dict("records")
    [{'node_id': '1', 'occupation': ['player'], 'height': 2.13}]
    """
    cells: dict[Any, dict[str, list[Any]]] = {}
    multi: set[str] = set()
    for node, name, text, position, value_json in zip(
            *(df[c].astype(object).where(df[c].notna(), None) for c in
              ("node_id", "name", "value", "value_index", "value_json")), strict=True):
        values = cells.setdefault(node, {}).setdefault(name, [])
        decoded = json.loads(value_json) if value_json is not None else text
        if position is not None or isinstance(decoded, list):
            multi.add(name)
        if not (position is None and isinstance(decoded, list)):
            values.append(decoded)
        if len(values) > 1:
            multi.add(name)
    columns = _names(cells, "node_id")
    return pd.DataFrame(_wide_rows(cells, multi, columns), columns=columns, dtype=object)


def _wide_rows(cells: Mapping[Any, Mapping[str, list[Any]]], multi: set[str],
               columns: list[str]) -> list[list[Any]]:
    rows = []
    for node, attrs in cells.items():
        values = {name: v if name in multi else v[0] for name, v in attrs.items()}
        rows.append([node, *(values.get(name) for name in columns[1:])])
    return rows


def _names(cells: Mapping[Any, Mapping[str, Any]], first: str) -> list[str]:
    columns = {first: None}
    for attrs in cells.values():
        columns.update(dict.fromkeys(attrs))
    return list(columns)


BUILDS = {"kg_attributes": rows_build("kg_attributes", _attribute_rows(ATTRIBUTES)),
          "kg_compare": rows_build("kg_compare", _attribute_rows(COMPARE)),
          "kg_search_suggestions": rows_build("kg_search_suggestions", _suggestion_rows)}
