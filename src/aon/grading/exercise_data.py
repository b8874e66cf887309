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


def outline_markdown(values: dict[str, Any]) -> str:
    """The capstone's cited outline as Markdown (for the student's notebook)."""
    ev = _lookup()
    values = {k: (v if v is not Ellipsis else None) for k, v in values.items()}
    lines = [f"**Thesis:** {values.get('thesis')}", "", "**For:**"]

    def item(i: str) -> str:
        if i in ev.index:
            row = ev.loc[i]
            return f"- `{i}` ({row['article_id']}): “{row['quote']}”"
        return f"- `{i}` (unknown id)"
    lines += [item(i) for i in (values.get("evidence_for") if isinstance(values.get("evidence_for"), list) else []) if isinstance(i, str)]
    lines += ["", "**Against, and the rebuttals:**"]
    rebuttals = values.get("rebuttals") if isinstance(values.get("rebuttals"), dict) else {}
    for i in values.get("evidence_against") if isinstance(values.get("evidence_against"), list) else []:
        if isinstance(i, str):
            lines.append(item(i))
            lines.append(f"  - *Rebuttal:* {rebuttals.get(i, '(none yet)')}")
    quotes = values.get("quotes") if isinstance(values.get("quotes"), dict) else {}
    if quotes:
        lines += ["", "**Quoted in the argument:**"] + [f"- `{k}`: “{v}”" for k, v in quotes.items()]
    return "\n".join(lines)


def outline_html(values: dict[str, Any]) -> str:
    """The capstone's cited outline as HTML (for graders)."""
    ev = _lookup()
    esc = html.escape

    def item(i: Any) -> str:
        if isinstance(i, str) and i in ev.index:
            row = ev.loc[i]
            return (f"<li><code>{esc(i)}</code> ({esc(row['article_id'])}, {esc(str(row['supports']))}): "
                    f"<blockquote>{esc(row['quote'])}</blockquote><small>{esc(str(row['claim']))}</small></li>")
        return f"<li><code>{esc(str(i))}</code> <b>(not an evidence id)</b></li>"

    rebuttals = values.get("rebuttals") if isinstance(values.get("rebuttals"), dict) else {}
    quotes = values.get("quotes") if isinstance(values.get("quotes"), dict) else {}
    against = values.get("evidence_against") if isinstance(values.get("evidence_against"), list) else []
    parts = ["<h2>Cited outline</h2>", f"<p><b>Thesis:</b> {esc(str(values.get('thesis')))}</p>", "<h3>Evidence for</h3><ul>"]
    parts += [item(i) for i in (values.get("evidence_for") if isinstance(values.get("evidence_for"), list) else [])]
    parts.append("</ul><h3>Evidence against, with rebuttals</h3><ul>")
    for i in against:
        parts.append(item(i)[:-5] + f"<p><b>Rebuttal:</b> {esc(str(rebuttals.get(i, '(none)')))}</p></li>")
    parts.append("</ul>")
    if quotes:
        parts.append("<h3>Quotations used</h3><ul>" + "".join(
            f"<li><code>{esc(str(k))}</code>: <blockquote>{esc(str(v))}</blockquote></li>" for k, v in quotes.items()) + "</ul>")
    return "\n".join(parts)
