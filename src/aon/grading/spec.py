"""What an exercise is, and how it is loaded.

An exercise lives in ``exercises/source/<exercise_id>/``:

- ``<exercise_id>.ipynb``: the instructor notebook, with solutions (see :mod:`.release`);
- ``checks.py``: ``CHECKS = {qid: Check(...)}``, the visible checks; copied to the
  student version, so they must never contain an answer;
- ``tests.py``: ``TESTS = {qid: Hidden(...)}`` (points and hidden scoring of the
  automatic questions) and ``MANUAL = {qid: Manual(...)}`` (questions graded by a
  person, with a rubric). Never copied to the student version.

A check or test receives ``values``: a dict of the question's answer variables,
rebuilt by the grader from plain JSON (see :mod:`.values`).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import CourseError, unknown_value_error
from ..paths import exercises_dir

Values = dict[str, Any]


@dataclass
class Check:
    """A visible check: ``check(values)`` returns None if it passes, else a hint (never the answer).

    ``manual=True`` for a question read by a person (``MANUAL`` in ``tests.py``): when the check passes,
    the student is told that a person reads the answer rather than that hidden tests count.
    ``context`` names other answers the visible check compares this one with in the notebook (e.g. the
    argument with the ids listed in Q2); they are not part of the question's answer, and a check reads
    them with ``values.get(name)``, since the grader passes only ``variables``.
    """

    variables: list[str]
    check: Callable[[Values], str | None]
    title: str = ""
    manual: bool = False
    context: list[str] = field(default_factory=list)


@dataclass
class Hidden:
    """Points and hidden scoring of an automatic question: ``score(values)`` returns a fraction in [0, 1]."""

    points: float
    score: Callable[[Values], float]


@dataclass
class Criterion:
    """One row of a rubric: a name and a description per level (highest first)."""

    name: str
    levels: list[str]


@dataclass
class Manual:
    """A question graded by a person with a rubric."""

    points: float
    variables: list[str] = field(default_factory=list)  # taken from the visible check
    rubric: list[Criterion] = field(default_factory=list)
    title: str = ""

    @property
    def top_score(self) -> int:
        """The highest score of a criterion (its number of levels): 4 for the course's rubrics."""
        return len(self.rubric[0].levels) if self.rubric else 0

    def points_for(self, scores: list[int]) -> float:
        """Turn the rubric scores (one per criterion, 1 to the top score) into the question's points.

        points × (total of the scores) / (top score × criteria), rounded to one decimal: all top scores
        give every point.
        """
        if len(scores) != len(self.rubric) or any(not 1 <= s <= self.top_score for s in scores):
            raise CourseError(f"Give one score from 1 to {self.top_score} for each of the {len(self.rubric)} criteria.")
        return round(self.points * sum(scores) / (self.top_score * len(self.rubric)), 1)

    def rule(self, qid: str) -> str:
        """The conversion rule in words, as the exercise and the grader's page state it."""
        most = self.top_score * len(self.rubric)
        return (f"Score each criterion from 1 to {self.top_score} ({self.top_score} is the highest). "
                f"{qid.upper()}'s points are {self.points:g} × total / {most}, rounded to one decimal: all "
                f"{self.top_score}s give {self.points:g} points, all 1s give {self.points_for([1] * len(self.rubric)):g}.")

    def table(self) -> str:
        """The rubric as a Markdown table: one row per criterion, one column per score, highest first."""
        top = self.top_score
        lines = ["| criterion | " + " | ".join(str(top - i) for i in range(top)) + " |", "|---" * (top + 1) + "|"]
        lines += [f"| {c.name} | " + " | ".join(c.levels) + " |" for c in self.rubric]
        return "\n".join(lines)

    def markdown(self, qid: str) -> str:
        """The rubric with its heading and rule, for the exercise notebook."""
        return f"### Rubric for {qid.upper()}\n\n{self.rule(qid)}\n\n{self.table()}"


@dataclass
class Question:
    """A question as the grader sees it (visible check + hidden scoring, or manual)."""

    qid: str
    points: float
    variables: list[str]
    title: str
    check: Callable[[Values], str | None] | None
    score: Callable[[Values], float] | None
    manual: Manual | None = None
    context: list[str] = field(default_factory=list)   # other answers the visible check reads (never the hidden test)


@dataclass
class Exercise:
    """One exercise: its notebook, questions and the fingerprint of its tests."""

    exercise_id: str
    title: str
    source_dir: Path
    questions: dict[str, Question]
    fingerprint: str
    outline: Callable[[Values], str] | None = None

    @property
    def notebook(self) -> Path:
        return self.source_dir / f"{self.exercise_id}.ipynb"

    @property
    def variables(self) -> list[str]:
        seen: list[str] = []
        for question in self.questions.values():
            seen += [v for v in [*question.variables, *question.context] if v not in seen]
        return seen

    @property
    def auto_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.manual is None]

    @property
    def manual_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.manual is not None]

    @property
    def auto_max(self) -> float:
        return sum(q.points for q in self.auto_questions)


def source_root(source: Path | None = None) -> Path:
    """Return the folder of exercise sources (default ``exercises/source``)."""
    return Path(source) if source else exercises_dir() / "source"


def release_root(release: Path | None = None) -> Path:
    """Return the folder of student versions (default ``exercises/release``)."""
    return Path(release) if release else exercises_dir() / "release"


def list_exercises(source: Path | None = None) -> list[str]:
    """Return the ids of the exercises in the source folder, sorted."""
    root = source_root(source)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / f"{p.name}.ipynb").is_file())


def load_module(path: Path, name: str, text: bytes | None = None) -> ModuleType:
    """Import a Python file as a module under a private name (from ``text``, its bytes read earlier, if given)."""
    if text is not None:
        module = ModuleType(name)
        module.__file__ = str(path)
        exec(compile(text, str(path), "exec"), module.__dict__)   # noqa: S102 - the instructor's own file
        return module
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CourseError(f"Cannot import {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_checks(path: Path, exercise_id: str, text: bytes | None = None) -> dict[str, Check]:
    """Load the visible checks of an exercise from its ``checks.py`` (or from ``text``, its bytes read earlier)."""
    module = load_module(path, f"aon_exercise_checks_{exercise_id.replace('-', '_')}", text)
    return dict(module.CHECKS)


def load_exercise(exercise_id: str, source: Path | None = None, files: dict[str, bytes] | None = None) -> Exercise:
    """Load an exercise's questions, visible checks and hidden tests from its source folder.

    ``files`` (file name -> bytes, see :class:`.guard.Snapshot`): use these bytes, read before grading
    started, instead of the files on disk now.
    """
    root = source_root(source)
    known = list_exercises(root)
    if exercise_id not in known:
        raise unknown_value_error("Exercise", exercise_id, known, f"Exercises in {root}: {', '.join(known) or 'none'}.")
    folder = root / exercise_id
    files = files if files is not None else {name: (folder / name).read_bytes()
                                             for name in ("checks.py", "tests.py", f"{exercise_id}.ipynb")}
    checks = load_checks(folder / "checks.py", exercise_id, files["checks.py"])
    tests = load_module(folder / "tests.py", f"aon_exercise_tests_{exercise_id.replace('-', '_')}", files["tests.py"])
    hidden: dict[str, Hidden] = dict(getattr(tests, "TESTS", {}))
    manual: dict[str, Manual] = dict(getattr(tests, "MANUAL", {}))
    nb = json.loads(files[f"{exercise_id}.ipynb"].decode("utf-8"))
    title = nb.get("metadata", {}).get("aon_exercise", {}).get("title", exercise_id)
    questions: dict[str, Question] = {}
    for qid in list(dict.fromkeys([*checks, *hidden, *manual])):
        check = checks.get(qid)
        if check is None:
            raise CourseError(f"{folder}/checks.py: question '{qid}' needs a visible check (it declares the answer variables).")
        if qid in manual:
            m = manual[qid]
            m.variables = list(check.variables)
            questions[qid] = Question(qid, m.points, list(m.variables), m.title or (check.title if check else qid),
                                      check.check if check else None, None, m, list(check.context))
        elif qid in hidden:
            if check is None:
                raise CourseError(f"{folder}/tests.py: question '{qid}' has hidden tests but no visible check in checks.py.")
            questions[qid] = Question(qid, hidden[qid].points, list(check.variables), check.title or qid,
                                      check.check, hidden[qid].score, context=list(check.context))
        else:
            raise CourseError(f"{folder}/checks.py: question '{qid}' has no points in tests.py (TESTS or MANUAL).")
    digest = hashlib.sha256()
    for name in ("checks.py", "tests.py", f"{exercise_id}.ipynb"):
        digest.update(files[name])
    return Exercise(exercise_id, title, folder, questions, digest.hexdigest(), getattr(tests, "outline", None))
