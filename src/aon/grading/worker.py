"""Warm workers that run submissions inside an operating-system sandbox (bubblewrap), and the grader's side of them.

Each worker is a separate Python process started by the grader, normally inside ``bwrap``:

- the file system is read-only and holds only what running a notebook needs: the system's
  programs and libraries, Python and its packages, the course's ``data/`` and the student
  version of the exercises; the exercise sources (hidden tests), the submissions, the grading
  output and the grader's own files do not exist inside;
- ``/tmp`` (and ``/dev/shm``) is a small private memory file system, emptied after every submission;
- no network, its own PID namespace (every process a submission starts is killed after that
  submission, and all of them when the worker ends or the grader dies), no capabilities, no new
  user namespaces, its own session (no terminal).

The worker imports pandas, matplotlib, IPython and ``aon`` once, then reads one job at a time
from its standard input (a JSON line: the cells of one submission), runs it in a forked child
(:func:`.sandbox.run_cells`: time and memory limits, the audit hook as a second line), and writes
one JSON line back: the answer values and how the run ended. The grader never sends a job
before the previous one is answered, so a worker only ever holds one student's code.

``python -m aon.grading.worker`` is the worker's entry point; the grader starts it.
"""
from __future__ import annotations

import ctypes
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import aon

from ..paths import project_root
from .sandbox import MAX_PIPE_BYTES, RunResult, run_cells, warm_up

READY = "aon-worker-ready"
SANDBOX_TMP_MB = 256
START_TIMEOUT = 180.0    # seconds for a worker to import pandas, matplotlib, IPython (a busy machine)
GRACE = 10.0             # seconds the grader waits beyond a notebook's time limit before killing its worker
ETC_FILES = ("passwd", "group", "nsswitch.conf", "localtime", "timezone", "fonts", "ld.so.cache", "ld.so.conf",
             "ld.so.conf.d", "alternatives", "mime.types", "os-release", "matplotlibrc")
SYSTEM_DIRS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
MPL_CACHE_INSIDE = "/run/aon-mpl-cache"


class SandboxUnavailable(Exception):
    """The operating-system sandbox cannot start here; the message says why and what to do."""


# ------------------------------------------------------------------------------------------------ inside

def _in_sandbox() -> bool:
    """True only in the worker process bwrap started: PID 2 of its own PID namespace, under bwrap's init."""
    return os.environ.get("AON_SANDBOXED") == "1" and os.getpid() == 2 and os.getppid() == 1


def _not_dumpable() -> None:
    """Make this worker undumpable: its children (student code, same user) cannot ptrace it or read its memory."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_DUMPABLE = 4
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")


def _kill_everything_else() -> None:
    """Kill every other process of the sandbox (whatever a submission left behind, detached or not)."""
    for _ in range(3):
        try:
            os.kill(-1, signal.SIGKILL)   # all processes we may signal, except ourselves and init: only the sandbox's
        except ProcessLookupError:
            pass
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    break
            except ChildProcessError:
                break
        time.sleep(0.001)


def _wipe(folder: str) -> None:
    """Empty a writable folder of the sandbox (files a submission left for the next one)."""
    def unlock(function, path, _info):
        try:
            os.chmod(os.path.dirname(path), 0o700)
            os.chmod(path, 0o700)
            function(path)
        except OSError:
            pass

    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for name in entries:
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, onerror=unlock)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def _prepare_matplotlib() -> None:
    """Give matplotlib a writable config folder holding the grader's font list (else it rebuilds it: seconds)."""
    target = Path(os.environ.get("MPLCONFIGDIR", "/tmp/mpl"))
    target.mkdir(parents=True, exist_ok=True)
    cache = Path(MPL_CACHE_INSIDE)
    if cache.is_dir():
        for item in cache.glob("fontlist*.json"):
            shutil.copyfile(item, target / item.name)


def serve() -> None:
    """The worker's loop: warm up, say ready, then one job per line of standard input until it closes."""
    sandboxed = _in_sandbox()
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)                 # nothing the worker or its imports print reaches the grader's pipe
    if sandboxed:
        _prepare_matplotlib()
    warm_up()
    _not_dumpable()
    out.write((READY + "\n").encode())
    jobs = os.fdopen(0, "rb", buffering=0)
    count = 0
    while True:
        line = jobs.readline()
        if not line:
            return
        count += 1
        job = json.loads(line)
        workdir = Path("/tmp" if sandboxed else job["workdir"]) / f"job-{count}"
        try:
            result = run_cells(job["cells"], job["variables"], workdir, timeout=job["timeout"],
                               cell_timeout=job.get("cell_timeout"), memory_mb=job["memory_mb"],
                               protected=[Path(p) for p in job.get("protected", [])])
        finally:
            if sandboxed:
                _kill_everything_else()
                _wipe("/tmp")
                _wipe("/dev/shm")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
        answer = asdict(result)
        answer["nonce"] = job.get("nonce")
        out.write((json.dumps(answer) + "\n").encode())


# ---------------------------------------------------------------------------------------------- outside

def bwrap_path() -> str | None:
    """Where ``bwrap`` is, or None."""
    return shutil.which("bwrap") or next((p for p in ("/usr/bin/bwrap", "/usr/local/bin/bwrap") if os.access(p, os.X_OK)), None)


@functools.lru_cache(maxsize=4)
def _bwrap_options(bwrap: str) -> frozenset[str]:
    """The options this bwrap knows (older versions lack --disable-userns and --size)."""
    try:
        text = subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(word for word in text.split() if word.startswith("--"))


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(path == f or f in path.parents for f in folders)


def _course_parts(extra: list[Path]) -> tuple[Path, list[Path]]:
    """The course folder, and the parts of it a worker may see: ``src/``, the environment, and ``extra``."""
    root = Path(os.path.realpath(project_root()))
    allowed = [Path(aon.__file__).resolve().parents[1], Path(os.path.realpath(sys.prefix)), *[Path(os.path.realpath(e)) for e in extra]]
    return root, allowed


def _allowed(real: Path, hidden: list[Path], root: Path, allowed: list[Path]) -> bool:
    """Whether a folder may be shown to a worker: it neither is nor holds nor lies in a hidden folder, and
    inside the course folder only ``allowed`` parts are shown (never tests/, notebooks/ or .git/)."""
    if any(h == real or real in h.parents or h in real.parents for h in hidden):
        return False
    if real == root or root in real.parents:
        return _inside(real, allowed)
    return True


def visible_paths(hidden: list[Path], extra: list[Path]) -> list[Path]:
    """The folders a worker needs to see (read-only): Python, its packages, ``aon``, and ``extra``.

    Any candidate that is, or holds, a hidden folder (the exercise sources, the submissions, the output)
    is left out, e.g. the course folder itself when it is on ``sys.path``; of the course folder, only
    ``src/``, the environment and ``extra`` (the public data and student versions) are shown.
    """
    hidden = [Path(os.path.realpath(h)) for h in hidden]
    root, allowed = _course_parts(extra)
    candidates = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix), Path(sys.base_exec_prefix),
                  Path(os.path.realpath(sys.executable)).parent.parent, Path(aon.__file__).resolve().parents[1],
                  *[Path(p) for p in sys.path if p], *extra]
    chosen: list[Path] = []
    for candidate in candidates:
        real = Path(os.path.realpath(candidate))
        if not real.exists() or real == Path("/") or not _allowed(real, hidden, root, allowed):
            continue
        if _inside(real, [Path("/usr")]) or real in chosen:
            continue
        chosen.append(real)
    return chosen


def sandbox_command(hidden: list[Path], extra: list[Path], env: dict[str, str]) -> list[str]:
    """The ``bwrap`` command line that starts one worker (see the module's docstring for what it allows)."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable("bubblewrap (`bwrap`) is not installed")
    supported = _bwrap_options(bwrap)
    command = [bwrap, "--unshare-all", "--unshare-user", "--cap-drop", "ALL", "--die-with-parent", "--new-session",
               "--ro-bind", "/usr", "/usr"]
    if "--disable-userns" in supported:   # bubblewrap 0.8 and later
        command.insert(3, "--disable-userns")
    for name in SYSTEM_DIRS:
        path = Path("/") / name
        if path.is_symlink():
            command += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            command += ["--ro-bind", str(path), str(path)]
    for name in ETC_FILES:
        command += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    # The private /tmp first: a course that itself lives under /tmp (a CI checkout, a test copy) is then bound
    # on top of it, read-only, instead of being hidden by it (what is not bound stays absent, as elsewhere).
    size = ["--size", str(SANDBOX_TMP_MB * 2**20)] if "--size" in supported else []   # bubblewrap 0.7 and later
    command += ["--dev", "/dev", "--proc", "/proc", *size, "--tmpfs", "/tmp"]
    for path in visible_paths(hidden, extra):
        command += ["--ro-bind", str(path), str(path)]
    try:
        import matplotlib  # heavy and only a speed-up here: loaded when a sandboxed worker is started, not on importing this module

        cache = Path(matplotlib.get_cachedir())
        if cache.is_dir() and not any(h == cache or h in cache.parents for h in hidden):
            command += ["--ro-bind", str(cache), MPL_CACHE_INSIDE]
    except Exception:  # noqa: BLE001 - only a speed-up
        pass
    command += ["--remount-ro", "/", "--chdir", "/", "--clearenv"]
    for key, value in env.items():
        command += ["--setenv", key, value]
    return command


def worker_env(sandboxed: bool) -> dict[str, str]:
    """The environment of a worker: nothing of the grader's but what running a notebook needs."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "MPLBACKEND": "Agg",
           "PYTHONDONTWRITEBYTECODE": "1", "AON_ROOT": str(project_root()), "PYTHONNOUSERSITE": "1"}
    if sandboxed:
        env.update(HOME="/tmp", TMPDIR="/tmp", MPLCONFIGDIR="/tmp/mpl", IPYTHONDIR="/tmp/ipython", AON_SANDBOXED="1")
    else:
        for key in ("HOME", "TMPDIR", "MPLCONFIGDIR", "XDG_CACHE_HOME"):
            if key in os.environ:
                env[key] = os.environ[key]
    return env


def python_command(paths: list[Path]) -> list[str]:
    """``python -s -c ...``: start the worker with exactly the grader's import path (those of ``paths`` that exist)."""
    code = (f"import sys; sys.path[:] = {[str(p) for p in paths]!r}; "
            "from aon.grading.worker import serve; serve()")
    return [sys.executable, "-s", "-c", code]


def import_path(hidden: list[Path], extra: list[Path] = ()) -> list[Path]:
    """The grader's ``sys.path`` without the entries a worker may not see (see :func:`visible_paths`); ``aon``'s first."""
    own = Path(aon.__file__).resolve().parents[1]
    hidden = [Path(os.path.realpath(h)) for h in hidden]
    root, allowed = _course_parts(list(extra))
    kept = [own]
    for entry in sys.path:
        if not entry:
            continue
        real = Path(os.path.realpath(entry))
        if real in kept or not _allowed(real, hidden, root, allowed):
            continue
        kept.append(real)
    return kept


class Worker:
    """The grader's handle on one worker process: send a job, wait for its answer with a deadline, kill."""

    def __init__(self, command: list[str], env: dict[str, str] | None):
        self.command, self.env = command, env
        self.process: subprocess.Popen | None = None
        self.stderr_tail = b""

    def start(self) -> None:
        """Start the worker (it warms up in the background; :meth:`run` waits for it)."""
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=self.env, start_new_session=True, close_fds=True)
        self.ready = False
        self.started = time.monotonic()

    def _read_line(self, deadline: float, limit: int) -> bytes | None:
        """One line from the worker before ``deadline`` (None: it died, took too long, or sent too much)."""
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        stderr = self.process.stderr.fileno() if self.process.stderr else None
        buffer = bytearray()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd] + ([stderr] if stderr is not None else []), [], [], remaining)
            if stderr is not None and stderr in ready:
                chunk = os.read(stderr, 65536)
                if chunk:
                    self.stderr_tail = (self.stderr_tail + chunk)[-4000:]
                else:
                    stderr = None
            if fd not in ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return None
            buffer += chunk
            if len(buffer) > limit:
                return None
            if b"\n" in buffer:
                line, _, _rest = bytes(buffer).partition(b"\n")
                return line

    def wait_ready(self) -> None:
        """Wait until the worker has warmed up; raise :class:`SandboxUnavailable` (with its error output) if it cannot."""
        if self.process is None:
            self.start()
        if self.ready:
            return
        line = self._read_line(self.started + START_TIMEOUT, 4096)
        if line is None or line.decode(errors="replace").strip() != READY:
            self.kill()
            detail = self.stderr_tail.decode(errors="replace").strip().splitlines()[-3:]
            raise SandboxUnavailable("the worker process did not start" + (": " + " / ".join(detail) if detail else ""))
        self.ready = True

    def run(self, job: dict, deadline_seconds: float) -> RunResult | None:
        """Run one job; return its result, or None if the worker died, overran or misbehaved (it is then killed)."""
        self.wait_ready()
        assert self.process is not None and self.process.stdin is not None
        try:
            self.process.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            self.kill()
            return None
        line = self._read_line(time.monotonic() + deadline_seconds, MAX_PIPE_BYTES + 2**20)
        if line is None:
            self.kill()
            return None
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or data.get("nonce") != job.get("nonce"):
                raise ValueError("an answer to another job")
            return result_from_json(data)
        except (ValueError, TypeError, RecursionError):
            self.kill()
            return None

    def kill(self) -> None:
        """Kill the worker and everything in its sandbox; the next job starts a fresh one."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._reap()

    def close(self) -> None:
        """End the worker: close its input (it exits), then make sure it and its sandbox are gone."""
        if self.process is None:
            return
        try:
            if self.process.stdin:
                self.process.stdin.close()
            self.process.wait(timeout=5)
        except (subprocess.TimeoutExpired, OSError):
            pass
        self.kill()

    def _reap(self) -> None:
        assert self.process is not None
        try:
            self.process.kill()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass
        self.process = None
        self.ready = False


def result_from_json(data: dict) -> RunResult:
    """Rebuild a :class:`RunResult` from a worker's answer, keeping only fields of the right types and sizes."""
    if not isinstance(data, dict):
        raise TypeError("not a result")
    result = RunResult()
    result.values = data["values"] if isinstance(data.get("values"), dict) else {}
    for name in ("cells_run", "cells_total"):
        value = data.get(name)
        setattr(result, name, value if type(value) is int and 0 <= value < 10**6 else 0)
    result.errors = [(n, kind[:80]) for n, kind in (e for e in data.get("errors", []) if isinstance(e, list) and len(e) == 2)
                     if type(n) is int and isinstance(kind, str)][:200]
    details = data.get("error_details") if isinstance(data.get("error_details"), dict) else {}
    result.error_details = {}
    for key, detail in list(details.items())[:200]:
        if str(key).isdigit() and isinstance(detail, dict):
            result.error_details[int(key)] = {k: (v[:80] if isinstance(v, str) else v) for k, v in detail.items()
                                              if (k == "line" and type(v) is int) or (k == "name" and type(v) is str)}
    result.blocked = [b[:300] for b in data.get("blocked", []) if isinstance(b, str)][:50]
    result.interrupted = [n for n in data.get("interrupted", []) if type(n) is int][:200]
    for name in ("finished", "timed_out", "output_overflow"):
        setattr(result, name, data.get(name) is True)
    for name in ("signal", "exit_code"):
        value = data.get(name)
        setattr(result, name, value if type(value) is int else None)
    seconds = data.get("seconds")
    result.seconds = float(seconds) if isinstance(seconds, (int, float)) else 0.0
    return result


def check_sandbox(hidden: list[Path], extra: list[Path]) -> str | None:
    """None if the sandbox starts here; else why not (bwrap missing, user namespaces refused ...)."""
    bwrap = bwrap_path()
    if bwrap is None:
        return "bubblewrap (`bwrap`) is not installed"
    try:
        command = sandbox_command(hidden, extra, {"PATH": "/usr/bin:/bin"})
        done = subprocess.run(command + [sys.executable, "-s", "-c", "print('ok')"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not run ({exc})"
    if done.returncode != 0 or done.stdout.strip() != b"ok":
        return "bwrap could not start a sandbox: " + (done.stderr.decode(errors="replace").strip()[:300] or f"exit status {done.returncode}")
    return None


if __name__ == "__main__":
    serve()
