#!/usr/bin/env python3
"""Benchmark the class grader against the floor (not a timed test).

Generates N synthetic submissions of exercise ex02-pandas (right, half right, wrong,
untouched, and every hostile case of aon.grading.synthetic), grades them with
``aon grade``'s engine, then executes the same notebooks with nbclient's NotebookClient (a
fresh kernel per notebook: the floor any kernel-based grader pays), in warm worker
processes, with the same parallelism and time limit, and prints both in one run.

    .venv/bin/python benchmarks/grading_benchmark.py            # 200 submissions, 2 jobs
    .venv/bin/python benchmarks/grading_benchmark.py --n 40 --skip-floor

The floor's kernels run under the same address-space limit as the grader's children
(the memory bomb would otherwise take the machine down).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from aon.grading import synthetic
from aon.grading.grader import grade_folder
from aon.paths import exercises_dir

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="per notebook (grader) / per cell (floor)")
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--skip-floor", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="aon-bench-"))
    try:
        folder = work / "submissions"
        folder.mkdir()
        profiles = make_submissions(folder, args.n)
        print(f"{args.n} submissions of {EXERCISE} ({sum(p in synthetic.HOSTILE for p in profiles.values())} hostile), "
              f"{args.jobs} jobs, timeout {args.timeout:g} s, {os.cpu_count()} CPUs")

        started = time.perf_counter()
        _, records = grade_folder(EXERCISE, folder, work / "out", jobs=args.jobs, timeout=args.timeout,
                                  memory_mb=args.memory_mb, progress=True)
        grade_total = time.perf_counter() - started
        per = [r["seconds"] for r in records]
        wrong = [r["student"] for r in records if profiles[r["student"]] == "right" and r["auto_total"] != 10]
        lines = [f"grader: {grade_total:.1f} s total, {grade_total / args.n:.3f} s per submission (wall, {args.jobs} jobs); "
                 f"per-submission work: median {statistics.median(per):.3f} s, max {max(per):.2f} s"]
        if wrong:
            lines.append(f"  WARNING: {len(wrong)} right submissions not at full marks: {wrong[:5]}")
        print(lines[0], flush=True)
        if args.skip_floor:
            return 0
        root = work / "course"
        shutil.copytree(exercises_dir().parent / "data", root / "data")
        shutil.copytree(exercises_dir(), root / "exercises")
        shutil.copyfile(exercises_dir().parent / "pyproject.toml", root / "pyproject.toml")
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
