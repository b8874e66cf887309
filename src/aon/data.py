"""Load the course's data as pandas objects.

Every table in ``data/`` is described in ``data/datapackage.json``; the loaders
read a table with the column types declared there, so an ``integer`` column
arrives as pandas' nullable ``Int64`` and a ``date`` column as datetimes.

>>> from aon import load_articles, article_text
>>> articles = load_articles()
>>> text = article_text("blank-2016")
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

import pandas as pd

from .errors import CourseError, unknown_value_error
from .paths import articles_dir, data_dir, full_texts_included

_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean"}


def load_datapackage() -> dict:
    """Return ``data/datapackage.json`` as a dictionary (your own copy: changing it changes nothing on disk)."""
    return copy.deepcopy(_datapackage()[0])


def _datapackage() -> tuple[dict, dict[str, dict]]:
    """The parsed data package and its resources by name, read again only when the file changes.

    Shared, not copied: callers must not modify them.
    """
    path = data_dir() / "datapackage.json"
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise CourseError(f"No data package at {path}. Run this from inside the course folder.") from None
    return _parse_datapackage(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _parse_datapackage(path: Path, mtime_ns: int, size: int) -> tuple[dict, dict[str, dict]]:
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CourseError(f"{path} is not valid JSON (line {exc.lineno}): fix the file, then try again.") from None
    return package, {r["name"]: r for r in package.get("resources", [])}


def _resource_spec(name: str) -> dict:
    """The data package's entry for table ``name`` (shared, not copied; callers must not modify it)."""
    resources = _datapackage()[1]
    if name not in resources:
        raise unknown_value_error("Table", name, resources, "The tables are listed in data/datapackage.json.")
    return resources[name]


def resource(name: str) -> dict:
    """Return the data package's description of the table called ``name``."""
    return copy.deepcopy(_resource_spec(name))


def load_table(name: str) -> pd.DataFrame:
    """Read the table ``name`` from ``data/`` with the types its schema declares.

    Empty cells become missing values (``<NA>``); text columns stay text. You get your own copy:
    changing it does not change the file or what the next call returns.
    """
    spec = _resource_spec(name)
    path = data_dir() / spec["path"]
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            raise FileNotFoundError(path)
    except FileNotFoundError:
        raise CourseError(f"The table '{name}' ({path.name}) is missing from {path.parent}. Restore it from the course repository.") from None
    field_types = tuple((field["name"], field.get("type", "string")) for field in spec["schema"]["fields"])
    return _read_typed_csv(path, stat.st_mtime_ns, stat.st_size, field_types).copy()


@lru_cache(maxsize=32)
def _read_typed_csv(path: Path, mtime_ns: int, size: int, field_types: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Read a CSV once per version of the file (the cache key includes its modification time and size)."""
    dtypes = {}
    dates = []
    for name, kind in field_types:
        if kind in _PANDAS_TYPES:
            dtypes[name] = _PANDAS_TYPES[kind]
        elif kind == "date":
            dates.append(name)
            dtypes[name] = "str"
        else:
            dtypes[name] = "str"
    table = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    for column in dates:
        table[column] = pd.to_datetime(table[column], format="%Y-%m-%d")
    return table


def load_articles() -> pd.DataFrame:
    """Return ``data/articles.csv``: one row per reading, in reading order."""
    return load_table("articles").sort_values("sequence", ignore_index=True)


def article_ids() -> list[str]:
    """Return the article ids in reading order."""
    return load_articles()["article_id"].tolist()


def check_article_id(article_id: str, known: list[str] | None = None) -> str:
    """Return ``article_id`` if it names a reading (one of ``known``, by default every reading); else raise a helpful CourseError."""
    known = article_ids() if known is None else known
    if not isinstance(article_id, str):
        raise CourseError(f"An article id is text such as '{known[0]}', not {type(article_id).__name__}.")
    if article_id not in known:
        raise unknown_value_error("Article id", article_id, known, f"Known ids: {', '.join(known)}.")
    return article_id


def article_path(article_id: str) -> Path:
    """Return the path of the text file of ``article_id``."""
    return articles_dir() / f"{check_article_id(article_id)}.txt"


@lru_cache(maxsize=64)
def _read_text(path: Path, stamp: float) -> str:
    return path.read_text(encoding="utf-8")


def article_text(article_id: str) -> str:
    """Return the full text of a reading, exactly as stored (offsets index into this string).

    In a copy of the course without the full texts (:func:`aon.paths.full_texts_included` is False)
    it returns the text with only the passages the evidence table quotes, at their places, and a note
    saying where to read the whole text: same length, so every ``start`` and ``end`` still points
    at its quote.
    """
    path = article_path(article_id)
    text = _read_text(path, path.stat().st_mtime)
    if full_texts_included():
        return text
    return excerpts_of(article_id, text)


def article_info(article_id: str) -> pd.Series:
    """Return the metadata row of one reading (title, author, outlet, dates, confidence, note)."""
    articles = load_articles()
    article_id = check_article_id(article_id, articles["article_id"].tolist())
    return articles.set_index("article_id").loc[article_id]


def vocabulary(table: str, column: str) -> list[str]:
    """Return the allowed values of a column, as declared in datapackage.json."""
    for field in resource(table)["schema"]["fields"]:
        if field["name"] == column:
            return list(field["constraints"]["enum"])
    raise KeyError(column)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where it is and what to do about it."""

    file: str
    row: int | None
    column: str | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = ("WARNING: " if self.warning else "") + self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


# ---------------------------------------------------------------- a copy without the full texts (see aon.excerpts)

#: The tables whose rows quote a reading, and the column holding the quoted words (spans start-end).
SPAN_TABLES = {"evidence": "quote", "statistics": "quote", "sources_cited": "citation"}


def excerpts_of(article_id: str, text: str) -> str:
    """Return ``text`` (the stored text of ``article_id``) reduced to the passages the course quotes.

    Those are the spans (``start``, ``end``) of every table whose rows quote the text: the evidence
    table's quotes, and the citations and statistics (``SPAN_TABLES``).
    """
    stamps = []
    for table in sorted(SPAN_TABLES):
        path = data_dir() / _resource_spec(table)["path"]
        stamps.append((str(path), path.stat().st_mtime_ns if path.is_file() else 0))
    return _excerpts_cached(article_id, text, tuple(stamps))


@lru_cache(maxsize=64)
def _excerpts_cached(article_id: str, text: str, table_stamps: tuple) -> str:
    spans = []
    for table in sorted(SPAN_TABLES):
        if not (data_dir() / _resource_spec(table)["path"]).is_file():
            continue
        rows = load_table(table)
        rows = rows[rows["article_id"] == article_id]
        spans += [(int(s), int(e)) for s, e in zip(rows["start"], rows["end"]) if pd.notna(s) and pd.notna(e)]
    return excerpts_text(text, spans, excerpts_notice(article_id))


GAP_MARK = "[…]"


def excerpts_text(text: str, spans: list[tuple[int, int]], notice: str = "") -> str:
    """Return ``text`` with only the characters inside ``spans`` (start, end) kept, at their places.

    Everything else becomes spaces (line breaks stay), so the result has the same length and every
    span still reads the same. Each left-out stretch starts with ``[…]``; ``notice`` (one line)
    is written into the first stretch long enough to hold it, else the longest.
    """
    keep = [False] * len(text)
    for start, end in spans:
        for index in range(max(start, 0), min(end, len(text))):
            keep[index] = True
    chars = [c if keep[i] or c == "\n" else " " for i, c in enumerate(text)]
    gaps, index = [], 0
    while index < len(chars):
        if keep[index]:
            index += 1
            continue
        start = index
        while index < len(chars) and not keep[index]:
            index += 1
        gaps.append((start, index))
    runs = []  # stretches of left-out text with no line break, where a mark or notice fits
    for start, end in gaps:
        run = start
        for i in range(start, end + 1):
            if i == end or chars[i] == "\n":
                if i - run >= len(GAP_MARK):
                    runs.append((run, i))
                run = i + 1
    first_of_gap = {}
    for start, end in runs:
        gap = next(g for g in gaps if g[0] <= start < g[1])
        first_of_gap.setdefault(gap, (start, end))
    for start, _ in first_of_gap.values():
        chars[start:start + len(GAP_MARK)] = GAP_MARK
    notice = notice.replace("\n", " ")
    if notice and runs:
        fitting = [(s, e) for s, e in runs if e - s >= len(notice) + len(GAP_MARK) + 1]
        if fitting:
            start = fitting[0][0] + len(GAP_MARK) + 1
            chars[start:start + len(notice)] = notice
    return "".join(chars)


def where_to_read(article_id: str) -> str:
    """Return where to read a reading in full: its title, author, outlet and web address as far as known."""
    info = article_info(article_id)
    parts = [f"\"{info['title']}\""]
    if str(info.get("author", "unknown")) != "unknown":
        parts.append(f"by {info['author']}")
    outlet = str(info.get("outlet", "unknown"))
    parts.append(outlet if not outlet.startswith("unknown") else "outlet unknown")
    url = str(info.get("url", "unknown"))
    place = url if url.startswith("http") else "no web address recorded: search for the title"
    return f"{', '.join(parts)} ({place})"


def excerpts_notice(article_id: str) -> str:
    """The one-line note a copy without the full texts shows in place of the text: where to read it."""
    return (f"[This copy of the course has only the passages it quotes, at their places. "
            f"Read the whole text: {where_to_read(article_id)}]")
