"""The reading lessons' content files: per-row hints of evidence questions fit their keys."""
from __future__ import annotations

import pytest

from aon.checks import judge
from aon.data import article_ids
from aon.evidence import load_evidence
from aon.questions import load_content, questions_for

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
    from aon.lessons import build_reading_lesson

    setup = next(c.source for c in build_reading_lesson("blank-2016").cells if c.cell_type == "code" and "Checker.for_lesson" in c.source)
    assert "len(ev)" not in setup
