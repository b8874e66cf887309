"""Make the student version of an exercise from its instructor notebook.

Marks in the instructor notebook (``exercises/source/<id>/<id>.ipynb``):

- in a code cell, the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` are
  removed (the stub after ``# END SOLUTION`` can be given as ``# STUB: q1 = ...``
  lines inside the block: they are kept, without ``# STUB:``);
- a line ending in ``# SOLUTION``, such as ``q1 = 42  # SOLUTION``, becomes ``q1 = ...``;
- cells tagged ``instructor`` are dropped;
- cells tagged ``locked`` (setup, instructions) or ``check`` (visible checks) are
  protected: when grading, their released text is used whatever the student did to them.

Outputs and execution counts are cleared; the notebook metadata gets
``aon_exercise: {id, title, release}`` so the grader recognises the exercise from
the notebook, not from its file name. ``checks.py`` is copied beside the notebook;
``tests.py`` never is. The release fails loudly if a solution mark survives.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from ..errors import CourseError
from .spec import list_exercises, release_root, source_root

_ASSIGN = re.compile(r"^(\s*)([A-Za-z_][\w\[\]\"', .]*?)\s*=\s*.*#\s*SOLUTION\s*$")
_LEFTOVER = re.compile(r"BEGIN SOLUTION|END SOLUTION|#\s*SOLUTION\b|#\s*STUB:", re.IGNORECASE)


def tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def source_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def strip_solutions(text: str) -> str:
    """Return the student version of a code cell's text."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.upper().startswith("# BEGIN SOLUTION"):
            inside = True
            continue
        if stripped.upper().startswith("# END SOLUTION"):
            inside = False
            continue
        if inside:
            if stripped.startswith("# STUB:"):
                indent = line[: len(line) - len(line.lstrip())]
                out.append(indent + stripped[len("# STUB:"):].strip())
            continue
        match = _ASSIGN.match(line)
        if match:
            out.append(f"{match.group(1)}{match.group(2).strip()} = ...")
            continue
        out.append(line)
    if inside:
        raise CourseError("A '# BEGIN SOLUTION' has no '# END SOLUTION' after it.")
    return "\n".join(out)


def student_notebook(source_nb: dict, exercise_id: str) -> dict:
    """Return the student version of an instructor notebook (a new dict)."""
    nb = json.loads(json.dumps(source_nb))
    cells = []
    for index, cell in enumerate(nb.get("cells", [])):
        if "instructor" in tags(cell):
            continue
        cell.setdefault("id", f"cell-{index}")
        text = source_text(cell)
        if cell.get("cell_type") == "code":
            text = strip_solutions(text)
            cell["outputs"] = []
            cell["execution_count"] = None
        if _LEFTOVER.search(text):
            raise CourseError(f"{exercise_id}: cell {index + 1} still has a solution mark after release; fix the marks in the source.")
        cell["source"] = text
        cells.append(cell)
    nb["cells"] = cells
    meta = nb.setdefault("metadata", {})
    info = dict(meta.get("aon_exercise", {}))
    if info.get("id") != exercise_id:
        raise CourseError(f"{exercise_id}: the source notebook's metadata aon_exercise.id is {info.get('id')!r}; set it to {exercise_id!r}.")
    digest = hashlib.sha256(json.dumps([c["source"] for c in cells]).encode()).hexdigest()[:12]
    info["release"] = digest
    meta["aon_exercise"] = info
    meta["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for cell in cells:  # one string per line, as Jupyter saves a notebook: a student's save then changes only the
        cell["source"] = cell["source"].splitlines(keepends=True)  # cells they edited, and nbgitpuller can merge a fix
    return nb


def release(exercise_id: str, source: Path | None = None, release_dir: Path | None = None) -> Path:
    """Write the student version of one exercise; return the notebook's path."""
    src = source_root(source) / exercise_id
    nb_path = src / f"{exercise_id}.ipynb"
    if not nb_path.is_file():
        raise CourseError(f"No instructor notebook at {nb_path}.")
    nb = student_notebook(json.loads(nb_path.read_text(encoding="utf-8")), exercise_id)
    out = release_root(release_dir) / exercise_id
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if stale.is_file() and stale.name not in (f"{exercise_id}.ipynb", "checks.py"):
            stale.unlink()
    target = out / f"{exercise_id}.ipynb"
    target.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")  # as nbformat writes
    shutil.copyfile(src / "checks.py", out / "checks.py")
    return target


def release_all(source: Path | None = None, release_dir: Path | None = None) -> list[Path]:
    """Release every exercise in the source folder."""
    return [release(e, source, release_dir) for e in list_exercises(source)]
