"""How reliable is the course's coding? Agreement between coders, with Cohen's kappa.

Two coders who label the same passages agree on some share of them (percentage
agreement). Some of that agreement would happen by chance: if both coders say
"necessity" for most passages, they will often agree even when coding at random.
Cohen's kappa corrects for this:

    kappa = (p_o - p_e) / (1 - p_e)

where p_o is the observed share of agreement and p_e the agreement expected by
chance from how often each coder uses each code (the sum, over codes, of the
product of the two coders' shares). Kappa is 1 for perfect agreement and 0 for
agreement no better than chance. If both coders gave every passage one and the same
code, p_e is 1 and kappa is 0/0: undefined. The functions here then return ``nan``
("not a number"), as scikit-learn does, and :func:`agreement_summary` says why in words.
This module computes kappa from the confusion
table with exactly that formula (:func:`kappa_from_table`), in a few lines a
student can read with ``help()``. The course's tests check it against
scikit-learn's ``cohen_kappa_score`` on 500 random pairs of codings, so the
lessons need not import scikit-learn (which takes about a second to load).

The course's own studies: :func:`second_coder_comparison` (codebook 1, 60 passages coded for ``supports``
and ``theme``), :func:`second_coding_comparison` (codebook 2, 50 evidence rows coded for ``tie`` and ``driver``)
and :func:`selection_check` (codebook 2, 25 sentences the course left uncoded). Lesson 15's blind coding
exercise (:func:`coding_sheet`, :func:`add_my_codes`, :func:`compare_with_course`) codes ``tie`` and ``driver``.

>>> from aon.lessons.lesson15_coding_reliability import agreement, second_coding_comparison
>>> study = second_coding_comparison()
>>> agreement(study["tie_course"], study["tie_second"])["kappa"]      # doctest: +SKIP
0.938
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..checks import Question
from ..codebook import NO_LEVEL, derive_supports, drivers, tie_label, tie_levels
from ..data import article_text, load_articles, load_table, vocabulary
from ..errors import CourseError, did_you_mean
from ..evidence import display_or_print, event_links, load_events, load_evidence
from ..ids import evidence_id_pattern
from ..palette import SEQUENTIAL_CMAP
from ..paths import data_dir
from ..plots import new_figure
from .common import close_to

#: The codes a student compares in lesson 15: tie and driver, and the supports their tie implies.
CODED_COLUMNS = ("tie", "driver", "supports")
#: Ways of writing an empty tie that are read as '(level not shown)'.
NO_LEVEL_SPELLINGS = frozenset({"(level not shown)", "level not shown", "not shown", "(not shown)", "not_shown",
                                "level_not_shown"})


def _labels(a: Sequence[str], b: Sequence[str], labels: Sequence[str] | None) -> list[str]:
    if labels is not None:
        return list(labels)
    return sorted(set(a) | set(b))


def _clean(a: Sequence[str], b: Sequence[str]) -> tuple[list[str], list[str]]:
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise CourseError(f"The two codings have different lengths ({len(a)} and {len(b)}): each passage needs a code from both coders.")
    if not a:
        raise CourseError("There are no coded passages to compare yet.")
    return [str(x).strip() for x in a], [str(x).strip() for x in b]


def percent_agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """Return the share of passages (0 to 1) on which the two codings give the same code."""
    a, b = _clean(a, b)
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def cohen_kappa(a: Sequence[str], b: Sequence[str], labels: Sequence[str] | None = None) -> float:
    """Return Cohen's kappa of two codings of the same passages: (p_o - p_e) / (1 - p_e).

    It counts the confusion table of the two codings (the counts :func:`confusion_table` shows) and applies
    :func:`kappa_from_table`; the result equals scikit-learn's ``cohen_kappa_score`` (the course's
    tests check this). With ``labels``, every code must be one of them, else a CourseError says which is not.
    If both coders gave every passage one and the same code, chance agreement p_e is 1 and kappa is 0/0,
    undefined: this returns ``nan``, as scikit-learn does. Lesson 15 explains this in section 3, and
    :func:`agreement_summary` shows it as "undefined: every code was the same, so chance agreement is 1".
    """
    a, b = _clean(a, b)
    if labels is not None:
        _require_known_codes(a + b, labels)
    return kappa_from_table(_pair_counts(a, b, _labels(a, b, labels)))


def _pair_counts(a: list[str], b: list[str], order: list[str]) -> np.ndarray:
    """Count the passages per (code of A, code of B), codes in ``order``; pairs with another code are left out."""
    index = {code: i for i, code in enumerate(order)}
    counts = np.zeros((len(order), len(order)), dtype=int)
    for x, y in zip(a, b, strict=True):
        if x in index and y in index:
            counts[index[x], index[y]] += 1
    return counts


def _require_known_codes(codes: Sequence[object], labels: Sequence[str]) -> None:
    """Raise a CourseError naming every code that is not among ``labels``."""
    allowed = [str(x) for x in labels]
    outside = sorted({str(x).strip() for x in codes} - set(allowed))
    if outside:
        raise CourseError(f"Code(s) {', '.join(repr(x) for x in outside)} are not among the allowed codes "
                          f"({', '.join(allowed)}): fix them before computing agreement or kappa.")


def confusion_table(a: Sequence[str], b: Sequence[str], labels: Sequence[str] | None = None,
                    names: tuple[str, str] = ("coder A", "coder B")) -> pd.DataFrame:
    """Return the confusion table: rows are coder A's codes, columns coder B's, cells count passages.

    The diagonal holds agreements; every other cell is one kind of disagreement. ``labels`` fixes the order
    (and keeps codes nobody used, as rows and columns of zeros).
    """
    a, b = _clean(a, b)
    order = _labels(a, b, labels)
    return pd.DataFrame(_pair_counts(a, b, order), index=pd.Index(order, name=names[0]),
                        columns=pd.Index(order, name=names[1]))


def kappa_from_table(table: pd.DataFrame | np.ndarray | Sequence[Sequence[int]]) -> float:
    """Return Cohen's kappa computed by hand from a square confusion table of counts.

    p_o = (sum of the diagonal) / n; p_e = sum over codes of (row total / n) * (column total / n);
    kappa = (p_o - p_e) / (1 - p_e). When p_e is 1 (all passages in one cell of the diagonal: both coders
    used one and the same code), kappa is 0/0 and this returns ``nan`` (undefined), as scikit-learn does.

    >>> round(kappa_from_table([[20, 5], [10, 15]]), 2)
    0.4
    """
    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise CourseError("A confusion table for kappa must be square: the same codes as rows and as columns.")
    n = counts.sum()
    if n == 0:
        raise CourseError("The confusion table is empty.")
    p_o = np.trace(counts) / n
    p_e = float((counts.sum(axis=1) / n) @ (counts.sum(axis=0) / n))
    if np.isclose(p_e, 1.0):
        return float("nan")  # 0/0: undefined, see the docstring
    return float((p_o - p_e) / (1 - p_e))


def chance_agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """Return p_e, the agreement expected by chance from how often each coder uses each code."""
    table = confusion_table(a, b).to_numpy(dtype=float)
    n = table.sum()
    return float((table.sum(axis=1) / n) @ (table.sum(axis=0) / n))


def agreement(a: Sequence[str], b: Sequence[str], labels: Sequence[str] | None = None) -> dict[str, float | int]:
    """Return the number of passages, percentage agreement (0–1), chance agreement and Cohen's kappa, rounded to 3 decimals.

    With ``labels``, every code must be one of them (else :class:`~aon.errors.CourseError`): all four figures
    are then computed on the same passages (a code outside ``labels`` is never silently dropped).
    """
    if labels is not None:
        _require_known_codes(list(a) + list(b), labels)
    return {"passages": len(list(a)), "agreement": round(percent_agreement(a, b), 3),
            "chance_agreement": round(chance_agreement(a, b), 3), "kappa": round(cohen_kappa(a, b, labels), 3)}


#: What lesson 15 says when kappa is 0/0.
KAPPA_UNDEFINED = "undefined: every code was the same, so chance agreement is 1"


def agreement_summary(figures: dict[str, float | int]) -> pd.Series:
    """Return the figures of :func:`agreement` as a readable series, one labelled line each.

    A kappa that is ``nan`` (0/0, when both coders gave every passage the same code) is shown as
    :data:`KAPPA_UNDEFINED` instead of "nan".
    """
    kappa = figures["kappa"]
    undefined = kappa is None or (isinstance(kappa, float) and np.isnan(kappa))
    lines = {
        "passages compared": int(figures["passages"]),
        "agreement (p_o)": figures["agreement"],
        "chance agreement (p_e)": figures["chance_agreement"],
        "Cohen's kappa": KAPPA_UNDEFINED if undefined else kappa,
    }
    return pd.Series(lines, name="value", dtype=object)


def disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """Return the off-diagonal cells of a confusion table as rows (code A, code B, passages), most frequent first."""
    rows = [(r, c, int(table.loc[r, c])) for r in table.index for c in table.columns if r != c and table.loc[r, c] > 0]
    out = pd.DataFrame(rows, columns=[table.index.name or "coder A", table.columns.name or "coder B", "passages"])
    return out.sort_values("passages", ascending=False, kind="stable", ignore_index=True)


# ------------------------------------------------------------------ the course's data

def second_coder_comparison() -> pd.DataFrame:
    """Return the 60 passages of ``data/second_coder.csv`` (the codebook 1 study) with both coders' codes side by side.

    ``supports_course`` and ``theme_course`` are the first coders' codes *at the time of that study*
    (codebook 1, when ``supports`` was chosen by hand), kept in the file so the study can be reproduced;
    the evidence table's codes today follow codebook 2 (see :func:`second_coding_comparison`).
    """
    second = load_table("second_coder")
    evidence = load_evidence()[["evidence_id", "article_id", "quote", "rationale"]]
    merged = second.rename(columns={"supports": "supports_second", "theme": "theme_second", "note": "second_coder_note",
                                    "supports_first": "supports_course", "theme_first": "theme_course"}).merge(
        evidence, on="evidence_id", how="inner")
    return merged[["evidence_id", "article_id", "quote", "supports_course", "supports_second", "theme_course", "theme_second",
                   "rationale", "second_coder_note"]]


def _level(value: object) -> str:
    """A tie as a code to compare: the level, or '(level not shown)' when empty."""
    return tie_label(value)


def second_coding_comparison() -> pd.DataFrame:
    """Return the evidence rows of the codebook 2 study (``data/second_coding.csv``), both coders side by side.

    One row per sampled evidence row, with ``tie``, ``driver``, ``supports`` (derived from each coder's tie by
    the same rule) and ``evidence_type`` for the course (``_course``) and the second coder (``_second``).
    An empty tie is shown as '(level not shown)' so that it counts as a code of its own.
    """

    study = load_table("second_coding")
    rows = study[study["evidence_id"].notna()]
    evidence = load_evidence().set_index("evidence_id")
    course = evidence.loc[rows["evidence_id"]]
    out = pd.DataFrame({
        "evidence_id": rows["evidence_id"].to_numpy(),
        "article_id": rows["article_id"].to_numpy(),
        "quote": course["quote"].to_numpy(),
        "claim_bearing_second": rows["claim_bearing"].to_numpy(),
        "tie_course": [_level(t) for t in course["tie"]],
        "tie_second": [_level(t) for t in rows["tie"]],
        "driver_course": course["driver"].to_numpy(),
        "driver_second": rows["driver"].fillna("").to_numpy(),
        "supports_course": [derive_supports(t) for t in course["tie"]],
        "supports_second": [derive_supports(t) for t in rows["tie"]],
        "evidence_type_course": course["evidence_type"].to_numpy(),
        "evidence_type_second": rows["evidence_type"].fillna("").to_numpy(),
        "second_coder_note": rows["note"].to_numpy(),
    })
    return out.reset_index(drop=True)


#: The dimensions of the codebook 2 study, as columns ``<dimension>_course`` and ``<dimension>_second``.
STUDY_DIMENSIONS = ("tie", "driver", "supports", "evidence_type")


def dimension_agreement(study: pd.DataFrame | None = None, dimensions: Sequence[str] = STUDY_DIMENSIONS) -> pd.DataFrame:
    """Return agreement, chance agreement and Cohen's kappa per dimension of the codebook 2 study, one row each.

    ``study`` is :func:`second_coding_comparison` (read if not given). ``supports`` is derived from each coder's
    tie by the same rule, so it agrees wherever the two ties fall on the same side of the rule.
    """
    study = second_coding_comparison() if study is None else study
    rows = {d: agreement(study[f"{d}_course"], study[f"{d}_second"]) for d in dimensions}
    table = pd.DataFrame(rows).T
    table["passages"] = table["passages"].astype(int)
    table.index.name = "dimension"
    return table


def selection_check() -> pd.DataFrame:
    """Return the sentences of the codebook 2 study that the course left uncoded, with the second coder's verdict.

    Each row: the reading, the sentence, the reason ``coverage.csv`` gives for coding nothing there
    (``course_reason``) and whether the second coder found a claim in it (``claim_bearing``).
    A claim-bearing sentence whose reason is 'repeats' was coded elsewhere; any other is a claim the first
    coders left out.
    """
    study = load_table("second_coding")
    rows = study[study["evidence_id"].isna()].reset_index(drop=True)
    rows["text"] = [article_text(a)[int(s):int(e)].strip() for a, s, e in zip(rows["article_id"], rows["start"], rows["end"], strict=True)]
    rows["missed"] = (rows["claim_bearing"] == "yes") & (rows["course_reason"] != "repeats")
    return rows[["article_id", "text", "course_reason", "claim_bearing", "tie", "note", "missed"]]


def event_linked_ids(evidence: pd.DataFrame | None = None, events: pd.DataFrame | None = None) -> list[str]:
    """Return the evidence rows tied to a dated event (their ``event_key``, or listed in ``events.csv``).

    Lesson 10 (the timeline) shows these rows side by side *with their course codes*, so a blind coding
    exercise should leave them out.
    """

    evidence = load_evidence() if evidence is None else evidence
    events = load_events() if events is None else events
    ids = set().union(*event_links(evidence, events).values())
    return [e for e in evidence["evidence_id"] if e in ids]


def codebook_ids(evidence: pd.DataFrame | None = None, text: str | None = None) -> list[str]:
    """Return every evidence id that ``data/codebook.md`` names, in evidence-table order.

    The codebook shows many passages as worked examples, often with their codes (for example
    "`rusi-2022-27` (diplomacy_un, statement, necessity)"). Students code *from* the codebook, so a blind
    coding sheet must leave these passages out. An id counts if it is written anywhere in the codebook
    (with or without backticks) and exists in the evidence table; a range written "`a-01` to `a-05`" counts
    every row from ``a-01`` to ``a-05`` of the same reading. ``text`` replaces the codebook's text (for tests).
    """
    pattern = evidence_id_pattern()

    evidence = load_evidence() if evidence is None else evidence
    text = (data_dir() / "codebook.md").read_text(encoding="utf-8") if text is None else text
    named = set(re.findall(rf"(?<![\w-])({pattern})(?![\w-])", text))
    for first, last in re.findall(rf"`?({pattern})`?\s+(?:to|–)\s+`?({pattern})`?", text):
        prefix, a = first.rsplit("-", 1)
        prefix_b, b = last.rsplit("-", 1)
        if prefix == prefix_b:
            named |= {f"{prefix}-{i:0{len(a)}d}" for i in range(int(a), int(b) + 1)}
    return [e for e in evidence["evidence_id"] if e in named]


def coding_sheet(n: int = 12, seed: int = 15, evidence: pd.DataFrame | None = None,
                 exclude: Sequence[str] = ()) -> pd.DataFrame:
    """Return ``n`` passages for blind coding: the quote and its reading, the course's codes hidden.

    The sample is stratified by reading (as even as ``n`` allows, so an added reading is included) and fixed by
    ``seed``. Passages whose ids are in ``exclude`` (e.g. :func:`event_linked_ids`, which lesson 10 shows with
    their codes) are never drawn. Columns ``my_tie`` and ``my_driver`` are blank for the student to fill.
    """
    evidence = load_evidence() if evidence is None else evidence
    evidence = evidence[~evidence["evidence_id"].isin(set(exclude))]
    ids = [a for a in load_articles()["article_id"] if (evidence["article_id"] == a).any()]
    if not ids or n <= 0:
        return pd.DataFrame(columns=["evidence_id", "article_id", "quote", "my_tie", "my_driver"])
    per = [n // len(ids) + (1 if i < n % len(ids) else 0) for i in range(len(ids))]
    parts = []
    for article_id, k in zip(ids, per, strict=True):
        rows = evidence[evidence["article_id"] == article_id]
        if k:
            parts.append(rows.sample(n=min(k, len(rows)), random_state=seed))
    sample = pd.concat(parts).sample(frac=1, random_state=seed)  # shuffle, so readings are mixed
    sheet = sample[["evidence_id", "article_id", "quote"]].reset_index(drop=True)
    sheet["my_tie"] = ""
    sheet["my_driver"] = ""
    return sheet


def add_my_codes(sheet: pd.DataFrame, ties: object, drivers: object) -> pd.DataFrame:
    """Return a copy of a coding sheet with the student's lists of codes in ``my_tie`` and ``my_driver``.

    Each list must hold exactly one code per passage, in the order of the sheet (``""`` for a passage not
    coded yet). A list of another length, or something that is not a list, is refused with a printed message
    that says how many codes are expected; that column is then left as it was, so no code is ever moved to
    the wrong passage and nothing the student wrote is changed.
    """
    sheet = sheet.copy()
    n = len(sheet)
    for name, column, codes in (("my_ties", "my_tie", ties), ("my_drivers", "my_driver", drivers)):
        if isinstance(codes, (str, bytes)) or not isinstance(codes, (list, tuple)):
            print(f"`{name}` should be a list in square brackets, one code in quotation marks per passage, such as "
                  f"[\"distance\", \"\", ...], but it is {type(codes).__name__}. Nothing was changed in {column}: "
                  "fix the list and run this cell again.")
            continue
        if len(codes) != n:
            print(f"`{name}` has {len(codes)} code(s), but the sheet has {n} passages: give exactly {n}, one per passage "
                  f"in the order shown (number 0 first), with \"\" for a passage you have not coded. Nothing was changed "
                  f"in {column}, so no code was matched to the wrong passage: fix the list and run this cell again.")
            continue
        sheet[column] = ["" if code is None else code for code in codes]
    return sheet


def course_codes(evidence_ids: Sequence[str]) -> pd.DataFrame:
    """Return the course's codes (tie, driver, supports, theme) and rationale for the given evidence ids, in that order.

    An empty tie is written '(level not shown)', as the student writes it.
    """

    evidence = load_evidence().set_index("evidence_id")
    codes = evidence.loc[list(evidence_ids), ["tie", "driver", "supports", "theme", "rationale"]].reset_index()
    codes["tie"] = codes["tie"].map(tie_label)
    return codes


def normalise_code(value: object) -> str:
    """Return a code as the codebook writes it: spaces around it removed, lower case (``" Alliance "`` → ``"alliance"``).

    Any spelling of an empty tie ("level not shown", "not shown", ...) becomes '(level not shown)'.
    Blank (``""``, None, NaN) stays ``""``: not coded yet.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip().lower()
    return NO_LEVEL if text in NO_LEVEL_SPELLINGS else text


def allowed_codes(column: str) -> list[str]:
    """Return the codes a student may write in a column of the coding sheet: ``tie`` (the four levels and
    '(level not shown)'), ``driver`` or ``supports``."""

    if column == "tie":
        return [NO_LEVEL, *tie_levels()]
    if column == "driver":
        return drivers()
    return vocabulary("evidence", column)


def coding_problems(sheet: pd.DataFrame) -> list[str]:
    """Return one message for each filled code that is not in the codebook's vocabulary (blank means: not coded yet).

    Codes are compared after :func:`normalise_code` (case and surrounding spaces do not matter), so
    ``"Alignment"`` and ``"level not shown"`` are fine and ``"alignmnet"`` or ``"threat"`` are problems. Each
    message names the passage, the code as written, the closest allowed code if one is close, and every allowed code.
    """
    problems = []
    for column, field in (("my_tie", "tie"), ("my_driver", "driver")):
        if column not in sheet.columns:
            continue
        allowed = allowed_codes(field)
        for _, row in sheet.iterrows():
            value = normalise_code(row[column])
            if value and value not in allowed:
                problems.append(f"{row['evidence_id']}: {str(row[column]).strip()!r} is not a {field} code."
                                f"{did_you_mean(value, allowed)} Allowed {field} codes: {', '.join(allowed)}.")
    return problems


def theme_definitions() -> dict[str, str]:
    """Return each theme code's one-line definition from the Themes section of ``data/codebook.md``."""
    text = (data_dir() / "codebook.md").read_text(encoding="utf-8")
    section = re.search(r"^## \d+\. Themes.*?(?=^## )", text, flags=re.MULTILINE | re.DOTALL)
    text = section.group(0) if section else text
    return {code: meaning.strip() for code, meaning in re.findall(r"^### `([a-z_]+)`\n(.+)$", text, flags=re.MULTILINE)}


def _my_codes(sheet: pd.DataFrame, column: str) -> pd.Series:
    """The student's codes of one dimension, normalised; for ``supports``, derived from the student's tie."""
    if column != "supports":
        return sheet[f"my_{column}"].map(normalise_code)
    ties = sheet["my_tie"].map(normalise_code)
    levels = set(allowed_codes("tie"))
    return ties.map(lambda t: derive_supports(None if t == NO_LEVEL else t) if t in levels else t)


def compare_with_course(sheet: pd.DataFrame, column: str = "tie") -> dict | None:
    """Compare a student's coding with the course's on one dimension, on the rows the student filled.

    ``column`` is ``"tie"`` (``my_tie``), ``"driver"`` (``my_driver``) or ``"supports"``: the supports code that
    the student's tie gives by the codebook's rule (:func:`aon.codebook.derive_supports`), so a tie
    disagreement that crosses the rule's boundaries shows up here too. Codes are read with
    :func:`normalise_code` (``"Alignment "`` counts as ``"alignment"``). If any filled code is not in the
    codebook, nothing is computed: a :class:`~aon.errors.CourseError` names every invalid code and the
    allowed values (agreement and kappa must be computed on the same, valid, rows).

    Returns a dict with the agreement figures, the confusion table and the disagreements (each with the
    course's ``rationale``, which names its tie and driver and says why), or None if no row is filled yet.
    """
    if column not in CODED_COLUMNS:
        raise CourseError(f"column must be one of {', '.join(CODED_COLUMNS)}, not {column!r}.{did_you_mean(str(column), CODED_COLUMNS)}")
    source = "tie" if column == "supports" else column
    raw = sheet[f"my_{source}"]
    labels = allowed_codes(column)
    checked = sheet[f"my_{source}"].map(normalise_code)
    allowed = allowed_codes(source)
    invalid = [f"{eid}: {str(r).strip()!r}" for eid, r, code in zip(sheet["evidence_id"], raw, checked, strict=True)
               if code and code not in allowed]
    if invalid:
        raise CourseError(f"{len(invalid)} {source} code(s) are not in the codebook, so nothing was compared: "
                          f"{'; '.join(invalid)}. Allowed {source} codes: {', '.join(allowed)} "
                          "(capitals and spaces do not matter). Fix them in the lists above and run both cells again.")
    mine = _my_codes(sheet, column)
    filled = sheet[mine != ""]
    if filled.empty:
        return None
    course = course_codes(filled["evidence_id"])
    a, b = course[column].tolist(), mine[mine != ""].tolist()
    result = agreement(a, b, labels)
    table = confusion_table(a, b, labels, names=("course", "you"))
    table = table.loc[(table.sum(axis=1) > 0) | (table.sum(axis=0) > 0)]
    table = table.loc[:, (table.sum(axis=0) > 0) | (table.sum(axis=1).reindex(table.columns, fill_value=0) > 0)]
    differ = course.assign(yours=b)
    differ = differ[differ[column] != differ["yours"]]
    differ = differ[["evidence_id", column, "yours", "rationale"]].rename(columns={column: "course", "rationale": "course_reason"})
    return {"agreement": result, "confusion": table, "disagreements": differ.reset_index(drop=True)}


def show_passages(sheet: pd.DataFrame) -> None:
    """Display every passage of a coding sheet in full (no cut-off), numbered as the rows of the sheet."""
    blocks = [f"**{i}.** `{row['evidence_id']}` ({row['article_id']})\n\n> {row['quote']}" for i, row in sheet.reset_index(drop=True).iterrows()]
    text = "\n\n".join(blocks) or "No passages to show."
    display_or_print(text)


# ------------------------------------------------------------------ figure

def plot_confusion(table: pd.DataFrame, title: str):
    """Heatmap of a confusion table (course's codes as rows, the other coder's as columns), each cell labelled with its count."""

    fig, ax = new_figure(6.5, 5.0)
    values = table.to_numpy()
    ax.imshow(values, cmap=SEQUENTIAL_CMAP)
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(table.index)), table.index)
    ax.set_xlabel(f"{table.columns.name} (code given)")
    ax.set_ylabel(f"{table.index.name} (code given)")
    threshold = values.max() / 2 if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            ax.text(j, i, str(int(values[i, j])), ha="center", va="center",
                    color="black" if values[i, j] > threshold else "white", fontsize=12)
    ax.set_title(title)
    ax.spines[:].set_visible(False)  # no colour bar: every cell is labelled with its count
    return fig


def confusion_alt_text(table: pd.DataFrame, subject: str) -> str:
    """Describe :func:`plot_confusion` in words: agreements on the diagonal, then each disagreement."""
    n = int(table.to_numpy().sum())
    agree = ", ".join(f"{code} {int(table.loc[code, code])}" for code in table.index if code in table.columns)
    off = disagreements(table)
    differ = "; ".join(f"{r.iloc[0]} coded {r.iloc[1]} by the other coder: {r.iloc[2]}" for _, r in off.iterrows()) or "none"
    return (f"Heatmap confusion table of {subject}: {n} passages, {table.index.name}'s codes as rows and "
            f"{table.columns.name}'s as columns, darker cells fewer passages. Agreements on the diagonal: {agree}. "
            f"Disagreements: {differ}.")


# ================================================================ the lesson's questions
def _second(column: str):
    """Both coders' codes of one column in the codebook 1 study (60 passages; supports or theme)."""
    both = second_coder_comparison()
    return both[f"{column}_course"], both[f"{column}_second"]


def _agreement_supports() -> float:
    return round(percent_agreement(*_second("supports")), 2)


def _kappa_supports() -> float:
    return round(cohen_kappa(*_second("supports")), 2)


def _kappa_theme() -> float:
    return round(cohen_kappa(*_second("theme")), 2)


def _most_disputed_course_code() -> set[str]:
    table = confusion_table(*_second("supports"))
    off = table.sum(axis=1) - pd_diag(table)
    return set(off[off == off.max()].index)


def _supports_code_validator(answer: str) -> str | None:
    """Accept a supports code in any case ("Ambiguous" is read as "ambiguous")."""
    codes = vocabulary("evidence", "supports")
    if answer.strip().lower() in codes:
        return None
    return f"'{answer}' is not a supports code: use {', '.join(codes)} (capitals or not)."


def pd_diag(table):
    """Return the diagonal of a square confusion table as a Series indexed by code."""
    return table.apply(lambda row: row[row.name] if row.name in row.index else 0, axis=1)


def _study(dimension: str) -> tuple:
    """Both coders' codes of one dimension in the codebook 2 study (50 evidence rows)."""
    study = second_coding_comparison()
    return study[f"{dimension}_course"], study[f"{dimension}_second"]


def _study_agreement(dimension: str) -> float:
    course, second = _study(dimension)
    return round(float((course == second).mean()), 2)


def _study_kappa(dimension: str) -> float:
    return round(cohen_kappa(*_study(dimension)), 2)


def _study_matches(dimension: str) -> int:
    course, second = _study(dimension)
    return int((course == second).sum())


def _selection() -> tuple[int, int, int, int]:
    """(claim-bearing among non-repeats, non-repeats, claim-bearing among all, all) of the uncoded sentences."""
    sel = selection_check()
    others = sel[sel["course_reason"] != "repeats"]
    return (int((others["claim_bearing"] == "yes").sum()), len(others), int((sel["claim_bearing"] == "yes").sum()), len(sel))


def _selection_share() -> float:
    found, others, _, _ = _selection()
    return round(found / others, 2)


def _is_share(answer: float, numerator: int, denominator: int) -> bool:
    return denominator > 0 and close_to(answer, round(numerator / denominator, 2), 0.011)


def questions() -> list[Question]:
    """q1 hand kappa; q2 agreement; q3 kappa; q4 why kappa is lower; q5 most disputed code; q6 theme vs supports;
    q7 driver agreement (a boolean mean); q8 share of uncoded sentences found claim-bearing; q9 what reliability
    does not show; q10 open."""
    return [
        Question("q2", "agreement_supports", "number", tolerance=0.011, expected=_agreement_supports,
                 hints=[(lambda a, e: 1 < a <= 100, "That looks like a percentage; give a fraction between 0 and 1."),
                        (lambda a, e: close_to(a, _kappa_supports(), 0.011), "That is kappa; the question asks for the plain share of agreement."),
                        (lambda a, e: close_to(a, round(float((_second('theme')[0] == _second('theme')[1]).mean()), 2), 0.011), "That is agreement on theme; the question asks about supports.")],
                 fallback_hint="Compare the two supports columns row by row and take the mean of the matches, rounded to 2 decimals."),
        Question("q3", "kappa_supports", "number", tolerance=0.011, expected=_kappa_supports,
                 hints=[(lambda a, e: close_to(a, _agreement_supports(), 0.011), "That is the plain share of agreement; kappa corrects it for chance."),
                        (lambda a, e: close_to(a, _kappa_theme(), 0.011), "That is kappa on theme; the question asks about supports."),
                        (lambda a, e: a > 1, "Kappa is at most 1.")],
                 fallback_hint="Compute `cohen_kappa(both[\"supports_course\"], both[\"supports_second\"])` (imported in the Setup "
                               "cell; `both` is the table of section 4) and round to 2 decimals."),
        Question("q4", "why_kappa_lower", "choice", choices=["A", "B", "C", "D"], expected=lambda: "A",
                 hints=[(lambda a, e: a == "B", "Kappa uses every passage and every code, 'ambiguous' included; the table of "
                                                 "section 4 counts all 60 passages."),
                        (lambda a, e: a == "C", "Cohen's kappa treats every disagreement the same; nothing weights one kind of "
                                                 "disagreement more than another."),
                        (lambda a, e: a == "D", "Both figures here are computed on the supports codes; theme has its own kappa.")],
                 fallback_hint="Think about what kappa subtracts: p_e."),
        Question("q5", "most_disputed", "text", expected=_most_disputed_course_code,
                 validator=_supports_code_validator,
                 hints=[(lambda a, e: a.lower() == "necessity", "Necessity has the most passages, but most of them are agreements; count the off-diagonal cells of each row.")],
                 fallback_hint="In the confusion table, add up each row's cells off the diagonal; which row has most?"),
        Question("q1", "hand_kappa", "number", tolerance=0.011, expected=lambda: 0.4,
                 hints=[(lambda a, e: 1 < a <= 100, "That looks like a percentage; kappa is not a percent. Give it as a number "
                                                    "between −1 and 1, as the formula gives it (e.g. 0.25)."),
                        (lambda a, e: close_to(a, 0.7, 0.011), "0.7 is p_o, the observed agreement; now subtract chance agreement and divide by (1 − p_e)."),
                        (lambda a, e: close_to(a, 0.5, 0.011), "0.5 is p_e, the chance agreement; kappa = (p_o − p_e) / (1 − p_e)."),
                        (lambda a, e: close_to(a, 0.2, 0.011), "You have p_o − p_e; divide by (1 − p_e).")],
                 fallback_hint="p_o = diagonal / n; p_e = Σ (row total / n) × (column total / n); kappa = (p_o − p_e) / (1 − p_e)."),
        Question("q6", "theme_vs_supports", "choice", choices=["A", "B", "C", "D"], expected=lambda: "C",
                 hints=[(lambda a, e: a == "A", "On theme, chance agreement is low (about 0.10 in the table above) but not zero, "
                                                 "and kappa on theme is not equal to agreement on theme: compare the two columns."),
                        (lambda a, e: a == "B", "Both codings used the same 60 passages (`both` holds one row per passage)."),
                        (lambda a, e: a == "D", "The second coder coded blind, without any of the course's codes.")],
                 fallback_hint="Which code asks the coder what a passage is *about*, and which asks what it is *consistent with*?"),
        Question("q7", "driver_agreement", "number", tolerance=0.011, expected=lambda: _study_agreement("driver"),
                 hints=[(lambda a, e: a >= 2 and close_to(a, _study_matches("driver"), 0.5),
                         "That is the number of passages on which the coders agree (a sum); the question asks for the share: "
                         "take `.mean()` of the True/False column instead of `.sum()`."),
                        (lambda a, e: 1 < a <= 100, "That looks like a percentage; give a fraction between 0 and 1."),
                        (lambda a, e: close_to(a, _study_kappa("driver"), 0.011), "That is kappa on driver; the question asks for the plain share of agreement."),
                        (lambda a, e: close_to(a, _study_agreement("tie"), 0.011), "That is agreement on tie (the example above); compare the two driver columns."),
                        (lambda a, e: close_to(a, round(1 - _study_agreement("driver"), 2), 0.011),
                         "That is the share on which they disagree: compare with `==`, not `!=`.")],
                 fallback_hint="Compare `study[\"driver_course\"]` with `study[\"driver_second\"]` using `==`, take `.mean()` "
                               "and round to 2 decimals, as the cell above does for tie."),
        Question("q8", "selection_share", "number", tolerance=0.011, expected=_selection_share,
                 hints=[(lambda a, e: _is_share(a, _selection()[2], _selection()[3]),
                         "That counts all the uncoded sentences, the repeats too; a repeated claim was coded elsewhere, so it "
                         "is not missing. Keep only the sentences whose `course_reason` is not 'repeats'."),
                        (lambda a, e: _is_share(a, _selection()[0], _selection()[3]),
                         "You divided by all the uncoded sentences; divide by the sentences that are not repeats (take the "
                         "mean over those rows only)."),
                        (lambda a, e: a >= 1 and float(a).is_integer() and a in (_selection()[0], _selection()[2]),
                         "That is a number of sentences; the question asks for a share between 0 and 1 (use `.mean()`)."),
                        (lambda a, e: 1 < a <= 100, "That looks like a percentage; give a fraction between 0 and 1.")],
                 fallback_hint="Filter `sel` to the rows whose `course_reason` is not \"repeats\", compare `claim_bearing` with "
                               "\"yes\", take `.mean()` and round to 2 decimals."),
        Question("q9", "what_kappa_misses", "choice", choices=["A", "B", "C", "D"], expected=lambda: "B",
                 hints=[(lambda a, e: a == "A", "Carelessness makes coders disagree, which lowers kappa; and both coders here "
                                                 "agreed on the code that codebook 2 later changed."),
                        (lambda a, e: a == "C", "Chance correction lowers kappa when one code dominates; it cannot make two "
                                                 "coders agree on a code, and agreement says nothing about whether the code is right."),
                        (lambda a, e: a == "D", "Codebook 2's kappa on tie (section 6) is higher, not lower; and changing a code "
                                                 "is a question of what the code means, not of how reliably it is applied.")],
                 fallback_hint="Ask what kappa compares: two coders with each other, or the codes with what the words mean?"),
        Question("q10", "reliability_argument", "prose", min_words=50),
    ]
