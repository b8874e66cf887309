"""Check the course's data against ``data/datapackage.json`` and the article texts.

:func:`validate_all` returns a list of :class:`Problem`; each names the file,
the row (as numbered in a spreadsheet: the header is row 1) and the column,
and says what to do. An empty list means the data are sound. The command
``aon validate`` prints them, followed by any warnings (``validate_all(include_warnings=True)``):
things worth a look that do not make the data unsound, such as a reading an instructor added
whose evidence all falls on one side.
"""
from __future__ import annotations

import argparse
import csv
import re
import time
from datetime import date
from pathlib import Path

from ..codebook import SUPPORTS_BY_TIE
from ..data import SPAN_TABLES, Problem, load_datapackage
from ..documents import all_problems as document_and_record_problems
from ..errors import did_you_mean
from ..grading.exercise_data import PASSAGES
from ..ids import ID_COLUMNS, numbered_id
from ..paths import articles_dir, data_dir

# The ids of these tables are the article id, then a numbered suffix: lo-2023-01, lo-2023-s01, lo-2023-c01
# (the formats are datapackage.json's: aon.ids).
ID_TABLES = ("evidence", "statistics", "sources_cited")
# What a column's pattern means, in words, for the messages (instead of the regular expression).
PATTERN_HINTS = {
    "article_id": "ids are lower-case letters, digits and hyphens, starting with a letter: e.g. lo-2023 or mfa-2024",
    "evidence_id": "ids look like lo-2023-01: the article id, a hyphen, two or three digits",
    "stat_id": "ids look like lo-2023-s01: the article id, '-s', two or three digits",
    "source_id": "ids look like lo-2023-c01: the article id, '-c', two or three digits",
    "event_key": "keys are lower-case letters, digits and hyphens, starting with a letter: e.g. power-of-siberia-2019",
    "claim_key": "keys are lower-case letters, digits and hyphens: the row's own evidence id, or the key of a row making the same claim",
}
SIDES = ("alliance", "necessity")


def _parse(value: str, kind: str) -> object:
    """Convert a CSV cell to the schema's type; raise ValueError if it does not fit."""
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"'{value}' is not a whole number")
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        if value not in ("True", "False", "true", "false"):
            raise ValueError(f"'{value}' is not True or False")
        return value.lower() == "true"
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD") from None
    return value


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a CSV file as text cells: (header, rows)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def validate_resource(spec: dict, root: Path) -> tuple[list[Problem], list[dict[str, object]]]:
    """Check one table against its schema; return the problems and the typed rows."""
    name = spec["path"]
    path = root / spec["path"]
    if not path.is_file():
        return [Problem(name, None, None, "file is missing; restore it or remove its entry from datapackage.json")], []
    try:
        header, rows = read_rows(path)
    except (UnicodeDecodeError, csv.Error) as exc:
        return [Problem(name, None, None, f"cannot be read as UTF-8 CSV ({exc}); re-save it as CSV UTF-8")], []
    fields = spec["schema"]["fields"]
    expected = [f["name"] for f in fields]
    problems: list[Problem] = []
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"unexpected {extra}")
        if not detail:
            detail.append("columns are in another order")
        problems.append(Problem(name, 1, None, f"header does not match datapackage.json ({'; '.join(detail)}); expected {expected}"))
        return problems, []
    typed_rows: list[dict[str, object]] = []
    seen: dict[str, dict[object, int]] = {}
    for number, row in enumerate(rows, start=2):
        typed: dict[str, object] = {}
        for field in fields:
            column = field["name"]
            cell = row.get(column)
            if cell is None:
                problems.append(Problem(name, number, column, "cell missing: the row has too few commas"))
                continue
            constraints = field.get("constraints", {})
            if cell == "":
                if constraints.get("required"):
                    problems.append(Problem(name, number, column, "required value is empty; fill it in (write 'unknown' if it is not known)"))
                typed[column] = None
                continue
            try:
                value = _parse(cell, field.get("type", "string"))
            except ValueError as exc:
                problems.append(Problem(name, number, column, f"{exc} (expected {field.get('type')})"))
                continue
            typed[column] = value
            if "enum" in constraints and value not in constraints["enum"]:
                problems.append(Problem(name, number, column, f"'{value}' is not an allowed value.{did_you_mean(str(value), constraints['enum'])} Allowed: {', '.join(constraints['enum'])}"))
            if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(value)):
                hint = PATTERN_HINTS.get(column, f"it must match the pattern {constraints['pattern']}")
                problems.append(Problem(name, number, column, f"'{value}' is not well formed: {hint}"))
            if "minimum" in constraints and value < constraints["minimum"]:
                problems.append(Problem(name, number, column, f"{value} is below the minimum {constraints['minimum']}"))
            if constraints.get("unique"):
                first = seen.setdefault(column, {}).get(value)
                if first is not None:
                    problems.append(Problem(name, number, column, f"'{value}' repeats row {first}; values in this column must be unique"))
                else:
                    seen[column][value] = number
        typed_rows.append(typed)
    return problems, typed_rows


def _foreign_key_problems(spec: dict, rows: list[dict], tables: dict[str, list[dict]]) -> list[Problem]:
    problems = []
    for key in spec["schema"].get("foreignKeys", []):
        column = key["fields"]
        target = key["reference"]["resource"]
        target_column = key["reference"]["fields"]
        known = {r.get(target_column) for r in tables.get(target, [])}
        for number, row in enumerate(rows, start=2):
            value = row.get(column)
            if value is not None and value not in known:
                hint = did_you_mean(str(value), [str(k) for k in known if k is not None])
                problems.append(Problem(spec["path"], number, column, f"'{value}' is not a {target_column} in {target}.{hint}"))
    return problems


def span_problems(table: str, path: str, rows: list[dict]) -> list[Problem]:
    """Check that every quote equals its slice of the article text."""
    column = SPAN_TABLES[table]
    texts: dict[str, str | None] = {}
    problems = []
    for number, row in enumerate(rows, start=2):
        article_id, quote, start, end = row.get("article_id"), row.get(column), row.get("start"), row.get("end")
        if None in (article_id, quote, start, end):
            continue
        if article_id not in texts:
            text_path = articles_dir() / f"{article_id}.txt"
            texts[article_id] = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
        text = texts[article_id]
        if text is None:
            problems.append(Problem(path, number, "article_id", f"no text file data/articles/{article_id}.txt"))
            continue
        if text[start:end] == quote:
            continue
        found = [m.start() for m in re.finditer(re.escape(quote), text)]
        if len(found) == 1:
            hint = f"the quote is in the text at start={found[0]}, end={found[0] + len(quote)}; correct the offsets"
        elif found:
            hint = f"the quote occurs {len(found)} times (starts {found}); set start/end to the one you mean"
        else:
            hint = f"the quote is not in the text verbatim; copy it again from data/articles/{article_id}.txt or find it with 'aon locate {article_id} \"...\"'"
        problems.append(Problem(path, number, column, f"text[{start}:{end}] is not the quote: {hint}"))
    return problems


def id_problems(table: str, path: str, rows: list[dict]) -> list[Problem]:
    """Check that each id of an evidence, statistics or sources table starts with its own article's id."""
    column = ID_COLUMNS[table]
    problems = []
    for number, row in enumerate(rows, start=2):
        value, article_id = row.get(column), row.get("article_id")
        if value is None or article_id is None or not numbered_id(table).fullmatch(str(value)):
            continue  # missing, or already reported as not well formed
        if not numbered_id(table, str(article_id)).fullmatch(str(value)):
            problems.append(Problem(path, number, column, (
                f"'{value}' does not start with its article id '{article_id}': "
                + PATTERN_HINTS[column].replace("lo-2023", str(article_id)))))
    return problems


def text_order_problems(path: str, rows: list[dict], among: set[str] | None = None, draft: bool = False) -> list[Problem]:
    """Warn where an article's evidence ids are not numbered in the order their quotes stand in the text.

    A warning, never an error: evidence added later may quote an earlier passage, and renumbering the rows
    already in evidence.csv would break the lessons that cite them. With ``among``, only ids in that set are
    compared with one another; ``draft`` (add-evidence: the draft's own rows, whose numbers can still change)
    words the advice for a draft.
    (The course's own readings are kept in text order by tests/test_evidence_tables.py.)
    """
    by_article: dict[str, list[tuple[int, int, int, str]]] = {}
    for number, row in enumerate(rows, start=2):
        evidence_id, article_id, start = row.get("evidence_id"), row.get("article_id"), row.get("start")
        if among is not None and evidence_id not in among:
            continue
        match = numbered_id("evidence").fullmatch(str(evidence_id or ""))
        if match and article_id and isinstance(start, int):
            by_article.setdefault(article_id, []).append((int(match.group("number")), start, number, evidence_id))
    advice = ("If the numbers are a slip, swap them in the draft; otherwise this is fine." if draft else
              "That is allowed (evidence added later may quote an earlier passage); nothing needs to change.")
    problems = []
    for article_id, entries in by_article.items():
        entries.sort()
        for (_, start_before, _, id_before), (_, start, number, evidence_id) in zip(entries, entries[1:]):
            if start < start_before:
                problems.append(Problem(path, number, "evidence_id", (
                    f"'{evidence_id}' quotes text (start={start}) that comes before that of '{id_before}' "
                    f"(start={start_before}). {advice}"), warning=True))
    return problems


def is_course_reading(article: dict) -> bool:
    """True for one of the readings the course ships; False for one an instructor added (seed_file 'none')."""
    return str(article.get("seed_file") or "none") != "none"


def side_problems(articles: list[dict], evidence: list[dict]) -> list[Problem]:
    """Each reading's evidence should include both sides.

    The course's own readings must (an error): the lessons and the comparison are built on it. A reading an
    instructor added may truly argue one side only, so for it this is a warning, as is having no evidence yet.
    """
    sides: dict[str, set] = {}
    for row in evidence:
        sides.setdefault(row.get("article_id"), set()).add(row.get("supports"))
    problems = []
    for number, article in enumerate(articles, start=2):
        article_id = article.get("article_id")
        course = is_course_reading(article)
        found = sides.get(article_id)
        if not found:
            if not course:
                problems.append(Problem("articles.csv", number, "article_id", (
                    f"'{article_id}' has no evidence rows yet; fill drafts/{article_id}.evidence.csv and run "
                    f"'aon add-evidence drafts/{article_id}.evidence.csv' before 'aon new-lesson {article_id}'"), warning=True))
            else:
                problems.append(Problem("evidence.csv", None, "article_id", f"the course's reading '{article_id}' has no evidence rows"))
            continue
        missing = [side for side in SIDES if side not in found]
        if missing:
            named = " or ".join(f"'{side}'" for side in missing)
            if course:
                problems.append(Problem("evidence.csv", None, "supports", (
                    f"the course's reading '{article_id}' has no evidence coded {named}; the lessons compare both sides "
                    "of every reading it ships, so restore its rows (git checkout -- data/evidence.csv)")))
            else:
                problems.append(Problem("evidence.csv", None, "supports", (
                    f"'{article_id}' has no evidence coded {named}. That is fine if the reading truly argues one side "
                    "only; otherwise look again for passages on the other side (data/codebook.md) and add them "
                    "with 'aon add-evidence'"), warning=True))
    return problems


def supports_rule_problems(path: str, rows: list[dict]) -> list[Problem]:
    """Refuse an evidence row whose ``supports`` is not what the codebook's rule derives from its ``tie``.

    ``supports`` is never chosen by hand (codebook.md section 6; :func:`aon.codebook.derive_supports`).
    """
    problems = []
    for number, row in enumerate(rows, start=2):
        tie, given = row.get("tie"), row.get("supports")
        if given not in SUPPORTS_BY_TIE.values() or tie not in SUPPORTS_BY_TIE:
            continue  # missing, or an unknown value already reported against the schema
        expected = SUPPORTS_BY_TIE[tie]
        if given != expected:
            level = f"tie '{tie}'" if tie else "an empty tie (level not shown)"
            problems.append(Problem(path, number, "supports", (
                f"'{given}' disagrees with the rule: {level} gives '{expected}'. Write '{expected}', or change the "
                "tie if the evidence shows another level (codebook.md sections 4 and 6); supports is never set by hand")))
    return problems


def coverage_problems(articles: list[dict], evidence: list[dict], coverage: list[dict]) -> list[Problem]:
    """Check that coverage.csv accounts for every sentence of every reading.

    For each reading the spans must run from 0 to the end of its text with no gap or overlap; a span lists
    evidence rows or gives a reason, not both and not neither; every evidence row lies inside the span that
    lists it. A reading an instructor added may still have spans marked 'unreviewed' (a warning); the
    course's own readings may not.
    """
    path = "coverage.csv"
    problems: list[Problem] = []
    course = {a.get("article_id"): is_course_reading(a) for a in articles}
    spans: dict[str, list[tuple[int, dict]]] = {}
    for number, row in enumerate(coverage, start=2):
        spans.setdefault(row.get("article_id"), []).append((number, row))
    where: dict[str, tuple[int, int, int]] = {}
    for article_id, is_course in course.items():
        text_path = articles_dir() / f"{article_id}.txt"
        if not text_path.is_file():
            continue  # reported elsewhere
        length = len(text_path.read_text(encoding="utf-8"))
        rows = sorted(spans.get(article_id, []), key=lambda item: (item[1].get("start") or 0))
        if not rows:
            problems.append(Problem(path, None, "article_id", (
                f"'{article_id}' has no coverage rows: every sentence needs a span with its evidence ids or a reason. "
                f"'aon add-reading' writes them for a new reading (marked 'unreviewed'); restore them with git otherwise"),
                warning=not is_course))
            continue
        position = 0
        unreviewed = 0
        for number, row in rows:
            start, end = row.get("start"), row.get("end")
            if not isinstance(start, int) or not isinstance(end, int):
                continue
            if start != position:
                gap = "a gap" if start > position else "an overlap"
                problems.append(Problem(path, number, "start", (
                    f"{article_id}: span starts at {start} but the previous one ends at {position} ({gap}); "
                    "spans must tile the text so that no sentence is left out")))
            if end <= start:
                problems.append(Problem(path, number, "end", f"end {end} is not after start {start}"))
            position = max(position, end)
            ids = [i for i in str(row.get("evidence_ids") or "").split(";") if i]
            reason = row.get("reason")
            if ids and reason:
                problems.append(Problem(path, number, "reason", "a span lists evidence ids or gives a reason, not both: clear one"))
            if not ids and not reason:
                problems.append(Problem(path, number, "reason", (
                    "this span has neither evidence ids nor a reason: code its claim with 'aon add-evidence', or give "
                    "the reason it carries none (codebook.md section 8)")))
            if reason == "unreviewed":
                unreviewed += 1
            for evidence_id in ids:
                where[evidence_id] = (number, start, end)
        if position != length:
            problems.append(Problem(path, rows[-1][0], "end", (
                f"{article_id}: the spans end at {position} but the text has {length} characters; "
                "cover the rest of the text")))
        if unreviewed:
            problems.append(Problem(path, None, "reason", (
                f"'{article_id}' has {unreviewed} span(s) not yet reviewed: go through them sentence by sentence, "
                "code each claim ('aon add-evidence' fills in the span's ids) or replace 'unreviewed' with a reason "
                "(codebook.md section 8)"), warning=not is_course))
    for number, row in enumerate(evidence, start=2):
        evidence_id, start, end = row.get("evidence_id"), row.get("start"), row.get("end")
        if evidence_id is None or not isinstance(start, int) or not isinstance(end, int):
            continue
        if not spans.get(row.get("article_id")):
            continue  # the reading's missing coverage is reported once above
        if evidence_id not in where:
            problems.append(Problem("evidence.csv", number, "evidence_id", (
                f"'{evidence_id}' is not listed in coverage.csv: add its id to the span of its sentence "
                "('aon add-evidence' does this for you)")))
            continue
        span_row, span_start, span_end = where[evidence_id]
        if not (span_start <= start and end <= span_end):
            problems.append(Problem(path, span_row, "evidence_ids", (
                f"lists '{evidence_id}', whose quote ({start}–{end}) is not inside this span ({span_start}–{span_end})")))
    known = {row.get("evidence_id") for row in evidence}
    for evidence_id, (span_row, _, _) in where.items():
        if evidence_id not in known:
            problems.append(Problem(path, span_row, "evidence_ids", f"'{evidence_id}' is not an evidence id in evidence.csv"))
    return problems


def exercise_passage_problems(path: str, rows: list[dict]) -> list[Problem]:
    """Refuse evidence rows that overlap a passage of the coding exercise (ex01).

    Students code those passages blind, and the course's codes of every evidence row are public
    (data/evidence.csv, the lessons), so a row covering one would hand them the answer.
    """
    problems = []
    for number, row in enumerate(rows, start=2):
        article_id, start, end = row.get("article_id"), row.get("start"), row.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            continue
        for passage_id, passage_article, passage_start, passage_end in PASSAGES:
            if article_id == passage_article and start < passage_end and end > passage_start:
                problems.append(Problem(path, number, "start", (
                    f"characters {start}–{end} overlap passage {passage_id} ({passage_start}–{passage_end}) of the coding "
                    "exercise ex01, which students code blind: a public evidence row there would give them the answer. "
                    "Code another sentence, or move the exercise's passage (PASSAGES in src/aon/grading/exercise_data.py, "
                    "with its key in exercises/source/ex01-coding/tests.py)")))
    return problems


def validate_all(include_warnings: bool = False) -> list[Problem]:
    """Validate every table in the data package, its keys, and every quote against its text.

    Returns the problems (errors); with ``include_warnings``, the warnings too (``problem.warning`` is True).
    """
    root = data_dir()
    try:
        package = load_datapackage()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return [Problem("datapackage.json", None, None, str(exc))]
    problems: list[Problem] = []
    typed: dict[str, list[dict]] = {}
    for spec in package["resources"]:
        found, rows = validate_resource(spec, root)
        problems += found
        typed[spec["name"]] = rows
    for spec in package["resources"]:
        problems += _foreign_key_problems(spec, typed[spec["name"]], typed)
        if spec["name"] in SPAN_TABLES:
            problems += span_problems(spec["name"], spec["path"], typed[spec["name"]])
        if spec["name"] in ID_TABLES:
            problems += id_problems(spec["name"], spec["path"], typed[spec["name"]])
    problems += exercise_passage_problems("evidence.csv", typed.get("evidence", []))
    # The course's own readings were coded in two passes (codebook 1's rows in text order, then codebook 2's
    # sentence-by-sentence pass with the next free numbers), so text order is checked for added readings only.
    added = {a.get("article_id") for a in typed.get("articles", []) if not is_course_reading(a)}
    problems += text_order_problems("evidence.csv", typed.get("evidence", []),
                                    among={r.get("evidence_id") for r in typed.get("evidence", []) if r.get("article_id") in added})
    problems += side_problems(typed.get("articles", []), typed.get("evidence", []))
    problems += supports_rule_problems("evidence.csv", typed.get("evidence", []))
    problems += event_problems(typed.get("events", []), typed.get("evidence", []))  # the timeline's links
    if "coverage" in typed:
        problems += coverage_problems(typed.get("articles", []), typed.get("evidence", []), typed["coverage"])
    problems += document_and_record_problems()  # primary documents and the record since 2022 (aon.documents)
    for row_number, row in enumerate(typed.get("articles", []), start=2):
        if not (articles_dir() / f"{row.get('article_id')}.txt").is_file():
            problems.append(Problem("articles.csv", row_number, "article_id", f"no text file data/articles/{row.get('article_id')}.txt"))
    return problems if include_warnings else [p for p in problems if not p.warning]


def event_problems(events: list[dict], evidence: list[dict]) -> list[Problem]:
    """Check the timeline's links: every id in events.csv's ``evidence_ids`` is a row of evidence.csv, and
    ``articles`` lists exactly the readings of those rows ('aon add-event' and 'aon remove-reading' keep both);
    every ``event_key`` an evidence row names is an event of events.csv that lists the row."""
    article_of = {row.get("evidence_id"): row.get("article_id") for row in evidence}
    problems = []
    for number, row in enumerate(events, start=2):
        ids = [i.strip() for i in str(row.get("evidence_ids") or "").split(";") if i.strip()]
        for evidence_id in ids:
            if evidence_id not in article_of:
                problems.append(Problem("events.csv", number, "evidence_ids", (
                    f"'{evidence_id}' is not an evidence id in evidence.csv: remove it from the list, or add its row "
                    "first ('aon add-event' links rows that exist)")))
        listed = [a.strip() for a in str(row.get("articles") or "").split(";") if a.strip()]
        expected = list(dict.fromkeys(article_of[i] for i in ids if i in article_of))
        if ids and expected and set(listed) != set(expected):
            problems.append(Problem("events.csv", number, "articles", (
                f"lists {';'.join(listed) or 'no reading'}, but its evidence rows are from {';'.join(expected)}: "
                "write the readings of its evidence rows")))
    listed_under = {row.get("event_key"): {i.strip() for i in str(row.get("evidence_ids") or "").split(";")} for row in events}
    for number, row in enumerate(evidence, start=2):
        key, evidence_id = row.get("event_key"), row.get("evidence_id")
        if not key:
            continue
        if key not in listed_under:
            problems.append(Problem("evidence.csv", number, "event_key", (
                f"'{key}' is not an event of events.csv: add it with 'aon add-event {key} {evidence_id} --label ... "
                "--date ... --category ... --date-source ...', or correct the key (or empty the cell)")))
        elif evidence_id not in listed_under[key]:
            problems.append(Problem("evidence.csv", number, "event_key", (
                f"{evidence_id} names the event '{key}', which does not list it: run 'aon add-event {key} {evidence_id}'")))
    return problems


# ---------------------------------------------------------------- the command

def run_validate(args: argparse.Namespace) -> int:
    """Print every problem in the data; exit 1 if there is any."""
    started = time.perf_counter()
    found = validate_all(include_warnings=True)
    problems = [p for p in found if not p.warning]
    warnings = [p for p in found if p.warning]
    for problem in problems + warnings:
        print(problem)
    elapsed = time.perf_counter() - started
    if problems:
        print(f"{len(problems)} problem(s) found in data/ ({elapsed:.2f} s). Fix them and run 'aon validate' again.")
        return 1
    print(f"data/ is valid: every table matches datapackage.json and every quote matches its text ({elapsed:.2f} s).")
    if warnings:
        print(f"{len(warnings)} warning(s) above: worth a look, but they do not stop the course from running.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the subcommand ``aon validate``."""
    validate = subparsers.add_parser("validate", help="check every table against datapackage.json and every quote against its text")
    validate.set_defaults(func=run_validate)
