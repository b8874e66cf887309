"""Every internal link and image in the course's Markdown resolves (fast; no build, no browser).

Covers the lessons (notebooks/*.ipynb), the student exercise notebooks, README.md and docs/*.md.
A link is internal unless it has a scheme (https:, mailto:); internal links must point to a file
inside the course folder that exists, and a #fragment into a notebook or Markdown file must name
one of its headings (MyST spelling #the-heading or JupyterLab spelling #The-heading).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from aon.authoring.site import course_markdown_files, heading_anchors, link_problems
from conftest_site import markdown_notebook as _notebook  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FILES = course_markdown_files(ROOT)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_internal_links_resolve(path):
    problems = link_problems(path, ROOT)
    assert not problems, "broken links:\n" + "\n".join(problems)


# The checker itself, on made-up material, so that a pass above means something.



def test_checker_finds_broken_and_accepts_good_links(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "table.csv").write_text("a\n1\n")
    _notebook(tmp_path / "notebooks" / "00_start.ipynb", "# Start\n\n## Course contents\n\nHello.")
    lesson = _notebook(
        tmp_path / "notebooks" / "01_lesson.ipynb",
        "# Lesson\n\n[ok](00_start.ipynb) [ok anchor](00_start.ipynb#course-contents) "
        "[jlab anchor](00_start.ipynb#Course-contents) [data](../data/table.csv) [web](https://example.org) "
        "[self](#a-section)\n\n```\n[in code](nowhere.ipynb)\n```\n`[inline](nowhere.ipynb)`",
        "## A section\n\n[gone](02_missing.ipynb) [bad anchor](00_start.ipynb#no-such) "
        "![missing figure](figures/none.png) [outside](../../etc/passwd) [ref][r]\n\n[r]: ../data/nope.csv\n"
        '<a href="../README.md">readme</a>',
    )
    problems = "\n".join(link_problems(lesson, tmp_path))
    for broken in ["02_missing.ipynb", "#no-such", "figures/none.png", "points outside", "../data/nope.csv", "../README.md"]:
        assert broken in problems, f"the checker missed {broken}"
    assert "cell 1" not in problems, f"good links reported as broken:\n{problems}"


def test_heading_anchors_both_styles(tmp_path):
    path = tmp_path / "page.md"
    path.write_text("# Start here\n\n## Course contents\n\n(my-label)=\n### Why `aon`?\n")
    anchors = heading_anchors(path)
    assert {"start-here", "Start-here", "course-contents", "Course-contents", "my-label", "why-aon"} <= anchors
