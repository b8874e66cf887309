"""Every exercise: the solution scores full marks, the student version scores zero and runs cleanly;
the student version holds no solution and no hidden test, and is up to date with its source."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from aon.ach import diagnosticity, inconsistency_scores
from aon.errors import CourseError
from aon.grading.grader import grade_folder
from aon.grading.release import student_notebook
from aon.grading.spec import list_exercises, load_exercise
from aon.paths import exercises_dir, project_root

EXERCISES = list_exercises()


def test_there_are_at_least_four_exercises():
    assert {"ex01-coding", "ex02-pandas", "ex03-ach", "ex04-capstone"} <= set(EXERCISES)


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_solution_full_marks_and_student_version_zero(exercise_id, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "solution.ipynb").write_bytes((exercises_dir() / "source" / exercise_id / f"{exercise_id}.ipynb").read_bytes())
    (folder / "student.ipynb").write_bytes((exercises_dir() / "release" / exercise_id / f"{exercise_id}.ipynb").read_bytes())
    _, records = grade_folder(exercise_id, folder, tmp_path / "out", jobs=2, timeout=20, progress=False)
    by = {r["student"]: r for r in records}
    exercise = load_exercise(exercise_id)
    assert by["solution"]["status"] == "ok", by["solution"]["notes"]
    assert by["solution"]["auto_total"] == exercise.auto_max, by["solution"]["feedback"]
    assert by["student"]["status"] == "unanswered", by["student"]["notes"]
    assert by["student"]["flags"] == ["unanswered"]                   # runs without errors
    assert by["student"]["auto_total"] == 0
    for question in exercise.manual_questions:                        # manual parts: exported for a person
        assert by["solution"]["points"][question.qid] is None
        assert (tmp_path / "out" / "html" / "solution.html").is_file()


@pytest.mark.parametrize("exercise_id", EXERCISES)
def test_student_version_is_released_and_holds_no_solution(exercise_id):
    source = json.loads((exercises_dir() / "source" / exercise_id / f"{exercise_id}.ipynb").read_text(encoding="utf-8"))
    folder = exercises_dir() / "release" / exercise_id
    released = json.loads((folder / f"{exercise_id}.ipynb").read_text(encoding="utf-8"))
    assert released == json.loads(json.dumps(student_notebook(source, exercise_id))), \
        f"exercises/release/{exercise_id} is stale: run `aon release {exercise_id}`"
    assert sorted(p.name for p in folder.iterdir()) == ["checks.py", f"{exercise_id}.ipynb"]
    text = json.dumps(released)
    assert "SOLUTION" not in text and "tests.py" not in text
    assert released["metadata"]["aon_exercise"]["id"] == exercise_id
    assert "hidden tests also count" in text
    answers = [c for c in released["cells"] if c["cell_type"] == "code" and not c.get("metadata", {}).get("tags")]
    assert all("..." in "".join(c["source"]) for c in answers), "every answer cell is a stub"
    assert all(not c["outputs"] for c in released["cells"] if c["cell_type"] == "code")


def test_visible_checks_in_a_real_kernel_are_friendly(tmp_path):
    """The released pandas exercise runs in Jupyter; its checks print hints, never tracebacks."""
    import nbformat
    from nbclient import NotebookClient

    folder = exercises_dir() / "release" / "ex02-pandas"
    nb = nbformat.read(folder / "ex02-pandas.ipynb", as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "not answered yet" in outputs
    assert "Traceback" not in outputs and not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


def test_checker_passes_and_reminds_hidden_tests(capsys, monkeypatch):
    from aon.grading.student import Checker

    monkeypatch.chdir(exercises_dir() / "release" / "ex02-pandas")
    check = Checker("ex02-pandas")
    global n_rows
    n_rows = 154
    assert check("q1") is None and check.passed["q1"]     # None: Jupyter shows no Out[] True/False
    out = capsys.readouterr().out
    assert "hidden tests also count" in out and "read by a person" not in out
    n_rows = "154"
    assert not check.passes("q1")
    assert "whole number" in capsys.readouterr().out
    assert not check.passes("q9")
    assert "no question 'q9'" in capsys.readouterr().out


def test_check_all_sums_up_before_submitting(capsys, monkeypatch):
    """The last cell of every exercise, check.all(): each check's line, then what is left and what to hand in."""
    from aon.grading.student import Checker

    monkeypatch.chdir(exercises_dir() / "release" / "ex02-pandas")
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/jovyan/exercises/release/ex02-pandas/ex02-pandas.ipynb")
    check = Checker("ex02-pandas")
    global n_rows, rows_per_article, top_alliance_theme, necessity_share, forecast_ids, support_table
    n_rows, top_alliance_theme, forecast_ids = 154, ..., 42           # q1 right, q3 unanswered, q5 a wrong type
    rows_per_article = necessity_share = support_table = ...
    assert check.all() is None
    out = capsys.readouterr().out
    assert out.count("✅") == 1 and out.count("❌") == 1 and out.count("✏️") == 4   # unanswered is no failure
    assert "Visible checks: 1 of 6 pass." in out
    assert "Not answered yet: q2, q3, q4, q6." in out and "With a hint above: q5." in out
    assert "hidden tests also count" in out and "ex02-pandas.ipynb" in out
    assert check.passed == {"q1": True, "q2": False, "q3": False, "q4": False, "q5": False, "q6": False}
    assert "154" not in out.split("Visible checks")[1]   # the summary repeats no answer


def test_every_exercise_ends_with_a_protected_check_all_cell():
    for exercise_id in EXERCISES:
        cells = json.loads((exercises_dir() / "release" / exercise_id / f"{exercise_id}.ipynb").read_text(encoding="utf-8"))["cells"]
        last = cells[-1]
        assert "".join(last["source"]) == "check.all()" and "check" in last["metadata"].get("tags", []), exercise_id


def test_ach_functions():
    m = pd.DataFrame({"alliance": ["C", "I", "n"], "necessity": ["C", "C", "N"], "qualified": ["C", "C", "I"]},
                     index=pd.Index(["a", "b", "c"], name="evidence_id"))
    assert diagnosticity(m).tolist() == [False, True, True]
    assert inconsistency_scores(m).to_dict() == {"alliance": 1, "necessity": 0, "qualified": 1}
    assert inconsistency_scores(m, diagnostic_only=True).to_dict() == {"alliance": 1, "necessity": 0, "qualified": 1}
    with pytest.raises(CourseError, match="not one of C, I, N"):
        diagnosticity(m.replace("C", "yes"))


def test_cli_release_collect_grade(tmp_path):
    """The commands the instructor docs show, in a fresh process."""
    homes = tmp_path / "homes"
    for student in ("ana", "ben"):
        work = homes / student / "exercises" / "release" / "ex04-capstone"
        work.mkdir(parents=True)
        source = exercises_dir() / ("source" if student == "ana" else "release") / "ex04-capstone" / "ex04-capstone.ipynb"
        (work / "my copy.ipynb").write_bytes(source.read_bytes())
    env_python = sys.executable
    run = lambda *args: subprocess.run([env_python, "-m", "aon.cli", *args], cwd=project_root(), capture_output=True, text=True)
    result = run("release", "ex04-capstone", "--release", str(tmp_path / "release"))
    assert result.returncode == 0, result.stderr
    assert run("collect", "ex04-capstone", str(homes), str(tmp_path / "submissions")).returncode == 0
    result = run("grade", "ex04-capstone", str(tmp_path / "submissions"), "-o", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 0, result.stderr
    gradebook = pd.read_csv(tmp_path / "out" / "gradebook.csv").set_index("student")
    assert gradebook.loc["ana", "auto_total"] == 8 and gradebook.loc["ben", "auto_total"] == 0
    page = (tmp_path / "out" / "html" / "ana.html").read_text(encoding="utf-8")
    assert "Cited outline" in page and "Position and counter-evidence" in page
    assert (tmp_path / "out" / "feedback" / "ben.md").is_file()
    result = run("grade", "ex04-capstone", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "No folder" in result.stderr


def test_check_messages_say_how_to_turn_pandas_results_into_the_asked_kind():
    from aon.grading.checking import expect_dict, expect_id_list, expect_text

    flags = pd.Series([True, False, True], index=["a-01", "a-02", "a-03"])
    message = expect_id_list(flags, "diagnostic_ids", ["a-01", "a-02", "a-03"])
    assert "s[s].index.tolist()" in message and "a-01" not in message
    assert ".tolist()" in expect_id_list(pd.Series(["a-01"]), "ids", ["a-01"])
    counts = pd.Series({"alliance": 2, "necessity": 0})
    assert ".to_dict()" in expect_dict(counts, "scores", ["alliance", "necessity"], value_kind=int)
    assert "it should be a whole number (int)" in expect_dict({"alliance": 2.0, "necessity": 0}, "scores",
                                                              ["alliance", "necessity"], value_kind=int)
    assert "placeholder" in expect_text("... " + "word " * 40, "argument", min_words=30)
    assert expect_text("An ellipsis… inside " + "word " * 40, "argument", min_words=30) is None


def test_check_all_tells_an_unrun_answer_from_an_unanswered_one():
    from aon.grading.student import submission_summary

    text = submission_summary({"q1": "pass", "q2": "not_run", "q3": "unanswered"}, [], notebook="")
    assert "1 of 3 pass" in text and "Not answered yet: q3." in text
    assert "not run, or it stopped with an error: q2" in text
