"""Checks for the lessons' questions: specific, friendly feedback that never gives the answer away.

Each lesson makes a checker once::

    from aon.lessons import checker
    check = checker("blank-2016")

and every question follows one pattern: a prompt, an answer cell where the
student replaces ``...``, and ``check("q1")``. The check reads the answer
variable the question names from the notebook, and prints one of:

- not answered yet (the answer is still ``...`` or empty), marked ✏️ rather than ❌, since it is no failure;
- the wrong kind of answer (e.g. text where a whole number is expected);
- a hint aimed at the likely mistake (never the answer itself);
- passes the check; the first pass in a notebook adds the reminder that checks are not the whole grade
  (once per notebook, not after every check).

Nothing here raises an exception into the notebook: a check always prints.
"""
from __future__ import annotations

import difflib
import inspect
import numbers
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from .data import article_ids, load_table
from .errors import CourseError, did_you_mean, install_friendly_errors
from .ids import evidence_id_pattern

NOT_THE_GRADE = ("Checks like this one look at part of an answer only: passing them is not the whole grade, "
                 "and your reasoning is what counts in discussion and in graded work.")

Hint = tuple[Callable[[Any, Any], bool], str]

#: The lesson whose answer is being judged (an article id or a comparative lesson's name), so that a
#: did-you-mean can prefer this lesson's evidence ids.
_LESSON: ContextVar[str | None] = ContextVar("aon_lesson", default=None)

#: Markers for a check's outcome; an unanswered question is not a failure, so it has its own.
PASSED, NOT_YET, UNANSWERED = "✅", "❌", "✏️"


@dataclass
class Question:
    """One checkable question.

    ``variable`` is the name the student assigns; ``kind`` is one of
    "integer", "number", "text", "choice", "evidence_id", "evidence_ids", "prose";
    ``expected`` returns the right answer (computed from the data when the check runs);
    ``hints`` are (test, message) pairs tried in order on a wrong answer.
    """

    qid: str
    variable: str
    kind: str
    expected: Callable[[], Any] | None = None
    hints: list[Hint] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    tolerance: float = 0.0
    min_words: int = 0
    fallback_hint: str = "Not yet. Re-read the question and try again."
    validator: Callable[[Any], str | None] | None = None
    after_pass: str = ""
    min_ids: int = 0
    known_ids: Callable[[], list[str]] | None = None
    #: For a text answer: how to write it before comparing (e.g. "level not shown" -> "(level not shown)").
    normalise: Callable[[str], str] | None = None


_TYPE_WORDS = {
    "integer": "a whole number, such as 7 (no quotation marks)",
    "number": "a number, such as 0.25 (no quotation marks)",
    "text": "text in quotation marks, such as \"like this\"",
    "choice": "one letter in quotation marks, such as \"B\"",
    "evidence_id": "an evidence id in quotation marks, such as \"blank-2016-03\"",
    "evidence_ids": "a list of evidence ids, such as [\"blank-2016-03\", \"baev-2019-02\"]",
    "prose": "a sentence or more of text in quotation marks",
}


def kind_of(value: Any) -> str:
    """A short name for the kind of a value, for feedback ("a whole number", "text", "a list", ...)."""
    if isinstance(value, bool):
        return "True/False"
    if isinstance(value, numbers.Integral):
        return "a whole number"
    if isinstance(value, numbers.Real):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, tuple):
        return "a tuple (several values in round brackets)"
    if isinstance(value, (list, set)):
        return "a list"
    if isinstance(value, dict):
        return "a dictionary"
    return f"a {type(value).__name__}"


def conversion_hint(value: Any, wanted: str) -> str:
    """How to turn a pandas result into the plain value asked for ("" if there is no simple way)."""
    if isinstance(value, pd.Series) and wanted == "list":
        if value.dtype == bool:
            return " If it holds True/False for each id, `s[s].index.tolist()` gives the ids that are True."
        return " `.tolist()` turns a Series into a list."
    if isinstance(value, pd.Index) and wanted == "list":
        return " `.tolist()` turns an Index into a list."
    if isinstance(value, pd.Series) and wanted == "dict":
        return " `.to_dict()` turns a Series into a dictionary; wrap each number in int(...) if whole numbers are asked for."
    return ""


def leftover_placeholder(text: str) -> bool:
    """True if written text still starts or ends with the starter's ``...``."""
    stripped = text.strip()
    return stripped.startswith("...") or stripped.endswith("...")


def _is_unanswered(value: Any) -> bool:
    if value is Ellipsis or value is None:
        return True
    if isinstance(value, str) and (not value.strip() or value.strip() == "..."):
        return True
    return isinstance(value, (list, tuple, set)) and len(value) == 0


#: What replaces empty quotation marks, for questions whose answer is not text.
_INSTEAD_OF_QUOTES = {
    "integer": "a whole number, such as 7 (numbers take no quotation marks)",
    "number": "a number, such as 0.25 (numbers take no quotation marks)",
    "evidence_ids": "a list of evidence ids in square brackets, such as [\"blank-2016-03\", \"baev-2019-02\"]",
}


def _unanswered_message(name: str, value: Any, kind: str = "text") -> str:
    """What to do about an answer that is still missing: the starter's ``...``, empty text or an empty list."""
    if isinstance(value, str) and value.strip() != "..." and kind in _INSTEAD_OF_QUOTES:
        return (f"not answered yet: `{name}` is empty text. Replace the quotation marks with "
                f"{_INSTEAD_OF_QUOTES[kind]}, run that cell, then run this check again.")
    if isinstance(value, str) and value.strip() != "...":
        return (f"not answered yet: `{name}` is empty text. Write your answer between the quotation marks, "
                "run that cell, then run this check again.")
    if isinstance(value, (list, tuple, set)):
        return (f"not answered yet: the list `{name}` is empty. Put your answer inside the brackets, "
                "run that cell, then run this check again.")
    return f"not answered yet. Replace the ... after `{name} =` with your answer, run that cell, then run this check again."


def _comma_number(value: Any, kind: str, name: str) -> str | None:
    """Explain a number written with a comma (``0,42``), which Python reads as two numbers, ``(0, 42)``.

    For a whole number, only a comma before exactly three digits (``1,234``) is read as a slip of writing;
    any other pair of whole numbers is most likely a table's ``.shape`` (see :func:`_shape_pair`).
    """
    if kind not in ("integer", "number") or not isinstance(value, tuple) or len(value) != 2:
        return None
    if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value) or value[1] < 0:
        return None
    first, second = value
    if kind == "number":
        # -0,25 reaches us as (0, 25): the minus sign is lost, so the advice must not drop it silently
        sign = (f" (with its minus sign, -{first}.{second}, if the number you meant is negative)"
                if first == 0 else "")
        return (f"`{name}` is two numbers, because Python reads the comma in {first},{second} as a separator. "
                f"Python writes decimals with a point, not a comma (e.g. 0.5): write {first}.{second}{sign}, "
                "then run the cell again.")
    if len(str(second)) != 3:
        return None
    return (f"`{name}` is two numbers, because Python reads the comma in {first},{second} as a separator. "
            "Write a whole number with no comma or space inside it, such as 1234, then run the cell again.")


def _shape_pair(value: Any, kind: str, name: str) -> str | None:
    """Explain a pair of whole numbers given for one whole number: what ``table.shape`` returns, (rows, columns)."""
    if kind != "integer" or not isinstance(value, tuple) or len(value) != 2:
        return None
    if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 0 for v in value):
        return None
    return (f"`{name}` is a pair of numbers in round brackets, as `.shape` gives them: (rows, columns). "
            "The question asks for one number: take the first of the pair, `.shape[0]`, or count the rows with "
            "`len(...)`, then run the cell again.")


def _not_called(value: Any, kind: str, name: str) -> str | None:
    """Explain a function or method given where its result is wanted (``len``, ``ev.count``, ``s.idxmax``)."""
    if not callable(value) or isinstance(value, type):
        return None

    if isinstance(value, (pd.DataFrame, pd.Series)):
        return None
    label = getattr(value, "__name__", "")
    owner = getattr(value, "__self__", None)
    if label and owner is not None and not inspect.ismodule(owner):      # a method of a table, a column, ...
        return (f"`{name}` is the method `.{label}` itself, not its result: Python needs round brackets to run it. "
                f"Write `.{label}()` at the end, run the cell again, and look at what it gives.")
    if label:
        return (f"`{name}` is the function `{label}` itself, not its result: Python runs a function only with round "
                f"brackets, with what it works on inside them, as in `{label}(table)`. Change the answer cell and run it again.")
    return (f"`{name}` is a function, not its result: call it with round brackets, then run the cell again.")


def _list_for_one(value: Any, kind: str, name: str) -> str | None:
    """Explain a list given where one value is asked for (``["rusi-2022-03"]`` for one id)."""
    if kind not in ("text", "choice", "evidence_id") or not isinstance(value, (list, tuple, set)):
        return None
    many = "one value" if len(value) == 1 else f"{len(value)} values"
    return (f"`{name}` should be {_TYPE_WORDS[kind]}, but it is a list of {many} in brackets: give one answer, "
            "with no square brackets around it. Change the answer cell and run it again.")


def _table_instead(value: Any, kind: str, name: str) -> str | None:
    """Explain a pandas table or column given where one number or one piece of text is wanted."""
    if kind not in ("integer", "number", "text", "choice", "evidence_id") or not isinstance(value, (pd.Series, pd.DataFrame)):
        return None
    what = "a Series (a column of values with labels)" if isinstance(value, pd.Series) else "a DataFrame (a whole table)"
    if kind in ("integer", "number"):
        how = ("A count of rows is one number: `len(table)` gives it. If it is one value of the Series you want, "
               "pick it by its label, `s[\"label\"]`.")
        if isinstance(value, pd.DataFrame):
            how = "`len(table)` gives a table's number of rows, one number."
    else:
        how = ("If it is the result of `value_counts()`, the values are its labels (the index): `.idxmax()` gives "
               "the label of the largest count, as text.")
    return f"`{name}` should be {_TYPE_WORDS[kind]}, but it is {what}. {how} Change the answer cell and run it again."


def _coerce(question: Question, value: Any) -> Any:
    """Return the value in the question's kind, or raise TypeError if it is the wrong kind."""
    kind = question.kind
    if kind == "integer":
        if isinstance(value, numbers.Integral) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
            return int(value)
        raise TypeError
    if kind == "number":
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return float(value)
        raise TypeError
    if kind in ("text", "choice", "evidence_id", "prose"):
        if isinstance(value, str):
            return value.strip()
        raise TypeError
    if kind == "evidence_ids":
        if isinstance(value, str):
            raise TypeError
        if isinstance(value, (list, tuple, set)) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value]
        raise TypeError
    raise ValueError(f"unknown question kind {kind!r}")


def judge(question: Question, value: Any, lesson: str | None = None) -> tuple[bool, str]:
    """Return (passed, message) for an answer; the message never contains the expected answer.

    ``lesson`` (the checker's lesson) lets a did-you-mean prefer the ids of this lesson's reading.
    """
    token = _LESSON.set(lesson) if lesson is not None else None
    try:
        return _judge(question, value)
    finally:
        if token is not None:
            _LESSON.reset(token)


def _lesson_ids(ids: list[str]) -> list[str]:
    """The ids of the reading of the lesson being checked (none in a comparative lesson)."""
    lesson = _LESSON.get()
    return [i for i in ids if lesson and i.startswith(f"{lesson}-")]


def distinct_words(text: str) -> int:
    """How many different words a text uses (capitals and surrounding punctuation aside)."""
    return len({w for w in (re.sub(r"^\W+|\W+$", "", word.lower()) for word in text.split()) if w})


def _judge(question: Question, value: Any) -> tuple[bool, str]:
    name = question.variable
    if _is_unanswered(value):
        return False, f"{question.qid}: {_unanswered_message(name, value, question.kind)}"
    try:
        answer = _coerce(question, value)
    except TypeError:
        for explain in (_comma_number, _shape_pair, _not_called, _table_instead, _list_for_one):
            explanation = explain(value, question.kind, name)
            if explanation:
                return False, f"{question.qid}: {explanation}"
        hint = conversion_hint(value, "list") if question.kind == "evidence_ids" else ""
        return False, (f"{question.qid}: `{name}` should be {_TYPE_WORDS[question.kind]}, "
                       f"but it is {kind_of(value)}.{hint} Change the answer cell and run it again.")
    if question.kind == "text" and question.normalise is not None:
        answer = question.normalise(answer)
    if question.kind in ("evidence_id", "evidence_ids"):
        answer = canonical_ids(answer)
    if question.kind == "choice":
        answer = answer.upper().rstrip(").")
        if answer not in question.choices:
            return False, f"{question.qid}: choose one of {', '.join(question.choices)} (as text, e.g. \"{question.choices[0]}\")."
    if question.validator:
        problem = question.validator(answer)
        if problem:
            return False, f"{question.qid}: {problem}"
    if question.kind == "prose":
        words = len(answer.split())
        if leftover_placeholder(answer):
            return False, (f"{question.qid}: your answer still starts or ends with the placeholder `...`: delete it, "
                           "so only your own words remain, and run the cell again.")
        if words < question.min_words:
            return False, (f"{question.qid}: your answer has {words} word(s); write at least {question.min_words} "
                           "so that it makes an argument.")
        distinct, needed = distinct_words(answer), (question.min_words + 1) // 2
        if distinct < needed:
            return False, (f"{question.qid}: your answer uses only {distinct} different word(s). Write it in your own "
                           f"sentences, with at least {needed} different words, so that it makes an argument.")
        problem = cited_ids_problem(answer, question)
        if problem:
            return False, f"{question.qid}: {problem}"
        message = (f"{question.qid}: answer kept ({words} words). It is kept in this notebook only, once you save the "
                   "notebook (Ctrl+S, or File → Save). No automatic check can judge an argument: "
                   "compare it with a classmate's or bring it to discussion. " + NOT_THE_GRADE)
        return True, message + (f"\n\n{question.after_pass}" if question.after_pass else "")
    expected = question.expected() if question.expected else None
    if _matches(question, answer, expected):
        return True, f"{question.qid}: passes the check. " + NOT_THE_GRADE
    suggestion = _article_id_suggestion(question, answer, expected)
    for test, message in question.hints:
        try:
            if test(answer, expected):
                return False, f"{question.qid}: not yet. {message}{suggestion}"
        except Exception:  # noqa: BLE001 - a hint that cannot be evaluated is skipped
            continue
    return False, f"{question.qid}: {question.fallback_hint}{suggestion}"


def canonical_ids(answer: Any) -> Any:
    """Evidence ids as the table writes them: "RUSI-2022-03" or "rusi-2022 - 03" -> "rusi-2022-03".

    Capitals and spaces inside an id are the two slips that change nothing about which row is meant (article ids
    are already read in any capitals); an id that is still unknown is left as written, for the did-you-mean.
    """
    if isinstance(answer, list):
        return [canonical_ids(a) for a in answer]
    if not isinstance(answer, str):
        return answer
    known = _all_evidence_ids()
    if answer in known:
        return answer
    by_key = {re.sub(r"\s+", "", k.lower()): k for k in known}
    return by_key.get(re.sub(r"\s+", "", answer.lower()), answer)


def _article_id_suggestion(question: Question, answer: Any, expected: Any) -> str:
    """" Did you mean 'x'?" for a text answer that should be an article id but is none ("" otherwise)."""
    if question.kind != "text" or not isinstance(expected, (set, list, tuple)) or not expected:
        return ""

    ids = article_ids()
    if not {str(e) for e in expected} <= set(ids) or answer.lower() in {i.lower() for i in ids}:
        return ""
    return did_you_mean(answer, ids)


def _all_evidence_ids() -> list[str]:
    return load_table("evidence")["evidence_id"].tolist()


@lru_cache(maxsize=1)
def evidence_id_in_text() -> re.Pattern:
    """Any evidence id ("blank-2016-07", "bear-dragon-nd-30") standing as a word in a text, for finding the ids
    a written answer cites (the format is datapackage.json's: :mod:`aon.ids`)."""
    return re.compile(rf"\b{evidence_id_pattern()}\b")
#: Something that may be meant as an evidence id: a word, "-" or "_", then 1-3 characters starting with a digit
#: or a letter that looks like one ("blank-2016-1O", "Blank-2016-3", "bear_dragon_nd-30"). It is taken as an
#: attempted id only if the part before the number is an article of the evidence table.
_ID_LIKE_IN_TEXT = re.compile(r"(?<![\w-])([A-Za-z][\w-]*?)[-_]([0-9OoIl][0-9A-Za-z]{0,2})(?![\w-])")


#: An article id, then a row number, with spaces around the "-" between them ("rusi-2022 -03", "blank-2016 - 10").
_SPACED_ID_IN_TEXT = re.compile(r"(?<![\w-])([A-Za-z][\w-]*?)(?:\s+-\s*|\s*-\s+)(\d{1,3})(?![\w-])")

#: An article id with a year, then a row number ("lo-2023-01"): an id attempt even for an article not in the table.
_DATED_ID = re.compile(r"[a-z][a-z-]*-(?:19|20)\d\d-\d{2,3}")


def _near_an_article(prefix: str, articles: set[str]) -> bool:
    """True if the part of an id before its row number is an article id, or close to one ("baev-2016"), or the
    start of one with its year left out ("blank" in "blank-03"); False for "s-400", "covid-19" or "g-20"."""
    prefix = prefix.lower().replace("_", "-")
    return (prefix in articles or any(a.startswith(prefix + "-") for a in articles)
            or any(difflib.SequenceMatcher(None, prefix, a).ratio() >= 0.75 for a in articles))


def ids_in_text(answer: str, known: list[str]) -> list[str]:
    """Everything in a written answer that is, or is meant as, an evidence id (``known``: the ids that exist), in order
    of appearance, as written: "blank-2016-03", "Blank-2016-3", "blank-2016-99" (which may not exist)."""
    articles = {i.rsplit("-", 1)[0] for i in known}
    found = {m.start(): m.group() for m in evidence_id_in_text().finditer(answer)
             if _near_an_article(m.group().rsplit("-", 1)[0], articles)
             or _DATED_ID.fullmatch(m.group().lower())}  # not "s-400", "covid-19", "g-20"
    for m in _ID_LIKE_IN_TEXT.finditer(answer):
        if m.group(1).lower().replace("_", "-") in articles:
            found.setdefault(m.start(), m.group())
    for m in _SPACED_ID_IN_TEXT.finditer(answer):   # "rusi-2022 -03", "blank-2016 - 10": an id with spaces inside
        if m.group(1).lower().replace("_", "-") in articles:
            found.setdefault(m.start(), m.group())
    return list(dict.fromkeys(found[start] for start in sorted(found)))


def cited_ids_problem(answer: str, question: Question) -> str | None:
    """Check the evidence ids cited in a written answer: each must exist, and there must be enough.

    An id in other capitals ("Blank-2016-03") counts as cited; something written like an id of a reading
    that is none ("blank-2016-1O", "blank-2016-3") is named, with the closest id.
    """
    known = question.known_ids() if question.known_ids is not None else _all_evidence_ids()
    by_lower = {k.lower(): k for k in known}
    cited = []
    for value in ids_in_text(answer, known):
        value = re.sub(r"\s+", "", value)   # spaces inside an id change nothing about which row is meant
        if value.lower() not in by_lower:
            return (f"you cite '{value}', which is not an evidence id.{did_you_mean(value, known, _lesson_ids(known))} "
                    "Copy ids from the evidence table.")
        cited.append(by_lower[value.lower()])
    cited = list(dict.fromkeys(cited))
    if len(cited) < question.min_ids:
        example = (sorted(_lesson_ids(list(known))) or ["blank-2016-03"])[0]
        return (f"cite at least {question.min_ids} evidence ids in your answer (written like {example}); "
                f"you cite {len(cited)}.")
    return None


def _matches(question: Question, answer: Any, expected: Any) -> bool:
    if question.kind == "number":
        return abs(answer - expected) <= question.tolerance
    if question.kind == "text":
        options = expected if isinstance(expected, (set, list, tuple)) else [expected]
        return answer.lower() in {str(o).lower() for o in options}
    if question.kind == "evidence_id":
        return answer in expected
    if question.kind == "evidence_ids":
        return expected(answer) if callable(expected) else set(answer) == set(expected)
    return answer == expected


def evidence_id_validator(known: Callable[[], list[str]]) -> Callable[[Any], str | None]:
    """Return a validator that names ids that do not exist (with a did-you-mean)."""
    def validate(answer: Any) -> str | None:
        ids = known()
        answers = [answer] if isinstance(answer, str) else answer
        for value in answers:
            if value not in ids:
                return f"evidence id '{value}' not found.{did_you_mean(value, ids, _lesson_ids(ids))} Copy ids from the evidence table."
        return None
    return validate


class CheckerBase:
    """What every checker in the course does, a lesson's (:class:`Checker`) or an exercise's
    (:class:`aon.grading.student.Checker`):

    - ``check("q1")`` checks a question, prints one line and returns None (Jupyter shows only the line);
    - ``check.passes("q1")`` does the same and returns True or False;
    - ``check.passed`` holds each question's latest outcome (``check.results`` is the same dict);
    - a missing or unknown question id gets the list of questions (and the closest id), never a traceback;
    - a notice (passing is not the whole grade) is said once per notebook, not after every check.

    Making a checker also turns on the course's short error messages in the notebook
    (:func:`aon.errors.install_friendly_errors`): every lesson and exercise makes one in its Setup cell.
    Subclasses say which questions exist (:meth:`question_ids`) and how one is checked (:meth:`_check`).
    """

    #: What the questions belong to, for messages: "lesson" or "exercise".
    unit = "lesson"

    def __init__(self) -> None:
        self.passed: dict[str, bool] = {}
        #: Whether the once-per-notebook notice has been said (see :meth:`first_notice`).
        self.notice_shown = False
        install_friendly_errors()

    @property
    def results(self) -> dict[str, bool]:
        """The outcomes by question id: the same dict as :attr:`passed` (its name in lessons before 2.1)."""
        return self.passed

    def question_ids(self) -> list[str]:
        """The ids of the questions this checker knows, in order."""
        raise NotImplementedError

    def __call__(self, qid: Any = None, answer: Any = Ellipsis) -> None:
        """Check question ``qid`` and print feedback (the outcome is kept in ``self.passed``)."""
        self.passes(qid, answer, _caller=inspect.currentframe().f_back.f_globals)

    def passes(self, qid: Any = None, answer: Any = Ellipsis, _caller: dict | None = None) -> bool:
        """Check question ``qid``; print feedback; return True if it passes."""
        namespace = _caller if _caller is not None else inspect.currentframe().f_back.f_globals  # the notebook's
        known = self._known_qid(qid)
        if known is None:
            return False
        self.passed[known] = self._check(known, namespace, answer)
        return self.passed[known]

    def _check(self, qid: str, namespace: dict, answer: Any) -> bool:
        """Check one known question against the notebook's ``namespace`` (or ``answer``); print one line."""
        raise NotImplementedError

    def normalise_qid(self, qid: Any) -> str:
        """A question id as the checker writes it (a lesson reads "Q1 " as "q1")."""
        return str(qid)

    def _known_qid(self, qid: Any) -> str | None:
        """``qid`` as a known question id; None (after saying which questions there are) if it is none."""
        ids = self.question_ids()
        listed = ", ".join(f'"{q}"' for q in ids)
        if qid is None or (isinstance(qid, str) and not qid.strip()):
            print(f"Which question? Put its id in quotation marks inside the brackets, e.g. check(\"{next(iter(ids), 'q1')}\"). "
                  f"The questions of this {self.unit}: {listed}.")
            return None
        qid = self.normalise_qid(qid)
        if qid not in ids:
            print(f"There is no question '{qid}' in this {self.unit}.{did_you_mean(qid, ids)} "
                  f"The questions of this {self.unit}: {listed}.")
            return None
        return qid

    def first_notice(self) -> bool:
        """True the first time this notebook's checker asks, False after: a notice is said once per notebook."""
        first, self.notice_shown = not self.notice_shown, True
        return first


class Checker(CheckerBase):
    """Checks the answers of one lesson: ``check("q1")`` (make one with ``aon.lessons.checker(lesson)``)."""

    def __init__(self, lesson: str, questions: list[Question]):
        super().__init__()
        self.lesson = lesson
        self.questions = {q.qid: q for q in questions}

    @classmethod
    def for_lesson(cls, lesson: str) -> "Checker":
        """Return the checker of a lesson (an article id, or a comparative lesson's name).

        Kept for notebooks released before version 2.1 (to be removed in 3.0): lessons now call
        ``aon.lessons.checker(lesson)``. The import below is the one place the core reaches up to
        the lessons layer, which is why it stays inside this function.
        """
        from .lessons import questions_for  # compatibility shim, see the docstring

        return cls(lesson, questions_for(lesson))

    def question_ids(self) -> list[str]:
        return list(self.questions)

    def normalise_qid(self, qid: Any) -> str:
        """A question id as the lesson writes it: "Q1 " is read as "q1"."""
        return str(qid).strip().lower()

    def _check(self, qid: str, namespace: dict, answer: Any) -> bool:
        question = self.questions[qid]
        if answer is Ellipsis:
            if question.variable not in namespace:
                print(f"{qid}: `{question.variable}` is not defined yet. Run the answer cell above "
                      f"(the one with `{question.variable} = ...`) first; if it showed an error, fix that, then run it again.")
                return False
            answer = namespace[question.variable]
        try:
            passed, message = judge(question, answer, lesson=self.lesson)
        except CourseError as exc:
            passed, message = False, f"{qid}: {exc}"
        marker = PASSED if passed else UNANSWERED if _is_unanswered(answer) else NOT_YET
        print(f"{marker} {self._notice_once(message)}")
        return passed

    def _notice_once(self, message: str) -> str:
        """The message with the "not the whole grade" notice only the first time this notebook's checker shows it."""
        if NOT_THE_GRADE not in message or self.first_notice():
            return message
        return message.replace(" " + NOT_THE_GRADE, "").replace(NOT_THE_GRADE, "")
