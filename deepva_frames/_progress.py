"""Progress bars: tqdm (notebook-aware) when wanted, a silent stand-in otherwise.

``progress=True`` always shows bars, ``False`` never; ``None`` shows them when stderr is a
terminal or the code runs in a Jupyter kernel. tqdm.auto (which may import IPython) is
imported only when a bar is actually shown.

>>> with progress_bar(False, total=3) as bar:
...     bar.update(3)
>>> progress_enabled(False)
False
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["NullBar", "in_notebook", "progress_bar", "progress_enabled"]


def in_notebook() -> bool:
    """True inside a Jupyter kernel (checked without importing IPython)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def progress_enabled(progress: bool | None) -> bool:
    """Resolve the ``progress`` setting: explicit True/False, or auto-detect for None."""
    if progress is not None:
        return bool(progress)
    stderr = sys.stderr
    try:
        tty = bool(stderr is not None and stderr.isatty())
    except (AttributeError, ValueError):
        tty = False
    return tty or in_notebook()


class NullBar:
    """A do-nothing bar with the parts of tqdm's interface the client uses."""

    n: float = 0
    total: float | None = None

    def update(self, n: float = 1) -> None:
        """Advance the (invisible) bar."""
        self.n += n

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        """Ignore a status text."""

    def refresh(self) -> None:
        """Nothing to redraw."""

    def close(self) -> None:
        """Nothing to close."""

    def __enter__(self) -> NullBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(enabled: bool, **kwargs: Any) -> Any:
    """A tqdm.auto bar when ``enabled`` (kwargs go to tqdm), else a NullBar.

    >>> type(progress_bar(False, total=10)).__name__
    'NullBar'
    """
    if not enabled:
        bar = NullBar()
        bar.total = kwargs.get("total")
        return bar
    from tqdm.auto import tqdm

    kwargs.setdefault("leave", False)
    kwargs.setdefault("dynamic_ncols", True)
    return tqdm(**kwargs)
