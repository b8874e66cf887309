"""Visible checks in the student notebooks: ``check = Checker("ex02-pandas")`` then ``check("q1")``.

A check reads the question's answer variables from the notebook, turns them into
plain values exactly as the grader will (:mod:`.values`), runs the exercise's
visible check (``checks.py`` next to the notebook), and prints a friendly line:
not answered yet, a hint, or a pass: the first pass in a notebook adds the reminder that hidden
tests also count (once, not after every check); a question read by a person says that the rubric decides. It never raises and never
shows the answer. ``check("q1")`` returns None, so Jupyter shows only the message; the result
is in ``check.passed["q1"]``, or ``check.passes("q1")`` returns it as True/False.
"""
from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

from ..checks import NOT_YET, PASSED, CheckerBase
from ..checks import UNANSWERED as UNANSWERED_MARK
from .spec import load_checks, release_root
from .values import UNANSWERED, blank_to_unanswered, from_plain, to_plain

HIDDEN_ALSO_COUNT = "Passing this visible check is not the whole grade: hidden tests also count."
READ_BY_A_PERSON = "This answer is read by a person, who scores it with the rubric."


def _find_checks(exercise_id: str) -> Path | None:
    for folder in (Path.cwd(), release_root() / exercise_id):
        candidate = folder / "checks.py"
        if candidate.is_file() and f'"{exercise_id}"' in candidate.read_text(encoding="utf-8"):
            return candidate
    return None


class Checker(CheckerBase):
    """The visible checks of one exercise (what it shares with a lesson's checker: :class:`aon.checks.CheckerBase`)."""

    unit = "exercise"

    def __init__(self, exercise_id: str):
        super().__init__()
        self.exercise_id = exercise_id
        path = _find_checks(exercise_id)
        self.checks = load_checks(path, exercise_id) if path else {}
        if not self.checks:
            print(f"The checks of exercise '{exercise_id}' were not found. Open the notebook from "
                  f"exercises/release/{exercise_id}/ (with checks.py beside it) to use check(...).")

    def question_ids(self) -> list[str]:
        return list(self.checks)

    def _check(self, qid: str, namespace: dict, answer: Any = Ellipsis) -> bool:
        """Run the visible check of question ``qid`` on the notebook's variables (``answer`` is not used:
        an exercise's question may read several variables)."""
        return self._outcome(qid, namespace) == "pass"

    def all(self) -> None:
        """Run every visible check once more, then say what is left and what to submit.

        The last cell of each exercise calls it. It prints each question's line as ``check("qN")``
        does, then a summary; like every check, it never shows an answer.
        """
        namespace = inspect.currentframe().f_back.f_globals
        outcomes = {qid: self._outcome(qid, namespace) for qid in self.checks}
        self.passed.update({qid: outcome == "pass" for qid, outcome in outcomes.items()})
        print()
        print(submission_summary(outcomes, [q for q, c in self.checks.items() if c.manual]))

    def _outcome(self, qid: str, namespace: dict) -> str:
        """Print the check's message; return "pass", "unanswered", "not_run" (a variable is missing) or "fix"."""
        check = self.checks[qid]
        missing = [name for name in check.variables if name not in namespace]
        if missing:
            print(f"{NOT_YET} {qid}: `{missing[0]}` is not defined yet: run the answer cell above; "
                  "if it showed an error, fix that first.")
            return "not_run"
        values = {name: _plain(namespace[name]) for name in check.variables}
        if all(value is UNANSWERED for value in values.values()):
            print(f"{UNANSWERED_MARK} {qid}: not answered yet. Replace the ... in the answer cell, run it, then run this check again.")
            return "unanswered"
        values.update({name: _plain(namespace[name]) if name in namespace else UNANSWERED
                       for name in getattr(check, "context", []) if name not in values})
        try:
            problem = check.check(values)
        except Exception as exc:  # noqa: BLE001 - a check must never crash the notebook
            problem = f"the check could not read your answer ({type(exc).__name__}); look at its type and shape."
        if problem:
            print(f"{NOT_YET} {qid}: {problem}")
            return "fix"
        print(f"{PASSED} {qid}: passes the visible check.{self._reminder(check.manual)}")
        return "pass"

    def _reminder(self, manual: bool) -> str:
        """What follows a pass: who reads a written answer; for the first automatic one, that hidden tests also count.

        The "not the whole grade" notice is said once per notebook (and again in ``check.all()``'s summary), not
        after every passing check.
        """
        if manual:
            return f" {READ_BY_A_PERSON}"
        return f" {HIDDEN_ALSO_COUNT}" if self.first_notice() else ""


def _plain(value):
    """An answer as the grader will see it: rebuilt from plain JSON, an untouched starter as UNANSWERED."""
    return blank_to_unanswered(from_plain(json.loads(json.dumps(to_plain(value)))))


def submission_summary(outcomes: dict[str, str], manual: list[str], notebook: str | None = None) -> str:
    """The words under ``check.all()``, from each question's outcome ("pass", "unanswered", "not_run" or "fix")."""
    notebook = notebook if notebook is not None else os.environ.get("JPY_SESSION_NAME", "")
    unanswered = [q for q, outcome in outcomes.items() if outcome == "unanswered"]
    not_run = [q for q, outcome in outcomes.items() if outcome == "not_run"]
    to_fix = [q for q, outcome in outcomes.items() if outcome == "fix"]
    passing = len(outcomes) - len(unanswered) - len(not_run) - len(to_fix)
    lines = [f"Visible checks: {passing} of {len(outcomes)} pass."]
    if unanswered:
        lines.append(f"Not answered yet: {', '.join(unanswered)}.")
    if not_run:
        lines.append(f"Answer cell not run, or it stopped with an error: {', '.join(not_run)}. "
                     "Run it and fix any error, starting with the first one in the notebook.")
    if to_fix:
        lines.append(f"With a hint above: {', '.join(to_fix)}. An answer that is partly right still earns part of the points.")
    if manual:
        lines.append(f"Read by a person with the rubric: {', '.join(manual)}.")
    lines.append("Passing the visible checks is not the whole grade: hidden tests also count.")
    where = f"this file, {notebook}" if notebook.endswith(".ipynb") else "this notebook file"
    lines.append(f"To submit: save (File → Save Notebook), then hand in {where}.")
    return "\n".join(lines)
