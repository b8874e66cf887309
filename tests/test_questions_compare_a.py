"""Every check of lessons 10-12: right, wrong (a hint, never the answer), empty and wrong-type answers."""
from __future__ import annotations

import pytest

from aon.checks import judge
from aon.lessons import checker, questions_for

LESSONS = ["timeline", "who-says-what", "competing-hypotheses"]
CASES = [(lesson, q) for lesson in LESSONS for q in questions_for(lesson)]
IDS = [f"{lesson}-{q.qid}" for lesson, q in CASES]

# evidence_ids questions take a callable; this pair is about the western sanctions of 2014, coded differently
RIGHT_PAIRS = {("who-says-what", "q5"): ["bear-dragon-nd-25", "rusi-2022-08"]}
WRONG = {
    ("timeline", "q2"): "rusi-2022" if "rusi-2022" not in questions_for("timeline")[1].expected() else "blank-2016",
    ("who-says-what", "q2"): "baev-2021",
    ("who-says-what", "q4"): "baev-2019",
    ("who-says-what", "q5"): ["baev-2019-07", "baev-2019-08"],
    ("competing-hypotheses", "q2"): "H2",
}


def right_answer(lesson, q):
    if (lesson, q.qid) in RIGHT_PAIRS:
        return RIGHT_PAIRS[(lesson, q.qid)]
    if q.kind == "prose":
        return "".join(f"word{i} " for i in range(q.min_words))
    expected = q.expected()
    if isinstance(expected, (set, list)):
        return sorted(expected)[0]
    return expected


def wrong_answer(lesson, q):
    if (lesson, q.qid) in WRONG:
        return WRONG[(lesson, q.qid)]
    if q.kind == "integer":
        return q.expected() + 1
    if q.kind == "choice":
        return next(c for c in q.choices if c != q.expected())
    if q.kind == "evidence_id":
        return "blank-2016-03"
    return "short"


@pytest.mark.parametrize(("lesson", "question"), CASES, ids=IDS)
def test_right_answer_passes(lesson, question):
    passed, message = judge(question, right_answer(lesson, question))
    assert passed, message


@pytest.mark.parametrize(("lesson", "question"), CASES, ids=IDS)
def test_wrong_answer_gets_a_hint_without_the_answer(lesson, question):
    wrong = wrong_answer(lesson, question)
    passed, message = judge(question, wrong)
    assert not passed
    assert "Traceback" not in message
    if question.kind != "prose":
        right = right_answer(lesson, question)
        if isinstance(right, (int, str)) and not isinstance(right, bool) and len(str(right)) > 1:
            assert f" {right} " not in f" {message} ", message


@pytest.mark.parametrize(("lesson", "question"), CASES, ids=IDS)
def test_empty_answer_says_unanswered(lesson, question):
    for empty in (..., "", []):
        passed, message = judge(question, empty)
        assert not passed and "not answered yet" in message


@pytest.mark.parametrize(("lesson", "question"), CASES, ids=IDS)
def test_wrong_type_says_what_is_expected(lesson, question):
    wrong_type = 3.5 if question.kind != "number" else "three"
    passed, message = judge(question, wrong_type)
    assert not passed and "should be" in message


def test_specific_hints():
    q = {x.qid: x for x in questions_for("who-says-what")}
    _, message = judge(q["q5"], ["baev-2019-07", "baev-2019-08"])
    assert "same reading" in message
    _, message = judge(q["q5"], ["baev-2019-07", "bear-dragon-nd-01"])
    assert "not about the same event" in message
    _, message = judge(q["q5"], ["baev-2019-07", "baev-2019-7"])
    assert "not found" in message and "Did you mean" in message
    h = {x.qid: x for x in questions_for("competing-hypotheses")}
    _, message = judge(h["q2"], "H5")
    assert "hypothesis code" in message
    _, message = judge(h["q2"], "H2")
    assert "fewest" in message
    t = {x.qid: x for x in questions_for("timeline")}
    _, message = judge(t["q5"], "blank-2016-01")
    assert "not about the western sanctions of 2014" in message
    _, message = judge(t["q5"], "rusi-2022-08")       # on the sanctions, level not shown
    assert "'(level not shown)'" in message and "bear-dragon-nd-25" not in message


def test_checker_prints_and_never_raises(capsys):
    check = checker("competing-hypotheses")
    check("q1", "not a number")
    check("q9")
    out = capsys.readouterr().out
    assert "should be" in out and "There is no question 'q9'" in out


def test_text_codes_are_accepted_in_any_case():
    """Article ids, hypothesis codes and evidence ids are codes: capitals do not make an answer wrong."""
    t = {x.qid: x for x in questions_for("timeline")}
    right = sorted(t["q2"].expected())[0]
    passed, message = judge(t["q2"], right.upper())
    assert passed, message
    passed, message = judge(t["q5"], t["q5"].expected()[0].capitalize())
    assert passed, message
    _, message = judge(t["q5"], "Blank-2016-01")
    assert "not about the western sanctions of 2014" in message
    w = {x.qid: x for x in questions_for("who-says-what")}
    passed, message = judge(w["q2"], sorted(w["q2"].expected())[0].title())
    assert passed, message
    _, message = judge(w["q2"], "Not-An-Article")
    assert "is not an article id" in message
    h = {x.qid: x for x in questions_for("competing-hypotheses")}
    assert judge(h["q2"], sorted(h["q2"].expected())[0].lower())[0]
    passed, message = judge(h["q5"], h["q5"].expected()[0].upper())
    assert passed, message


def test_timeline_q3_hint_names_the_column_the_lesson_shows():
    t = {x.qid: x for x in questions_for("timeline")}
    _, message = judge(t["q3"], 999)
    assert "`latest`" in message and "publication_windows" in message


def test_competing_hypotheses_q7_hints_fit_each_wrong_option():
    h = {x.qid: x for x in questions_for("competing-hypotheses")}
    _, message = judge(h["q7"], "D")
    assert "every item has a cell under every hypothesis" in message.lower()
    _, message = judge(h["q7"], "C")
    assert "Heuer" in message
    _, message = judge(h["q7"], "A")
    assert "rows" in message and "distinct events" in message


def test_competing_hypotheses_q6_names_the_slip_of_the_answer_given():
    """q6: the student filters `ev` to events, builds the matrix and counts the I's under H3 themselves (H1 and H2 tie on events, so
    a question about either could not tell the columns apart: a review)."""
    from aon.evidence import load_evidence
    from aon.lessons.lesson12_competing_hypotheses import build_matrix

    ev = load_evidence()
    q6 = {x.qid: x for x in questions_for("competing-hypotheses")}["q6"]
    events = ev[ev["evidence_type"] == "event"]
    right = int((build_matrix(events) == "I").sum()["H3"])
    assert judge(q6, right)[0]
    full = int((build_matrix(ev) == "I").sum()["H3"])
    _, message = judge(q6, full)
    assert "full matrix" in message and f" {right} " not in f" {message} "
    rows = int((build_matrix(events, per="row") == "I").sum()["H3"])
    if rows != right:
        assert "counts evidence rows" in judge(q6, rows)[1]
    documents = ev[ev["evidence_type"].isin(["event", "statement", "statistic"])]
    n = int((build_matrix(documents) == "I").sum()["H3"])
    if n != right:
        assert "statements and statistics" in judge(q6, n)[1]
    for other in ("H1", "H2"):
        wrong = int((build_matrix(events) == "I").sum()[other])
        passed, message = judge(q6, wrong)
        assert not passed and any(words in message for words in ("another hypothesis", "(C) items", "(N) items")), message
    assert "did your filter keep any rows" in judge(q6, 0)[1]


def test_competing_hypotheses_q5_accepts_any_row_of_a_separating_item():
    from aon.evidence import load_evidence
    from aon.lessons.lesson12_competing_hypotheses import (
        build_matrix,
        item_of,
        separating_items,
    )

    ev = load_evidence()
    q5 = {x.qid: x for x in questions_for("competing-hypotheses")}["q5"]
    matrix = build_matrix(ev)
    items = separating_items(matrix, "H1", "H2").index
    mapping = item_of(ev)
    several = next(i for i in items if (mapping == i).sum() > 1)
    other_row = next(eid for eid, item in mapping.items() if item == several and eid != several)
    assert judge(q5, several)[0] and judge(q5, other_row)[0]
    same = next(i for i in matrix.index if matrix.at[i, "H1"] == matrix.at[i, "H2"])
    passed, message = judge(q5, same)
    assert not passed and "rated the same under H1 and H2" in message


def test_who_says_what_q3_names_the_distinct_outlets_slip():
    from aon.evidence import load_sources_cited

    sources = load_sources_cited()
    state = sources[sources["source_type"] == "state_media"]
    q = {x.qid: x for x in questions_for("who-says-what")}
    assert judge(q["q3"], len(state))[0]
    if state["source"].nunique() != len(state):
        passed, message = judge(q["q3"], int(state["source"].nunique()))
        assert not passed and "distinct outlets" in message and "counts twice" in message


def test_who_says_what_q1_hints_teach_the_method_without_code():
    q1 = {x.qid: x for x in questions_for("who-says-what")}["q1"]
    passed, message = judge(q1, 999)
    assert not passed and "no 0" in message
    assert "(table > 0)" not in message and ".sum()" not in message and ".all(" not in message


def test_who_says_what_q3_hint_covers_the_one_reading_slip_too():
    """A reading's own count of state_media rows can equal the number of distinct outlets: the hint names both slips."""
    from aon.evidence import load_sources_cited

    sources = load_sources_cited()
    state = sources[sources["source_type"] == "state_media"]
    per_reading = {int(n) for n in state["article_id"].value_counts()} - {len(state)}
    outlets = int(state["source"].nunique())
    q3 = {x.qid: x for x in questions_for("who-says-what")}["q3"]
    for n in per_reading:
        passed, message = judge(q3, n)
        assert not passed and "one reading's citations only" in message
        if n == outlets:
            assert "distinct outlets" in message and "two slips" in message
        assert f" {len(state)} " not in f" {message} "


def test_answer_variables_do_not_hint_at_the_answer():
    q7 = {x.qid: x for x in questions_for("competing-hypotheses")}["q7"]
    assert q7.variable == "q7_choice"


def test_open_questions_state_their_minimum_length():
    """The prompt of each open (prose) question says how many words the check asks for."""
    import re
    from pathlib import Path

    import nbformat

    notebooks = {"timeline": "10_timeline.ipynb", "who-says-what": "11_who_says_what.ipynb",
                 "competing-hypotheses": "12_competing_hypotheses.ipynb"}
    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for lesson, name in notebooks.items():
        cells = nbformat.read(folder / name, as_version=4).cells
        for q in questions_for(lesson):
            if q.kind != "prose":
                continue
            i = next(k for k, c in enumerate(cells) if c.cell_type == "code" and c.source.strip() == f'check("{q.qid}")')
            prompt = cells[i - 2].source
            assert re.search(rf"at least {q.min_words} words", prompt), f"{name} {q.qid}: minimum not stated"


def test_timeline_q3_counts_only_events_wholly_after():
    """q3's key is the `after` column of knowable: events whose whole period begins after the first reading's latest date."""
    from aon.data import load_articles
    from aon.evidence import load_events
    from aon.lessons.lesson10_timeline import knowable, publication_windows

    events, articles = load_events(), load_articles()
    latest = publication_windows(articles)["latest"].iloc[0]
    q3 = {x.qid: x for x in questions_for("timeline")}["q3"]
    assert q3.expected() == int((events["date"] > latest).sum()) == int(knowable(events, articles)["after"].iloc[0])


def test_who_says_what_q5_a_pair_coded_alike_is_refused():
    """The gas contract's rows all carry one code now: a pair of them is about one event but does not differ."""
    q5 = {x.qid: x for x in questions_for("who-says-what")}["q5"]
    passed, message = judge(q5, ["baev-2019-07", "bear-dragon-nd-24"])
    assert not passed and "coded the same way" in message
    assert judge(q5, ["rusi-2022-08", "bear-dragon-nd-25"])[0]      # either order
    assert not judge(q5, ["bear-dragon-nd-01", "rusi-2022-08"])[0]  # same event, both ambiguous


def test_timeline_q4_key_follows_the_codes_and_every_wrong_letter_has_its_own_hint():
    """q4's key is read from the rows on the sanctions; each distractor gets a hint that does not name the key."""
    from aon.lessons.common import event_rows_on as _event_rows
    from aon.lessons.lesson10_timeline import SANCTIONS

    rows = _event_rows(SANCTIONS)
    assert set(rows["evidence_id"]) == {"bear-dragon-nd-01", "bear-dragon-nd-25", "rusi-2022-08"}
    q4 = {x.qid: x for x in questions_for("timeline")}["q4"]
    assert q4.expected() == "B"
    hints = set()
    for letter in "ACD":
        passed, message = judge(q4, letter)
        assert not passed and "B" not in message.replace("q4", "")
        hints.add(message)
    assert len(hints) == 3


def test_timeline_q6_counts_distinct_events_not_rows():
    """q6 wants nunique of the reading's event_key; count() (rows), all its rows, events.csv's mentions each get a hint."""
    from aon.evidence import load_evidence

    ev = load_evidence()
    keys = ev.loc[ev["article_id"] == "blank-2016", "event_key"]
    q6 = {x.qid: x for x in questions_for("timeline")}["q6"]
    assert q6.expected() == keys.nunique() < keys.count()
    passed, message = judge(q6, int(keys.count()))
    assert not passed and "distinct" in message
    passed, message = judge(q6, int((ev["article_id"] == "blank-2016").sum()))
    assert not passed and "every evidence row" in message
    passed, message = judge(q6, 999)
    assert not passed and "nunique" not in message and "distinct values" in message


def test_who_says_what_q6_counts_alliances_of_necessity_per_unit():
    """q6: alignment or alliance x shared_threat, per distinct event/claim; the common slips get their own hints."""
    from aon.codebook import distinct_units
    from aon.evidence import load_evidence

    ev = load_evidence()
    units = distinct_units(ev)
    side = ["alignment", "alliance"]
    expected = int((units["tie"].isin(side) & (units["driver"] == "shared_threat")).sum())
    per_row = int((ev["tie"].isin(side) & (ev["driver"] == "shared_threat")).sum())
    q6 = {x.qid: x for x in questions_for("who-says-what")}["q6"]
    assert q6.expected() == expected and expected != per_row
    assert judge(q6, expected)[0]
    passed, message = judge(q6, per_row)
    assert not passed and "counts evidence rows" in message
    passed, message = judge(q6, int(units["tie"].isin(side).sum()))
    assert not passed and "whatever its driver" in message
    passed, message = judge(q6, int((units["driver"] == "shared_threat").sum()))
    assert not passed and "at any tie level" in message
    passed, message = judge(q6, int(((units["tie"] == "alliance") & (units["driver"] == "shared_threat")).sum()))
    assert not passed and "one tie level only" in message


def test_timeline_q4_key_is_neither_the_longest_option_nor_the_only_hedged_one():
    """Issue 18: the correct option must not give itself away by its length or by being the only qualified one."""
    import re
    from pathlib import Path

    import nbformat

    cells = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" / "10_timeline.ipynb", as_version=4).cells
    prompt = next(c.source for c in cells if c.cell_type == "markdown" and c.source.startswith("**Question 4**"))
    options = dict(re.findall(r"^- \*\*([A-D])\.\*\* (.+)$", prompt, flags=re.M))
    q4 = {x.qid: x for x in questions_for("timeline")}["q4"]
    assert sorted(options) == q4.choices
    key = q4.expected()
    assert len(options[key]) < max(len(text) for letter, text in options.items() if letter != key) + 1
    hedges = re.compile(r"\b(may|might|probably|perhaps|some|often|likely)\b", re.I)
    hedged = {letter for letter, text in options.items() if hedges.search(text)}
    assert hedged != {key}
