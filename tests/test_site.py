"""The course website: generated table of contents, strict offline build, nothing loaded from the internet."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from aon.authoring.catalogue import lesson_notebooks, student_notebooks
from aon.authoring.site import (
    book_config,
    build_site,
    built_pages,
    external_resources,
    readable_warning,
    site_pages,
    table_of_contents,
)
from aon.errors import CourseError
from conftest_site import markdown_notebook as _notebook  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]




@pytest.fixture
def course(tmp_path) -> Path:
    """A small made-up course: three lessons (out of name order), one exercise with instructor files."""
    _notebook(tmp_path / "notebooks" / "10_compare.ipynb", "# Comparing the readings\n\nText.")
    _notebook(tmp_path / "notebooks" / "00_start_here.ipynb", "# Start here\n\n## Course contents\n\nText.")
    _notebook(tmp_path / "notebooks" / "02_second.ipynb", "# Second reading\n\n[back](00_start_here.ipynb#course-contents)")
    _notebook(tmp_path / "notebooks" / "scratch.ipynb", "# Not a lesson")
    # The course's layout: instructor sources in exercises/source/<id>/, student versions in exercises/release/<id>/.
    _notebook(tmp_path / "exercises" / "source" / "ex01-a" / "ex01-a.ipynb", "# Exercise 1 with solutions")
    (tmp_path / "exercises" / "source" / "ex01-a" / "tests.py").write_text("HIDDEN = 1\n")
    _notebook(tmp_path / "exercises" / "release" / "ex01-a" / "ex01-a.ipynb", "# Exercise 1")
    (tmp_path / "exercises" / "release" / "ex01-a" / "checks.py").write_text("PUBLIC = 1\n")
    _notebook(tmp_path / "exercises" / "release" / "ex02-b" / "ex02-b.ipynb", "# Exercise 2")
    (tmp_path / "data").mkdir()
    return tmp_path


def test_lessons_are_numbered_notebooks_in_number_order(course):
    assert [p.name for p in lesson_notebooks(course)] == ["00_start_here.ipynb", "02_second.ipynb", "10_compare.ipynb"]


def test_exercises_are_student_versions_only(course):
    assert [p.relative_to(course).as_posix() for p in student_notebooks(course)] == [
        "exercises/release/ex01-a/ex01-a.ipynb", "exercises/release/ex02-b/ex02-b.ipynb"]


def test_exercises_in_one_folder_each(tmp_path):
    _notebook(tmp_path / "exercises" / "ex1" / "source" / "ex1.ipynb", "# Exercise 1 with solutions")
    _notebook(tmp_path / "exercises" / "ex1" / "student" / "ex1.ipynb", "# Exercise 1")
    _notebook(tmp_path / "exercises" / "ex2" / "ex2.ipynb", "# Exercise 2")
    _notebook(tmp_path / "exercises" / "ex2" / "ex2_solution.ipynb", "# Exercise 2 solution")
    assert [p.relative_to(tmp_path).as_posix() for p in student_notebooks(tmp_path)] == ["exercises/ex1/student/ex1.ipynb"]
    (tmp_path / "exercises" / "ex1" / "student" / "ex1.ipynb").unlink()
    assert [p.relative_to(tmp_path).as_posix() for p in student_notebooks(tmp_path)] == ["exercises/ex2/ex2.ipynb"]


def test_table_of_contents_is_generated(course):
    lessons, exercises = site_pages(course)
    assert [page.title for page in lessons] == ["Start here", "Second reading", "Comparing the readings"]
    toc = table_of_contents(lessons, exercises)
    assert toc["root"] == "index"
    assert [part["caption"] for part in toc["parts"]] == ["Lessons", "Exercises"]
    assert toc["parts"][0]["chapters"][0] == {"file": "notebooks/00_start_here"}
    assert toc["parts"][1]["chapters"] == [{"file": "exercises/release/ex01-a/ex01-a"}, {"file": "exercises/release/ex02-b/ex02-b"}]


def test_config_is_offline_and_does_not_execute():
    config = book_config("favicon.svg")
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["sphinx"]["config"]["intersphinx_mapping"] == {}
    assert config["html"]["favicon"] == "favicon.svg" and config["copyright"]
    assert "mathjax_path" not in config["sphinx"]["config"]  # without vendored MathJax, Sphinx's default (a CDN) ...
    with_math = book_config("favicon.svg", "mathjax/tex-mml-chtml.js")["sphinx"]["config"]
    assert with_math["mathjax_path"] == "mathjax/tex-mml-chtml.js" and with_math["html_static_path"] == ["_offline_assets"]
    assert not config["launch_buttons"]["thebe"]


def test_a_new_lesson_joins_the_site_and_a_heading_jump_fails_it(course):
    html = build_site(course, quiet=True)
    assert (html / "notebooks" / "10_compare.html").is_file()
    assert (html / "exercises" / "release" / "ex01-a" / "ex01-a.html").is_file()
    published = [p.relative_to(html.parent).as_posix() for p in html.parent.rglob("*") if "source" in p.parts or p.suffix == ".py"]
    assert not published, f"instructor material was published or staged: {published}"
    assert not (html / "notebooks" / "scratch.html").exists()
    index = (html / "index.html").read_text()
    assert "02_second.html" in index and "Comparing the readings" in index
    assert 'rel="icon"' in index

    _notebook(course / "notebooks" / "03_new.ipynb", "# A new lesson\n\n### Skipped a level")
    with pytest.raises(CourseError, match=r"03_new.ipynb.*(jumps from level 1 to 3|H1 to H3)"):
        build_site(course, quiet=True)
    _notebook(course / "notebooks" / "03_new.ipynb", "# A new lesson\n\n[broken](04_missing.ipynb)")
    with pytest.raises(CourseError, match=r"03_new.ipynb \(cell 1, line 3\).*04_missing"):
        build_site(course, quiet=True)


def test_external_resources_are_found(tmp_path):
    (tmp_path / "a.html").write_text('<script src="https://cdn.example.org/x.js"></script><link rel="stylesheet" '
                                     'href="//fonts.example.org/f.css"><link rel="canonical" href="https://x.org/">'
                                     '<img src="_images/local.png" alt="local">')
    found = external_resources(tmp_path)
    assert len(found) == 2 and "cdn.example.org" in found[0] and "fonts.example.org" in found[1]


def test_warnings_point_at_the_project_file_and_cell(tmp_path):
    line = f"\x1b[91m{tmp_path}/notebooks/01_x.ipynb:30004: WARNING: Non-consecutive header level increase\x1b[39;49;00m"
    assert readable_warning(line, tmp_path).startswith("notebooks/01_x.ipynb (cell 3, line 3): WARNING")


def test_the_course_site_builds(built_site):
    """The real course: strict build (warnings are errors), every lesson and exercise rendered, offline."""
    lessons, exercises = built_pages(built_site)
    assert [p.path.name for p in lessons][:1] == ["00_start_here.ipynb"], "the site must start with the start-here lesson"
    for page in lessons + exercises:
        assert (built_site / page.path.with_suffix(".html")).is_file(), f"{page.path} was not rendered"
    assert external_resources(built_site) == []
    assert json.loads(json.dumps(table_of_contents(lessons, exercises)))["parts"][0]["chapters"]


def test_the_contents_anchor_for_jupyterlab_is_kept_out_of_the_site(built_site):
    """The start-here notebook carries an explicit anchor for JupyterLab; on the site the id appears once."""
    from aon.authoring.build import CONTENTS_ANCHOR

    start = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    assert any(CONTENTS_ANCHOR in "".join(cell["source"]) for cell in start["cells"])
    page = (built_site / "notebooks" / "00_start_here.html").read_text(encoding="utf-8")
    assert page.count('id="course-contents"') == 1


def test_dropping_the_anchor_keeps_the_file_time(tmp_path):
    from aon.authoring.build import CONTENTS_ANCHOR
    from aon.authoring.site import drop_jupyterlab_anchors

    path = _notebook(tmp_path / "00_start_here.ipynb", f"{CONTENTS_ANCHOR}\n\n## Course contents\n\nText.")
    before = path.stat().st_mtime_ns
    drop_jupyterlab_anchors(tmp_path)
    source = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    assert CONTENTS_ANCHOR not in source and source.startswith("## Course contents") and path.stat().st_mtime_ns == before
