"""What grading writes: the gradebook, each student's feedback, and a page per student for graders.

Everything here works on finished records (points, feedback, status and notes per student; whatever
came from the submission already bounded and scrubbed of hidden-test text by the grader):

- ``gradebook.csv`` (:func:`write_gradebook`): one line per student with the automatic points, a
  ``(manual)`` column for each question a person grades (0 entered where it was left unanswered),
  the status and the notes. Grading a folder again backs up the old gradebook and keeps the manual
  points typed into it (:func:`keep_typed_points`);
- ``feedback/<student>.md`` (:func:`feedback_text`): per question, the points and what to look at
  again, never the hidden tests; for a file that could not be graded, what to do;
- ``html/<student>.html`` (:func:`grader_html`), when the exercise has questions a person grades:
  the written answers, the automatic reading or outline of the exercise, and the rubric.

:func:`write_outputs` writes them all, each file whole or not at all; :func:`summary` says in a few
lines what came out of a batch.
"""
from __future__ import annotations

import csv
import html
import io
import re
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

from ..errors import CourseError
from .final import NOTHING_TO_READ, line_of, read_gradebook, shifted
from .guard import Scrubber, write_atomically
from .spec import Exercise, Question
from .submissions import NOT_RUN, STATUSES, STOPPED_EARLY
from .values import UNANSWERED, blank_to_unanswered, describe, from_plain, is_blank

AUTO_ZERO = "{qid} was not answered: 0 entered in '{qid} (manual)'"   # in the notes, so a regrade can tell it from a typed 0


def _safe_name(student: str) -> str:
    """A student's name as a file name: letters, digits, ``_``, ``.`` and ``-`` only."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", student).strip("._") or "student"


def manual_not_answered(r: dict, question: Question) -> bool:
    """True if a manual question of a graded submission was left unanswered: its feedback says 0 points, nothing to mark.

    Only when the run reached every variable of the question and found each blank: if the run stopped
    early (time or memory limit, a crash), an answer the run never reached is not "unanswered", and a
    person must read the notebook. (A wholly unanswered or ungraded submission is left blank:
    ``aon final-grades`` counts its blanks as 0.)
    """
    if r["status"] in NOTHING_TO_READ or STOPPED_EARLY & set(r.get("flags", [])):
        return False
    values = r.get("values", {})
    return (r["feedback"].get(question.qid) == "not answered."
            and all(variable in values for variable in question.variables))


def write_gradebook(exercise: Exercise, records: list[dict], path: Path,
                    typed: dict[str, dict[str, str]] | None = None) -> None:
    """Write ``gradebook.csv``; ``typed`` holds manual points already typed in ({student: {column: text}}), kept as they are."""
    auto = [q.qid for q in exercise.auto_questions]
    manual = [q.qid for q in exercise.manual_questions]
    typed = typed or {}
    with io.StringIO() as handle:   # written whole, then put in place in one step
        writer = csv.writer(handle)
        writer.writerow(["student", "exercise", *auto, *[f"{q} (manual)" for q in manual], "auto_total", "auto_max",
                         "manual_max", "status", "flags", "seconds", "notes"])
        for r in records:
            kept = typed.get(r["student"], {})
            cells, notes = [], list(r["notes"])
            for qid in manual:
                if f"{qid} (manual)" in kept:   # typed by the instructor: kept as it is
                    cells.append(kept[f"{qid} (manual)"])
                elif manual_not_answered(r, exercise.questions[qid]):   # the feedback tells the student "0 points": so does the gradebook
                    cells.append(0)
                    notes.append(AUTO_ZERO.format(qid=qid))
                else:
                    cells.append("")
            writer.writerow([r["student"], exercise.exercise_id, *[r["points"][q] for q in auto], *cells,
                             r["auto_total"], exercise.auto_max, sum(q.points for q in exercise.manual_questions),
                             r["status"], ";".join(r["flags"]) or "ok", r.get("seconds", ""), " | ".join(notes)])
        write_atomically(path, handle.getvalue())


def keep_typed_points(gradebook: Path, exercise: Exercise, records: list[dict]) -> dict[str, dict[str, str]]:
    """Before a gradebook is written again: back up the old one and return the manual points typed into it.

    Grading the same folder twice must not lose an instructor's work: the old file is copied to
    ``gradebook-before-<time>.csv`` and every manual score typed into it goes into the new gradebook
    for the same student. What cannot be carried over is said, with the backup's name.
    """
    if not gradebook.is_file():
        return {}
    backup = gradebook.with_name(f"gradebook-before-{datetime.now():%Y%m%d-%H%M%S}.csv")
    shutil.copy2(gradebook, backup)
    try:
        rows = read_gradebook(gradebook)
    except CourseError:
        rows = []
    columns = [f"{q.qid} (manual)" for q in exercise.manual_questions]
    typed = {}
    for number, row in enumerate(rows, start=2):
        if shifted(row):
            print(f"warning: line {line_of(row, number)} of {gradebook.name} ({(row.get('student') or '').strip() or 'no name'}) "
                  f"has shifted columns (an unquoted decimal comma such as 7,5?); its manual points were not carried over: "
                  f"type them again from {backup.name}.")
            continue
        if (row.get("exercise") or "").strip() != exercise.exercise_id:
            continue
        notes = row.get("notes") or ""
        values = {c: (row.get(c) or "").strip() for c in columns if (row.get(c) or "").strip()
                  and not ((row.get(c) or "").strip() == "0"   # the grader's own 0 for an unanswered question: grade it afresh
                           and AUTO_ZERO.format(qid=c.removesuffix(" (manual)")) in notes)}
        if values:
            typed[(row.get("student") or "").strip()] = values
    graded = {r["student"] for r in records}
    lost = sorted(set(typed) - graded)
    print(f"note: {gradebook.name} existed; the old one is kept as {backup.name}.")
    if typed:
        print(f"note: kept the manual points typed for {len(set(typed) & graded)} student(s) in the new gradebook.")
    if lost:
        print(f"warning: manual points typed for {', '.join(lost)}, who are not among these submissions, "
              f"are only in {backup.name}.")
    if (gradebook.parent / "grades.csv").is_file():
        print("note: grades.csv was made from the old gradebook; run `aon final-grades` again.")
    return typed


# ------------------------------------------------------------------------------------------- for students

NOT_RUN_ADVICE = {
    "empty": "The file you submitted is empty (0 bytes). Submit the notebook file you worked in again.",
    "corrupt": ("The file you submitted is not a readable notebook (it may be cut short, or not a .ipynb file). "
                "Open it in Jupyter to check, then submit it again; if it does not open, start from your latest copy."),
    "too_large": "The file is too large to grade. Clear the outputs (Edit → Clear All Outputs), save, and submit again.",
    "not_an_exercise": ("This notebook was not started from the released exercise, so the grader cannot tell which "
                        "exercise it is. Copy your answers into the released notebook and submit that."),
    "wrong_exercise": "This is the notebook of another exercise. Submit your notebook of this exercise.",
}


def feedback_text(exercise: Exercise, r: dict) -> str:
    """The feedback a student reads (Markdown): status, points and feedback per question, what happened in the run."""
    status = r["status"]
    lines = [f"# Feedback: {exercise.title}", "", f"Student: {r['student']}",
             f"Status: {status} ({STATUSES[status]})"]
    if status in NOT_RUN:
        lines += ["", "Your notebook could not be graded, so every question has 0 points for now.",
                  NOT_RUN_ADVICE[status], ""]
        if r["notes"]:
            lines += ["## Why it could not be graded", ""] + [f"- {n}" for n in r["notes"]] + [""]
        return "\n".join(lines)
    lines.append(f"Automatic points: {r['auto_total']:g} of {exercise.auto_max:g}")
    unanswered = [q for q in exercise.manual_questions
                  if status == "unanswered" or manual_not_answered(r, q)]
    to_read = [q for q in exercise.manual_questions if q not in unanswered]
    if to_read:
        lines.append(f"Graded by a person: up to {sum(q.points for q in to_read):g} more points "
                     f"for {', '.join(q.qid for q in to_read)} (see the rubric in the exercise).")
    if unanswered:
        lines.append(f"Read by a person: {', '.join(q.qid for q in unanswered)} "
                     f"{'was' if len(unanswered) == 1 else 'were'} not answered, so there is nothing to mark: 0 points.")
    lines.append("")
    for qid, question in exercise.questions.items():
        got = r["points"][qid]
        score_text = (("not answered: nothing to mark" if question in unanswered else "graded by a person")
                      if question.manual else f"{got:g} / {question.points:g}")
        lines += [f"## {qid}: {question.title} ({score_text})", "", r["feedback"][qid], ""]
    if r["notes"]:
        lines += ["## What happened when your notebook ran", ""] + [f"- {n}" for n in r["notes"]] + [""]
    lines += ["Points come from hidden tests, which check more than the visible checks did (and give partial credit); "
              "their content is not shown here.", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------- for graders

def inline_code(text: str) -> str:
    """Escape ``text`` for HTML and render its `backticks` as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _failed_cell_html(info: dict, names: list[str]) -> str:
    """A cell that stopped with an error, as the student wrote it, for the person grading (shown as text, never run)."""
    esc = html.escape
    line = f", line {info['line']} of the cell" if isinstance(info.get("line"), int) else ""
    what = {"NotRun": f"did not run (the notebook stopped before it finished: {info.get('why', 'a limit')})",
            "CellTimeout": "ran past the time limit for one cell and was interrupted"}.get(
        info["error"], f"stopped with a {info['error']}")
    return (f"<p class='flag'>{esc(info['place'])} {esc(what)}{line}, so "
            f"{', '.join(f'<code>{esc(n)}</code>' for n in names)} could not be read (the outline and the automatic points treat it as not answered). "
            "The cell as the student wrote it:</p>"
            f"<pre style='white-space:pre-wrap;background:#f4f4f4;padding:.5rem'>{esc(info.get('source', ''))}</pre>")


def grader_html(exercise: Exercise, r: dict) -> str:
    """HTML page for a person grading the manual questions of one student."""
    esc = html.escape
    parts = [f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{esc(r['student'])}: {esc(exercise.title)}</title>",
             "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.5;padding:0 1rem}"
             "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.4rem;vertical-align:top;text-align:left}"
             "blockquote{border-left:4px solid #888;margin:.3rem 0;padding:.1rem .8rem;color:#333}.flag{color:#a40}</style>",
             f"<h1>{esc(exercise.title)}</h1><p><b>Student:</b> {esc(r['student'])} &nbsp; <b>Status:</b> {esc(r['status'])} "
             f"&nbsp; <b>Automatic points:</b> {r['auto_total']:g} / {exercise.auto_max:g}</p>"]
    if r["notes"]:
        parts.append("<ul>" + "".join(f"<li class='flag'>{inline_code(n)}</li>" for n in r["notes"]) + "</ul>")
    if r["status"] in NOT_RUN or r["status"] == "unanswered":
        parts.append(f"<h2>Nothing to mark</h2><p class='flag'>This submission {'could not be graded' if r['status'] in NOT_RUN else 'was not answered'}: "
                     f"{esc(STATUSES[r['status']])}. No manual score is needed (<code>aon final-grades</code> counts 0 "
                     "for the questions read by a person); the student's feedback says what to do.</p></html>")
        return "\n".join(parts)
    parts.append("<h2>Automatic checks</h2><table><tr><th>question</th><th>points</th><th>feedback</th></tr>")
    for q in exercise.auto_questions:
        parts.append(f"<tr><td>{esc(q.qid)}: {esc(q.title)}</td><td>{r['points'][q.qid]:g} / {q.points:g}</td><td>{inline_code(r['feedback'][q.qid])}</td></tr>")
    parts.append("</table>")
    values = {k: blank_to_unanswered(from_plain(v)) for k, v in r.get("values", {}).items()}
    values.update({k: UNANSWERED for k in exercise.variables if k not in values})
    lost = {v: info for v, info in (r.get("failed") or {}).items() if v not in r.get("values", {})}
    manual_vars = {v for q in exercise.manual_questions for v in q.variables}
    shown: set[str] = set()
    for var, info in lost.items():
        if var in manual_vars or info["place"] in shown:
            continue
        shown.add(info["place"])
        names = [v for v, i in lost.items() if i["place"] == info["place"]]
        parts.append(f"<h2>An answer cell that could not be run</h2>{_failed_cell_html(info, names)}")
    if exercise.outline:
        try:
            parts.append(exercise.outline(values))
        except Exception as exc:  # noqa: BLE001
            parts.append(f"<p class='flag'>The outline could not be drawn ({esc(type(exc).__name__)}).</p>")
    for q in exercise.manual_questions:
        parts.append(f"<h2>{esc(q.qid)}: {esc(q.title)} ({q.points:g} points, graded by a person)</h2>")
        for var in q.variables:
            value = values.get(var, UNANSWERED)
            if var in lost:
                parts.append(f"<h3><code>{esc(var)}</code></h3>{_failed_cell_html(lost[var], [var])}")
            elif is_blank(value):
                parts.append(f"<h3><code>{esc(var)}</code></h3><p><i>(not answered)</i></p>")
            elif not isinstance(value, str):
                parts.append(f"<h3><code>{esc(var)}</code></h3><p><i>(not text: {esc(describe(value))})</i></p>")
            else:
                parts.append(f"<h3><code>{esc(var)}</code> ({len(value.split())} words)</h3>")
                parts.append("".join(f"<p>{esc(p)}</p>" for p in value.split("\n\n")))
        if q.manual.rubric:
            levels = len(q.manual.rubric[0].levels)
            parts.append("<table><tr><th>criterion</th>" + "".join(f"<th>{levels - i}</th>" for i in range(levels)) + "<th>score</th></tr>")
            for criterion in q.manual.rubric:
                parts.append(f"<tr><td><b>{esc(criterion.name)}</b></td>" + "".join(f"<td>{esc(level)}</td>" for level in criterion.levels) + "<td></td></tr>")
            parts.append("</table>")
            parts.append(f"<p>{esc(q.manual.rule(q.qid))} Type the points (not the total of the scores) into the "
                         f"gradebook's column <code>{esc(q.qid)} (manual)</code>, then run <code>aon final-grades</code>.</p>")
    parts.append("</html>")
    return "\n".join(parts)


def write_outputs(exercise: Exercise, records: list[dict], output: Path, scrub: Scrubber) -> None:
    """Write the gradebook, feedback and HTML pages (each file whole or not at all)."""
    output.mkdir(parents=True, exist_ok=True)
    (output / "feedback").mkdir(exist_ok=True)
    gradebook = output / "gradebook.csv"
    write_gradebook(exercise, records, gradebook, typed=keep_typed_points(gradebook, exercise, records))
    for r in records:
        write_atomically(output / "feedback" / f"{_safe_name(r['student'])}.md", scrub(feedback_text(exercise, r)))
    if exercise.manual_questions:
        (output / "html").mkdir(exist_ok=True)
        for r in records:
            shown = dict(r, values=scrub.plain(r.get("values", {})))
            write_atomically(output / "html" / f"{_safe_name(r['student'])}.html", grader_html(exercise, shown))


def summary(records: list[dict], exercise_id: str, seconds: float) -> list[str]:
    """What ``aon grade`` says about a batch: how many submissions had each status, and a warning when most
    of them are notebooks of another exercise (the wrong id or the wrong folder, before any feedback is sent)."""
    counts = Counter(r["status"] for r in records)
    lines = [f"graded {len(records)} submission(s) in {seconds:.1f} s: " + ", ".join(f"{n} {s}" for s, n in counts.most_common())]
    others = Counter(note.split("'")[1] for r in records if r["status"] == "wrong_exercise"
                     for note in r["notes"] if note.startswith("this is exercise '"))
    if records and counts["wrong_exercise"] > len(records) / 2:
        found = ", ".join(f"{exercise} ({n})" for exercise, n in others.most_common())
        lines.append(f"warning: most submissions are notebooks of another exercise ({found}), not {exercise_id}: "
                     "check the exercise id and the folder before sending any feedback.")
    return lines
