"""Choice questions must discriminate: the right option is not given away by being the longest or the only hedged one.

Every multiple-choice question of the lessons and exercises is collected: the reading lessons' from their content
files, the other notebooks' from their "- **A.** ..." option lists (the key from the lesson's registered question,
or from the exercise's key). A test fails when the correct option is the strictly longest in more than a third of
them, or when it is the only option that hedges ("most", "often", "likely", ...) in more than a third of them.
"""
from __future__ import annotations

import json
import re
import tomllib

import pytest

from aon.lessons import questions_for
from aon.paths import exercises_dir, notebooks_dir

OPTION = re.compile(r"^\s*[-*]\s+\*\*([A-F])\.\*\*\s+(.+?)\s*$", re.M)
QUESTION = re.compile(r"\*\*Question (\d+)\*\*")
LESSON = re.compile(r"checker\(\s*[\"']([a-z0-9-]+)[\"']")
HEDGES = re.compile(r"\b(most|mostly|often|usually|likely|probably|partly|some|may|might|can|largely|mainly|"
                    r"tends?|not all|in part|at least|roughly|about)\b", re.I)


def _content_questions() -> list[tuple[str, dict[str, str], str]]:
    found = []
    for path in sorted((notebooks_dir() / "content").glob("*.toml")):
        content = tomllib.loads(path.read_text(encoding="utf-8"))
        for section in content.values():
            for question in section if isinstance(section, list) else []:
                if isinstance(question, dict) and isinstance(question.get("choices"), dict) and question.get("answer"):
                    found.append((f"{path.stem} {question.get('qid')}", question["choices"], question["answer"]))
    return found


def _notebook_questions() -> list[tuple[str, dict[str, str], str]]:
    found = []
    for path in sorted(notebooks_dir().glob("[01][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        lesson = LESSON.search(code)
        if not lesson or path.name[:2] in {"01", "02", "03", "04", "05"}:
            continue  # reading lessons are read from their content files
        keys = {q.qid: q for q in questions_for(lesson.group(1))}
        for cell in cells:
            text = "".join(cell["source"])
            number = QUESTION.search(text)
            options = dict(OPTION.findall(text))
            if cell["cell_type"] != "markdown" or not number or len(options) < 2:
                continue
            question = keys.get(f"q{number.group(1)}")
            if question is None or question.kind != "choice":
                continue
            found.append((f"{path.stem} q{number.group(1)}", options, str(question.expected()).upper()))
    return found


def _exercise_questions() -> list[tuple[str, dict[str, str], str]]:
    """Choice questions of the exercises: options in the notebook, the key in the hidden tests' CHOICE_KEYS if any."""
    found = []
    for folder in sorted((exercises_dir() / "source").iterdir()):
        notebook = next(folder.glob("*.ipynb"), None)
        tests = folder / "tests.py"
        if notebook is None or not tests.is_file():
            continue
        keys = dict(re.findall(r"[\"'](q\d+)[\"']\s*:\s*[\"']([A-F])[\"']", tests.read_text(encoding="utf-8")))
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            number = QUESTION.search(text)
            options = dict(OPTION.findall(text))
            if cell["cell_type"] == "markdown" and number and len(options) >= 2 and f"q{number.group(1)}" in keys:
                found.append((f"{folder.name} q{number.group(1)}", options, keys[f"q{number.group(1)}"]))
    return found


ALL = _content_questions() + _notebook_questions() + _exercise_questions()


def _strictly_longest(options: dict[str, str], answer: str) -> bool:
    length = len(options[answer])
    return all(length > len(text) for key, text in options.items() if key != answer)


def _only_hedged(options: dict[str, str], answer: str) -> bool:
    hedged = {key for key, text in options.items() if HEDGES.search(text)}
    return hedged == {answer}


def test_choice_questions_are_found():
    assert len(ALL) >= 10, [name for name, _, _ in ALL]
    for name, options, answer in ALL:
        assert answer in options, f"{name}: the key {answer} is not an option"


def test_the_right_option_is_not_usually_the_longest():
    longest = [name for name, options, answer in ALL if _strictly_longest(options, answer)]
    assert len(longest) <= len(ALL) / 3, f"right option strictly longest in {len(longest)} of {len(ALL)}: {longest}"


def test_the_right_option_is_not_usually_the_only_hedged_one():
    hedged = [name for name, options, answer in ALL if _only_hedged(options, answer)]
    assert len(hedged) <= len(ALL) / 3, f"right option the only hedged one in {len(hedged)} of {len(ALL)}: {hedged}"


@pytest.mark.parametrize("name, options, answer", ALL, ids=[name for name, _, _ in ALL])
def test_no_option_is_a_one_word_straw_man_beside_a_long_key(name, options, answer):
    """A distractor a fifth of the key's length is a straw man a student can rule out unread."""
    key = len(options[answer])
    short = [k for k, text in options.items() if k != answer and len(text) * 5 < key]
    assert not short, f"{name}: options {short} are far shorter than the right one"
