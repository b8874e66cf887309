"""aon: the helper package of the course "Alliance or Necessity?".

The tree shows its four layers:

- the core, the modules in this folder: what a student's kernel loads: the readings and tables
  (:mod:`aon.data`, :mod:`aon.evidence`, :mod:`aon.codebook`, :mod:`aon.documents`, :mod:`aon.ids`),
  checks with friendly feedback (:mod:`aon.checks`, :mod:`aon.argument`, :mod:`aon.locate`), the
  course's figures (:mod:`aon.plots`, :mod:`aon.palette`);
- :mod:`aon.lessons`: one module per notebook, its analysis and its questions;
- :mod:`aon.grading`: the grader; an exercise's notebook also loads the few of its modules that run the
  visible checks (``grading.student``, ``grading.checking``, ``grading.exercise_data``, ``grading.spec``);
- :mod:`aon.authoring`: the instructor's ``aon`` command, which no student kernel loads.

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
