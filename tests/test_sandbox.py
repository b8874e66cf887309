"""The grader's sandbox as a boundary: informed attacks raise no grade, leak nothing, leave nothing running.

Every attack in ``test_sandbox_attacks.py`` is added to an honest but wrong notebook, in all four
exercises, graded from the course's sources and from a private ``--source`` copy. Each must score
no more than the same notebook without the attack, put no hidden-test text into any output, leave
no process behind, and leave the sources, gradebook and feedback as the grader wrote them.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

import synthetic_submissions as synthetic
from aon.errors import CourseError
from aon.grading.grader import Settings, grade_folder, sandbox_problem
from aon.grading.guard import SHINGLE, Scrubber
from aon.grading.spec import load_checks, load_exercise
from aon.paths import data_dir, exercises_dir, project_root
from test_sandbox_attacks import (
    KILL_WORKER,
    LEAVE_BEHIND,
    LOOK_FOR_LEFTOVERS,
    READ,
    SPAWN,
    TOKEN,
    attack,
)

EXERCISES = ["ex01-coding", "ex02-pandas", "ex03-ach", "ex04-capstone"]
SOURCE = exercises_dir() / "source"
RELEASE = exercises_dir() / "release"
ROOT = project_root()


def _why_no_sandbox() -> str | None:
    settings = Settings(hidden=[SOURCE], visible=[data_dir(), RELEASE])
    return sandbox_problem(settings)


WHY = _why_no_sandbox()
needs_sandbox = pytest.mark.skipif(
    WHY is not None, reason=f"the grading sandbox cannot start on this machine ({WHY}); `python3 course.py test` installs "
                            "bubblewrap when run as root on Debian or Ubuntu")


def _digests(paths) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


def _alive(token: str = TOKEN) -> list[str]:
    """Processes anywhere on this machine whose command line holds ``token``."""
    found = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            if token.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            pass
    return found


def _hidden_passages(text: str, secret: str, everything: bool = False) -> list[str]:
    """Passages of ``secret`` (SHINGLE characters, white space squeezed) found in ``text`` (the first three, or all)."""
    scrub = Scrubber(secret, [])
    squeezed = " ".join(text.split())
    found = [squeezed[i:i + SHINGLE] for i in range(max(0, len(squeezed) - SHINGLE + 1)) if squeezed[i:i + SHINGLE] in scrub.secret]
    return found if everything else found[:3]


def _longest_hidden(text: str, scrub: Scrubber) -> int:
    """The length of the longest passage of ``text`` that the scrubber would cut (hidden, not public)."""
    marked = scrub(text.replace("[…]", "[...]"))
    runs, longest, i = 0, 0, 0
    # each cut passage became one "[…]": measure what it replaced by aligning the two texts
    original = text.replace("[…]", "[...]")
    pieces = marked.split("[…]")
    position = 0
    for n, piece in enumerate(pieces):
        start = original.find(piece, position) if piece else position
        if n:
            longest = max(longest, start - position)
        position = start + len(piece)
    del runs, i
    return longest


def _public(exercise: str) -> list[str]:
    release = (RELEASE / exercise / f"{exercise}.ipynb").read_text(encoding="utf-8")
    cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in json.loads(release)["cells"]]
    return [(SOURCE / exercise / "checks.py").read_text(encoding="utf-8"), release, *cells]


@pytest.fixture(scope="module")
def private_source(tmp_path_factory) -> Path:
    """A private copy of the sources, as an instructor keeps for assessment that counts."""
    target = tmp_path_factory.mktemp("private") / "source"
    shutil.copytree(SOURCE, target)
    return target


def _grade_attacks(exercise: str, source: Path, tmp: Path) -> dict:
    source_nb = json.loads((source / exercise / f"{exercise}.ipynb").read_text(encoding="utf-8"))
    student_nb = json.loads((RELEASE / exercise / f"{exercise}.ipynb").read_text(encoding="utf-8"))
    variables = list(dict.fromkeys(v for c in load_checks(source / exercise / "checks.py", exercise).values() for v in c.variables))
    wrong = json.loads(synthetic.half(source_nb, student_nb))   # honest, half done: room for an attack to gain
    folder, out = tmp / "submissions", tmp / "out"
    folder.mkdir()
    where = dict(source=str(source), exercise=exercise, output=str(out), variables=variables)
    (folder / "baseline.ipynb").write_bytes(json.dumps(wrong).encode())
    (folder / "read.ipynb").write_bytes(attack(wrong, [READ], **where))
    (folder / "spawn.ipynb").write_bytes(attack(wrong, [SPAWN], **where))
    secret = (source / exercise / "tests.py").read_text(encoding="utf-8")
    pasted = json.loads(synthetic.wrong(source_nb, student_nb))   # hidden text typed into an answer (the open course's tests.py)
    paste = f"globals()[_VARS[0]] = {secret!r}\nglobals()[_VARS[-1]] = {secret!r}".replace("{", "{{").replace("}", "}}")
    (folder / "pasted.ipynb").write_bytes(attack(pasted, [paste], **where))
    watched = sorted(source.rglob("*")) + sorted(SOURCE.rglob("*")) + sorted(folder.iterdir())
    before = _digests(watched)
    started = time.perf_counter()
    _, records = grade_folder(exercise, folder, out, jobs=2, timeout=30, cell_timeout=20, progress=False,
                              source=None if source == SOURCE else source)
    outputs = _digests(sorted(out.rglob("*")))
    alive_after = _alive()
    time.sleep(0.5)   # anything still running would now rewrite the outputs
    return dict(records={r["student"]: r for r in records}, before=before, after=_digests(watched), out=out,
                outputs=outputs, outputs_later=_digests(sorted(out.rglob("*"))), alive=alive_after + _alive(),
                secret=secret, seconds=time.perf_counter() - started)


@needs_sandbox
@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize("where", ["course", "private"])
def test_informed_attacks_raise_nothing_leak_nothing_leave_nothing(exercise, where, private_source, tmp_path):
    source = SOURCE if where == "course" else private_source
    run = _grade_attacks(exercise, source, tmp_path)
    records, secret = run["records"], run["secret"]
    baseline = records["baseline"]["auto_total"]
    assert baseline < load_exercise(exercise, source).auto_max, "the honest baseline leaves points an attack could gain"
    for name in ("read", "spawn", "pasted"):
        record = records[name]
        assert record["auto_total"] <= baseline, (name, record["points"], record["notes"])
        values = json.dumps(record["values"])
        assert "STOLEN" not in values, f"{name}: the attack read the exercise's sources"
    assert run["alive"] == [], "a process started by a submission outlived the grading run"
    assert run["before"] == run["after"], "sources or submissions changed during grading"
    assert run["outputs"] == run["outputs_later"], "the outputs changed after the grader returned"
    assert not (run["out"] / "grades.csv").exists() and not (run["out"] / "feedback" / "attacker.md").exists()
    scrub = Scrubber(secret, _public(exercise))

    def leaked(path: Path) -> set[str]:
        return {p for p in _hidden_passages(path.read_text(encoding="utf-8"), secret, everything=True) if p in scrub.secret}

    # The graders' HTML page draws its outline with the exercise's own code (for ex01, beside the key): short pieces
    # of its HTML are in tests.py. A submission must add no longer passage to it; feedback and gradebook hold none.
    html = sorted((run["out"] / "html").glob("*.html")) if (run["out"] / "html").is_dir() else []
    allowed = max([_longest_hidden(p.read_text(encoding="utf-8"), scrub) for p in html if p.stem == "baseline"] + [80])
    for path in sorted(run["out"].rglob("*")):
        if path.is_file() and path.suffix in (".md", ".csv"):
            assert not leaked(path), f"hidden-test text in {path.name}: {sorted(leaked(path))[:3]}"
    for path in html:
        assert _longest_hidden(path.read_text(encoding="utf-8"), scrub) <= allowed, f"hidden-test text in {path.name}"


@needs_sandbox
def test_a_leftover_process_or_file_never_reaches_the_next_submission(tmp_path):
    """One worker grades both (jobs=1): the first leaves a detached process and a file; the second looks for them."""
    exercise = "ex02-pandas"
    source_nb = json.loads((SOURCE / exercise / f"{exercise}.ipynb").read_text(encoding="utf-8"))
    student_nb = json.loads((RELEASE / exercise / f"{exercise}.ipynb").read_text(encoding="utf-8"))
    right = json.loads(synthetic.right(source_nb, student_nb))
    variables = list(dict.fromkeys(v for c in load_checks(SOURCE / exercise / "checks.py", exercise).values() for v in c.variables))
    where = dict(source=str(SOURCE), exercise=exercise, output=str(tmp_path / "out"), variables=variables)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_leaves.ipynb").write_bytes(attack(right, [LEAVE_BEHIND], **where))
    (folder / "b_looks.ipynb").write_bytes(attack(right, [LOOK_FOR_LEFTOVERS], **where))
    (folder / "c_kills_its_worker.ipynb").write_bytes(attack(right, [KILL_WORKER], **where))
    (folder / "d_right.ipynb").write_bytes(synthetic.right(source_nb, student_nb))
    _, records = grade_folder(exercise, folder, tmp_path / "out", jobs=1, timeout=20, progress=False)
    by = {r["student"]: r for r in records}
    assert "SEEN" not in json.dumps(by["b_looks"]["values"]), by["b_looks"]["values"]
    assert by["b_looks"]["auto_total"] == 10
    assert by["c_kills_its_worker"]["status"] == "crashed" and by["c_kills_its_worker"]["auto_total"] == 0
    assert by["d_right"]["auto_total"] == 10 and by["d_right"]["status"] == "ok"
    assert _alive() == []


@needs_sandbox
def test_inside_the_sandbox_only_public_files_exist(tmp_path):
    """What a submission sees: no sources, submissions or output; read-only; no network; its own PID namespace."""
    exercise = "ex02-pandas"
    student_nb = json.loads((RELEASE / exercise / f"{exercise}.ipynb").read_text(encoding="utf-8"))
    probe = (
        "import json, os, socket\n"
        "seen = {}\n"
        f"for p in {[str(SOURCE), str(tmp_path / 'in'), str(tmp_path / 'out'), '/etc/shadow', str(ROOT / '.git'), str(ROOT / 'notebooks'), str(ROOT / 'tests')]!r}:\n"
        "    seen[p] = os.path.exists(p)\n"
        "try:\n    open('/usr/aon-probe', 'w'); seen['write_usr'] = True\nexcept OSError:\n    seen['write_usr'] = False\n"
        "try:\n    open('aon-probe', 'w').write('x'); seen['write_tmp'] = True\nexcept OSError:\n    seen['write_tmp'] = False\n"
        "try:\n    s = socket.socket(); s.settimeout(2); s.connect(('1.1.1.1', 80)); seen['net'] = True\nexcept OSError:\n    seen['net'] = False\n"
        "seen['pids'] = len([p for p in os.listdir('/proc') if p.isdigit()])\n"
        "seen['tables'] = len(os.listdir(os.path.join(os.environ.get('AON_ROOT', ''), 'data')))\n"
        "n_rows = json.dumps(seen)\n")
    nb = json.loads(json.dumps(student_nb))
    nb["cells"].append({"cell_type": "code", "id": "probe", "metadata": {}, "outputs": [], "execution_count": None, "source": probe})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "probe.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    _, records = grade_folder(exercise, tmp_path / "in", tmp_path / "out", jobs=1, timeout=20, progress=False)
    seen = json.loads(records[0]["values"]["n_rows"])
    assert not any(seen[p] for p in (str(SOURCE), str(tmp_path / "in"), str(tmp_path / "out"), "/etc/shadow", str(ROOT / ".git"), str(ROOT / "notebooks"), str(ROOT / "tests"))), seen
    assert seen["write_usr"] is False and seen["write_tmp"] is True and seen["net"] is False
    assert seen["pids"] <= 4, "the submission sees only its own sandbox's processes"
    assert seen["tables"] > 3, "the course's public data are there"


def test_without_a_sandbox_the_grader_refuses_and_says_what_to_do(tmp_path, monkeypatch):
    from aon.grading import worker

    monkeypatch.setattr(worker, "bwrap_path", lambda: None)
    folder = tmp_path / "in"
    folder.mkdir()
    with pytest.raises(CourseError, match="bubblewrap.*not installed.*apt-get install bubblewrap.*--unsafe-no-sandbox"):
        grade_folder("ex02-pandas", folder, tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_the_scrubber_removes_hidden_text_but_keeps_public_text():
    secret = "def score_q2(values):\n    return 1.0 if values['support_table'].equals(EXPECTED_TABLE_WITH_A_LONG_NAME) else 0\n"
    public = ["Q2 asks for support_table, a pandas DataFrame built with crosstab from the evidence table."]
    scrub = Scrubber(secret, public)
    leaked = "your answer: " + secret.replace("\n", "  \n ") + " and more"
    cleaned = scrub(leaked)
    assert "EXPECTED_TABLE_WITH_A_LONG_NAME" not in cleaned and "[…]" in cleaned and cleaned.startswith("your answer: ")
    assert scrub(public[0]) == public[0]
    assert scrub("short") == "short"


@needs_sandbox
def test_check_sandbox_shows_the_boundary_with_the_hook_switched_off():
    """`aon check-sandbox`: what an instructor runs to see that grading is sandboxed (exit 0, every line ok)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "aon.authoring.cli", "check-sandbox"], capture_output=True, text=True,
                            cwd=project_root(), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bubblewrap" in result.stdout and result.stdout.count(" ok ") == 4 and "NOT" not in result.stdout


def test_sources_changed_during_a_run_do_not_change_its_grades(tmp_path, capsys):
    """tests.py is read before any submission runs: rewriting it mid-run (by anyone) changes nothing, and is reported."""
    import threading

    exercise = "ex02-pandas"
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    student_nb = json.loads((RELEASE / exercise / f"{exercise}.ipynb").read_text(encoding="utf-8"))
    slow = json.loads(json.dumps(student_nb))
    slow["cells"].append({"cell_type": "code", "id": "slow", "metadata": {}, "outputs": [], "execution_count": None,
                          "source": "import time\ntime.sleep(3)"})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "slow.ipynb").write_text(json.dumps(slow), encoding="utf-8")
    tests_py = source / exercise / "tests.py"

    def rewrite() -> None:
        time.sleep(1.0)
        with tests_py.open("a", encoding="utf-8") as handle:
            handle.write("\nfor _q in TESTS.values():\n    _q.score = lambda values: 1.0\n")

    thread = threading.Thread(target=rewrite)
    thread.start()
    _, records = grade_folder(exercise, tmp_path / "in", tmp_path / "out", jobs=1, timeout=20, progress=False,
                              source=source, sandbox=WHY is None)
    thread.join()
    assert records[0]["auto_total"] == 0 and records[0]["status"] == "unanswered"
    assert "tests.py in" in capsys.readouterr().out   # "... changed on disk while grading; the grades use the versions read before"
