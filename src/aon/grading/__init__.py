"""Graded exercises: release student versions, grade a class, give feedback.

The design (see ``exercises/README.md`` for the why):

- an exercise is a folder ``exercises/source/<id>/`` with the instructor notebook
  (solutions marked), ``checks.py`` (visible checks, shipped to students) and
  ``tests.py`` (points and hidden tests, never shipped);
- ``aon release`` writes the student version to ``exercises/release/<id>/``;
- ``aon grade`` runs each submission's code in a child process forked from a warm
  grader (time and memory limits, an audit hook), receives only the answer values as
  plain JSON, and runs the tests in the grader's own process on those values.
"""
from __future__ import annotations

from .spec import Exercise, load_exercise, list_exercises

__all__ = ["Exercise", "load_exercise", "list_exercises"]
