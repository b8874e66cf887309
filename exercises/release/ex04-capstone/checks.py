"""Visible checks of exercise "ex04-capstone" (shipped to students: no answers here).

They check the structure of the argument; the prose is read by a person.
"""
from aon.data import article_text, load_table
from aon.grading.checking import expect_id_list, expect_text, not_answered
from aon.grading.exercise_data import THESES
from aon.grading.spec import Check


def evidence():
    return load_table("evidence").set_index("evidence_id")


def q2(v):
    ids = evidence().index.tolist()
    problem = (expect_id_list(v["evidence_for"], "evidence_for", ids, at_least=3)
               or expect_id_list(v["evidence_against"], "evidence_against", ids, at_least=2))
    if problem:
        return problem
    both = set(v["evidence_for"]) & set(v["evidence_against"])
    if both:
        return f"{sorted(both)[0]} is both for and against: decide which side it is on."
    readings = evidence().loc[v["evidence_for"] + v["evidence_against"], "article_id"].nunique()
    if readings < 3:
        return f"your evidence comes from {readings} reading(s); draw on at least three."
    return None


def q3(v):
    against, rebuttals = v["evidence_against"], v["rebuttals"]
    if not_answered(rebuttals):
        return "`rebuttals` is not answered yet."
    if not isinstance(rebuttals, dict):
        return "`rebuttals` should be a dictionary {evidence id: your rebuttal}."
    if not isinstance(against, list):
        return "answer `evidence_against` first."
    for item in against:
        text = rebuttals.get(item)
        if not isinstance(text, str) or len(text.split()) < 15:
            return f"counter-evidence {item} needs a rebuttal of at least 15 words in `rebuttals`."
    return None


def _quote_hint(key, article_id, text):
    """Why a quote is not verbatim, and how to find the exact words."""
    from aon.locate import locate

    near = locate(article_id, text)
    cause = ("it is there with different quotation marks, apostrophes, dashes, capitals or spacing "
             "(straight ' \" versus curly ‘ ’ “ ”, or a double space)" if near else
             "it is not there even allowing for quotation marks, dashes, capitals and spacing: check the id and the words")
    return (f"the quote for {key} is not verbatim in {article_id}: {cause}. Copy it exactly from the evidence table or "
            f"data/articles/{article_id}.txt. To see where it differs, run in a terminal "
            f"`aon locate {article_id} \"the quote\"`, or in the notebook "
            f"`from aon.locate import describe_location; print(describe_location(\"{article_id}\", quotes[\"{key}\"])[1])`.")


def q4(v):
    quotes = v["quotes"]
    if not_answered(quotes):
        return "`quotes` is not answered yet."
    cited = set(v["evidence_for"] or []) | set(v["evidence_against"] or []) if isinstance(v["evidence_for"], list) and isinstance(v["evidence_against"], list) else set()
    if not isinstance(quotes, dict) or len(quotes) < 2:
        return "`quotes` should be a dictionary {evidence id: the words you quote} with at least two quotations."
    ev = evidence()
    for key, text in quotes.items():
        if key not in cited:
            return f"quote key {key!r} is not one of your cited evidence ids."
        if not isinstance(text, str) or len(text.split()) < 4:
            return f"the quote for {key} should be at least four words of text."
        if text not in article_text(ev.loc[key, "article_id"]):
            return _quote_hint(key, ev.loc[key, "article_id"], text)
    return None


CHECKS = {
    "q1": Check(["thesis"], lambda v: expect_text(v["thesis"], "thesis", THESES), "your thesis"),
    "q2": Check(["evidence_for", "evidence_against"], q2, "evidence for and against"),
    "q3": Check(["evidence_against", "rebuttals"], q3, "rebuttals of the counter-evidence"),
    "q4": Check(["evidence_for", "evidence_against", "quotes"], q4, "verbatim quotations"),
    "q5": Check(["argument"], lambda v: expect_text(v["argument"], "argument", min_words=300), "the written argument", manual=True),
}
