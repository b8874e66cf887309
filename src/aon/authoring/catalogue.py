"""The one list of the course's notebooks: the lessons in order, and the exercises students get.

The navigation stamped into every lesson (:mod:`aon.authoring.build`), the website
(:mod:`aon.authoring.site`), the syllabus test and the link checks all take their notebooks from here.

- lessons: ``notebooks/NN_*.ipynb``, in number order (00 start here, 01-09 readings, 10 on comparative);
- exercises: the student versions under ``exercises/`` (``exercises/release/<id>/<id>.ipynb`` in this
  course), never the instructor sources, solutions or graded copies.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import CourseError
from ..paths import exercises_dir, notebooks_dir

#: Lessons are numbered notebooks: ``00_start_here.ipynb``, ``01_reading_blank_2016.ipynb``, ...
LESSON_PATTERN = re.compile(r"^(\d{2,3})_[\w\-]+\.ipynb$")
#: Lessons 01-09 are the readings; from 10 on they compare them.
FIRST_COMPARATIVE = 10
#: Folder names (anywhere under an exercise) that hold instructor material, never published.
INSTRUCTOR_PARTS = {
    "source", "sources", "instructor", "solution", "solutions", "autograded", "submitted",
    "feedback", "gradebook", "grading", "tests", "hidden_tests", ".ipynb_checkpoints",
}
#: Folder names that, when present, hold the student versions (preferred over anything else).
STUDENT_PARTS = {"student", "students", "release", "released"}
#: Words in a notebook's file name that mark it as instructor material.
INSTRUCTOR_WORDS = ("solution", "instructor", "source", "answer", "key")


def notebook_title(path: Path) -> str:
    """Return the text of the notebook's first level-1 Markdown heading, or a title made from its name."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as exc:
        raise CourseError(f"{path} is not a readable notebook ({exc}). Open it in JupyterLab and save it again.") from exc
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell.get("source", []))
        for line in source.splitlines():
            match = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1).strip()
    return path.stem.replace("_", " ").strip().capitalize()


def lesson_number(path: Path) -> int:
    """The number a lesson notebook's name starts with (``12_competing_hypotheses.ipynb``: 12)."""
    match = LESSON_PATTERN.match(path.name)
    if not match:
        raise CourseError(f"{path.name} is not a lesson's name: lessons are notebooks/NN_name.ipynb.")
    return int(match.group(1))


def is_reading_lesson(path: Path) -> bool:
    """Whether a lesson notebook is one of the readings' (01 up to the first comparative lesson)."""
    return 0 < lesson_number(path) < FIRST_COMPARATIVE


def lesson_notebooks(root: Path | None = None) -> list[Path]:
    """Return the lesson notebooks (``notebooks/NN_*.ipynb``) in number order, as absolute paths."""
    folder = (root / "notebooks") if root else notebooks_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and LESSON_PATTERN.match(p.name)]
    return sorted(found, key=lambda p: (lesson_number(p), p.name))


def is_instructor_material(relative: Path) -> bool:
    """Whether a notebook (its path under ``exercises/``) is instructor material: never published."""
    parts = {part.lower() for part in relative.parts[:-1]}
    if parts & INSTRUCTOR_PARTS:
        return True
    stem = relative.stem.lower()
    return any(word in re.split(r"[_\-. ]+", stem) or stem.endswith(word) for word in INSTRUCTOR_WORDS)


def student_notebooks(root: Path | None = None) -> list[Path]:
    """Return the student notebooks under ``exercises/``, sorted by path.

    Works for the course's layout (``exercises/source/<id>/`` instructor, ``exercises/release/<id>/``
    student) and for one folder per exercise. A notebook is instructor material if any folder on
    its path under ``exercises/`` is ``source/``, ``solutions/``, ``autograded/``, ... or its name
    says ``solution``; those are never published. When some notebooks sit under a ``release/`` or
    ``student/`` folder, only those are taken.
    """
    folder = (root / "exercises") if root else exercises_dir()
    if not folder.is_dir():
        return []
    candidates = sorted(p for p in folder.rglob("*.ipynb")
                        if not is_instructor_material(p.relative_to(folder))
                        and not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts))
    preferred = [p for p in candidates if {part.lower() for part in p.relative_to(folder).parts[:-1]} & STUDENT_PARTS]
    return preferred or candidates
