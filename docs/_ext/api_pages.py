"""Generate one reference page per public module of deepva_frames, each name documented once.

A name re-exported by a package's ``__all__`` is documented on that package's page (the
name users import) and left off the page of the module that defines it, so every public
module, class and function appears exactly once and cross-references have one target.
The pages are written into ``docs/_api/`` when the build starts (git-ignored).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any, TypeVar

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


@functools.cache
def owners() -> dict[tuple[int, str], str]:
    """For each exported object and name (``(id(obj), name)``: equal small ints or strings
    are one object), the one module whose page documents it: the shallowest module
    exporting it, a face (re-exporting) before the module defining it."""
    best: dict[tuple[int, str], tuple[int, int, str]] = {}
    for name in public_modules():
        module = importlib.import_module(name)
        for attr in _exported(module):
            obj = getattr(module, attr)
            defines = int(getattr(obj, "__module__", None) == name)
            rank = (name.count("."), defines, name)
            key = (id(obj), attr)
            if key not in best or rank < best[key]:
                best[key] = rank
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
             "   :no-members:", *_no_index_if_shadowed(name), ""]
    for attr in _exported(module):
        obj = getattr(module, attr)
        if owner.get((id(obj), attr), name) != name:
            continue
        options = ["   :members:", "   :show-inheritance:"] if inspect.isclass(obj) else []
        if _directive(obj) == "autodata":
            options = ["   :no-value:"]
        lines += [f".. {_directive(obj)}:: {name}.{attr}", *options, ""]
    return "\n".join(lines)


def _no_index_if_shadowed(name: str) -> list[str]:
    """``:no-index:`` for a module whose dotted name is also a name its package exports
    (``deepva_frames.overlay.render`` the module and the function): the exported name
    keeps the cross-reference target, the module page still shows the module's text."""
    parent, _, attr = name.rpartition(".")
    exported = _exported(importlib.import_module(parent)) if parent else []
    return ["   :no-index:"] if attr in exported else []


def _drop_type_docstring(app: Any, what: str, name: str, obj: Any, options: Any,
                         lines: list[str]) -> None:
    """A constant with no doc comment of its own gets no text, rather than the docstring
    of its type (``dict``'s, ``tuple``'s), which is not about it and does not render."""
    if what not in ("data", "attribute") or inspect.isclass(obj) or callable(obj):
        return
    doc = type(obj).__doc__
    own = inspect.cleandoc(doc).splitlines() if isinstance(doc, str) else []
    if own and [line.rstrip() for line in lines if line.strip()] == [
            line.rstrip() for line in own if line.strip()]:
        lines.clear()


def _private(dotted: str) -> bool:
    return any(part.startswith("_") for part in dotted.split("."))


def _lookup(path: str) -> tuple[Any, list[str]] | None:
    """The longest importable module prefix of dotted ``path`` and the attribute names
    after it, if those attributes exist; else None."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        obj = module
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return None
            obj = getattr(obj, attr)
        return module, parts[cut:]
    return None


def _documented_name(target: str, module: str | None, cls: str | None,
                     source: str = "") -> str | None:
    """The name under which the object ``target`` (as written in a docstring of
    ``module``, in class ``cls``) is documented, resolving it as Python would: in the
    namespace of the class, then of the module, then of the module that defines the
    docstring (``source``: "...docstring of <dotted name>"), then as an absolute path."""
    defined = source.rpartition("docstring of ")[2].split(".") if "docstring of " in source else []
    scopes = [f"{module}.{cls}" if module and cls else None, module,
              *(".".join(defined[:cut]) for cut in range(len(defined), 0, -1)), ""]
    for scope in (s for s in scopes if s is not None):
        found = _lookup(f"{scope}.{target}" if scope else target)
        if found is None or not found[1]:
            continue
        namespace, (head, *tail) = found
        top = getattr(namespace, head)
        holder = owners().get((id(top), head))
        if holder is not None:
            return ".".join([holder, head, *tail])
    return None


def _resolve_by_namespace(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a short or re-exported reference (``:func:`to_parquet``` in the module
    defining it, documented on its package's page) to the page that documents it.
    A reference to a name that does not exist stays unresolved (and fails the build)."""
    if node.get("refdomain") != "py":
        return None
    found = _lookup(node["reftarget"])
    if found and isinstance(getattr(found[0], found[1][0], None) if found[1] else None, TypeVar):
        return contnode  # a type parameter (``K``, ``V``) is text, not a documented name
    if found and found[1] and _private(found[0].__name__) and (
            id(getattr(found[0], found[1][0])), found[1][0]) not in owners():
        return contnode  # a private helper in a type hint: shown as its name, not linked
    name = _documented_name(node["reftarget"], node.get("py:module"), node.get("py:class"),
                            node.source or "")
    if name is None or name == node["reftarget"]:
        return None
    return env.get_domain("py").resolve_xref(env, node["refdoc"], app.builder,
                                             node["reftype"], name, node, contnode)


def _public_bases(app: Any, name: str, obj: Any, options: Any, bases: list[Any]) -> None:
    """Show a private base class (``_FileError``) through its own bases, which are public."""
    def public(base: Any) -> list[Any]:
        private = base.__name__.startswith("_") or any(
            part.startswith("_") for part in base.__module__.split("."))
        if private and base.__module__.startswith(PACKAGE):
            return [b for parent in base.__bases__ for b in public(parent)]
        return [base]
    bases[:] = list(dict.fromkeys(b for base in bases for b in public(base)))


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
    # before napoleon (priority 500) rewrites the type's numpy sections
    app.connect("autodoc-process-docstring", _drop_type_docstring, priority=400)
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("missing-reference", _resolve_by_namespace)
    return {"parallel_read_safe": True}
