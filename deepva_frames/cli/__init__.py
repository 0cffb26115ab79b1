"""The ``deepva-frames`` command line: one module per subcommand, the demo in ``demo/``.

>>> from deepva_frames.cli import main
>>> main(["--version"])  # doctest: +ELLIPSIS
deepva-frames ...
0
"""

from __future__ import annotations

from .main import build_parser, main

__all__ = ["build_parser", "main"]
