"""The evidence tables: look up, quote and summarise evidence.

>>> from aon.evidence import load_evidence, get_evidence, passage, summarise
>>> ev = load_evidence()                      # every row of data/evidence.csv
>>> get_evidence("blank-2016-01")             # one row, as a pandas Series
>>> print(passage("blank-2016-01"))           # the quote in its surrounding text
>>> summarise(ev, by=["article_id", "supports"])

A mistyped id gets a message with the closest real one, never a traceback.
"""
from __future__ import annotations

import re

import pandas as pd

from .data import (
    article_info,
    article_text,
    check_article_id,
    load_articles,
    load_table,
)
from .errors import CourseError, unknown_value_error
from .excerpts import full_texts_note
from .palette import SUPPORTS_ORDER


def load_evidence(article_id: str | None = None) -> pd.DataFrame:
    """Return the evidence table, or only the rows of one article if ``article_id`` is given."""
    evidence = load_table("evidence")
    if article_id is not None:
        evidence = evidence[evidence["article_id"] == check_article_id(article_id)].reset_index(drop=True)
    return evidence


def load_events() -> pd.DataFrame:
    """Return ``data/events.csv``: the datable events the readings mention, by date."""
    return load_table("events").sort_values("date", ignore_index=True)


def load_statistics(article_id: str | None = None) -> pd.DataFrame:
    """Return ``data/statistics.csv`` (every number the readings state), optionally for one article."""
    stats = load_table("statistics")
    if article_id is not None:
        stats = stats[stats["article_id"] == check_article_id(article_id)].reset_index(drop=True)
    return stats


def load_sources_cited(article_id: str | None = None) -> pd.DataFrame:
    """Return ``data/sources_cited.csv`` (the sources the readings cite), optionally for one article."""
    sources = load_table("sources_cited")
    if article_id is not None:
        sources = sources[sources["article_id"] == check_article_id(article_id)].reset_index(drop=True)
    return sources


def check_evidence_id(evidence_id: object, evidence: pd.DataFrame | None = None) -> str:
    """Return ``evidence_id`` if it exists; otherwise raise a CourseError that suggests the closest id."""
    evidence = load_evidence() if evidence is None else evidence
    known = evidence["evidence_id"].tolist()
    if not isinstance(evidence_id, str):
        raise CourseError(f"An evidence id is text in quotation marks, such as '{known[0]}', not {type(evidence_id).__name__} {evidence_id!r}.")
    cleaned = evidence_id.strip()
    if cleaned not in known:
        raise unknown_value_error("Evidence id", evidence_id, known, "Ids look like 'article-id-NN'; list them with load_evidence()['evidence_id'].")
    return cleaned


def get_evidence(evidence_id: str) -> pd.Series:
    """Return one evidence row (quote, claim, theme, supports, rationale, ...) by its id."""
    evidence = load_evidence()
    evidence_id = check_evidence_id(evidence_id, evidence)
    return evidence.set_index("evidence_id").loc[evidence_id]


def passage(evidence_id: str, context: int = 200) -> str:
    """Return the quote of ``evidence_id`` with up to ``context`` characters either side, the quote in **bold**.

    The surrounding text is cut at word boundaries and marked with "…".
    """
    row = get_evidence(evidence_id)
    text = article_text(row["article_id"])
    start, end = int(row["start"]), int(row["end"])
    before = text[max(0, start - context):start]
    after = text[end:end + context]
    if start - context > 0:
        before = "…" + before.split(" ", 1)[-1]
    if end + context < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return re.sub(r"\s*\n\s*", " ", f"{before}**{text[start:end]}**{after}").strip()


def citation(article_id: str) -> str:
    """Return a short citation of a reading, saying what is unknown where author or date are unknown."""
    info = article_info(article_id)
    author = info["author"] if info["author"] != "unknown" else "Unknown author"
    published = info["published"] if info["published"] != "unknown" else "date unknown"
    return f"{author}, “{info['title']}”, {info['outlet']}, {published}"


def quote_markdown(evidence_id: str) -> str:
    """Return one piece of evidence as a Markdown block quote with its id and source."""
    return _quote_blocks([evidence_id])[0]


def _quote_blocks(evidence_ids: list[str]) -> list[str]:
    """Markdown block quotes for several evidence ids, reading the tables once for all of them."""
    evidence = load_evidence()
    rows = evidence.set_index("evidence_id")
    articles = load_articles()
    authors = dict(zip(articles["article_id"], articles["author"], strict=True))
    blocks = []
    for given in evidence_ids:
        evidence_id = check_evidence_id(given, evidence)
        row = rows.loc[evidence_id]
        who = authors[row["article_id"]] if authors[row["article_id"]] != "unknown" else "author unknown"
        blocks.append(f"> {row['quote']}\n>\n> — {who} ({row['article_id']}), characters {row['start']}–{row['end']}; "
                      f"`{evidence_id}` · theme: {row['theme']} · supports: **{row['supports']}**")
    return blocks


def display_or_print(content: str | pd.DataFrame) -> None:
    """Show Markdown text or a table: displayed in Jupyter, printed in plain Python (no IPython, or no shell)."""
    try:
        # lazy: IPython is optional (plain Python prints instead)
        from IPython import get_ipython
        from IPython.display import Markdown, display  # as above
    except ImportError:  # pragma: no cover - plain Python
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(content if isinstance(content, str) else content.to_string())
    else:
        display(Markdown(content) if isinstance(content, str) else content)


def show_evidence(*evidence_ids: str) -> None:
    """Display one or more pieces of evidence as quotes (in Jupyter), or print them."""
    display_or_print("\n\n".join(_quote_blocks(list(evidence_ids))))


def summarise(evidence: pd.DataFrame | None = None, by: str | list[str] = "supports") -> pd.DataFrame:
    """Count evidence rows by one or more columns, e.g. ``by=["theme", "supports"]``.

    With ``supports`` among the columns, the result has one column per reading
    (alliance, necessity, ambiguous) in the course's order, plus a total.
    """
    evidence = load_evidence() if evidence is None else evidence
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in evidence.columns]
    if missing:
        raise unknown_value_error("Column", missing[0], evidence.columns, "")
    if "supports" in by and len(by) > 1:
        rows = [c for c in by if c != "supports"]
        table = pd.crosstab([evidence[c] for c in rows], evidence["supports"])
        table = table.reindex(columns=SUPPORTS_ORDER, fill_value=0)
        table.columns.name = "supports"
        table["total"] = table.sum(axis=1)
        return table.sort_values("total", ascending=False)
    counts = evidence.groupby(by).size().rename("rows")
    if by == ["supports"]:
        counts = counts.reindex(SUPPORTS_ORDER, fill_value=0)
    return counts.to_frame()


# ---------------------------------------------------------------- events and full-text display

def split_ids(value: object) -> list[str]:
    """Split a ';'-separated cell such as ``"blank-2016;baev-2019"`` into a list (empty cell: empty list)."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def event_links(evidence: pd.DataFrame, events: pd.DataFrame | None = None) -> dict[str, set[str]]:
    """Map each event key to the ids of the evidence rows on it, in one pass over both tables.

    A row is on an event if its ``event_key`` names it or if events.csv lists the row under it (a row
    names one event key, but a quote can mention two events, e.g. the S-400 and the Su-35 sales).
    """
    linked: dict[str, set[str]] = {}
    for evidence_id, key in zip(evidence["evidence_id"], evidence["event_key"], strict=True):
        if isinstance(key, str):
            linked.setdefault(key, set()).add(evidence_id)
    if events is not None and "evidence_ids" in events.columns:
        for key, cell in zip(events["event_key"], events["evidence_ids"], strict=True):
            linked.setdefault(key, set()).update(split_ids(cell))
    return linked


def rows_for_event(event_key: str, evidence: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evidence rows on one event (see :func:`event_links`; pass ``events`` to use events.csv's lists too)."""
    return evidence[evidence["evidence_id"].isin(event_links(evidence, events).get(event_key, set()))]


def event_keys(evidence: pd.DataFrame, events: pd.DataFrame | None) -> list[str]:
    """Every event key that a row names or events.csv lists, sorted."""
    keys = set(evidence["event_key"].dropna())
    if events is not None:
        keys.update(events["event_key"])
    return sorted(keys)


def show_full_text(table: pd.DataFrame) -> None:
    """Display a table with every cell in full: no quote, code list or reason cut off with "...".

    (pandas normally cuts text cells at 50 characters.) In plain Python the table is printed.
    """
    with pd.option_context("display.max_colwidth", None, "display.max_rows", None, "display.max_columns", None):
        display_or_print(table)
    _say_where_to_read_once()


_TOLD_WHERE_TO_READ = []


def _say_where_to_read_once() -> None:
    """In a copy of the course without the full texts, say once per session where to read them."""
    if not _TOLD_WHERE_TO_READ and (note := full_texts_note()):
        print(note)
        _TOLD_WHERE_TO_READ.append(True)
