"""Coverage: every sentence of a reading either yields evidence rows or has a stated reason not to.

``data/coverage.csv`` holds, for each reading, character spans that tile its whole text (one span per
sentence, or per heading or other piece of page furniture). A span lists the evidence rows coded from it
(``evidence_ids``) or gives the ``reason`` it carries none (codebook.md section 8). This makes what was
*left out* visible and checkable, not only how the chosen passages were coded.

>>> from aon.authoring.coverage import load_coverage, uncoded
>>> uncoded("rusi-2022").head()      # the sentences of a reading with no evidence row, and why
"""
from __future__ import annotations

import re

import pandas as pd

from ..data import article_text, check_article_id, load_table

#: Where a sentence ends: ., ? or ! (optionally followed by a closing quote or bracket), then white
#: space before a capital, a digit or an opening quote; or a line break.
_SENTENCE_END = re.compile(r"(?<=[.?!])[”’\"')\]]*\s+(?=[A-Z0-9“‘\"(\[])|\n+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into spans that tile it exactly: ``[(0, e1), (e1, e2), ..., (ek, len(text))]``.

    Each span is one sentence (or line of page furniture) with the white space after it. The split is
    mechanical (abbreviations such as "U.S. Army" may cut a sentence in two); a coder reviewing the
    spans may merge them.
    """
    cuts = [m.end() for m in _SENTENCE_END.finditer(text) if 0 < m.end() < len(text)]
    bounds = [0, *sorted(set(cuts)), len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def load_coverage(article_id: str | None = None) -> pd.DataFrame:
    """Return ``data/coverage.csv`` (optionally one reading's spans), each span with its text."""
    coverage = load_table("coverage")
    if article_id is not None:
        coverage = coverage[coverage["article_id"] == check_article_id(article_id)].reset_index(drop=True)
    coverage["text"] = [article_text(a)[int(s):int(e)].strip() for a, s, e in
                        zip(coverage["article_id"], coverage["start"], coverage["end"], strict=True)]
    return coverage


def uncoded(article_id: str | None = None) -> pd.DataFrame:
    """Return the spans with no evidence row, with the reason given for each."""
    coverage = load_coverage(article_id)
    return coverage[coverage["evidence_ids"].isna()].reset_index(drop=True)[["article_id", "start", "end", "reason", "note", "text"]]


def unreviewed_rows(article_id: str, text: str) -> list[dict[str, str]]:
    """Coverage rows for a newly added reading: one per sentence, each marked 'unreviewed'."""
    return [{"article_id": article_id, "start": str(a), "end": str(b), "evidence_ids": "", "reason": "unreviewed", "note": ""}
            for a, b in sentence_spans(text)]


def place_evidence(coverage_rows: list[dict[str, str]], evidence_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return coverage rows with each evidence row listed in the span that holds its quote.

    Rows are CSV text cells (as read with ``csv.DictReader``). A quote that runs over several spans of its
    reading (a sentence the mechanical split cut in two) joins them into one span. A span that gets its first
    evidence id loses its reason ('unreviewed' or another). Rows of other readings are returned unchanged,
    in the same order.
    """
    result = [dict(row) for row in coverage_rows]
    for evidence in evidence_rows:
        article_id, start, end = evidence["article_id"], int(evidence["start"]), int(evidence["end"])
        touched = [i for i, row in enumerate(result)
                   if row["article_id"] == article_id and int(row["start"]) < end and int(row["end"]) > start]
        if not touched:
            continue  # no coverage for this reading: validate reports it
        first, last = touched[0], touched[-1]
        ids = [i for row in result[first:last + 1] for i in (row["evidence_ids"] or "").split(";") if i]
        if evidence["evidence_id"] not in ids:
            ids.append(evidence["evidence_id"])
        merged = dict(result[first], end=result[last]["end"], evidence_ids=";".join(ids), reason="",
                      note=" ".join(n for n in (row["note"] for row in result[first:last + 1]) if n))
        result[first:last + 1] = [merged]
    return result
