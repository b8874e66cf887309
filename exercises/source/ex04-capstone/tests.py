"""Points and hidden tests of exercise "ex04-capstone" (instructor only; never released).

Automatic points cover the structure only (thesis, evidence, rebuttals, verbatim
quotes); the argument is graded by a person with the rubric below, written in the
spirit of the AAC&U VALUE rubric for critical thinking (its five dimensions, four
levels: 4 capstone, 3 and 2 milestones, 1 benchmark). Graders see the cited outline
(:func:`outline`) next to the prose in the HTML export.
"""
from aon.data import article_text, load_table
from aon.grading.exercise_data import THESES, outline_html
from aon.grading.spec import Criterion, Hidden, Manual


def _ev():
    return load_table("evidence").set_index("evidence_id")


def q2(v):
    ev = _ev()
    cited = list(v["evidence_for"]) + list(v["evidence_against"])
    exist = all(i in ev.index for i in cited)
    readings = ev.loc[[i for i in cited if i in ev.index], "article_id"].nunique()
    disjoint = not (set(v["evidence_for"]) & set(v["evidence_against"]))
    sizes = len(set(v["evidence_for"])) >= 3 and len(set(v["evidence_against"])) >= 2
    return (exist + (readings >= 3) + (disjoint and sizes)) / 3


def q3(v):
    against = v["evidence_against"]
    if not against:
        return 0.0
    good = sum(1 for i in against if isinstance(v["rebuttals"].get(i), str) and len(v["rebuttals"][i].split()) >= 15)
    return good / len(against)


def q4(v):
    ev = _ev()
    cited = set(v["evidence_for"]) | set(v["evidence_against"])
    quotes = v["quotes"]
    good = sum(1 for k, text in quotes.items() if k in cited and k in ev.index and isinstance(text, str)
               and len(text.split()) >= 4 and text in article_text(ev.loc[k, "article_id"]))
    return min(good, 2) / 2 if good == len(quotes) else 0.5 * min(good, 2) / 2


TESTS = {
    "q1": Hidden(1, lambda v: float(v["thesis"].strip() in THESES)),
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
    """The cited outline shown to graders above the argument."""
    return outline_html(values)
