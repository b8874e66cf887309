"""Grade a folder of submissions: gradebook CSV, feedback per student, HTML for graders.

1. *Read* (in the grader, before any student code runs): the exercise's sources,
   hidden tests included, into memory (:class:`.guard.Snapshot`); each submission's
   copy, assembled into the cells to run (protected cells restored from the release).
2. *Run* (in parallel, with a progress bar): warm workers started inside the operating
   system's sandbox (:mod:`.worker`: no sources, submissions or output inside, read-only,
   no network, every process killed after each submission) run one submission at a time
   in a forked child (:mod:`.sandbox`); they return plain answer values only.
3. *Score* (in the grader, after every worker has ended): the hidden tests, from the bytes
   read in step 1, run on values the grader rebuilt, never on objects from the submission.
   Everything shown that came from a submission is bounded and scrubbed of hidden-test
   text; the gradebook, feedback and HTML are each written whole or not at all.

A submission is copied to a temporary folder first and never modified. Anything
that goes wrong with one submission becomes its status; the batch goes on.
"""
from __future__ import annotations

import csv
import html
import io
import json
import math
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CourseError
from ..paths import exercises_dir
from .release import source_text, student_notebook, tags
from .guard import Scrubber, Snapshot, bounded, write_atomically
from .sandbox import RunResult
from .worker import GRACE, SandboxUnavailable, Worker, check_sandbox, import_path, python_command, sandbox_command, worker_env
from .spec import Exercise, load_checks, load_exercise, release_root, source_root
from .values import MARK, UNANSWERED, Unsupported, blank_to_unanswered, describe, from_plain, is_blank

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
NOT_RUN = ("empty", "corrupt", "too_large", "not_an_exercise", "wrong_exercise")
MAX_BYTES = 100 * 1024 * 1024
HUGE_BYTES = 10 * 1024 * 1024
SUSPICIOUS = [r"\bbuiltins\b", r"AssertionError\s*=", r"^\s*check\s*=", r"\bctypes\b", r"addaudithook",
              r"exercises[/\\]+source", r"tests\.py", r"\bsubprocess\b", r"os\.kill", r"setrlimit", r"gc\.get_objects",
              r"def __eq__", r"os\._exit", r"_getframe", r"sys\.modules"]


@dataclass
class Settings:
    """Limits and boundaries of one grading run."""

    timeout: float = 30.0
    cell_timeout: float = 10.0
    memory_mb: int = 1024
    protected: list = field(default_factory=list)   # folders the audit hook refuses (a second line)
    hidden: list = field(default_factory=list)      # folders that must not exist inside the sandbox
    visible: list = field(default_factory=list)     # public folders a notebook needs (data, release)
    sandboxed: bool = True
    workdir: Path = Path(tempfile.gettempdir())     # where unsandboxed children work


class Rejected(Exception):
    def __init__(self, status: str, note: str):
        super().__init__(note)
        self.status, self.note = status, note


# ----------------------------------------------------------------------------------------------- phase 1: run

def find_submissions(folder: Path, exercise_id: str | None = None, release_nb: dict | None = None,
                     warnings: dict[str, str] | None = None) -> list[tuple[str, Path]]:
    """Return (student, path) per submission: ``NAME.ipynb`` files, or ``NAME/`` folders holding a notebook.

    A folder with several notebooks: the one ``aon collect`` would choose (see :func:`.cli.pick_notebook`),
    with a warning in ``warnings[student]`` naming the others.
    """
    from .cli import pick_notebook

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




def _running(places: list[str], finished: int) -> str:
    """Where a run stopped: the cell after the ``finished`` ones, named by the heading above it."""
    if finished < len(places):
        return f" in {places[finished]} ({finished} of {len(places)} cells had run)"
    return f" after the last cell ({len(places)} cells had run)"


def _line_of(text: str, line: int | None) -> str:
    """Line ``line`` (1-based) of a cell's text, shortened, without backticks (it is shown as `code`)."""
    lines = text.splitlines()
    if not isinstance(line, int) or not 0 < line <= len(lines):
        return ""
    shown = lines[line - 1].strip().replace("`", "'")
    return shown[:60] + ("..." if len(shown) > 60 else "")


def failed_answers(errors: list, details: dict, cells: list[str], places: list[str], is_protected: list[bool],
                   variables: list[str]) -> dict[str, dict]:
    """For each answer variable assigned in a student cell that raised: where, what, the line, and the cell's text
    (so the feedback can say why the answer could not be read, and a person can read what the student wrote)."""
    failed: dict[str, dict] = {}
    for n, kind in errors:
        if not 0 < n <= len(cells) or is_protected[n - 1]:
            continue
        for name in assigned_names(cells[n - 1], variables):
            failed.setdefault(name, {"place": places[n - 1], "error": kind, "line": details.get(n, {}).get("line"),
                                     "source": cells[n - 1][:20_000]})
    return failed


def error_note(n: int, kind: str, detail: dict, cells: list[str], places: list[str], is_protected: list[bool],
               failed: dict[str, dict]) -> str:
    """One error in words: the error, the cell by its heading, the line in the cell; for a protected cell that
    used an answer that is missing, which answer and why."""
    if not 0 < n <= len(cells):
        return f"{kind} in cell {n}"
    text = f"{kind} in {places[n - 1]}"
    line = detail.get("line")
    if isinstance(line, int) and not is_protected[n - 1]:
        shown = _line_of(cells[n - 1], line)
        text += f", line {line} of the cell" + (f": `{shown}`" if shown else "")
    name = detail.get("name")
    if is_protected[n - 1] and kind == "NameError":
        if name in failed:
            text += f": `{name}` is not defined because {failed[name]['place']} stopped with a {failed[name]['error']}; fix that first"
        else:
            text += (f": `{name}` is not defined" if name else "") + "; this cell uses the answers above it: run and fix those first"
    elif name:
        text += f" (`{name}` is not defined)"
    return text


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


def not_reached(cells: list[str], places: list[str], is_protected: list[bool], variables: list[str],
                result: RunResult, values: dict, why: str) -> dict[str, dict]:
    """Answers assigned in student cells the run never finished (it stopped at a limit or crashed):
    they did not run, which is not the same as not answered."""
    missing: dict[str, dict] = {}
    for n in range(result.cells_run + 1, len(cells) + 1):
        if is_protected[n - 1]:
            continue
        for name in assigned_names(cells[n - 1], variables):
            if name not in values:
                missing.setdefault(name, {"place": places[n - 1], "error": "NotRun", "why": why, "line": None,
                                          "source": cells[n - 1][:20_000]})
    return missing


def interpret(record: dict, result: RunResult | None, cells: list[str], places: list[str], is_protected: list[bool],
              variables: list[str], settings: Settings) -> dict:
    """Turn how a run ended into the record's values, flags and notes (in the grader)."""
    if result is None:
        record["flags"].append("crashed")
        record["notes"].append("the grading worker running this submission stopped or did not answer in time; "
                               "nothing could be graded (every other submission was graded normally)")
        failed = not_reached(cells, places, is_protected, variables, RunResult(), {}, "the grading worker stopped")
        if failed:
            record["failed"] = failed
        return record
    record["values"] = result.values
    interrupted = set(result.interrupted)
    if result.timed_out or interrupted:
        record["flags"].append("timeout")
    for n in sorted(interrupted)[:8]:
        if 0 < n <= len(places):
            record["notes"].append(f"{places[n - 1]} ran past the time limit for one cell ({settings.cell_timeout:g} s) "
                                   "and was interrupted; the cells after it ran")
    if result.timed_out:
        record["notes"].append(f"stopped at the time limit ({settings.timeout:g} s for the notebook, "
                               f"{settings.cell_timeout:g} s per cell){_running(places, result.cells_run)}; "
                               "the answers after that did not run")
    if any(kind == "MemoryError" for _, kind in result.errors):
        record["flags"].append("memory_limit")
        record["notes"].append(f"hit the memory limit ({settings.memory_mb} MB)")
    if not result.timed_out and (not result.finished or result.signal or result.output_overflow):
        record["flags"].append("crashed")
        how = f"signal {result.signal}" if result.signal else ("too much output" if result.output_overflow else "the process exited")
        record["notes"].append(f"the code stopped Python ({how}){_running(places, result.cells_run)}")
    if result.blocked:
        record["flags"].append("blocked_access")
        record["notes"].append("refused while grading: " + "; ".join(result.blocked[:5]))
    timed = [(n, "CellTimeout") for n, kind in result.errors if n in interrupted]
    other = [(n, kind) for n, kind in result.errors if kind != "MemoryError" and n not in interrupted]
    failed = failed_answers(timed + other, result.error_details, cells, places, is_protected, variables)
    if not result.finished:
        why = ("the time limit" if result.timed_out else "the memory limit" if "memory_limit" in record["flags"]
               else "the code stopped Python")
        for name, info in not_reached(cells, places, is_protected, variables, result, record["values"], why).items():
            failed.setdefault(name, info)
    if failed:
        record["failed"] = failed
    if other:
        record["flags"].append("errors")
        record["notes"].append("errors: " + "; ".join(
            error_note(n, kind, result.error_details.get(n, {}), cells, places, is_protected, failed)
            for n, kind in other[:8]))
    return record


def _workers(settings: Settings, count: int) -> list[Worker]:
    """Start ``count`` warm workers (inside the sandbox unless ``settings.sandboxed`` is False)."""
    env = worker_env(settings.sandboxed)
    paths = import_path(settings.hidden, settings.visible)
    command = python_command(paths)
    if settings.sandboxed:
        command = sandbox_command(settings.hidden, settings.visible, env) + command
        env = None
    workers = [Worker(command, env) for _ in range(count)]
    for worker in workers:
        worker.start()
    return workers


def _run_all(prepared: list[tuple[dict, list | None]], settings: Settings, variables: list[str], jobs: int,
             progress: bool) -> dict[int, dict]:
    """Run every gradable submission in a pool of warm workers, one submission per worker at a time.

    A worker that dies, overruns its deadline or answers nonsense is killed with everything in its sandbox;
    only the submission it was running is marked ``crashed``, and the next one gets a fresh worker.
    """
    import queue
    import threading

    import tqdm as tqdm_module

    tqdm_module.tqdm.monitor_interval = 0
    results: dict[int, dict] = {}
    bar = tqdm_module.tqdm(total=len(prepared), desc="grading", unit="nb", disable=not progress, dynamic_ncols=True)
    todo: queue.Queue = queue.Queue()
    for record, run in prepared:
        if run is None:
            record["seconds"] = 0.0
            results[record["index"]] = record
            bar.update(1)
        else:
            todo.put((record, run))
    lock = threading.Lock()
    failures: list[BaseException] = []
    workers = _workers(settings, max(1, min(jobs, todo.qsize()))) if todo.qsize() else []

    def serve(worker: Worker) -> None:
        while not failures:
            try:
                record, (cells, places, is_protected) = todo.get_nowait()
            except queue.Empty:
                return
            try:
                worker.wait_ready()
            except SandboxUnavailable as exc:
                with lock:
                    failures.append(exc)
                todo.put((record, (cells, places, is_protected)))
                return
            started = time.perf_counter()
            job = {"cells": cells, "variables": variables, "timeout": settings.timeout, "cell_timeout": settings.cell_timeout,
                   "memory_mb": settings.memory_mb, "protected": [str(p) for p in settings.protected],
                   "workdir": str(settings.workdir), "nonce": secrets.token_hex(8)}
            try:
                result = worker.run(job, settings.timeout + GRACE)
            except SandboxUnavailable as exc:
                with lock:
                    failures.append(exc)
                return
            interpret(record, result, cells, places, is_protected, variables, settings)
            record["seconds"] = round(time.perf_counter() - started, 3)
            with lock:
                results[record["index"]] = record
                bar.update(1)

    threads = [threading.Thread(target=serve, args=(w,), daemon=True) for w in workers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for worker in workers:
            worker.close()
        bar.close()
    if failures:
        raise failures[0]
    return results


# --------------------------------------------------------------------------------------------- phase 2: score

def could_not_read(variables: list[str], plain: dict, failed: dict[str, dict] | None) -> str:
    """Why answers of a question are missing when the cell that assigns them stopped with an error ("" if none is)."""
    said: dict[str, list[str]] = {}
    for var in variables:
        if var not in plain and var in (failed or {}):
            said.setdefault(failed[var]["place"], []).append(var)
    parts = []
    for place, names in said.items():
        info = failed[names[0]]
        line = f" (line {info['line']} of the cell)" if isinstance(info.get("line"), int) else ""
        listed = ", ".join(f"`{n}`" for n in names)
        if info["error"] == "NotRun":
            parts.append(f"{place} did not run: the notebook stopped before it finished ({info.get('why', 'a limit')}), "
                         f"so {listed} had no value to grade. Your answer was not read, which is not the same as not "
                         "answered: fix what stopped the notebook (see below), then run every cell again.")
        elif info["error"] == "CellTimeout":
            parts.append(f"{place} ran past the time limit for one cell and was interrupted, so {listed} could not "
                         "be read. Look for a loop that never ends or a very slow step, fix it, run the cell, then its check.")
        else:
            what = "has a syntax error" if info["error"] == "SyntaxError" else f"stopped with a {info['error']}"
            parts.append(f"{place} {what}{line}, so {listed} could not be read. "
                         "Fix the error, run the cell, then run its check.")
    return " ".join(parts)


def score(exercise: Exercise, plain: dict, failed: dict[str, dict] | None = None) -> tuple[dict[str, float | None], dict[str, str]]:
    """Score the answer values; return (points per question, feedback per question). Manual: points None.

    Partial credit: the visible check only gives feedback; the hidden test always decides the points,
    so one slip in a long answer costs what the hidden test says it costs. Zero without running the
    hidden test only if the question is entirely unanswered (every variable still ``...`` or an
    untouched starter such as ``[...]``) or an answer is of a kind the grader cannot read
    (:class:`Unsupported`). Hidden tests score values the grader rebuilt, so no answer can score more
    than the same values typed in honestly. ``failed`` (from the run) says which answers are missing because
    the cell assigning them raised: the feedback says so instead of "not answered".
    """
    points: dict[str, float | None] = {}
    feedback: dict[str, str] = {}
    for qid, question in exercise.questions.items():
        values = {v: blank_to_unanswered(from_plain(plain[v])) if v in plain else UNANSWERED for v in question.variables}
        lost = could_not_read(question.variables, plain, failed)
        if all(v is UNANSWERED for v in values.values()):
            points[qid] = None if question.manual else 0.0
            feedback[qid] = (lost + (" A person reads the cell as you wrote it, with the rubric." if question.manual else "")
                             if lost else "not answered.")
            continue
        problem = None
        if lost:
            problem = lost   # the visible check would only say that the missing answer is "not answered"
        elif question.check:
            try:
                # the visible check may compare this answer with others (``context``); the hidden test never sees them
                around = {v: blank_to_unanswered(from_plain(plain[v])) for v in question.context if v in plain}
                problem = question.check({**around, **values})
            except Exception as exc:  # noqa: BLE001
                problem = f"the answer could not be read ({type(exc).__name__}): " + "; ".join(
                    f"`{k}` is {describe(v)}" for k, v in values.items())
        if question.manual:
            points[qid] = None
            feedback[qid] = (problem + " " if lost else "visible check: " + problem + " " if problem else "") + "graded by a person with the rubric."
            continue
        unusable = [k for k, v in values.items() if isinstance(v, Unsupported)]
        if unusable:
            points[qid] = 0.0
            feedback[qid] = "the grader cannot read " + "; ".join(
                f"`{k}`: it is {describe(values[k])}" for k in unusable) + ". Use plain Python or pandas values."
            continue
        test_failed = False
        try:
            fraction = float(question.score(values))
            fraction = min(1.0, max(0.0, fraction)) if math.isfinite(fraction) else 0.0
        except Exception:  # noqa: BLE001 - a test that cannot run on this answer gives no points
            fraction, test_failed = 0.0, True
        points[qid] = round(question.points * fraction, 2)
        if problem:
            told = problem if lost else f"visible check not passed: {problem}"
            if fraction >= 1.0:
                feedback[qid] = f"{told} The hidden tests passed nonetheless."
            elif fraction > 0:
                feedback[qid] = f"{told} Partial credit from the hidden tests: {fraction:.0%} of the points."
            else:
                feedback[qid] = f"{told} No points from the hidden tests."
        elif fraction >= 1.0:
            feedback[qid] = "visible check and hidden tests passed."
        elif fraction > 0:
            feedback[qid] = f"visible check passed; hidden tests passed in part ({fraction:.0%})."
        elif test_failed:
            feedback[qid] = ("visible check passed, but the hidden tests could not be run on this answer: look at its "
                             "form, and at the answers it depends on.")
        else:
            feedback[qid] = "visible check passed, but the hidden tests did not: look again at the question's details."
    return points, feedback


def all_unanswered(exercise: Exercise, plain: dict) -> bool:
    """True if every answer variable of the exercise is still ``...`` or an untouched starter."""
    return all(v not in plain or is_blank(from_plain(plain[v])) for v in exercise.variables)


def status_of(flags: list[str]) -> str:
    for status in STATUSES:
        if status in flags:
            return status
    return "ok"


def finish(exercise: Exercise, record: dict) -> dict:
    """Add points, totals and status to a run record."""
    flags = list(dict.fromkeys(record.get("flags", [])))
    failed = record.get("failed") or {}
    lost = [v for v in exercise.variables if v in failed and v not in record.get("values", {})]
    unreached = STOPPED_EARLY & set(flags) and any(v not in record.get("values", {}) for v in exercise.variables)
    if (not set(NOT_RUN) & set(flags) and "unanswered" not in flags and not lost and not unreached
            and all_unanswered(exercise, record.get("values", {}))):
        flags.append("unanswered")
        record.setdefault("notes", []).append("no answer was filled in: every answer is still as released")
    record["flags"] = flags
    record["status"] = status_of(flags)
    if record["status"] in NOT_RUN:
        record["points"] = {q: (None if exercise.questions[q].manual else 0.0) for q in exercise.questions}
        record["feedback"] = {q: "not graded: " + STATUSES[record["status"]] + "." for q in exercise.questions}
    else:
        record["points"], record["feedback"] = score(exercise, record.get("values", {}), failed)
    record["auto_total"] = round(sum(p for p in record["points"].values() if p is not None), 2)
    return record


# -------------------------------------------------------------------------------------------------- outputs

def _safe_name(student: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", student).strip("._") or "student"


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


AUTO_ZERO = "{qid} was not answered: 0 entered in '{qid} (manual)'"   # in the notes, so a regrade can tell it from a typed 0


STOPPED_EARLY = {"timeout", "memory_limit", "crashed"}


def manual_not_answered(r: dict, question) -> bool:
    """True if a manual question of a graded submission was left unanswered: its feedback says 0 points, nothing to mark.

    Only when the run reached every variable of the question and found each blank: if the run stopped
    early (time or memory limit, a crash), an answer the run never reached is not "unanswered", and a
    person must read the notebook. (A wholly unanswered or ungraded submission is left blank:
    ``aon final-grades`` counts its blanks as 0.)
    """
    from .final import NOTHING_TO_READ

    if r["status"] in NOTHING_TO_READ or STOPPED_EARLY & set(r.get("flags", [])):
        return False
    values = r.get("values", {})
    return (r["feedback"].get(question.qid) == "not answered."
            and all(variable in values for variable in question.variables))


def keep_typed_points(gradebook: Path, exercise: Exercise, records: list[dict]) -> dict[str, dict[str, str]]:
    """Before a gradebook is written again: back up the old one and return the manual points typed into it.

    Grading the same folder twice must not lose an instructor's work: the old file is copied to
    ``gradebook-before-<time>.csv`` and every manual score typed into it goes into the new gradebook
    for the same student. What cannot be carried over is said, with the backup's name.
    """
    if not gradebook.is_file():
        return {}
    from datetime import datetime

    from .final import line_of, read_gradebook, shifted

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
    from .spec import load_module  # noqa: F401 - outline comes with the exercise's tests module

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
                parts.append(f"<tr><td><b>{esc(criterion.name)}</b></td>" + "".join(f"<td>{esc(l)}</td>" for l in criterion.levels) + "<td></td></tr>")
            parts.append("</table>")
            parts.append(f"<p>{esc(q.manual.rule(q.qid))} Type the points (not the total of the scores) into the "
                         f"gradebook's column <code>{esc(q.qid)} (manual)</code>, then run <code>aon final-grades</code>.</p>")
    parts.append("</html>")
    return "\n".join(parts)


NO_SANDBOX_ADVICE = (
    "Student code is run only inside an operating-system sandbox (bubblewrap), and it cannot start here: {why}. "
    "Install it (Debian/Ubuntu: `sudo apt-get install bubblewrap`; `python3 course.py test` does it when run as root), "
    "or, where user namespaces are disabled (some hub pods and containers), ask for them to be allowed "
    "(`sysctl kernel.unprivileged_userns_clone=1`, or a pod allowed to create them). Only for code you trust, "
    "`aon grade --unsafe-no-sandbox` grades without it: a submission can then read the hidden tests and change the "
    "results (see exercises/README.md)."
)


def sandbox_problem(settings: Settings) -> str | None:
    """None if the sandbox can start with these settings; else why not."""
    return check_sandbox(settings.hidden, settings.visible)


def _scrub_record(record: dict, scrub: Scrubber) -> None:
    """Bound and scrub of hidden-test text everything in a record that came from the submission."""
    record["notes"] = [bounded(scrub(str(n)), 1500) for n in record.get("notes", [])][:40]
    if isinstance(record.get("feedback"), dict):
        record["feedback"] = {q: bounded(scrub(str(t)), 3000) for q, t in record["feedback"].items()}
    for info in (record.get("failed") or {}).values():
        info["source"] = scrub(str(info.get("source", "")))
        info["place"] = scrub(str(info.get("place", "")))


def grade_folder(exercise_id: str, submissions: Path, output: Path, *, jobs: int | None = None, timeout: float = 30.0,
                 cell_timeout: float | None = None, memory_mb: int = 1024, source: Path | None = None,
                 release_dir: Path | None = None, progress: bool = True, sandbox: bool = True) -> tuple[Path, list[dict]]:
    """Grade every submission in ``submissions``; write the gradebook and feedback into ``output``.

    Student code runs only in warm workers inside the operating system's sandbox (see :mod:`.worker`);
    ``sandbox=False`` (``--unsafe-no-sandbox``) runs them without it, for code you trust. The exercise's
    sources are read into memory before any submission runs and the grades come from those bytes;
    the outputs are written only after every worker has ended, each file whole or not at all.
    """
    submissions, output = Path(submissions).resolve(), Path(output).resolve()
    src_root = source_root(source).resolve()
    folder = src_root / exercise_id
    if not (folder / f"{exercise_id}.ipynb").is_file():
        from .spec import list_exercises

        raise CourseError(f"No exercise '{exercise_id}' in {src_root}. Exercises: {', '.join(list_exercises(src_root)) or 'none'}.")
    if output == submissions or submissions in output.parents:
        raise CourseError("Write the output outside the submissions folder (submissions are never modified).")
    snapshot = Snapshot.read(folder, exercise_id)   # before any submission runs; grades come from these bytes
    if "tests.py" not in snapshot.files or "checks.py" not in snapshot.files:
        raise CourseError(f"{folder} needs checks.py and tests.py.")
    checks = load_checks(folder / "checks.py", exercise_id, snapshot.files["checks.py"])
    variables = list(dict.fromkeys(v for c in checks.values() for v in [*c.variables, *c.context]))
    release_folder = release_root(release_dir).resolve()
    released = release_folder / exercise_id / f"{exercise_id}.ipynb"
    if released.is_file():
        release_nb = json.loads(released.read_text(encoding="utf-8"))
    else:
        release_nb = student_notebook(json.loads(snapshot.files[f"{exercise_id}.ipynb"].decode("utf-8")), exercise_id)
    warnings: dict[str, str] = {}
    found = find_submissions(submissions, exercise_id, release_nb, warnings)
    for student, warning in warnings.items():
        print(f"warning: {student}: {warning}")
    batch = Path(tempfile.mkdtemp(prefix="aon-grading-"))
    hidden = [src_root, (exercises_dir() / "source").resolve(), submissions, output, batch]
    from ..paths import data_dir

    visible = [p for p in (data_dir().resolve(), release_folder) if p.is_dir() and not any(h == p or h in p.parents for h in hidden)]
    settings = Settings(timeout=timeout, cell_timeout=min(cell_timeout or 10.0, timeout), memory_mb=memory_mb,
                        protected=list(hidden), hidden=hidden, visible=visible, sandboxed=sandbox, workdir=batch / "work")
    try:
        if sandbox:
            why = sandbox_problem(settings)
            if why:
                raise CourseError(NO_SANDBOX_ADVICE.format(why=why))
        else:
            print("warning: --unsafe-no-sandbox: student code runs without the operating-system sandbox; a submission "
                  "can read the hidden tests and change the results. Use it only for code you trust.")
        prepared = []
        for index, (student, path) in enumerate(found):
            copy = batch / "in" / f"{index}.ipynb"
            copy.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(path, copy)
            except OSError:
                copy.write_bytes(b"")
            prepared.append(prepare(index, student, copy, exercise_id, release_nb))
        (batch / "work").mkdir(exist_ok=True)
        jobs = jobs or max(1, min(len(os.sched_getaffinity(0)), 8))
        try:
            runs = _run_all(prepared, settings, variables, jobs, progress)
        except SandboxUnavailable as exc:
            raise CourseError(NO_SANDBOX_ADVICE.format(why=str(exc))) from None
    finally:
        shutil.rmtree(batch, ignore_errors=True)
    # Every worker has ended. Score with the hidden tests as they were read before the run.
    exercise = load_exercise(exercise_id, src_root, snapshot.files)
    changed = snapshot.changed()
    if changed:
        print(f"warning: {', '.join(changed)} in {folder} changed on disk while grading; the grades use the versions "
              f"read before any submission ran (tests.py sha256 {snapshot.digest('tests.py')[:16]}…). Check who changed them.")
    public = [snapshot.files["checks.py"].decode("utf-8", "replace"), json.dumps(release_nb, ensure_ascii=False),
              *(source_text(c) for c in release_nb.get("cells", []) if isinstance(c, dict))]
    scrub = Scrubber(snapshot.files["tests.py"].decode("utf-8", "replace"), public)
    records = [finish(exercise, runs[i]) for i in sorted(runs)]
    for record, (student, path) in zip(records, found):
        record["file"] = str(path)
        if student in warnings:
            record["notes"].append(warnings[student])
        _scrub_record(record, scrub)
    write_outputs(exercise, records, output, scrub)
    return output / "gradebook.csv", records


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


PROBE = r'''
import gc, os, socket, types
for f in gc.get_objects():   # the audit hook off, as a hostile submission would: only the OS boundary is left
    if isinstance(f, types.FunctionType) and f.__name__ == "hook" and f.__closure__:
        for c in f.__closure__:
            if callable(c.cell_contents) and getattr(c.cell_contents, "__name__", "") == "refuse":
                c.cell_contents = lambda what: None
report = {}
def _exists(path):
    try:
        return os.path.exists(path)
    except Exception:
        return False
report["sources visible"] = [p for p in HIDDEN if _exists(p)]
try:
    open("/usr/.aon-probe", "w")
    report["system writable"] = True
except OSError:
    report["system writable"] = False
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    report["network"] = True
except OSError:
    report["network"] = False
report["processes seen"] = len([p for p in os.listdir("/proc") if p.isdigit()])
report["user id"] = os.getuid()
'''


def probe_sandbox(source: Path | None = None) -> dict:
    """Run a probe in a grading worker, as a submission runs: what it can see and do. For ``aon check-sandbox``."""
    from ..paths import data_dir

    src_root = source_root(source).resolve()
    hidden = [src_root, (exercises_dir() / "source").resolve()]
    release_folder = release_root().resolve()
    visible = [p for p in (data_dir().resolve(), release_folder) if p.is_dir()]
    settings = Settings(timeout=60, cell_timeout=60, hidden=hidden, visible=visible, protected=[], sandboxed=True)
    why = sandbox_problem(settings)
    if why:
        raise CourseError(NO_SANDBOX_ADVICE.format(why=why))
    worker = _workers(settings, 1)[0]
    try:
        cells = [f"HIDDEN = {[str(h) for h in hidden]!r}", PROBE]
        job = {"cells": cells, "variables": ["report"], "timeout": 60, "cell_timeout": 60, "memory_mb": 1024,
               "protected": [], "workdir": "/tmp", "nonce": secrets.token_hex(8)}
        result = worker.run(job, 60 + GRACE)
    finally:
        worker.close()
    report = from_plain(result.values["report"]) if result is not None and "report" in result.values else None
    if not isinstance(report, dict):
        raise CourseError("The sandbox started but the probe did not answer: " + (worker.stderr_tail.decode(errors="replace")[-300:] or "no message"))
    return report
