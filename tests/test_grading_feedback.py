"""Partial credit, unanswered starters, hints, collect's choice, grader pages and feedback (no notebooks run)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from aon.data import load_table
from aon.grading.grader import finish
from aon.grading.report import feedback_text, grader_html, inline_code
from aon.grading.spec import load_exercise
from aon.grading.values import to_plain
from aon.paths import exercises_dir, project_root


def record(exercise, student="s", flags=(), notes=(), **answers):
    plain = {k: json.loads(json.dumps(to_plain(v))) for k, v in answers.items()}
    return finish(exercise, {"student": student, "values": plain, "flags": list(flags), "notes": list(notes)})


@pytest.fixture(scope="module")
def capstone():
    return load_exercise("ex04-capstone")


@pytest.fixture(scope="module")
def ev():
    return load_table("evidence").set_index("evidence_id")


def good_capstone(ev):
    """A right capstone answer, built from the evidence table: alliance rows of three readings for the alliance thesis,
    necessity rows of two others against it, each rebutted in its own words."""
    def first(side):
        return ev[ev["supports"] == side].groupby("article_id").head(1).index.tolist()
    for_, against = first("alliance")[:3], first("necessity")[3:5]
    quotes = {i: ev.loc[i, "quote"] for i in for_[:2]}
    def gist(evidence_id):   # what the row says, taken up in the rebuttal (a rebuttal must answer something it says)
        return " ".join(ev.loc[evidence_id, "claim"].rstrip(".").split()[:9]).lower()

    rebuttals = {against[0]: f"{against[0]} records a limit ({gist(against[0])}), yet allies also quarrel and hedge; a limit "
                             "shows friction, not the absence of commitment.",
                 against[1]: f"Reading {against[1]} ({gist(against[1])}) as proof of distance ignores that the two armies keep "
                             "training together and buying each other's weapons."}
    return dict(thesis="alliance", evidence_for=for_, evidence_against=against, rebuttals=rebuttals, quotes=quotes,
                argument="...")


def test_good_capstone_scores_full_marks(capstone, ev):
    r = record(capstone, **good_capstone(ev))
    assert r["auto_total"] == 8, r["feedback"]


def test_one_slip_keeps_the_hidden_tests_partial_credit(capstone, ev):
    answers = good_capstone(ev)
    answers["evidence_for"] = answers["evidence_for"][:2] + [answers["evidence_for"][2] + "x"]   # one typo
    first = answers["quotes"][answers["evidence_for"][0]]
    answers["quotes"][answers["evidence_for"][0]] = first + " (sic)"   # one quote not verbatim
    r = record(capstone, **answers)
    assert r["points"]["q2"] == 2                     # hidden test: 2 of 3 parts; the visible check failed
    assert "visible check not passed" in r["feedback"]["q2"] and "Partial credit" in r["feedback"]["q2"]
    assert r["points"]["q4"] == 0.5                   # one of two quotes verbatim
    ex01 = load_exercise("ex01-coding")
    key = {pid: next(iter(k)) for pid, k in ex01_keys()["DRIVER_KEY"].items()}
    key["P8"] = ...
    r = record(ex01, driver_codes=key)
    assert r["points"]["q2"] == 3.5 and "`driver_codes['P8']` is not answered yet" in r["feedback"]["q2"]


def ex01_keys():
    from aon.grading.spec import load_module

    module = load_module(exercises_dir() / "source" / "ex01-coding" / "tests.py", "ex01_tests_for_test")
    return {"TIE_KEY": module.TIE_KEY, "DRIVER_KEY": module.DRIVER_KEY}


def test_unanswered_and_unusable_answers_score_zero(capstone, ev):
    r = record(capstone, thesis=..., evidence_for=[...], evidence_against=[...], rebuttals={...}, quotes={...}, argument="""...""")
    assert r["auto_total"] == 0 and r["status"] == "unanswered"
    assert all(f == "not answered." for f in r["feedback"].values())
    answers = good_capstone(ev)
    answers["evidence_for"] = tuple(answers["evidence_for"])   # a tuple arrives as a list: fine
    answers["quotes"] = object()                                # not a plain value: unusable
    r = record(capstone, **answers)
    assert r["points"]["q2"] == 3 and r["points"]["q4"] == 0 and "cannot read" in r["feedback"]["q4"]
    answers["evidence_for"] = "".join(answers["evidence_for"])  # text instead of a list: no credit
    r = record(capstone, **answers)
    assert r["points"]["q2"] == 0


def test_untouched_starters_read_as_not_answered(capstone):
    r = record(capstone, thesis="alliance", evidence_for=[...], evidence_against=[...], rebuttals={...}, quotes={...},
               argument="""...""")
    page = grader_html(capstone, r)
    assert "Unanswered" not in page and "(1 words)" not in page and "(not answered)" in page
    assert "list of evidence ids" not in json.dumps(r["feedback"]) and "should be a dictionary" not in json.dumps(r["feedback"])
    ach = load_exercise("ex03-ach")
    import pandas as pd

    from aon.grading.exercise_data import ach_items

    items = ach_items()["evidence_id"].tolist()
    matrix = pd.DataFrame([["C", "I", "N"]] * (len(items) - 1) + [["C", "I", ...]], index=items,
                          columns=["alliance", "necessity", "qualified"])
    r = record(ach, matrix=matrix)
    assert "is not answered yet" in r["feedback"]["q1"] and "Unanswered" not in r["feedback"]["q1"]
    assert r["points"]["q1"] == pytest.approx(3 * (1 - 1 / (3 * len(items))), abs=0.01)   # partial credit


def test_quote_hint_gives_the_command_and_the_likely_cause(capstone, ev):
    answers = good_capstone(ev)
    curly = next(i for i in ev.index if "’" in ev.loc[i, "quote"] or "“" in ev.loc[i, "quote"])
    answers["evidence_for"][0] = curly
    answers["quotes"] = {curly: ev.loc[curly, "quote"].replace("’", "'").replace("“", '"').replace("”", '"'),
                         answers["evidence_for"][1]: answers["quotes"][answers["evidence_for"][1]]}
    hint = capstone.questions["q4"].check(answers)
    article = ev.loc[curly, "article_id"]
    assert f'aon locate {article} "the quote"' in hint and "describe_location" in hint and "curly" in hint


def test_codes_accept_capitals_and_spaces():
    ex01 = load_exercise("ex01-coding")
    ties = {pid: f"  {next(iter(k)).capitalize()} " for pid, k in ex01_keys()["TIE_KEY"].items()}
    r = record(ex01, tie_codes=ties)
    assert r["points"]["q1"] == 4 and r["feedback"]["q1"] == "visible check and hidden tests passed."


def test_outlines_for_graders():
    ex01 = load_exercise("ex01-coding")
    ties = {f"P{i}": "alliance" if i < 5 else "distance" for i in range(1, 9)}
    page = grader_html(ex01, record(ex01, tie_codes=ties, hardest_reason="P7 " * 40))
    assert "the student's codes and the key" in page and "✓" in page and "✗" in page and "P7" in page
    ach = load_exercise("ex03-ach")
    page = grader_html(ach, record(ach, justification="because " * 90))
    assert "The student's matrix" in page and "(not answered)" in page


def test_feedback_tailored_to_the_status_and_code_rendered(capstone):
    r = record(capstone, flags=["corrupt"], notes=["not valid notebook JSON"])
    text = feedback_text(capstone, r)
    assert "more points" not in text and "What happened when your notebook ran" not in text
    assert "could not be graded" in text and "submit it again" in text
    assert inline_code("`x` <b>") == "<code>x</code> &lt;b&gt;"


def test_checker_messages_in_the_notebook(capsys, monkeypatch):
    from aon.grading.student import Checker

    monkeypatch.chdir(exercises_dir() / "release" / "ex04-capstone")
    check = Checker("ex04-capstone")
    namespace = {"check": check}
    exec("check('q1')", namespace)
    assert "if it showed an error, fix that first" in capsys.readouterr().out
    exec("argument = 'word ' * 300\nresult = check('q5')", namespace)   # the form of an argument, with no argument
    out = capsys.readouterr().out
    assert namespace["result"] is None and not check.passed["q5"] and "only 1 different word(s)" in out
    exec("thesis = 'alliance'\nevidence_for = [...]\nevidence_against = [...]\ncheck('q2')", namespace)
    assert "not answered yet" in capsys.readouterr().out


def test_collect_takes_the_latest_answered_notebook_and_warns(tmp_path):
    release = exercises_dir() / "release" / "ex02-pandas" / "ex02-pandas.ipynb"
    source = exercises_dir() / "source" / "ex02-pandas" / "ex02-pandas.ipynb"
    home = tmp_path / "homes" / "ana"
    home.mkdir(parents=True)
    (home / "a_old.ipynb").write_bytes(source.read_bytes())
    (home / "b_answered.ipynb").write_bytes(source.read_bytes())
    (home / "c_fresh_copy.ipynb").write_bytes(release.read_bytes())   # newest, but untouched
    for age, name in enumerate(("c_fresh_copy", "b_answered", "a_old")):
        os.utime(home / f"{name}.ipynb", (1e9 - age * 100, 1e9 - age * 100))
    result = subprocess.run([sys.executable, "-m", "aon.authoring.cli", "collect", "ex02-pandas", str(tmp_path / "homes"),
                             str(tmp_path / "out")], cwd=project_root(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "ana.ipynb").read_bytes() == source.read_bytes()
    assert "warning: ana has 3 notebooks" in result.stdout and "collected b_answered.ipynb" in result.stdout
    assert "a_old.ipynb" in result.stdout and "c_fresh_copy.ipynb" in result.stdout


def _capstone_notebooks():
    source = json.loads((exercises_dir() / "source" / "ex04-capstone" / "ex04-capstone.ipynb").read_text(encoding="utf-8"))
    return source, json.loads(json.dumps(source))


def _set_cell(nb, cell_id, text):
    cell = next(c for c in nb["cells"] if c.get("id") == cell_id)
    cell["source"] = text
    return nb


@pytest.fixture(scope="module")
def broken_cells(tmp_path_factory):
    """Grade two capstone submissions: syntax errors in answer cells; edited and deleted protected cells."""
    from aon.grading.grader import Settings, grade_folder, sandbox_problem

    missing = sandbox_problem(Settings(hidden=[exercises_dir() / "source"])) is not None   # about feedback: unsandboxed where it cannot start
    folder = tmp_path_factory.mktemp("subs")
    source, syntax = _capstone_notebooks()
    _set_cell(syntax, "ex04-capstone-09", 'rebuttals = {\n  "a": "b" "c": 2}\n')            # SyntaxError, line 2
    _set_cell(syntax, "ex04-capstone-17", 'argument = """My own words """ and more"""\n')   # the prose cannot run
    (folder / "syn.ipynb").write_text(json.dumps(syntax), encoding="utf-8")
    tampered = json.loads(json.dumps(source))
    _set_cell(tampered, "ex04-capstone-04", 'print("q1 passes")')                          # a check cell edited
    tampered["cells"] = [c for c in tampered["cells"] if c.get("id") != "ex04-capstone-01"]   # the setup cell deleted
    (folder / "tam.ipynb").write_text(json.dumps(tampered), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    _, records = grade_folder("ex04-capstone", folder, out, jobs=1, timeout=20, progress=False, sandbox=not missing)
    return {r["student"]: r for r in records}, out


def test_a_syntax_error_is_named_with_its_line_and_the_marker_sees_the_cell(broken_cells):
    records, out = broken_cells
    r = records["syn"]
    assert r["status"] != "unanswered" and r["points"]["q3"] == 0
    q3 = r["feedback"]["q3"]
    assert "not answered" not in q3 and "under “Q3 (2 points): rebuttals” (code cell 6) has a syntax error (line 2 of the cell)" in q3
    assert "`rebuttals` could not be read" in q3
    notes = " ".join(r["notes"])
    assert "NameError in the protected cell under “Q4 (2 points): quotations” (code cell 10" in notes
    assert "`rebuttals` is not defined because the answer cell under “Q3" in notes
    assert "a cell under “Q4" not in notes
    page = (out / "html" / "syn.html").read_text(encoding="utf-8")
    assert "rebuttals = {\n  &quot;a&quot;: &quot;b&quot; &quot;c&quot;: 2}" in page            # the raw cell, escaped
    assert "argument = &quot;&quot;&quot;My own words" in page and "could not be read" in page
    feedback = (out / "feedback" / "syn.md").read_text(encoding="utf-8")
    assert "Graded by a person: up to 12 more points" in feedback and "A person reads the cell as you wrote it" in feedback


def test_protected_cells_are_named_by_their_heading_and_code_cell_number(broken_cells):
    notes = " ".join(broken_cells[0]["tam"]["notes"])
    assert "the check cell under “Q1 (1 point): thesis” (code cell 3: `check(\"q1\")`) was edited" in notes
    assert "the protected cell under “Exercise 4 (capstone): Alliance or necessity?” (code cell 1:" in notes
    assert "was deleted; it was put back" in notes and "of the release" not in notes


def test_nothing_to_mark_is_said_consistently(capstone):
    blank = record(capstone, thesis=..., evidence_for=[...], evidence_against=[...], rebuttals={...}, quotes={...},
                   argument="""...""")
    text = feedback_text(capstone, blank)
    assert blank["status"] == "unanswered" and "more points" not in text
    assert "q5 was not answered, so there is nothing to mark: 0 points" in text
    corrupt = record(capstone, flags=["corrupt"], notes=["not valid notebook JSON"])
    for r in (blank, corrupt):
        page = grader_html(capstone, r)
        assert "Nothing to mark" in page and "Explanation of the issue" not in page and "(manual)</code>" not in page
    assert "broken or truncated JSON" in grader_html(capstone, corrupt)


def test_collect_refuses_an_unknown_exercise_before_creating_anything(tmp_path):
    (tmp_path / "hub" / "ana").mkdir(parents=True)
    result = subprocess.run([sys.executable, "-m", "aon.authoring.cli", "collect", "ex04", str(tmp_path / "hub"), str(tmp_path / "out")],
                            cwd=project_root(), capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "Exercise 'ex04' not found" in result.stderr and "ex04-capstone" in result.stderr
    assert not (tmp_path / "out").exists()


def test_collect_names_files_that_look_like_a_misnamed_notebook(tmp_path):
    import zipfile

    source = (exercises_dir() / "source" / "ex04-capstone" / "ex04-capstone.ipynb").read_bytes()
    for student, name in (("ana", "ex04-capstone.ipynb.txt"), ("ben", "Ex04-Capstone.IPYNB"), ("cai", "notes.txt")):
        (tmp_path / "hub" / student).mkdir(parents=True)
        (tmp_path / "hub" / student / name).write_bytes(source if student != "cai" else b"my notes")
    (tmp_path / "hub" / "dee").mkdir()
    with zipfile.ZipFile(tmp_path / "hub" / "dee" / "sub.zip", "w") as archive:
        archive.writestr("work/ex04-capstone.ipynb", source)
    result = subprocess.run([sys.executable, "-m", "aon.authoring.cli", "collect", "ex04-capstone", str(tmp_path / "hub"),
                             str(tmp_path / "out")], cwd=project_root(), capture_output=True, text=True)
    out = result.stdout
    assert "ana: no notebook of ex04-capstone found; look at: ex04-capstone.ipynb.txt (a notebook of ex04-capstone: rename it" in out
    assert "ben: no notebook of ex04-capstone found; look at: Ex04-Capstone.IPYNB" in out
    assert "dee: no notebook of ex04-capstone found; look at: sub.zip (a zip holding work/ex04-capstone.ipynb" in out
    assert "cai: no notebook of ex04-capstone found\n" in out
    assert not list((tmp_path / "out").iterdir())   # nothing guessed: the instructor looks and renames


def test_an_unreadable_or_huge_look_alike_does_not_stop_collect(tmp_path, monkeypatch):
    """Review: a look-alike file that cannot be read (PermissionError) crashed the whole collection."""
    import pathlib
    from argparse import Namespace

    from aon.grading import cli, submissions

    source = (exercises_dir() / "source" / "ex04-capstone" / "ex04-capstone.ipynb").read_bytes()
    for student, name in (("ana", "ex04-capstone.ipynb.txt"), ("ben", "ex04-capstone.ipynb.json"), ("cai", "x.ipynb.txt")):
        (tmp_path / "hub" / student).mkdir(parents=True)
        (tmp_path / "hub" / student / name).write_bytes(source)
    (tmp_path / "hub" / "dee").mkdir()
    (tmp_path / "hub" / "dee" / "ex04-capstone.ipynb").write_bytes(source)
    real_open = pathlib.Path.open

    def locked(self, *args, **kwargs):  # tests may run as root, for whom chmod 000 locks nothing
        if self.name == "ex04-capstone.ipynb.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", locked)
    monkeypatch.setattr(submissions, "NEAR_MISS_READ_LIMIT", len(source) - 1)  # every look-alike is "too large" but ana's
    assert submissions.near_misses(tmp_path / "hub" / "ana", "ex04-capstone") == [
        "ex04-capstone.ipynb.txt (cannot be read: Permission denied; check its permissions)"]
    assert "larger than" in submissions.near_misses(tmp_path / "hub" / "ben", "ex04-capstone")[0]
    monkeypatch.setattr(submissions, "NEAR_MISS_READ_LIMIT", 8 * 2**20)
    args = Namespace(exercise="ex04-capstone", root=str(tmp_path / "hub"), out=str(tmp_path / "out"), source=None, release=None)
    assert cli.run_collect(args) == 0
    assert (tmp_path / "out" / "dee.ipynb").is_file()  # the students after the unreadable file were still collected


def test_every_problem_of_a_question_is_listed_not_only_the_first(capstone, ev):
    by_reading = ev.groupby("article_id").head(1).index.tolist()
    same_reading = ev.index[ev["article_id"] == ev.loc[by_reading[0], "article_id"]].tolist()
    hint = capstone.questions["q2"].check(dict(evidence_for=[by_reading[0], "blank-2016-99"], evidence_against=[same_reading[1]]))
    assert "'blank-2016-99' in `evidence_for` does not exist" in hint
    assert "`evidence_for` has 2 id(s); give at least 3" in hint and "`evidence_against` has 1 id(s); give at least 2" in hint
    assert "1 reading(s)" in hint
    assert "did you mean" not in hint   # several ids are as near (blank-2016-09, -29 ...): none is named (did_you_mean)
    answers = good_capstone(ev)
    first, second = answers["evidence_for"][:2]
    answers["quotes"] = {first: answers["quotes"][first] + " (sic)", second: "words that are not in the reading at all"}
    answers["rebuttals"] = {}
    hint = capstone.questions["q4"].check(answers)
    assert f"the quote for {first} is not verbatim" in hint and f"the quote for {second} is not verbatim" in hint
    assert hint.count("aon locate") == 1                    # the instructions once, each quote named
    against = answers["evidence_against"]
    assert all(i in capstone.questions["q3"].check(answers) for i in against)
    ex01 = load_exercise("ex01-coding")
    drivers = {f"P{i}": "none_stated" for i in range(1, 9)}
    drivers.update(P2=..., P5="none_stateed", P9="none_stated")
    hint = record(ex01, driver_codes=drivers)["feedback"]["q2"]
    assert "unexpected key(s) P9" in hint and "`driver_codes['P2']` is not answered yet" in hint and "'none_stateed'" in hint
