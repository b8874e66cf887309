"""Points and hidden tests of exercise "ex03-ach" (instructor only; never released).

The ratings are the student's judgement: they are graded for completeness here and
argued in the justification (graded by a person). The computations are graded
against the student's OWN matrix, with the course's aon.ach functions.
"""
import pandas as pd

from aon.ach import diagnosticity, inconsistency_scores
from aon.grading.spec import Criterion, Hidden, Manual


def _matrix(v):
    m = v["matrix"]
    return pd.DataFrame(m.values.tolist(), index=[str(i) for i in m.index], columns=[str(c) for c in m.columns])


def q2(v):
    diag = diagnosticity(_matrix(v))
    return float(sorted(v["diagnostic_ids"]) == sorted(diag[diag].index))


def q3(v):
    expected = inconsistency_scores(_matrix(v)).to_dict()
    return sum(1 for h, n in expected.items() if type(v["scores"].get(h)) is int and v["scores"][h] == n) / len(expected)


def q4(v):
    scores = inconsistency_scores(_matrix(v))
    return float(v["best_hypothesis"].strip() in set(scores[scores == scores.min()].index))


TESTS = {
    "q1": Hidden(3, lambda v: 1.0),   # the visible check already requires a complete, valid matrix
    "q2": Hidden(2, q2),
    "q3": Hidden(2, q3),
    "q4": Hidden(1, q4),
}
MANUAL = {
    "q5": Manual(4, title="justify the ratings and the conclusion", rubric=[
        Criterion("Ratings argued from the text", ["every contested rating is tied to the words of its quote",
                                                   "most ratings are argued", "a few ratings are argued", "ratings asserted only"]),
        Criterion("Diagnosticity used", ["explains which items decide between hypotheses and why the others do not",
                                         "names the diagnostic items", "mentions diagnosticity without using it",
                                         "not used"]),
        Criterion("Conclusion and its limits", ["conclusion follows from the inconsistencies and states what would change it",
                                                "conclusion follows, limits not stated", "conclusion loosely connected",
                                                "no conclusion"]),
    ]),
}
