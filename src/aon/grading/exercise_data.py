"""Material the exercises show students (public: no keys here).

- :func:`coding_passages`: passages for the coding exercise, cut from the readings
  by offsets (the key is in the exercise's hidden tests);
- :func:`ach_items`: the evidence items of the ACH exercise, chosen from the
  evidence table by a fixed rule;
- :func:`outline_html` / :func:`outline_markdown`: the capstone's cited outline.
"""
from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ..data import article_text, load_table

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
HYPOTHESES = ["alliance", "necessity", "qualified"]
THESES = ["alliance", "necessity", "qualified"]


def coding_passages() -> dict[str, dict[str, Any]]:
    """Return {passage id: {article_id, start, end, text}} for the coding exercise."""
    return {pid: {"article_id": art, "start": s, "end": e, "text": article_text(art)[s:e].strip()} for pid, art, s, e in PASSAGES}


def ach_items(per_side: int = 2) -> pd.DataFrame:
    """Return the ACH exercise's evidence: for each 'supports' value, the first judgement or event
    rows (by evidence id) from different readings, ``per_side`` of each."""
    ev = load_table("evidence").sort_values("evidence_id")
    chosen = []
    used: set[str] = set()  # readings already represented: spread the items over the readings
    for side in ("alliance", "necessity", "ambiguous"):
        rows = ev[(ev["supports"] == side) & ev["evidence_type"].isin(["event", "judgement"])]
        fresh = rows[~rows["article_id"].isin(used)].drop_duplicates("article_id")
        rest = rows.drop(fresh.index)
        picked = pd.concat([fresh, rest]).head(per_side)
        used.update(picked["article_id"])
        chosen += [row for _, row in picked.iterrows()]
    return pd.DataFrame(chosen)[["evidence_id", "article_id", "quote"]].reset_index(drop=True)


def _lookup() -> pd.DataFrame:
    return load_table("evidence").set_index("evidence_id")


NOT_ANSWERED = "(not answered)"


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Untouched starters (``...``, ``[...]``, ``{...}``, ``"..."``) become None, whatever side they come from."""
    from .values import UNANSWERED, is_blank

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
