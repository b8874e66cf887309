"""Add a reading of your own: ``aon add-reading`` and ``aon add-evidence``.

``add-reading`` copies a plain-text article into ``data/articles/ID.txt``
(UTF-8, LF line ends), adds its row to ``data/articles.csv`` and writes an
evidence template, ``drafts/ID.evidence.csv``, for the instructor to fill with
the codebook (``data/codebook.md``). ``add-evidence`` checks the filled rows
(it works out ``start`` and ``end`` from each quote when they are left blank)
and appends them to ``data/evidence.csv``.

Both refuse, with a message that says what to do, rather than overwrite
anything; a refused or failed command leaves ``data/`` exactly as it was.
"""
from __future__ import annotations

import argparse
import calendar
import csv
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from ..codebook import SUPPORTS_BY_TIE, drivers, tie_levels
from ..csvlines import rows_with_lines
from ..data import resource, vocabulary
from ..errors import CourseError, did_you_mean
from ..ids import field_pattern, numbered_id
from ..locate import describe_location, locate
from ..paths import data_dir, project_root
from .build import stamp_navigation, syllabus_without
from .coverage import place_evidence, unreviewed_rows
from .validate import (
    exercise_passage_problems,
    id_problems,
    span_problems,
    supports_rule_problems,
    text_order_problems,
    validate_resource,
)


def id_pattern(table: str = "articles", column: str = "article_id") -> re.Pattern:
    """What an article id (or another key, e.g. ``events.event_key``) looks like: datapackage.json's pattern."""
    return re.compile(field_pattern(table, column))


def confidence_labels() -> list[str]:
    """The confidence labels an article's date may have (datapackage.json's)."""
    return vocabulary("articles", "confidence")
OLDEST_PLAUSIBLE_YEAR = 1900  # older dates are allowed (a historical document), with a warning


def evidence_columns() -> list[str]:
    """The columns of data/evidence.csv, in order, as data/datapackage.json declares them."""
    return [field["name"] for field in resource("evidence")["schema"]["fields"]]


@dataclass(frozen=True)
class PublicationDate:
    """A publication date as given, with the earliest and latest days it allows."""

    text: str
    earliest: date
    latest: date
    precision: str


def parse_publication_date(value: str) -> PublicationDate:
    """Parse 2023-05-17, 2023-05, 2023, '17 May 2023' or 'May 2023'; raise CourseError otherwise."""
    value = value.strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%d %B %Y", "day"), ("%B %d, %Y", "day"), ("%Y-%m", "month"),
                           ("%B %Y", "month"), ("%Y", "year")):
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if precision == "day":
            return PublicationDate(value, parsed, parsed, precision)
        if precision == "month":
            last = calendar.monthrange(parsed.year, parsed.month)[1]
            return PublicationDate(value, parsed, parsed.replace(day=last), precision)
        return PublicationDate(value, parsed, parsed.replace(month=12, day=31), precision)
    if value.lower() in ("unknown", "n.d.", "nd", "none", ""):
        raise CourseError(f"the publication date cannot be '{value}': the course orders its readings by date. Give "
                          "at least the year you can vouch for (e.g. --published 2023), say how you know it in --note "
                          "(e.g. 'no date on the page; it cites a report of March 2023') and use --confidence "
                          "partly_inferred. Author and outlet, unlike the date, may be 'unknown'.")
    raise CourseError(f"cannot read the date '{value}'. Write it as 2023-05-17, 2023-05 or 2023 "
                      "(or '17 May 2023'); if the date is unknown, give the year you can vouch for and explain in --note.")


def check_publication_date(when: PublicationDate, today: date | None = None) -> tuple[PublicationDate, str | None]:
    """Refuse a date after today; return the date (its latest bound no later than today) and a warning or None."""
    today = today or date.today()
    if when.earliest > today:
        raise CourseError(f"--published {when.text} is after today ({today.isoformat()}): a reading cannot have been "
                          "published in the future. Check the year and month (nothing was changed).")
    if when.latest > today:  # this year or month: it was published by today at the latest
        when = PublicationDate(when.text, when.earliest, today, when.precision)
    warning = None
    if when.earliest.year < OLDEST_PLAUSIBLE_YEAR:
        warning = (f"--published {when.text} is before {OLDEST_PLAUSIBLE_YEAR}. If that is right (a historical "
                   "document), keep it; if it is a typing slip, remove the reading (README, 'Add your own reading') "
                   "and add it again with the right year.")
    return when, warning


def read_plain_text(path: Path) -> str:
    """Read a text file in UTF-8 (or UTF-16 with a byte-order mark); refuse binary and empty files."""
    if not path.is_file():
        raise CourseError(f"no file at {path}. Give the path of a plain-text (.txt) file.")
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        if b"\x00" in raw[:8192] or raw.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise CourseError(f"{path.name} looks like a binary file (a PDF, Word or other document?). "
                              "Save the article as plain text (.txt, UTF-8) and try again.")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CourseError(f"{path.name} is not UTF-8 text (byte {exc.start} cannot be read). Open it in a text "
                              "editor and save it as UTF-8, then try again.") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CourseError(f"{path.name} is empty. Paste the article's text into it and try again.")
    return text.strip("\n") + "\n"


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _csv_text(header: list[str], rows: list[dict[str, str]], with_header: bool = True, newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=newline)
    if with_header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _appended(path: Path, header: list[str], rows: list[dict[str, str]]) -> str:
    """The text of the CSV file ``path`` with ``rows`` added at its end; every existing byte is kept as it is."""
    original = path.read_bytes().decode("utf-8")
    newline = "\r\n" if "\r\n" in original.split("\n", 1)[0] + "\n" else "\n"
    if original and not original.endswith("\n"):
        original += newline
    return original + _csv_text(header, rows, with_header=False, newline=newline)


def _write_all_or_nothing(files: dict[Path, str]) -> None:
    """Write several files so that either all change or none does."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=target.parent, delete=False, suffix=".tmp")
            with handle:
                handle.write(content)
            staged.append((Path(handle.name), target))
    except OSError as exc:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise CourseError(f"could not write {exc.filename}: {exc.strerror}. Nothing was changed.") from None
    for temp, target in staged:
        os.replace(temp, target)


def _warn(message: str) -> None:
    print(f"WARNING: {message}", file=sys.stderr)


def add_reading(text_file: Path, article_id: str, title: str, author: str, outlet: str, published: str,
                url: str = "unknown", confidence: str = "unknown", note: str = "",
                warn: Callable[[str], None] = _warn) -> Path:
    """Add a reading to the course; return the path of its evidence template. Changes nothing on refusal.

    ``warn`` receives any warning (an implausibly old date); by default it is printed to stderr.
    """
    if not id_pattern().fullmatch(article_id or ""):
        raise CourseError(f"'{article_id}' is not a usable id. Use lower-case letters, digits and hyphens, starting with a "
                          "letter, author and year where known: e.g. 'lo-2023' or 'mfa-2024'.")
    articles_csv = data_dir() / "articles.csv"
    header, rows = _read_csv(articles_csv)
    if any(row["article_id"] == article_id for row in rows) or (data_dir() / "articles" / f"{article_id}.txt").exists():
        _refuse_a_rerun(article_id, text_file)
        raise CourseError(f"a reading with the id '{article_id}' exists already; choose another id (nothing was overwritten).")
    if confidence not in confidence_labels():
        raise CourseError(f"--confidence must be one of {', '.join(confidence_labels())}, not '{confidence}'.")
    for name, value in (("title", title), ("author", author), ("outlet", outlet)):
        if not value or not value.strip():
            raise CourseError(f"--{name} is empty; write 'unknown' if it is not known.")
    when, date_warning = check_publication_date(parse_publication_date(published))
    text = read_plain_text(Path(text_file))
    sequence = max(int(row["sequence"]) for row in rows) + 1
    if sequence > 9:
        raise CourseError("the course has room for nine readings (lessons 01-09); remove one before adding another.")
    new_row = {
        "article_id": article_id, "sequence": str(sequence), "seed_file": "none", "title": title.strip(),
        "author": author.strip(), "author_affiliation": "unknown", "outlet": outlet.strip(), "published": when.text,
        "date_earliest": when.earliest.isoformat(), "date_latest": when.latest.isoformat(),
        "date_basis": f"Given by the instructor as '{when.text}' (precision: {when.precision}).",
        "url": url.strip() or "unknown", "confidence": confidence,
        "note": note.strip() or "Added by an instructor with 'aon add-reading'.",
    }
    template = project_root() / "drafts" / f"{article_id}.evidence.csv"
    if template.exists():
        raise CourseError(f"{template.relative_to(project_root())} exists already; move it away first (nothing was changed).")
    columns = evidence_columns()
    example = {column: "" for column in columns}
    example.update(evidence_id=f"{article_id}-01", article_id=article_id,
                   quote="(replace with a verbatim quote; leave start and end empty)",
                   claim="(our paraphrase)", theme="(a theme from data/codebook.md)", evidence_type="judgement",
                   tie=f"({', '.join(tie_levels()[:-1])} or {tie_levels()[-1]}; empty if the level is not shown)",
                   driver=f"({', '.join(drivers()[:-1])} or {drivers()[-1]})",
                   supports="(leave empty: derived from tie)",
                   rationale="(why, naming both the tie and the driver, with the codebook's definitions)",
                   claim_key="(leave empty, or the key of a row making the same claim)")
    coverage_csv = data_dir() / "coverage.csv"
    coverage_header, _ = _read_csv(coverage_csv)
    _write_all_or_nothing({
        data_dir() / "articles" / f"{article_id}.txt": text,
        articles_csv: _appended(articles_csv, header, [new_row]),  # the other rows stay byte for byte
        coverage_csv: _appended(coverage_csv, coverage_header, unreviewed_rows(article_id, text)),
        template: _csv_text(columns, [example]),
    })
    if date_warning:
        warn(date_warning)
    return template


def _read_draft(draft: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a filled template: its header and its rows, each with the line of the file it starts on."""
    try:
        text = draft.read_bytes().decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = list(reader.fieldnames or [])
        rows = list(rows_with_lines(reader))
    except UnicodeDecodeError:
        raise CourseError(f"{draft} is not UTF-8 text. Save it as 'CSV UTF-8' (in a spreadsheet: Save as, CSV UTF-8) "
                          "and try again; nothing was added.") from None
    except csv.Error as exc:
        raise CourseError(f"{draft} cannot be read as CSV ({exc}). Open it in a spreadsheet, save it as CSV UTF-8 "
                          "and try again; nothing was added.") from None
    return header, rows


def _draft_problem(draft: Path, line: int | None, column: str | None, message: str) -> str:
    where = f"line {line}" if line is not None else str(draft)
    return f"{where}, column '{column}': {message}" if column else f"{where}: {message}"


def add_evidence(draft: Path, warn: Callable[[str], None] = _warn) -> int:
    """Check the rows of a filled evidence template and append them to data/evidence.csv; return how many.

    Every problem of the draft is reported at once, by the draft's own line numbers; nothing is added
    unless all of its rows are sound. ``warn`` receives any warning (the draft's own ids numbered out of
    the order of the text); by default it is printed to stderr. Evidence for a passage earlier than
    rows already in evidence.csv is fine: it simply takes the next free number.
    """

    draft = Path(draft)
    if not draft.is_file():
        raise CourseError(f"no file at {draft}. Give the path of the filled template (drafts/ID.evidence.csv).")
    draft_header, numbered = _read_draft(draft)
    if not numbered:
        raise CourseError(f"{draft} has no rows. Fill in at least one piece of evidence.")
    evidence_csv = data_dir() / "evidence.csv"
    header, rows = _read_csv(evidence_csv)
    problems: list[tuple[int, str]] = []  # (line of the draft, message), sorted by line before they are shown

    def report(line: int, column: str | None, message: str) -> None:
        problems.append((line, _draft_problem(draft, line, column, message)))

    missing = [c for c in header if c not in draft_header]
    extra = [c for c in draft_header if c not in header]
    if missing:
        report(1, None, f"the header lacks the column(s) {', '.join(missing)}; the template's header is: {','.join(header)}")
    if extra:
        report(1, None, f"unexpected column(s) {', '.join(extra)}: they would be lost, so remove them "
                        "(or move their notes into 'rationale')")
    known_articles = {row["article_id"] for row in _read_csv(data_dir() / "articles.csv")[1]}
    existing_ids = {row["evidence_id"]: number for number, row in enumerate(rows, start=2)}

    def next_free(article_id: str) -> str:
        numbers = [int(m.group("number")) for i in list(existing_ids) + [r.get("evidence_id") or "" for _, r in numbered]
                   if (m := numbered_id("evidence", article_id).fullmatch(i.strip()))]
        return f"{article_id}-{max(numbers, default=0) + 1:02d}"

    seen_ids: dict[str, int] = {}
    unplaced: set[int] = set()  # draft rows whose start and end could not be worked out
    for line, row in numbered:
        article_id = row.get("article_id") or ""
        if None in row:
            report(line, None, "the row has more cells than the header: a cell holding a comma must be in double "
                               "quotes (a spreadsheet does this when it saves as CSV)")
        evidence_id = (row.get("evidence_id") or "").strip()
        if evidence_id in existing_ids:
            free = f" (e.g. {next_free(article_id)})" if article_id in known_articles else ""
            report(line, "evidence_id", f"'{evidence_id}' is already in data/evidence.csv (row {existing_ids[evidence_id]}); "
                                        f"give this row the next free number of its article{free}")
        elif evidence_id and evidence_id in seen_ids:
            report(line, "evidence_id", f"'{evidence_id}' repeats line {seen_ids[evidence_id]} of the draft; ids must be unique")
        else:
            seen_ids.setdefault(evidence_id, line)
        if article_id not in known_articles:
            report(line, "article_id", f"article '{article_id}' is unknown. Add it first with 'aon add-reading'.")
            unplaced.add(line)
            continue
        if not (row.get("start") or "").strip() and not (row.get("end") or "").strip():
            matches = locate(article_id, row.get("quote") or "")
            if len(matches) != 1 or not matches[0].exact:
                report(line, "quote", describe_location(article_id, row.get("quote") or "")[1])
                unplaced.add(line)
                continue
            row["start"], row["end"] = str(matches[0].start), str(matches[0].end)
    own_claim: set[int] = set()  # lines whose claim_key is their own id (a badly formed id is reported once, as an id)
    for line, row in numbered:
        if not (row.get("claim_key") or "").strip():
            row["claim_key"] = (row.get("evidence_id") or "").strip()  # a claim of its own
            own_claim.add(line)
        tie = (row.get("tie") or "").strip()
        if not (row.get("supports") or "").strip() and (tie or None) in SUPPORTS_BY_TIE:
            row["supports"] = SUPPORTS_BY_TIE[tie or None]  # derived, never chosen by hand (an empty tie: ambiguous)
    new_rows = [{column: (row.get(column) or "") for column in header} for _, row in numbered]
    if _already_added(new_rows, rows):
        raise CourseError(f"every row of {draft} is in data/evidence.csv already, with the same id and quote: "
                          "this draft was added before, and nothing was added again. Run 'aon validate' to check the data.")
    offset = len(rows) + 2  # the row number in evidence.csv of the draft's first row
    draft_ids = {row["evidence_id"] for row in new_rows if row["evidence_id"]}
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, "evidence.csv").write_text(_csv_text(header, rows + new_rows), encoding="utf-8")
        found, typed = validate_resource(resource("evidence"), Path(scratch))
        found += span_problems("evidence", "evidence.csv", typed)
        found += exercise_passage_problems("evidence.csv", typed)
        found += id_problems("evidence", "evidence.csv", typed)
        found += supports_rule_problems("evidence.csv", typed)
        order = text_order_problems("evidence.csv", typed, among=draft_ids, draft=True)  # warnings: the draft's own rows only
    warnings = [_draft_problem(draft, numbered[p.row - offset][0], p.column, p.message)
                for p in order if p.row is not None and p.row >= offset]
    for problem in found:
        if problem.row is None or problem.row < offset:  # a row already in evidence.csv
            continue
        line, row = numbered[problem.row - offset]
        if problem.column == "evidence_id" and "repeats row" in problem.message:
            continue  # reported above, saying where the id already is
        if line in unplaced and problem.column in ("start", "end", "article_id"):
            continue  # follows from a problem reported above
        if line in own_claim and problem.column == "claim_key":
            continue  # the claim key is the id, whose problem is reported under evidence_id
        report(line, problem.column, problem.message.replace("lo-2023", row.get("article_id") or "lo-2023"))
    for message in warnings:
        warn(message)
    if problems:
        listed = "\n".join(f"  {message}" for _, message in sorted(problems, key=lambda p: p[0]))
        raise CourseError(f"{draft} has {len(problems)} problem(s); nothing was added. Fix them all, then run "
                          f"'aon add-evidence {draft}' again. Line numbers are those of {draft} (line 1 is the header):\n{listed}")
    coverage_csv = data_dir() / "coverage.csv"
    coverage_header, coverage = _read_csv(coverage_csv)
    _write_all_or_nothing({
        evidence_csv: _appended(evidence_csv, header, new_rows),  # the other rows stay byte for byte
        coverage_csv: _csv_text(coverage_header, place_evidence(coverage, new_rows)),  # each row listed in its sentence
    })
    return len(new_rows)


def _already_added(new_rows: list[dict[str, str]], rows: list[dict[str, str]]) -> bool:
    """True if every row of a draft is in evidence.csv already with the same id and quote (a re-run)."""
    present = {(row["evidence_id"], row["quote"]) for row in rows}
    return bool(new_rows) and all((row["evidence_id"].strip(), row["quote"]) in present for row in new_rows)


def _run_add_reading(args: argparse.Namespace) -> int:
    template = add_reading(Path(args.text_file), args.id, args.title, args.author, args.outlet, args.published,
                           url=args.url, confidence=args.confidence, note=args.note)
    rel = template.relative_to(project_root())
    print(f"added data/articles/{args.id}.txt and its row in data/articles.csv.\n"
          f"Next: code its evidence in {rel} (see data/codebook.md; 'aon locate {args.id} \"...\"' finds a quote), then\n"
          f"  aon add-evidence {rel}\n  aon validate\n  aon new-lesson {args.id}")
    return 0


def _run_add_evidence(args: argparse.Namespace) -> int:
    count = add_evidence(Path(args.draft))
    print(f"added {count} evidence row(s) to data/evidence.csv. Run 'aon validate', then 'aon new-lesson ID'.")
    return 0


def run_locate(args: argparse.Namespace) -> int:
    """Print the offsets of a quote in an article, or why it cannot be placed (``aon locate``)."""
    ok, message = describe_location(args.article_id, args.quote)
    print(message)
    return 0 if ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    locate = subparsers.add_parser("locate", help="print the start/end offsets of a quote in an article")
    locate.add_argument("article_id")
    locate.add_argument("quote")
    locate.set_defaults(func=run_locate)
    add = subparsers.add_parser("add-reading", help="add a plain-text reading of your own to the course")
    add.add_argument("text_file")
    add.add_argument("--id", required=True, help="short id, e.g. lo-2023")
    add.add_argument("--title", required=True)
    add.add_argument("--author", required=True, help="or 'unknown'")
    add.add_argument("--outlet", required=True, help="or 'unknown'")
    add.add_argument("--published", required=True, help="2023-05-17, 2023-05 or 2023")
    add.add_argument("--url", default="unknown")
    add.add_argument("--confidence", default="unknown", help="verified, from_text, partly_inferred or unknown (the default)")
    add.add_argument("--note", default="")
    add.set_defaults(func=_run_add_reading)
    evidence = subparsers.add_parser("add-evidence", help="append a filled evidence template to data/evidence.csv")
    evidence.add_argument("draft")
    evidence.set_defaults(func=_run_add_evidence)
    register_more(subparsers)


# ---------------------------------------------------------------- add-event and remove-reading

def _csv_records(text: str) -> list[str]:
    """Split the text of a CSV file into its records (the header first), each with its own line end, byte for byte."""
    records: list[str] = []
    pending = ""
    for line in _lf_lines(text):
        pending += line
        if pending.count('"') % 2 == 0:  # a record ends where its quotes are balanced
            records.append(pending)
            pending = ""
    if pending:
        records.append(pending)
    return records


def _lf_lines(text: str) -> list[str]:
    """Lines split at LF only (str.splitlines also splits at U+2028 and form feeds, which csv keeps in a cell)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + ([parts[-1]] if parts[-1] else [])


def _parse_record(header: list[str], record: str) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(record, newline=""), fieldnames=header))


def _record_text(header: list[str], row: dict[str, str], newline: str) -> str:
    return _csv_text(header, [row], with_header=False, newline=newline)


def _edited_csv(path: Path, edit: Callable[[dict[str, str]], dict[str, str] | None]) -> tuple[str, int]:
    """The text of ``path`` with ``edit`` applied to each row (None drops it); return it and how many rows changed.

    Rows that ``edit`` returns unchanged keep their bytes exactly, quotes and line ends included.
    """
    text = path.read_bytes().decode("utf-8")
    records = _csv_records(text)
    if not records:
        return text, 0
    header = next(csv.reader(io.StringIO(records[0], newline="")))
    out, changed = [records[0]], 0
    for record in records[1:]:
        if not record.strip():
            out.append(record)
            continue
        row = _parse_record(header, record)
        new = edit(dict(row))
        if new is None:
            changed += 1
        elif new != row:
            newline = "\r\n" if record.endswith("\r\n") else "\n"
            out.append(_record_text(header, new, newline))
            changed += 1
        else:
            out.append(record)
    return "".join(out), changed


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _resource_field(name: str, column: str) -> dict:
    return next(f for f in resource(name)["schema"]["fields"] if f["name"] == column)


def event_categories() -> list[str]:
    """The categories an event of data/events.csv may have, as data/datapackage.json lists them."""
    return list(_resource_field("events", "category")["constraints"]["enum"])


def event_precisions() -> list[str]:
    """The values of events.csv's ``date_precision``, as data/datapackage.json lists them."""
    return list(_resource_field("events", "date_precision")["constraints"]["enum"])


def add_event(event_key: str, evidence_ids: list[str], label: str | None = None, when: str | None = None,
              precision: str | None = None, category: str | None = None, date_source: str | None = None,
              note: str = "") -> str:
    """Link evidence rows to an event of the timeline (data/events.csv); return what was done, in words.

    If ``event_key`` is already in events.csv, the rows are added to its ``evidence_ids`` and their readings to
    its ``articles`` (give no label, date or category then). Otherwise a new event is added, which needs a
    ``label``, a date (``when``: 2024-05-17, 2024-05 or 2024; the precision follows unless ``precision`` is
    given), a ``category`` (a theme of data/codebook.md) and where the date comes from (``date_source``).
    A re-run that would change nothing says so and changes nothing. Every refusal leaves data/ as it was.
    """
    if not id_pattern("events", "event_key").fullmatch(event_key or ""):
        raise CourseError(f"'{event_key}' is not a usable event key. Use lower-case letters, digits and hyphens, "
                          "starting with a letter, e.g. 'power-of-siberia-2019' (nothing was changed).")
    ids = [i.strip() for i in evidence_ids if i.strip()]
    if not ids:
        raise CourseError("give at least one evidence id (e.g. lo-2023-04) of a row that mentions the event (nothing was changed).")
    _, evidence = _read_csv(data_dir() / "evidence.csv")
    article_of = {row["evidence_id"]: row["article_id"] for row in evidence}
    unknown = [i for i in ids if i not in article_of]
    if unknown:
        hint = did_you_mean(unknown[0], list(article_of))
        raise CourseError(f"evidence id(s) {', '.join(unknown)} are not in data/evidence.csv.{hint} Add the rows first "
                          "with 'aon add-evidence' (nothing was changed).")
    events_csv = data_dir() / "events.csv"
    header, events = _read_csv(events_csv)
    existing = next((row for row in events if row["event_key"] == event_key), None)
    if existing is not None:
        given = {"--label": label, "--date": when, "--precision": precision, "--category": category,
                 "--date-source": date_source, "--note": note}
        clash = [name for name, value in given.items() if value]
        if clash:
            raise CourseError(f"the event '{event_key}' is in data/events.csv already ({existing['label']}, "
                              f"{existing['date']}); to link rows to it give only the key and the evidence ids, without "
                              f"{', '.join(clash)}. To correct the event itself, edit its row (nothing was changed).")
        new_ids = [i for i in ids if i not in _split(existing["evidence_ids"])]
        if not new_ids:
            return f"already there: {', '.join(ids)} {'is' if len(ids) == 1 else 'are'} linked to '{event_key}' (nothing was changed)."
        articles = _split(existing["articles"])
        articles += [a for a in dict.fromkeys(article_of[i] for i in new_ids) if a not in articles]

        def link(row: dict[str, str]) -> dict[str, str]:
            if row["event_key"] == event_key:
                row = dict(row, evidence_ids=";".join(_split(row["evidence_ids"]) + new_ids), articles=";".join(articles))
            return row

        text, _ = _edited_csv(events_csv, link)
        _check_and_write_events(events_csv, text)
        return f"linked {', '.join(new_ids)} to the event '{event_key}' in data/events.csv."
    missing = [name for name, value in (("--label", label), ("--date", when), ("--category", category),
                                        ("--date-source", date_source)) if not (value or "").strip()]
    if missing:
        raise CourseError(f"'{event_key}' is a new event: give {', '.join(missing)} too (see 'aon add-event --help'), "
                          "or use the key of an event already in data/events.csv (nothing was changed).")
    if category not in event_categories():
        raise CourseError(f"--category '{category}' is not a theme of the codebook.{did_you_mean(category, event_categories())} "
                          f"Use one of: {', '.join(event_categories())} (nothing was changed).")
    try:
        parsed = parse_publication_date(when or "")
    except CourseError:
        raise CourseError(f"cannot read the event's date '{when}'. Write it as 2024-05-17, 2024-05 or 2024 (the first day "
                          "of a month or year is stored, with its precision); nothing was changed.") from None
    precision = precision or parsed.precision
    if precision not in event_precisions():
        raise CourseError(f"--precision must be one of {', '.join(event_precisions())}, not '{precision}' (nothing was changed).")
    row = {column: "" for column in header}
    row.update(event_key=event_key, label=label.strip(), date=parsed.earliest.isoformat(), date_precision=precision,
               category=category, evidence_ids=";".join(dict.fromkeys(ids)),
               articles=";".join(dict.fromkeys(article_of[i] for i in ids)), date_source=date_source.strip(),
               note=note.strip())
    _check_and_write_events(events_csv, _appended(events_csv, header, [row]))
    return f"added the event '{event_key}' ({parsed.earliest.isoformat()}, {precision}) to data/events.csv, linked to {', '.join(ids)}."


def _check_and_write_events(events_csv: Path, text: str) -> None:
    """Check the new events.csv against its schema in a scratch folder; write it only if it is sound."""
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, "events.csv").write_text(text, encoding="utf-8", newline="")
        problems, _ = validate_resource(resource("events"), Path(scratch))
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise CourseError(f"the event would make data/events.csv unsound; nothing was changed:\n{listed}")
    _write_all_or_nothing({events_csv: text})


#: Tables with one row per reading's item, and the column that names the reading (second_coder.csv names
#: it only through the evidence id).
READING_TABLES = {"articles.csv": "article_id", "evidence.csv": "article_id", "coverage.csv": "article_id",
                  "statistics.csv": "article_id", "sources_cited.csv": "article_id", "second_coding.csv": "article_id",
                  "document_evidence.csv": "article_id", "second_coder.csv": "evidence_id"}


@dataclass
class Removal:
    """What ``remove-reading`` would change: new text per data file, and files to delete."""

    article_id: str
    texts: dict[Path, str]
    counts: dict[str, int]
    delete: list[Path]
    course_reading: bool

    def describe(self) -> str:
        """The plan, in words, one line per file."""
        root = project_root()
        lines = [f"  data/{name}: {count} row(s) {'removed or changed' if name == 'events.csv' else 'removed'}"
                 for name, count in self.counts.items() if count]
        lines += [f"  {path.relative_to(root).as_posix()}: the lesson's row, and the total time under the table"
                  for path in self.texts if path.name == "syllabus.md"]
        lines += [f"  {path.relative_to(root).as_posix()}" for path in self.delete]
        return "\n".join(lines)


def plan_removal(article_id: str) -> Removal:
    """Work out what removing a reading changes, without changing anything; refuse an unknown id."""
    _, articles = _read_csv(data_dir() / "articles.csv")
    known = [row["article_id"] for row in articles]
    if article_id not in known:
        raise CourseError(f"there is no reading '{article_id}' in data/articles.csv.{did_you_mean(article_id, known)} "
                          f"The readings are: {', '.join(known)} (nothing was changed).")
    article = next(row for row in articles if row["article_id"] == article_id)
    prefix = f"{article_id}-"
    texts: dict[Path, str] = {}
    counts: dict[str, int] = {}
    for name, column in READING_TABLES.items():
        path = data_dir() / name
        if not path.is_file():
            continue
        if column == "evidence_id":
            keep = lambda row, c=column: None if row.get(c, "").startswith(prefix) else row  # noqa: E731
        else:
            keep = lambda row, c=column: None if row.get(c) == article_id else row  # noqa: E731
        text, changed = _edited_csv(path, keep)
        counts[name] = changed
        if changed:
            texts[path] = text

    def unlink(row: dict[str, str]) -> dict[str, str] | None:
        ids = _split(row.get("evidence_ids", ""))
        kept = [i for i in ids if not i.startswith(prefix)]
        if kept == ids and article_id not in _split(row.get("articles", "")):
            return row
        if not kept:
            return None
        return dict(row, evidence_ids=";".join(kept), articles=";".join(a for a in _split(row["articles"]) if a != article_id))

    events_csv = data_dir() / "events.csv"
    text, changed = _edited_csv(events_csv, unlink)
    counts["events.csv"] = changed
    if changed:
        texts[events_csv] = text
    delete = [p for p in [data_dir() / "articles" / f"{article_id}.txt",
                          project_root() / "notebooks" / "content" / f"{article_id}.toml"] if p.exists()]
    stem = article_id.replace("-", "_")
    notebooks = project_root() / "notebooks"
    delete += sorted(notebooks.glob(f"[0-9][0-9]_reading_{stem}.ipynb"))
    delete += sorted((notebooks / "figures").glob(f"[0-9][0-9]_{stem}_*.png"))
    if listed := syllabus_without([p.name for p in delete if p.suffix == ".ipynb"]):
        texts[listed[0]] = listed[1]   # the lesson's row in docs/syllabus.md, and the total time under it
    return Removal(article_id, texts, counts, delete, course_reading=article.get("seed_file", "none") != "none")


def remove_reading(article_id: str) -> Removal:
    """Remove a reading and everything that belongs to it; re-stamp the lessons' navigation; return what was done.

    Its rows leave articles.csv, evidence.csv, coverage.csv (and the other tables that name it), its
    evidence ids leave data/events.csv (an event left with none goes), and its text, content file, lesson
    notebook and figures are deleted. Every other row keeps its bytes, so removing the reading added last
    gives back data/ exactly as it was before it was added. The instructor's draft in drafts/ is kept.
    """
    plan = plan_removal(article_id)
    _write_all_or_nothing(plan.texts)
    for path in plan.delete:
        path.unlink()
    stamp_navigation()
    return plan


def _refuse_a_rerun(article_id: str, text_file: Path) -> None:
    """Say so if add-reading is run again for a reading already added from the same text (nothing is changed)."""
    stored = data_dir() / "articles" / f"{article_id}.txt"
    try:
        same = stored.is_file() and read_plain_text(Path(text_file)) == stored.read_text(encoding="utf-8")
    except CourseError:
        same = False
    if same:
        raise CourseError(f"already there: the reading '{article_id}' was added before from this same text, and nothing "
                          f"was added again. Next: fill drafts/{article_id}.evidence.csv and run 'aon add-evidence', "
                          f"or 'aon remove-reading {article_id}' to start again.")


def _run_add_event(args: argparse.Namespace) -> int:
    print(add_event(args.event_key, args.evidence_ids, label=args.label, when=args.date, precision=args.precision,
                    category=args.category, date_source=args.date_source, note=args.note))
    return 0


def _run_remove_reading(args: argparse.Namespace) -> int:
    plan = plan_removal(args.article_id)
    warning = ("\nIt is one of the course's own readings: lessons 10-15, the exercises and the grading quote it, "
               "so they will fail without it." if plan.course_reading else "")
    if not args.yes:
        print(f"'aon remove-reading {args.article_id} --yes' would remove:\n{plan.describe()}{warning}\n"
              "Nothing was changed. Run it again with --yes to remove them.")
        return 1
    remove_reading(args.article_id)
    print(f"removed '{args.article_id}':\n{plan.describe()}{warning}\nNavigation re-stamped. Run 'aon validate' to check the data."
          + (f"\nYour draft drafts/{args.article_id}.evidence.csv is kept; move it away before adding the reading again."
             if (project_root() / "drafts" / f"{args.article_id}.evidence.csv").exists() else ""))
    return 0


def register_more(subparsers: argparse._SubParsersAction) -> None:
    """Add the subcommands ``add-event`` and ``remove-reading``."""
    event = subparsers.add_parser("add-event", help="link evidence rows to an event of the timeline (data/events.csv)")
    event.add_argument("event_key", help="e.g. power-of-siberia-2019: an event of data/events.csv, or a new one")
    event.add_argument("evidence_ids", nargs="+", help="ids of evidence rows that mention the event")
    event.add_argument("--label", help="a new event's short name")
    event.add_argument("--date", help="a new event's date: 2024-05-17, 2024-05 or 2024")
    event.add_argument("--precision", help="day, month, season, year or years (default: from --date)")
    event.add_argument("--category", help="a new event's theme, from data/codebook.md")
    event.add_argument("--date-source", help="where a new event's date comes from, e.g. 'article text (lo-2023-04)'")
    event.add_argument("--note", default="")
    event.set_defaults(func=_run_add_event)
    remove = subparsers.add_parser("remove-reading", help="remove a reading, its evidence, events links and lesson")
    remove.add_argument("article_id")
    remove.add_argument("--yes", action="store_true", help="remove (without it, only say what would go)")
    remove.set_defaults(func=_run_remove_reading)
