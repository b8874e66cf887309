"""Visible checks of exercise "ex04-capstone" (shipped to students: no answers here).

They check the structure of the argument and warn where its substance does not hold: evidence on
the wrong side of the thesis, rebuttals that do not engage their counter-evidence, an argument that
is not prose of your own. The rules and thresholds are in the rubric at the end of the notebook and
in :mod:`aon.argument`; the prose is read by a person.
"""
from aon.argument import (
    argument_problems,
    quote_in_passage,
    rebuttal_problems,
    side_problems,
    thesis_code,
    thesis_name_problem,
    thesis_problem,
)
from aon.data import article_text, load_table
from aon.grading.checking import expect_id_list, not_answered, problems
from aon.grading.spec import Check


def evidence():
    return load_table("evidence").set_index("evidence_id")


def q1(v):
    if not_answered(v["thesis"]):
        return "`thesis` is not answered yet."
    return thesis_problem(v["thesis"])


def q2(v):
    """Every problem at once: each list's own (count, repeats, ids that do not exist), ids on both sides, readings,
    evidence on the wrong side of the thesis."""
    ev = evidence()
    ids = ev.index.tolist()
    found = [expect_id_list(v["evidence_for"], "evidence_for", ids, at_least=3),
             expect_id_list(v["evidence_against"], "evidence_against", ids, at_least=2)]
    lists = [x for x in (v["evidence_for"], v["evidence_against"]) if isinstance(x, list)]
    if len(lists) == 2 and all(isinstance(i, str) for x in lists for i in x):
        both = sorted(set(lists[0]) & set(lists[1]))
        if both:
            found.append(f"{', '.join(both[:4])} {'is' if len(both) == 1 else 'are'} both for and against: decide which side")
        if thesis_code(v.get("thesis")) is None:
            found.append("evidence counts by its side of your thesis: store a thesis the exercise knows in `thesis` (Q1) first")
        found += side_problems(v.get("thesis"), lists[0], lists[1], ev)
    cited = [i for x in lists if all(isinstance(j, str) for j in x) for i in x if i in ev.index]
    readings = ev.loc[cited, "article_id"].nunique()
    if cited and readings < 3:
        found.append(f"your evidence that exists comes from {readings} reading(s); draw on at least three")
    return problems([f.rstrip(".") for f in found if f])


def q3(v):
    against, rebuttals = v["evidence_against"], v["rebuttals"]
    if not_answered(rebuttals):
        return "`rebuttals` is not answered yet."
    if not isinstance(rebuttals, dict):
        return "`rebuttals` should be a dictionary {evidence id: your rebuttal}."
    if not isinstance(against, list):
        return "answer `evidence_against` first."
    items = [item for item in dict.fromkeys(against) if isinstance(item, str)]
    short = [item for item in items if not isinstance(rebuttals.get(item), str) or not_answered(rebuttals[item])]
    found = []
    if short:
        found.append(f"counter-evidence {', '.join(map(str, short[:4]))}{' and more' if len(short) > 4 else ''} "
                     f"{'needs a rebuttal' if len(short) == 1 else 'each need a rebuttal'} of at least 15 words in `rebuttals`")
    for item in items:
        if item not in short:
            found += rebuttal_problems(item, rebuttals[item], rebuttals)
    return problems(found)


def _quote_cause(article_id, text):
    """Why a quote is not verbatim: in the text with other quotation marks, dashes, capitals or spacing, or not there."""
    from aon.locate import locate

    return ("there with different quotation marks, apostrophes, dashes, capitals or spacing "
            "(straight ' \" versus curly ‘ ’ “ ”, or a double space)" if locate(article_id, text) else
            "not there even allowing for quotation marks, dashes, capitals and spacing: check the id and the words")


def _quote_hint(key, article_id, text, others=()):
    """Why the quotes are not verbatim (each named), and how to find the exact words (said once)."""
    named = [f"the quote for {key} is not verbatim in {article_id}: it is {_quote_cause(article_id, text)}"]
    named += [f"the quote for {k} is not verbatim in {a}: it is {_quote_cause(a, t)}" for k, a, t in others]
    return ("; ".join(named) + f". Copy each exactly from the evidence table or data/articles/<reading>.txt. To see where "
            f"it differs, run in a terminal `aon locate {article_id} \"the quote\"`, or in the notebook "
            f"`from aon.locate import describe_location; print(describe_location(\"{article_id}\", quotes[\"{key}\"])[1])`.")


def q4(v):
    quotes = v["quotes"]
    if not_answered(quotes):
        return "`quotes` is not answered yet."
    cited = set(v["evidence_for"] or []) | set(v["evidence_against"] or []) if isinstance(v["evidence_for"], list) and isinstance(v["evidence_against"], list) else set()
    if not isinstance(quotes, dict) or len(quotes) < 2:
        return "`quotes` should be a dictionary {evidence id: the words you quote} with at least two quotations."
    ev = evidence()
    found, not_verbatim = [], []
    for key, text in quotes.items():
        if key not in cited:
            found.append(f"quote key {key!r} is not one of your cited evidence ids")
        elif not isinstance(text, str) or len(text.split()) < 4:
            found.append(f"the quote for {key} should be at least four words of text")
        elif key in ev.index and text not in article_text(ev.loc[key, "article_id"]):
            not_verbatim.append((key, ev.loc[key, "article_id"], text))
        elif key in ev.index and not quote_in_passage(text, ev.loc[key], article_text(ev.loc[key, "article_id"])):
            found.append(f"the quote for {key} is in its article, but not in the passage of {key}: quote the words of that "
                         "evidence row (its `quote` column shows them), not another sentence of the article")
    if not_verbatim:
        found.append(_quote_hint(*not_verbatim[0], others=not_verbatim[1:]))
    return problems(found)


def q5(v):
    """The argument is prose of your own; with the lists (in the notebook) it cites the ids listed in Q2."""
    argument = v["argument"]
    if not_answered(argument):
        return "`argument` is not answered yet."
    rebuttals = v.get("rebuttals")
    others = [t for t in rebuttals.values() if isinstance(t, str)] if isinstance(rebuttals, dict) else []
    named = thesis_name_problem(argument, v.get("thesis"))
    return problems(argument_problems(argument, 300, v.get("evidence_for"), v.get("evidence_against"), others)
                    + ([named] if named else []))


CHECKS = {
    "q1": Check(["thesis"], q1, "your thesis"),
    "q2": Check(["evidence_for", "evidence_against", "thesis"], q2, "evidence for and against"),
    "q3": Check(["evidence_against", "rebuttals"], q3, "rebuttals of the counter-evidence"),
    "q4": Check(["evidence_for", "evidence_against", "quotes"], q4, "verbatim quotations"),
    "q5": Check(["argument"], q5, "the written argument", manual=True,
                context=["thesis", "evidence_for", "evidence_against", "rebuttals"]),
}
