"""Graded exercises: release student versions, grade a class, give feedback.

The design (see ``exercises/README.md`` for the why):

- an exercise is a folder ``exercises/source/<id>/`` with the instructor notebook
  (solutions marked), ``checks.py`` (visible checks, shipped to students) and
  ``tests.py`` (points and hidden tests, never shipped);
- ``aon release`` writes the student version to ``exercises/release/<id>/``;
- ``aon grade`` runs each submission's code in a child process forked from a warm
  worker inside the operating system's sandbox (time and memory limits, an audit hook),
  receives only the answer values as plain JSON, and runs the tests in the grader's own
  process on those values.

The modules, lower layers first (a module imports only modules listed before it, and none
imports :mod:`.cli`):

- :mod:`.spec` (what an exercise is), :mod:`.values` (answers as plain JSON), :mod:`.guard`
  (the sources read before grading, what may be shown), :mod:`.release` (student versions);
- :mod:`.checking` and :mod:`.exercise_data` (used by the exercises' checks and tests),
  :mod:`.student` (``check("q1")`` in a student's notebook);
- :mod:`.submissions` (finding and reading submissions), :mod:`.sandbox` and :mod:`.worker`
  (running them), :mod:`.final` (totals from a gradebook), :mod:`.report` (gradebook,
  feedback, pages for graders);
- :mod:`.grader` (grading a folder), then :mod:`.cli` (the ``aon`` subcommands).
"""
from __future__ import annotations

from .spec import Exercise, list_exercises, load_exercise

__all__ = ["Exercise", "load_exercise", "list_exercises"]
