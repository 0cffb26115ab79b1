"""The common shape of the explorers: a ``.widget`` that the notebook displays.

>>> import ipywidgets as w
>>> class Hello(Explorer):
...     def __init__(self):
...         self.widget = w.HTML("hello")
>>> "application/vnd.jupyter.widget-view+json" in Hello()._repr_mimebundle_()
True
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

__all__ = ["Explorer"]


class Explorer:
    """Base of the explorers: ``.widget`` is the top-level ipywidgets container.

    An explorer displays as its widget (the last expression of a notebook cell, or
    ``display(explorer)``); :meth:`close` closes every widget of it.
    """

    widget: w.Widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close the widgets (they disappear from the notebook).

        >>> import ipywidgets as w
        >>> e = Explorer()
        >>> e.widget = w.VBox([w.HTML("x")])
        >>> e.close()
        """
        for child in _descendants(self.widget):
            child.close()


def _descendants(widget: w.Widget) -> list[w.Widget]:
    children = list(getattr(widget, "children", ()))
    return [d for c in children for d in _descendants(c)] + [widget]
