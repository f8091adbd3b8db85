"""Every module of the package imports: feature views load on first use, so a broken import
would otherwise surface only when a user first opens that screen."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import desktop

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(desktop.__path__, "desktop.")
    if ".migrations" not in m.name and not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name: str) -> None:
    importlib.import_module(name)
