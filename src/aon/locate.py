"""Find where a quote stands in an article text, and explain near misses.

A quote must match the text character for character. Copying from a web page
or a word processor often changes curly quotes to straight ones, dashes to
hyphens, or line breaks to spaces; :func:`locate` reports such near misses
with the exact text to use instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .data import article_text

_EQUIVALENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
}


@dataclass(frozen=True)
class Match:
    """One place a quote (or a near version of it) stands in a text."""

    start: int
    end: int
    exact: bool
    text: str


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold quotes, dashes, case and runs of white space; keep a map back to the original offsets."""
    out: list[str] = []
    positions: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        char = _EQUIVALENTS.get(char, char)
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        out.append(char.lower())
        positions.append(index)
    positions.append(len(text))
    return "".join(out), positions


def locate(article_id: str, quote: str) -> list[Match]:
    """Return exact matches of ``quote`` in the article; if none, its near matches."""
    text = article_text(article_id)
    exact = [Match(m.start(), m.end(), True, quote) for m in re.finditer(re.escape(quote), text)] if quote else []
    if exact:
        return exact
    folded_text, positions = _normalise(text)
    folded_quote, _ = _normalise(quote.strip())
    near = []
    if folded_quote:
        for m in re.finditer(re.escape(folded_quote), folded_text):
            start, end = positions[m.start()], positions[m.end() - 1] + 1
            near.append(Match(start, end, False, text[start:end]))
    return near


def describe_location(article_id: str, quote: str) -> tuple[bool, str]:
    """Return (found exactly once, a message saying where or why not)."""
    if not quote.strip():
        return False, "The quote is empty: paste the words you want to locate between the quotation marks."
    matches = locate(article_id, quote)
    if len(matches) == 1 and matches[0].exact:
        m = matches[0]
        return True, f"start={m.start} end={m.end}"
    if len(matches) > 1 and matches[0].exact:
        places = "\n".join(f"  start={m.start} end={m.end}" for m in matches)
        return False, f"The quote occurs {len(matches)} times in {article_id}; lengthen it so it is unique, or pick one:\n{places}"
    if matches:
        lines = "\n".join(f"  start={m.start} end={m.end}  text: {m.text!r}" for m in matches)
        return False, ("Not found verbatim, but found with different quotation marks, dashes, capitals or spacing. "
                       f"Copy the text exactly as it stands in data/articles/{article_id}.txt:\n{lines}")
    return False, (f"Not found in {article_id}, not even allowing for quotation marks, dashes, capitals and spacing. "
                   f"Check that you have the right article, and copy the words from data/articles/{article_id}.txt.")
