"""Points and hidden tests of exercise "ex03-ach" (instructor only; never released).

The ratings are the student's judgement: they are graded for completeness here and
argued in the justification (graded by a person). The computations are graded
against the student's OWN matrix, with the course's aon.ach functions.
"""
import html

import pandas as pd

from aon.ach import diagnosticity, inconsistency_scores
from aon.argument import prose_problems, reading_html
from aon.grading.checking import code, not_answered, str_list
from aon.grading.exercise_data import HYPOTHESES, ach_items, any_diagnostic
from aon.grading.spec import Criterion, Hidden, Manual


def _matrix(v):
    m = v["matrix"]
    return pd.DataFrame(m.values.tolist(), index=[str(i) for i in m.index], columns=[str(c) for c in m.columns])


def _valid(cell):
    return isinstance(cell, str) and cell.strip().upper() in ("C", "I", "N")


def q1(v):
    """Share of the matrix's cells rated C, I or N (the matrix must have the items and hypotheses)."""
    m = v["matrix"]
    items = ach_items()["evidence_id"].tolist()
    if not isinstance(m, pd.DataFrame) or sorted(map(str, m.index)) != sorted(items) \
            or sorted(map(str, m.columns)) != sorted(HYPOTHESES):
        return 0.0
    cells = m.values.ravel().tolist()
    if not any_diagnostic(m):
        return 0.0   # rated the same everywhere: complete in form, but it tells the hypotheses apart nowhere
    return sum(map(_valid, cells)) / len(cells)


def q2(v):
    """Partial credit: (diagnostic ids listed − other ids listed) / diagnostic ids, in any order.

    A matrix with no diagnostic item scores 0 here and in q3 and q4: their answers would be right by construction.
    """
    if not any_diagnostic(v["matrix"]):
        return 0.0
    diag = diagnosticity(_matrix(v))
    expected = set(diag[diag].index)
    answer = v["diagnostic_ids"]
    if not isinstance(answer, list) or str_list(answer) != answer:
        return 0.0
    listed = set(answer)
    if not expected:
        return float(not listed)
    return max(0.0, (len(listed & expected) - len(listed - expected)) / len(expected))


def q3(v):
    if not any_diagnostic(v["matrix"]):
        return 0.0
    expected = inconsistency_scores(_matrix(v)).to_dict()
    answer = v["scores"] if isinstance(v["scores"], dict) else {}
    return sum(1 for h, n in expected.items() if type(answer.get(h)) is int and answer[h] == n) / len(expected)


def q4(v):
    if not any_diagnostic(v["matrix"]):
        return 0.0
    scores = inconsistency_scores(_matrix(v))
    return float(code(v["best_hypothesis"]) in {h.lower() for h in scores[scores == scores.min()].index})


TESTS = {
    "q1": Hidden(3, q1),
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


def outline(values):
    """For graders: the student's matrix beside the items' quotes, and the computed answers."""
    esc = html.escape
    items = ach_items().set_index("evidence_id")
    m = values.get("matrix")
    parts = ["<h2>The student's matrix</h2>"]
    if isinstance(m, pd.DataFrame) and not not_answered(m):
        columns = [str(c) for c in m.columns]
        parts.append("<table><tr><th>evidence</th>" + "".join(f"<th>{esc(c)}</th>" for c in columns) + "</tr>")
        for row, ratings in zip(m.index, m.values.tolist()):
            quote = items.loc[str(row), "quote"] if str(row) in items.index else ""
            cells = "".join(f"<td>{esc(r.strip().upper()) if _valid(r) else '<i>(not answered)</i>' if not_answered(r) else esc(repr(r))}</td>"
                            for r in ratings)
            parts.append(f"<tr><td><code>{esc(str(row))}</code><br><small>{esc(str(quote))}</small></td>{cells}</tr>")
        parts.append("</table>")
    else:
        parts.append("<p><i>(not answered)</i></p>")
    for name, label in (("diagnostic_ids", "Diagnostic items"), ("scores", "Inconsistency scores"),
                        ("best_hypothesis", "Hypothesis that survives best")):
        value = values.get(name)
        shown = "<i>(not answered)</i>" if not_answered(value) else f"<code>{esc(str(value))}</code>"
        parts.append(f"<p><b>{label}:</b> {shown}</p>")
    justification = values.get("justification")
    if isinstance(justification, str) and not not_answered(justification):
        parts.append(reading_html("Automatic reading of Q5", prose_problems(justification, "justification", 80,
                                                                           prefer_ids=items.index.tolist())))
    parts.append("<p>The justification (Q5) is below, with the rubric.</p>")
    return "\n".join(parts)
