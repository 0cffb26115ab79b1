"""Sphinx configuration of the deepva_frames documentation.

Build: ``sphinx-build -W --keep-going -n -b html docs docs/_build/html`` (strict: a warning,
a broken cross-reference or a docstring that fails to render fails the build).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from deepva_frames import __version__

project = "deepva_frames"
author = "the deepva_frames developers"
release = version = __version__
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "myst_parser",
    "schema_tables",
    "api_pages",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "img/README.md"]
myst_heading_anchors = 3

autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_numpy_docstring = True
napoleon_google_docstring = False

# Strict about our own names; external libraries have no inventory offline (no network).
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(pandas|pd|pyarrow|pa|numpy|np|matplotlib|requests|urllib3|ipywidgets|cv2|"
               r"duckdb|pyspark|polars|tqdm|jinja2|markupsafe|av|pysubs2|pympi|filelock)(\..*)?"),
    (r"py:.*", r"(collections|typing|os|pathlib|datetime|random|argparse|http|email|io|"
               r"concurrent|threading|urllib|socket|json|re|types|enum|abc)(\..*)?"),
    (r"py:class", r"(Path|PathLike|Any|Callable|Iterable|Iterator|Mapping|Sequence|TypeAlias)"),
    (r"py:class", r"(dict|list|tuple|set|frozenset)\[.*"),
    # pyspark's types, imported under TYPE_CHECKING only (bare names in the signatures)
    (r"py:class", r"(DataFrame|SparkSession)"),
    # urllib3's Retry, bare in the signature inherited from requests' HTTPAdapter
    (r"py:class", r"Retry"),
    # our type aliases (Literal[...], tuples) as Sphinx < 9 (the newest for Python 3.10)
    # leaves them in signatures: bare names without a target of their own
    (r"py:class", r"(ErrorMode|BGR|Responder)"),
]

# DuckDB's SQL (struct literals like {'job_id': VARCHAR}) is more than Pygments' SQL lexer
# knows; the blocks are still shown, highlighted in relaxed mode.
suppress_warnings = ["misc.highlighting_failure"]

html_theme = "furo"
html_title = f"deepva_frames {version}"
html_static_path: list[str] = []
