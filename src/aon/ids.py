"""The formats of the course's ids, read from ``data/datapackage.json``: the one place they are written.

An article id is lower-case letters, digits and hyphens, starting with a letter (``blank-2016``). An
evidence id is its article's id, a hyphen and two or three digits (``blank-2016-07``); a statistic's and a
citation's add ``s`` or ``c`` before the digits (``blank-2016-s01``, ``blank-2016-c01``). Every check,
message and command that reads or makes ids takes the pattern from here, so changing a format in
datapackage.json changes it everywhere.

>>> from aon.ids import numbered_id
>>> bool(numbered_id("evidence", "blank-2016").fullmatch("blank-2016-07"))
True
"""
from __future__ import annotations

import re
from functools import lru_cache

from .data import resource
from .errors import CourseError

#: The tables whose ids are an article (or document) id and a numbered suffix, with their id column.
ID_COLUMNS = {"evidence": "evidence_id", "statistics": "stat_id", "sources_cited": "source_id",
              "document_evidence": "evidence_id"}


@lru_cache(maxsize=32)
def field_pattern(table: str, column: str) -> str:
    """Return the pattern datapackage.json gives ``table.column``, without its ``^`` and ``$``."""
    for field in resource(table)["schema"]["fields"]:
        if field["name"] == column:
            pattern = field.get("constraints", {}).get("pattern")
            if pattern:
                return pattern.removeprefix("^").removesuffix("$")
    raise CourseError(f"data/datapackage.json gives no pattern for {table}.{column}.")


def non_capturing(pattern: str) -> str:
    """``pattern`` with its groups made non-capturing, to embed it in a larger regular expression."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


@lru_cache(maxsize=32)
def id_suffix(table: str) -> str:
    """The pattern of what follows the article id in an id of ``table`` (for evidence: ``-[0-9]{2,3}``)."""
    whole, article = field_pattern(table, ID_COLUMNS[table]), field_pattern("articles", "article_id")
    if not whole.startswith(article):
        raise CourseError(f"data/datapackage.json: {table}.{ID_COLUMNS[table]}'s pattern does not start with "
                          "articles.article_id's, so its ids cannot be read as an article id and a number.")
    return whole[len(article):]


@lru_cache(maxsize=64)
def numbered_id(table: str, article_id: str | None = None) -> re.Pattern:
    """A regular expression for the ids of ``table`` (of one article's rows if ``article_id`` is given).

    Use ``.fullmatch(text)``; the group ``number`` holds the digits (``"07"`` in ``blank-2016-07``).
    """
    prefix = re.escape(article_id) if article_id else non_capturing(field_pattern("articles", "article_id"))
    suffix = re.sub(r"(\[0-9\]|\\d)(\{\d+,\d+\}|\+)$", r"(?P<number>\1\2)", non_capturing(id_suffix(table)))
    return re.compile(prefix + suffix)


def evidence_id_pattern() -> str:
    """Any evidence id, as a pattern to embed in a larger one (no groups): matches ``blank-2016-07``.

    Read from datapackage.json when first asked, not when aon is imported, so that importing works
    anywhere (``aon --help`` outside a course folder).
    """
    return non_capturing(field_pattern("evidence", "evidence_id"))
