"""Synthetic submissions, honest and hostile, for the tests and ``benchmarks/grading_benchmark.py``.

Every maker takes the instructor notebook (a dict) and the student version and
returns the bytes of a submission. :data:`HOSTILE` maps a case name to (maker,
expected status).
"""
from __future__ import annotations

import copy
import json
from collections.abc import Callable

from aon.grading.release import source_text, tags

Maker = Callable[[dict, dict], bytes]


def dump(nb: dict) -> bytes:
    return json.dumps(nb, ensure_ascii=False).encode("utf-8")


def _with_cell(nb: dict, text: str, after: int = 2) -> dict:
    """Insert a code cell after the ``after``-th answer cell."""
    nb = copy.deepcopy(nb)
    answers = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and not tags(c)]
    position = answers[min(after, len(answers)) - 1] + 1 if answers else len(nb["cells"])
    nb["cells"].insert(position, {"cell_type": "code", "id": f"inserted-{position}", "metadata": {}, "outputs": [],
                                  "execution_count": None, "source": text})
    return nb


def right(source: dict, student: dict) -> bytes:
    return dump(source)


def untouched(source: dict, student: dict) -> bytes:
    return dump(student)


def half(source: dict, student: dict) -> bytes:
    """The first half of the answer cells solved, the rest left as released."""
    nb = copy.deepcopy(student)
    solved = {c.get("id"): c for c in source["cells"]}
    answers = [c for c in nb["cells"] if c["cell_type"] == "code" and not tags(c)]
    for cell in answers[: len(answers) // 2]:
        cell["source"] = source_text(solved[cell["id"]])
    return dump(nb)


def wrong(source: dict, student: dict) -> bytes:
    """Plausible but wrong answers: every answer variable set to a wrong value of a plausible kind."""
    nb = copy.deepcopy(source)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and not tags(cell):
            cell["source"] = source_text(cell) + "\n" + WRONG_TAIL
    return dump(nb)


WRONG_TAIL = """for _name, _value in list(globals().items()):
    if _name.startswith("_") or callable(_value):
        continue
    if type(_value) is int:
        globals()[_name] = _value + 1
    elif type(_value) is str and len(_value) < 40:
        globals()[_name] = _value[::-1]
    elif type(_value) is float:
        globals()[_name] = _value + 0.25
    elif type(_value) is list:
        globals()[_name] = _value[1:]
    elif type(_value) is dict:
        globals()[_name] = {k: (v + 1 if type(v) in (int, float) else v) for k, v in _value.items()}
"""


def empty(source: dict, student: dict) -> bytes:
    return b""


def truncated(source: dict, student: dict) -> bytes:
    data = dump(source)
    return data[: len(data) // 2]


def corrupt(source: dict, student: dict) -> bytes:
    return b"{\"cells\": [ this is not json"


def infinite_loop(source: dict, student: dict) -> bytes:
    return dump(_with_cell(source, "while True:\n    pass"))


def memory_bomb(source: dict, student: dict) -> bytes:
    return dump(_with_cell(source, "hog = []\nwhile True:\n    hog.append(bytearray(64 * 1024 * 1024))"))


def exit_process(source: dict, student: dict) -> bytes:
    return dump(_with_cell(source, "import os\nos._exit(0)"))


def deleted_checks(source: dict, student: dict) -> bytes:
    """Right answers, with the setup and check cells deleted."""
    nb = copy.deepcopy(source)
    nb["cells"] = [c for c in nb["cells"] if not {"check", "locked"} & set(tags(c))]
    return dump(nb)


def edited_checks(source: dict, student: dict) -> bytes:
    """Right answers, with the check cells replaced and the setup cell rigged."""
    nb = copy.deepcopy(source)
    for cell in nb["cells"]:
        if "check" in tags(cell):
            cell["source"] = "print('✅ passes')"
        elif "locked" in tags(cell):
            cell["source"] = source_text(cell) + "\ncheck = lambda *args: True"
    return dump(nb)


def monkeypatch(source: dict, student: dict) -> bytes:
    """Unanswered, but rigs assert, AssertionError, the checker, and answers whose == is always True."""
    nb = _with_cell(student, (
        "import builtins, sys\n"
        "builtins.AssertionError = type('Never', (Exception,), {})\n"
        "check = lambda *args, **kwargs: True\n"
        "class Anything(int):\n"
        "    def __eq__(self, other):\n        return True\n"
        "    __hash__ = int.__hash__\n"
        "class AnyText(str):\n"
        "    def __eq__(self, other):\n        return True\n"
        "    __hash__ = str.__hash__\n"
        "for _name in [n for n, v in list(globals().items()) if v is ...]:\n"
        "    globals()[_name] = Anything(1)\n"), after=99)
    nb = _with_cell(nb, "for _n in [n for n, v in list(globals().items()) if isinstance(v, int) and type(v) is not int]:\n"
                        "    pass\n", after=99)
    return dump(nb)


def read_hidden(source: dict, student: dict) -> bytes:
    """Tries to read the hidden tests, list them, and overwrite them so every test passes."""
    nb = _with_cell(student, (
        "import glob, os, aon.paths\n"
        "root = aon.paths.exercises_dir() / 'source'\n"
        "stolen = []\n"
        "paths = [root / e / 'tests.py' for e in ('ex01-coding', 'ex02-pandas', 'ex03-ach', 'ex04-capstone')]\n"
        "try:\n    paths += glob.glob(str(root / '*' / 'tests.py'))\nexcept Exception:\n    pass\n"
        "for path in paths:\n"
        "    try:\n        stolen.append(open(path).read())\n    except Exception:\n        pass\n"
        "    try:\n        open(path, 'w').write('TESTS = {}')\n    except Exception:\n        pass\n"), after=1)
    return dump(nb)


def escape_sandbox(source: dict, student: dict) -> bytes:
    """Tries to start processes, signal the grader, load libc and open a socket."""
    nb = _with_cell(source, (
        "import os, subprocess, signal, socket\n"
        "for attempt in (lambda: subprocess.run(['cat', '/etc/passwd']), lambda: os.system('true'),\n"
        "                lambda: os.kill(os.getppid(), signal.SIGKILL), lambda: __import__('ctypes').CDLL(None),\n"
        "                lambda: socket.create_connection(('example.org', 80), timeout=1)):\n"
        "    try:\n        attempt()\n    except Exception:\n        pass\n"), after=1)
    return dump(nb)


def other_exercise(source: dict, student: dict) -> bytes:
    nb = copy.deepcopy(source)
    nb["metadata"]["aon_exercise"]["id"] = "ex99-other"
    return dump(nb)


def no_metadata(source: dict, student: dict) -> bytes:
    nb = copy.deepcopy(source)
    del nb["metadata"]["aon_exercise"]
    return dump(nb)


def no_kernel(source: dict, student: dict) -> bytes:
    nb = copy.deepcopy(source)
    nb["metadata"].pop("kernelspec", None)
    return dump(nb)


def renamed_kernel(source: dict, student: dict) -> bytes:
    nb = copy.deepcopy(source)
    nb["metadata"]["kernelspec"] = {"name": "julia-1.9", "display_name": "Julia 1.9", "language": "julia"}
    return dump(nb)


def huge_outputs(source: dict, student: dict) -> bytes:
    """Right answers, 30 MB of stored outputs, and a cell that prints 200 MB when run."""
    nb = _with_cell(source, "for _ in range(200):\n    print('x' * 1_000_000)", after=1)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "y" * 3_000_000}]
    return dump(nb)


# name -> (maker, expected status). Hostile or broken: none may score above honest work.
HOSTILE: dict[str, tuple[Maker, str]] = {
    "infinite_loop": (infinite_loop, "timeout"),
    "memory_bomb": (memory_bomb, "memory_limit"),
    "exit_process": (exit_process, "crashed"),
    "deleted_checks": (deleted_checks, "tampered"),
    "edited_checks": (edited_checks, "tampered"),
    "monkeypatch": (monkeypatch, "suspicious_code"),
    "read_hidden": (read_hidden, "blocked_access"),
    "escape_sandbox": (escape_sandbox, "blocked_access"),
    "truncated_json": (truncated, "corrupt"),
    "corrupt_json": (corrupt, "corrupt"),
    "other_exercise": (other_exercise, "wrong_exercise"),
    "no_metadata": (no_metadata, "not_an_exercise"),
    "no_kernel": (no_kernel, "kernel_replaced"),
    "renamed_kernel": (renamed_kernel, "kernel_replaced"),
    "huge_outputs": (huge_outputs, "huge_outputs"),
    "empty_file": (empty, "empty"),
}
HONEST: dict[str, Maker] = {"right": right, "untouched": untouched, "half": half, "wrong": wrong}
