"""Instructors add their own reading: the refusals, and a round trip through a temporary copy of the course."""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aon.authoring.readings import add_evidence, add_reading, parse_publication_date
from aon.errors import CourseError

ROOT = Path(__file__).resolve().parents[1]


def copy_course(target: Path) -> Path:
    """Copy what the course needs at run time (data, notebooks, pyproject) into ``target``."""
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("_drafts", ".ipynb_checkpoints"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    (target / "exercises").mkdir()
    return target


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = copy_course(tmp_path / "course")
    monkeypatch.setenv("AON_ROOT", str(root))
    return root


def aon(*args: str, root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, AON_ROOT=str(root))
    return subprocess.run([sys.executable, "-m", "aon.authoring.cli", *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)


def write(path: Path, content: bytes | str) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


ARGS = dict(title="A test reading", author="unknown", outlet="unknown", published="2023-05")


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.4\x00\x01binary", "binary"),
    (b"   \n\n", "empty"),
    ("Caf\u00e9".encode("latin-1"), "not UTF-8"),
])
def test_bad_files_are_refused_and_nothing_changes(course, tmp_path, content, message):
    before = fingerprint(course / "data")
    with pytest.raises(CourseError, match=message):
        add_reading(write(tmp_path / "in.txt", content), "test-2023", **ARGS)
    assert fingerprint(course / "data") == before


@pytest.mark.parametrize("article_id, published, message", [
    ("blank-2016", "2023", "exists already"),
    ("Not An Id", "2023", "not a usable id"),
    ("test-2023", "sometime in spring", "cannot read the date"),
])
def test_bad_ids_and_dates_are_refused_and_nothing_changes(course, tmp_path, article_id, published, message):
    before = fingerprint(course / "data")
    with pytest.raises(CourseError, match=message):
        add_reading(write(tmp_path / "in.txt", "Some text.\n"), article_id, **{**ARGS, "published": published})
    assert fingerprint(course / "data") == before


def test_text_is_normalised_to_utf8_and_lf(course, tmp_path):
    source = write(tmp_path / "in.txt", "\ufeffFirst line.\r\n\r\nSecond \u201cline\u201d.\r\n".encode("utf-8"))
    add_reading(source, "test-2023", **ARGS)
    raw = (course / "data" / "articles" / "test-2023.txt").read_bytes()
    assert raw == "First line.\n\nSecond \u201cline\u201d.\n".encode("utf-8")
    assert (course / "drafts" / "test-2023.evidence.csv").is_file()


def test_publication_dates():
    assert parse_publication_date("2019-01-09").earliest == parse_publication_date("9 January 2019").latest
    month = parse_publication_date("2024-02")
    assert (month.earliest.day, month.latest.day) == (1, 29)
    assert parse_publication_date("2016").latest.isoformat() == "2016-12-31"


def _draft(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(**values):
    row = dict(evidence_id="test-2023-01", article_id="test-2023", quote="", start="", end="", claim="c",
               theme="energy", evidence_type="judgement", tie="distance", driver="none_stated", supports="necessity",
               rationale="r", event_year="", event_key="", claim_key="")
    row.update(values)
    return row


@pytest.mark.parametrize("row, message", [
    (_row(quote="words that are not in the text"), "Not found"),
    (_row(article_id="no-such-reading", quote="Gas"), "is unknown"),
    (_row(quote="Gas flows", theme="gas"), "not an allowed value"),
])
def test_bad_evidence_is_refused_and_nothing_changes(course, tmp_path, row, message):
    add_reading(write(tmp_path / "in.txt", "Gas flows. Gas prices.\n"), "test-2023", **ARGS)
    before = fingerprint(course / "data")
    with pytest.raises(CourseError, match=message):
        add_evidence(_draft(tmp_path / "draft.csv", [row]))
    assert fingerprint(course / "data") == before


def test_ambiguous_quote_lists_the_candidates(course, tmp_path):
    add_reading(write(tmp_path / "in.txt", "Gas flows. Gas prices.\n"), "test-2023", **ARGS)
    with pytest.raises(CourseError, match="occurs 2 times"):
        add_evidence(_draft(tmp_path / "draft.csv", [_row(quote="Gas")]))


def test_new_lesson_refuses_to_overwrite(course):
    result = aon("new-lesson", "blank-2016", "--no-execute", root=course)
    assert result.returncode == 2 and "exists already" in result.stderr and "Traceback" not in result.stderr


def remove_reading(root: Path, article_id: str) -> tuple[dict, list[dict]]:
    """Take a reading out of a course copy as if it had never been added; return its metadata and evidence rows."""
    def rewrite(name, keep):
        path = root / "data" / name
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        kept = [r for r in rows if keep(r)]
        removed = [r for r in rows if not keep(r)]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
        return removed
    prefix = f"{article_id}-"
    (metadata,) = rewrite("articles.csv", lambda r: r["article_id"] != article_id)
    evidence = rewrite("evidence.csv", lambda r: r["article_id"] != article_id)
    rewrite("statistics.csv", lambda r: r["article_id"] != article_id)
    rewrite("sources_cited.csv", lambda r: r["article_id"] != article_id)
    rewrite("coverage.csv", lambda r: r["article_id"] != article_id)
    rewrite("second_coding.csv", lambda r: r["article_id"] != article_id)
    rewrite("second_coder.csv", lambda r: not r["evidence_id"].startswith(prefix))
    events = root / "data" / "events.csv"
    with events.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    kept, gone = [], []
    for row in rows:
        ids = [e for e in row["evidence_ids"].split(";") if not e.startswith(prefix)]
        if ids:
            row["evidence_ids"] = ";".join(ids)
            row["articles"] = ";".join(a for a in row["articles"].split(";") if a != article_id)
            kept.append(row)
        else:
            gone.append(row)   # an event only this reading was on goes with it (as remove-reading does)
    with events.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    (root / "data" / "articles" / f"{article_id}.txt").unlink()
    for lesson in (root / "notebooks").glob(f"*_reading_{article_id.replace('-', '_')}.ipynb"):
        lesson.unlink()
    metadata["events_removed"] = gone
    return metadata, evidence


@pytest.mark.slow
def test_round_trip_remove_a_reading_and_add_it_back(course, tmp_path):
    article_id = "rusi-2022"
    text = (course / "data" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
    metadata, evidence = remove_reading(course, article_id)
    assert aon("validate", root=course).returncode == 0, "the course copy without the reading should be valid"

    source = write(tmp_path / "reading.txt", text)
    result = aon("add-reading", str(source), "--id", article_id, "--title", metadata["title"], "--author", metadata["author"],
                 "--outlet", metadata["outlet"], "--published", "2022-02", "--url", metadata["url"],
                 "--confidence", metadata["confidence"], "--note", metadata["note"], root=course)
    assert result.returncode == 0, result.stderr
    assert (course / "data" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8") == text

    for row in evidence:  # the instructor leaves the offsets for add-evidence to work out
        row["start"] = row["end"] = ""
    result = aon("add-evidence", str(_draft(tmp_path / "filled.csv", evidence)), root=course)
    assert result.returncode == 0, result.stderr
    validate = aon("validate", root=course)
    # validate names each event a row names but that does not list it, with the add-event command to run
    removed = {event["event_key"]: event for event in metadata["events_removed"]}
    for row in evidence:
        key = row.get("event_key")
        if not key:
            continue
        assert validate.returncode == 1 and f"aon add-event {key} {row['evidence_id']}" in validate.stdout, validate.stdout
        if key in removed:   # an event only this reading was on: made again, with its date and its source
            event = removed.pop(key)
            more = ["--label", event["label"], "--date", event["date"], "--precision", event["date_precision"],
                    "--category", event["category"], "--date-source", event["date_source"], "--note", event["note"]]
            result = aon("add-event", key, *event["evidence_ids"].split(";"), *more, root=course)
        elif row["evidence_id"] not in aon("validate", root=course).stdout:
            continue   # linked already, with the other rows of its event
        else:
            result = aon("add-event", key, row["evidence_id"], root=course)
        assert result.returncode == 0, result.stderr
    validate = aon("validate", root=course)
    assert validate.returncode == 0, validate.stdout

    result = aon("new-lesson", article_id, root=course)
    assert result.returncode == 0, result.stderr
    lesson = next((course / "notebooks").glob(f"*_reading_{article_id.replace('-', '_')}.ipynb"))
    assert_no_errors(lesson)

    from aon.authoring.build import execute_notebook
    for notebook in sorted((course / "notebooks").glob("[1-9][0-9]_*.ipynb")):
        if int(notebook.name[:2]) >= 10:  # the comparative lessons still run with the re-added reading
            execute_notebook(notebook)
            assert_no_errors(notebook)


def assert_no_errors(path: Path) -> None:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
            assert output.get("name") != "stderr", f"{path.name}: stderr: {output.get('text', '')[:300]}"


def test_evidence_over_a_coding_exercise_passage_is_refused(course, tmp_path):
    """ex01's passages are coded blind; a public evidence row there would give students the answer."""
    from aon.data import article_text
    from aon.grading.exercise_data import PASSAGES

    passage_id, article_id, start, end = PASSAGES[0]
    quote = article_text(article_id)[start:end].strip()
    before = fingerprint(course / "data")
    with pytest.raises(CourseError, match=f"overlap passage {passage_id}"):
        add_evidence(_draft(tmp_path / "draft.csv", [_row(evidence_id=f"{article_id}-99", article_id=article_id, quote=quote)]))
    assert fingerprint(course / "data") == before


def test_no_evidence_row_covers_a_coding_exercise_passage():
    from aon.authoring.validate import exercise_passage_problems
    from aon.data import load_table

    rows = load_table("evidence").astype(object).where(lambda t: t.notna(), None).to_dict("records")
    rows = [dict(r, start=int(r["start"]), end=int(r["end"])) for r in rows]
    assert exercise_passage_problems("evidence.csv", rows) == []


# --- from an instructor's walk-through ------------------------------------------------------

def test_existing_rows_stay_byte_for_byte(course, tmp_path):
    """add-reading and add-evidence append: no other row is re-quoted or reformatted (the rusi-2022 row lost its quotes)."""
    articles, evidence = course / "data" / "articles.csv", course / "data" / "evidence.csv"
    articles_before, evidence_before = articles.read_bytes(), evidence.read_bytes()
    with articles.open(encoding="utf-8", newline="") as handle:  # the next after the last reading there is
        sequence = max(int(row["sequence"]) for row in csv.DictReader(handle)) + 1
    assert b'"After the 4 February 2022 summit' in articles_before  # quoted though a csv writer would not quote it
    add_reading(write(tmp_path / "in.txt", "Gas flows. Arms sales fell.\n"), "test-2023", **ARGS)
    assert articles.read_bytes().startswith(articles_before)
    assert articles.read_bytes()[len(articles_before):].decode("utf-8").startswith(f"test-2023,{sequence},none,")
    add_evidence(_draft(tmp_path / "draft.csv", [_row(quote="Gas flows."), _row(evidence_id="test-2023-02", quote="Arms sales fell.")]))
    assert evidence.read_bytes().startswith(evidence_before)
    added = evidence.read_bytes()[len(evidence_before):].decode("utf-8").splitlines()
    assert [line.split(",")[:5] for line in added] == [["test-2023-01", "test-2023", "Gas flows.", "0", "10"],
                                                       ["test-2023-02", "test-2023", "Arms sales fell.", "11", "27"]]


@pytest.mark.parametrize("published, message", [
    ("2031-01", "after today"),
    ("unknown", "at least the year you can vouch for"),
])
def test_future_and_unknown_dates_are_refused_and_nothing_changes(course, tmp_path, published, message):
    before = fingerprint(course / "data")
    with pytest.raises(CourseError, match=message):
        add_reading(write(tmp_path / "in.txt", "Some text.\n"), "test-2023", **{**ARGS, "published": published})
    assert fingerprint(course / "data") == before


def test_an_implausibly_old_date_is_kept_with_a_warning(course, tmp_path):
    warnings = []
    add_reading(write(tmp_path / "in.txt", "Some text.\n"), "test-2023", **{**ARGS, "published": "1850"}, warn=warnings.append)
    assert len(warnings) == 1 and "before 1900" in warnings[0]
    add_reading(write(tmp_path / "in.txt", "Some text.\n"), "test-2024", **ARGS, warn=warnings.append)
    assert len(warnings) == 1


def test_a_date_of_this_month_is_bounded_by_today():
    from datetime import date

    from aon.authoring.readings import check_publication_date

    when, warning = check_publication_date(parse_publication_date("2024-02"), today=date(2024, 2, 10))
    assert (when.earliest, when.latest, warning) == (date(2024, 2, 1), date(2024, 2, 10), None)
    with pytest.raises(CourseError, match="after today"):
        check_publication_date(parse_publication_date("2024-03"), today=date(2024, 2, 10))


def test_every_problem_of_a_draft_is_reported_at_once_by_its_own_lines(course, tmp_path):
    add_reading(write(tmp_path / "in.txt", "Gas flows. Arms sales fell. Trust is thin.\n"), "test-2023", **ARGS)
    before = fingerprint(course / "data")
    draft = _draft(tmp_path / "draft.csv", [
        _row(quote="Gas flows."),                                               # line 2: sound
        _row(evidence_id="rusi-2022-01", quote="Arms sales fell.", theme="gas"),  # line 3: id taken, wrong article, bad theme
        _row(evidence_id="test-2023-01", quote="not in the text"),              # line 4: repeats line 2, quote missing
        _row(evidence_id="Test_3", quote="Trust is thin."),                     # line 5: badly formed id
    ])
    with pytest.raises(CourseError) as refused:
        add_evidence(draft)
    message = str(refused.value)
    assert fingerprint(course / "data") == before
    listed = message.splitlines()[1:]
    assert listed and all(line.startswith("  line ") for line in listed), message  # the draft's lines, not evidence.csv's rows
    assert "line 3, column 'evidence_id': 'rusi-2022-01' is already in data/evidence.csv" in message
    assert "(e.g. test-2023-02)" in message
    assert "line 3, column 'theme': 'gas' is not an allowed value" in message
    assert "line 3, column 'evidence_id': 'rusi-2022-01' does not start with its article id 'test-2023'" in message
    assert "line 4, column 'evidence_id': 'test-2023-01' repeats line 2 of the draft" in message
    assert "line 4, column 'quote': Not found" in message
    assert ("line 5, column 'evidence_id': 'Test_3' is not well formed: ids look like test-2023-01: the article id, "
            "a hyphen, two or three digits") in message
    assert "pattern" not in message and "[a-z" not in message
    assert "6 problem(s)" in message


def test_draft_line_numbers_count_blank_lines_and_multi_line_cells(course, tmp_path):
    add_reading(write(tmp_path / "in.txt", "Gas flows. Arms sales fell.\n"), "test-2023", **ARGS)
    header = ",".join(_row())
    draft = write(tmp_path / "draft.csv", f'{header}\ntest-2023-01,test-2023,Gas flows.,,,"a claim\nover two lines",energy,'
                  'judgement,distance,none_stated,necessity,r,,,\n\ntest-2023-02,test-2023,Arms sales fell.,,,c,energy,judgement,'
                  'distance,none_stated,maybe,r,,,\n')
    with pytest.raises(CourseError, match=r"line 5, column 'supports': 'maybe'"):
        add_evidence(draft)


def test_draft_line_numbers_with_a_line_separator_or_form_feed_in_a_quote(course, tmp_path):
    """Review: str.splitlines splits at U+2028 and form feeds, csv does not, so later rows got wrong lines."""
    add_reading(write(tmp_path / "in.txt", "Gas\u2028flows.\x0c Arms sales fell.\n"), "test-2023", **ARGS)
    header = ",".join(_row())
    draft = write(tmp_path / "draft.csv", f"{header}\ntest-2023-01,test-2023,Gas\u2028flows.\x0c,,,c,energy,judgement,"
                  "distance,none_stated,necessity,r,,,\n\ntest-2023-02,test-2023,Arms sales fell.,,,c,energy,judgement,"
                  "distance,none_stated,maybe,r,,,\n")
    with pytest.raises(CourseError) as refused:
        add_evidence(draft)
    assert "line 4, column 'supports': 'maybe'" in str(refused.value) and "1 problem(s)" in str(refused.value)


def test_evidence_out_of_text_order_in_a_draft_is_added_with_a_warning(course, tmp_path):
    add_reading(write(tmp_path / "in.txt", "Gas flows. Arms sales fell.\n"), "test-2023", **ARGS)
    warnings: list[str] = []
    added = add_evidence(_draft(tmp_path / "draft.csv", [_row(quote="Arms sales fell."),
                                                         _row(evidence_id="test-2023-02", quote="Gas flows.")]),
                         warn=warnings.append)
    assert added == 2
    assert len(warnings) == 1 and "line 3, column 'evidence_id': 'test-2023-02' quotes text" in warnings[0], warnings
    assert "before that of 'test-2023-01'" in warnings[0] and "swap them in the draft" in warnings[0]


def test_evidence_for_an_earlier_passage_can_be_added_after_coded_rows(course, tmp_path):
    """Review: once -01 quoted a later passage, an earlier one could be added under no id at all."""
    add_reading(write(tmp_path / "in.txt", "Gas flows. Arms sales fell.\n"), "test-2023", **ARGS)
    add_evidence(_draft(tmp_path / "first.csv", [_row(quote="Arms sales fell.")]))
    warnings: list[str] = []
    assert add_evidence(_draft(tmp_path / "second.csv", [_row(evidence_id="test-2023-02", quote="Gas flows.")]),
                        warn=warnings.append) == 1
    assert warnings == []  # nothing to do about rows already in evidence.csv
    result = aon("validate", root=course)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING: evidence.csv" in result.stdout and "'test-2023-02' quotes text (start=0)" in result.stdout
    assert "nothing needs to change" in result.stdout


def test_the_course_readings_have_no_text_order_warning():
    """The shipped readings stay numbered in text order (see also test_evidence_tables)."""
    from aon.authoring.validate import validate_all

    assert not [p for p in validate_all(include_warnings=True) if "quotes text" in p.message]


def test_validate_warns_about_a_one_sided_reading_of_an_instructor_but_passes(course, tmp_path):
    add_reading(write(tmp_path / "in.txt", "Gas flows. Arms sales fell.\n"), "test-2023", **ARGS)
    result = aon("validate", root=course)
    assert result.returncode == 0 and "WARNING" in result.stdout and "no evidence rows yet" in result.stdout
    add_evidence(_draft(tmp_path / "draft.csv", [_row(quote="Gas flows.")]))
    result = aon("validate", root=course)
    assert result.returncode == 0, result.stdout
    assert "WARNING: evidence.csv, column 'supports': 'test-2023' has no evidence coded 'alliance'." in result.stdout


def test_a_course_reading_without_one_side_is_an_error():
    from aon.authoring.validate import side_problems

    articles = [{"article_id": "blank-2016", "seed_file": "003_x.txt"}, {"article_id": "lo-2023", "seed_file": "none"}]
    evidence = [{"article_id": a, "supports": "necessity"} for a in ("blank-2016", "lo-2023")]
    problems = side_problems(articles, evidence)
    assert [(p.warning, "'alliance'" in p.message) for p in problems] == [(False, True), (True, True)]
    assert "the course's reading 'blank-2016'" in problems[0].message


@pytest.mark.parametrize("change, message", [
    (lambda text: text.replace('answer = "', 'answer = "Z', 1), "is not one of the choices"),
    (lambda text: text + "\nbroken = \n", "is not valid TOML"),
    (lambda text: text.replace('evidence = ["blank-2016-', 'evidence = ["blank-2016-9', 1), "not evidence ids of blank-2016"),
    (lambda text: text.replace("[[sections]]\nheading = ", "[[sections]]\ntitle = ", 1), "has no 'heading'"),
])
def test_a_content_file_with_a_mistake_is_refused_and_the_lesson_is_kept(course, change, message):
    """new-lesson --force with a broken content file says what to fix and leaves the working lesson as it was."""
    content = course / "notebooks" / "content" / "blank-2016.toml"
    lesson = course / "notebooks" / "01_reading_blank_2016.ipynb"
    before = fingerprint(course / "notebooks")
    content.write_text(change(content.read_text(encoding="utf-8")), encoding="utf-8")
    result = aon("new-lesson", "blank-2016", "--force", root=course)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert "notebooks/content/blank-2016.toml" in result.stderr
    after = fingerprint(course / "notebooks")
    after.pop("content/blank-2016.toml"), before.pop("content/blank-2016.toml")
    assert after == before and lesson.stat().st_size > 0


def test_a_lesson_that_fails_to_run_leaves_the_notebook_on_disk_untouched(course, monkeypatch):
    from aon.authoring import build as lessons

    lesson = course / "notebooks" / "01_reading_blank_2016.ipynb"
    before = lesson.read_bytes()

    def failing(notebook, folder, name, timeout=300):
        raise CourseError(f"{name}: a cell failed when the notebook was run: NameError")

    monkeypatch.setattr(lessons, "executed", failing)
    with pytest.raises(CourseError, match="a cell failed"):
        lessons.write_reading_lesson("blank-2016", force=True)
    assert lesson.read_bytes() == before


def test_a_failing_cell_is_reported_in_one_line_without_a_traceback(tmp_path):
    from aon.authoring.build import executed
    from aon.authoring.nbio import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise ValueError('Evidence id x-04 not found')")])
    with pytest.raises(CourseError) as caught:
        executed(notebook, tmp_path, "06_reading_x.ipynb", timeout=60)
    text = str(caught.value)
    assert text.startswith("06_reading_x.ipynb: a cell failed") and "Evidence id x-04 not found" in text
    assert "Traceback" not in text and "Nothing was written" in text


def test_only_the_last_reading_lesson_leads_to_the_comparative_lessons(course):
    """A reading added after the last one takes over its 'What comes next' when navigation is stamped."""
    from aon.authoring.build import NEXT_TAG, stamp_navigation
    from aon.authoring.nbio import nbformat

    notebooks = course / "notebooks"
    readings = sorted(p.name for p in notebooks.glob("0[1-9]_reading_*.ipynb"))
    last, added = readings[-1], f"{int(readings[-1][:2]) + 1:02d}_reading_added.ipynb"
    shutil.copy(notebooks / last, notebooks / added)
    stamp_navigation()

    def next_text(name):
        cells = nbformat.read(notebooks / name, as_version=4).cells
        return " ".join(c.source for c in cells if NEXT_TAG in c.get("metadata", {}).get("tags", []))

    assert "next reading" in next_text(last)
    assert "last reading lesson" in next_text(added)
    assert "last reading lesson" not in next_text("04_reading_baev_2021.ipynb")
