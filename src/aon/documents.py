"""Primary documents (treaties, joint statements) and the dated record since 2022.

The readings are analyses; these are the sources they argue about. ``data/documents.csv`` lists each
document, ``data/documents/<doc_id>.txt`` holds its verbatim text (often only excerpts: the ``note``
says what is missing), and ``data/document_evidence.csv`` codes passages like the readings' evidence,
plus ``tie`` and ``driver``. ``data/record.csv`` is a dated, sourced list of events from 2022 on.

>>> from aon.documents import load_documents, document_text, document_passages, load_record
>>> load_documents()[["doc_id", "signed_date", "translation"]]
>>> print(document_text("treaty-2001-grips"))
>>> document_passages("russia-dprk-2024-almayadeen")      # coded passages, with tie and driver
>>> load_record(kind="un_vote")                           # how China voted, with sources

:func:`document_problems` and :func:`record_problems` check the files; ``aon validate`` runs both.
"""
from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pandas as pd

from .codebook import SUPPORTS_BY_TIE
from .data import Problem
from .errors import CourseError, did_you_mean
from .ids import numbered_id
from .paths import data_dir

#: The kinds of row in the record.
RECORD_KINDS: list[str] = ["un_vote", "summit_visit", "treaty_statement", "military_activity", "arms_dual_use", "energy", "declined"]
#: How sure the record is of a row.
CONFIDENCE: list[str] = ["confirmed", "reported", "disputed"]
DATE_PRECISIONS: list[str] = ["day", "month", "year"]


def documents_dir() -> Path:
    """Return the folder holding the documents' texts (``data/documents``)."""
    return data_dir() / "documents"


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    path = data_dir() / name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def load_documents() -> pd.DataFrame:
    """Return ``data/documents.csv``: one row per document, with its source address and translation."""
    return pd.DataFrame(_read("documents.csv")[1])


def document_text(doc_id: str) -> str:
    """Return the verbatim text of one document (a :class:`~aon.errors.CourseError` names the ids if unknown)."""
    known = load_documents()["doc_id"].tolist()
    cleaned = str(doc_id).strip().lower()
    if cleaned not in known:
        raise CourseError(f"'{doc_id}' is not a document id.{did_you_mean(str(doc_id), known)} "
                          f"The documents are: {', '.join(known)}.")
    return (documents_dir() / f"{cleaned}.txt").read_text(encoding="utf-8")


def load_document_evidence() -> pd.DataFrame:
    """Return ``data/document_evidence.csv`` (offsets as whole numbers)."""
    table = pd.DataFrame(_read("document_evidence.csv")[1])
    for column in ("start", "end"):
        table[column] = table[column].astype(int)
    return table


def document_passages(doc_id: str | None = None,
                      columns: tuple[str, ...] = ("evidence_id", "quote", "tie", "driver", "supports", "claim")) -> pd.DataFrame:
    """Return the coded passages of one document (or of all, with ``doc_id=None``), with the given columns."""
    table = load_document_evidence()
    if doc_id is not None:
        document_text(doc_id)  # a clear message for an unknown id
        table = table[table["article_id"] == str(doc_id).strip().lower()]
    return table[list(columns)].reset_index(drop=True)


def show_document(doc_id: str) -> str:
    """Return a document's title, source, translation, note and text, ready to ``print``."""
    text = document_text(doc_id)
    row = load_documents().set_index("doc_id").loc[str(doc_id).strip().lower()]
    excerpt = " (EXCERPTS ONLY)" if row["excerpt_only"] == "yes" else ""
    return (f"{row['title']}{excerpt}\nSigned: {row['signed_date']}; in force: {row['in_force_date']}\n"
            f"Source: {row['source_url']}\nTranslation: {row['translation']}\nNote: {row['note']}\n\n{text}")


# ------------------------------------------------------------------ checks

def _problem(file: str, row: int | None, column: str | None, message: str):
    return Problem(file, row, column, message)


def document_problems() -> list:
    """Check the documents: each listed document has a non-empty text file and each text file is listed;
    every coded quote equals ``text[start:end]``; ids start with their document's id; ``supports`` follows ``tie``.

    Returns a list of :class:`aon.data.Problem` (empty when all is well). Column types and allowed
    values are checked against ``datapackage.json`` by ``aon validate`` itself.
    """
    problems = []
    folder = documents_dir()
    if not (data_dir() / "documents.csv").is_file():
        return [_problem("documents.csv", None, None, "file is missing; restore it (git checkout -- data/documents.csv)")]
    _, docs = _read("documents.csv")
    listed = {row.get("doc_id", "") for row in docs}
    texts: dict[str, str] = {}
    for number, row in enumerate(docs, start=2):
        doc_id = row.get("doc_id", "")
        path = folder / f"{doc_id}.txt"
        if not path.is_file():
            problems.append(_problem("documents.csv", number, "doc_id", f"no text file data/documents/{doc_id}.txt"))
            continue
        texts[doc_id] = path.read_text(encoding="utf-8")
        if not texts[doc_id].strip():
            problems.append(_problem("documents.csv", number, "doc_id", f"data/documents/{doc_id}.txt is empty"))
    if folder.is_dir():
        for path in sorted(folder.glob("*.txt")):
            if path.stem not in listed:
                problems.append(_problem(f"documents/{path.name}", None, None,
                                         "text file with no row in documents.csv; add its row (source, translation) or remove it"))
    if not (data_dir() / "document_evidence.csv").is_file():
        return problems + [_problem("document_evidence.csv", None, None, "file is missing")]
    _, rows = _read("document_evidence.csv")
    for number, row in enumerate(rows, start=2):
        problems += _passage_problems(number, row, texts)
    return problems


def _passage_problems(number: int, row: dict[str, str], texts: dict[str, str]) -> list:
    name = "document_evidence.csv"
    doc_id, quote = row.get("article_id", ""), row.get("quote", "")
    problems = []
    if not numbered_id("document_evidence", doc_id).fullmatch(row.get("evidence_id", "")):
        problems.append(_problem(name, number, "evidence_id", f"'{row.get('evidence_id')}' should be '{doc_id}-NN'"))
    tie = row.get("tie") or None
    if tie in SUPPORTS_BY_TIE and row.get("supports") != SUPPORTS_BY_TIE[tie]:
        problems.append(_problem(name, number, "supports", f"tie '{tie or '(level not shown)'}' gives supports "
                                                           f"'{SUPPORTS_BY_TIE[tie]}' (codebook section 6), not '{row.get('supports')}'"))
    text = texts.get(doc_id)
    if text is None:
        return problems + [_problem(name, number, "article_id", f"'{doc_id}' is not a document with a text file")]
    try:
        start, end = int(row.get("start", "")), int(row.get("end", ""))
    except ValueError:
        return problems + [_problem(name, number, "start", "start and end must be whole numbers")]
    if text[start:end] != quote:
        found = text.find(quote)
        hint = (f"the quote is at start={found}, end={found + len(quote)}" if found >= 0
                else f"the quote is not in data/documents/{doc_id}.txt verbatim; copy it again")
        problems.append(_problem(name, number, "quote", f"text[{start}:{end}] is not the quote: {hint}"))
    return problems


def load_record(kind: str | None = None) -> pd.DataFrame:
    """Return ``data/record.csv`` in date order (``date`` as a timestamp), or only the rows of one ``kind``."""
    table = pd.DataFrame(_read("record.csv")[1])
    table["date"] = pd.to_datetime(table["date"], format="%Y-%m-%d")
    if kind is not None:
        if kind not in RECORD_KINDS:
            raise CourseError(f"'{kind}' is not a kind of record row.{did_you_mean(kind, RECORD_KINDS)} "
                              f"The kinds are: {', '.join(RECORD_KINDS)}.")
        table = table[table["kind"] == kind]
    return table.sort_values(["date", "record_id"], kind="stable").reset_index(drop=True)


def record_counts() -> pd.DataFrame:
    """Count the record's rows by kind (rows) and year (columns)."""
    table = load_record()
    return pd.crosstab(table["kind"], table["date"].dt.year).reindex(RECORD_KINDS, fill_value=0)


def _date_problem(value: str, precision: str, today: date) -> str | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a date written YYYY-MM-DD"
    if day > today:
        return f"{value} is after today ({today.isoformat()}): the record holds only what has happened"
    if day.year < 2022:
        return f"{value} is before 2022: the record starts in 2022 (older events belong in events.csv)"
    if precision == "month" and day.day != 1:
        return f"precision 'month' needs the first day of the month, not {value}"
    if precision == "year" and (day.month, day.day) != (1, 1):
        return f"precision 'year' needs 1 January, not {value}"
    return None


def record_problems(today: date | None = None) -> list:
    """Check ``data/record.csv``: ids unique, dates parse and are not in the future, kinds, precisions and
    confidence labels known, and every row has a source address and source name.

    ``today`` defaults to the machine's date (a test can pass another). Returns :class:`aon.data.Problem`s.
    """
    name = "record.csv"
    if not (data_dir() / name).is_file():
        return [_problem(name, None, None, "file is missing; restore it (git checkout -- data/record.csv)")]
    today = today or date.today()
    _, rows = _read(name)
    problems, seen = [], {}
    for number, row in enumerate(rows, start=2):
        record_id = row.get("record_id", "")
        if record_id in seen:
            problems.append(_problem(name, number, "record_id", f"'{record_id}' repeats row {seen[record_id]}"))
        seen.setdefault(record_id, number)
        for column, allowed in (("kind", RECORD_KINDS), ("confidence", CONFIDENCE), ("date_precision", DATE_PRECISIONS)):
            if row.get(column) not in allowed:
                problems.append(_problem(name, number, column, f"'{row.get(column)}' is not one of: {', '.join(allowed)}"))
        message = _date_problem(row.get("date", ""), row.get("date_precision", ""), today)
        if message:
            problems.append(_problem(name, number, "date", message))
        if not re.match(r"https?://\S+$", row.get("source_url", "")):
            problems.append(_problem(name, number, "source_url", "every row needs the address of the stored page it comes from"))
        for column in ("source_name", "what_happened", "actors"):
            if not row.get(column, "").strip():
                problems.append(_problem(name, number, column, "required value is empty"))
    return problems


def all_problems() -> list:
    """The documents' and the record's problems together (what ``aon validate`` adds to its own checks)."""
    return document_problems() + record_problems()
