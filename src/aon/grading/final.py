"""Final grades: the gradebook with the manual points an instructor typed in, checked and totalled.

``aon grade`` leaves the ``(manual)`` columns of ``gradebook.csv`` empty. The instructor scores
each written answer with the rubric and types the points into those columns (in a spreadsheet or
a text editor), then runs ``aon final-grades``, which

- checks every typed value: a number, from 0 to the question's points (a decimal comma, ``7,5``,
  is read as 7.5 when the field holds it whole: quoted, ``"7,5"``, in a comma-separated file typed in
  a text editor, as spreadsheets write it; anything else is reported with the student, question and
  allowed range);
- refuses a line with more or fewer fields than the header (an unquoted ``7,5`` shifts the columns):
  it is listed with its line number and gets no total (empty fields beyond the header, a stray comma
  at the end of a line, are ignored);
- recomputes the automatic points from the question columns (so a regraded question counts) and
  says where that differs from ``auto_total``;
- writes ``grades.csv``: one row per student with automatic, manual and total points, the maximum,
  a percentage, and which manual questions are still to be scored.

The gradebook itself is only read, never changed. A submission that could not be graded (status
``empty``, ``corrupt`` …) or was left unanswered needs no manual points: blanks count as 0 there.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..csvlines import rows_with_lines
from ..errors import CourseError
from .spec import Exercise, load_exercise

NOTHING_TO_READ = {"empty", "corrupt", "too_large", "not_an_exercise", "wrong_exercise", "unanswered"}
REQUIRED = ["student", "exercise", "status"]
OUTPUT_COLUMNS = ["student", "exercise", "auto_points", "manual_points", "total", "max", "percent", "status",
                  "still_to_score", "to_fix"]


@dataclass
class FinalGrades:
    """The result of :func:`final_grades`: rows for ``grades.csv`` and every problem found, in words."""

    exercise_id: str
    rows: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def incomplete(self) -> list[str]:
        """Students whose total is not known yet (a manual score missing or unreadable)."""
        return [r["student"] for r in self.rows if r["total"] == ""]


def read_gradebook(path: Path) -> list[dict[str, str]]:
    """Read ``gradebook.csv`` as rows of text, whether a spreadsheet saved it with commas, semicolons or tabs."""
    path = Path(path)
    if path.is_dir():
        path = path / "gradebook.csv"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CourseError(f"No gradebook at {path}. Give the folder `aon grade` wrote (it holds gradebook.csv).") from None
    except UnicodeDecodeError:
        raise CourseError(f"{path} is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8', then run this again.") from None
    if not text.strip():
        raise CourseError(f"{path} is empty. Run `aon grade` again to rebuild it, then type the manual points in.")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    rows: list[dict[str, str]] = []
    for start, row in rows_with_lines(reader):   # start: the line the row begins on (a quoted field may span lines)
        if any((value or "").strip() for value in row.values() if isinstance(value, str)):  # not a blank line a spreadsheet left
            rows.append(Row(row, line=start))
    header = [h for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CourseError(f"{path} has no column {', '.join(repr(c) for c in missing)}; its columns are "
                          f"{', '.join(repr(h) for h in header)}. Keep the header row `aon grade` wrote.")
    return rows


class Row(dict):
    """A gradebook row (column -> text) that knows the line of the file it was read from."""

    def __init__(self, values: dict, line: int):
        super().__init__(values)
        self.line = line


def line_of(row: dict, default: int) -> int:
    """The line of the gradebook a row was read from (``default`` if it was not read by :func:`read_gradebook`)."""
    return getattr(row, "line", default)


def shifted(row: dict) -> str:
    """"" if a row has as many fields as the header; else what is wrong, with the likely cause and the fix."""
    extra = [v for v in (row.get(None) or []) if isinstance(v, str)]   # csv puts fields beyond the header under None
    if extra and any(v.strip() for v in extra):   # empty ones (a stray comma at the end of the line) shift nothing
        return (f"it has {len(extra)} field(s) more than the header, so its columns are shifted: a decimal comma typed "
                'in a text editor splits a value in two. Write 7.5, or quote it: "7,5" (a spreadsheet does this itself)')
    short = sum(1 for key, value in row.items() if key is not None and value is None)
    if short:
        return (f"it has {short} field(s) fewer than the header, so its columns are shifted: a comma or a column "
                "was deleted. Give it one value per column of the header (leave a value empty, but keep its comma)")
    return ""


def parse_points(text: str) -> float | None:
    """Read typed points: ``"7"``, ``"7.5"``, ``"7,5"`` (decimal comma); ``""`` is None (not scored yet).

    Raises ValueError for anything else (``"ten"``, ``"7/12"``, ``"nan"``).
    """
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(cleaned)
    return value


def _checked_points(row: dict[str, str], column: str, maximum: float, where: str, problems: list[str],
                    to_fix: list[str]) -> float | None:
    """The points in ``column`` if they are a number from 0 to ``maximum``; else the problem is recorded and None returned."""
    raw = row.get(column) or ""
    try:
        value = parse_points(raw)
    except ValueError:
        problems.append(f"{where}: {column} is {raw.strip()!r}; type a number from 0 to {maximum:g} (e.g. 7 or 7.5).")
        to_fix.append(column)
        return None
    if value is not None and not 0 <= value <= maximum:
        problems.append(f"{where}: {column} is {value:g}, outside 0–{maximum:g}; type a number from 0 to {maximum:g}.")
        to_fix.append(column)
        return None
    return value


def final_grades(gradebook: Path, source: Path | None = None) -> FinalGrades:
    """Check the points typed into a gradebook and total them; see the module's help for the rules.

    ``source`` is the folder of exercise sources whose tests give each question's points (default
    ``exercises/source``; use the same ``--source`` as for ``aon grade``).
    """
    rows = read_gradebook(Path(gradebook))
    exercises = sorted({r["exercise"].strip() for r in rows if (r.get("exercise") or "").strip()})
    if len(exercises) != 1:
        raise CourseError("A gradebook holds one exercise; this one has "
                          + (", ".join(exercises) if exercises else "none in its 'exercise' column") + ".")
    exercise = load_exercise(exercises[0], source)
    result = FinalGrades(exercise.exercise_id)
    _check_columns(rows, exercise)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        student = (row.get("student") or "").strip()
        where = f"line {line_of(row, number)} ({student or 'no student name'})"
        if student in seen:
            result.problems.append(f"{where}: {student} appears twice; keep one line per student.")
            continue
        seen.add(student)
        wrong = shifted(row)
        if wrong:
            result.problems.append(f"{where}: {wrong}. No total for this line until it is fixed.")
            result.rows.append({"student": student, "exercise": exercise.exercise_id, "auto_points": "",
                                "manual_points": "", "total": "", "max": exercise.auto_max + sum(
                                    q.points for q in exercise.manual_questions), "percent": "",
                                "status": "", "still_to_score": "", "to_fix": "the whole line (shifted columns)"})
            continue
        result.rows.append(_final_row(row, exercise, where, result))
    return result


def _check_columns(rows: list[dict[str, str]], exercise: Exercise) -> None:
    header = list(rows[0].keys()) if rows else []
    wanted = [q.qid for q in exercise.auto_questions] + [f"{q.qid} (manual)" for q in exercise.manual_questions]
    missing = [c for c in wanted if c not in header]
    if rows and missing:
        raise CourseError(f"The gradebook has no column {', '.join(repr(c) for c in missing)}, which {exercise.exercise_id} "
                          "needs. Keep the header row `aon grade` wrote (rename nothing), or grade again.")


def _final_row(row: dict[str, str], exercise: Exercise, where: str, result: FinalGrades) -> dict:
    status = (row.get("status") or "").strip()
    to_fix: list[str] = []
    auto = 0.0
    for question in exercise.auto_questions:
        auto += _checked_points(row, question.qid, question.points, where, result.problems, to_fix) or 0.0
    recorded = (row.get("auto_total") or "").strip()
    try:
        if not to_fix and recorded and abs(float(recorded) - auto) > 1e-6:
            result.notes.append(f"{where}: the question columns add up to {auto:g} automatic points, not the "
                                f"{float(recorded):g} in auto_total (a question was regraded?): {auto:g} is used.")
    except ValueError:
        pass
    manual, still = 0.0, []
    for question in exercise.manual_questions:
        column = f"{question.qid} (manual)"
        typed = (row.get(column) or "").strip()
        value = _checked_points(row, column, question.points, where, result.problems, to_fix)
        if not typed and status not in NOTHING_TO_READ:
            still.append(question.qid)
        elif typed and value is not None and status in NOTHING_TO_READ:
            result.notes.append(f"{where}: status {status}, so the grader read nothing, but {column} has {value:g}: "
                                "counted (if you graded a copy sent another way); leave it empty otherwise.")
        manual += value or 0.0
    maximum = exercise.auto_max + sum(q.points for q in exercise.manual_questions)
    complete = not still and not to_fix
    total = auto + manual
    return {"student": row.get("student", "").strip(), "exercise": exercise.exercise_id, "auto_points": round(auto, 2),
            "manual_points": round(manual, 2) if complete else "", "total": round(total, 2) if complete else "",
            "max": maximum, "percent": round(100 * total / maximum, 1) if complete and maximum else "",
            "status": status, "still_to_score": " ".join(still), "to_fix": "; ".join(to_fix)}


def write_final_grades(grades: FinalGrades, path: Path) -> Path:
    """Write ``grades.csv`` (a file made from the gradebook: edit the gradebook, not this, and run again)."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=OUTPUT_COLUMNS)
        writer.writeheader()
        for row in grades.rows:
            writer.writerow({k: f"{v:g}" if isinstance(v, int | float) else v for k, v in row.items()})
    return Path(path)
