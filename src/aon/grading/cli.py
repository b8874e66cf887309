"""Subcommands ``aon release``, ``aon collect``, ``aon grade``, ``aon check-sandbox`` and ``aon final-grades``.

Only the command line lives here (arguments, what is printed, exit codes); the work is done by
:mod:`.release`, :mod:`.submissions` (finding each student's notebook), :mod:`.grader`
and :mod:`.final`, which never import this module.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from pathlib import Path

from ..errors import CourseError, unknown_value_error
from ..paths import project_root
from .final import final_grades, write_final_grades
from .grader import grade_folder, probe_sandbox
from .release import release
from .report import summary
from .spec import list_exercises, release_root, source_root
from .submissions import near_misses, pick_notebook
from .worker import bwrap_path


def run_release(args: argparse.Namespace) -> int:
    """Write the student version of each exercise asked for (all by default)."""
    known = list_exercises(args.source)
    wanted = args.exercise or known
    if not wanted:
        raise CourseError(f"No exercises in {source_root(args.source)}.")
    for exercise_id in wanted:
        if exercise_id not in known:
            raise unknown_value_error("Exercise", exercise_id, known, f"Exercises: {', '.join(known)}.")
        path = release(exercise_id, args.source, args.release)
        print(f"released {exercise_id} -> {path}")
    return 0


def run_collect(args: argparse.Namespace) -> int:
    """Copy each student's notebook of one exercise from ROOT/<student>/... into OUT/<student>.ipynb."""
    root, out = Path(args.root), Path(args.out)
    known = sorted(set(list_exercises(args.source)) | {p.name for p in release_root(args.release).glob("*")
                                                      if (p / f"{p.name}.ipynb").is_file()})
    if args.exercise not in known:
        raise unknown_value_error("Exercise", args.exercise, known, f"Exercises: {', '.join(known) or 'none'}. Nothing was collected.")
    if not root.is_dir():
        raise CourseError(f"No folder {root}.")
    released_path = release_root(args.release) / args.exercise / f"{args.exercise}.ipynb"
    try:
        released = json.loads(released_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        released = None
    out.mkdir(parents=True, exist_ok=True)
    copied = 0
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        candidates = sorted(p for p in student_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        chosen, others = pick_notebook(candidates, args.exercise, released)
        if chosen is None:
            near = near_misses(student_dir, args.exercise)
            print(f"  {student_dir.name}: no notebook of {args.exercise} found"
                  + (f"; look at: {'; '.join(near)}" if near else ""))
            continue
        if others:
            print(f"  warning: {student_dir.name} has {len(others) + 1} notebooks of {args.exercise}; collected "
                  f"{chosen.relative_to(student_dir)} (the most recently modified one that is not the untouched release); "
                  f"not collected: {', '.join(str(p.relative_to(student_dir)) for p in others)}. Check with the student if unsure.")
        shutil.copyfile(chosen, out / f"{student_dir.name}.ipynb")
        copied += 1
    print(f"collected {copied} notebook(s) into {out}")
    return 0


def run_grade(args: argparse.Namespace) -> int:
    """Grade a folder of submissions, then say what came out and where it was written."""
    output = Path(args.output) if args.output else project_root() / "grading-output" / args.exercise
    started = time.perf_counter()
    gradebook, records = grade_folder(args.exercise, Path(args.submissions), output, jobs=args.jobs, timeout=args.timeout,
                                      cell_timeout=getattr(args, "cell_timeout", 10.0), memory_mb=args.memory_mb,
                                      source=args.source, release_dir=args.release, progress=not args.no_progress,
                                      sandbox=not getattr(args, "unsafe_no_sandbox", False))
    for line in summary(records, args.exercise, time.perf_counter() - started):
        print(line)
    output = output.resolve()
    print("student code ran " + ("WITHOUT the operating-system sandbox (--unsafe-no-sandbox)" if getattr(args, "unsafe_no_sandbox", False)
                                 else "inside the operating-system sandbox (bubblewrap; `aon check-sandbox` shows what it allows)"))
    print(f"gradebook: {gradebook}")
    print(f"feedback:  {output / 'feedback'}/<student>.md")
    if (output / "html").is_dir():
        print(f"for graders (written answers, rubric): {output / 'html'}/<student>.html")
    return 0


def run_check_sandbox(args: argparse.Namespace) -> int:
    """Show what student code can see and do inside the grader's sandbox; exit 1 if anything is wrong."""
    report = probe_sandbox(args.source)
    version = subprocess.run([bwrap_path() or "bwrap", "--version"], capture_output=True, text=True).stdout.strip()
    checks = [
        ("the exercise sources (hidden tests) do not exist inside", not report.get("sources visible"),
         f"visible: {report.get('sources visible')}"),
        ("the file system is read-only (except a private /tmp)", report.get("system writable") is False, "it is writable"),
        ("there is no network", report.get("network") is False, "a connection went out"),
        ("only the sandbox's own processes are visible", isinstance(report.get("processes seen"), int)
         and report["processes seen"] <= 4, f"{report.get('processes seen')} processes visible"),
    ]
    print(f"sandbox: {version or 'bwrap'} (student code runs in it during `aon grade`)")
    for text, ok, problem in checks:
        print(f"  {'ok ' if ok else 'NOT'}  {text}" + ("" if ok else f": {problem}"))
    return 0 if all(ok for _, ok, _ in checks) else 1


def run_final_grades(args: argparse.Namespace) -> int:
    """Check the manual points typed into a gradebook and write the totals; exit 1 while any is missing or wrong."""
    given = Path(args.gradebook)
    gradebook = given / "gradebook.csv" if given.is_dir() else given
    output = Path(args.output) if args.output else gradebook.parent / "grades.csv"
    if output.resolve() == gradebook.resolve():
        raise CourseError("Write the final grades to another file: the gradebook you typed the points into is never overwritten.")
    grades = final_grades(gradebook, args.source)
    write_final_grades(grades, output)
    for note in grades.notes:
        print(f"note: {note}")
    for problem in grades.problems:
        print(f"to fix: {problem}")
    done = len(grades.rows) - len(grades.incomplete)
    print(f"{done} of {len(grades.rows)} student(s) have a final total; written to {output}")
    if grades.incomplete:
        print("no total yet (a manual score missing, or a value to fix): " + ", ".join(grades.incomplete))
        print("Type the missing points into the gradebook's (manual) columns, fix what is listed above, and run this again.")
    return 1 if grades.problems or grades.incomplete else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the grading subcommands to ``aon``'s command line."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--source", type=Path, default=None, help="folder of exercise sources (default exercises/source)")
    common.add_argument("--release", type=Path, default=None, help="folder of student versions (default exercises/release)")

    rel = subparsers.add_parser("release", parents=[common], help="write the student versions of exercises (no solutions, no hidden tests)")
    rel.add_argument("exercise", nargs="*", help="exercise ids (default: all)")
    rel.set_defaults(func=run_release)

    col = subparsers.add_parser("collect", help="gather each student's notebook of an exercise into one folder")
    col.add_argument("--source", type=Path, default=None, help="folder of exercise sources (default exercises/source)")
    col.add_argument("--release", type=Path, default=None,
                     help="folder of student versions, to recognise an untouched copy (default exercises/release)")
    col.add_argument("exercise")
    col.add_argument("root", help="folder with one sub-folder per student (e.g. JupyterHub homes, an unzipped LMS download)")
    col.add_argument("out", help="where to put <student>.ipynb")
    col.set_defaults(func=run_collect)

    grade = subparsers.add_parser("grade", parents=[common], help="grade a folder of submissions: gradebook CSV, feedback, HTML for graders")
    grade.add_argument("exercise", help="exercise id, e.g. ex02-pandas")
    grade.add_argument("submissions", help="folder of <student>.ipynb files (or <student>/ folders); never modified")
    grade.add_argument("-o", "--output", default=None, help="output folder (default grading-output/<exercise>)")
    grade.add_argument("-j", "--jobs", type=int, default=None, help="submissions graded in parallel (default: number of cores)")
    grade.add_argument("--timeout", type=float, default=30.0, help="seconds per notebook (default 30)")
    grade.add_argument("--cell-timeout", type=float, default=10.0,
                       help="seconds per cell (default 10): a cell past it is interrupted and the next one runs")
    grade.add_argument("--memory-mb", type=int, default=1024, help="memory per notebook above the grader's own, in MB (default 1024)")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.add_argument("--unsafe-no-sandbox", action="store_true",
                       help="run student code without the operating-system sandbox (bubblewrap): only for code you trust")
    grade.set_defaults(func=run_grade)

    probe = subparsers.add_parser("check-sandbox", parents=[common],
                                  help="show that student code runs sandboxed when grading: no sources, read-only, no network")
    probe.set_defaults(func=run_check_sandbox)

    final = subparsers.add_parser("final-grades", parents=[common],
                                  help="check the manual points typed into a gradebook and write grades.csv with totals")
    final.add_argument("gradebook", help="the folder `aon grade` wrote (or its gradebook.csv); only read, never changed")
    final.add_argument("-o", "--output", default=None, help="where to write the totals (default grades.csv beside the gradebook)")
    final.set_defaults(func=run_final_grades)
