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


#: Set this environment variable to ``0`` (or ``no``, ``off``, ``false``) to run the course as if it had
#: only the quotes of the evidence table, not the full article texts (see data/reference/RIGHTS.md).
FULL_TEXTS_ENV = "AON_FULL_TEXTS"
#: A file of this name in ``data/articles/`` marks a copy of the course whose texts were reduced to the
#: quoted passages (written by ``scripts/without_full_texts.py``); it says where to read each text.
EXCERPTS_MARKER = "EXCERPTS_ONLY.md"


def full_texts_included(root: Path | None = None) -> bool:
    """Return True if this copy of the course may show the full article texts.

    False when the environment variable ``AON_FULL_TEXTS`` is ``0`` (or ``no``, ``off``, ``false``),
    or when ``data/articles/EXCERPTS_ONLY.md`` exists (a copy made without the full texts). Then
    :func:`aon.data.article_text` keeps only the passages the evidence table quotes, at their places.
    """
    if os.environ.get(FULL_TEXTS_ENV, "").strip().lower() in {"0", "no", "off", "false"}:
        return False
    folder = (root / "data" / "articles") if root else articles_dir()
    return not (folder / EXCERPTS_MARKER).is_file()
