"""aon: the helper package of the course "Alliance or Necessity?".

The package has three layers, and the tree shows them:

- the core, this folder: what a student's kernel loads: the readings and tables (:mod:`aon.data`,
  :mod:`aon.evidence`, :mod:`aon.codebook`, :mod:`aon.documents`), checks with friendly feedback
  (:mod:`aon.checks`, :mod:`aon.argument`), the course's figures (:mod:`aon.plots`, :mod:`aon.palette`);
- :mod:`aon.lessons`: one module per notebook, its analysis and its questions;
- :mod:`aon.grading` (the grader) and :mod:`aon.authoring` (instructor tools), which students never load.

A layer imports only the layers below it (``tests/test_architecture.py`` checks). Importing aon changes
nothing in the notebook; making a checker (every lesson's Setup cell does) turns on the course's short
error messages. Use ``help(aon.load_articles)`` (or any function) to read how it works.
"""
from __future__ import annotations

from .compat import install as _install_old_names
from .data import article_ids, article_info, article_text, load_articles, load_table
from .errors import CourseError

__all__ = [
    "CourseError",
    "article_ids",
    "article_info",
    "article_text",
    "load_articles",
    "load_table",
]

_install_old_names()  # notebooks released before 2.1 may import aon.timeline etc. (until 3.0)
