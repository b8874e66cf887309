"""Every check of the reading lessons: right, wrong (a specific hint), empty and wrong-type answers.

A check must never raise, never print a traceback and never reveal the expected answer.
"""
from __future__ import annotations

import ast
import re

import pytest

from aon.checks import Question, judge
from aon.data import article_ids
from aon.evidence import load_evidence
from aon.lessons import checker, questions_for
from aon.lessons.reading import load_content, top_tie_levels

#: Stand-alone questions of a decimal and a whole number, for the feedback on numbers (the reading lessons have no
#: decimal question since q3 asks for a tie level).
SHARE = Question("q9", "share", "number", expected=lambda: 0.42, tolerance=0.005)
COUNT = Question("q8", "n_rows", "integer", expected=lambda: 69)

EVIDENCE = load_evidence()
READINGS = article_ids()


def rows(article_id):
    return EVIDENCE[EVIDENCE["article_id"] == article_id]


def words(n: int) -> str:
    """n different words followed by a space, as an argument of n words would have."""
    return "".join(f"word{i} " for i in range(n))


def right_answers(article_id: str) -> dict[str, object]:
    mine = rows(article_id)
    themes = mine["theme"].value_counts()
    answers = {
        "q1": len(mine),
        "q2": themes.index[0],
        "q3": sorted(top_tie_levels(mine))[0],
    }
    content = load_content(article_id)
    for item in content.get("choice_questions", []):
        answers[item["qid"]] = item["answer"]
    for item in content.get("evidence_questions", []):
        answers[item["qid"]] = item["accept"][0]
    for item in content.get("open_questions", []):
        cited = " ".join(mine["evidence_id"].head(int(item.get("min_ids", 0))))
        answers[item["qid"]] = words(int(item.get("min_words", 30))) + cited
    if content.get("summary"):
        answers[content["summary"].get("qid", "summary")] = "This reading argues a position for reasons that I can state in one sentence here."
    return answers


def wrong_answers(article_id: str, question: Question) -> list[object]:
    if question.kind == "integer":
        return [len(EVIDENCE), 0]
    if question.kind == "number":
        right = right_answers(article_id)["q3"]
        return [right * 100 if right else 55.0, 0.99 if right < 0.5 else 0.01]
    if question.kind == "text":
        return ["arctic" if "arctic" not in question.expected() else "energy", "not_a_theme"]
    if question.kind == "choice":
        return [c for c in question.choices if c != question.expected()][:2]
    if question.kind == "evidence_id":
        accepted = question.expected()
        other = next(e for e in rows(article_id)["evidence_id"] if e not in accepted)
        return [other, accepted[0][:-1] + "x"]
    return ["too short"]


CASES = [(a, q) for a in READINGS for q in questions_for(a)]


@pytest.mark.parametrize("article_id, question", CASES, ids=[f"{a}-{q.qid}" for a, q in CASES])
def test_right_answer_passes(article_id, question):
    passed, message = judge(question, right_answers(article_id)[question.qid])
    assert passed, message
    assert "not the whole grade" in message


@pytest.mark.parametrize("article_id, question", CASES, ids=[f"{a}-{q.qid}" for a, q in CASES])
def test_wrong_answers_get_a_hint_without_the_answer(article_id, question):
    right = right_answers(article_id)[question.qid]
    for wrong in wrong_answers(article_id, question):
        passed, message = judge(question, wrong)
        assert not passed, f"{wrong!r} passed"
        assert message.strip() and "Traceback" not in message
        if question.kind in ("integer", "number", "choice"):
            assert not re.search(rf"(?<![\w.]){re.escape(str(right))}(?![\w.])", message.replace(str(wrong), "")), message


@pytest.mark.parametrize("article_id, question", CASES, ids=[f"{a}-{q.qid}" for a, q in CASES])
def test_empty_answer_says_unanswered(article_id, question):
    for empty in (..., "", "  ", None):
        passed, message = judge(question, empty)
        assert not passed and "not answered yet" in message
        assert ("Replace the ..." in message) == (empty is ... or empty is None), message


def test_empty_text_and_empty_lists_are_told_apart_from_the_starter():
    question = Question("q9", "my_ids", "evidence_ids")
    assert "the list `my_ids` is empty" in judge(question, [])[1]
    question = Question("q9", "my_text", "text")
    assert "`my_text` is empty text" in judge(question, "   ")[1]
    assert "Replace the ... after `my_text =`" in judge(question, ...)[1]


@pytest.mark.parametrize("article_id, question", CASES, ids=[f"{a}-{q.qid}" for a, q in CASES])
def test_wrong_type_says_what_is_expected(article_id, question):
    wrong_type = {"integer": "12", "number": "0.5", "text": 3, "choice": 2, "evidence_id": 7, "prose": 42}[question.kind]
    passed, message = judge(question, wrong_type)
    assert not passed and "should be" in message


def test_specific_hints():
    q1, _, q3 = questions_for("blank-2016")[:3]
    assert "`ev` holds this reading only" in judge(q1, len(EVIDENCE))[1]
    assert "counting *rows*" in judge(q3, "(level not shown)")[1]      # Blank: the most common level per row, not per unit
    bad_id = questions_for("blank-2016")[5]
    passed, message = judge(bad_id, "blnk-2016-20")
    assert not passed and "Did you mean 'blank-2016-20'?" in message


@pytest.mark.parametrize("article_id", READINGS)
def test_the_most_common_level_per_row_gets_the_per_unit_hint(article_id):
    """q3 counts events and claims: where the per-row answer differs, the hint says so, without naming the answer."""
    from aon.lessons.reading import _top_row_levels

    q3 = questions_for(article_id)[2]
    right = top_tie_levels(rows(article_id))
    for level in _top_row_levels(rows(article_id)) - right:
        passed, message = judge(q3, level)
        assert not passed and "counting *rows*" in message and not any(r in message.replace(level, "") for r in right)


@pytest.mark.parametrize("answer", ["Level not shown", "not shown", "(level not shown)", "NaN", " Distance ", "DISTANCE"])
def test_q3_reads_a_level_in_any_capitals_and_level_not_shown_in_any_usual_spelling(answer):
    from aon.lessons.reading import _level_label

    assert _level_label(answer) in {"(level not shown)", "distance"}


@pytest.mark.parametrize("article_id", READINGS)
def test_near_misses_get_a_hint_about_the_method_not_about_closeness(article_id):
    """A neighbour of the answer is not told it is near (which would give the answer away)."""
    q1 = questions_for(article_id)[0]
    n = len(rows(article_id))
    for wrong in (n - 1, n + 1):
        message = judge(q1, wrong)[1]
        assert "counted every row of this article only" in message and "close" not in message.lower(), message


def test_open_questions_check_cited_ids():
    open_q = next(q for q in questions_for("blank-2016") if q.kind == "prose" and q.min_ids)
    text = words(open_q.min_words)
    passed, message = judge(open_q, text + "blnk-2016-10 blank-2016-11")
    assert not passed and "Did you mean 'blank-2016-10'?" in message
    passed, message = judge(open_q, text + "blank-2016-10")
    assert not passed and "at least 2 evidence ids" in message
    assert judge(open_q, text + "blank-2016-10 and baev-2019-02")[0]


def test_evidence_question_rejects_a_row_of_another_reading():
    q6 = next(q for q in questions_for("blank-2016") if q.kind == "evidence_id")
    passed, message = judge(q6, "baev-2019-01")
    assert not passed and "another reading" in message


def test_name_error_gets_a_friendly_message():
    from aon.errors import _friendly

    try:
        eval("B")
    except NameError as exc:
        lines = _friendly(None, NameError, exc, None)
    assert 'quotation marks: "B"' in lines[0] and "Traceback" not in lines[0]


def test_checker_reads_the_notebook_variable_and_never_raises(capsys):
    check = checker("blank-2016")
    check("q9")
    assert "There is no question 'q9'" in capsys.readouterr().out
    check("q1", answer=len(rows("blank-2016")))
    assert check.results["q1"] is True
    check("q1", answer="twelve")
    assert "should be a whole number" in capsys.readouterr().out.splitlines()[-1]


def test_start_here_questions():
    q1, q2, q3 = questions_for("start-here")
    from aon.data import load_articles

    articles = load_articles()
    unknown = int((articles["author"] == "unknown").sum())
    assert judge(q1, unknown)[0] and not judge(q1, 0)[0] and "written out as a word" in judge(q1, 0)[1]
    widest = (articles["date_latest"] - articles["date_earliest"]).idxmax()
    assert judge(q2, articles.loc[widest, "article_id"])[0]
    assert "article id" in judge(q2, "Blank")[1]
    assert not judge(q3, "short")[0]


def test_friendly_errors_reach_the_notebook():
    """In a real kernel with a lesson's checker made, a course error and an unquoted answer show one short message,
    no traceback."""
    import nbformat
    from nbclient import NotebookClient

    cells = ["import aon\nfrom aon.evidence import show_evidence\nfrom aon.lessons import checker\ncheck = checker(\"baev-2019\")",
             'show_evidence("baev-2019-1")', "answer = B",
             "least_precise = bear-dragon-nd", "x = 1\nleast_precise = bear-dragon-nd  # my answer", "n = len(evv)"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(notebook, kernel_name="python3", allow_errors=True, timeout=60).execute()
    expectations = ["Did you mean 'baev-2019-01'?", 'quotation marks: answer = "B"', 'least_precise = "bear-dragon-nd"',
                    'least_precise = "bear-dragon-nd"', 'quotation marks: "evv"']
    for cell, expected in zip(notebook.cells[1:], expectations, strict=True):
        (output,) = cell.outputs
        text = "\n".join(output.get("traceback", []))
        assert expected in text, cell.outputs
        assert "Traceback" not in text and "File " not in text


def test_every_written_answer_checks_the_ids_it_cites():
    """Open questions of any lesson reject an evidence id that does not exist, even with no minimum."""
    from aon.lessons import questions_for

    prose = next(q for q in questions_for("after-2022") if q.kind == "prose")
    passed, message = judge(prose, words(prose.min_words) + "baev-2019-71")
    assert not passed and "not an evidence id" in message


def test_pandas_results_and_leftover_placeholders_get_a_way_forward():
    import pandas as pd

    ids = Question("q9", "my_ids", "evidence_ids", expected=lambda: ["blank-2016-01"])
    passed, message = judge(ids, pd.Series(["blank-2016-01"]))
    assert not passed and "should be" in message and ".tolist()" in message
    flags = pd.Series([True, False], index=["blank-2016-01", "blank-2016-02"])
    assert "s[s].index.tolist()" in judge(ids, flags)[1]
    prose = Question("q8", "my_argument", "prose", min_words=5)
    passed, message = judge(prose, "...\nMy own argument has more than five words here.")
    assert not passed and "placeholder" in message
    assert judge(prose, "My own argument has more than five words here.")[0]


@pytest.mark.parametrize("wrong, known, suggested", [
    ("bear-dragon", READINGS, "'bear-dragon-nd'"),                       # the start of an article id
    ("bear_dragon_nd", READINGS, "'bear-dragon-nd'"),                    # _ for -
    ("Bear-Dragon-ND", READINGS, "'bear-dragon-nd'"),
    ("baev", READINGS, "one of 'baev-2019' or 'baev-2021'"),            # two readings start so: both named
    ("arms", "themes", "'arms_trade'"),                                  # the start of a theme
    ("diplomacy", "themes", "'diplomacy_un'"),
    ("ukraine", "themes", "'europe_ukraine_nato'"),                      # a part of a theme
    ("arms-trade", "themes", "'arms_trade'"),
    ("blank-2016-1O", "ids", "'blank-2016-10'"),                         # the letter O for a zero
    ("blank-2016-3", "ids", "'blank-2016-03'"),
])
def test_did_you_mean_catches_common_slips(wrong, known, suggested):
    from aon.data import vocabulary
    from aon.errors import did_you_mean

    if isinstance(known, str):
        known = {"themes": vocabulary("evidence", "theme"), "ids": EVIDENCE["evidence_id"].tolist()}[known]
    assert did_you_mean(wrong, known) == f" Did you mean {suggested}?"


def test_did_you_mean_names_nothing_for_unrelated_text_or_what_was_typed():
    from aon.data import vocabulary
    from aon.errors import did_you_mean

    themes = vocabulary("evidence", "theme")
    assert did_you_mean("xyz", themes) == "" and did_you_mean("ab", themes) == ""
    assert "'arms_trade'" not in did_you_mean("arms_trade", themes)


def test_did_you_mean_prefers_the_current_lessons_ids():
    from aon.errors import did_you_mean

    ids = EVIDENCE["evidence_id"].tolist()
    lesson = [i for i in ids if i.startswith("baev-2019-")]
    assert did_you_mean("baev-2016-13", ids, prefer=lesson) == " Did you mean 'baev-2019-13'?"
    assert did_you_mean("baev-2016-13", ids, prefer=[i for i in ids if i.startswith("baev-2021-")]) == " Did you mean 'baev-2021-13'?"
    assert did_you_mean("blank-2016-1", ids, prefer=lesson) == " Did you mean 'blank-2016-01'?"  # an obvious slip wins


def test_a_decimal_comma_is_explained_with_the_students_own_digits():
    q1, q3 = COUNT, SHARE
    passed, message = judge(q3, (0, 42))                                  # share = 0,42
    assert not passed and "tuple" not in message
    assert "decimals with a point, not a comma" in message and "0.42" in message
    passed, message = judge(q1, (1, 234))                                 # n_rows = 1,234
    assert not passed and "tuple" not in message and "no comma" in message
    for other in ((0, -1), (0.5, 2), ("0", "42"), (1, 2, 3)):             # not a number written with a comma
        assert "tuple" in judge(q3, other)[1]
    assert "decimals" not in judge(questions_for("blank-2016")[1], (0, 42))[1]   # a text question: no decimal advice


def test_empty_quotes_for_a_number_say_to_replace_them():
    start_q1 = questions_for("start-here")[0]                              # n_unknown_authors = ""
    passed, message = judge(start_q1, "")
    assert not passed and "not answered yet" in message
    assert "Replace the quotation marks with a whole number" in message and "between the quotation marks" not in message
    assert "Replace the quotation marks with a number" in judge(SHARE, " ")[1]
    assert "square brackets" in judge(Question("q9", "my_ids", "evidence_ids"), "")[1]
    assert "Write your answer between the quotation marks" in judge(questions_for("blank-2016")[1], "")[1]


def test_an_unquoted_answer_is_shown_quoted_whole():
    """`least_precise = bear-dragon-nd` fails on `bear`: the suggestion quotes the whole right-hand side."""
    from aon.errors import quoted_answer_suggestion

    assert quoted_answer_suggestion("least_precise = bear-dragon-nd", "bear") == 'least_precise = "bear-dragon-nd"'
    assert quoted_answer_suggestion("x = 1\ntop_theme = arms_trade  # mine", "arms_trade") == 'top_theme = "arms_trade"'
    assert quoted_answer_suggestion("a = b\nc = b", "b", lineno=2) == 'c = "b"'
    for source, name in [("n = len(ev)", "ev"), ("a = b\nc = b", "b"), ("print(bear)", "bear"), ("x = (", "x"), (None, "B")]:
        assert quoted_answer_suggestion(source, name) is None, source  # code, two candidates, no assignment, no source


def test_an_article_id_answer_with_a_slip_gets_the_closest_id():
    q2 = questions_for("start-here")[1]                                    # least_precise: an article id
    for slip in ("bear-dragon", "bear_dragon_nd", "Bear_Dragon_ND"):
        passed, message = judge(q2, slip)
        assert not passed and "Did you mean 'bear-dragon-nd'?" in message, message
    wrong_reading = next(a for a in READINGS if a not in q2.expected())
    assert "Did you mean" not in judge(q2, wrong_reading)[1]                # a real id: no suggestion
    top_theme = questions_for("blank-2016")[1]
    assert "Did you mean 'arms_trade'?" in judge(top_theme, "arms")[1]


def test_written_answers_name_ids_that_are_mistyped_not_silently_skip_them():
    open_q = next(q for q in questions_for("blank-2016") if q.kind == "prose" and q.min_ids)
    text = words(open_q.min_words)
    passed, message = judge(open_q, text + "blank-2016-1O and blank-2016-11")  # the letter O
    assert not passed and "'blank-2016-1O', which is not an evidence id" in message and "'blank-2016-10'" in message
    passed, message = judge(open_q, text + "blank-2016-3 and blank-2016-11")   # no leading zero
    assert not passed and "Did you mean 'blank-2016-03'?" in message
    passed, message = judge(open_q, text + "bear_dragon_nd-30 and blank-2016-11")
    assert not passed and "Did you mean 'bear-dragon-nd-30'?" in message
    assert judge(open_q, text + "Blank-2016-10 and blank-2016-11.")[0]       # other capitals still cite the row
    plain = text + "blank-2016-10, blank-2016-11; post-2014 trade in 2016-17 rose by 3-4 percent, per Baev (2019-20)."
    assert judge(open_q, plain)[0], judge(open_q, plain)[1]                 # years and ranges are not ids


def test_suggested_ids_come_from_the_current_lesson_first(capsys):
    ids = set(EVIDENCE["evidence_id"])
    assert {"baev-2019-13", "baev-2021-13"} <= ids
    prose = next(q for q in questions_for("baev-2019") if q.kind == "prose")
    answer = words(prose.min_words) + "baev-2016-13"
    assert "Did you mean 'baev-2019-13'?" in judge(prose, answer, lesson="baev-2019")[1]
    assert "Did you mean 'baev-2021-13'?" in judge(prose, answer, lesson="baev-2021")[1]
    check = checker("baev-2019")
    check(prose.qid, answer=answer)
    assert "Did you mean 'baev-2019-13'?" in capsys.readouterr().out
    evidence_q = next(q for q in questions_for("baev-2019") if q.kind == "evidence_id")
    assert "Did you mean 'baev-2019-13'?" in judge(evidence_q, "baev-2016-13", lesson="baev-2019")[1]


def test_check_without_a_question_or_with_a_slip_in_its_id(capsys):
    check = checker("blank-2016")
    check()
    out = capsys.readouterr().out
    assert "Which question?" in out and 'check("q1")' in out and '"q1", "q2", "q3"' in out and "Traceback" not in out
    check("Q1 ", answer=len(rows("blank-2016")))
    assert "passes the check" in capsys.readouterr().out and check.results == {"q1": True}
    check("q99")
    out = capsys.readouterr().out
    assert "There is no question 'q99'" in out and '"q1", "q2"' in out and "q99" not in check.results
    check(" ")
    assert "Which question?" in capsys.readouterr().out


def test_written_answers_need_different_words_and_say_where_they_are_kept():
    prose = Question("q8", "my_argument", "prose", min_words=30)
    passed, message = judge(prose, "a " * 29 + "b")
    assert not passed and "only 2 different word(s)" in message and "at least 15 different words" in message
    passed, message = judge(prose, words(30))
    assert passed and "kept in this notebook" in message and "Ctrl+S" in message and "File → Save" in message
    assert "No automatic check can judge an argument" in message and "not the whole grade" in message
    assert "recorded" not in message


def test_unanswered_is_not_marked_as_a_failure(capsys):
    check = checker("blank-2016")
    for answer, marker in [(..., "✏️ q1: not answered yet"), ("", "✏️ q1: not answered yet"),
                           (0, "❌ q1:"), ("twelve", "❌ q1:"), (len(rows("blank-2016")), "✅ q1:")]:
        check("q1", answer=answer) if answer is not ... else check.passes("q1", _caller={"n_rows": ...})
        assert capsys.readouterr().out.startswith(marker), (answer, marker)


def test_did_you_mean_names_no_value_when_several_are_as_close(capsys):
    """Breaking a tie by picking one would point the student at an arbitrary row (perhaps the accepted one)."""
    from aon.errors import did_you_mean

    ids = EVIDENCE["evidence_id"].tolist()
    evidence_q = next(q for q in questions_for("blank-2016") if q.kind == "evidence_id")
    passed, message = judge(evidence_q, "blank-2016", lesson="blank-2016")
    assert not passed and "give one in full" in message and not re.search(r"blank-2016-\d", message), message
    assert did_you_mean("baev-2016", ids) == ""                               # as close to every baev-2019 row
    assert did_you_mean("q", ["q1", "q2", "q3"]) == ""
    check = checker("blank-2016")
    check("q")
    out = capsys.readouterr().out
    assert "There is no question 'q'" in out and "Did you mean" not in out


@pytest.mark.parametrize("wrong, suggested", [("baev-2019-lO", "baev-2019-10"), ("baev-2019-Il", "baev-2019-11")])
def test_look_alike_letters_are_read_as_digits_in_the_whole_row_number(wrong, suggested):
    from aon.errors import did_you_mean

    assert did_you_mean(wrong, EVIDENCE["evidence_id"].tolist()) == f" Did you mean '{suggested}'?"
    prose = next(q for q in questions_for("baev-2019") if q.kind == "prose" and q.min_ids)
    passed, message = judge(prose, words(prose.min_words) + f"{wrong} and baev-2019-02", lesson="baev-2019")
    assert not passed and f"Did you mean '{suggested}'?" in message, message


def test_arithmetic_on_an_undefined_name_is_not_suggested_as_text():
    """After a restart, `n_rows = rows - 1` fails on `rows`: quoting the arithmetic would be wrong advice."""
    from aon.errors import quoted_answer_suggestion

    for source in ("n_rows = rows - 1", "n_rows = rows-1", "share = rows - 1 / 2", "x = bear - dragon"):
        assert quoted_answer_suggestion(source, source.split("= ")[1].split(" ")[0].split("-")[0]) is None, source
    assert quoted_answer_suggestion("least_precise = baev-2019", "baev") == 'least_precise = "baev-2019"'
    assert quoted_answer_suggestion("my_id = baev-2019-13", "baev") == 'my_id = "baev-2019-13"'


def test_name_error_says_which_lines_of_the_cell_ran():
    import sys

    from aon.errors import _name_error_message

    def message(source):
        namespace = {}
        try:
            exec(compile(source, "<cell>", "exec"), namespace)
        except NameError as exc:
            shell = type("Shell", (), {"user_ns": namespace})()
            import linecache

            linecache.cache["<cell>"] = (len(source), None, source.splitlines(True), "<cell>")
            try:
                return _name_error_message(shell, NameError, exc, sys.exc_info()[2])[0]
            finally:
                del linecache.cache["<cell>"]

    one = message("least_precise = bear-dragon-nd")
    assert "Nothing from this cell was saved" in one and 'least_precise = "bear-dragon-nd"' in one
    several = message("import math\nx = 2\nn_rows = rows - 1\nshare = 0.5")
    assert "Nothing from this cell was saved" not in several and '"rows - 1"' not in several
    assert "Line 3 of this cell and the lines after it did not run (the lines above it did)" in several


def test_a_decimal_comma_advice_keeps_a_minus_sign():
    """`-0,25` reaches the check as (0, 25): the advice must not tell the student to drop the sign."""
    q3 = SHARE
    passed, message = judge(q3, (-0, 25))
    assert not passed and "0.25" in message and "-0.25, if the number you meant is negative" in message
    passed, message = judge(q3, (-1, 5))                                     # -1,5: the sign is kept
    assert not passed and "write -1.5," in message and "tuple" not in message


@pytest.mark.parametrize("names", ["the S-400 and Su-35 sales", "the s-400 and su-35 sales", "covid-19 and the g-20"])
def test_weapon_and_event_names_are_not_taken_for_evidence_ids(names):
    open_q = next(q for q in questions_for("blank-2016") if q.kind == "prose" and q.min_ids)
    answer = words(open_q.min_words) + f"{names}, as blank-2016-10 and blank-2016-11 show."
    passed, message = judge(open_q, answer, lesson="blank-2016")
    assert passed, message
    mistyped = words(open_q.min_words) + f"{names}, as blank-2016-10 and blnak-2016-11 show."
    passed, message = judge(open_q, mistyped, lesson="blank-2016")
    assert not passed and "'blnak-2016-11', which is not an evidence id" in message  # a slip in an id is still named


@pytest.mark.parametrize("line, expected", [
    ("my_summary = The commentary says necessity", 'my_summary = "The commentary says necessity"'),
    ('q7 = Baev says "peaked" here', 'q7 = \'Baev says "peaked" here\''),
    ("  top_theme = arms trade  ", 'top_theme = "arms trade"'),
    ('summary = Baev calls it a "partnership"', 'summary = \'Baev calls it a "partnership"\''),   # reads back as typed
    ('s = it\'s a "necessity"', 's = \'\'\'it\'s a "necessity"\'\'\''),
    ("summary = i.e. it is a partnership, and/or 70% of it", 'summary = "i.e. it is a partnership, and/or 70% of it"'),
    ("strongest = blank-2016-03", 'strongest = "blank-2016-03"'),   # a leading zero: a SyntaxError, not a NameError
    ("ids = [blank-2016-03, baev-2019-10]", 'ids = ["blank-2016-03", "baev-2019-10"]'),
])
def test_an_unquoted_text_answer_is_quoted_back(line, expected):
    from aon.errors import unquoted_text_suggestion

    assert unquoted_text_suggestion(line) == expected
    ast.parse(expected)   # the suggestion itself is valid Python


@pytest.mark.parametrize("line", ["n_rows = len(ev) 1", "x = 2 3", "share = a / b c", 'x = "already quoted', "for x in y",
                                  "x = [1 2]", "print(x y)", "top = ev.theme most"])
def test_code_with_a_syntax_error_gets_no_quoting_advice(line):
    from aon.errors import unquoted_text_suggestion

    assert unquoted_text_suggestion(line) is None


@pytest.mark.parametrize("line", ["total = len df", "x = print hello", "counts = value_counts df"])
def test_a_line_starting_with_a_known_name_is_code_not_text(line):
    import builtins

    from aon.errors import unquoted_text_suggestion

    assert unquoted_text_suggestion(line, set(dir(builtins)) | {"value_counts", "df"}) is None


def test_ipython_shows_one_plain_message_for_an_unquoted_text_answer(capsys):
    """In a real IPython shell, the slip gets the message; other syntax errors keep IPython's own display."""
    from IPython.core.interactiveshell import InteractiveShell

    from aon.errors import install_friendly_errors

    shell = InteractiveShell.instance()
    try:
        install_friendly_errors()
        install_friendly_errors()   # installing twice wraps once
        shell.run_cell("my_summary = The commentary says necessity")
        out = capsys.readouterr()
        text = out.out + out.err
        assert 'my_summary = "The commentary says necessity"' in text and "Nothing in this cell ran" in text
        assert "Traceback" not in text and "my_summary" not in shell.user_ns
        shell.run_cell("x = (1,")
        other = capsys.readouterr()
        assert "SyntaxError" in other.out + other.err and "quotation marks" not in other.out + other.err
    finally:
        InteractiveShell.clear_instance()


# ---------------------------------------------------------------- answers a beginner gives first (issue 18, item 3)
# Collected by working through lessons 00-05 as a student new to pandas: each is the exact value the answer cell
# produces, with words the feedback must contain (and, where it matters, words it must not).

RUSI = load_evidence("rusi-2022")
BEGINNER_ANSWERS = [
    # (lesson, question, the student's cell, the value it gives, must say, must not say)
    ("rusi-2022", "q1", "n_rows = ev.shape", RUSI.shape, "(rows, columns)", "comma"),
    ("rusi-2022", "q1", "n_rows = ev.size", RUSI.size, "number of cells", "article_id"),
    ("rusi-2022", "q1", "n_rows = ev.shape[1]", RUSI.shape[1], "number of columns", "article_id"),
    ("rusi-2022", "q1", "n_rows = len", len, "the function `len` itself", "builtin_function_or_method"),
    ("rusi-2022", "q1", "n_rows = ev.count", RUSI.count, "the method `.count` itself", "a method."),
    ("rusi-2022", "q1", "n_rows = ev.count()", RUSI.count(), "it is a Series", "Traceback"),
    ("rusi-2022", "q2", 'top_theme = ev["theme"].value_counts()', RUSI["theme"].value_counts(), "`.idxmax()`", "Traceback"),
    ("rusi-2022", "q2", 'top_theme = ev["theme"].value_counts().idxmax', RUSI["theme"].value_counts().idxmax,
     "the method `.idxmax` itself", "Traceback"),
    ("rusi-2022", "q2", 'top_theme = "Diplomacy_UN"', "Diplomacy_UN", "passes the check", "not a theme"),
    ("rusi-2022", "q6", 'q6_evidence = " rusi-2022-03"', " rusi-2022-03", "passes the check", "not found"),
    ("rusi-2022", "q6", 'q6_evidence = "RUSI-2022-03"', "RUSI-2022-03", "passes the check", "not found"),
    ("rusi-2022", "q6", 'q6_evidence = "rusi-2022 - 03"', "rusi-2022 - 03", "passes the check", "not found"),
    ("rusi-2022", "q6", 'q6_evidence = ["rusi-2022-03"]', ["rusi-2022-03"], "no square brackets", "a list."),
    ("bear-dragon-nd", "q3", 'top_tie = "level not shown"', "level not shown", "passes the check", "not a tie level"),
    ("blank-2016", "q3", 'top_tie = "economic_opportunity"', "economic_opportunity", "is a driver", "passes"),
    ("blank-2016", "q3", 'top_tie = "necessity"', "necessity", "value of `supports`", "passes"),
    ("start-here", "q2", 'least_precise = "blank-2016"', "blank-2016", "the worked example above", "passes"),
]


@pytest.mark.parametrize("lesson, qid, cell, value, says, never", BEGINNER_ANSWERS, ids=[b[2] for b in BEGINNER_ANSWERS])
def test_a_beginners_first_answer_gets_feedback_about_what_they_wrote(lesson, qid, cell, value, says, never):
    question = next(q for q in questions_for(lesson) if q.qid == qid)
    passed, message = judge(question, value, lesson=lesson)
    assert says in message and never not in message, message
    assert passed == ("passes the check" in says)


def test_ids_with_spaces_around_the_dash_count_as_cited_in_a_written_answer():
    open_q = next(q for q in questions_for("rusi-2022") if q.kind == "prose" and q.min_ids)
    passed, message = judge(open_q, words(open_q.min_words) + "as rusi-2022 -03 and rusi-2022 - 16 show", lesson="rusi-2022")
    assert passed, message
    passed, message = judge(open_q, words(open_q.min_words) + "as rusi-2022 - 03 and rusi-2022 - 99 show", lesson="rusi-2022")
    assert not passed and "rusi-2022-99" in message and "not an evidence id" in message


@pytest.mark.parametrize("cell, says", [
    ('ev["state media"]', "There is no column 'state media' in this table"),
    ('ev["Theme"]', "Did you mean 'theme'?"),
    ('ev["theme"].value_counts()["state media"]', "There is no label 'state media' here"),
    ("n_rows = len(ev.count)", "without round brackets"),
    ('top = ev["theme"].value_counts["energy"]', "without round brackets"),
    ('n = "3" + 4', "Python could not do this with these kinds of values"),
])
def test_ipython_shows_pandas_slips_as_one_plain_message(cell, says, capsys):
    """KeyError and TypeError from a beginner's pandas line: a message saying what to do, not a traceback."""
    from IPython.core.interactiveshell import InteractiveShell

    from aon.errors import install_friendly_errors

    shell = InteractiveShell.instance()
    try:
        install_friendly_errors()
        shell.run_cell("from aon.evidence import load_evidence\nev = load_evidence('rusi-2022')")
        capsys.readouterr()
        shell.run_cell(cell)
        out = capsys.readouterr()
        text = out.out + out.err
        assert says in text and "Traceback" not in text and "Nothing from this cell was saved" in text, text
    finally:
        InteractiveShell.clear_instance()


def test_the_lesson_and_exercise_checkers_share_one_base(capsys):
    """Two Checker classes once kept their outcomes under different names (results, passed) and said
    "no such question" differently; both now come from aon.checks.CheckerBase."""
    from aon.checks import Checker as LessonChecker
    from aon.checks import CheckerBase
    from aon.grading.student import Checker as ExerciseChecker
    from aon.lessons import checker

    assert issubclass(LessonChecker, CheckerBase) and issubclass(ExerciseChecker, CheckerBase)
    lesson = checker("start-here")
    assert lesson.passes("q9", _caller={}) is False and lesson.results is lesson.passed
    exercise = ExerciseChecker("ex02-pandas")
    assert exercise.passes("", _caller={}) is False and exercise.passes("q99", _caller={}) is False
    out = capsys.readouterr().out
    assert out.count("There is no question") == 2 and "Which question?" in out
    assert "this lesson" in out and "this exercise" in out and "q99" not in exercise.passed


def test_importing_aon_leaves_the_notebook_alone():
    """`import aon` once patched IPython's error display in every process; now making a checker does."""
    import subprocess
    import sys

    code = ("from IPython.testing.globalipapp import start_ipython; shell = start_ipython(); import aon; "
            "print(len(shell.custom_exceptions)); from aon.lessons import checker; checker('start-here'); "
            "print(len(shell.custom_exceptions))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split()[-2:] == ["0", "4"], result.stdout[-300:] + result.stderr[-500:]
