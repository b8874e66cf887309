"""Every exercise: the solution scores full marks, the student version scores zero and runs cleanly;
the student version holds no solution and no hidden test, and is up to date with its source."""
from __future__ import annotations

import json
import subprocess
import sys

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

    def run(*args):
        return subprocess.run([env_python, "-m", "aon.authoring.cli", *args], cwd=project_root(), capture_output=True, text=True)

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


# ---------------------------------------------------------------------------------------------------
# Issue 18: the capstone's checks and hidden tests read the argument, not only its form. Each case of the
# issue has a test below; they use the exercise only through its checks and hidden tests, as the grader does.
# ---------------------------------------------------------------------------------------------------

#: For each thesis, the `supports` code of its evidence and of its counter-evidence (the codebook's sides).
# Tie levels for and against each thesis, as the codebook's consistency table rates them (aon.codebook.CONSISTENCY).
SIDES = {"alliance": (["alliance", "alignment"], ["distance", "partnership"]),
         "necessity": (["partnership", "distance"], ["alliance", "alignment"]),
         "qualified": (["alignment"], ["alliance", "distance"])}


def _record(exercise, **answers):
    from aon.grading.grader import finish
    from aon.grading.values import to_plain

    plain = {k: json.loads(json.dumps(to_plain(v))) for k, v in answers.items()}
    return finish(exercise, {"student": "s", "values": plain, "flags": [], "notes": []})


def _visible(exercise, qid, answers):
    """The visible check's hint as the student sees it in the notebook (with every answer defined), or None."""
    return exercise.questions[qid].check(dict(answers))


def genuine_capstone(thesis="alliance", name=None):
    """A genuine, coherent capstone answer for ``thesis``, built from the evidence table: evidence for it from three
    readings, counter-evidence from two others, each rebutted on its own terms, an argument citing both."""
    from aon.data import load_table

    ev = load_table("evidence").set_index("evidence_id")
    pro, con = SIDES[thesis]
    first = ev[ev["tie"].isin(pro)].groupby("article_id").head(1)
    for_ = first.index[:3].tolist()
    others = ev[ev["tie"].isin(con) & ~ev["article_id"].isin(first["article_id"][:3])].groupby("article_id").head(1)
    against = others.index[:2].tolist()
    a1, a2 = against
    f1, f2, f3 = for_
    def gist(evidence_id):   # what the row says, in the words of its claim, as a student would take it up
        return " ".join(ev.loc[evidence_id, "claim"].rstrip(".").split()[:9]).lower()

    rebuttals = {a1: f"{a1} is real: {gist(a1)}. But one episode is weaker than the pattern across the readings, and the "
                     "author reports it without asking what either government risked for it.",
                 a2: f"I read {a2} ({gist(a2)}) as a statement about intentions; the record of what both states actually "
                     "did in a crisis matters more, and there it points my way."}
    quotes = {i: ev.loc[i, "quote"] for i in for_[:2]}
    argument = f"""My thesis is that the relationship between Russia and China is best described as {name or thesis}. The question turns on definitions: the ATOP project counts an alliance only where states promise military help in a conflict, the Correlates of War add ententes that merely promise consultation, and Bobo Lo's axis of convenience describes a tie kept for what each side gains from it today.

The evidence I rely on comes from three readings. The first item ({f1}) shows how one author sees the tie, the second ({f2}) adds a different period and outlet, and the third ({f3}) comes from yet another writer with other assumptions. Read together, they describe a pattern rather than a single event, which matters because single events are easy to overinterpret. I have also checked how each item was coded, so that my evidence says what I claim it says.

The strongest counter-evidence deserves an answer. One item ({a1}) points the other way, and so does another ({a2}). I do not dismiss them: they show that the relationship has more than one face. Yet each is either a statement of intent or an episode without cost, and neither shows the kind of sacrifice that would overturn my reading.

Context matters as well. The readings were written between 2016 and 2022 by authors at Western institutions, some before and some after the invasion of Ukraine, and their expectations shaped what they noticed. My own assumption is that governments reveal commitments through costly choices, not through summit language, and I have tried to weigh events above judgements for that reason.

What would change my mind is clear enough to watch for: a written mutual defence clause, joint operational planning, or one state paying a heavy price to protect the other. Until such evidence appears, the balance of the readings supports my thesis, though with less certainty than any of the authors claims for their own conclusion."""
    return dict(thesis=name or thesis, evidence_for=for_, evidence_against=against, rebuttals=rebuttals, quotes=quotes,
                argument=argument)


@pytest.fixture(scope="module")
def capstone():
    return load_exercise("ex04-capstone")


@pytest.mark.parametrize("thesis, name", [("alliance", None), ("necessity", None), ("qualified", None),
                                          ("necessity", "a partnership of necessity"), ("qualified", "Entente")])
def test_a_genuine_argument_earns_full_automatic_points_and_passes_every_check(capstone, thesis, name):
    answers = genuine_capstone(thesis, name)
    r = _record(capstone, **answers)
    assert r["auto_total"] == capstone.auto_max == 8, r["feedback"]
    for qid in capstone.questions:
        assert _visible(capstone, qid, answers) is None, (qid, _visible(capstone, qid, answers))


def test_partnership_of_necessity_is_a_thesis_and_a_misspelling_gets_a_suggestion(capstone):
    answers = genuine_capstone("necessity", "partnership of necessity")
    assert _record(capstone, **answers)["points"]["q1"] == 1
    assert _visible(capstone, "q1", answers) is None
    hint = _visible(capstone, "q1", dict(answers, thesis="partnership of neccessity"))
    assert "Did you mean 'partnership of necessity'?" in hint
    assert _record(capstone, **dict(answers, thesis="maybe"))["points"]["q1"] == 0
    assert "a thesis the exercise knows" in _visible(capstone, "q2", dict(answers, thesis="maybe"))


def test_an_alliance_thesis_backed_only_by_rows_saying_there_is_no_alliance_earns_no_evidence_points(capstone):
    answers = genuine_capstone("necessity")
    answers["thesis"] = "alliance"        # the thesis contradicted by every piece of its own evidence
    r = _record(capstone, **answers)
    assert r["points"]["q2"] == 0, r["feedback"]["q2"]
    hint = _visible(capstone, "q2", answers)
    assert "against the alliance thesis" in hint and "must really be against it" in hint


def test_filler_rebuttals_earn_nothing(capstone):
    answers = genuine_capstone("alliance")
    answers["rebuttals"] = {i: "x " * 20 for i in answers["evidence_against"]}
    assert _record(capstone, **answers)["points"]["q3"] == 0
    hint = _visible(capstone, "q3", answers)
    assert "different word" in hint and "neither names" in hint


def test_a_rebuttal_must_engage_its_own_counter_evidence_in_its_own_words(capstone):
    answers = genuine_capstone("alliance")
    a1, a2 = answers["evidence_against"]
    same = "This shows cooperation, but cooperation without a commitment to fight for each other is not what an alliance needs."
    answers["rebuttals"] = {a1: f"{a1}: {same}", a2: f"{a2}: {same}"}          # one text with the ids swapped
    assert _record(capstone, **answers)["points"]["q3"] == 0
    assert "the same text as another rebuttal" in _visible(capstone, "q3", answers)
    answers["rebuttals"] = {a1: genuine_capstone("alliance")["rebuttals"][a1].replace(a1, "this item"),
                            a2: genuine_capstone("alliance")["rebuttals"][a2]}  # the first no longer says what it answers
    assert _record(capstone, **answers)["points"]["q3"] == 1
    assert f"the rebuttal of {a1} neither names {a1}" in _visible(capstone, "q3", answers)


def test_an_argument_of_one_word_repeated_is_refused(capstone):
    from aon.grading.report import grader_html

    answers = dict(genuine_capstone("alliance"), argument="word " * 300)
    hint = _visible(capstone, "q5", answers)
    assert hint and "only 1 different word(s)" in hint
    page = grader_html(capstone, _record(capstone, **answers))
    assert "Automatic reading of the argument" in page and "only 1 different word(s)" in page


def test_an_argument_citing_ids_that_do_not_exist_is_refused_with_a_suggestion(capstone):
    answers = genuine_capstone("alliance")
    answers["argument"] = answers["argument"].replace(answers["evidence_for"][0], "blank-2016-99", 1)
    hint = _visible(capstone, "q5", answers)
    assert "'blank-2016-99', which is not an evidence id" in hint
    typo = answers["evidence_for"][1]
    answers["argument"] = answers["argument"].replace(typo, typo.capitalize()[:-2] + "O" + typo[-1], 1)
    assert "Did you mean" in _visible(capstone, "q5", answers)


def test_an_argument_copied_from_a_reading_or_from_the_rebuttals_is_refused(capstone):
    from aon.data import article_text

    answers = genuine_capstone("alliance")
    ids = " ".join(answers["evidence_for"] + answers["evidence_against"])
    copied = " ".join(article_text("blank-2016").split()[:400])
    assert "copied word for word" in _visible(capstone, "q5", dict(answers, argument=f"{copied} ({ids})"))
    a1, a2 = answers["evidence_against"]
    first, *rest = answers["argument"].split("\n\n")
    pasted = dict(answers, rebuttals={a1: f"{a1}: " + first, a2: f"{a2}: " + " ".join(rest)})   # the argument is the rebuttals
    assert "copied word for word from a reading or from your other answers" in _visible(capstone, "q5", pasted)


def test_an_argument_must_cite_the_ids_it_lists(capstone):
    answers = genuine_capstone("alliance")
    for i in answers["evidence_for"] + answers["evidence_against"]:
        answers["argument"] = answers["argument"].replace(f" ({i})", "")
    assert "cites 0 of the evidence ids you list in Q2" in _visible(capstone, "q5", answers)


def test_written_answers_in_the_other_exercises_are_read_too():
    coding, ach = load_exercise("ex01-coding"), load_exercise("ex03-ach")
    assert "different word" in coding.questions["q3"].check({"hardest_reason": "word " * 40})
    assert "not one of the passages" in coding.questions["q3"].check(
        {"hardest_reason": "P9 was hardest because its words fit two definitions of the codebook at once, and the passage "
                           "reports what others say rather than what the governments did, so I chose ambiguous."})
    assert "different word" in ach.questions["q5"].check({"justification": "because " * 90})
    hint = ach.questions["q5"].check({"justification": "blank-2016-99 " + genuine_capstone()["argument"][:800]})
    assert "'blank-2016-99', which is not an evidence id" in hint


def test_the_rules_and_thresholds_are_in_the_capstone_notebook():
    from aon.argument import rules_markdown

    for folder in ("source", "release"):
        nb = json.loads((exercises_dir() / folder / "ex04-capstone" / "ex04-capstone.ipynb").read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        assert rules_markdown().strip() in text, folder


def test_the_not_the_whole_grade_notice_is_shown_once_per_notebook(capsys, monkeypatch):
    from aon.grading.student import Checker

    monkeypatch.chdir(exercises_dir() / "release" / "ex02-pandas")
    check = Checker("ex02-pandas")
    global n_rows, top_alliance_theme
    n_rows, top_alliance_theme = 154, "arms_trade"
    check("q1")
    check("q3")
    check("q1")
    out = capsys.readouterr().out
    assert out.count("✅") == 3 and out.count("hidden tests also count") == 1
    capstone_check = Checker("ex04-capstone")
    assert capstone_check.notice_shown is False   # a new notebook says it again


# --- ex01 on codebook 2: tie and driver, a key with defensible alternatives --------------------------------

def _ex01_key():
    from aon.grading.spec import load_module

    return load_module(exercises_dir() / "source" / "ex01-coding" / "tests.py", "ex01_key_for_test_exercises")


def test_ex01_key_uses_codebook_2_codes_and_gives_a_reason_per_passage():
    from aon.codebook import NO_LEVEL, drivers, tie_levels
    from aon.grading.exercise_data import PASSAGES

    key = _ex01_key()
    ids = [pid for pid, *_ in PASSAGES]
    assert list(key.TIE_KEY) == ids and list(key.DRIVER_KEY) == ids and list(key.REASONS) == ids
    for pid in ids:
        assert set(key.TIE_KEY[pid]) <= {*tie_levels(), NO_LEVEL} and set(key.DRIVER_KEY[pid]) <= set(drivers())
        assert 1 in key.TIE_KEY[pid].values() and 1 in key.DRIVER_KEY[pid].values()
        assert len(key.REASONS[pid].split()) >= 15
    # the key codes more than one level and more than one driver: a uniform coding cannot match it
    def firsts(key_table):
        return {next(iter(v)) for v in key_table.values()}

    assert len(firsts(key.TIE_KEY)) >= 3 and len(firsts(key.DRIVER_KEY)) >= 3


def test_ex01_uniform_coding_fails_the_check_and_scores_nothing():
    """The right form with no content (every passage the same code) fails visibly and earns no hidden points."""
    exercise = load_exercise("ex01-coding")
    key = _ex01_key()
    for level in ("(level not shown)", "distance", "alliance"):
        answer = {"tie_codes": {f"P{i}": level for i in range(1, 9)}}
        assert "the same tie level" in exercise.questions["q1"].check(answer)
        assert exercise.questions["q1"].score(answer) == 0
    answer = {"driver_codes": {f"P{i}": "none_stated" for i in range(1, 9)}}
    assert "the same driver" in exercise.questions["q2"].check(answer)
    assert exercise.questions["q2"].score(answer) == 0
    right = {"tie_codes": {pid: next(iter(k)) for pid, k in key.TIE_KEY.items()}}
    assert exercise.questions["q1"].check(right) is None and exercise.questions["q1"].score(right) == 1


def test_ex01_accepts_spellings_of_level_not_shown_and_gives_partial_credit_for_alternatives():
    exercise = load_exercise("ex01-coding")
    key = _ex01_key()
    ties = {pid: next(iter(k)) for pid, k in key.TIE_KEY.items()}
    spelled = {pid: ("Level not shown " if t == "(level not shown)" else t) for pid, t in ties.items()}
    assert exercise.questions["q1"].check({"tie_codes": spelled}) is None
    assert exercise.questions["q1"].score({"tie_codes": spelled}) == 1
    half = dict(ties, P2="alliance")          # Blank reads the doctrine as an offer: a defensible alternative
    assert exercise.questions["q1"].score({"tie_codes": half}) == pytest.approx(1 - 0.5 / 8)
    wrong = dict(ties, P1="distance")         # officials advocating alliance are not distance
    assert exercise.questions["q1"].score({"tie_codes": wrong}) == pytest.approx(7 / 8)
    hint = exercise.questions["q1"].check({"tie_codes": dict(ties, P3="distanse")})
    assert "'distanse'" in hint and "distance" in hint
    drivers = {pid: next(iter(k)) for pid, k in key.DRIVER_KEY.items()}
    both = dict(drivers, P5="economic_opportunity")   # the codebook leaves P5 open: full credit
    assert exercise.questions["q2"].score({"driver_codes": both}) == 1


def test_ex01_solution_codes_are_the_keys_full_credit_codes():
    import nbformat

    key = _ex01_key()
    nb = nbformat.read(exercises_dir() / "source" / "ex01-coding" / "ex01-coding.ipynb", as_version=4)
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and ("tie_codes = {" in cell.source or "driver_codes = {" in cell.source):
            exec(cell.source, namespace)
    assert all(key.TIE_KEY[p][c] == 1 for p, c in namespace["tie_codes"].items())
    assert all(key.DRIVER_KEY[p][c] == 1 for p, c in namespace["driver_codes"].items())


def test_ach_items_are_distinct_units_spread_over_readings_and_tie_levels():
    """ex03 follows codebook 2: one item per distinct event or claim, every reading, every tie level; the model
    ratings in the source notebook are aon.codebook.CONSISTENCY for each item's tie, and favour no hypothesis."""
    from aon.codebook import consistency, distinct_units
    from aon.evidence import load_evidence
    from aon.grading.exercise_data import HYPOTHESES, ach_items

    ev = load_evidence()
    items = ach_items()
    assert HYPOTHESES == ["alliance", "qualified", "necessity"]
    ties = ev.set_index("evidence_id").loc[items["evidence_id"], "tie"]
    assert set(ties.dropna()) == {"alliance", "alignment", "partnership", "distance"} and ties.isna().sum() == 2
    assert set(items["article_id"]) == set(ev["article_id"])
    single = set(distinct_units(ev).query("rows == 1")["evidence_ids"])
    assert set(items["evidence_id"]) <= single   # each item is a whole unit: one event or claim, one row
    ids = items["evidence_id"].tolist()   # the model matrix: each item rated by its tie (aon.codebook.CONSISTENCY)
    model = pd.DataFrame([[consistency(ev.set_index("evidence_id").at[i, "tie"], h) for h in HYPOTHESES] for i in ids],
                         index=ids, columns=HYPOTHESES)
    assert len(set(inconsistency_scores(model).tolist())) == 1   # the items favour no hypothesis
    cells = json.loads((exercises_dir() / "source" / "ex03-ach" / "ex03-ach.ipynb").read_text(encoding="utf-8"))["cells"]
    source = "".join(next(c for c in cells if c.get("id") == "ex03-ach-03")["source"])
    block = source[source.index("ratings = ["):source.index("# STUB")]
    namespace: dict = {}
    exec(block, namespace)   # the solution's ratings, as written in the notebook
    assert namespace["ratings"] == model.values.tolist()


def test_the_grader_passes_the_listed_ids_to_the_argument_s_visible_check(capstone):
    """Q5's visible check compares the argument with the ids listed in Q2 (its context); the grader's feedback shows it too."""
    answers = genuine_capstone("alliance")
    for evidence_id in answers["evidence_for"] + answers["evidence_against"]:
        answers["argument"] = answers["argument"].replace(evidence_id, "the readings")
    record = _record(capstone, **answers)
    assert "of the evidence ids you list in Q2" in record["feedback"]["q5"]
    assert "of the evidence ids you list in Q2" not in _record(capstone, **genuine_capstone("alliance"))["feedback"]["q5"]


def test_ex01_a_near_uniform_coding_fails_and_scores_nothing():
    """The breaker's attack: seven passages one code and one another (a review): refused as uniform."""
    exercise = load_exercise("ex01-coding")
    ties = {f"P{i}": "(level not shown)" for i in range(1, 9)} | {"P8": "alliance"}
    drivers = {f"P{i}": "asymmetry_dependence" for i in range(1, 9)} | {"P8": "shared_threat"}
    assert "7 of the eight passages the same tie level" in exercise.questions["q1"].check({"tie_codes": ties})
    assert exercise.questions["q1"].score({"tie_codes": ties}) == 0
    assert exercise.questions["q2"].score({"driver_codes": drivers}) == 0


def test_ex03_a_matrix_that_tells_the_hypotheses_apart_nowhere_scores_nothing():
    """The breaker's attack: a constant matrix made every later answer right by construction (a review)."""
    import pandas as pd

    from aon.grading.exercise_data import HYPOTHESES, ach_items

    exercise = load_exercise("ex03-ach")
    items = ach_items()["evidence_id"].tolist()
    for rating in ("C", "N", "I"):
        matrix = pd.DataFrame([[rating] * len(HYPOTHESES)] * len(items), index=items, columns=HYPOTHESES)
        values = {"matrix": matrix, "diagnostic_ids": [], "scores": {h: 0 for h in HYPOTHESES}, "best_hypothesis": HYPOTHESES[0]}
        assert "tells them apart nowhere" in exercise.questions["q1"].check(values)
        assert sum(exercise.questions[q].score(values) for q in ("q1", "q2", "q3", "q4")) == 0


def test_capstone_quotes_must_come_from_the_cited_rows_and_the_argument_must_name_its_thesis(capstone):
    """Two attacks from a review: four words from anywhere in the right article passed as a quote; an argument for
    'alliance' passed unflagged under the thesis 'necessity'."""
    from aon.data import article_text, load_table

    ev = load_table("evidence").set_index("evidence_id")
    answers = genuine_capstone("alliance")
    first = answers["evidence_for"][0]
    text = article_text(ev.loc[first, "article_id"])
    start, end = int(ev.loc[first, "start"]), int(ev.loc[first, "end"])
    elsewhere = next(" ".join(w) for i in range(0, len(text) - 200, 50)
                     if (i > end or i + 120 < start) and len(w := text[i:i + 120].split()[1:5]) == 4 and " ".join(w) in text
                     and text.find(" ".join(w)) not in range(start - 120, end))
    answers["quotes"] = {**answers["quotes"], first: elsewhere}
    record = _record(capstone, **answers)
    assert record["points"]["q4"] < 2 and "not in the passage of" in record["feedback"]["q4"]
    wrong = genuine_capstone("necessity")
    wrong["argument"] = genuine_capstone("alliance")["argument"]
    assert "does not state your thesis, 'necessity'" in _visible(capstone, "q5", wrong)
    assert _visible(capstone, "q5", genuine_capstone("necessity")) is None
