"""Lessons 01-05, one per reading: their questions, built from the data so they work for any reading.

Every reading's lesson is generated from one template (:mod:`aon.authoring.build`), so they share this
module. Each has three data questions computed from the evidence table (q1-q3), then the questions
written for that reading in ``notebooks/content/<article_id>.toml`` (multiple choice, evidence ids,
open questions and a one-sentence summary): :func:`reading_questions`.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd

from ..checks import Question, evidence_id_validator
from ..codebook import (
    NO_LEVEL,
    distinct_units,
    drivers,
    tie_categories,
    tie_levels,
    with_units,
)
from ..data import vocabulary
from ..errors import CourseError, did_you_mean
from ..evidence import load_evidence
from ..paths import notebooks_dir


def content_path(article_id: str) -> Path:
    """Return the path of a reading's lesson content file."""
    return notebooks_dir() / "content" / f"{article_id}.toml"


def load_content(article_id: str) -> dict:
    """Return the lesson content of a reading (an empty lesson if none is written yet).

    A content file that is not valid TOML, or that misses a key the lesson needs, raises a
    CourseError naming the file and what to fix (see :func:`content_problems`).
    """
    path = content_path(article_id)
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        try:
            content = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise CourseError(f"{_shown(path)} is not valid TOML: {exc}. Fix that line (compare with "
                              "notebooks/content/blank-2016.toml) and run the command again.") from None
    problems = content_problems(article_id, content)
    if problems:
        raise CourseError(f"{_shown(path)} needs fixing before a lesson can be built from it:\n"
                          + "\n".join(f"  - {p}" for p in problems)
                          + "\nCompare with notebooks/content/blank-2016.toml.")
    return content


def _shown(path: Path) -> str:
    """A content file's path as the instructor typed it: relative to the course folder."""
    try:
        return path.relative_to(notebooks_dir().parent).as_posix()
    except ValueError:
        return str(path)


REQUIRED_KEYS = {
    "sections": ("heading",),
    "choice_questions": ("qid", "variable", "prompt", "choices", "answer"),
    "evidence_questions": ("qid", "variable", "prompt", "accept"),
    "open_questions": ("qid", "variable", "prompt"),
}


#: The type each key of a section or question must have (keys not listed are checked where they are used).
KEY_TYPES = {"qid": str, "variable": str, "prompt": str, "heading": str, "answer": str, "choices": dict,
             "evidence": list}
KEY_TYPE_WORDS = {"qid": "text, such as \"q4\"", "variable": "text, the name of the answer's variable",
                  "prompt": "text", "heading": "text", "answer": "one letter in quotation marks, such as \"B\"",
                  "choices": "a table of letter = \"choice\"", "evidence": "a list of evidence ids, such as [\"...\"]"}


def content_problems(article_id: str, content: dict) -> list[str]:
    """Every problem of a reading's content file that would break its lesson, as plain sentences.

    Checks that each section and question has the keys the template needs, that a multiple-choice
    answer is one of its choices, that every evidence id named exists and belongs to this reading,
    and that no question id is used twice. An empty list means the content is usable.
    """
    problems: list[str] = []
    ids = set(_evidence()["evidence_id"])
    own = lambda e: isinstance(e, str) and e in ids and e.startswith(f"{article_id}-")  # noqa: E731

    def label(group: str, n: int, item: dict) -> str:
        return f"[[{group}]] number {n}" + (f" ({item['qid']})" if isinstance(item, dict) and "qid" in item else "")

    def well_typed(item: dict) -> dict:
        """The item without its values of the wrong type (each reported once, here; not checked further)."""
        return {k: v for k, v in item.items() if k not in KEY_TYPES or isinstance(v, KEY_TYPES[k])}

    for group, keys in REQUIRED_KEYS.items():
        for n, item in enumerate(content.get(group, []), start=1):
            if not isinstance(item, dict):
                problems.append(f"[[{group}]] number {n} is not a table of keys.")
                continue
            missing = [k for k in keys if k not in item]
            if missing:
                problems.append(f"{label(group, n, item)} has no {', '.join(repr(k) for k in missing)}.")
            where = label(group, n, well_typed(item))
            problems += [f"{where}: '{key}' should be {KEY_TYPE_WORDS[key]}." for key in KEY_TYPES
                         if key in item and not isinstance(item[key], KEY_TYPES[key])]
            if group == "evidence_questions" and item.get("accept") == []:
                problems.append(f"{where}: 'accept' is empty, so no answer could ever pass.")
    content = {group: [well_typed(item) if isinstance(item, dict) else item for item in items]
               if isinstance(items, list) else items for group, items in content.items()}
    for n, item in enumerate(content.get("sections", []), start=1):
        if isinstance(item, dict):
            bad = [e for e in item.get("evidence", []) if not own(e)]
            if bad:
                problems.append(f"[[sections]] number {n} shows {', '.join(map(repr, bad))}, not evidence ids of {article_id}.")
    for n, item in enumerate(content.get("choice_questions", []), start=1):
        if isinstance(item, dict) and "hints" in item:
            hints = item["hints"]
            letters = item.get("choices") if isinstance(item.get("choices"), dict) else None
            if not isinstance(hints, dict) or not all(isinstance(t, str) for t in hints.values()):
                problems.append(f"{label('choice_questions', n, item)}: 'hints' should be a table of letter = \"hint\", "
                                "such as hints = { A = \"...\", B = \"...\" }.")
            elif letters is not None and set(hints) - set(letters):
                problems.append(f"{label('choice_questions', n, item)}: 'hints' names "
                                f"{', '.join(map(repr, sorted(set(hints) - set(letters))))}, not one of the choices "
                                f"({', '.join(sorted(letters))}).")
        if isinstance(item, dict) and "hint" in item and not isinstance(item["hint"], str):
            problems.append(f"{label('choice_questions', n, item)}: 'hint' should be text in quotation marks.")
        if isinstance(item, dict) and isinstance(item.get("choices"), dict) and "answer" in item \
                and item["answer"] not in item["choices"]:
            problems.append(f"{label('choice_questions', n, item)}: the answer {item['answer']!r} is not one of the "
                            f"choices ({', '.join(sorted(item['choices']))}), so no answer could ever pass.")
    for n, item in enumerate(content.get("evidence_questions", []), start=1):
        if not isinstance(item, dict):
            continue
        problems += _row_hint_problems(label("evidence_questions", n, item), item)
        if "side" in item and item["side"] not in ("alliance", "necessity"):
            problems.append(f"{label('evidence_questions', n, item)}: 'side' should be \"alliance\" or \"necessity\" "
                            "(the reading the strongest evidence is asked for).")
        if not isinstance(item.get("accept", []), list):
            problems.append(f"{label('evidence_questions', n, item)}: 'accept' should be a list of evidence ids, "
                            "such as accept = [\"...\"].")
        groups = [g for g in item.get("hints", []) if isinstance(g, dict)] if isinstance(item.get("hints"), list) else []
        named = [e for e in item.get("accept", []) if isinstance(item.get("accept"), list)] \
            + [e for group in groups if isinstance(group.get("ids"), list) for e in group["ids"]]
        bad = [e for e in named if not own(e)]
        if bad:
            problems.append(f"{label('evidence_questions', n, item)} names {', '.join(map(repr, bad))}, "
                            f"not evidence ids of {article_id}.")
    summary = content.get("summary")
    if summary is not None and (not isinstance(summary, dict) or "ours" not in summary):
        problems.append("[summary] has no 'ours' (the course's own one-sentence summary).")
    qids = [item["qid"] for group in ("choice_questions", "evidence_questions", "open_questions")
            for item in content.get(group, []) if isinstance(item, dict) and "qid" in item]
    repeated = sorted({q for q in qids if qids.count(q) > 1} | ({"q1", "q2", "q3"} & set(qids)))
    if repeated:
        problems.append(f"question id(s) {', '.join(map(repr, repeated))} used twice (q1–q3 are the template's).")
    return problems


def _row_hint_problems(where: str, item: dict) -> list[str]:
    """Problems of an evidence question's ``hint`` and ``[[evidence_questions.hints]]`` tables."""
    problems = []
    if "hint" in item and not isinstance(item["hint"], str):
        problems.append(f"{where}: 'hint' should be text in quotation marks.")
    if "hints" not in item:
        return problems
    hints = item["hints"]
    shape = ("each [[evidence_questions.hints]] table needs ids = [\"...\"] (a list of evidence ids) "
             "and hint = \"...\" (text)")
    if not isinstance(hints, list) or not all(isinstance(group, dict) for group in hints):
        problems.append(f"{where}: 'hints' should be [[evidence_questions.hints]] tables (is it a slip for 'hint'?); "
                        f"{shape}.")
        return problems
    for m, group in enumerate(hints, start=1):
        wrong = []
        if not isinstance(group.get("ids"), list) or not all(isinstance(e, str) for e in group["ids"]):
            wrong.append("no list 'ids'" if "ids" not in group else "an 'ids' that is not a list of ids in quotation marks")
        if not isinstance(group.get("hint"), str):
            wrong.append("no 'hint'" if "hint" not in group else "a 'hint' that is not text")
        unknown = sorted(set(group) - {"ids", "hint"})
        if unknown:
            wrong.append(f"unknown key(s) {', '.join(map(repr, unknown))}")
        if wrong:
            problems.append(f"{where}: its hints table number {m} has {' and '.join(wrong)}; {shape}.")
    return problems


def _evidence():
    return load_evidence()


def _level_label(answer: str) -> str:
    """A tie level as written by a student, as the tables write it: "Alignment " -> "alignment", "level not shown",
    "not shown", "NaN" or "empty" -> "(level not shown)"."""
    cleaned = answer.strip().strip("()").strip().lower()
    aliases = {"level not shown", "not shown", "nan", "none", "empty", "no level"}
    return NO_LEVEL if re.sub(r"[\s_-]+", " ", cleaned) in aliases else cleaned


def top_tie_levels(table) -> set[str]:
    """The most common tie level(s) of a reading's evidence, counting each distinct event or claim once."""
    counts = pd.Series(tie_categories(distinct_units(table))).value_counts()
    return set(counts[counts == counts.max()].index)


def _top_row_levels(table) -> set[str]:
    """The most common tie level(s) counting rows (the slip of question 3: rows, not events and claims)."""
    counts = pd.Series(tie_categories(table)).value_counts()
    return set(counts[counts == counts.max()].index)


def data_questions(article_id: str) -> list[Question]:
    """q1–q3: count of rows, most common theme, and most common tie level per distinct event or claim."""
    def rows():
        ev = _evidence()
        return ev[ev["article_id"] == article_id]

    def top_themes(table):
        counts = table["theme"].value_counts()
        return set(counts[counts == counts.max()].index)

    themes = vocabulary("evidence", "theme")
    levels = [NO_LEVEL, *tie_levels()]

    def theme_problem(answer: str) -> str | None:
        if answer.lower() in themes:
            return None
        return f"'{answer}' is not a theme of the codebook.{did_you_mean(answer.lower(), themes)}"

    def level_problem(answer: str) -> str | None:
        if _level_label(answer) in levels:
            return None
        if answer.strip().lower() in drivers():
            return (f"'{answer}' is a driver (what brings the two together), not a tie level. The tie levels: "
                    + ", ".join(f"'{v}'" for v in levels) + ".")
        if answer.strip().lower() == "ambiguous" or answer.strip().lower() == "necessity":
            return (f"'{answer}' is a value of `supports`, not of `tie`. The tie levels: "
                    + ", ".join(f"'{v}'" for v in levels) + ".")
        return f"'{answer}' is not a tie level.{did_you_mean(answer.strip().lower(), levels)} The levels: " + \
            ", ".join(f"'{v}'" for v in levels) + "."

    return [
        Question(
            "q1", "n_rows", "integer", expected=lambda: len(rows()),
            hints=[
                (lambda a, e: a == len(_evidence()), "You counted the rows of every article; `ev` holds this reading only, so count its rows."),
                (lambda a, e: a == len(_evidence().columns), "That is the number of columns; count rows, e.g. with `len(...)`."),
                (lambda a, e: a == e * len(_evidence().columns),
                 "That is the number of cells (rows × columns), which `.size` gives; count the rows instead, with `len(...)` "
                 "or the first number of `.shape`."),
                (lambda a, e: a == len(_evidence()) * len(_evidence().columns),
                 "That is the number of cells of the whole table (rows × columns, which `.size` gives); count the rows of this "
                 "reading's table `ev` instead, with `len(...)`."),
                (lambda a, e: abs(a - e) == 1, "Check that you counted every row of this article only, the first and the last included."),
            ],
            fallback_hint="Count the rows of this reading's evidence table `ev` (it holds this reading only), e.g. with `len(...)`.",
        ),
        Question(
            "q2", "top_theme", "text",
            expected=lambda: top_themes(rows()),
            validator=theme_problem,
            hints=[
                (lambda a, e: a.lower() in top_themes(_evidence()), "That is the most common theme across all the readings; filter to this article first."),
            ],
            fallback_hint="Use `value_counts()` on the `theme` column of this article's rows and take the most frequent.",
        ),
        Question(
            "q3", "top_tie", "text",
            expected=lambda: top_tie_levels(rows()),
            validator=level_problem, normalise=_level_label,
            hints=[
                (lambda a, e: _level_label(a) in _top_row_levels(rows()),
                 "That is the most common level counting *rows*. Count each event or claim once: make "
                 "`units = distinct_units(ev)`, then count the tie levels of `units` the way the lesson counts those of `ev`."),
                (lambda a, e: _level_label(a) in top_tie_levels(_evidence()),
                 "That is the most common level across all the readings; count this reading's events and claims (`ev`)."),
            ],
            fallback_hint="Make `units = distinct_units(ev)`, count its tie levels with "
                          "`pd.Series(tie_categories(units)).value_counts()`, and take the level with the largest count.",
        ),
    ]


#: The course's one rule for "strongest evidence", quoted wherever a lesson asks for it.
STRONGEST_EVIDENCE_RULE = (
    "The strongest evidence for a reading is the most diagnostic: evidence that is consistent with that reading and "
    "inconsistent with the others (Heuer's diagnosticity), at the highest tie level that reading claims or denies; "
    "an event or a primary document outweighs a judgement about it, and one event reported in several rows counts once.")

#: Evidence types that report what happened or what someone said (an event, a number, a statement), as against
#: the author's own judgement or forecast.
PRIMARY_TYPES = ("event", "statistic", "statement")


def strongest_evidence_ids(article_id: str, side: str) -> list[str]:
    """The rows of one reading that the strongest-evidence rule picks for ``side`` ("alliance" or "necessity").

    Step by step: the rows whose tie is consistent with ``side`` and inconsistent with the other binary reading
    (``supports == side``); of those, the rows at the highest tie level; of those, the events, statistics and
    statements if there are any (else the judgements and forecasts); each is returned with every row of the same
    event or claim, since one event reported in several rows counts once.
    """
    if side not in ("alliance", "necessity"):
        raise CourseError(f"side is 'alliance' or 'necessity', not {side!r}.")
    table = with_units(_evidence())
    mine = table[(table["article_id"] == article_id) & (table["supports"] == side)]
    if mine.empty:
        return []
    order = tie_levels()
    top = max(mine["tie"], key=order.index)
    at_top = mine[mine["tie"] == top]
    primary = at_top[at_top["evidence_type"].isin(PRIMARY_TYPES)]
    chosen = primary if len(primary) else at_top
    same_unit = mine[mine["unit"].isin(chosen["unit"]) & (mine["tie"] == top)]
    return sorted(set(chosen["evidence_id"]) | set(same_unit["evidence_id"]))


def strongest_evidence_hints(article_id: str, side: str) -> list:
    """Hints for a row that is not the strongest evidence for ``side``, each saying which step of the rule it fails.

    They name the row's own codes and the step, never the row that passes.
    """
    def row(answer: str):
        table = _evidence()
        found = table[table["evidence_id"] == answer]
        return None if found.empty else found.iloc[0]

    other = "necessity" if side == "alliance" else "alliance"
    accepted = set(strongest_evidence_ids(article_id, side))
    mine = _evidence()[(_evidence()["article_id"] == article_id) & (_evidence()["supports"] == side)]
    order = tie_levels()
    top = max(mine["tie"], key=order.index) if len(mine) else None
    claims = "the highest tie level that reading claims or denies"

    def level_not_shown(a, e):
        r = row(a)
        return r is not None and r["supports"] == "ambiguous"

    def other_side(a, e):
        r = row(a)
        return r is not None and r["supports"] == other

    def lower_level(a, e):
        r = row(a)
        return r is not None and r["supports"] == side and r["tie"] != top

    def judgement_at_top(a, e):
        r = row(a)
        return r is not None and r["supports"] == side and r["tie"] == top and a not in accepted

    return [
        (level_not_shown, "That row's tie is '(level not shown)': it fits every reading alike, so it cannot be diagnostic. "
                          "Filter `ev` on the `tie` column first."),
        (other_side, f"That row's tie puts it on the *{other}* side (`supports` is derived from `tie`): it is evidence for "
                     f"that reading, and the question asks for the strongest evidence for *{side}*."),
        (lower_level, f"That row fits the *{side}* reading, but other rows of this reading show a higher tie level that fits it "
                      f"too: the rule asks for {claims}. Sort or filter the rows that fit by `tie`."),
        (judgement_at_top, "That row is at the right tie level, but it is the author's judgement or forecast: the rule puts an "
                           "event or a primary document (someone's own words, a number) above a judgement. Look at the "
                           "`evidence_type` of the other rows at this level."),
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
        if item.get("side") in ("alliance", "necessity"):   # the strongest-evidence rule: a hint for each step it fails
            hints += strongest_evidence_hints(article_id, item["side"])
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
                                  after_pass=f"Our one-sentence summary, to compare with yours:\n\n{summary['ours']}\n\n"
                                             "Where do they differ, and which is closer to the text?"))
    return questions


#: Modules that register the questions of the comparative lessons (imported on first use).




def reading_questions(article_id: str) -> list[Question]:
    """Return the questions of a reading's lesson: the three computed from its evidence, then its content file's."""
    return data_questions(article_id) + content_questions(article_id, load_content(article_id))
