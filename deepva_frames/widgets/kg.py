"""The knowledge-graph browser: search nodes, then a node's attributes, similar and
related nodes.

>>> import deepva_frames as dvf
>>> b = kg_browser(dvf.sample_client())
>>> b.search.value = "Lindqvist"
>>> b.results.options, b.results.value
((('Mara Lindqvist (person)', '52011'),), '52011')
>>> "news anchor" in b.attributes.value, b.related_nodes["name"].tolist()[:2]
(True, ['Nordlicht Broadcasting', 'Gothenburg'])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from ..errors import DeepVAError
from ._base import Explorer
from ._render import html_table, message

__all__ = ["NODE_TYPES", "KGBrowser", "kg_browser"]

NODE_TYPES = ("person", "asset", "subasset", "broadcast")
NODE_COLUMNS = ["name", "type", "relevance_value", "node_id"]


def _table(fetch: Callable[[], Any]) -> tuple[pd.DataFrame, str | None]:
    """``fetch()`` as a table, or an empty one and the error's text."""
    try:
        table = fetch()
    except DeepVAError as exc:
        return pd.DataFrame(), str(exc)
    return (table if isinstance(table, pd.DataFrame) else pd.DataFrame(table)), None


def _shown(table: pd.DataFrame, columns: list[str], error: str | None, empty: str) -> str:
    if error:
        return message(f"not available: {error}")
    return html_table(table[[c for c in columns if c in table.columns]], empty=empty)


class KGBrowser(Explorer):
    """Browse the knowledge graph through ``client`` (see :func:`kg_browser`).

    Child widgets: ``search`` (Text; a search runs on Enter, on leaving the box, on
    setting its value, or with ``search_button``), ``node_type`` (Dropdown: any type or
    one of :data:`NODE_TYPES`), ``results`` (Select of the matching nodes: choosing one
    shows it), ``status`` and ``details`` (HTML), ``attributes``, ``similar``,
    ``related`` (HTML tables). The shown tables are ``found``, ``node_attributes``,
    ``similar_nodes`` and ``related_nodes`` (DataFrames).

    >>> import deepva_frames as dvf
    >>> b = KGBrowser(dvf.sample_client(), search="zzz")
    >>> b.results.options, b.status.value
    ((), '<i>no node matches “zzz”</i>')
    """

    def __init__(self, client: Any, *, search: str = "", node_type: str | None = None,
                 limit: int = 50):
        self.client, self.limit = client, limit
        self.search = w.Text(value=search, placeholder="a name, e.g. Lindqvist",
                             description="search", continuous_update=False)
        self.search_button = w.Button(description="Search", icon="search")
        self.node_type = w.Dropdown(options=[("any type", None), *[(t, t) for t in NODE_TYPES]],
                                    value=node_type, description="type")
        self.results = w.Select(options=[], rows=8, description="nodes",
                                layout=w.Layout(width="auto"))
        self.status, self.details = w.HTML(), w.HTML()
        self.attributes, self.similar, self.related = w.HTML(), w.HTML(), w.HTML()
        self.found = self.node_attributes = self.similar_nodes = self.related_nodes = (
            pd.DataFrame())
        self.widget = self._layout()
        self.results.observe(lambda change: self.show_node(change["new"]), "value")
        self.run_search()
        self.search.observe(lambda _: self.run_search(), "value")
        self.node_type.observe(lambda _: self.run_search(), "value")
        self.search_button.on_click(lambda _: self.run_search())

    def _layout(self) -> w.Widget:
        def titled(title: str, body: w.Widget) -> w.Widget:
            return w.VBox([w.HTML(f"<b>{title}</b>"), body])

        tables = w.HBox([titled("Attributes", self.attributes),
                         titled("Similar nodes", self.similar),
                         titled("Related nodes", self.related)])
        return w.VBox([w.HBox([self.search, self.node_type, self.search_button]),
                       self.status, self.results, self.details, tables])

    def run_search(self) -> None:
        """List the nodes matching the search text and type; show the first.

        >>> import deepva_frames as dvf
        >>> b = KGBrowser(dvf.sample_client(), node_type="person")
        >>> len(b.results.options), b.status.value
        (6, '6 nodes')
        """
        text = self.search.value.strip() or None
        table, error = _table(lambda: self.client.kg_nodes(
            type=self.node_type.value, search=text, limit=self.limit))
        self.found = table
        if error:
            self.status.value = message(f"search failed: {error}")
        elif table.empty:
            self.status.value = message(f"no node matches “{text}”" if text else "no nodes")
        else:
            self.status.value = f"{len(table)} node{'s' if len(table) != 1 else ''}"
        options = [(f"{n} ({t})", str(i)) for n, t, i in
                   zip(table.get("name", []), table.get("type", []), table.get("node_id", []),
                       strict=True)]
        self.results.options = options      # resets the value: the details clear
        if options:
            self.results.value = options[0][1]
        else:
            self.show_node(None)

    def show_node(self, node_id: str | None) -> None:
        """Show ``node_id``'s description, attributes, similar and related nodes (None clears).

        >>> import deepva_frames as dvf
        >>> b = KGBrowser(dvf.sample_client(), search="Hamburg")
        >>> b.show_node("13102"); b.similar.value.startswith("<i>not available")
        True
        """
        if node_id is None:
            self.node_attributes = self.similar_nodes = self.related_nodes = pd.DataFrame()
            self.details.value = self.attributes.value = ""
            self.similar.value = self.related.value = ""
            return
        node, error = _table(lambda: pd.DataFrame([self.client.kg_node(node_id)]))
        self.details.value = message(error) if error else _describe(node.iloc[0])
        self.node_attributes, error = _table(lambda: self.client.kg_node_attributes(node_id))
        self.attributes.value = _shown(self.node_attributes, ["name", "value"], error,
                                       "no attributes")
        self.similar_nodes, error = _table(lambda: self.client.kg_similar(node_id))
        self.similar.value = _shown(self.similar_nodes, NODE_COLUMNS, error, "none")
        self.related_nodes, error = _table(lambda: self.client.kg_related(node_id))
        self.related.value = _shown(self.related_nodes, NODE_COLUMNS, error, "none")


def _describe(node: pd.Series) -> str:
    import html

    name = html.escape(str(node.get("name", "")))
    kind = html.escape(str(node.get("type", "")))
    text = node.get("description")
    about = html.escape(str(text)) if isinstance(text, str) else ""
    return f"<h4 style='margin:4px 0'>{name} <small>({kind})</small></h4><p>{about}</p>"


def kg_browser(client: Any, *, search: str = "", node_type: str | None = None,
               limit: int = 50) -> KGBrowser:
    """A knowledge-graph browser over ``client``: search, then a node's details.

    ``search``: the first search text (empty: the most relevant nodes); ``node_type``:
    None or one of :data:`NODE_TYPES`; ``limit``: nodes listed per search (the live
    graph is large). Similar or related nodes the client cannot fetch (for example
    not recorded in an offline store) show as "not available".

    >>> import deepva_frames as dvf
    >>> b = kg_browser(dvf.sample_client(), search="Okafor")
    >>> b.node_attributes.query("name == 'occupation'")["value"].tolist()
    ['meteorologist', 'television presenter']
    """
    return KGBrowser(client, search=search, node_type=node_type, limit=limit)
