#!/usr/bin/env python3
"""Benchmark the class grader against the floor (not a timed test).

Generates N synthetic submissions of exercise ex02-pandas (right, half right, wrong,
untouched, and every hostile case of tests/synthetic_submissions.py), grades them with
``aon grade``'s engine, then executes the same notebooks with nbclient's NotebookClient (a
fresh kernel per notebook: the floor any kernel-based grader pays), in warm worker
processes, with the same parallelism and time limit, and prints both in one run.

    .venv/bin/python benchmarks/grading_benchmark.py            # 200 submissions, 2 jobs
    .venv/bin/python benchmarks/grading_benchmark.py --n 40 --skip-floor
    .venv/bin/python benchmarks/grading_benchmark.py --nbgrader --skip-floor   # side by side with nbgrader 0.9.6
    .venv/bin/python benchmarks/grading_benchmark.py --n 40 --skip-floor --unsandboxed   # the sandbox's own cost

``--nbgrader`` (optional, never a dependency of the course) installs nbgrader into a throwaway
virtual environment (``--nbgrader-venv``, default in the temporary folder; reused if present),
turns the exercise into an nbgrader assignment (each answer cell a solution cell, each question a
hidden autograded test cell that asserts the course's own hidden test gives full marks, points as
in ``tests.py``), puts the same submissions in its layout, and times ``nbgrader autograde`` on them
(one process, as nbgrader runs; its kernels are the course environment's Python), with ``--timeout``
as nbgrader's per-cell limit (the grader: ``--timeout`` per notebook, ``--cell-timeout`` per cell).

The floor's kernels run under the same address-space limit as the grader's children
(the memory bomb would otherwise take the machine down).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from aon.grading.grader import grade_folder
from aon.grading.release import source_text, tags
from aon.grading.spec import load_exercise
from aon.paths import exercises_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))   # the synthetic submissions live with the tests
import synthetic_submissions as synthetic  # noqa: E402

EXERCISE = "ex02-pandas"


def make_submissions(folder: Path, n: int) -> dict[str, str]:
    """Write n submissions; return {student: profile}."""
    source = json.loads((exercises_dir() / "source" / EXERCISE / f"{EXERCISE}.ipynb").read_text(encoding="utf-8"))
    student = json.loads((exercises_dir() / "release" / EXERCISE / f"{EXERCISE}.ipynb").read_text(encoding="utf-8"))
    hostile = list(synthetic.HOSTILE)
    n_hostile = max(len(hostile), n // 10) if n >= 2 * len(hostile) else n // 2
    honest_cycle = ["right", "right", "half", "wrong", "right", "half", "wrong", "untouched", "right"]
    profiles: dict[str, str] = {}
    for i in range(n):
        if i < n_hostile:
            profile = hostile[i % len(hostile)]
            data = synthetic.HOSTILE[profile][0](source, student)
        else:
            profile = honest_cycle[i % len(honest_cycle)]
            data = synthetic.HONEST[profile](source, student)
        name = f"s{i:03d}_{profile}"
        (folder / f"{name}.ipynb").write_bytes(data)
        profiles[name] = profile
    return profiles


def _floor_init(memory_mb: int, root: str) -> None:
    limit = (3 * 1024 + memory_mb) * 1024 * 1024   # kernels inherit it
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ["AON_ROOT"] = root                  # unsandboxed kernels may only damage a copy of the course
    os.environ["MPLBACKEND"] = "Agg"
    import nbclient  # noqa: F401 - imported once per worker, like a grader would
    import nbformat  # noqa: F401


def _execute(path: str, timeout: float, cwd: str) -> None:
    import nbformat
    from nbclient import NotebookClient

    try:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": cwd}}).execute()
    except Exception:  # noqa: BLE001 - a notebook that cannot run is part of the floor too
        pass


def _floor_one(path: str, timeout: float, cwd: str) -> float:
    """Execute one notebook with nbclient in a fork of this worker (a kernel that kills its parent kills only the fork)."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        _execute(path, timeout, cwd)
        os._exit(0)
    os.waitpid(pid, 0)
    return time.perf_counter() - started


def floor(folder: Path, jobs: int, timeout: float, memory_mb: int, root: Path) -> tuple[float, list[float]]:
    """Execute every notebook with nbclient (a fresh kernel each), `jobs` at a time."""
    paths = sorted(str(p) for p in folder.iterdir())
    cwd = str(root / "exercises" / "release" / EXERCISE)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_floor_init, initargs=(memory_mb, str(root))) as pool:
        list(pool.map(time.sleep, [0.0] * jobs))   # workers started before the clock starts, as the grader's are
        started = time.perf_counter()
        seconds = list(pool.map(_floor_one, paths, [timeout] * len(paths), [cwd] * len(paths)))
    return time.perf_counter() - started, seconds


NBGRADER = "nbgrader==0.9.6"
TEST_CELL = """### BEGIN HIDDEN TESTS
import importlib.util as _util
from aon.grading.values import blank_to_unanswered as _blank, from_plain as _from, to_plain as _to
_spec = _util.spec_from_file_location("_aon_tests", {tests!r})
_tests = _util.module_from_spec(_spec)
_spec.loader.exec_module(_tests)
_values = {{_v: _blank(_from(_to(globals()[_v]))) if _v in globals() else ... for _v in {variables!r}}}
assert _tests.TESTS[{qid!r}].score(_values) == 1
### END HIDDEN TESTS
"""


def nbgrader_venv(path: Path) -> Path:
    """A throwaway virtual environment with nbgrader (created once, then reused); its kernel is the course's Python."""
    python = path / "bin" / "python"
    if not (path / "bin" / "nbgrader").exists():
        print(f"installing {NBGRADER} into {path} (a throwaway venv, not the course's) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(path)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", NBGRADER], check=True)
    kernel = path / "share" / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True, exist_ok=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (course)", "language": "python"}), encoding="utf-8")
    return path


def _nbgrader_cells(nb: dict, tests_path: str, exercise) -> dict:
    """The notebook with nbgrader metadata: answer cells are solutions; after each check cell, a hidden test cell."""
    nb = json.loads(json.dumps(nb))
    by_check = {f'check("{q}")': q for q in exercise.questions}
    cells = []
    for cell in nb["cells"]:
        cell.setdefault("metadata", {})
        if cell.get("cell_type") == "code" and not tags(cell):
            cell["metadata"]["nbgrader"] = {"solution": True, "grade": False, "locked": False,
                                            "grade_id": f"answer-{cell.get('id')}", "schema_version": 3}
        cells.append(cell)
        qid = by_check.get(source_text(cell).strip()) if cell.get("cell_type") == "code" else None
        if qid and qid in exercise.questions and not exercise.questions[qid].manual:
            question = exercise.questions[qid]
            cells.append({"cell_type": "code", "id": f"test-{qid}", "execution_count": None, "outputs": [],
                          "metadata": {"nbgrader": {"solution": False, "grade": True, "locked": True, "points": question.points,
                                                    "grade_id": f"test-{qid}", "schema_version": 3}},
                          "source": TEST_CELL.format(tests=tests_path, variables=question.variables, qid=qid)})
    nb["cells"] = cells
    return nb


def nbgrader_scores(course: Path) -> dict[str, float]:
    """Each student's automatic points in nbgrader's gradebook (students it could not grade are missing)."""
    import sqlite3

    try:
        with sqlite3.connect(course / "gradebook.db") as db:
            rows = db.execute("SELECT a.student_id, SUM(g.auto_score) FROM grade g "
                              "JOIN submitted_notebook n ON g.notebook_id = n.id "
                              "JOIN submitted_assignment a ON n.assignment_id = a.id GROUP BY a.student_id").fetchall()
    except sqlite3.Error as exc:
        print(f"  could not read nbgrader's gradebook: {exc}")
        return {}
    return {student: float(points or 0) for student, points in rows}


def nbgrader_side_by_side(folder: Path, work: Path, root: Path, venv: Path, timeout: float) -> tuple[float, int, dict]:
    """Time ``nbgrader autograde`` on the same submissions; return (seconds, submissions, points per student)."""
    exercise = load_exercise(EXERCISE)
    tests_path = str(root / "exercises" / "source" / EXERCISE / "tests.py")
    course = work / "nbgrader-course"
    source_nb = json.loads((exercises_dir() / "source" / EXERCISE / f"{EXERCISE}.ipynb").read_text(encoding="utf-8"))
    (course / "source" / "ex").mkdir(parents=True)
    (course / "source" / "ex" / "ex.ipynb").write_text(json.dumps(_nbgrader_cells(source_nb, tests_path, exercise)), encoding="utf-8")
    shutil.copyfile(root / "exercises" / "release" / EXERCISE / "checks.py", course / "source" / "ex" / "checks.py")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'bench'\n"
        f"c.Execute.timeout = {int(timeout)}\n"
        "c.Execute.interrupt_on_timeout = True\n"
        "c.ExecutePreprocessor.timeout = %d\n" % int(timeout), encoding="utf-8")
    env = dict(os.environ, PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", JUPYTER_PATH=str(venv / "share" / "jupyter"),
               AON_ROOT=str(root), MPLBACKEND="Agg")
    env.pop("PYTHONPATH", None)
    nbgrader = [str(venv / "bin" / "nbgrader")]
    subprocess.run(nbgrader + ["generate_assignment", "ex", "--force"], cwd=course, env=env, check=True, capture_output=True)
    count = 0
    for path in sorted(folder.iterdir()):
        target = course / "submitted" / path.stem / "ex"
        target.mkdir(parents=True)
        shutil.copyfile(course / "source" / "ex" / "checks.py", target / "checks.py")
        try:
            nb = json.loads(path.read_bytes())
            nb = _nbgrader_cells(nb, tests_path, exercise)
            (target / "ex.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        except (ValueError, TypeError, KeyError, AttributeError):
            shutil.copyfile(path, target / "ex.ipynb")   # broken files are nbgrader's to handle too
        count += 1
    started = time.perf_counter()
    subprocess.run(nbgrader + ["autograde", "ex", "--force"], cwd=course, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, count, nbgrader_scores(course)


def load_note() -> str:
    """The machine's load when a measurement starts (it is shared)."""
    try:
        return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    except OSError:
        return "load unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="per notebook (grader) / per cell (floor)")
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--cell-timeout", type=float, default=None, help="grader's per-cell limit (default: --timeout / 2)")
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument("--unsandboxed", action="store_true", help="grade with --unsafe-no-sandbox too, to measure the sandbox's cost")
    parser.add_argument("--nbgrader", action="store_true", help="also time nbgrader autograde on the same submissions")
    parser.add_argument("--nbgrader-venv", type=Path, default=Path(tempfile.gettempdir()) / "aon-nbgrader-venv")
    args = parser.parse_args()
    cell_timeout = args.cell_timeout or args.timeout / 2

    work = Path(tempfile.mkdtemp(prefix="aon-bench-"))
    try:
        folder = work / "submissions"
        folder.mkdir()
        profiles = make_submissions(folder, args.n)
        print(f"{args.n} submissions of {EXERCISE} ({sum(p in synthetic.HOSTILE for p in profiles.values())} hostile), "
              f"{args.jobs} jobs, timeout {args.timeout:g} s, {os.cpu_count()} CPUs")

        lines = []
        grade_total = 0.0
        for sandbox in ([True, False] if args.unsandboxed else [True]):
            print(f"aon grade ({'sandboxed' if sandbox else '--unsafe-no-sandbox'}; {load_note()}) ...", flush=True)
            started = time.perf_counter()
            _, records = grade_folder(EXERCISE, folder, work / f"out-{sandbox}", jobs=args.jobs, timeout=args.timeout,
                                      cell_timeout=cell_timeout, memory_mb=args.memory_mb, progress=True, sandbox=sandbox)
            total = time.perf_counter() - started
            grade_total = grade_total or total
            per = [r["seconds"] for r in records if r["seconds"]]
            wrong = [r["student"] for r in records if profiles[r["student"]] == "right" and r["auto_total"] != 10]
            lines.append(f"grader{'' if sandbox else ' (no sandbox)'}: {total:.1f} s total, {total / args.n:.3f} s per submission "
                         f"(wall, {args.jobs} jobs); per-submission work: median {statistics.median(per):.3f} s, max {max(per):.2f} s")
            if wrong:
                lines.append(f"  WARNING: {len(wrong)} right submissions not at full marks: {wrong[:5]}")
            print(lines[-1], flush=True)
        root = work / "course"
        shutil.copytree(exercises_dir().parent / "data", root / "data")
        shutil.copytree(exercises_dir(), root / "exercises")
        shutil.copyfile(exercises_dir().parent / "pyproject.toml", root / "pyproject.toml")
        if args.nbgrader:
            venv = nbgrader_venv(args.nbgrader_venv)
            print(f"nbgrader autograde ({load_note()}) ...", flush=True)
            nbgrader_total, count, points = nbgrader_side_by_side(folder, work, root, venv, args.timeout)
            right = [points.get(s) for s, p in profiles.items() if p == "right"]
            lines.append(f"nbgrader 0.9.6 autograde: {nbgrader_total:.1f} s for {count} submissions ({nbgrader_total / count:.3f} s each, "
                         f"one process); aon grade is {nbgrader_total / grade_total:.1f}x faster (target >= 5x)")
            lines.append(f"  nbgrader graded {len(points)} of {count}; right submissions at full marks there: "
                         f"{sum(p == 10 for p in right)} of {len(right)}")
            print(lines[-1], flush=True)
        if args.skip_floor:
            print("\n== summary ==\n" + "\n".join(lines))
            return 0
        floor_total, floor_each = floor(folder, args.jobs, args.timeout, args.memory_mb, root)
        lines.append(f"floor (nbclient, fresh kernel each): {floor_total:.1f} s total, {floor_total / args.n:.3f} s per submission "
                     f"(wall, {args.jobs} jobs); per notebook median {statistics.median(floor_each):.3f} s")
        lines.append(f"ratio grader / floor: {grade_total / floor_total:.2f}x (target <= 1.5x); "
                     f"target 200 in <= 120 s: {'met' if grade_total * 200 / args.n <= 120 else 'not met'}")
        print("\n== summary ==\n" + "\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
