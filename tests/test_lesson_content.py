"""The reading lessons' content files: per-row hints of evidence questions fit their keys."""
from __future__ import annotations

import pytest

from aon.checks import judge
from aon.data import article_ids
from aon.evidence import load_evidence
from aon.lessons import questions_for
from aon.lessons.reading import load_content

EVIDENCE = load_evidence()
CASES = [(a, item) for a in article_ids() for item in load_content(a).get("evidence_questions", [])]


@pytest.mark.parametrize("article_id, item", CASES, ids=[f"{a}-{item['qid']}" for a, item in CASES])
def test_row_hints_name_rows_of_this_reading_that_are_not_accepted(article_id, item):
    own = set(EVIDENCE.loc[EVIDENCE["article_id"] == article_id, "evidence_id"])
    assert set(item["accept"]) <= own
    for group in item.get("hints", []):
        assert set(group["ids"]) <= own, f"hint names rows that are not in {article_id}"
        assert not set(group["ids"]) & set(item["accept"]), "a row with its own hint is also accepted"


@pytest.mark.parametrize("article_id, item", CASES, ids=[f"{a}-{item['qid']}" for a, item in CASES])
def test_a_row_hint_is_given_for_its_rows(article_id, item):
    question = next(q for q in questions_for(article_id) if q.qid == item["qid"])
    for group in item.get("hints", []):
        for evidence_id in group["ids"]:
            passed, message = judge(question, evidence_id)
            assert not passed and group["hint"] in message
            assert not any(accepted in message for accepted in item["accept"])


def test_reading_lesson_setup_does_not_print_the_row_count():
    """The number of rows is question 1's answer: the setup cell must not print it before the question."""
    from aon.authoring.build import build_reading_lesson

    setup = next(c.source for c in build_reading_lesson("blank-2016").cells if c.cell_type == "code" and "check = checker(" in c.source)
    assert "len(ev)" not in setup


def test_the_exploration_does_not_print_question_1s_answer():
    """No cell before question 1 prints the number of rows (no len(ev), no margins total of a crosstab)."""
    from aon.authoring.build import build_reading_lesson

    cells = build_reading_lesson("rusi-2022").cells
    first = next(i for i, c in enumerate(cells) if c.cell_type == "code" and c.source.strip() == 'check("q1")')
    before = "\n".join(c.source for c in cells[:first] if c.cell_type == "code")
    assert "len(ev)" not in before and "margins" not in before and "ev.shape" not in before


def _content_with_row_hints(hints) -> dict:
    """blank-2016's content, its first evidence question's row hints replaced by ``hints``."""
    import copy

    content = copy.deepcopy(load_content("blank-2016"))
    content["evidence_questions"][0]["hints"] = hints
    return content


@pytest.mark.parametrize("hints, says", [
    ([{"rows": ["blank-2016-03"], "hint": "Look again."}], "no list 'ids'"),
    ([{"ids": ["blank-2016-03"]}], "no 'hint'"),
    ("Look again at the table.", "slip for 'hint'"),
    ([{"ids": "blank-2016-03", "hint": "Look again."}], "not a list"),
])
def test_a_malformed_row_hint_is_a_content_problem(hints, says):
    from aon.lessons.reading import content_problems

    problems = content_problems("blank-2016", _content_with_row_hints(hints))
    assert any(says in p and "[[evidence_questions.hints]]" in p for p in problems), problems


@pytest.mark.parametrize("table", ['ids = ["blank-2016-03"]', 'rows = ["blank-2016-03"]\nhint = "Look again."'])
def test_the_setup_cell_reports_a_malformed_row_hint_as_a_course_error(table, tmp_path, monkeypatch):
    """checker (the lesson's Setup cell) raised a raw KeyError on such a table."""
    from aon.errors import CourseError
    from aon.lessons import checker
    from aon.lessons import reading as questions

    path = tmp_path / "blank-2016.toml"
    path.write_text(questions.content_path("blank-2016").read_text(encoding="utf-8")
                    + f"\n[[evidence_questions.hints]]\n{table}\n", encoding="utf-8")
    monkeypatch.setattr(questions, "content_path", lambda article_id: path)
    with pytest.raises(CourseError, match=r"needs fixing[\s\S]*hints table number"):
        checker("blank-2016")


def test_a_choice_questions_hints_must_be_a_table_of_letters():
    import copy

    from aon.lessons.reading import content_problems

    content = copy.deepcopy(load_content("blank-2016"))
    content["choice_questions"][0]["hints"] = "Re-read the passage."
    assert any("'hints' should be a table of letter" in p for p in content_problems("blank-2016", content))
    content["choice_questions"][0]["hints"] = {"Z": "No such option."}
    assert any("'Z', not one of the choices" in p for p in content_problems("blank-2016", content))


def test_the_written_content_files_have_no_problems():
    from aon.lessons.reading import content_problems

    for article_id in article_ids():
        assert content_problems(article_id, load_content(article_id)) == []


def test_a_failed_cell_is_quoted_without_terminal_colour_codes(monkeypatch, tmp_path):
    import nbclient
    from nbclient.exceptions import CellExecutionError

    from aon.authoring.build import cell_error_summary, executed
    from aon.authoring.nbio import nbformat
    from aon.errors import CourseError

    traceback = "\x1b[31m---------\x1b[39m\n\x1b[31mKeyError\x1b[39m: 'ids'"
    error = CellExecutionError(traceback, "KeyError", "'ids'")
    assert cell_error_summary(error) == "KeyError: 'ids'"
    assert cell_error_summary(RuntimeError("line one\n\x1b[31mKeyError\x1b[39m: 'ids'\n")) == "KeyError: 'ids'"

    def fail(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(nbclient.NotebookClient, "execute", fail)
    with pytest.raises(CourseError) as raised:
        executed(nbformat.v4.new_notebook(), tmp_path, "05-x.ipynb")
    assert "KeyError: 'ids'" in str(raised.value) and "\x1b" not in str(raised.value)


@pytest.mark.parametrize("change, says", [
    (lambda c: c["choice_questions"][0].__setitem__("answer", ["A"]), "'answer' should be one letter"),
    (lambda c: c["choice_questions"][0].__setitem__("qid", ["q4"]), "'qid' should be text"),
    (lambda c: c["sections"][0].__setitem__("evidence", 3), "'evidence' should be a list"),
    (lambda c: c["evidence_questions"][0].__setitem__("accept", []), "'accept' is empty"),
])
def test_a_value_of_the_wrong_type_is_a_content_problem_not_a_crash(change, says):
    """Review: a list for an answer or a question id, or a number for a section's rows, raised a TypeError."""
    import copy

    from aon.lessons.reading import content_problems

    content = copy.deepcopy(load_content("blank-2016"))
    change(content)
    problems = content_problems("blank-2016", content)
    assert any(says in problem for problem in problems), problems


# ---------------------------------------------------------------- issue 18: questions that teach, not give away

STRONGEST = [(a, item) for a, item in CASES if "side" in item]


def test_every_reading_asks_for_the_strongest_evidence_for_the_other_side_by_the_one_rule():
    written = {a for a in article_ids() if load_content(a).get("evidence_questions")}   # a new reading may have none yet
    assert {a for a, _ in STRONGEST} == written


@pytest.mark.parametrize("article_id, item", STRONGEST, ids=[a for a, _ in STRONGEST])
def test_the_accepted_rows_are_the_ones_the_strongest_evidence_rule_picks(article_id, item):
    """Keys follow the written rule applied to the recoded rows; a recoding that changes them fails here."""
    from aon.lessons.reading import strongest_evidence_ids

    assert sorted(item["accept"]) == strongest_evidence_ids(article_id, item["side"])


@pytest.mark.parametrize("article_id, item", STRONGEST, ids=[a for a, _ in STRONGEST])
def test_every_other_row_of_the_reading_gets_a_hint_that_names_no_accepted_row(article_id, item):
    question = next(q for q in questions_for(article_id) if q.qid == item["qid"])
    for evidence_id in EVIDENCE.loc[EVIDENCE["article_id"] == article_id, "evidence_id"]:
        passed, message = judge(question, evidence_id, lesson=article_id)
        assert passed == (evidence_id in item["accept"]), evidence_id
        if not passed:
            assert not any(accepted in message for accepted in item["accept"]), message


def test_the_lesson_states_the_strongest_evidence_rule_with_the_question():
    from aon.authoring.build import build_reading_lesson
    from aon.lessons.reading import STRONGEST_EVIDENCE_RULE

    # the readings whose content file asks for the strongest evidence of a side (a reading without one has no such question)
    asking = [a for a in article_ids() if any(q.get("side") for q in load_content(a).get("evidence_questions", []))]
    assert asking
    for article_id in asking:
        cells = [c.source for c in build_reading_lesson(article_id).cells]
        assert sum(STRONGEST_EVIDENCE_RULE in c for c in cells) == 1, article_id


@pytest.mark.parametrize("article_id", [a for a in article_ids() if "summary" in load_content(a)])
def test_the_model_summary_is_one_sentence_of_at_most_40_words(article_id):
    import re

    ours = load_content(article_id)["summary"]["ours"].strip()
    assert len(ours.split()) <= 40, len(ours.split())
    assert ours.endswith(".") and not re.search(r"[.!?][”’\"]?\s+[A-Z]", ours[:-1]), ours


CHOICES = [(a, item) for a in article_ids() for item in load_content(a).get("choice_questions", [])]


def _strictly_longest(item) -> bool:
    lengths = {k: len(v) for k, v in item["choices"].items()}
    return lengths[item["answer"]] > max(v for k, v in lengths.items() if k != item["answer"])


def test_the_right_option_is_rarely_the_strictly_longest():
    """Issue 18: in 7 of 10 choice questions the right option was the longest; at most a third may be."""
    longest = [f"{a} {item['qid']}" for a, item in CHOICES if _strictly_longest(item)]
    assert len(longest) <= len(CHOICES) / 3, longest


@pytest.mark.parametrize("article_id, item", [c for c in CHOICES if c[1]["qid"] == "q5"], ids=[a for a, i in CHOICES if i["qid"] == "q5"])
def test_interpretation_options_are_of_similar_length_and_not_only_the_right_one_hedged(article_id, item):
    lengths = [len(v) for v in item["choices"].values()]
    assert not _strictly_longest(item) and max(lengths) <= 1.25 * min(lengths), lengths
    hedges = ("probably", "suggest", "little", "not yet", "in effect", "mainly", "some", "may", "largely")
    hedged = [k for k, v in item["choices"].items() if any(h in v.lower() for h in hedges)]
    assert item["answer"] not in hedged or set(hedged) - {item["answer"]}, "only the right option is qualified"


def test_lesson_01_explains_that_asymmetry_is_part_of_blanks_alliance_claim():
    from aon.authoring.build import build_reading_lesson

    rows = EVIDENCE.set_index("evidence_id")
    assert rows.loc["blank-2016-01", "claim_key"] == rows.loc["blank-2016-02", "claim_key"]
    assert rows.loc["blank-2016-02", "tie"] == "alliance" and rows.loc["blank-2016-02", "driver"] == "asymmetry_dependence"
    text = "\n".join(c.source for c in build_reading_lesson("blank-2016").cells if c.cell_type == "markdown")
    assert "Morrow" in text and "asymmetric alliances" in text and "`claim_key`" in text


def test_reading_lessons_show_tie_and_driver_per_row_and_per_event_or_claim():
    from aon.authoring.build import build_reading_lesson

    code = "\n".join(c.source for c in build_reading_lesson("rusi-2022").cells if c.cell_type == "code")
    for step in ("tie_categories(ev)", "value_counts(sort=False)", "pd.crosstab(tie, ev[\"driver\"]", "distinct_units(ev)",
                 "count_units(ev"):
        assert step in code, step
    text = "\n".join(c.source for c in build_reading_lesson("rusi-2022").cells if c.cell_type == "markdown")
    assert "four are sceptical of alliance" in text
