"""Every check of lessons 13-15: a right answer passes, a likely mistake gets its hint (never the answer),
an empty answer is 'not answered yet', and the wrong type says what type is expected."""
from __future__ import annotations

import pytest

from aon.checks import judge
from aon.questions import questions_for

# lesson -> qid -> (right answer, [(wrong answer, words its hint must contain)], wrong-type answer)
CASES = {
    "claims-against-data": {
        "q1": (-28.7, [(28.7, "wrong sign"), (-0.287, "fraction")], "-28.7"),
        "q2": (68.9, [(64.2, "prints"), (5.0, "level")], "68.9"),
        "q3": (10.9, [(11, "rounded"), (21.2, "imports")], "10.9"),
        "q4": (25.3, [(23.3, "mean of the yearly shares"), (0.253, "fraction")], "25.3"),
        "q5": (2015, [(2014, "two readings"), (2018, "delivery")], "2015"),
        "q6": ("B", [("A", "error"), ("D", "Rounding")], 2),
    },
    "after-2022": {
        "q1": (82, [(154, "every evidence row"), (21, "forecasts only")], "82"),
        "q2": (3.0, [(20.7, "ratio"), (0.33, "wrong way")], "3"),
        "q3": (67, [(1.67, "ratio"), (-40, "positive")], "67%"),
        "q4": (4, [(32, "dated 2022"), (1, "more than that")], 4.5),
        "q5": ("C", [("A", "flourish"), ("D", "narrow")], 3),
        "q6": ("A", [("B", "not necessarily wrong"), ("C", "More data")], ["A"]),
    },
    "coding-reliability": {
        "q1": (0.4, [(0.7, "p_o"), (0.5, "p_e")], "0.4"),
        "q2": (0.85, [(85, "percentage"), (0.73, "kappa")], "0.85"),
        "q3": (0.73, [(0.85, "plain share"), (0.87, "theme")], "0.73"),
        "q4": ("A", [("B", "every code"), ("D", "supports codes")], 1),
        "q5": ("ambiguous", [("necessity", "off-diagonal")], 3),
        "q6": ("C", [("A", "p_e"), ("D", "blind")], True),
    },
}


def _question(lesson, qid):
    return {q.qid: q for q in questions_for(lesson)}[qid]


@pytest.mark.parametrize("lesson,qid", [(lesson, qid) for lesson, qs in CASES.items() for qid in qs])
def test_check_right_wrong_empty_and_type(lesson, qid):
    question = _question(lesson, qid)
    right, wrongs, wrong_type = CASES[lesson][qid]
    passed, message = judge(question, right)
    assert passed, message
    for wrong, words in wrongs:
        passed, message = judge(question, wrong)
        assert not passed and words in message, (wrong, message)
        assert str(right) not in message.split(":", 1)[1].replace(str(wrong), "")  # the hint never gives the answer
    passed, message = judge(question, ...)
    assert not passed and "not answered yet" in message
    passed, message = judge(question, wrong_type)
    assert not passed and ("should be" in message or "choose one of" in message or "not a supports code" in message), message


@pytest.mark.parametrize("lesson", list(CASES))
def test_open_question_needs_words(lesson):
    question = _question(lesson, "q7")
    assert question.kind == "prose"
    assert not judge(question, "too short")[0]
    assert judge(question, " ".join(["word"] * question.min_words))[0]
    assert "not answered yet" in judge(question, '\n...\n')[1]


def test_every_lesson_has_seven_questions_of_mixed_kinds():
    for lesson in CASES:
        kinds = {q.kind for q in questions_for(lesson)}
        assert len(questions_for(lesson)) == 7 and "prose" in kinds and len(kinds) >= 3
