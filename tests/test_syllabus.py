"""docs/syllabus.md stays true to the course: every lesson listed with the time it states, every
exercise with the points its questions add up to, and the plans' reading times add up.

The lessons change between versions (the comparative ones are being extended), so the syllabus
names them by title and takes each time from the lesson itself; this test says which line to fix.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from aon.authoring.catalogue import lesson_notebooks, student_notebooks

ROOT = Path(__file__).resolve().parents[1]
SYLLABUS = ROOT / "docs" / "syllabus.md"
ROW = re.compile(r"^\| (\d{2}) \| \[[^\]]+\]\(\.\./(notebooks/[^)]+\.ipynb)\) \| (\d+) min \|$", re.M)
EXERCISE_ROW = re.compile(r"^\| \[[^\]]+\]\(\.\./(exercises/[^)]+\.ipynb)\) \| [^|]+ \| (\d+) \|", re.M)


def stated_minutes(notebook: Path) -> int | None:
    """The minutes a lesson states at its top ('**Estimated time:** 50 minutes')."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) for c in cells[:4] if c["cell_type"] == "markdown")
    match = re.search(r"\*\*Estimated time:\*\*\s*(\d+)\s*minutes", text)
    return int(match.group(1)) if match else None


def question_points(notebook: Path) -> int:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return sum(int(n) for n in re.findall(r"^## Q\d+ \((\d+) points?", text, re.M))


def lesson_time_problems(syllabus: str) -> list[str]:
    listed = {path: int(minutes) for _, path, minutes in ROW.findall(syllabus)}
    problems = []
    for notebook in lesson_notebooks(ROOT):
        name = notebook.relative_to(ROOT).as_posix()
        stated = stated_minutes(notebook)
        if name not in listed:
            problems.append(f"{name} is not in the syllabus's 'Lessons at a glance' table")
        elif stated is not None and listed[name] != stated:
            problems.append(f"{name}: the syllabus says {listed[name]} min, the lesson states {stated} minutes")
    problems += [f"{path} is listed but does not exist" for path in listed if not (ROOT / path).is_file()]
    return problems


def test_every_lesson_is_listed_with_the_time_it_states():
    assert lesson_time_problems(SYLLABUS.read_text(encoding="utf-8")) == []


def test_a_wrong_or_missing_time_is_caught():
    syllabus = SYLLABUS.read_text(encoding="utf-8")
    first = ROW.search(syllabus)
    wrong = syllabus.replace(first.group(0), first.group(0).replace(f"| {first.group(3)} min |", "| 999 min |"))
    assert any("999 min" in p for p in lesson_time_problems(wrong))
    assert any("not in the syllabus" in p for p in lesson_time_problems(syllabus.replace(first.group(0), "")))


def test_exercise_points_are_those_of_their_questions():
    syllabus = SYLLABUS.read_text(encoding="utf-8")
    listed = {path: int(points) for path, points in EXERCISE_ROW.findall(syllabus)}
    published = [p.relative_to(ROOT).as_posix() for p in student_notebooks(ROOT)]
    assert sorted(listed) == sorted(published), "the syllabus's exercise table must list every released exercise"
    for path, points in listed.items():
        assert question_points(ROOT / path) == points, f"{path}: its questions add up to {question_points(ROOT / path)}, the syllabus says {points}"


def test_total_time_and_weights_add_up():
    syllabus = SYLLABUS.read_text(encoding="utf-8")
    total = sum(int(m) for _, _, m in ROW.findall(syllabus))
    assert f"({total} minutes)" in syllabus, f"the lessons add up to {total} minutes"
    weights = re.search(r"^\| piece \| weight \|$(.*?)^$", syllabus, re.M | re.S).group(1)
    assert sum(int(w) for w in re.findall(r"\| (\d+)% \|", weights)) == 100
