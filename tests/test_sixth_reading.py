"""Issue 21: an instructor's sixth reading is first-class, end to end, in a temporary copy of the course.

Exactly what the README tells an instructor to do: ``aon add-reading`` (a small test fixture, not a real
publication), fill the evidence template and ``aon add-evidence``, ``aon add-event``, ``aon new-lesson`` (which
also lists the lesson in docs/syllabus.md), ``aon validate``; then the data, evidence, lesson, readings and
site tests run against the copy and pass. ``aon remove-reading`` then gives back data/ byte for byte.
No notebook is run (no kernel): the lesson is written with --no-execute and its two figures are drawn the
way its cells draw them.
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aon.errors import number_in_words

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "sixth_reading_2024.txt"
#: The fixture's id, or fixture-2024b, -c, ... where a course has one already (an instructor may have tried it).
IDS = [f"fixture-2024{suffix}" for suffix in ("", "b", "c", "d", "e")]
#: Test files run against the copy: they must hold for any number of readings.
SUBSET = ["test_datapackage.py", "test_evidence_tables.py", "test_codebook.py", "test_corpus.py", "test_compare.py",
          "test_timeline.py", "test_lesson_structure.py", "test_lesson_content.py", "test_readings.py", "test_links.py",
          "test_without_full_texts.py", "test_syllabus.py", "test_site.py"]
#: Left out of the run: a test that starts a kernel, and one that builds the site a second time (13 s).
DESELECT = "not failing_cell and not a_new_lesson_joins_the_site"
SKIP = {".git", ".venv", "node_modules", "__pycache__", "_build", ".pytest_cache", ".ipynb_checkpoints", "drafts", "src"}

# The fixture's evidence, as an instructor fills the template: quotes verbatim, start and end left empty.
ROWS = [
    ("the two governments held a summit in the fixture's own May", "A summit was held.", "diplomacy_un", "event",
     "partnership", "none_stated", "2024", "{summit}"),
    ("gas deliveries rose that year", "Gas deliveries rose.", "energy", "event", "", "economic_opportunity", "2024", ""),
    ("the two sides signed no treaty of mutual defence", "No defence treaty.", "diplomacy_un", "judgement", "distance",
     "none_stated", "", ""),
    ("the partnership is close but not an alliance", "Close, not an alliance.", "leadership_regime", "judgement",
     "partnership", "none_stated", "", ""),
    ("a shared rival keeps them together", "A shared rival binds them.", "ideology_narratives", "judgement", "alignment",
     "shared_threat", "", ""),
]


def copy_whole_course(target: Path) -> Path:
    """Copy the course (not its package, virtual environment or git history) into ``target``."""
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [n for n in names if n in SKIP])
    return target


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def environment(root: Path) -> dict[str, str]:
    paths = [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
    return dict(os.environ, AON_ROOT=str(root), PYTHONPATH=os.pathsep.join(p for p in paths if p))


def aon(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aon.authoring.cli", *args], cwd=root, env=environment(root),
                          capture_output=True, text=True, timeout=120)


def fill_template(template: Path, ident: str = IDS[0], summit: str = "fixture-2024-summit") -> None:
    """Fill add-reading's evidence template for the reading ``ident`` as an instructor would (rows: ROWS)."""
    with template.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    rows = []
    for number, (quote, claim, theme, kind, tie, driver, year, event) in enumerate(ROWS, start=1):
        level = f"tie '{tie}'" if tie else "no tie level (it shows why they cooperate, not how far)"
        rows.append(dict.fromkeys(header, "") | dict(
            evidence_id=f"{ident}-{number:02d}", article_id=ident, quote=quote, claim=claim, theme=theme,
            evidence_type=kind, tie=tie, driver=driver, event_year=year, event_key=event.format(summit=summit),
            rationale=f"Test fixture row: {level}; driver '{driver}' (codebook sections 4 and 5)."))
    with template.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def readings_of(root: Path) -> list[str]:
    """The article ids of the course at ``root``."""
    with (root / "data" / "articles.csv").open(encoding="utf-8", newline="") as handle:
        return [row["article_id"] for row in csv.DictReader(handle)]


def markdown(path: Path) -> str:
    from aon.authoring.nbio import nbformat

    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


@pytest.mark.slow
def test_an_instructors_sixth_reading_end_to_end_and_back_out(tmp_path):
    root = copy_whole_course(tmp_path / "course")
    readings = readings_of(root)   # five as shipped; more where an instructor has added some
    ident = next(name for name in IDS if name not in readings)
    summit, n = f"{ident}-summit", len(readings) + 1
    stem = f"{n:02d}_{ident.replace('-', '_')}"
    lessons_listed = len(re.findall(r"^\| \d{2} \| \[", (root / "docs" / "syllabus.md").read_text(encoding="utf-8"), re.M))
    data_before = fingerprint(root / "data")
    notebooks_before = fingerprint(root / "notebooks")
    syllabus_before = (root / "docs" / "syllabus.md").read_bytes()

    # 1. add-reading; a re-run says the reading is there already
    args = ("add-reading", str(FIXTURE), "--id", ident, "--title", "A test fixture, not a real publication",
            "--author", "unknown", "--outlet", "unknown", "--published", "2024-05", "--confidence", "unknown",
            "--note", "A fixture of the course's tests (tests/fixtures/sixth_reading_2024.txt).")
    ok(aon(root, *args))
    again = aon(root, *args)
    assert again.returncode == 2 and "already there" in again.stderr, again.stderr

    # 2. the instructor fills the template and adds it; a re-run says it was added before and lists no problems
    template = root / "drafts" / f"{ident}.evidence.csv"
    fill_template(template, ident, summit)
    assert "added 5 evidence row(s)" in ok(aon(root, "add-evidence", str(template)))
    again = aon(root, "add-evidence", str(template))
    assert again.returncode == 2 and "added before" in again.stderr and "problem" not in again.stderr, again.stderr

    # 3. add-event: a new event, a link to an event already on the timeline, a re-run, and bad input
    assert "added the event" in ok(aon(root, "add-event", summit, f"{ident}-01", "--label",
                                        "Summit of the test fixture", "--date", "2024-05", "--category", "diplomacy_un",
                                        "--date-source", f"article text ({ident}-01)"))
    assert "linked" in ok(aon(root, "add-event", "nato-serbia-bombing-1999", f"{ident}-03"))
    assert "already there" in ok(aon(root, "add-event", "nato-serbia-bombing-1999", f"{ident}-03"))
    before_bad = fingerprint(root / "data")
    for bad, message in [(("no-such-event", f"{ident}-02"), "new event: give --label"),
                         (("fixture-other", f"{ident}-99", "--label", "x", "--date", "2024", "--category", "energy",
                           "--date-source", "y"), "not in data/evidence.csv"),
                         (("fixture-other", f"{ident}-02", "--label", "x", "--date", "May", "--category", "energy",
                           "--date-source", "y"), "cannot read the event's date"),
                         (("fixture-other", f"{ident}-02", "--label", "x", "--date", "2024", "--category", "gas",
                           "--date-source", "y"), "not a theme of the codebook"),
                         (("Bad Key", f"{ident}-02"), "not a usable event key")]:
        result = aon(root, "add-event", *bad)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert fingerprint(root / "data") == before_bad

    # 4. new-lesson (not run: no kernel here), its figures drawn as its cells draw them; it lists the lesson in the syllabus
    written = ok(aon(root, "new-lesson", ident, "--no-execute"))
    lesson = root / "notebooks" / f"{n:02d}_reading_{ident.replace('-', '_')}.ipynb"
    assert lesson.is_file() and "listed it in docs/syllabus.md" in written
    draw = (f"import aon\nfrom aon.evidence import load_evidence\n"
            f"from aon.plots import plot_evidence_by_theme, plot_evidence_along_text, save_figure\n"
            f"ev = load_evidence('{ident}')\n"
            f"save_figure(plot_evidence_by_theme(ev, 't'), '{stem}_themes')\n"
            f"save_figure(plot_evidence_along_text(ev, len(aon.article_text('{ident}')), 't'), '{stem}_positions')\n")
    subprocess.run([sys.executable, "-c", draw], cwd=root / "notebooks", env=environment(root), check=True, timeout=120)
    syllabus = root / "docs" / "syllabus.md"
    listed = syllabus.read_text(encoding="utf-8")
    assert f"| {n:02d} | [" in listed and f"(../notebooks/{lesson.name})" in listed
    assert f"All {number_in_words(lessons_listed + 1)} lessons" in listed

    # 5. the course is valid, and its prose counts and dates six readings
    assert "data/ is valid" in ok(aon(root, "validate"))
    counted = f"{number_in_words(n)}<!-- /scope --> reading lessons (<!-- scope:lessons -->01–{n:02d}<!-- /scope -->)"
    assert counted in markdown(root / "notebooks" / "10_timeline.ipynb")
    start = markdown(root / "notebooks" / "00_start_here.ipynb")
    assert "<!-- scope:last-year -->2024<!-- /scope -->" in start and f"{number_in_words(n - 1)}<!-- /scope -->" not in start
    assert lesson.name in start  # the contents list

    # 6. the data, evidence, lesson, readings and site tests hold for the copy
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-x",
                            "-m", "not slow and not browser", "-k", DESELECT,
                            *[f"tests/{name}" for name in SUBSET]],
                           cwd=root, env=environment(root), capture_output=True, text=True, timeout=300)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]

    # 7. remove-reading: without --yes it only says what would go; with it, data/ is as it was before the add
    preview = aon(root, "remove-reading", ident)
    assert preview.returncode == 1 and "data/evidence.csv: 5 row(s) removed" in preview.stdout and "--yes" in preview.stdout
    assert (root / "data" / "articles" / f"{ident}.txt").is_file()
    assert "docs/syllabus.md: the lesson's row" in preview.stdout
    ok(aon(root, "remove-reading", ident, "--yes"))
    assert fingerprint(root / "data") == data_before
    assert "data/ is valid" in ok(aon(root, "validate"))
    assert syllabus.read_bytes() == syllabus_before   # the row goes and the total is added up as before
    after = fingerprint(root / "notebooks")
    assert not lesson.exists() and after == notebooks_before, sorted(set(after.items()) ^ set(notebooks_before.items()))


# --- quick checks of the parts, on the shipped course ------------------------------------------------

def test_marked_spans_are_rewritten_from_the_data_with_their_capitals():
    from aon.authoring.build import scope_values, stamp_scope
    from aon.errors import CourseError

    values, count = scope_values(), len(readings_of(ROOT))
    assert values["count"] == number_in_words(count) and values["lessons"] == f"01–{count:02d}"
    assert re.fullmatch(r"(19|20)\d\d–(19|20)\d\d", values["years"]) and values["years"].startswith("2016")
    text = "<!-- scope:count -->Nine<!-- /scope --> texts, <!-- scope -->nine readings (1990–1991)<!-- /scope -->."
    assert stamp_scope(text) == (f"<!-- scope:count -->{values['count'].capitalize()}<!-- /scope --> texts, "
                                 f"<!-- scope -->{values['readings']}<!-- /scope -->.")
    assert stamp_scope("no marks: five readings (2016–2022)") == "no marks: five readings (2016–2022)"
    with pytest.raises(CourseError, match="not a kind of span"):
        stamp_scope("<!-- scope:authors -->two<!-- /scope -->")


def test_the_shipped_lessons_are_stamped_and_count_no_readings_by_hand():
    """Every count of the readings in the lessons' prose is a marked span already stamped from the data."""
    from aon.authoring.build import stamp_scope
    from aon.authoring.catalogue import lesson_notebooks

    for path in lesson_notebooks():
        text = markdown(path)
        assert stamp_scope(text, where=path.name) == text, path.name
        unmarked = re.sub(r"<!-- scope(:[a-z-]+)? -->.*?<!-- /scope -->", "", text)
        for about_the_shipped_five in ("five readings the course ships", "five the course ships",
                                       "five readings the course was built on"):
            unmarked = unmarked.replace(about_the_shipped_five, "")
        for phrase in ("five readings", "five reading lessons", "five texts", "(01–05)", "2016 and 2022"):
            assert phrase not in unmarked, (path.name, phrase)


def test_remove_reading_asks_before_it_removes_and_names_a_course_reading(tmp_path):
    root = tmp_path / "course"
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    before = fingerprint(root)
    result = aon(root, "remove-reading", "rusi-2022")
    assert result.returncode == 1 and "Nothing was changed" in result.stdout
    with (root / "data" / "evidence.csv").open(encoding="utf-8", newline="") as handle:
        rows = sum(row["article_id"] == "rusi-2022" for row in csv.DictReader(handle))
    for line in (f"data/evidence.csv: {rows} row(s) removed", "data/second_coding.csv", "data/articles/rusi-2022.txt",
                 "notebooks/05_reading_rusi_2022.ipynb", "notebooks/content/rusi-2022.toml", "one of the course's own readings"):
        assert line in result.stdout, line
    unknown = aon(root, "remove-reading", "rusi-2023", "--yes")
    assert unknown.returncode == 2 and "Did you mean 'rusi-2022'" in unknown.stderr
    assert fingerprint(root) == before


def test_validate_catches_a_timeline_link_to_a_missing_row_or_the_wrong_reading():
    from aon.authoring.validate import event_problems

    evidence = [{"evidence_id": "a-01", "article_id": "a"}, {"evidence_id": "b-01", "article_id": "b"}]
    assert event_problems([{"evidence_ids": "a-01;b-01", "articles": "a;b"}], evidence) == []
    problems = event_problems([{"evidence_ids": "a-01;a-09", "articles": "a"},
                               {"evidence_ids": "a-01;b-01", "articles": "a"}], evidence)
    assert [(p.row, p.column) for p in problems] == [(2, "evidence_ids"), (3, "articles")]
    assert "'a-09' is not an evidence id" in problems[0].message and "rows are from a;b" in problems[1].message


def test_validate_catches_an_event_key_with_no_event_or_no_link():
    """An instructor's row may name an event that add-event never made (a typo, or a step left out): validate says
    so, with the command that fixes it, instead of the test suite failing later."""
    from aon.authoring.validate import event_problems

    evidence = [{"evidence_id": "a-01", "article_id": "a", "event_key": "a-summit"},
                {"evidence_id": "a-02", "article_id": "a", "event_key": "a-talks"}]
    events = [{"event_key": "a-talks", "evidence_ids": "", "articles": ""}]
    problems = event_problems(events, evidence)
    assert [(p.file, p.row, p.column) for p in problems] == [("evidence.csv", 2, "event_key"), ("evidence.csv", 3, "event_key")]
    assert "aon add-event a-summit a-01 --label" in problems[0].message
    assert "run 'aon add-event a-talks a-02'" in problems[1].message
    events = [{"event_key": "a-summit", "evidence_ids": "a-01", "articles": "a"},
              {"event_key": "a-talks", "evidence_ids": "a-02", "articles": "a"}]
    assert event_problems(events, evidence) == []
