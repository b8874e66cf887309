"""Grade a folder of submissions: gradebook CSV, feedback per student, HTML for graders.

:func:`grade_folder` runs the batch in three phases:

1. *Read* (in the grader, before any student code runs): the exercise's sources,
   hidden tests included, into memory (:class:`.guard.Snapshot`); each submission's
   copy, assembled into the cells to run, protected cells restored from the release
   (:mod:`.submissions`).
2. *Run* (in parallel, with a progress bar): warm workers started inside the operating
   system's sandbox (:mod:`.worker`: no sources, submissions or output inside, read-only,
   no network, every process killed after each submission) run one submission at a time
   in a forked child (:mod:`.sandbox`); they return plain answer values only, and
   :func:`interpret` turns how each run ended into flags and notes.
3. *Score* (in the grader, after every worker has ended): the hidden tests, from the bytes
   read in step 1, run on values the grader rebuilt, never on objects from the submission
   (:func:`score`). Everything shown that came from a submission is bounded and scrubbed of
   hidden-test text; the gradebook, feedback and HTML (:mod:`.report`) are each written
   whole or not at all.

A submission is copied to a temporary folder first and never modified. Anything
that goes wrong with one submission becomes its status; the batch goes on.
:func:`probe_sandbox` runs a probe in a worker, as a submission runs, for ``aon check-sandbox``.
"""
from __future__ import annotations

import json
import math
import os
import queue
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import tqdm

from ..errors import CourseError
from ..paths import data_dir, exercises_dir
from .guard import Scrubber, Snapshot, bounded
from .release import source_text, student_notebook
from .report import write_outputs
from .sandbox import RunResult
from .spec import (
    Exercise,
    list_exercises,
    load_checks,
    load_exercise,
    release_root,
    source_root,
)
from .submissions import (
    NOT_RUN,
    STATUSES,
    STOPPED_EARLY,
    assigned_names,
    find_submissions,
    prepare,
)
from .values import (
    UNANSWERED,
    Unsupported,
    blank_to_unanswered,
    describe,
    from_plain,
    is_blank,
)
from .worker import (
    GRACE,
    SandboxUnavailable,
    Worker,
    check_sandbox,
    import_path,
    python_command,
    sandbox_command,
    worker_env,
)


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


# ----------------------------------------------------------------------------------------------- phase 2: run

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
    tqdm.tqdm.monitor_interval = 0
    results: dict[int, dict] = {}
    bar = tqdm.tqdm(total=len(prepared), desc="grading", unit="nb", disable=not progress, dynamic_ncols=True)
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


# --------------------------------------------------------------------------------------------- phase 3: score

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
    """The gradebook's status: the most serious of ``flags`` (the order of :data:`.submissions.STATUSES`)."""
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


# -------------------------------------------------------------------------------------------------- the batch

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
