"""Generate one reference page per public module of deepva_frames, each name documented once.

A name re-exported by a package's ``__all__`` is documented on that package's page (the
name users import) and left off the page of the module that defines it, so every public
module, class and function appears exactly once and cross-references have one target.
The pages are written into ``docs/_api/`` when the build starts (git-ignored).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

PACKAGE = "deepva_frames"
SKIP_MODULES = {"deepva_frames.cli.main"}  # documented through deepva_frames.cli


def public_modules() -> list[str]:
    """Every module of the package with no private (``_x``) part in its dotted name."""
    package = importlib.import_module(PACKAGE)
    names = [PACKAGE]
    for info in pkgutil.walk_packages(package.__path__, PACKAGE + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(set(names) - SKIP_MODULES)


def _exported(module: Any) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items() if not n.startswith("_")
                 and getattr(v, "__module__", None) == module.__name__]
    return [n for n in names if not n.startswith("_") and hasattr(module, n)
            and not inspect.ismodule(getattr(module, n))]


def owners() -> dict[int, str]:
    """For each exported object, the one module whose page documents it: the shallowest
    module exporting it, a face (re-exporting) before the module defining it."""
    best: dict[int, tuple[int, int, str]] = {}
    for name in public_modules():
        module = importlib.import_module(name)
        for attr in _exported(module):
            obj = getattr(module, attr)
            defines = int(getattr(obj, "__module__", None) == name)
            rank = (name.count("."), defines, name)
            if id(obj) not in best or rank < best[id(obj)]:
                best[id(obj)] = rank
    return {key: rank[2] for key, rank in best.items()}


def _directive(obj: Any) -> str:
    if inspect.isclass(obj):
        return "autoclass"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return "autofunction"
    return "autodata"


def page(name: str) -> str:
    """The reST of one module's page."""
    module = importlib.import_module(name)
    owner = owners()
    lines = [f"``{name}``", "=" * (len(name) + 4), "", f".. automodule:: {name}",
             "   :no-members:", ""]
    for attr in _exported(module):
        obj = getattr(module, attr)
        if owner.get(id(obj), name) != name:
            continue
        options = ["   :members:", "   :show-inheritance:"] if inspect.isclass(obj) else []
        if _directive(obj) == "autodata":
            options = ["   :no-value:"]
        lines += [f".. {_directive(obj)}:: {name}.{attr}", *options, ""]
    return "\n".join(lines)


def write_pages(app: Any) -> None:
    out = Path(app.srcdir) / "_api"
    out.mkdir(exist_ok=True)
    wanted = {f"{name}.rst": page(name) for name in public_modules()}
    for stale in out.glob("*.rst"):
        if stale.name not in wanted:
            stale.unlink()
    for file_name, text in wanted.items():
        target = out / file_name
        if not target.exists() or target.read_text() != text:
            target.write_text(text)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", write_pages)
    return {"parallel_read_safe": True}
