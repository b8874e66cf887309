"""Material the exercises show students (public: no keys here).

- :func:`coding_passages`: passages for the coding exercise, cut from the readings
  by offsets (the key is in the exercise's hidden tests);
- :func:`ach_items`: the evidence items of the ACH exercise, distinct events or claims chosen
  from the evidence table by a fixed rule (spread over the readings and the tie levels);
- :func:`outline_html` / :func:`outline_markdown`: the capstone's cited outline.
"""
from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ..argument import (
    argument_problems,
    evidence_fits_thesis,
    reading_html,
    rebuttal_problems,
    thesis_code,
    thesis_name_problem,
)
from ..codebook import HYPOTHESES as CODEBOOK_HYPOTHESES
from ..codebook import distinct_units, tie_levels
from ..data import article_text, load_table
from .checking import not_answered, str_list
from .values import UNANSWERED, is_blank

# (passage id, article id, start, end): sentences that are not rows of the evidence table.
PASSAGES = [
    ("P1", "blank-2016", 4112, 4180),
    ("P2", "blank-2016", 6922, 7112),
    ("P3", "baev-2019", 3369, 3530),
    ("P4", "bear-dragon-nd", 6441, 6601),
    ("P5", "bear-dragon-nd", 11679, 11812),
    ("P6", "baev-2021", 8252, 8431),
    ("P7", "rusi-2022", 1242, 1418),
    ("P8", "rusi-2022", 7381, 7552),
]
#: The exercise's hypotheses: the codebook's three answers (aon.codebook.HYPOTHESES), in the order of the tie scale.
HYPOTHESES = list(CODEBOOK_HYPOTHESES)
THESES = list(CODEBOOK_HYPOTHESES)

# The tie levels the ACH items are drawn from, one item each (None: level not shown, twice, so that the matrix
# has non-diagnostic items to find). One item per level gives each hypothesis the same number of I's under
# aon.codebook.CONSISTENCY (the model ratings), so the choice of items favours no hypothesis: the student's own
# ratings, argued in Q5, decide.
def ach_levels() -> list[str | None]:
    """The tie levels of the ACH items, strongest first, then None twice (read from the codebook on first use)."""
    return [*reversed(tie_levels()), None, None]

#: Evidence types the ACH items are drawn from, in order of preference (events and documents before judgements).
ACH_TYPES = ["event", "statement", "judgement"]


def coding_passages() -> dict[str, dict[str, Any]]:
    """Return {passage id: {article_id, start, end, text}} for the coding exercise."""
    return {pid: {"article_id": art, "start": s, "end": e, "text": article_text(art)[s:e].strip()} for pid, art, s, e in PASSAGES}


def ach_items() -> pd.DataFrame:
    """Return the ACH exercise's evidence: one distinct event or claim per entry of :func:`ach_levels`.

    Candidates are the distinct events and claims of each reading (:func:`aon.codebook.distinct_units`) that
    stand for one evidence row only (so the quote is the whole item), at that tie level, of a type in
    :data:`ACH_TYPES`, with a quote of at most 250 characters. Events come before statements, statements before
    judgements, then evidence ids in order; a reading not used yet is preferred, so the items spread over the
    readings. Columns: evidence_id, article_id, quote.
    """
    ev = load_table("evidence")
    units = distinct_units(ev)
    single = units[(units["rows"] == 1) & ~units["mixed"]]
    rows = ev.set_index("evidence_id").loc[single["evidence_ids"]].reset_index()
    rows = rows[rows["evidence_type"].isin(ACH_TYPES) & (rows["quote"].str.len() <= 250)]
    rows = rows.assign(_type=rows["evidence_type"].map(ACH_TYPES.index)).sort_values(["_type", "evidence_id"])
    chosen: list[pd.Series] = []
    used: set[str] = set()
    for level in ach_levels():
        at_level = rows[rows["tie"].isna()] if level is None else rows[rows["tie"] == level]
        at_level = at_level[~at_level["evidence_id"].isin([r["evidence_id"] for r in chosen])]
        fresh = at_level[~at_level["article_id"].isin(used)]
        pick = (fresh if len(fresh) else at_level).iloc[0]
        used.add(pick["article_id"])
        chosen.append(pick)
    return pd.DataFrame(chosen)[["evidence_id", "article_id", "quote"]].reset_index(drop=True)


def _lookup() -> pd.DataFrame:
    return load_table("evidence").set_index("evidence_id")


NOT_ANSWERED = "(not answered)"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Untouched starters (``...``, ``[...]``, ``{...}``, ``"..."``) become None, whatever side they come from."""
    def blank(v: Any) -> bool:
        return v is Ellipsis or v is UNANSWERED or is_blank(v) or (
            isinstance(v, (list, set, dict)) and bool(v) and all(blank(x) for x in (v.values() if isinstance(v, dict) else v)))
    return {k: (None if blank(v) else v) for k, v in values.items()}


def _text(value: Any) -> str:
    return NOT_ANSWERED if value is None else str(value)


def outline_markdown(values: dict[str, Any]) -> str:
    """The capstone's cited outline as Markdown (for the student's notebook)."""
    ev = _lookup()
    values = _clean(values)
    lines = [f"**Thesis:** {_text(values.get('thesis'))}", "", "**For:**"]

    def item(i: str) -> str:
        if i in ev.index:
            row = ev.loc[i]
            return f"- `{i}` ({row['article_id']}): “{row['quote']}”"
        return f"- `{i}` (unknown id)"
    for_ = values.get("evidence_for")
    lines += [item(i) for i in for_ if isinstance(i, str)] if isinstance(for_, list) else [f"- {NOT_ANSWERED}"]
    lines += ["", "**Against, and the rebuttals:**"]
    rebuttals = values.get("rebuttals") if isinstance(values.get("rebuttals"), dict) else {}
    against = values.get("evidence_against")
    if not isinstance(against, list):
        lines.append(f"- {NOT_ANSWERED}")
    for i in against if isinstance(against, list) else []:
        if isinstance(i, str):
            lines.append(item(i))
            lines.append(f"  - *Rebuttal:* {_text(_clean({'r': rebuttals.get(i)})['r']) if i in rebuttals else '(none yet)'}")
    quotes = values.get("quotes") if isinstance(values.get("quotes"), dict) else {}
    if quotes:
        lines += ["", "**Quoted in the argument:**"] + [f"- `{k}`: “{_text(_clean({'q': v})['q'])}”" for k, v in quotes.items()]
    return "\n".join(lines)


def outline_html(values: dict[str, Any]) -> str:
    """The capstone's cited outline as HTML (for graders); unanswered parts read "(not answered)"."""
    ev = _lookup()
    esc = html.escape
    values = _clean(values)
    missing = f"<i>{NOT_ANSWERED}</i>"

    def item(i: Any) -> str:
        if isinstance(i, str) and i in ev.index:
            row = ev.loc[i]
            return (f"<li><code>{esc(i)}</code> ({esc(row['article_id'])}, {esc(str(row['supports']))}): "
                    f"<blockquote>{esc(row['quote'])}</blockquote><small>{esc(str(row['claim']))}</small></li>")
        if _clean({"i": i})["i"] is None:
            return f"<li>{missing}</li>"
        return f"<li><code>{esc(str(i))}</code> <b>(not an evidence id)</b></li>"

    def listed(value: Any) -> list:
        return value if isinstance(value, list) else [] if value is None else [value]

    rebuttals = values.get("rebuttals") if isinstance(values.get("rebuttals"), dict) else {}
    quotes = values.get("quotes") if isinstance(values.get("quotes"), dict) else {}
    thesis = values.get("thesis")
    parts = ["<h2>Cited outline</h2>", f"<p><b>Thesis:</b> {missing if thesis is None else esc(str(thesis))}</p>",
             "<h3>Evidence for</h3><ul>"]
    parts += [item(i) for i in listed(values.get("evidence_for"))] or [f"<li>{missing}</li>"]
    parts.append("</ul><h3>Evidence against, with rebuttals</h3><ul>")
    against = listed(values.get("evidence_against"))
    for i in against:
        rebuttal = _clean({"r": rebuttals.get(i)})["r"] if isinstance(i, str) else None
        shown = esc(str(rebuttal)) if rebuttal is not None else ("<i>(none)</i>" if values.get("rebuttals") else missing)
        parts.append(item(i)[:-5] + f"<p><b>Rebuttal:</b> {shown}</p></li>")
    if not against:
        parts.append(f"<li>{missing}</li>")
    parts.append("</ul><h3>Quotations used</h3><ul>")
    parts += [f"<li><code>{esc(str(k))}</code>: <blockquote>{esc(_text(_clean({'q': v})['q']))}</blockquote></li>"
              for k, v in quotes.items()] or [f"<li>{missing}</li>"]
    parts.append("</ul>")
    return "\n".join(parts)


def automatic_reading(values: dict) -> str:
    """What the automatic reading of the argument found: the thesis as read, evidence on the wrong side, rebuttals
    that do not engage, and whether the argument is prose of the student's own citing its evidence.

    Package code, not the hidden tests: it reveals no key, only what the visible checks also say.
    """
    ev = load_table("evidence").set_index("evidence_id")
    thesis = thesis_code(values.get("thesis"))
    rebuttals = values.get("rebuttals") if isinstance(values.get("rebuttals"), dict) else {}
    found = []
    if thesis is None:
        found.append("The thesis is not one the exercise knows: the sides of the evidence could not be read.")
    else:
        for name, wanted in (("evidence_for", True), ("evidence_against", False)):
            for i in dict.fromkeys(str_list(values.get(name))):
                fit = evidence_fits_thesis(thesis, ev.loc[i]) if i in ev.index else wanted
                if fit is not wanted:
                    found.append(f"{i} in {name} is coded {'neither for nor against' if fit is None else 'for' if fit else 'against'} "
                                 f"the {thesis} thesis.")
    for i in dict.fromkeys(str_list(values.get("evidence_against"))):
        if isinstance(rebuttals.get(i), str):
            found += [p[0].upper() + p[1:] for p in rebuttal_problems(i, rebuttals[i], rebuttals)]
    argument = values.get("argument")
    if isinstance(argument, str) and not not_answered(argument):
        others = [t for t in rebuttals.values() if isinstance(t, str)]
        found += [f"The argument: {p}" for p in argument_problems(argument, 300, values.get("evidence_for"),
                                                                   values.get("evidence_against"), others)]
        named = thesis_name_problem(argument, values.get("thesis"))
        if named:
            found.append(f"The argument: {named}")
    read = f"Thesis read as {thesis}." if thesis else "Thesis not recognised."
    return reading_html("Automatic reading of the argument", [read] + found)


def any_diagnostic(matrix: object) -> bool:
    """True if at least one item of an ACH matrix is rated differently under two hypotheses (after normalising C/I/N).

    A matrix rated the same under every hypothesis for every item is complete in form but decides nothing, and the
    exercise's scores and best hypothesis would be right by construction; the checks and tests refuse it.
    """
    if not isinstance(matrix, pd.DataFrame) or matrix.empty:
        return False
    rows = matrix.apply(lambda row: {str(c).strip().upper() for c in row}, axis=1)
    return any(len(cells) > 1 for cells in rows)
