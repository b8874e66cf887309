"""nbformat, imported on first use.

Importing nbformat takes about a second (its JSON-schema validator compiles a grammar), which
every ``aon`` command would pay even when it never touches a notebook. ``from .nbio import nbformat``
gives a stand-in that imports the real module the first time one of its attributes is used.
"""
from __future__ import annotations

import importlib
from types import ModuleType


class _LazyModule:
    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)


nbformat = _LazyModule("nbformat")
