"""Accessibility of the course's notebooks (fast; no build, no browser).

- Headings never skip a level (H1, then H2, ...), and each notebook has exactly one H1, first:
  screen-reader users navigate by headings, and the site uses the H1 as the page title.
- Every image has alt text that describes it: not empty, not a placeholder ("image", "figure",
  "drawing", "png", "alt", ...) and not the file name.

The colour palette's accessibility is in tests/test_palette.py; the rendered site's images are
checked in a real browser in tests/test_browser.py.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from aon.authoring.site import (
    alt_text_problems,
    course_markdown_files,
    heading_problems,
)

ROOT = Path(__file__).resolve().parents[1]
FILES = course_markdown_files(ROOT)
NOTEBOOKS = [path for path in FILES if path.suffix == ".ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_heading_levels_never_skip(path):
    problems = heading_problems(path, ROOT)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_images_have_real_alt_text(path):
    problems = alt_text_problems(path, ROOT)
    assert not problems, "\n".join(problems)


def _notebook(tmp_path: Path, *markdown: str) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    path = tmp_path / "notebooks" / "01_x.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize("markdown, expected", [
    ("# Title\n\n## Part\n\n### Detail\n\n## Next part", None),
    ("# Title\n\n### Detail", "jumps from level 1 to 3"),
    ("## Part\n\n# Title", "first heading"),
    ("# Title\n\n# Another title", "2 level-1 headings"),
    ("Just prose.", "0 level-1 headings"),
    ("Title\n=====\n\nPart\n----\n\n#### Deep", "jumps from level 2 to 4"),
    ("# Title\n\n```python\n# a comment, not a heading\n### nor this\n```", None),
    ("# Title\n\n<h3>HTML heading</h3>", "jumps from level 1 to 3"),
])
def test_heading_checker(tmp_path, markdown, expected):
    problems = "\n".join(heading_problems(_notebook(tmp_path, markdown), tmp_path))
    if expected is None:
        assert problems == ""
    else:
        assert expected in problems


@pytest.mark.parametrize("image, bad", [
    ("![Bar chart: Russian arms exports to China fall after 2005](figures/arms.png)", False),
    ("![](figures/arms.png)", True),
    ("![drawing](figures/arms.png)", True),
    ("![Image](figures/arms.png)", True),
    ("![figure](figures/arms.png)", True),
    ("![png](figures/arms.png)", True),
    ("![alt](figures/arms.png)", True),
    ("![arms.png](figures/arms.png)", True),
    ("![arms](figures/arms.png)", True),
    ("![other_name.png](figures/arms.png)", True),
    ('<img src="figures/arms.png">', True),
    ('<img src="figures/arms.png" alt="">', True),
    ('<img src="figures/arms.png" alt="Map of the Power of Siberia pipeline route">', False),
])
def test_alt_text_checker(tmp_path, image, bad):
    problems = alt_text_problems(_notebook(tmp_path, f"# Title\n\n{image}"), tmp_path)
    assert bool(problems) == bad, problems
