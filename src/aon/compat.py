"""Old module names, kept so that notebooks released before version 2.1 still run (until version 3.0).

Version 2.1 moved the lessons' code into :mod:`aon.lessons` (one module per notebook) and the
instructor tools into :mod:`aon.authoring`. A student's saved copy of an older notebook may still
say ``from aon.timeline import knowable`` or ``from aon.compare import show_full_text``; each old
name below is an alias of its new module, and a name that moved to the core (``show_full_text``,
``vocabulary``, ``event_links``, ...) is found there. Nothing in the course itself uses these names;
a test checks that each alias still imports (and that this module is gone by version 3.0).

Two old names have no alias. ``aon.lessons`` was the lesson builder and is now the lessons' package:
the builder is :mod:`aon.authoring.build`. ``aon.questions_compare_a`` and ``_b`` held the comparative
lessons' questions, which are now in each lesson's module (``aon.lessons.lesson10_timeline.questions``).
No notebook or exercise imported either.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

#: Old module name -> new module name.
OLD_NAMES = {
    "aon.questions_start": "aon.lessons.lesson00_start_here",
    "aon.questions": "aon.lessons.reading",
    "aon.timeline": "aon.lessons.lesson10_timeline",
    "aon.compare": "aon.lessons.lesson11_who_says_what",
    "aon.ach_matrix": "aon.lessons.lesson12_competing_hypotheses",
    "aon.claims": "aon.lessons.lesson13_claims_against_data",
    "aon.forecasts": "aon.lessons.lesson14_after_february_2022",
    "aon.reliability": "aon.lessons.lesson15_coding_reliability",
    "aon.readings": "aon.authoring.readings",
    "aon.validate": "aon.authoring.validate",
    "aon.site": "aon.authoring.site",
    "aon.cli": "aon.authoring.cli",
    "aon.commands": "aon.authoring.validate",
    "aon.coverage": "aon.authoring.coverage",
    "aon.nbio": "aon.authoring.nbio",
}
#: Where a name that left its old module now lives (looked up when the new module lacks it).
MOVED_TO_CORE = ("aon.evidence", "aon.data")


class _AliasModule(types.ModuleType):
    """An old module name: every attribute is read from the new module, or from the core it moved to."""

    def _target(self) -> types.ModuleType:
        return importlib.import_module(self.__dict__["_aon_target"])

    def __getattr__(self, name: str):
        if name == "__all__":  # `from aon.timeline import *` takes the new module's public names
            return [n for n in dir(self._target()) if not n.startswith("_")]
        for module in (self._target(), *map(importlib.import_module, MOVED_TO_CORE)):
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {self.__name__!r} has no attribute {name!r} "
                             f"(it is now {self.__dict__['_aon_target']}; see aon.compat)")

    def __dir__(self) -> list[str]:
        return sorted(set(dir(self._target())) | set(self.__dict__))


class _OldNames(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the old module names of :data:`OLD_NAMES` and gives each its alias module."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname in OLD_NAMES:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        module = _AliasModule(spec.name, f"Old name of {OLD_NAMES[spec.name]} (see aon.compat).")
        module.__dict__["_aon_target"] = OLD_NAMES[spec.name]
        return module

    def exec_module(self, module) -> None:
        """Nothing to run: the alias reads from its new module on first use."""

    def get_code(self, fullname: str):
        """For ``python -m aon.cli``: run the new module as the program, as the old name did."""
        return compile(f"import runpy\nrunpy.run_module({OLD_NAMES[fullname]!r}, run_name=__name__, alter_sys=True)\n",
                       f"<{fullname}: an old name of {OLD_NAMES[fullname]}>", "exec")


def install() -> None:
    """Let the old module names import (once per process; :mod:`aon` calls it)."""
    if not any(isinstance(finder, _OldNames) for finder in sys.meta_path):
        sys.meta_path.append(_OldNames())
