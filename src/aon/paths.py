"""Where the course's files are.

The project root is the nearest folder, from the current working directory
upwards, that holds ``data/datapackage.json``; failing that, the checkout this
package was installed from. Setting the environment variable ``AON_ROOT``
overrides both (the tests use it to work on a temporary copy).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def project_root() -> Path:
    """Return the folder that holds ``data/``, ``notebooks/`` and ``exercises/``."""
    return _find_root(os.environ.get("AON_ROOT") or "", os.getcwd())


@lru_cache(maxsize=16)
def _find_root(override: str, cwd: str) -> Path:
    """The search behind :func:`project_root`, done once per value of ``AON_ROOT`` and working directory."""
    if override:
        return Path(override).resolve()
    here = Path(cwd).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file() and (folder / "pyproject.toml").is_file():
            return folder
    return _PACKAGE_ROOT


def data_dir() -> Path:
    """Return the course's ``data/`` folder."""
    return project_root() / "data"


def articles_dir() -> Path:
    """Return the folder of article texts, ``data/articles/``."""
    return data_dir() / "articles"


def notebooks_dir() -> Path:
    """Return the folder of lesson notebooks."""
    return project_root() / "notebooks"


def exercises_dir() -> Path:
    """Return the folder of graded exercises."""
    return project_root() / "exercises"
