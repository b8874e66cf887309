"""Subcommands ``aon release``, ``aon collect`` and ``aon grade``."""
from __future__ import annotations

import argparse
import json
import shutil
import time
from collections import Counter
from pathlib import Path

from ..errors import CourseError
from ..paths import project_root
from .spec import list_exercises, source_root


def run_release(args: argparse.Namespace) -> int:
    from .release import release

    known = list_exercises(args.source)
    wanted = args.exercise or known
    if not wanted:
        raise CourseError(f"No exercises in {source_root(args.source)}.")
    for exercise_id in wanted:
        if exercise_id not in known:
            from ..errors import unknown_value_error

            raise unknown_value_error("Exercise", exercise_id, known, f"Exercises: {', '.join(known)}.")
        path = release(exercise_id, args.source, args.release)
        print(f"released {exercise_id} -> {path}")
    return 0


def run_collect(args: argparse.Namespace) -> int:
    """Copy each student's notebook of one exercise from ROOT/<student>/... into OUT/<student>.ipynb."""
    root, out = Path(args.root), Path(args.out)
    if not root.is_dir():
        raise CourseError(f"No folder {root}.")
    out.mkdir(parents=True, exist_ok=True)
    copied = 0
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        candidates = sorted(p for p in student_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        chosen = None
        for path in candidates:
            try:
                meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
            except (ValueError, OSError, AttributeError):
                continue
            if isinstance(meta, dict) and isinstance(meta.get("aon_exercise"), dict) and meta["aon_exercise"].get("id") == args.exercise:
                chosen = path
                break
        if chosen is None:
            chosen = next((p for p in candidates if p.name == f"{args.exercise}.ipynb"), None)
        if chosen is None:
            print(f"  {student_dir.name}: no notebook of {args.exercise} found")
            continue
        shutil.copyfile(chosen, out / f"{student_dir.name}.ipynb")
        copied += 1
    print(f"collected {copied} notebook(s) into {out}")
    return 0


def run_grade(args: argparse.Namespace) -> int:
    from .grader import grade_folder

    output = Path(args.output) if args.output else project_root() / "grading-output" / args.exercise
    started = time.perf_counter()
    gradebook, records = grade_folder(args.exercise, Path(args.submissions), output, jobs=args.jobs, timeout=args.timeout,
                                      memory_mb=args.memory_mb, source=args.source, release_dir=args.release,
                                      progress=not args.no_progress)
    elapsed = time.perf_counter() - started
    counts = Counter(r["status"] for r in records)
    print(f"graded {len(records)} submission(s) in {elapsed:.1f} s: " + ", ".join(f"{n} {s}" for s, n in counts.most_common()))
    print(f"gradebook: {gradebook}")
    print(f"feedback:  {output / 'feedback'}/<student>.md")
    if (output / "html").is_dir():
        print(f"for graders (written answers, rubric): {output / 'html'}/<student>.html")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--source", type=Path, default=None, help="folder of exercise sources (default exercises/source)")
    common.add_argument("--release", type=Path, default=None, help="folder of student versions (default exercises/release)")

    rel = subparsers.add_parser("release", parents=[common], help="write the student versions of exercises (no solutions, no hidden tests)")
    rel.add_argument("exercise", nargs="*", help="exercise ids (default: all)")
    rel.set_defaults(func=run_release)

    col = subparsers.add_parser("collect", help="gather each student's notebook of an exercise into one folder")
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
    grade.add_argument("--memory-mb", type=int, default=1024, help="memory per notebook above the grader's own, in MB (default 1024)")
    grade.add_argument("--no-progress", action="store_true", help="no progress bar")
    grade.set_defaults(func=run_grade)
