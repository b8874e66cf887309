#!/usr/bin/env python3
"""Whole-course benchmark: run every lesson notebook in a fresh kernel and compare with the floor.

    .venv/bin/python benchmarks/course_benchmark.py [--include-exercises] [--timeout SECONDS]

Each notebook in notebooks/ (NN_*.ipynb, in order) is executed top to bottom by nbclient in a new
kernel, from its own folder, as a student's "Restart and run all" would. The floor is what no
notebook can beat: a one-cell notebook that only imports pandas and matplotlib (kernel start plus
the imports every lesson pays), measured here, in the same run, and multiplied by the number of
notebooks. The ratio total / floor says how much the lessons' own work costs on top.

Nothing is written back: the notebooks on disk keep their stored outputs.
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
from aon.site import lesson_notebooks, student_notebooks  # noqa: E402

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


def execute(notebook: nbformat.NotebookNode, folder: Path, timeout: int) -> tuple[float, int]:
    """Execute a notebook in a fresh python3 kernel with ``folder`` as working directory.

    Returns (seconds, peak resident memory of the kernel in bytes; 0 if psutil is missing).
    """
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    with PeakMemory() as memory:
        started = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - started
    return seconds, memory.peak


def floor_seconds(repeats: int, timeout: int) -> float:
    """Median time to execute the one-cell import notebook, each time in a new kernel."""
    times = []
    for _ in range(repeats):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
        times.append(execute(notebook, ROOT / "notebooks", timeout)[0])
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--include-exercises", action="store_true", help="also run the student exercise notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default 600)")
    parser.add_argument("--floor-repeats", type=int, default=3, help="runs of the floor notebook; the median is used")
    args = parser.parse_args(argv)

    paths = lesson_notebooks(ROOT) + (student_notebooks(ROOT) if args.include_exercises else [])
    if not paths:
        print("no notebooks to run")
        return 1
    print(f"{len(paths)} notebook(s); each runs in a fresh kernel", flush=True)
    total, failures, peaks = 0.0, [], []
    for path in paths:
        notebook = nbformat.read(path, as_version=4)
        try:
            seconds, peak = execute(notebook, path.parent, args.timeout)
            status = "ok"
        except CellExecutionError as exc:
            seconds, peak, status = float("nan"), 0, "ERROR"
            failures.append(f"{path.relative_to(ROOT)}: {str(exc).strip().splitlines()[-1]}")
        if seconds == seconds:
            total += seconds
        peaks.append(peak)
        print(f"  {seconds:7.2f} s  {peak / 2**20:6.0f} MB peak  {status:5}  {path.relative_to(ROOT)}", flush=True)

    floor_one = floor_seconds(args.floor_repeats, args.timeout)
    floor = floor_one * len(paths)
    print(f"total {total:.2f} s for {len(paths)} notebook(s)")
    print(f"floor {floor:.2f} s = {len(paths)} x {floor_one:.2f} s (one-cell notebook importing pandas and matplotlib, "
          f"median of {args.floor_repeats})")
    print(f"ratio {total / floor:.2f}x the floor")
    if max(peaks, default=0):
        print(f"kernel memory: at most {max(peaks) / 2**20:.0f} MB resident in any one lesson (size hub limits from this)")
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
