"""`aon final-grades`: manual points typed into a gradebook are checked, totalled, and never overwrite it."""
from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from aon.errors import CourseError
from aon.grading.final import (
    final_grades,
    parse_points,
    read_gradebook,
    write_final_grades,
)
from aon.grading.grader import finish
from aon.grading.report import write_gradebook
from aon.grading.spec import load_exercise
from aon.paths import project_root

UNTOUCHED = {"__aon__": "unanswered"}   # how the grader records an answer cell left as released (`...`)


@pytest.fixture(scope="module")
def capstone():
    return load_exercise("ex04-capstone")   # automatic q1–q4 (8 points), manual q5 (12 points)


def gradebook_rows(capstone, tmp_path, students=("ana", "ben", "cai"), flags=None):
    """A gradebook as `aon grade` writes it, read back as rows (and written again by `write_rows` after edits).

    The answers are empty, so automatic points are 0; the status of students without ``flags`` is set to ``ok``
    (an empty answer sheet would be ``unanswered``, which needs no manual score).
    """
    records = [finish(capstone, {"student": s, "values": {}, "flags": list((flags or {}).get(s, [])), "notes": []})
               for s in students]
    path = tmp_path / "gradebook.csv"
    write_gradebook(capstone, records, path)
    rows = read_gradebook(path)
    for row in rows:
        if row["student"] not in (flags or {}):
            row["status"] = "ok"
    write_rows(path, rows)
    return path, rows


def write_rows(path, rows, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def test_parse_points():
    assert parse_points("7") == 7 and parse_points(" 7.5 ") == 7.5 and parse_points("7,5") == 7.5
    assert parse_points("") is None and parse_points("  ") is None
    for bad in ("ten", "7/12", "nan", "1,000.5", "inf"):
        with pytest.raises(ValueError):
            parse_points(bad)


def test_totals_when_every_manual_score_is_typed(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path)
    rows[0]["q5 (manual)"], rows[1]["q5 (manual)"], rows[2]["q5 (manual)"] = "12", "7,5", "0"
    rows[0]["q2"] = "3"   # a regraded automatic question counts
    write_rows(path, rows)
    before = path.read_bytes()
    grades = final_grades(tmp_path)
    assert not grades.problems and not grades.incomplete
    by = {r["student"]: r for r in grades.rows}
    assert by["ana"]["total"] == 15 and by["ana"]["max"] == 20 and by["ana"]["percent"] == 75.0
    assert by["ben"]["manual_points"] == 7.5 and by["cai"]["total"] == 0
    assert any("regraded" in n and "ana" in n for n in grades.notes)
    out = write_final_grades(grades, tmp_path / "grades.csv")
    assert path.read_bytes() == before   # the gradebook is only read
    assert list(csv.DictReader(out.open(encoding="utf-8")))[0]["total"] == "15"


def test_missing_and_wrong_scores_are_reported_not_guessed(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path, students=("ana", "ben", "cai", "dee", "eve"))
    rows[0]["q5 (manual)"] = ""          # not scored yet
    rows[1]["q5 (manual)"] = "ten"       # not a number
    rows[2]["q5 (manual)"] = "13"        # over the 12 points
    rows[3]["q5 (manual)"] = "-1"        # below 0
    rows[4]["q5 (manual)"] = "9"
    write_rows(path, rows)
    grades = final_grades(path)
    assert grades.incomplete == ["ana", "ben", "cai", "dee"]
    text = " ".join(grades.problems)
    assert "ben" in text and "'ten'" in text and "0 to 12" in text
    assert "cai" in text and "outside 0–12" in text and "dee" in text
    assert {r["student"]: r["still_to_score"] for r in grades.rows}["ana"] == "q5"
    assert {r["student"]: r["total"] for r in grades.rows}["eve"] == 9


def test_a_submission_that_could_not_be_graded_needs_no_manual_score(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path, students=("ana",), flags={"ana": ["corrupt"]})
    assert rows[0]["status"] == "corrupt" and rows[0]["q5 (manual)"] == ""
    grades = final_grades(path)
    assert not grades.incomplete and grades.rows[0]["total"] == 0


def test_a_spreadsheet_saved_with_semicolons_and_a_bom_still_reads(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path)
    for row in rows:
        row["q5 (manual)"] = "6,5"
    write_rows(path, rows, delimiter=";")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    grades = final_grades(path)
    assert [r["total"] for r in grades.rows] == [6.5, 6.5, 6.5]


def test_broken_gradebooks_get_a_message_not_a_traceback(capstone, tmp_path):
    with pytest.raises(CourseError, match="No gradebook"):
        final_grades(tmp_path / "nowhere")
    path, rows = gradebook_rows(capstone, tmp_path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(CourseError, match="empty"):
        final_grades(path)
    renamed = [{("Q5" if k == "q5 (manual)" else k): v for k, v in row.items()} for row in rows]
    write_rows(path, renamed)
    with pytest.raises(CourseError, match="q5 \\(manual\\)"):
        final_grades(path)
    mixed = [dict(rows[0]), dict(rows[1], exercise="ex02-pandas")]
    write_rows(path, mixed)
    with pytest.raises(CourseError, match="one exercise"):
        final_grades(path)
    twice = [dict(rows[0], **{"q5 (manual)": "3"}), dict(rows[0], **{"q5 (manual)": "4"})]
    write_rows(path, twice)
    assert any("appears twice" in p for p in final_grades(path).problems)


def test_command_line(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path)
    rows[0]["q5 (manual)"] = "10"
    write_rows(path, rows)
    aon = [sys.executable, "-m", "aon.authoring.cli", "final-grades"]
    done = subprocess.run(aon + [str(tmp_path)], capture_output=True, text=True, cwd=project_root())
    assert done.returncode == 1 and "1 of 3 student(s) have a final total" in done.stdout
    assert "ben, cai" in done.stdout and "Traceback" not in done.stderr
    assert (tmp_path / "grades.csv").is_file()
    refused = subprocess.run(aon + [str(path), "-o", str(path)], capture_output=True, text=True, cwd=project_root())
    assert refused.returncode == 2 and "never overwritten" in refused.stderr
    for row in rows:
        row["q5 (manual)"] = "10"
    write_rows(path, rows)
    assert subprocess.run(aon + [str(path)], capture_output=True, text=True, cwd=project_root()).returncode == 0


def test_blank_lines_a_spreadsheet_leaves_are_not_students(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path)
    for row in rows:
        row["q5 (manual)"] = "6"
    write_rows(path, rows, delimiter=";")
    path.write_text(path.read_text(encoding="utf-8") + ";" * (len(rows[0]) - 1) + "\n\n", encoding="utf-8")
    grades = final_grades(path)
    assert [r["student"] for r in grades.rows] == ["ana", "ben", "cai"] and not grades.incomplete


def test_a_wrong_automatic_column_is_to_fix_and_not_summed(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path)
    rows[0]["q1"], rows[0]["q5 (manual)"] = "3", "8"   # q1 is worth 1 point
    write_rows(path, rows)
    grades = final_grades(path)
    ana = grades.rows[0]
    assert ana["total"] == "" and ana["to_fix"] == "q1" and ana["still_to_score"] == ""
    assert any("q1 is 3, outside 0–1" in p for p in grades.problems)
    assert not any("add up" in n for n in grades.notes)   # no sum is claimed while a column is wrong


def test_points_typed_for_a_submission_that_could_not_be_read_are_noted(capstone, tmp_path):
    path, rows = gradebook_rows(capstone, tmp_path, students=("ana",), flags={"ana": ["corrupt"]})
    rows[0]["q5 (manual)"] = "9"
    write_rows(path, rows)
    grades = final_grades(path)
    assert grades.rows[0]["total"] == 9 and any("status corrupt" in n for n in grades.notes)


def test_grading_again_keeps_the_points_typed_in(capstone, tmp_path, capsys):
    from aon.grading.report import keep_typed_points

    path, rows = gradebook_rows(capstone, tmp_path, students=("ana", "ben", "cai"))
    rows[0]["q5 (manual)"], rows[2]["q5 (manual)"] = "7,5", "4"
    write_rows(path, rows)
    (tmp_path / "grades.csv").write_text("old", encoding="utf-8")
    records = [finish(capstone, {"student": s, "values": {}, "flags": [], "notes": []}) for s in ("ana", "ben")]  # cai left
    typed = keep_typed_points(path, capstone, records)
    write_gradebook(capstone, records, path, typed=typed)
    new = {r["student"]: r["q5 (manual)"] for r in read_gradebook(path)}
    assert new == {"ana": "7,5", "ben": ""}
    backups = list(tmp_path.glob("gradebook-before-*.csv"))
    assert len(backups) == 1 and "cai" in backups[0].read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert "kept the manual points typed for 1 student(s)" in out
    assert "cai" in out and backups[0].name in out and "run `aon final-grades` again" in out


def test_an_unanswered_written_answer_is_0_in_the_gradebook_as_the_feedback_says(capstone, tmp_path, capsys):
    """Review: the feedback said "q5 was not answered ...: 0 points" but the gradebook left q5 blank and
    final-grades listed the student as still to score."""
    from aon.grading.report import feedback_text, keep_typed_points

    def graded(**values):
        return finish(capstone, {"student": "ana", "values": values, "flags": [], "notes": []})

    record = graded(thesis="alliance", argument=UNTOUCHED)   # q5 (argument) left as released
    assert "q5 was not answered, so there is nothing to mark: 0 points" in feedback_text(capstone, record)
    path = tmp_path / "gradebook.csv"
    write_gradebook(capstone, [record], path)
    row = read_gradebook(path)[0]
    assert row["q5 (manual)"] == "0" and "q5 was not answered" in row["notes"]
    grades = final_grades(path)
    assert not grades.incomplete and grades.rows[0]["manual_points"] == 0 and not grades.notes
    # grading again: a 0 the grader wrote is not taken for a typed score once the student has answered ...
    answered = graded(thesis="alliance", argument="My argument.")
    write_gradebook(capstone, [answered], path, typed=keep_typed_points(path, capstone, [answered]))
    assert read_gradebook(path)[0]["q5 (manual)"] == ""
    # ... but what the instructor typed is kept, even for an answer the grader saw as missing
    rows = read_gradebook(path)
    rows[0]["q5 (manual)"] = "3"
    write_rows(path, rows)
    write_gradebook(capstone, [record], path, typed=keep_typed_points(path, capstone, [record]))
    assert read_gradebook(path)[0]["q5 (manual)"] == "3"
    capsys.readouterr()


@pytest.mark.parametrize("flag", ["timeout", "memory_limit", "crashed"])
def test_a_written_answer_the_run_never_reached_is_left_for_a_person(capstone, tmp_path, flag):
    """Review: a run stopped before the q5 cell left `argument` missing; that is not 'unanswered', so no 0 is entered."""
    from aon.grading.report import feedback_text

    record = finish(capstone, {"student": "ana", "values": {"thesis": "alliance"}, "flags": [flag], "notes": []})
    assert "nothing to mark" not in feedback_text(capstone, record)
    path = tmp_path / "gradebook.csv"
    write_gradebook(capstone, [record], path)
    assert read_gradebook(path)[0]["q5 (manual)"] == ""
    assert final_grades(path).incomplete == ["ana"]


def test_rubric_rule_and_tables(capstone):
    q5 = capstone.questions["q5"].manual
    assert q5.points_for([4] * 5) == 12 and q5.points_for([1] * 5) == 3 and q5.points_for([4, 3, 3, 2, 4]) == 9.6
    with pytest.raises(CourseError):
        q5.points_for([5, 4, 4, 4, 4])
    assert "12 × total / 20" in q5.rule("q5")
    ach = load_exercise("ex03-ach").questions["q5"].manual
    assert ach.points_for([4, 3, 2]) == 3 and "4 × total / 12" in ach.rule("q5")


@pytest.mark.parametrize("exercise_id", ["ex01-coding", "ex03-ach", "ex04-capstone"])
def test_every_rubric_is_in_the_students_notebook_with_its_rule(exercise_id):
    """Feedback tells students to see the rubric in the exercise: it must be there, as tests.py defines it."""
    import json

    from aon.paths import exercises_dir

    exercise = load_exercise(exercise_id)
    cells = json.loads((exercises_dir() / "release" / exercise_id / f"{exercise_id}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for question in exercise.manual_questions:
        manual = question.manual
        assert f"{manual.points:g} × total / {manual.top_score * len(manual.rubric)}" in text
        for criterion in manual.rubric:
            assert f"| {criterion.name} |" in text, (exercise_id, criterion.name)


def test_grading_messages_point_to_what_to_do(tmp_path, monkeypatch, capsys):
    """A file given for the submissions folder; a batch of another exercise's notebooks; where an error happened."""
    import argparse
    import json

    from aon.grading import cli, submissions
    from aon.paths import exercises_dir

    notebook = tmp_path / "alice.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    with pytest.raises(CourseError, match="is a file: give the folder"):
        submissions.find_submissions(notebook, "ex03-ach")

    release = json.loads((exercises_dir() / "release" / "ex03-ach" / "ex03-ach.ipynb").read_text(encoding="utf-8"))
    headings = submissions.section_headings(release)
    assert "Q2 (2 points): diagnosticity" in headings.values()

    records = [{"status": "wrong_exercise", "notes": ["this is exercise 'ex04-capstone', not 'ex03-ach'"]}] * 3
    monkeypatch.setattr(cli, "grade_folder", lambda *a, **k: (tmp_path / "gradebook.csv", records))
    args = argparse.Namespace(exercise="ex03-ach", submissions=str(tmp_path), output=str(tmp_path / "out"), jobs=1,
                              timeout=5, memory_mb=256, source=None, release=None, no_progress=True)
    cli.run_grade(args)
    assert "notebooks of another exercise (ex04-capstone (3)), not ex03-ach" in capsys.readouterr().out


def test_an_unquoted_decimal_comma_shifts_the_line_and_is_refused(capstone, tmp_path, capsys):
    path, rows = gradebook_rows(capstone, tmp_path)
    rows[0]["q5 (manual)"], rows[2]["q5 (manual)"] = "9", "6"
    write_rows(path, rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("ben,") and ",,0.0," in lines[2]
    lines[2] = lines[2].replace(",,0.0,", ",7,5,0.0,", 1)          # ben's q5 typed 7,5 in a text editor, unquoted
    short = lines[3].rsplit(",", 1)[0]                                 # and cai's line lost its last field
    path.write_text("\n".join([lines[0], lines[1], "", lines[2], short]) + "\n", encoding="utf-8")
    grades = final_grades(path)
    by = {r["student"]: r for r in grades.rows}
    assert by["ana"]["total"] == 9 and by["ben"]["total"] == "" and by["cai"]["total"] == ""
    assert grades.incomplete == ["ben", "cai"] and not grades.notes
    ben = next(p for p in grades.problems if "ben" in p)
    assert ben.startswith("line 4 (ben)") and "1 field(s) more than the header" in ben and '"7,5"' in ben and "7.5" in ben
    assert any(p.startswith("line 5 (cai)") and "fewer than the header" in p for p in grades.problems)
    # grading again does not carry the shifted line's points over as if they were right; the backup keeps them
    from aon.grading.report import keep_typed_points

    records = [finish(capstone, {"student": s, "values": {}, "flags": [], "notes": []}) for s in ("ana", "ben", "cai")]
    typed = keep_typed_points(path, capstone, records)
    assert typed == {"ana": {"q5 (manual)": "9"}}
    assert "line 4 of gradebook.csv (ben) has shifted columns" in capsys.readouterr().out


def test_a_stray_empty_field_at_the_end_of_a_line_is_ignored(capstone, tmp_path, capsys):
    """Review: one trailing comma refused the whole line, and a regrade dropped its typed points."""
    path, rows = gradebook_rows(capstone, tmp_path)
    rows[0]["q5 (manual)"], rows[1]["q5 (manual)"], rows[2]["q5 (manual)"] = "9", "7", "6"
    write_rows(path, rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ","          # ana: one stray empty field
    lines[2] += ", ,"        # ben: two, one of them a space
    lines[3] += ",x"         # cai: a non-empty extra field is still refused
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    grades = final_grades(path)
    by = {r["student"]: r for r in grades.rows}
    assert by["ana"]["total"] == 9 and by["ben"]["total"] == 7 and by["cai"]["total"] == ""
    assert len(grades.problems) == 1 and grades.problems[0].startswith("line 4 (cai)")
    from aon.grading.report import keep_typed_points

    records = [finish(capstone, {"student": s, "values": {}, "flags": [], "notes": []}) for s in ("ana", "ben", "cai")]
    assert keep_typed_points(path, capstone, records) == {"ana": {"q5 (manual)": "9"}, "ben": {"q5 (manual)": "7"}}
    assert "(cai) has shifted columns" in capsys.readouterr().out


def test_gradebook_line_numbers_with_a_line_separator_or_form_feed_in_a_field(capstone, tmp_path):
    """The gradebook and add-evidence count lines alike (aon.csvlines): U+2028 and form feeds are no line break."""
    path, rows = gradebook_rows(capstone, tmp_path)
    rows[0]["notes"] = "a note\u2028over\x0c'lines'\nand a real line break"
    rows[0]["q5 (manual)"], rows[1]["q5 (manual)"], rows[2]["q5 (manual)"] = "1", "ten", "2"
    write_rows(path, rows)
    grades = final_grades(path)
    assert [p.split(":")[0] for p in grades.problems] == ["line 4 (ben)"]
