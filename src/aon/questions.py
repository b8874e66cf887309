"""The questions of every lesson, built from the data so they work for any reading.

Each article lesson has three data questions computed from the evidence table
(q1–q3), then the questions written for that reading in
``notebooks/content/<article_id>.toml`` (multiple choice, evidence ids, open
questions and a one-sentence summary). Comparative lessons register their own
questions with :func:`register_lesson`.
"""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from .checks import Question, evidence_id_validator
from .data import article_ids, resource
from .errors import did_you_mean
from .paths import notebooks_dir

_LESSON_BUILDERS: dict[str, Callable[[], list[Question]]] = {}


def register_lesson(name: str) -> Callable[[Callable[[], list[Question]]], Callable[[], list[Question]]]:
    """Decorator: register a function that returns the questions of a comparative lesson."""
    def decorate(builder: Callable[[], list[Question]]) -> Callable[[], list[Question]]:
        _LESSON_BUILDERS[name] = builder
        return builder
    return decorate


def vocabulary(table: str, column: str) -> list[str]:
    """Return the allowed values of a column, as declared in datapackage.json."""
    for field in resource(table)["schema"]["fields"]:
        if field["name"] == column:
            return list(field["constraints"]["enum"])
    raise KeyError(column)


def content_path(article_id: str) -> Path:
    """Return the path of a reading's lesson content file."""
    return notebooks_dir() / "content" / f"{article_id}.toml"


def load_content(article_id: str) -> dict:
    """Return the lesson content of a reading (an empty lesson if none is written yet)."""
    path = content_path(article_id)
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _evidence():
    from .evidence import load_evidence

    return load_evidence()


def data_questions(article_id: str) -> list[Question]:
    """q1–q3: count, most common theme and share of 'necessity' rows for one reading."""
    def rows():
        ev = _evidence()
        return ev[ev["article_id"] == article_id]

    def top_themes(table):
        counts = table["theme"].value_counts()
        return set(counts[counts == counts.max()].index)

    def share(table, value):
        return float((table["supports"] == value).mean()) if len(table) else 0.0

    close = lambda a, b: abs(a - b) < 0.005  # noqa: E731 - right to 2 decimals, or unrounded

    def rounding_slip(answer: float, exact: float) -> bool:
        """True if the answer is the exact value rounded to 1 decimal, or cut off after 1-3 decimals."""
        slips = [round(exact, 1)] + [int(exact * 10 ** k + 1e-9) / 10 ** k for k in (1, 2, 3)]
        return any(abs(answer - slip) < 1e-9 for slip in slips)

    themes = vocabulary("evidence", "theme")
    return [
        Question(
            "q1", "n_rows", "integer", expected=lambda: len(rows()),
            hints=[
                (lambda a, e: a == len(_evidence()), "You counted the rows of every article; filter to this one first, e.g. `ev[ev[\"article_id\"] == ARTICLE]`."),
                (lambda a, e: a == len(_evidence().columns), "That is the number of columns; count rows, e.g. with `len(...)`."),
                (lambda a, e: abs(a - e) == 1, "Check that you counted every row of this article only, the first and the last included."),
            ],
            fallback_hint="Count the rows of the evidence table that belong to this article (filter on `article_id`, then `len`).",
        ),
        Question(
            "q2", "top_theme", "text",
            expected=lambda: top_themes(rows()),
            validator=lambda a: None if a in themes else f"'{a}' is not a theme of the codebook.{did_you_mean(a, themes)}",
            hints=[
                (lambda a, e: a in top_themes(_evidence()), "That is the most common theme across all the readings; filter to this article first."),
            ],
            fallback_hint="Use `value_counts()` on the `theme` column of this article's rows and take the most frequent.",
        ),
        Question(
            "q3", "necessity_share", "number", tolerance=0.005,
            expected=lambda: share(rows(), "necessity"),
            hints=[
                (lambda a, e: 1 < a <= 100 and abs(a / 100 - e) < 0.0051, "That looks like a percentage; give a fraction between 0 and 1 instead."),
                (lambda a, e: rounding_slip(a, e), "Check how you rounded: give 2 decimals, rounded to the nearest with round(x, 2), "
                                                   "not cut off and not rounded to fewer decimals."),
                (lambda a, e: close(a, share(rows(), "alliance")), "That is the share of rows supporting *alliance*; the question asks about *necessity*."),
                (lambda a, e: close(a, share(_evidence(), "necessity")), "That is the share across all the readings; filter to this article first."),
                (lambda a, e: a > 1, "A share is a fraction between 0 and 1."),
            ],
            fallback_hint="Divide the number of this article's rows with supports == \"necessity\" by all its rows (or use `.mean()` on a True/False column), rounded to 2 decimals.",
        ),
    ]


def content_questions(article_id: str, content: dict) -> list[Question]:
    """The questions written for a reading in its content file."""
    questions: list[Question] = []
    known = lambda: _evidence()["evidence_id"].tolist()  # noqa: E731
    for item in content.get("choice_questions", []):
        hints = [(lambda a, e, letter=letter: a == letter, text) for letter, text in item.get("hints", {}).items()]
        questions.append(Question(item["qid"], item["variable"], "choice", expected=lambda item=item: item["answer"],
                                  choices=sorted(item["choices"]), hints=hints,
                                  fallback_hint=item.get("hint", "Not yet: go back to the passage and re-read it.")))
    def in_this_reading(answer: str) -> str | None:
        problem = evidence_id_validator(known)(answer)
        if problem:
            return problem
        if not answer.startswith(f"{article_id}-"):
            return f"'{answer}' is a row of another reading; choose one from this reading's table (`ev`)."
        return None

    for item in content.get("evidence_questions", []):
        # [[evidence_questions.hints]] tables: a hint for the rows in `ids`, tried before the general `hint`
        hints = [(lambda a, e, ids=tuple(group["ids"]): a in ids, group["hint"]) for group in item.get("hints", [])]
        questions.append(Question(item["qid"], item["variable"], "evidence_id", expected=lambda item=item: item["accept"],
                                  validator=in_this_reading, hints=hints,
                                  fallback_hint=item.get("hint", "That row exists, but it is not the strongest evidence for this; look again at the table.")))
    for item in content.get("open_questions", []):
        questions.append(Question(item["qid"], item["variable"], "prose", min_words=int(item.get("min_words", 30)),
                                  min_ids=int(item.get("min_ids", 0)), known_ids=known))
    summary = content.get("summary")
    if summary:
        questions.append(Question(summary.get("qid", "summary"), summary.get("variable", "my_summary"), "prose",
                                  min_words=int(summary.get("min_words", 12)),
                                  after_pass=f"Our one-sentence summary, to compare with yours: “{summary['ours']}” "
                                             "Where do they differ, and which is closer to the text?"))
    return questions


#: Modules that register the questions of the comparative lessons (imported on first use).
COMPARATIVE_QUESTION_MODULES = ["aon.questions_compare_a", "aon.questions_compare_b", "aon.questions_start"]


def _load_comparative_questions() -> None:
    import importlib

    for name in COMPARATIVE_QUESTION_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def questions_for(lesson: str) -> list[Question]:
    """Return the questions of a lesson: an article id or a registered comparative lesson."""
    _load_comparative_questions()
    if lesson in _LESSON_BUILDERS:
        return _LESSON_BUILDERS[lesson]()
    if lesson in article_ids():
        return data_questions(lesson) + content_questions(lesson, load_content(lesson))
    from .errors import unknown_value_error

    raise unknown_value_error("Lesson", lesson, [*article_ids(), *_LESSON_BUILDERS])
