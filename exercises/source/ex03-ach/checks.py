"""Visible checks of exercise "ex03-ach" (shipped to students: no answers here)."""
from aon.grading.checking import expect_dict, expect_frame, expect_id_list, expect_text, not_answered
from aon.grading.exercise_data import HYPOTHESES, ach_items
from aon.grading.spec import Check


def _items():
    return ach_items()["evidence_id"].tolist()


def q1(v):
    m = v["matrix"]
    problem = expect_frame(m, "matrix", index=_items(), columns=HYPOTHESES)
    if problem:
        return problem
    for row in m.index:
        for col in m.columns:
            cell = m.loc[row, col]
            if not_answered(cell):
                return f"the rating for {row} under {col} is not answered yet: replace its ... with \"C\", \"I\" or \"N\"."
            if not isinstance(cell, str) or cell.strip().upper() not in ("C", "I", "N"):
                return f"rating for {row} under {col} is {cell!r}: use \"C\", \"I\" or \"N\"."
    return None


CHECKS = {
    "q1": Check(["matrix"], q1, "the filled matrix"),
    "q2": Check(["matrix", "diagnostic_ids"], lambda v: expect_id_list(v["diagnostic_ids"], "diagnostic_ids", _items(), at_least=0),
                "the diagnostic evidence"),
    "q3": Check(["matrix", "scores"], lambda v: expect_dict(v["scores"], "scores", HYPOTHESES, value_kind=int),
                "inconsistency score per hypothesis"),
    "q4": Check(["matrix", "best_hypothesis"], lambda v: expect_text(v["best_hypothesis"], "best_hypothesis", HYPOTHESES),
                "the hypothesis that survives best"),
    "q5": Check(["justification"], lambda v: expect_text(v["justification"], "justification", min_words=80),
                "justify the ratings and the conclusion", manual=True),
}
