"""Run a submission's code in a child process, and get back only its answer values.

This runs inside a grading worker (:mod:`.worker`), which is itself inside the operating
system's sandbox (bubblewrap) unless the grader was told ``--unsafe-no-sandbox``. The worker
has already imported pandas, matplotlib, IPython and ``aon`` (a "warm" interpreter);
:func:`run_cells` forks it, so a submission starts in a few milliseconds instead of paying
for a kernel start and the imports. In the child, before any student code:

- it becomes its own process group, with stdin, stdout and stderr on /dev/null
  (printing gigabytes costs time, never memory or disk), and every other file descriptor
  of the worker closed;
- it works in a fresh temporary folder, with limits on address space
  (``RLIMIT_AS``), CPU time and the size of files it writes;
- an audit hook (``sys.addaudithook``) refuses opening the protected folders, writing
  anywhere but its temporary folder, starting processes, sending signals, loading C
  libraries with ctypes, opening sockets, and raising its own limits. The hook is a second
  line, for clear statuses: it is not a boundary (student code can reach around it); the
  sandbox is.

The cells run in an IPython ``InteractiveShell`` (so magics work). After each cell
the child writes one JSON line to a pipe: the cell's error type (if any), the
names the hook refused, and the current answer variables as plain JSON
(:func:`aon.grading.values.to_plain`). The parent keeps the last line it
received, so answers that ran before a crash or a timeout still count. A cell that
runs past the per-cell limit is interrupted (``KeyboardInterrupt``, as Jupyter's
interrupt button does) and the next cell runs; if it does not stop, or the whole
notebook runs past its limit, the child's process group is killed.
"""
from __future__ import annotations

import json
import os
import resource
import select
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .values import to_plain

MAX_PIPE_BYTES = 64 * 1024 * 1024

BLOCKED_EVENTS = frozenset({
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "os.kill", "os.killpg", "signal.pthread_kill", "os.startfile",
    "ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.cdata", "ctypes.call_function",
    "ctypes.addressof", "ctypes.string_at", "ctypes.wstring_at", "ctypes.set_errno",
    "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "resource.setrlimit", "resource.prlimit", "os.setuid", "os.setgid", "sys.setprofile", "sys.settrace",
    "webbrowser.open",
})
PATH_EVENTS = frozenset({"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.link",
                         "os.symlink", "os.truncate", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile",
                         "os.listdir", "os.scandir", "glob.glob", "os.chdir"})
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@dataclass
class RunResult:
    """What the grader learns from running one submission."""

    values: dict = field(default_factory=dict)   # answer variable -> plain JSON value (last snapshot)
    cells_run: int = 0
    cells_total: int = 0
    errors: list = field(default_factory=list)    # (cell number, exception type name)
    error_details: dict = field(default_factory=dict)   # cell number -> {"line": line in the cell, "name": undefined name}
    blocked: list = field(default_factory=list)   # what the audit hook refused
    finished: bool = False
    timed_out: bool = False
    signal: int | None = None
    exit_code: int | None = None
    output_overflow: bool = False
    interrupted: list = field(default_factory=list)   # cells stopped at the per-cell time limit
    seconds: float = 0.0


def warm_up() -> None:
    """Import what submissions use, once, in the worker (the forked children inherit it)."""
    # Deliberately lazy: only a worker calls this, so importing this module (the grader does, for RunResult) loads
    # neither matplotlib nor IPython; aon.ach, aon.evidence and aon.grading.student are imported only to pre-warm them.
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib  # lazy: see above

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell  # noqa: F401

    import aon  # noqa: F401
    import aon.ach  # noqa: F401
    import aon.grading.student  # noqa: F401
    try:
        import aon.evidence  # noqa: F401
    except ImportError:
        pass


def _within(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == f.rstrip(os.sep) or path.startswith(f) for f in folders)


def _make_hook(workdir: str, protected: tuple[str, ...], refused: list):
    writable = (workdir.rstrip(os.sep) + os.sep, "/dev/null" + os.sep)
    realpath, fsdecode = os.path.realpath, os.fsdecode
    blocked, path_events, write_flags = BLOCKED_EVENTS, PATH_EVENTS, WRITE_FLAGS

    def refuse(what: str):
        if len(refused) < 50:
            refused.append(what)
        raise PermissionError(f"not allowed while grading: {what}")

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            target = args[0]
            if isinstance(target, int) or target is None:
                return
            path = realpath(fsdecode(target))
            mode, flags = args[1] or "r", args[2] or 0
            if _within(path, writable):
                return
            if _within(path, protected):
                refuse(f"open {path}")
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(flags & write_flags)
            if writing and path != "/dev/null" and not _within(path, writable):
                refuse(f"write {path}")
        elif event in blocked:
            refuse(event)
        elif event in path_events:
            for target in args[:2]:
                if isinstance(target, (str, bytes, os.PathLike)):
                    path = realpath(fsdecode(target))
                    if _within(path, writable):
                        continue
                    if _within(path, protected) or (event not in ("os.listdir", "os.scandir", "glob.glob", "os.chdir")
                                                    and not _within(path, writable)):
                        refuse(f"{event} {path}")
    return hook


def _child(cells: list[str], variables: list[str], workdir: Path, protected: tuple[str, ...],
           memory_mb: int, cpu_seconds: int, write_fd: int) -> None:
    """Body of the forked child: never returns."""
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, write_fd)          # the worker's pipes to the grader: never reachable from student code
        os.closerange(write_fd + 1, 1 << 16)
        # whatever the parent had as sys.stdout (a terminal, pytest's capture ...), the child writes to /dev/null
        sys.stdin = open(0, encoding="utf-8", closefd=False)
        sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", closefd=False)
        os.chdir(workdir)
        os.environ["TMPDIR"] = str(workdir)
        os.environ["HOME"] = str(workdir)
        tempfile.tempdir = str(workdir)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.default_int_handler)   # the per-cell limit interrupts a cell
        vm_kb = 0
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    vm_kb = int(line.split()[1])
        limit = vm_kb * 1024 + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024 * 1024, 64 * 1024 * 1024))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        # heavy, and needed only here: warm_up() loaded them in the worker, and the grader, which imports this module, never pays
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config  # (as above)

        config = Config()
        config.HistoryManager.enabled = False
        config.InteractiveShell.colors = "nocolor"
        shell = InteractiveShell.instance(config=config)
        shell.user_ns["__name__"] = "__main__"
        dumps, write = json.dumps, os.write
        refused: list[str] = []
        sys.addaudithook(_make_hook(str(workdir), protected, refused))
    except BaseException:  # noqa: BLE001 - setup failed: report nothing, exit
        os._exit(70)

    def send(record: dict) -> None:
        data = (dumps(record, allow_nan=True) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = write(write_fd, view)
            view = view[written:]

    def snapshot() -> dict:
        namespace = shell.user_ns
        return {name: to_plain(namespace[name]) for name in variables if name in namespace}

    block, unblock, pending = signal.pthread_sigmask, signal.SIG_UNBLOCK, signal.sigpending
    for number, source in enumerate(cells, start=1):
        error, detail = None, {}
        try:
            block(unblock, {signal.SIGINT})
            result = shell.run_cell(source, store_history=False, silent=False)
            block(signal.SIG_BLOCK, {signal.SIGINT})
            failure = result.error_before_exec or result.error_in_exec
            if failure is not None:
                error = type(failure).__name__
                detail = _error_detail(failure)
        except BaseException as exc:  # noqa: BLE001 - e.g. SystemExit outside IPython's handling
            block(signal.SIG_BLOCK, {signal.SIGINT})
            error = type(exc).__name__
        try:   # an interrupt that came just after the cell ended is for this cell, not the next
            if signal.SIGINT in pending():
                signal.sigtimedwait({signal.SIGINT}, 0)
        except BaseException:  # noqa: BLE001
            pass
        try:
            send({"cell": number, "error": error, "detail": detail, "refused": list(refused), "values": snapshot()})
        except MemoryError:
            send({"cell": number, "error": error or "MemoryError", "refused": list(refused), "values": None})
        except BaseException:  # noqa: BLE001
            os._exit(71)
    try:
        send({"done": True})
    finally:
        os._exit(0)


def _error_detail(failure: BaseException) -> dict:
    """Where in its cell an error happened (line number), and the undefined name of a NameError; never raises."""
    detail: dict = {}
    try:
        if isinstance(failure, SyntaxError):
            if type(failure.lineno) is int:
                detail["line"] = failure.lineno
        else:
            tb = failure.__traceback__
            while tb is not None:
                if tb.tb_frame.f_code.co_filename.startswith("<ipython-input-"):
                    detail["line"] = int(tb.tb_lineno)   # the first frame in the cell: the cell's own line
                    break
                tb = tb.tb_next
        if isinstance(failure, NameError) and type(getattr(failure, "name", None)) is str:
            detail["name"] = failure.name[:80]
    except Exception:  # noqa: BLE001
        pass
    return detail


def run_cells(cells: list[str], variables: list[str], workdir: Path, *, timeout: float = 30.0,
              cell_timeout: float | None = None, memory_mb: int = 1024, protected: list[Path] = ()) -> RunResult:
    """Run ``cells`` in a forked child; return the last answer values it reported and how it ended.

    ``timeout`` limits the whole notebook; ``cell_timeout`` (if smaller) one cell: a cell past it is
    interrupted and the next one runs, so one endless loop costs only the answers of its own cell.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    protected_dirs = tuple(os.path.realpath(p) + os.sep for p in protected)
    result = RunResult(cells_total=len(cells))
    started = time.perf_counter()
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child(cells, variables, workdir, protected_dirs, memory_mb, int(timeout) + 2, write_fd)
    os.close(write_fd)
    deadline = started + timeout
    per_cell = cell_timeout if cell_timeout and cell_timeout < timeout else None
    cell_deadline = started + per_cell if per_cell else deadline
    interrupting = False
    buffer = b""
    received = 0
    try:
        while True:
            now = time.perf_counter()
            if now >= deadline:
                result.timed_out = True
                break
            if per_cell and now >= cell_deadline:
                if interrupting:       # the interrupt did not stop the cell (caught, or C code): kill
                    result.timed_out = True
                    break
                result.interrupted.append(result.cells_run + 1)
                try:
                    os.kill(pid, signal.SIGINT)
                except ProcessLookupError:
                    pass
                interrupting = True
                cell_deadline = now + min(2.0, per_cell)
            ready, _, _ = select.select([read_fd], [], [], max(0.0, min(deadline, cell_deadline) - time.perf_counter()))
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            received += len(chunk)
            if received > MAX_PIPE_BYTES:
                result.output_overflow = True
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            before = result.cells_run
            for line in lines:
                _take(result, line)
            if result.cells_run > before and per_cell:   # a cell finished: the next one gets its own time
                cell_deadline = time.perf_counter() + per_cell
                interrupting = False
            if result.finished:   # not waiting for the pipe to close: a process the code left behind may hold it
                break
    finally:
        os.close(read_fd)
    status = _reap(pid, deadline if not (result.timed_out or result.output_overflow) else time.perf_counter())
    if status is None:
        result.timed_out = result.timed_out or not result.output_overflow
    elif os.WIFSIGNALED(status):
        result.signal = os.WTERMSIG(status)
        if result.signal == signal.SIGXCPU:
            result.timed_out = True
    else:
        result.exit_code = os.WEXITSTATUS(status)
    result.seconds = time.perf_counter() - started
    return result


def _take(result: RunResult, line: bytes) -> None:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return
    if not isinstance(record, dict):
        return
    if record.get("done") is True:
        result.finished = True
        return
    number = record.get("cell")
    if not isinstance(number, int):
        return
    result.cells_run = max(result.cells_run, number)
    if isinstance(record.get("error"), str):
        result.errors.append((number, record["error"][:80]))
        detail = record.get("detail")
        if isinstance(detail, dict):
            result.error_details[number] = {k: v for k, v in detail.items()
                                            if (k == "line" and type(v) is int) or (k == "name" and type(v) is str)}
    refused = record.get("refused")
    if isinstance(refused, list):
        for item in refused:
            if isinstance(item, str) and item not in result.blocked:
                result.blocked.append(item[:300])
    if isinstance(record.get("values"), dict):
        result.values = record["values"]


def _reap(pid: int, deadline: float) -> int | None:
    """Wait for the child until ``deadline``; then kill its process group. Return its wait status, or None if killed."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            _kill_group(pid)  # anything it left behind
            return status
        if time.perf_counter() >= deadline:
            _kill_group(pid)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.005)


def _kill_group(pid: int) -> None:
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except (ProcessLookupError, PermissionError):
            pass
