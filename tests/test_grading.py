"""The class grader: hostile and broken submissions, honest profiles, outputs, never modifying a submission."""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import synthetic_submissions as synthetic
from aon.grading.grader import Settings, grade_folder, sandbox_problem
from aon.grading.submissions import STATUSES
from aon.grading.values import UNANSWERED, Unsupported, from_plain, to_plain
from aon.paths import exercises_dir

EXERCISE = "ex02-pandas"
# These tests are about grading, not the sandbox (tests/test_sandbox.py): where it cannot start, they grade without it.
SANDBOX_MISSING = sandbox_problem(Settings(hidden=[exercises_dir() / "source"])) is not None
SOURCE = exercises_dir() / "source" / EXERCISE / f"{EXERCISE}.ipynb"
RELEASE = exercises_dir() / "release" / EXERCISE / f"{EXERCISE}.ipynb"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Grade one class of honest and hostile submissions once; return (records by student, folders, digests)."""
    folder = tmp_path_factory.mktemp("submissions")
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    student = json.loads(RELEASE.read_text(encoding="utf-8"))
    for name, maker in synthetic.HONEST.items():
        (folder / f"{name}.ipynb").write_bytes(maker(source, student))
    for name, (maker, _) in synthetic.HOSTILE.items():
        (folder / f"{name}.ipynb").write_bytes(maker(source, student))
    other = json.loads((exercises_dir() / "source" / "ex01-coding" / "ex01-coding.ipynb").read_text(encoding="utf-8"))
    (folder / "ex01_notebook.ipynb").write_bytes(synthetic.dump(other))
    (folder / "renamed_file_name_does_not_matter.ipynb").write_bytes(synthetic.right(source, student))
    protected = sorted((exercises_dir() / "source").rglob("*.py"))
    before = {p: _digest(p) for p in [*folder.iterdir(), *protected]}
    out = tmp_path_factory.mktemp("output")
    gradebook, records = grade_folder(EXERCISE, folder, out, jobs=2, timeout=4, memory_mb=512, progress=False,
                                      sandbox=not SANDBOX_MISSING)
    after = {p: _digest(p) for p in before}
    return {r["student"]: r for r in records}, folder, out, before, after


@pytest.mark.parametrize("case", sorted(synthetic.HOSTILE))
def test_hostile_submission_gets_its_status_and_no_more_than_honest_work(batch, case):
    records = batch[0]
    record = records[case]
    expected = synthetic.HOSTILE[case][1]
    assert record["status"] == expected, record
    assert expected in record["flags"]
    assert record["status"] in STATUSES
    assert record["auto_total"] <= records["right"]["auto_total"]
    assert record["notes"], "every non-ok status says what happened"


def test_a_notebook_of_another_exercise_is_recognised_from_its_metadata(batch):
    records = batch[0]
    assert records["ex01_notebook"]["status"] == "wrong_exercise"
    assert records["ex01_notebook"]["auto_total"] == 0
    assert records["renamed_file_name_does_not_matter"]["auto_total"] == 10


def test_honest_profiles(batch):
    records = batch[0]
    assert records["right"]["auto_total"] == 10 and records["right"]["status"] == "ok"
    assert records["untouched"]["auto_total"] == 0 and records["untouched"]["status"] == "unanswered"
    assert 0 < records["half"]["auto_total"] < 10
    assert records["wrong"]["auto_total"] < 10


def test_answers_that_ran_before_a_timeout_or_crash_still_count(batch):
    records = batch[0]
    for case in ("infinite_loop", "exit_process"):
        points = records[case]["points"]
        assert points["q1"] == 1 and points["q2"] == 2, case   # the two answers before the bad cell
        assert points["q6"] == 0, case                          # after it: never ran


def test_rigged_checks_and_always_equal_answers_score_nothing(batch):
    record = batch[0]["monkeypatch"]
    assert record["auto_total"] == 0
    assert "suspicious_code" in record["flags"]


def test_deleted_or_edited_protected_cells_are_restored(batch):
    records = batch[0]
    for case in ("deleted_checks", "edited_checks"):
        assert records[case]["auto_total"] == 10, case   # honest answers keep their points; no more
        assert any("protected cell" in n for n in records[case]["notes"])


def test_hidden_tests_cannot_be_read_or_overwritten(batch):
    records, _, _, before, after = batch
    record = records["read_hidden"]
    assert any("tests.py" in b for b in record["notes"][1:] + record["notes"][:1])
    assert record["auto_total"] == 0
    assert before == after, "a submission or a hidden test file changed during grading"


def test_gradebook_feedback_and_no_leak(batch):
    records, folder, out, _, _ = batch
    rows = list(csv.DictReader((out / "gradebook.csv").open(encoding="utf-8")))
    assert len(rows) == len(list(folder.iterdir()))
    assert {"student", "q1", "q6", "auto_total", "auto_max", "status", "flags", "notes"} <= set(rows[0])
    hidden_source = (exercises_dir() / "source" / EXERCISE / "tests.py").read_text(encoding="utf-8")
    for row in rows:
        feedback = (out / "feedback" / f"{row['student']}.md").read_text(encoding="utf-8")
        assert row["status"] in feedback
        assert "def q2" not in feedback and "groupby" not in feedback
    assert "groupby" in hidden_source


def test_values_cross_the_boundary_as_plain_data_only():
    class AlwaysEqual(int):
        def __eq__(self, other):
            return True

        __hash__ = int.__hash__

    assert isinstance(from_plain(json.loads(json.dumps(to_plain(AlwaysEqual(3))))), Unsupported)
    assert from_plain(to_plain(...)) is UNANSWERED
    frame = pd.DataFrame({"alliance": [1, 2]}, index=pd.Index(["a", "b"], name="article_id"))
    rebuilt = from_plain(json.loads(json.dumps(to_plain(frame))))
    assert rebuilt.loc["b", "alliance"] == 2 and rebuilt.index.name == "article_id"
    assert from_plain(to_plain({"k": [1, 2.5, "x", None]})) == {"k": [1, 2.5, "x", None]}
    assert isinstance(from_plain(to_plain(object())), Unsupported)


def test_a_submission_that_kills_its_worker_does_not_stop_the_batch(tmp_path):
    """A submission that got past the audit hook and killed its worker loses only its own grade."""
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    student = json.loads(RELEASE.read_text(encoding="utf-8"))
    killer = synthetic._with_cell(source, (
        "import gc, os, signal, types\n"
        "for f in gc.get_objects():   # switch the audit hook off: its refuse() does nothing\n"
        "    if isinstance(f, types.FunctionType) and f.__name__ == 'hook' and f.__closure__:\n"
        "        for c in f.__closure__:\n"
        "            if callable(c.cell_contents) and getattr(c.cell_contents, '__name__', '') == 'refuse':\n"
        "                c.cell_contents = lambda what: None\n"
        "os.kill(os.getppid(), signal.SIGKILL)\n"), after=1)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a_right", "z_right", "z_right2", "z_right3"):
        (folder / f"{name}.ipynb").write_bytes(synthetic.right(source, student))
    (folder / "killer.ipynb").write_bytes(synthetic.dump(killer))
    _, records = grade_folder(EXERCISE, folder, tmp_path / "out", jobs=2, timeout=10, progress=False,
                              sandbox=not SANDBOX_MISSING)
    by = {r["student"]: r for r in records}
    assert by["killer"]["status"] == "crashed" and by["killer"]["auto_total"] == 0
    assert "grading worker" in by["killer"]["notes"][-1]
    assert all(by[name]["auto_total"] == 10 for name in ("a_right", "z_right", "z_right2", "z_right3"))


def test_one_endless_loop_costs_only_its_own_cell(tmp_path):
    """The per-cell limit interrupts the loop and the cells after it run (as Jupyter's interrupt button would)."""
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    folder = tmp_path / "in"
    folder.mkdir()
    looping = synthetic._with_cell(source, "while True:\n    pass", after=2)
    stubborn = synthetic._with_cell(source, "while True:\n    try:\n        while True:\n            pass\n"
                                            "    except KeyboardInterrupt:\n        pass", after=2)
    (folder / "loop.ipynb").write_bytes(synthetic.dump(looping))
    (folder / "stubborn.ipynb").write_bytes(synthetic.dump(stubborn))
    _, records = grade_folder(EXERCISE, folder, tmp_path / "out", jobs=2, timeout=8, cell_timeout=1.5, progress=False,
                              sandbox=not SANDBOX_MISSING)
    by = {r["student"]: r for r in records}
    loop = by["loop"]
    assert loop["status"] == "timeout" and loop["auto_total"] == 10, loop   # every answer ran: no point lost
    assert any("ran past the time limit for one cell (1.5 s) and was interrupted; the cells after it ran" in n for n in loop["notes"])
    stubborn = by["stubborn"]   # catches the interrupt: killed at the notebook's limit, the answers after it did not run
    assert stubborn["status"] == "timeout" and stubborn["points"]["q1"] == 1 and stubborn["points"]["q6"] == 0
    feedback = (tmp_path / "out" / "feedback" / "stubborn.md").read_text(encoding="utf-8")
    q6 = feedback.split("## q6")[1].split("##")[0]
    assert "did not run: the notebook stopped before it finished (the time limit)" in q6 and "not answered." not in q6
    assert "the answers after that did not run" in feedback


def test_feedback_names_types_as_the_student_wrote_them():
    """A numpy array is "a numpy array" (not "a list"), though checks and tests still use its items as a list."""
    import numpy as np

    from aon.grading.grader import finish
    from aon.grading.spec import load_exercise
    from aon.grading.values import FromArray, describe

    rebuilt = from_plain(json.loads(json.dumps(to_plain(np.array([[1, 2], [3, 4]])))))
    assert isinstance(rebuilt, FromArray) and rebuilt == [[1, 2], [3, 4]] and describe(rebuilt) == "a numpy array"
    assert from_plain(to_plain(np.int64(3))) == 3 and type(from_plain(to_plain(np.int64(3)))) is int
    answers = dict(support_table=np.zeros((3, 3)), forecast_ids=pd.Series(["a"]), n_rows={1, 2},
                   top_alliance_theme=pd.Index(["x"]))
    plain = {k: json.loads(json.dumps(to_plain(v))) for k, v in answers.items()}
    feedback = finish(load_exercise(EXERCISE), {"student": "s", "values": plain, "flags": [], "notes": []})["feedback"]
    assert "should be a pandas DataFrame, but it is a numpy array" in feedback["q6"]
    assert "but it is a pandas Series" in feedback["q5"] and "but it is a set" in feedback["q1"]
    assert "it is a pandas Index (not a plain value)" in feedback["q3"]
