"""Visible checks in the student notebooks: ``check = Checker("ex02-pandas")`` then ``check("q1")``.

A check reads the question's answer variables from the notebook, turns them into
plain values exactly as the grader will (:mod:`.values`), runs the exercise's
visible check (``checks.py`` next to the notebook), and prints a friendly line:
not answered yet, a hint, or a pass with the reminder that hidden tests also count
(or, for a question read by a person, that the rubric decides). It never raises and never
shows the answer. ``check("q1")`` returns None, so Jupyter shows only the message; the result
is in ``check.passed["q1"]``, or ``check.passes("q1")`` returns it as True/False.
"""
from __future__ import annotations

import inspect
import json
from pathlib import Path

from ..errors import did_you_mean
from .values import UNANSWERED, blank_to_unanswered, from_plain, to_plain

HIDDEN_ALSO_COUNT = "Passing this visible check is not the whole grade: hidden tests also count."
READ_BY_A_PERSON = "This answer is read by a person, who scores it with the rubric."


def _find_checks(exercise_id: str) -> Path | None:
    from .spec import release_root

    for folder in (Path.cwd(), release_root() / exercise_id):
        candidate = folder / "checks.py"
        if candidate.is_file() and f'"{exercise_id}"' in candidate.read_text(encoding="utf-8"):
            return candidate
    return None


class Checker:
    """The visible checks of one exercise."""

    def __init__(self, exercise_id: str):
        from .spec import load_checks

        self.exercise_id = exercise_id
        self.passed: dict[str, bool] = {}
        path = _find_checks(exercise_id)
        self.checks = load_checks(path, exercise_id) if path else {}
        if not self.checks:
            print(f"The checks of exercise '{exercise_id}' were not found. Open the notebook from "
                  f"exercises/release/{exercise_id}/ (with checks.py beside it) to use check(...).")

    def __call__(self, qid: str) -> None:
        """Run the visible check of question ``qid`` and print feedback (the result: ``self.passed[qid]``)."""
        self.passes(qid, _frame=inspect.currentframe().f_back)

    def passes(self, qid: str, _frame=None) -> bool:
        """Run the visible check of question ``qid``; print feedback; return True if it passes."""
        namespace = (_frame or inspect.currentframe().f_back).f_globals
        result = self._run(qid, namespace)
        self.passed[qid] = result
        return result

    def _run(self, qid: str, namespace: dict) -> bool:
        if qid not in self.checks:
            print(f"There is no question '{qid}' in this exercise.{did_you_mean(str(qid), self.checks)} "
                  f"Questions: {', '.join(self.checks)}.")
            return False
        check = self.checks[qid]
        missing = [name for name in check.variables if name not in namespace]
        if missing:
            print(f"❌ {qid}: `{missing[0]}` is not defined yet: run the answer cell above; "
                  "if it showed an error, fix that first.")
            return False
        values = {name: blank_to_unanswered(from_plain(json.loads(json.dumps(to_plain(namespace[name])))))
                  for name in check.variables}
        if all(value is UNANSWERED for value in values.values()):
            print(f"❌ {qid}: not answered yet. Replace the ... in the answer cell, run it, then run this check again.")
            return False
        try:
            problem = check.check(values)
        except Exception as exc:  # noqa: BLE001 - a check must never crash the notebook
            problem = f"the check could not read your answer ({type(exc).__name__}); look at its type and shape."
        if problem:
            print(f"❌ {qid}: {problem}")
            return False
        print(f"✅ {qid}: passes the visible check. {READ_BY_A_PERSON if check.manual else HIDDEN_ALSO_COUNT}")
        return True
