"""The examples in the package's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import deepva_frames

# Modules whose docstrings draw or render need their heavy extras; all are installed
# with the package, so every module is checked.
MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(deepva_frames.__path__, "deepva_frames.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_every_public_function_has_a_docstring():
    missing = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            alias = getattr(obj, "__module__", None) in ("typing", "collections.abc")  # X[...]
            if callable(obj) and not alias and not (obj.__doc__ or "").strip():
                missing.append(f"{name}.{attr}")
    assert not missing, missing
