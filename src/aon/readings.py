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
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .errors import CourseError
from .paths import data_dir, project_root

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
CONFIDENCE = ["verified", "from_text", "partly_inferred", "unknown"]
EVIDENCE_COLUMNS = ["evidence_id", "article_id", "quote", "start", "end", "claim", "theme", "evidence_type",
                    "supports", "rationale", "event_year", "event_key"]


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
    raise CourseError(f"cannot read the date '{value}'. Write it as 2023-05-17, 2023-05 or 2023 "
                      "(or '17 May 2023'); if the date is unknown, give the year you can vouch for and explain in --note.")


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


def _csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


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


def add_reading(text_file: Path, article_id: str, title: str, author: str, outlet: str, published: str,
                url: str = "unknown", confidence: str = "unknown", note: str = "") -> Path:
    """Add a reading to the course; return the path of its evidence template. Changes nothing on refusal."""
    if not ID_PATTERN.fullmatch(article_id or ""):
        raise CourseError(f"'{article_id}' is not a usable id. Use lower-case letters, digits and hyphens, starting with a "
                          "letter, author and year where known: e.g. 'lo-2023' or 'mfa-2024'.")
    articles_csv = data_dir() / "articles.csv"
    header, rows = _read_csv(articles_csv)
    if any(row["article_id"] == article_id for row in rows) or (data_dir() / "articles" / f"{article_id}.txt").exists():
        raise CourseError(f"a reading with the id '{article_id}' exists already; choose another id (nothing was overwritten).")
    if confidence not in CONFIDENCE:
        raise CourseError(f"--confidence must be one of {', '.join(CONFIDENCE)}, not '{confidence}'.")
    for name, value in (("title", title), ("author", author), ("outlet", outlet)):
        if not value or not value.strip():
            raise CourseError(f"--{name} is empty; write 'unknown' if it is not known.")
    when = parse_publication_date(published)
    text = read_plain_text(Path(text_file))
    sequence = max(int(row["sequence"]) for row in rows) + 1
    if sequence > 9:
        raise CourseError("the course has room for nine readings (lessons 01-09); remove one before adding another.")
    rows.append({
        "article_id": article_id, "sequence": str(sequence), "seed_file": "none", "title": title.strip(),
        "author": author.strip(), "author_affiliation": "unknown", "outlet": outlet.strip(), "published": when.text,
        "date_earliest": when.earliest.isoformat(), "date_latest": when.latest.isoformat(),
        "date_basis": f"Given by the instructor as '{when.text}' (precision: {when.precision}).",
        "url": url.strip() or "unknown", "confidence": confidence,
        "note": note.strip() or "Added by an instructor with 'aon add-reading'.",
    })
    template = project_root() / "drafts" / f"{article_id}.evidence.csv"
    if template.exists():
        raise CourseError(f"{template.relative_to(project_root())} exists already; move it away first (nothing was changed).")
    example = {column: "" for column in EVIDENCE_COLUMNS}
    example.update(evidence_id=f"{article_id}-01", article_id=article_id,
                   quote="(replace with a verbatim quote; leave start and end empty)",
                   claim="(our paraphrase)", theme="(a theme from data/codebook.md)", evidence_type="judgement",
                   supports="(alliance, necessity or ambiguous)", rationale="(why, with the codebook's definitions)")
    _write_all_or_nothing({
        data_dir() / "articles" / f"{article_id}.txt": text,
        articles_csv: _csv_text(header, rows),
        template: _csv_text(EVIDENCE_COLUMNS, [example]),
    })
    return template


def add_evidence(draft: Path) -> int:
    """Check the rows of a filled evidence template and append them to data/evidence.csv; return how many."""
    from .locate import describe_location, locate
    from .validate import validate_resource
    from .data import resource

    if not Path(draft).is_file():
        raise CourseError(f"no file at {draft}. Give the path of the filled template (drafts/ID.evidence.csv).")
    _, new_rows = _read_csv(Path(draft))
    if not new_rows:
        raise CourseError(f"{draft} has no rows. Fill in at least one piece of evidence.")
    known_articles = {row["article_id"] for row in _read_csv(data_dir() / "articles.csv")[1]}
    for number, row in enumerate(new_rows, start=2):
        if row.get("article_id") not in known_articles:
            raise CourseError(f"{draft}, row {number}: article '{row.get('article_id')}' is unknown. Add it first with 'aon add-reading'.")
        if not row.get("start") and not row.get("end"):
            matches = locate(row["article_id"], row.get("quote", ""))
            if len(matches) != 1 or not matches[0].exact:
                _, why = describe_location(row["article_id"], row.get("quote", ""))
                raise CourseError(f"{draft}, row {number}, column 'quote': {why}")
            row["start"], row["end"] = str(matches[0].start), str(matches[0].end)
    evidence_csv = data_dir() / "evidence.csv"
    header, rows = _read_csv(evidence_csv)
    combined = rows + [{column: row.get(column, "") for column in header} for row in new_rows]
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, "evidence.csv").write_text(_csv_text(header, combined), encoding="utf-8")
        problems, typed = validate_resource(resource("evidence"), Path(scratch))
        from .validate import exercise_passage_problems, span_problems

        problems += span_problems("evidence", "evidence.csv", typed)
        problems += exercise_passage_problems("evidence.csv", typed)
    problems = [p for p in problems if p.row is None or p.row > len(rows) + 1]
    if problems:
        listed = "\n".join(f"  {str(p).replace('evidence.csv, row ', f'{draft}, row ')}" for p in problems)
        raise CourseError(f"the template has problems; nothing was added:\n{listed}")
    _write_all_or_nothing({evidence_csv: _csv_text(header, combined)})
    return len(new_rows)


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


def register(subparsers: argparse._SubParsersAction) -> None:
    add = subparsers.add_parser("add-reading", help="add a plain-text reading of your own to the course")
    add.add_argument("text_file")
    add.add_argument("--id", required=True, help="short id, e.g. lo-2023")
    add.add_argument("--title", required=True)
    add.add_argument("--author", required=True, help="or 'unknown'")
    add.add_argument("--outlet", required=True, help="or 'unknown'")
    add.add_argument("--published", required=True, help="2023-05-17, 2023-05 or 2023")
    add.add_argument("--url", default="unknown")
    add.add_argument("--confidence", default="unknown", choices=CONFIDENCE)
    add.add_argument("--note", default="")
    add.set_defaults(func=_run_add_reading)
    evidence = subparsers.add_parser("add-evidence", help="append a filled evidence template to data/evidence.csv")
    evidence.add_argument("draft")
    evidence.set_defaults(func=_run_add_evidence)
