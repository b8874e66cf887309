"""Each reading lesson on disk is what a rebuild would write: template + content file + data, then navigation.

The five reading lessons (01-05) are generated (`aon new-lesson ID --force`, `aon build-lessons`): a change to
the template, to ``notebooks/content/<id>.toml`` or to a reading's data is only seen by students once the lesson
is rebuilt and re-run. These tests rebuild each lesson in memory (no kernel, nothing written), stamp its navigation
as `stamp_navigation` does, and compare it cell by cell with the notebook on disk: cell types, sources and tags.
Outputs and execution counts are not compared (nbval checks those when it runs the notebooks).
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from aon.authoring.build import build_reading_lesson, lesson_filename, stamp_notebook
from aon.authoring.nbio import nbformat
from aon.paths import FULL_TEXTS_ENV, notebooks_dir

ROOT = Path(__file__).resolve().parents[1]


def readings(root: Path) -> list[tuple[str, int]]:
    """The (article_id, sequence) of every reading in ``data/articles.csv``."""
    with (root / "data" / "articles.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["article_id"], int(row["sequence"])) for row in csv.DictReader(handle)]


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _first_line_difference(rebuilt: str, on_disk: str) -> str:
    """Name the first line where two cell sources differ, quoting both versions."""
    new, old = rebuilt.splitlines(), on_disk.splitlines()
    for number, (a, b) in enumerate(zip(new, old), start=1):
        if a != b:
            return f"line {number}:\n    rebuilt: {a!r}\n    on disk: {b!r}"
    number = min(len(new), len(old)) + 1
    if len(new) > len(old):
        return f"line {number} is only in the rebuild: {new[number - 1]!r}"
    if len(old) > len(new):
        return f"line {number} is only on disk: {old[number - 1]!r}"
    return "only in whitespace at the end of a line or of the cell"


def _first_cell_difference(rebuilt: list, on_disk: list) -> str | None:
    """Describe the first cell (by index) where two lists of cells differ, or None if none does."""
    for index, (new, old) in enumerate(zip(rebuilt, on_disk)):
        where = f"cell {index} (id {old.get('id', '?')!r})"
        if new.cell_type != old.cell_type:
            return f"{where} is a {new.cell_type} cell in the rebuild but a {old.cell_type} cell on disk"
        if new.source != old.source:
            return f"{where} differs at {_first_line_difference(new.source, old.source)}"
        if _tags(new) != _tags(old):
            return f"{where} has tags {_tags(new)} in the rebuild but {_tags(old)} on disk"
    if len(rebuilt) != len(on_disk):
        index = min(len(rebuilt), len(on_disk))
        longer, side = (rebuilt, "the rebuild") if len(rebuilt) > len(on_disk) else (on_disk, "the notebook on disk")
        first = (longer[index].source.splitlines() or [""])[0]
        return (f"the rebuild has {len(rebuilt)} cells, the notebook on disk {len(on_disk)}; cell {index} is only in "
                f"{side}, starting {first!r}")
    return None


def lesson_drift(article_id: str, sequence: int) -> str | None:
    """Return None if the lesson of ``article_id`` on disk has the cells a rebuild gives it, else what to fix."""
    path = notebooks_dir() / lesson_filename(article_id, sequence)
    rebuilt = stamp_notebook(build_reading_lesson(article_id), path)
    on_disk = nbformat.read(path, as_version=4)
    difference = _first_cell_difference(rebuilt.cells, on_disk.cells)
    if difference is None:
        return None
    return (f"notebooks/{path.name} is not what its template, notebooks/content/{article_id}.toml and its data build:\n"
            f"  {difference}\nTo fix: if the change is meant (a content file, the template `build_reading_lesson` or "
            f"the data changed), run `aon new-lesson {article_id} --force` (or `aon build-lessons` for every reading), "
            "which rebuilds the lesson, re-runs it so its outputs stay valid for nbval, and re-stamps the navigation; "
            "then commit the notebook. If the notebook was edited by hand, move the edit into the content file or "
            "the template first: a rebuild would lose it.")


@pytest.fixture
def shipped(monkeypatch):
    """The course as committed (not a copy), with its full texts, whatever the working directory."""
    monkeypatch.setenv("AON_ROOT", str(ROOT))
    monkeypatch.delenv(FULL_TEXTS_ENV, raising=False)
    return ROOT


@pytest.mark.parametrize("article_id, sequence", readings(ROOT), ids=[a for a, _ in readings(ROOT)])
def test_reading_lesson_is_what_a_rebuild_writes(shipped, article_id, sequence):
    if not (shipped / "notebooks" / lesson_filename(article_id, sequence)).is_file():
        pytest.skip(f"{article_id} has no lesson yet (aon new-lesson {article_id} writes it)")
    drift = lesson_drift(article_id, sequence)
    assert drift is None, drift


# ---------------------------------------------------------------- the comparison catches drift

@pytest.fixture
def course(tmp_path, monkeypatch):
    """A temporary copy of what a rebuild reads (data, notebooks and their content files), used via AON_ROOT."""
    root = tmp_path / "course"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns("figures", "_drafts", ".ipynb_checkpoints"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    (root / "exercises").mkdir()
    monkeypatch.setenv("AON_ROOT", str(root))
    monkeypatch.delenv(FULL_TEXTS_ENV, raising=False)
    return root


BLANK = ("blank-2016", 1)
HEADING = "China's victory over Russia"


def test_a_changed_heading_in_the_content_file_is_caught(course):
    content = course / "notebooks" / "content" / "blank-2016.toml"
    text = content.read_text(encoding="utf-8")
    assert text.count(f'heading = "{HEADING}"') == 1
    content.write_text(text.replace(f'heading = "{HEADING}"', 'heading = "Russia loses Eurasia"'), encoding="utf-8")
    on_disk = nbformat.read(course / "notebooks" / lesson_filename(*BLANK), as_version=4)
    index = next(i for i, cell in enumerate(on_disk.cells) if cell.source.startswith(f"### {HEADING}"))

    drift = lesson_drift(*BLANK)

    assert drift is not None
    assert "notebooks/01_reading_blank_2016.ipynb" in drift
    assert f"cell {index} " in drift and "line 1:" in drift
    assert f"rebuilt: {'### Russia loses Eurasia'!r}" in drift and f"on disk: {'### ' + HEADING!r}" in drift
    assert "aon new-lesson blank-2016 --force" in drift
    assert lesson_drift("baev-2019", 2) is None  # the other lessons are untouched


def _edit_code_cell(notebook):
    cell = next(c for c in notebook.cells if c.cell_type == "code" and "show_evidence(" in c.source)
    cell.source += "\nprint('added by hand')"


def _drop_navigation_tag(notebook):
    notebook.cells[0].metadata["tags"] = []


def _stale_navigation(notebook):
    notebook.cells[-1].source = "(navigation)"


def _swap_type(notebook):
    index = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    old = notebook.cells[index]
    notebook.cells[index] = nbformat.v4.new_markdown_cell(old.source, id=old.id)


def _extra_cell(notebook):
    notebook.cells.append(nbformat.v4.new_markdown_cell("A note added by hand."))


@pytest.mark.parametrize("edit, expected", [
    (_edit_code_cell, "line 2 is only on disk: \"print('added by hand')\""),
    (_drop_navigation_tag, "cell 0 (id 'blank-2016-000') has tags ['navigation'] in the rebuild but [] on disk"),
    (_stale_navigation, "'(navigation)'"),
    (_swap_type, "is a code cell in the rebuild but a markdown cell on disk"),
    (_extra_cell, "cell 68 is only in the notebook on disk, starting 'A note added by hand.'"),
], ids=["code-cell-edited", "navigation-tag-dropped", "navigation-not-stamped", "cell-type-changed", "cell-added"])
def test_a_hand_edit_to_the_notebook_is_caught(course, edit, expected):
    path = course / "notebooks" / lesson_filename(*BLANK)
    notebook = nbformat.read(path, as_version=4)
    edit(notebook)
    nbformat.write(notebook, path)
    drift = lesson_drift(*BLANK)
    assert drift is not None and expected in drift, drift


def test_outputs_and_execution_counts_are_not_compared(course):
    path = course / "notebooks" / lesson_filename(*BLANK)
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(notebook, path)
    assert lesson_drift(*BLANK) is None
