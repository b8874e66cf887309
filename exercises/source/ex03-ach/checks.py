"""Visible checks of exercise "ex03-ach" (shipped to students: no answers here)."""
from aon.argument import prose_problems
from aon.grading.checking import (
    expect_dict,
    expect_frame,
    expect_id_list,
    expect_text,
    not_answered,
    problems,
)
from aon.grading.exercise_data import HYPOTHESES, ach_items, any_diagnostic
from aon.grading.spec import Check


def _items():
    return ach_items()["evidence_id"].tolist()


def q1(v):
    m = v["matrix"]
    problem = expect_frame(m, "matrix", index=_items(), columns=HYPOTHESES)
    if problem:
        return problem
    blank, wrong = [], []
    for row in m.index:
        for col in m.columns:
            cell = m.loc[row, col]
            if not_answered(cell):
                blank.append(f"{row} under {col}")
            elif not isinstance(cell, str) or cell.strip().upper() not in ("C", "I", "N"):
                wrong.append(f"{row} under {col} is {cell!r}")
    found = []
    if blank:
        found.append(f"the rating for {blank[0]} is not answered yet" if len(blank) == 1 else
                     f"{len(blank)} ratings are not answered yet ({', '.join(blank[:3])}{' ...' if len(blank) > 3 else ''})")
        found[-1] += ": replace each ... with \"C\", \"I\" or \"N\""
    if wrong:
        found.append(f"rating{'s' if len(wrong) > 1 else ''} {', '.join(wrong[:3])}{' ...' if len(wrong) > 3 else ''}: "
                     "use \"C\", \"I\" or \"N\"")
    if not blank and not wrong and not any_diagnostic(m):
        found.append("every item is rated the same under all three hypotheses, so the matrix tells them apart nowhere: "
                     "rate each item against each hypothesis on its own (is it what you would expect if that hypothesis "
                     "were true?)")
    return problems(found)


def q5(v):
    """The justification is prose of your own; every evidence id it cites exists (the rules of aon.argument)."""
    if not_answered(v["justification"]):
        return "`justification` is not answered yet."
    return problems(prose_problems(v["justification"], "justification", 80, prefer_ids=_items()))


CHECKS = {
    "q1": Check(["matrix"], q1, "the filled matrix"),
    "q2": Check(["matrix", "diagnostic_ids"], lambda v: expect_id_list(v["diagnostic_ids"], "diagnostic_ids", _items(), at_least=0),
                "the diagnostic evidence"),
    "q3": Check(["matrix", "scores"], lambda v: expect_dict(v["scores"], "scores", HYPOTHESES, value_kind=int),
                "inconsistency score per hypothesis"),
    "q4": Check(["matrix", "best_hypothesis"], lambda v: expect_text(v["best_hypothesis"], "best_hypothesis", HYPOTHESES),
                "the hypothesis that survives best"),
    "q5": Check(["justification"], q5, "justify the ratings and the conclusion", manual=True),
}
