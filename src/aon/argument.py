"""Reading an argument's substance, not only its form: the rules the graded written answers share.

Used by the exercises' visible checks (which warn) and hidden tests (which score), so that every
exercise applies the same rules, with the same thresholds, documented once here:

- **Theses.** :func:`thesis_code` reads the natural names of the three theses ("partnership of
  necessity", "axis of convenience", "alignment short of alliance", "entente" ...) as ``"alliance"``,
  ``"qualified"`` or ``"necessity"`` (:data:`THESIS_NAMES` is the whole mapping).
- **Evidence and thesis.** :func:`evidence_fits_thesis` says whether one row of the evidence table
  is for a thesis (True), against it (False) or neither clearly (None), from the row's ``tie`` code
  when the table has one and from its ``supports`` code otherwise (:data:`FIT` is the rule).
- **Written answers.** :func:`prose_problems` (enough different words, written in sentences, every
  cited evidence id exists, not copied from a reading or from the student's other answers),
  :func:`rebuttal_problems` (a rebuttal engages its own counter-evidence) and
  :func:`argument_problems` (the argument cites the ids it lists).

Each ``*_problems`` function returns a list of short hints (empty when all is well), never the answer.
"""
from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .checks import distinct_words, ids_in_text, leftover_placeholder
from .codebook import CONSISTENCY, HYPOTHESES, SUPPORTS_BY_TIE, tie_levels
from .data import load_table
from .errors import did_you_mean
from .paths import articles_dir, data_dir

# ---------------------------------------------------------------------------------------------------
# Theses and their natural names
# ---------------------------------------------------------------------------------------------------

#: The three theses of the capstone, in the order of the ``tie`` scale (most to least committed).
THESES = list(HYPOTHESES)

#: Natural names of each thesis, as a student may write them (capitals, spaces, hyphens, a leading
#: "a"/"an"/"the" and quotation marks do not matter). Anything else is refused with a suggestion.
THESIS_NAMES: dict[str, list[str]] = {
    "alliance": ["alliance", "de facto alliance", "military alliance", "informal alliance", "emerging alliance",
                 "alliance in the making", "alliance in formation"],
    "qualified": ["qualified", "qualified alignment", "alignment", "alignment short of alliance",
                  "alignment short of an alliance", "strategic alignment", "entente", "in between",
                  "something in between", "middle position", "limited alignment"],
    "necessity": ["necessity", "partnership of necessity", "partnership", "axis of convenience", "convenience",
                  "partnership of convenience", "marriage of convenience", "alignment of convenience"],
}

_BY_NAME = {name: thesis for thesis, names in THESIS_NAMES.items() for name in names}


def _thesis_key(value: str) -> str:
    """A thesis as looked up: lower case, no quotation marks or final full stop, "-"/"_" as spaces, no leading article."""
    text = re.sub(r"[\"'“”‘’.!]", "", value.strip().lower())
    text = re.sub(r"[\s_-]+", " ", text).strip()
    return re.sub(r"^(?:a|an|the)\s+", "", text)


def thesis_code(value: Any) -> str | None:
    """The thesis a text names (``"alliance"``, ``"qualified"`` or ``"necessity"``), or None.

    >>> thesis_code("A partnership of necessity"), thesis_code("entente"), thesis_code("maybe")
    ('necessity', 'qualified', None)
    """
    return _BY_NAME.get(_thesis_key(value)) if isinstance(value, str) else None


def thesis_problem(value: Any, name: str = "thesis") -> str | None:
    """A hint if ``value`` names no thesis (with the closest name), else None."""
    if not isinstance(value, str):
        return f"`{name}` should be text in quotation marks, such as \"alliance\"."
    if thesis_code(value) is not None:
        return None
    return (f"`{name}` is {value.strip()!r}, which is not one of the theses: \"alliance\", \"necessity\" (a partnership "
            f"of necessity, an axis of convenience) or \"qualified\" (an alignment short of alliance, an entente)."
            f"{did_you_mean(_thesis_key(value), list(_BY_NAME))}")


# ---------------------------------------------------------------------------------------------------
# Is a row of evidence for or against a thesis?
# ---------------------------------------------------------------------------------------------------

#: The rule: for each thesis, each tie level's fit: True (for the thesis), False (against it), None (neither clearly).
#: ``qualified`` is an alignment short of alliance: more than a partnership, less than an alliance. Evidence of
#: a partnership neither confirms nor refutes it (an alignment has limits too); evidence of an alliance, or of
#: distance, is against it.
FIT: dict[str, dict[str, bool | None]] = {
    thesis: {tie: {"C": True, "I": False, "N": None}[ratings[thesis]] for tie, ratings in CONSISTENCY.items() if tie}
    for thesis in HYPOTHESES
}  # read from the codebook's one table (aon.codebook.CONSISTENCY): for = C, against = I, neither = N
def _code(row: Mapping | Any, column: str) -> str | None:
    try:
        value = row.get(column) if hasattr(row, "get") else None
    except (TypeError, ValueError):
        return None
    if value is None or not isinstance(value, str) or not value.strip():
        return None   # missing (None, <NA>, NaN) or empty
    return value.strip().lower()


def evidence_fits_thesis(thesis: Any, row: Mapping | Any) -> bool | None:
    """Is this evidence (a row of the evidence table) for the thesis (True), against it (False), or neither clearly (None)?

    ``thesis`` is any name :func:`thesis_code` reads. The row's ``tie`` decides, by the codebook's one table
    (:data:`aon.codebook.CONSISTENCY`, read here as :data:`FIT`). A row whose tie is empty (the level is not
    shown) is neither for nor against any thesis, and the ``driver`` never enters: a shared threat or dependence
    is what alliances form around too. An unknown thesis gives None.
    """
    code = thesis_code(thesis)
    if code is None:
        return None
    return FIT[code].get(_code(row, "tie"))


def side_problems(thesis: Any, evidence_for: list[str], evidence_against: list[str], table) -> list[str]:
    """Hints for evidence listed on the wrong side of the thesis (``table`` is the evidence table indexed by id).

    Ids that do not exist are left to the id checks. Nothing is said while the thesis is not one :func:`thesis_code` reads.
    """
    code = thesis_code(thesis)
    if code is None:
        return []
    found = []
    listed = [i for i in dict.fromkeys([*evidence_for, *evidence_against]) if isinstance(i, str) and i in table.index]
    fit = {i: evidence_fits_thesis(code, table.loc[i]) for i in listed}
    wrong_for = [i for i in dict.fromkeys(evidence_for) if i in fit and fit[i] is False]
    unclear_for = [i for i in dict.fromkeys(evidence_for) if i in fit and fit[i] is None]
    wrong_against = [i for i in dict.fromkeys(evidence_against) if i in fit and fit[i] is True]
    unclear_against = [i for i in dict.fromkeys(evidence_against) if i in fit and fit[i] is None]
    if wrong_for:
        found.append(f"{_listed(wrong_for)} in `evidence_for` {'is' if len(wrong_for) == 1 else 'are'} coded against "
                     f"the {code} thesis (see its tie or supports code and the codebook): evidence for a thesis "
                     "must be consistent with it")
    if wrong_against:
        found.append(f"{_listed(wrong_against)} in `evidence_against` {'is' if len(wrong_against) == 1 else 'are'} coded "
                     f"for the {code} thesis: counter-evidence must really be against it")
    if unclear_for or unclear_against:
        found.append(f"{_listed(unclear_for + unclear_against)} {'is' if len(unclear_for + unclear_against) == 1 else 'are'} "
                     f"coded as neither for nor against the {code} thesis: it counts for half; stronger evidence counts in full")
    return found


def side_score(thesis: Any, evidence_for: list[str], evidence_against: list[str], table) -> float:
    """The share of the listed evidence on its right side: 1 each if it is, 1/2 if it is neither clearly, 0 if it
    is on the other side.

    Only ids that exist count (one that does not is a slip the id checks already score). An unknown thesis, or no
    id that exists, scores 0: nothing can be on the side of a thesis that is not stated.
    """
    code = thesis_code(thesis)
    items = [(i, True) for i in dict.fromkeys(evidence_for) if isinstance(i, str) and i in table.index]
    items += [(i, False) for i in dict.fromkeys(evidence_against) if isinstance(i, str) and i in table.index]
    if code is None or not items:
        return 0.0
    fits = [evidence_fits_thesis(code, table.loc[item]) for item, _ in items]
    return sum(0.5 if fit is None else float(fit is wanted) for fit, (_, wanted) in zip(fits, items)) / len(items)


def _listed(items: list, most: int = 4) -> str:
    shown = ", ".join(map(str, items[:most]))
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


# ---------------------------------------------------------------------------------------------------
# Written answers
# ---------------------------------------------------------------------------------------------------

#: Words in a verbatim run that count as copied (from a reading or another answer): 8 words in a row.
COPY_RUN = 8
#: At most this share of a written answer's words may be copied (runs of :data:`COPY_RUN` words).
MAX_COPIED = 0.5
#: At most this many words per sentence on average: above it, the text is not written in sentences.
MAX_WORDS_PER_SENTENCE = 60
#: A rebuttal quotes its counter-evidence if it repeats this many words of its quote in a row (or the whole quote).
QUOTE_RUN = 4
#: Two rebuttals this similar (share of words in the same order, ids and quotations left aside) are the same text.
SAME_TEXT = 0.8


_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


def words(text: str) -> list[str]:
    """The words of a text, lower case, without surrounding punctuation (curly and straight quotes alike)."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    return [w for w in (_EDGE_PUNCTUATION.sub("", word) for word in text.split()) if w]


def _runs(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def _reading_runs() -> frozenset:
    """Every run of :data:`COPY_RUN` words in the readings (made once per state of ``data/articles``)."""
    folder = articles_dir()
    return _runs_of_files(tuple((str(p), p.stat().st_mtime_ns) for p in sorted(folder.glob("*.txt"))))


@lru_cache(maxsize=4)
def _runs_of_files(files: tuple[tuple[str, int], ...]) -> frozenset:
    found: set[tuple[str, ...]] = set()
    for path, _ in files:
        found |= _runs(words(Path(path).read_text(encoding="utf-8")), COPY_RUN)
    return frozenset(found)


def copied_share(text: str, others: Iterable[str] = (), readings: bool = True) -> float:
    """The share of the text's words that stand in a run of :data:`COPY_RUN` words found verbatim in a reading
    (if ``readings``) or in one of ``others`` (the student's other answers)."""
    tokens = words(text)
    if len(tokens) < COPY_RUN:
        return 0.0
    in_readings = _reading_runs() if readings else frozenset()
    sources: set[tuple[str, ...]] = set()
    for other in others:
        if isinstance(other, str):
            sources |= _runs(words(other), COPY_RUN)
    copied = [False] * len(tokens)
    for i in range(len(tokens) - COPY_RUN + 1):
        run = tuple(tokens[i:i + COPY_RUN])
        if run in in_readings or run in sources:
            copied[i:i + COPY_RUN] = [True] * COPY_RUN
    return sum(copied) / len(tokens)


def repeated_share(text: str) -> float:
    """The share of the text's words that stand in a run of :data:`COPY_RUN` words the text has more than once."""
    tokens = words(text)
    runs = [tuple(tokens[i:i + COPY_RUN]) for i in range(len(tokens) - COPY_RUN + 1)]
    seen: dict[tuple[str, ...], int] = {}
    for run in runs:
        seen[run] = seen.get(run, 0) + 1
    repeated = [False] * len(tokens)
    for i, run in enumerate(runs):
        if seen[run] > 1:
            repeated[i:i + COPY_RUN] = [True] * COPY_RUN
    return sum(repeated) / len(tokens) if tokens else 0.0


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?;:](?=[\s\"'”’)]|$)", text.strip())) or 1


def id_problems(text: str, name: str, known: list[str], prefer: Iterable[str] = ()) -> list[str]:
    """A hint for each thing written as an evidence id that is none, with the closest id (as the lessons say it)."""
    by_lower = {k.lower() for k in known}
    prefer = list(prefer)
    return [f"`{name}` cites '{value}', which is not an evidence id.{did_you_mean(value, known, prefer)} "
            "Copy ids from the evidence table" for value in ids_in_text(text, known) if value.lower() not in by_lower]


def cited(text: str, known: list[str]) -> list[str]:
    """The evidence ids a text cites that exist (in the table's spelling), in order, each once."""
    by_lower = {k.lower(): k for k in known}
    return list(dict.fromkeys(by_lower[v.lower()] for v in ids_in_text(text, known) if v.lower() in by_lower))


def prose_problems(text: Any, name: str, min_words: int, known_ids: list[str] | None = None,
                   prefer_ids: Iterable[str] = (), others: Iterable[str] = ()) -> list[str]:
    """What keeps a written answer from being prose of the student's own (empty if nothing does).

    The rules: at least ``min_words`` words, of which at least half as many different (not counting evidence
    ids; the lessons' rule); written in sentences (on average at most :data:`MAX_WORDS_PER_SENTENCE` words each);
    at most :data:`MAX_COPIED` of it repeating itself (:func:`repeated_share`); no leftover ``...``; every evidence id it cites exists (``known_ids``; a did-you-mean prefers
    ``prefer_ids``); at most :data:`MAX_COPIED` of its words copied from a reading or from ``others``.
    """
    if not isinstance(text, str):
        return [f"`{name}` should be text in quotation marks"]
    found = []
    if leftover_placeholder(text):
        found.append(f"`{name}` still starts or ends with the placeholder `...`: delete it, so only your own words remain")
    count = len(text.split())
    if count < min_words:
        found.append(f"`{name}` has {count} word(s); write at least {min_words}")
    known = known_ids if known_ids is not None else _evidence_ids()
    without_ids = _without_ids(text, known)
    needed = (min_words + 1) // 2
    if count >= min_words and distinct_words(without_ids) < needed:
        found.append(f"`{name}` uses only {distinct_words(without_ids)} different word(s) (evidence ids aside): write it "
                     f"in your own sentences, with at least {needed} different words")
    elif count >= min_words and repeated_share(text) > MAX_COPIED:
        found.append(f"{repeated_share(text):.0%} of `{name}` repeats itself ({COPY_RUN} words or more in a row, more than "
                     f"once); at most {MAX_COPIED:.0%} may: say each thing once")
    elif count >= min_words and count / _sentences(text) > MAX_WORDS_PER_SENTENCE:
        found.append(f"`{name}` is not written in sentences (about {count // _sentences(text)} words per full stop): "
                     "write it as prose, in sentences")
    found += id_problems(text, name, known, prefer_ids)
    share = copied_share(text, others)
    if share > MAX_COPIED:
        found.append(f"{share:.0%} of `{name}` is copied word for word from a reading or from your other answers "
                     f"(runs of {COPY_RUN} words or more); at most {MAX_COPIED:.0%} may be: quote a few words and write the rest yourself")
    return found


def _evidence_table():
    """The evidence table indexed by id (read once per state of the file)."""
    path = data_dir() / "evidence.csv"
    return _evidence_table_at(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _evidence_table_at(path: str, mtime: int):
    return load_table("evidence").set_index("evidence_id")


def _evidence_ids() -> list[str]:
    return _evidence_table().index.tolist()


def _quoted_spans(text: str) -> str:
    """The text with quotations (in straight or curly double quotes, or curly single quotes) left out."""
    return re.sub(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’", " ", text)


def engages(item: str, text: str, quote: str | None) -> bool:
    """True if a rebuttal names its counter-evidence's id (any capitals) or quotes it (:data:`QUOTE_RUN` words in a row)."""
    if item.lower() in {v.lower() for v in ids_in_text(text, [item])}:
        return True
    if not isinstance(quote, str):
        return False
    source = words(quote)
    run = min(QUOTE_RUN, len(source))
    return bool(run) and bool(_runs(words(text), run) & _runs(source, run))


def _without_ids(text: str, known: list[str]) -> str:
    """The text with everything written as an evidence id left out."""
    for value in ids_in_text(text, known):
        text = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", " ", text)
    return text


def _own_wording(text: str, known: list[str]) -> list[str]:
    return words(_without_ids(_quoted_spans(text), known))


#: Words too common in the course to show that a rebuttal engages one piece of evidence.
_COMMON = {"russia", "china", "russian", "chinese", "russo", "sino", "between", "relations", "relationship", "their",
           "which", "would", "there", "other", "about", "these", "those", "after", "before", "author", "reading",
           "evidence", "could", "should", "while", "where", "being", "still", "because"}


def _stems(text: str) -> set[str]:
    """The first five letters of each word of five letters or more, common course words left out."""
    words = re.findall(r"[a-z]{5,}", text.lower())
    return {w[:5] for w in words if w not in _COMMON}


def engages_content(item: str, text: str, row: Mapping | Any | None) -> bool:
    """True if the rebuttal shares at least one word (by its first five letters) with the evidence row's quote or claim.

    Naming the id is not enough on its own: a rebuttal of one's own answers something the evidence says.
    """
    if row is None:
        return True   # an unknown id is reported by the id checks
    theirs = _stems(f"{row['quote']} {row['claim']}")
    mine = _stems(re.sub(re.escape(item), " ", text, flags=re.IGNORECASE))
    return bool(theirs & mine)


def rebuttal_problems(item: str, text: Any, others: Mapping[str, Any], min_words: int = 15,
                      known_ids: list[str] | None = None) -> list[str]:
    """What keeps the rebuttal of counter-evidence ``item`` from engaging it (empty if nothing does).

    The prose rules of :func:`prose_problems`, and: it names ``item`` or quotes its words; it is not (nearly) the same
    text as another rebuttal in ``others`` ({id: rebuttal}; :data:`SAME_TEXT`, ids and quotations aside).
    """
    table = _evidence_table()
    known = known_ids if known_ids is not None else table.index.tolist()
    if not isinstance(text, str):
        return [f"the rebuttal of {item} should be text"]
    other_texts = [t for k, t in others.items() if k != item and isinstance(t, str)]
    found = [p.replace("`rebuttals`", f"the rebuttal of {item}")
             for p in prose_problems(text, "rebuttals", min_words, known, prefer_ids=[item], others=())]
    quote = table.loc[item, "quote"] if item in table.index else None
    if not engages(item, text, quote):
        found.append(f"the rebuttal of {item} neither names {item} nor quotes its words ({QUOTE_RUN} or more in a row): "
                     "say which evidence you answer and what in it you answer")
    elif not engages_content(item, text, table.loc[item] if item in table.index else None):
        found.append(f"the rebuttal of {item} names it but answers nothing it says: take up what the evidence itself "
                     "reports or claims (its words, in your own sentence)")
    mine = _own_wording(text, known)
    for other in other_texts:
        theirs = _own_wording(other, known)
        if mine and theirs and difflib.SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= SAME_TEXT:
            found.append(f"the rebuttal of {item} is (nearly) the same text as another rebuttal: answer each piece "
                         "of counter-evidence on its own terms")
            break
    return found


def argument_problems(text: Any, min_words: int = 300, evidence_for: Any = None, evidence_against: Any = None,
                      others: Iterable[str] = (), min_cited: int = 3, name: str = "argument") -> list[str]:
    """What keeps a written argument from being an argument of the student's own on the evidence listed.

    The prose rules of :func:`prose_problems` (``others``: the student's other answers, e.g. the rebuttals), and,
    when the lists are given: it cites at least ``min_cited`` of the ids listed in ``evidence_for`` and
    ``evidence_against`` (all of them if fewer are listed), at least one from each list.
    """
    table = _evidence_table()
    known = table.index.tolist()
    listed_for = [i for i in evidence_for if isinstance(i, str) and i in table.index] if isinstance(evidence_for, list) else []
    listed_against = ([i for i in evidence_against if isinstance(i, str) and i in table.index]
                      if isinstance(evidence_against, list) else [])
    found = prose_problems(text, name, min_words, known, prefer_ids=listed_for + listed_against, others=others)
    if not isinstance(text, str) or not (listed_for or listed_against):
        return found
    ids = set(cited(text, known))
    listed = list(dict.fromkeys(listed_for + listed_against))
    needed = min(min_cited, len(listed))
    hits = [i for i in listed if i in ids]
    if len(hits) < needed:
        found.append(f"`{name}` cites {len(hits)} of the evidence ids you list in Q2; cite at least {needed} of them "
                     "(written like blank-2016-03), so a reader can follow your evidence")
    sides = [("evidence_for", listed_for), ("evidence_against", listed_against)]
    missing = [side for side, ids_on_side in sides if ids_on_side and not ids & set(ids_on_side)]
    if missing and len(hits) >= needed:
        found.append(f"`{name}` cites none of the ids in `{missing[0]}`: use evidence from both sides")
    return found


# ---------------------------------------------------------------------------------------------------
# The rules in words (for the capstone notebook and the instructors' guide; a test keeps them in step)
# ---------------------------------------------------------------------------------------------------

_FIT_WORDS = {True: "for", False: "against", None: "neither (counts half)"}


def rules_markdown() -> str:
    """The rules the capstone's checks and hidden tests apply, with their thresholds, as Markdown."""
    names = "\n".join(f"| `{t}` | {', '.join(f'“{n}”' for n in THESIS_NAMES[t] if n != t)} |" for t in THESES)
    ties = "\n".join(f"| `{t}` (`supports`: `{SUPPORTS_BY_TIE[t]}`) | " + " | ".join(_FIT_WORDS[FIT[th][t]] for th in THESES) + " |"
                     for t in reversed(tie_levels()))
    return f"""## How the checks read your argument (thresholds)

**Thesis (Q1).** Any of these names counts as its thesis (capitals, a leading “a” or “the” and hyphens do not matter):

| thesis | also read as |
|---|---|
{names}

**Evidence and thesis (Q2).** Evidence for your thesis must be *for* it under the codebook, and counter-evidence
*against* it. A row's `tie` code (the tie it shows: distance < partnership < alignment < alliance; see
`data/codebook.md`; its `supports` code, derived from the tie, is shown in brackets) decides. A row whose tie is
empty (the level is not shown) is neither for nor against any thesis:

| the row's tie | alliance thesis | qualified thesis | necessity thesis |
|---|---|---|---|
{ties}

The `driver` of a row (why the two states cooperate) never decides: a shared threat or dependence is what alliances
form around too, so it is never counted against the alliance thesis on its own. Q2's hidden test gives a third each
for ids that exist, three readings, and the list sizes with no id on both sides, all multiplied by the share of your
evidence on its right side (1 each, 1/2 for “neither”, 0 on the wrong side).

**Rebuttals (Q3).** Each rebuttal has at least 15 words, at least 8 of them different; names the id of its
counter-evidence (e.g. blank-2016-03) or quotes at least {QUOTE_RUN} of its words in a row; takes up something the
row says (shares at least one word of five letters or more with its quote or claim); is not (nearly) the same text
as another rebuttal ({SAME_TEXT:.0%} of the words in the same order, ids and quotations aside); is at most {MAX_COPIED:.0%}
copied from a reading ({COPY_RUN} words or more in a row); and every id it cites exists. Q3 scores the share of rebuttals that do.

**The argument (Q5).** It states your thesis (Q1, by any of its names) in its first {THESIS_WITHIN_WORDS} words; at least 300 words, at least 150 of them different (evidence ids aside), in sentences (at most
{MAX_WORDS_PER_SENTENCE} words per sentence on average), at most {MAX_COPIED:.0%} of it repeating itself; it cites at least three of the ids you list in Q2, at least one for
and one against; every id it cites exists; at most {MAX_COPIED:.0%} of it is copied from a reading or from your
rebuttals ({COPY_RUN} words or more in a row). The visible check warns; the person grading sees the same reading beside
your argument.
"""


def reading_html(title: str, found: list[str]) -> str:
    """What the automatic reading of a written answer found, as HTML for the person grading it."""
    items = "".join(f"<li>{html.escape(f.rstrip('.'))}.</li>" for f in found) or "<li>nothing to flag</li>"
    return (f"<h3>{html.escape(title)} (rules in <code>aon.argument</code>)</h3><ul>{items}</ul>"
            "<p>An answer flagged as not prose, repeating itself, copied, or citing ids that do not exist is no "
            "evidence of the rubric's levels above 1.</p>")


def quote_in_passage(text: object, row: Mapping | Any, article: str) -> bool:
    """True if ``text`` stands verbatim in ``article`` at a place that overlaps the evidence row's own passage.

    A quotation supports the row it is filed under only if it comes from that row's words (or runs into them):
    four words from anywhere else in the same article prove nothing about the row.
    """
    if not isinstance(text, str) or not text:
        return False
    start, end = int(row["start"]), int(row["end"])
    position = article.find(text)
    while position >= 0:
        if position < end and position + len(text) > start:
            return True
        position = article.find(text, position + 1)
    return False


#: How many words an argument has to state its thesis in.
THESIS_WITHIN_WORDS = 40


def thesis_name_problem(argument: object, thesis: object) -> str | None:
    """A hint if the argument does not name the thesis given in Q1 (by any of its names) in its first words, else None.

    An argument of one's own states its thesis at the start; a text that would fit any thesis, or that argues another
    one, does not (definitions of every thesis later in the text do not count).
    """
    code = thesis_code(thesis)
    if code is None or not isinstance(argument, str):
        return None
    opening = " ".join(argument.split()[:THESIS_WITHIN_WORDS])
    text = " " + re.sub(r"[^a-z ]+", " ", re.sub(r"[_-]+", " ", opening.lower())) + " "
    text = re.sub(r" +", " ", text)
    if any(f" {name} " in text for name in THESIS_NAMES[code]):
        return None
    named = sorted({t for t, names in THESIS_NAMES.items() if t != code for n in names if f" {n} " in text})
    also = f" (it names {' and '.join(repr(t) for t in named)} there instead)" if named else ""
    return (f"`argument` does not state your thesis, {code!r} (or another of its names, such as "
            f"{THESIS_NAMES[code][min(3, len(THESIS_NAMES[code]) - 1)]!r}), in its first {THESIS_WITHIN_WORDS} words{also}: "
            "say at the start what you argue.")
