"""Every lesson notebook has goals, a time estimate, navigation, the three-cell question pattern,
alt text and a caption on every figure, and no stored errors, warnings or machine paths."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from aon.authoring.build import NAV_TAG, navigation_markdown
from aon.authoring.catalogue import lesson_notebooks

NOTEBOOKS = lesson_notebooks()
IDS = [p.name for p in NOTEBOOKS]


def load(path: Path):
    return nbformat.read(path, as_version=4)


def markdown(notebook) -> str:
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_opens_with_goals_time_and_what_comes_before(path):
    text = markdown(load(path))
    assert re.search(r"\*\*Estimated time:\*\* \d+ minutes", text), "no estimated time"
    assert "**Before this:**" in text, "does not say what comes before it"
    assert "## Lesson goals" in text and "you will be able to" in text, "no lesson goals"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_navigation_is_stamped_at_top_and_bottom(path):
    notebook = load(path)
    nav = [c for c in notebook.cells if NAV_TAG in c.get("metadata", {}).get("tags", [])]
    assert notebook.cells[0] in nav and notebook.cells[-1] in nav, "navigation must be the first and last cell"
    i = NOTEBOOKS.index(path)
    expected = navigation_markdown(NOTEBOOKS[i - 1] if i else None, NOTEBOOKS[i + 1] if i + 1 < len(NOTEBOOKS) else None, NOTEBOOKS[0])
    for cell in nav:
        assert cell.source == expected, "navigation is stale: run `aon stamp-navigation`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_alt_text_and_a_caption(path):
    notebook = load(path)
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            for alt, _src in re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", cell.source):
                assert len(alt.split()) >= 8, f"cell {i}: alt text too thin: {alt!r}"
                assert re.search(r"\*Figure \d+\.\d+:", cell.source), f"cell {i}: image without a numbered caption"
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            for img in re.findall(r"<img[^>]*>", html):
                alt = re.search(r'alt="([^"]*)"', img)
                assert alt and len(alt.group(1).split()) >= 8, f"cell {i}: figure output without real alt text"
                assert "<figcaption>" in html and re.search(r"Figure \d+\.\d+:", html), f"cell {i}: figure without a caption"
            assert "image/png" not in output.get("data", {}), f"cell {i}: a bare inline plot has no alt text; use show_figure or save_figure"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_questions_follow_prompt_answer_check(path):
    cells = load(path).cells
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and re.fullmatch(r'check\("[\w-]+"\)', cell.source.strip()):
            answer, prompt = cells[i - 1], cells[i - 2]
            assert answer.cell_type == "code" and "..." in answer.source, f"cell {i}: the answer cell before a check must hold ..."
            assert prompt.cell_type == "markdown" and prompt.source.strip(), f"cell {i}: no question before the answer cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_outputs_are_clean(path):
    notebook = load(path)
    for i, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {i}: stored error {output.get('ename')}"
            assert output.get("name") != "stderr", f"cell {i}: stored stderr (a warning?): {output.get('text', '')[:200]}"
            text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
            assert "Warning" not in text, f"cell {i}: a warning in the output"
            assert not re.search(r"/(work|tmp|home|root)/", text), f"cell {i}: an absolute path of this machine in the output"
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_written_questions_state_their_minimum_length_in_the_prompt(path):
    """A student learns how long a written answer must be from the question, not from a failed check."""
    from aon.lessons import questions_for

    notebook = load(path)
    lesson = re.search(r'checker\(\s*"([^"]+)"', "\n".join(c.source for c in notebook.cells if c.cell_type == "code"))
    if lesson is None:
        lesson = re.search(r'checker\(\s*(\w+)', "\n".join(c.source for c in notebook.cells if c.cell_type == "code"))
        assert lesson, "no checker in this lesson"
        name = re.search(rf'{lesson.group(1)}\s*=\s*"([^"]+)"', "\n".join(c.source for c in notebook.cells)).group(1)
    else:
        name = lesson.group(1)
    for question in (q for q in questions_for(name) if q.kind == "prose" and q.min_words):
        index = next(i for i, c in enumerate(notebook.cells)
                     if c.cell_type == "code" and re.match(rf"{question.variable}\s*=", c.source))
        prompt = next(c.source for c in reversed(notebook.cells[:index]) if c.cell_type == "markdown")
        assert f"at least {question.min_words} words" in prompt, f"{question.qid}: the prompt does not state the minimum"


def test_lesson_00_shows_each_pandas_step_before_a_question_needs_it():
    """Issue 18: the goals promised counting and filtering, and Q2 needed date subtraction and idxmax, never shown."""
    cells = load(NOTEBOOKS[0]).cells
    first_question = next(i for i, c in enumerate(cells) if c.cell_type == "code" and c.source.strip() == 'check("q1")')
    shown = "\n".join(c.source for c in cells[:first_question] if c.cell_type == "code")
    for step in (".value_counts()", 'articles[articles["confidence"] ==', 'pd.Timestamp("2022-02-24") - articles["date_latest"]',
                 ".idxmax()", "tie_categories(", "pd.crosstab(", "count_units("):
        assert step in shown, step
    assert 'articles["date_latest"] - articles["date_earliest"]' not in shown   # the example is not Q2's answer


def test_lesson_00_introduces_codebook_2_and_its_literature():
    text = "\n".join(c.source for c in load(NOTEBOOKS[0]).cells if c.cell_type == "markdown")
    for term in ("distance", "partnership", "alignment", "alliance", "(level not shown)", "shared_threat",
                 "Walt", "Morrow", "ATOP", "Correlates of War", "Snyder", "Wilkins", "Korolev", "Lo's",
                 "four of the five readings"):
        assert term in text, term


def test_lesson_00_example_rows_have_the_tie_level_they_illustrate():
    """The tie table's example ids must carry that level in data/evidence.csv (a recoding would break the table)."""
    from aon.codebook import tie_label
    from aon.evidence import load_evidence

    rows = load_evidence().set_index("evidence_id")
    text = "\n".join(c.source for c in load(NOTEBOOKS[0]).cells if c.cell_type == "markdown")
    examples = re.findall(r"^\| (\(level not shown\)|distance|partnership|alignment|alliance) \|.*\| `([a-z0-9-]+)` \|$", text, re.M)
    assert len(examples) == 5
    for level, evidence_id in examples:
        assert tie_label(rows.loc[evidence_id, "tie"]) == level, evidence_id
