"""Knowledge graph: nodes, attributes, comparisons, descriptions, suggestions, imports.

Attribute values are text in ``value`` (strings as they are, anything else as JSON
text, which ``value_json`` also holds so the type survives). A list value gives one
row per element with ``value_index`` 0, 1, ...; an empty list one row with
``value_json`` "[]".

>>> page = {"total": 2, "offset": 0, "data": [{"name": "occupation",
...         "value": ["basketball player", "coach"]}, {"name": "height", "value": 2.13}]}
>>> kg_attributes(page, node_id=24478)[["name", "value", "value_index"]].values.tolist()
[['occupation', 'basketball player', 0], ['occupation', 'coach', 1], ['height', '2.13', <NA>]]
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import to_pandas
from ._convert import dumps, payload_error
from ._records import Row, Spec, collect, collect_spec, convert_values, split

__all__ = ["kg_attribute_descriptions", "kg_attribute_descriptions_arrow", "kg_attributes",
           "kg_attributes_arrow", "kg_attributes_wide", "kg_compare", "kg_compare_arrow",
           "kg_imports", "kg_imports_arrow", "kg_nodes", "kg_nodes_arrow",
           "kg_search_suggestions", "kg_search_suggestions_arrow"]

NODES = Spec("kg_nodes", {
    "node_id": ("id",), "custom_id": ("custom_id",), "name": ("name",), "type": ("type",),
    "description": ("description",), "relevance_type": ("relevance", "type"),
    "relevance_value": ("relevance", "value"),
}, required=("node_id",), context=("of_node_id",))

ATTRIBUTES = Spec("kg_attributes", {"name": ("name",)}, required=("name",),
                  context=("node_id",))
COMPARE = Spec("kg_compare", {"name": ("name",), "common": ("common",)}, required=("name",),
               context=("node_id", "other_node_id"))
DESCRIPTIONS = Spec("kg_attribute_descriptions", {
    "name": ("name",), "description": ("description",), "static": ("static",),
    "type": ("type",),
}, required=("name",))
IMPORTS = Spec("kg_imports", {
    "import_id": ("id",), "state": ("state",), "time_created": ("time_created",),
    "time_completed": ("time_completed",),
}, required=("import_id",), context=("import_format",))


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
        row = convert_values(spec, values, record, index)
        row.update({column: context.get(column) for column in spec.context})
        row["extra"] = dumps(rest) if rest else None
        for text, position, value_json in value_cells(values["value"]):
            yield {**row, "value": text, "value_index": position, "value_json": value_json}
    return rows


def kg_nodes_arrow(payload: Any, *, of_node_id: str | int | None = None) -> pa.Table:
    """The kg_nodes table as Arrow (see :func:`kg_nodes`).

    >>> kg_nodes_arrow([]).num_rows
    0
    """
    return collect_spec(NODES, payload, {"of_node_id": of_node_id})


def kg_nodes(payload: Any, *, of_node_id: str | int | None = None) -> pd.DataFrame:
    """One row per node: summaries (listing, similar, related) or one node's description.

    ``of_node_id`` names the node a similar/related listing is about (inferred from
    ``.../nodes/<id>/similar`` page-store paths).

    >>> kg_nodes({"id": 18378, "name": "Donald Trump", "type": "person",
    ...           "relevance": {"type": "pagerank", "value": 76.732}}
    ...          )[["node_id", "relevance_type", "relevance_value"]].to_dict("records")
    [{'node_id': '18378', 'relevance_type': 'pagerank', 'relevance_value': 76.732}]
    """
    return to_pandas(kg_nodes_arrow(payload, of_node_id=of_node_id))


def kg_attributes_arrow(payload: Any, *, node_id: str | int | None = None) -> pa.Table:
    """The kg_attributes table as Arrow (see :func:`kg_attributes`).

    >>> kg_attributes_arrow([]).num_rows
    0
    """
    return collect(ATTRIBUTES.table, payload, {"node_id": node_id}, _attribute_rows(ATTRIBUTES))


def kg_attributes(payload: Any, *, node_id: str | int | None = None) -> pd.DataFrame:
    """One row per attribute value of node ``node_id`` (several rows when multi-valued).

    >>> kg_attributes({"name": "name", "value": "Dirk Nowitzki"}, node_id=24478
    ...               ).loc[0, ["node_id", "value"]].tolist()
    ['24478', 'Dirk Nowitzki']
    """
    return to_pandas(kg_attributes_arrow(payload, node_id=node_id))


def kg_compare_arrow(payload: Any, *, node_id: str | int | None = None,
                     other_node_id: str | int | None = None) -> pa.Table:
    """The kg_compare table as Arrow (see :func:`kg_compare`).

    >>> kg_compare_arrow([]).num_rows
    0
    """
    return collect(COMPARE.table, payload, {"node_id": node_id, "other_node_id": other_node_id},
                   _attribute_rows(COMPARE))


def kg_compare(payload: Any, *, node_id: str | int | None = None,
               other_node_id: str | int | None = None) -> pd.DataFrame:
    """One row per attribute value of the comparison of ``node_id`` against ``other_node_id``.

    >>> df = kg_compare({"name": "occupation", "value": "basketball player", "common": True},
    ...                 node_id=24478, other_node_id=36209)
    >>> df[["other_node_id", "common"]].to_dict("records")
    [{'other_node_id': '36209', 'common': True}]
    """
    return to_pandas(kg_compare_arrow(payload, node_id=node_id, other_node_id=other_node_id))


def kg_attribute_descriptions_arrow(payload: Any) -> pa.Table:
    """The kg_attribute_descriptions table as Arrow (see :func:`kg_attribute_descriptions`).

    >>> kg_attribute_descriptions_arrow([]).num_rows
    0
    """
    return collect_spec(DESCRIPTIONS, payload, {})


def kg_attribute_descriptions(payload: Any) -> pd.DataFrame:
    """One row per attribute the graph knows: name, description, static, type.

    >>> kg_attribute_descriptions({"name": "height", "description": None, "static": True,
    ...                            "type": "float"}).loc[0, "type"]
    'float'
    """
    return to_pandas(kg_attribute_descriptions_arrow(payload))


def _suggestion_rows(record: Any, context: Mapping[str, str], index: int) -> Iterator[Row]:
    if not isinstance(record, str):
        raise payload_error("kg_search_suggestions",
                            f"a suggestion is a string, got {type(record).__name__}", index)
    yield {"query": context.get("query"), "attribute": context.get("attribute"),
           "rank": index, "suggestion": record}


def kg_search_suggestions_arrow(payload: Any, *, query: str | None = None,
                                attribute: str | None = None) -> pa.Table:
    """The kg_search_suggestions table as Arrow (see :func:`kg_search_suggestions`).

    >>> kg_search_suggestions_arrow([]).num_rows
    0
    """
    return collect("kg_search_suggestions", payload, {"query": query, "attribute": attribute},
                   _suggestion_rows)


def kg_search_suggestions(payload: Any, *, query: str | None = None,
                          attribute: str | None = None) -> pd.DataFrame:
    """One row per suggestion (a plain list of strings in the API), ranked from 0.

    >>> kg_search_suggestions(["Freiburg im Breisgau", "Freitag"], query="frei",
    ...                       attribute="place_of_birth")["suggestion"].tolist()
    ['Freiburg im Breisgau', 'Freitag']
    """
    return to_pandas(kg_search_suggestions_arrow(payload, query=query, attribute=attribute))


def kg_imports_arrow(payload: Any, *, import_format: str | None = None) -> pa.Table:
    """The kg_imports table as Arrow (see :func:`kg_imports`).

    >>> kg_imports_arrow([]).num_rows
    0
    """
    return collect_spec(IMPORTS, payload, {"import_format": import_format})


def kg_imports(payload: Any, *, import_format: str | None = None) -> pd.DataFrame:
    """One row per knowledge-graph import status (``import_format``: e.g. broadcast).

    >>> kg_imports({"id": "i", "state": "waiting", "time_created": "2022-04-19T15:15:18Z",
    ...             "time_completed": None}, import_format="broadcast").loc[0, "state"]
    'waiting'
    """
    return to_pandas(kg_imports_arrow(payload, import_format=import_format))


def kg_attributes_wide(df: pd.DataFrame) -> pd.DataFrame:
    """One row per node, one column per attribute name (in order of first appearance).

    An attribute that is multi-valued for any node (a list value, or several rows for
    one node) holds a list in every node that has it; other attributes hold scalars.
    Values are decoded (``value_json`` when present, else the text). Nodes without
    the attribute hold None.

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
