"""Find and read the submissions of one exercise, before any student code runs.

What an instructor hands to ``aon grade`` is a folder: one ``<student>.ipynb`` per student, or one
``<student>/`` folder each (a JupyterHub home, an unzipped download from a learning platform).
This module, in the grader's own process and without running anything a student wrote:

- finds the submissions (:func:`find_submissions`); in a folder with several notebooks,
  :func:`pick_notebook` chooses the one ``aon collect`` would, and :func:`near_misses` names the
  files that may be the notebook under a wrong name (``.ipynb.txt``, a zip ...);
- reads one copy as data (:func:`read_notebook`): an empty, corrupt, too large or foreign file
  is :class:`Rejected` with its status and a note, and the batch goes on;
- assembles the cells to run (:func:`assemble`): protected cells restored from the release, check
  cells left out, each cell named by the heading it stands under (:func:`cell_names`), so that
  feedback points to a place the student can find. :func:`prepare` does all of this for one
  submission and returns its record so far.

:data:`STATUSES` lists every status a graded submission can end with, most serious first.
"""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

from ..errors import CourseError
from .release import source_text, tags

# Most serious first: the gradebook's status is the first that applies; all are listed in `flags`.
STATUSES = {
    "empty": "the file is empty",
    "corrupt": "the file is not a readable notebook (broken or truncated JSON)",
    "too_large": "the file is too large to grade",
    "not_an_exercise": "the notebook is not a released exercise (no exercise metadata)",
    "wrong_exercise": "the notebook belongs to another exercise",
    "timeout": "the code ran past the time limit; answers computed before that count",
    "memory_limit": "the code hit the memory limit; answers computed before that count",
    "crashed": "the code stopped the Python process; answers computed before that count",
    "blocked_access": "the code tried something not allowed while grading (reading protected files, processes, signals ...)",
    "tampered": "protected cells were edited or deleted; the released versions were used",
    "errors": "some cells raised errors; the other answers count",
    "suspicious_code": "the code touches the grading machinery (flagged for a person to look at; no effect on points)",
    "kernel_replaced": "the notebook's kernel was missing or not Python 3; graded with Python 3",
    "huge_outputs": "the notebook carried very large stored outputs; they were ignored",
    "unanswered": "no answer was filled in: every answer is still as released, so it is graded zero",
    "ok": "graded normally",
}

NOT_RUN = ("empty", "corrupt", "too_large", "not_an_exercise", "wrong_exercise")   # with these statuses nothing of the submission ran
STOPPED_EARLY = {"timeout", "memory_limit", "crashed"}   # a limit or a crash: an answer not reached is not "unanswered"
MAX_BYTES = 100 * 1024 * 1024    # a larger file is not read ("too_large")
HUGE_BYTES = 10 * 1024 * 1024    # a larger file is read, its stored outputs ignored ("huge_outputs")
# Patterns in a student's code that touch the grading machinery: flagged for a person, no effect on points.
SUSPICIOUS = [r"\bbuiltins\b", r"AssertionError\s*=", r"^\s*check\s*=", r"\bctypes\b", r"addaudithook",
              r"exercises[/\\]+source", r"tests\.py", r"\bsubprocess\b", r"os\.kill", r"setrlimit", r"gc\.get_objects",
              r"def __eq__", r"os\._exit", r"_getframe", r"sys\.modules"]


class Rejected(Exception):
    """A submission that cannot be graded: its ``status`` (a key of :data:`STATUSES`) and a ``note`` saying why."""

    def __init__(self, status: str, note: str):
        super().__init__(note)
        self.status, self.note = status, note


# ------------------------------------------------------------------------------------------- finding them

def _code_cells(nb: dict) -> list[str]:
    """The text of each code cell of a notebook, in order."""
    cells = nb.get("cells") if isinstance(nb.get("cells"), list) else []
    return ["".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))
            for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]


def pick_notebook(paths: list[Path], exercise_id: str, released: dict | None) -> tuple[Path | None, list[Path]]:
    """Choose one student's notebook of an exercise among ``paths``; return (chosen, the other candidates).

    Candidates are the notebooks whose metadata names the exercise (or, failing that, named ``<id>.ipynb``).
    Among them: the most recently modified one whose code differs from the untouched release; if every
    one is untouched, the most recently modified.
    """
    candidates: list[tuple[Path, bool]] = []   # (path, untouched)
    release_code = _code_cells(released) if released else None
    for path in paths:
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
            meta = nb.get("metadata", {})
        except (ValueError, OSError, AttributeError):
            continue
        if isinstance(meta, dict) and isinstance(meta.get("aon_exercise"), dict) and meta["aon_exercise"].get("id") == exercise_id:
            candidates.append((path, release_code is not None and _code_cells(nb) == release_code))
    if not candidates:
        candidates = [(p, False) for p in paths if p.name == f"{exercise_id}.ipynb"]
    if not candidates:
        return None, []

    def mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
    ranked = sorted(candidates, key=lambda c: (not c[1], mtime(c[0]), str(c[0])), reverse=True)
    chosen = ranked[0][0]
    return chosen, [p for p, _ in ranked[1:]]


def _exercise_of(data: bytes) -> str | None:
    """The exercise id in a notebook's metadata, or None if the bytes are not such a notebook."""
    try:
        info = json.loads(data.decode("utf-8", errors="replace")).get("metadata", {}).get("aon_exercise", {})
        return info.get("id") if isinstance(info, dict) and isinstance(info.get("id"), str) else None
    except (ValueError, AttributeError, RecursionError):
        return None


NEAR_MISS_READ_LIMIT = 8 * 2**20  # bytes of a look-alike file read to see which exercise it holds


def near_misses(folder: Path, exercise_id: str, limit: int = 5) -> list[str]:
    """Files in a student's folder that may be their notebook under a wrong name: ``.ipynb.txt``, ``.ipynb.json``,
    ``.IPYNB`` (other capitals), a notebook inside a zip; each with what it holds when that can be read cheaply."""
    found: list[str] = []
    for path in sorted(folder.rglob("*")):
        if len(found) >= limit or not path.is_file() or ".ipynb_checkpoints" in path.parts:
            continue
        name = path.name.lower()
        where = str(path.relative_to(folder))
        if name.endswith(".zip"):
            try:
                with zipfile.ZipFile(path) as archive:
                    inside = [i for i in archive.namelist() if i.lower().endswith(".ipynb") and "__MACOSX" not in i][:3]
            except (zipfile.BadZipFile, OSError):
                continue
            if inside:
                found.append(f"{where} (a zip holding {', '.join(inside)}: unzip it into the student's folder)")
        elif (".ipynb" in name and not path.name.endswith(".ipynb")) or name.startswith(exercise_id.lower() + "."):
            try:  # an unreadable or huge look-alike must not stop the collection of the other students
                with path.open("rb") as handle:
                    data = handle.read(NEAR_MISS_READ_LIMIT + 1)
            except OSError as exc:
                found.append(f"{where} (cannot be read: {exc.strerror or exc}; check its permissions)")
                continue
            holds = _exercise_of(data) if len(data) <= NEAR_MISS_READ_LIMIT else None
            what = (f"a notebook of {holds}" + (": rename it to .ipynb" if holds == exercise_id else "")
                    if holds else "not a notebook of an exercise" if len(data) <= NEAR_MISS_READ_LIMIT
                    else f"larger than {NEAR_MISS_READ_LIMIT // 2**20} MB, not read: open it to see what it is")
            found.append(f"{where} ({what})")
    return found


def find_submissions(folder: Path, exercise_id: str | None = None, release_nb: dict | None = None,
                     warnings: dict[str, str] | None = None) -> list[tuple[str, Path]]:
    """Return (student, path) per submission: ``NAME.ipynb`` files, or ``NAME/`` folders holding a notebook.

    A folder with several notebooks: the one ``aon collect`` would choose (see :func:`pick_notebook`),
    with a warning in ``warnings[student]`` naming the others.
    """
    folder = Path(folder)
    if folder.is_file():
        raise CourseError(f"{folder} is a file: give the folder that holds the submissions "
                          f"(one <student>.ipynb or <student>/ folder each), e.g. {folder.parent}.")
    if not folder.is_dir():
        raise CourseError(f"No folder of submissions at {folder}.")
    found: list[tuple[str, Path]] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append((entry.stem, entry))
        elif entry.is_dir():
            notebooks = sorted(p for p in entry.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            chosen, others = pick_notebook(notebooks, exercise_id, release_nb) if exercise_id and len(notebooks) > 1 else (None, [])
            if chosen is not None:
                found.append((entry.name, chosen))
                if others and warnings is not None:
                    warnings[entry.name] = (f"{len(others) + 1} notebooks of the exercise in the folder: graded "
                                            f"{chosen.relative_to(entry)} (most recently modified, not the untouched release); "
                                            f"not graded: {', '.join(str(o.relative_to(entry)) for o in others)}")
            elif notebooks:
                found.append((entry.name, notebooks[0]))
            else:
                found.append((entry.name, entry / "(no notebook)"))
    names = [s for s, _ in found]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise CourseError(f"Two submissions for the same student name: {', '.join(dupes)}. Keep one per student.")
    return found


# ------------------------------------------------------------------------------------------- reading one

def read_notebook(path: Path, exercise_id: str) -> tuple[dict, list[str]]:
    """Parse a submission; raise Rejected with a status if it cannot be graded."""
    flags: list[str] = []
    try:
        size = path.stat().st_size
    except OSError:
        raise Rejected("corrupt", "the file could not be read") from None
    if size == 0:
        raise Rejected("empty", "the file is empty (0 bytes)")
    if size > MAX_BYTES:
        raise Rejected("too_large", f"the file is {size // 2**20} MB; the limit is {MAX_BYTES // 2**20} MB")
    try:
        nb = json.loads(path.read_bytes().decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise Rejected("corrupt", f"not valid notebook JSON ({str(exc)[:80]})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Rejected("corrupt", "not a Jupyter notebook in format 4 (no list of cells)")
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    info = meta.get("aon_exercise")
    if not isinstance(info, dict) or not isinstance(info.get("id"), str):
        raise Rejected("not_an_exercise", "no exercise metadata: start from the released notebook")
    if info["id"] != exercise_id:
        raise Rejected("wrong_exercise", f"this is exercise '{info['id'][:60]}', not '{exercise_id}'")
    if size > HUGE_BYTES:
        flags.append("huge_outputs")
    kernel = meta.get("kernelspec")
    if not isinstance(kernel, dict) or kernel.get("name") != "python3" or kernel.get("language", "python") != "python":
        flags.append("kernel_replaced")
    return nb, flags


def section_headings(release_nb: dict) -> dict[str, str]:
    """For each code cell id of the release, the heading it stands under (e.g. "Q2 (2 points): diagnosticity")."""
    headings: dict[str, str] = {}
    current = "the setup"
    for cell in release_nb["cells"]:
        text = source_text(cell)
        if cell.get("cell_type") == "markdown" and text.lstrip().startswith("#"):
            current = text.strip().splitlines()[0].lstrip("#").strip()
        elif cell.get("cell_type") == "code" and isinstance(cell.get("id"), str):
            headings[cell["id"]] = current
    return headings


def cell_names(release_nb: dict) -> list[str]:
    """For each code cell of the release, in order, how feedback names it: its kind, the heading it stands
    under and its number among the code cells, e.g. "the answer cell under “Q3 (2 points): rebuttals” (code cell 6)"
    or "the protected cell under “Q4 (2 points): quotations” (code cell 10: `Markdown(outline_markdown(...`)"."""
    headings = section_headings(release_nb)
    names = []
    for n, cell in enumerate((c for c in release_nb["cells"] if c.get("cell_type") == "code"), start=1):
        heading = headings.get(cell.get("id"), "the setup")
        cell_tags = set(tags(cell))
        if "check" in cell_tags:
            names.append(f"the check cell under “{heading}” (code cell {n}: `{source_text(cell).strip()[:40]}`)")
        elif "locked" in cell_tags:
            first = source_text(cell).strip().splitlines()[0] if source_text(cell).strip() else ""
            start = first[:40] + ("..." if len(first) > 40 else "")
            names.append(f"the protected cell under “{heading}” (code cell {n}: `{start}`)")
        else:
            names.append(f"the answer cell under “{heading}” (code cell {n})")
    return names


def assigned_names(text: str, names: list[str]) -> list[str]:
    """Which of ``names`` a cell's text assigns (``name = ...`` at the start of a line); works on code that does not parse."""
    return [n for n in names if re.search(rf"^[ \t]*{re.escape(n)}[ \t]*(?:\[[^\]\n]*\][ \t]*)?(?:=(?!=)|\+=)", text, re.MULTILINE)]


def assemble(nb: dict, release_nb: dict) -> tuple[list[str], list[str], list[str], list[str], list[bool]]:
    """Return (cells to run, how each is named, flags, notes, whether each is protected): protected cells restored,
    check cells left out.

    Cells are named as :func:`cell_names` does (the heading above the cell and its number among the release's
    code cells); a cell the student added is "a cell under “<heading>”". So a note about an error or an
    edited cell points to a place the student can find.
    """
    flags: list[str] = []
    notes: list[str] = []
    release_cells = [c for c in release_nb["cells"] if c.get("cell_type") == "code"]
    names = cell_names(release_nb)
    headings = section_headings(release_nb)
    order = {c["id"]: i for i, c in enumerate(release_cells) if isinstance(c.get("id"), str)}
    protected = {c["id"]: c for c in release_cells if {"locked", "check"} & set(tags(c))}
    protected_text = {source_text(c): cid for cid, c in protected.items()}
    run: list[tuple[float, str, str, bool]] = []  # (position in release, kind, text, is that release cell itself)
    seen: set[str] = set()
    position = -1.0
    malformed = 0
    student_text: list[str] = []
    for cell in nb["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            if not isinstance(cell, dict):
                malformed += 1
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            text = "".join(source)
        elif isinstance(source, str):
            text = source
        else:
            malformed += 1
            continue
        cid = cell.get("id") if isinstance(cell.get("id"), str) else None
        if cid not in protected and text in protected_text:
            cid = protected_text[text]
        if cid in protected:
            if cid in seen:
                continue
            seen.add(cid)
            position = float(order[cid])
            if text != source_text(protected[cid]):
                flags.append("tampered")
                notes.append(f"{names[order[cid]]} was edited; the released version was used")
            run.append((position, "protected", source_text(protected[cid]), True))
        else:
            exact = cid in order and cid not in seen
            if exact:
                seen.add(cid)
            position = float(order[cid]) if exact else position + 0.001
            run.append((position, "student", text, exact))
            student_text.append(text)
    for cid, cell in protected.items():
        if cid not in seen:
            flags.append("tampered")
            notes.append(f"{names[order[cid]]} was deleted; it was put back")
            index = next((i for i, (pos, *_) in enumerate(run) if pos > order[cid]), len(run))
            run.insert(index, (float(order[cid]), "protected", source_text(cell), True))
    if malformed:
        notes.append(f"{malformed} malformed cell(s) skipped")
    check_texts = {source_text(c) for c in protected.values() if "check" in tags(c)}
    by_position = [headings.get(c.get("id"), "the setup") for c in release_cells]

    def name(position: float, exact: bool) -> str:
        index = int(position) if position >= 0 else -1
        if exact and 0 <= index < len(names):
            return names[index]
        return f"a cell under “{by_position[index]}”" if 0 <= index < len(by_position) else "a cell before the first question"

    kept = [(position, kind, text, exact) for position, kind, text, exact in run
            if not (kind == "protected" and text in check_texts)]
    cells = [text for _, _, text, _ in kept]
    places = [name(position, exact) for position, _, _, exact in kept]
    is_protected = [kind == "protected" for _, kind, _, _ in kept]
    hits = sorted({p for p in SUSPICIOUS for text in student_text if re.search(p, text, re.MULTILINE)})
    if hits:
        flags.append("suspicious_code")
        notes.append("code touching the grading machinery: " + ", ".join(h.replace("\\b", "").replace("\\", "") for h in hits))
    return cells, places, flags, notes, is_protected


def prepare(index: int, student: str, copy: Path, exercise_id: str, release_nb: dict) -> tuple[dict, list | None]:
    """Read one submission's copy (in the grader, never running it): its record so far, and the cells to run
    with how each is named and whether it is protected (None if it cannot be graded)."""
    record: dict[str, Any] = {"index": index, "student": student, "flags": [], "notes": [], "values": {}}
    try:
        nb, flags = read_notebook(Path(copy), exercise_id)
        record["flags"] += flags
        if "kernel_replaced" in flags:
            record["notes"].append("the notebook's kernel was missing or not Python 3; it was graded with Python 3")
        if "huge_outputs" in flags:
            record["notes"].append("very large stored outputs were ignored (only the code is graded)")
        cells, places, flags, notes, is_protected = assemble(nb, release_nb)
        record["flags"] += flags
        record["notes"] += notes
        return record, [cells, places, is_protected]
    except Rejected as exc:
        record["flags"].append(exc.status)
        record["notes"].append(exc.note)
    except Exception as exc:  # noqa: BLE001 - one bad submission never stops the batch
        record["flags"].append("crashed")
        record["notes"].append(f"the grader could not process this file ({type(exc).__name__}: {str(exc)[:100]})")
    return record, None
