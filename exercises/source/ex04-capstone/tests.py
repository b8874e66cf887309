"""Points and hidden tests of exercise "ex04-capstone" (instructor only; never released).

Automatic points cover the structure and what can be read of the substance: a thesis the exercise
knows (Q1), evidence that exists, from three readings, on the right side of the thesis (Q2),
rebuttals that engage their counter-evidence (Q3), verbatim quotes (Q4). The rules and thresholds
are in :mod:`aon.argument` and in the notebook's rubric section. The argument is graded by a person
with the rubric below, written in the spirit of the AAC&U VALUE rubric for critical thinking (its
five dimensions, four levels: 4 capstone, 3 and 2 milestones, 1 benchmark). Graders see the cited
outline and the automatic reading of the argument (:func:`outline`) next to the prose in the HTML
export. The tests also run when the visible check fails (partial credit), so each accepts any
value: an unanswered list counts as empty, an item that is not text as an id that does not exist.
"""
from aon.argument import quote_in_passage, rebuttal_problems, side_score, thesis_code
from aon.data import article_text, load_table
from aon.grading.checking import not_answered, str_list
from aon.grading.exercise_data import automatic_reading, outline_html
from aon.grading.spec import Criterion, Hidden, Manual


def _ev():
    return load_table("evidence").set_index("evidence_id")


def _ids(value):
    """A list's items, with anything that is not text replaced by a marker that is never an id."""
    return [i if isinstance(i, str) else "(not an id)" for i in value] if isinstance(value, list) else []


def q2(v):
    """A third each for ids that exist, three readings, sizes with no id on both sides; all times the share of
    the evidence on its right side of the thesis (evidence all on the wrong side earns nothing)."""
    ev = _ev()
    if any(not isinstance(v[k], list) and not not_answered(v[k]) for k in ("evidence_for", "evidence_against")):
        return 0.0   # not a list (text, a dict ...): unusable
    for_, against = _ids(v["evidence_for"]), _ids(v["evidence_against"])
    cited = for_ + against
    exist = bool(cited) and all(i in ev.index for i in cited)
    readings = ev.loc[[i for i in cited if i in ev.index], "article_id"].nunique()
    disjoint = not (set(for_) & set(against))
    sizes = len(set(for_)) >= 3 and len(set(against)) >= 2
    return (exist + (readings >= 3) + (disjoint and sizes)) / 3 * side_score(v["thesis"], for_, against, ev)


def q3(v):
    """The share of the counter-evidence whose rebuttal engages it (names or quotes it, 15+ words, 8+ different, its own text)."""
    against = list(dict.fromkeys(str_list(v["evidence_against"])))
    rebuttals = v["rebuttals"] if isinstance(v["rebuttals"], dict) else {}
    if not against:
        return 0.0
    good = sum(1 for i in against if isinstance(rebuttals.get(i), str) and not rebuttal_problems(i, rebuttals[i], rebuttals))
    return good / len(against)
def q4(v):
    ev = _ev()
    cited = set(str_list(v["evidence_for"])) | set(str_list(v["evidence_against"]))
    quotes = v["quotes"] if isinstance(v["quotes"], dict) else {}
    if not quotes:
        return 0.0
    good = sum(1 for k, text in quotes.items() if k in cited and k in ev.index and isinstance(text, str)
               and len(text.split()) >= 4 and quote_in_passage(text, ev.loc[k], article_text(ev.loc[k, "article_id"])))
    return min(good, 2) / 2 if good == len(quotes) else 0.5 * min(good, 2) / 2


TESTS = {
    "q1": Hidden(1, lambda v: float(thesis_code(v["thesis"]) is not None)),
    "q2": Hidden(3, q2),
    "q3": Hidden(2, q3),
    "q4": Hidden(2, q4),
}
RUBRIC = [
    Criterion("Explanation of the issue", [
        "states the question (alliance or necessity) precisely, with the definitions it turns on (ATOP, COW, axis of convenience)",
        "states the question and most of what it turns on", "states the question, leaving key terms undefined",
        "the question is unstated or confused"]),
    Criterion("Evidence", [
        "selects and interprets evidence from several readings, weighing the kind of each item (event, statement, judgement)",
        "uses relevant evidence with some interpretation", "evidence is listed more than interpreted",
        "evidence is missing or taken at face value"]),
    Criterion("Context and assumptions", [
        "examines the authors' positions, dates and assumptions, and the student's own",
        "notes some authors' assumptions or dates", "aware that the readings have assumptions, without examining them",
        "no awareness of context or assumptions"]),
    Criterion("Position and counter-evidence", [
        "a clear, qualified thesis that takes on the strongest counter-evidence and shows why it does not decide the case",
        "a clear thesis that addresses counter-evidence", "a thesis that mentions counter-evidence without answering it",
        "no clear position, or counter-evidence ignored"]),
    Criterion("Conclusions and implications", [
        "conclusion follows from the evidence and states what would change it (what to watch for)",
        "conclusion follows from the evidence", "conclusion loosely tied to the evidence", "conclusion unsupported or absent"]),
]
MANUAL = {"q5": Manual(12, rubric=RUBRIC, title="the written argument")}


def outline(values):
    """The cited outline shown to graders above the argument, then what the automatic reading found."""
    return outline_html(values) + automatic_reading(values)
