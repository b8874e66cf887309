#!/usr/bin/env python3
"""Whole-course benchmark: run every lesson notebook in a fresh kernel and compare with the floor.

    .venv/bin/python benchmarks/course_benchmark.py [--repeats N] [--include-exercises] [--timeout SECONDS]

Each notebook in notebooks/ (NN_*.ipynb, in order) is executed top to bottom by nbclient in a new
kernel, from its own folder, as a student's "Restart and run all" would: kernel start, every cell,
kernel shutdown. The floor is what no notebook can beat: a one-cell notebook that only imports
pandas and matplotlib's pyplot (kernel start and shutdown plus the imports every lesson pays),
measured in the same run and multiplied by the number of notebooks. The ratio total / floor says
how much the lessons' own work costs on top.

The course is run ``--repeats`` times (default 3), and every lesson run is preceded by a run of the
floor notebook, so the floor and the lessons meet the same conditions and the floor is known
from as many runs as the lessons together (36 by default). Each notebook's time is the median of
its runs, the floor the median of all floor runs. Medians and many floor runs matter here: a
kernel's start and shutdown vary by ±0.1 s from run to run (the floor itself is mostly kernel
start, imports and shutdown), and on a shared machine a kernel sometimes takes about 3 s longer to
shut down, at random; with a single run, or a floor from three runs, that noise moved the ratio
by 0.1. Before anything is timed, the floor notebook runs once
untimed: the first kernel after a quiet spell can take seconds longer (files not yet in the
operating system's cache). Nothing is written back: the notebooks on disk keep their stored outputs.

Each notebook's time is also split into kernel start (until its first cell starts), its cells, and
kernel shutdown (after its last cell), for the floor as for the lessons: the lessons pay the same
start and shutdown as the floor, so what they cost on top is in the cells.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from aon.authoring.catalogue import lesson_notebooks, student_notebooks  # noqa: E402

FLOOR_SOURCE = "import pandas as pd\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt"


class PeakMemory:
    """Sample the resident memory of this process's children (the kernel) until stopped; keep the peak."""

    def __init__(self, interval: float = 0.05):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


class PhaseTimingClient(NotebookClient):
    """nbclient's executor, noting when the first cell starts and the last one ends.

    That splits a run into three phases: kernel start (up to the first cell), the cells, and kernel
    shutdown (after the last cell). Markdown cells pass through here too and take no time.
    """

    first_cell_started: float | None = None
    last_cell_ended: float | None = None

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        if self.first_cell_started is None:
            self.first_cell_started = time.perf_counter()
        try:
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        finally:
            self.last_cell_ended = time.perf_counter()


def execute(notebook: nbformat.NotebookNode, folder: Path, timeout: int) -> tuple[float, int, tuple[float, float, float]]:
    """Execute a notebook in a fresh python3 kernel with ``folder`` as working directory.

    Returns (seconds, peak resident memory of the kernel in bytes (0 if psutil is missing),
    (kernel start, cells, kernel shutdown) in seconds).
    """
    client = PhaseTimingClient(notebook, timeout=timeout, kernel_name="python3",
                               resources={"metadata": {"path": str(folder)}})
    with PeakMemory() as memory:
        started = time.perf_counter()
        client.execute()
        ended = time.perf_counter()
    first, last = client.first_cell_started or started, client.last_cell_ended or ended
    return ended - started, memory.peak, (first - started, last - first, ended - last)


def floor_notebook() -> nbformat.NotebookNode:
    """The one-cell notebook that only imports pandas and matplotlib."""
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])


def run_notebook(path: Path, timeout: int) -> tuple[float, int, tuple[float, float, float], str | None]:
    """Execute the notebook at ``path``; return (seconds, peak kernel memory, phases, error message or None)."""
    notebook = nbformat.read(path, as_version=4)
    try:
        seconds, peak, phases = execute(notebook, path.parent, timeout)
        return seconds, peak, phases, None
    except CellExecutionError as exc:
        return float("nan"), 0, (float("nan"),) * 3, str(exc).strip().splitlines()[-1]


def phase_medians(runs: list[tuple[float, float, float]]) -> str:
    """The median kernel start, cells and kernel shutdown of some runs, as 'start 0.55 / cells 0.90 / stop 0.41 s'."""
    start, cells, stop = (statistics.median(run[i] for run in runs) for i in range(3))
    return f"start {start:.2f} / cells {cells:.2f} / stop {stop:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--include-exercises", action="store_true", help="also run the student exercise notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the course; medians are reported (default 3)")
    args = parser.parse_args(argv)
    repeats = max(1, args.repeats)

    paths = lesson_notebooks(ROOT) + (student_notebooks(ROOT) if args.include_exercises else [])
    if not paths:
        print("no notebooks to run")
        return 1
    print(f"{len(paths)} notebook(s), {repeats} pass(es); each notebook runs in a fresh kernel", flush=True)
    warm_up = execute(floor_notebook(), ROOT / "notebooks", args.timeout)[0]
    print(f"warm-up run of the floor notebook (not counted): {warm_up:.2f} s", flush=True)
    floor_times: list[float] = []
    floor_phases: list[tuple[float, float, float]] = []
    times: dict[Path, list[float]] = {path: [] for path in paths}
    phases: dict[Path, list[tuple[float, float, float]]] = {path: [] for path in paths}
    peaks: dict[Path, int] = dict.fromkeys(paths, 0)
    failures: dict[Path, str] = {}
    for number in range(1, repeats + 1):
        for path in paths:
            floor_seconds, _, floor_split = execute(floor_notebook(), ROOT / "notebooks", args.timeout)
            floor_times.append(floor_seconds)
            floor_phases.append(floor_split)
            seconds, peak, split, error = run_notebook(path, args.timeout)
            if error:
                failures[path] = error
            else:
                times[path].append(seconds)
                phases[path].append(split)
            peaks[path] = max(peaks[path], peak)
        total = sum(times[path][-1] for path in paths if times[path])
        floor_pass = statistics.median(floor_times[-len(paths):])
        print(f"pass {number}: lessons {total:.2f} s; floor notebook median {floor_pass:.2f} s over this pass's "
              f"{len(paths)} runs; this pass alone {total / (floor_pass * len(paths)):.3f}x", flush=True)

    print(f"\nper notebook, median of {repeats} run(s) (fastest–slowest), peak kernel memory, "
          "and the median kernel start / cells / kernel shutdown:")
    total = 0.0
    for path in paths:
        if path in failures:
            print(f"     ERROR                              {path.relative_to(ROOT)}")
            continue
        median = statistics.median(times[path])
        total += median
        print(f"  {median:6.2f} s ({min(times[path]):5.2f}–{max(times[path]):5.2f})  {peaks[path] / 2**20:5.0f} MB  "
              f"{phase_medians(phases[path])}  {path.relative_to(ROOT)}")
    floor_one = statistics.median(floor_times)
    floor = floor_one * len(paths)
    print(f"total {total:.2f} s for {len(paths)} notebook(s) (sum of medians)")
    print(f"floor {floor:.2f} s = {len(paths)} x {floor_one:.2f} s (one-cell notebook importing pandas and matplotlib, "
          f"median of {len(floor_times)} runs, {min(floor_times):.2f}–{max(floor_times):.2f})")
    print(f"floor notebook's phases: {phase_medians(floor_phases)}")
    print(f"ratio {total / floor:.3f}x the floor")
    if max(peaks.values(), default=0):
        print(f"kernel memory: at most {max(peaks.values()) / 2**20:.0f} MB resident in any one lesson (size hub limits from this)")
    for path, error in failures.items():
        print(f"FAILED {path.relative_to(ROOT)}: {error}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
