"""Build, edit and test an ACH matrix from the course's evidence (Heuer 1999, ch. 8, steps 3-6).

:mod:`aon.ach` holds Heuer's two measures (diagnosticity, inconsistency scores); this module builds the
matrix from the evidence table by a stated rule, lets a student change it and checks the changes, and
asks how sensitive the result is.

The three hypotheses
--------------------
- **H1 alliance**: a formal or de facto commitment to military cooperation against shared threats.
  ATOP and Correlates of War define *formal* alliances only (written agreements); "or de facto" is the
  course's own extension, so that cooperation without a treaty can count.
- **H2 partnership of necessity**: a partnership of convenience driven by circumstance, without commitment
  (Bobo Lo's "axis of convenience").
- **H3 asymmetric dependence**: Russia as the junior partner, bound to China by its need (a reading
  students meet in Blank 2016, Baev and the bear-dragon piece).

The default rule (:func:`default_rating`)
-----------------------------------------
- H1: ``C`` if the row is coded ``supports == "alliance"``, ``I`` if ``"necessity"``, ``N`` if ``"ambiguous"``.
- H2: the mirror image: ``C`` for necessity, ``I`` for alliance, ``N`` for ambiguous.
- H3: ``C`` if the row's theme is ``asymmetry_status`` or its claim speaks of asymmetry or dependence
  (:data:`ASYMMETRY_WORDS`); ``I`` if it is coded alliance in arms, technology or nuclear matters
  (:data:`H3_AGAINST_THEMES`), on the argument that China seeking what Russia alone supplies cuts against
  one-way dependence; otherwise ``N``.

Its limits: ``supports`` has one code per side of the course's question (alliance, necessity, plus
ambiguous) and none for H3, so H1 and H2 are mirror images and H3 is rated by keywords in our paraphrase (``claim``), which miss synonyms and catch
words used in other senses (e.g. China *avoiding* dependence). H3 is mostly ``N``: few rows test it
at all, so a low inconsistency score for H3 partly means "rarely tested". The rule is a starting point
that students are expected to change.

>>> import pandas as pd
>>> m = pd.DataFrame({"H1": ["C", "I", "C"], "H2": ["I", "C", "C"]}, index=["e1", "e2", "e3"])
>>> ranking(m)["inconsistent"].tolist()
[1, 1]
"""
from __future__ import annotations

import math
import re

import pandas as pd

from .ach import RATINGS, cells, diagnosticity, inconsistency_scores, validate_matrix
from .errors import CourseError, did_you_mean

#: The hypotheses, by code, with their short names.
HYPOTHESES: dict[str, str] = {
    "H1": "alliance",
    "H2": "partnership of necessity",
    "H3": "asymmetric dependence (Russia junior)",
}

#: Words in a claim that mark evidence of asymmetry or Russian dependence (for H3; case-insensitive).
ASYMMETRY_WORDS = r"asymmetr|depend|junior|subordinat|big brother|vassal|leverage"

#: Themes where an alliance-coded row counts against H3 (China seeks what Russia supplies).
H3_AGAINST_THEMES = ("arms_trade", "technology_space", "nuclear_strategic")


def default_rating(row: pd.Series | dict) -> dict[str, str]:
    """Rate one evidence row against H1, H2, H3 by the module's stated rule; return ``{"H1": .., "H2": .., "H3": ..}``."""
    supports, theme, claim = row["supports"], row["theme"], str(row["claim"])
    h1 = {"alliance": "C", "necessity": "I"}.get(supports, "N")
    h2 = {"alliance": "I", "necessity": "C"}.get(supports, "N")
    if theme == "asymmetry_status" or re.search(ASYMMETRY_WORDS, claim, flags=re.IGNORECASE):
        h3 = "C"
    elif supports == "alliance" and theme in H3_AGAINST_THEMES:
        h3 = "I"
    else:
        h3 = "N"
    return {"H1": h1, "H2": h2, "H3": h3}


def build_matrix(evidence: pd.DataFrame) -> pd.DataFrame:
    """Return the hypotheses x evidence matrix by :func:`default_rating`: index ``evidence_id``, columns H1-H3."""
    ratings = [default_rating(row) for _, row in evidence.iterrows()]
    matrix = pd.DataFrame(ratings, index=pd.Index(evidence["evidence_id"], name="evidence_id"),
                          columns=list(HYPOTHESES))
    return matrix.astype(object)


def rating_counts(matrix: pd.DataFrame) -> pd.DataFrame:
    """Count C, I and N per hypothesis (hypotheses as rows)."""
    cleaned = validate_matrix(matrix)
    counts = cleaned.apply(lambda column: column.value_counts()).reindex(list(RATINGS)).fillna(0).astype(int)
    return counts.T


def ranking(matrix: pd.DataFrame) -> pd.DataFrame:
    """Rank the hypotheses by inconsistency score (fewest ``I`` first; Heuer step 5). Ties share a rank."""
    scores = inconsistency_scores(matrix)
    table = scores.to_frame()
    table["rank"] = scores.rank(method="min").astype(int)
    return table.sort_values(["rank"], kind="stable")


def leaders(matrix: pd.DataFrame) -> list[str]:
    """Return the hypothesis or hypotheses with the fewest inconsistencies (several if tied)."""
    scores = inconsistency_scores(matrix)
    return scores[scores == scores.min()].index.tolist()


def non_diagnostic(matrix: pd.DataFrame) -> list[str]:
    """Return the evidence ids rated the same under every hypothesis (Heuer step 4: they help judge none)."""
    flags = diagnosticity(matrix)
    return flags[~flags].index.tolist()


def separating_items(matrix: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The items that tell hypotheses ``a`` and ``b`` apart: rated ``I`` for one and not for the other.

    Returns the rows with a column ``against`` naming the hypothesis the item counts against.
    """
    cleaned = validate_matrix(matrix)
    for h in (a, b):
        if h not in cleaned.columns:
            raise CourseError(f"Hypothesis '{h}' is not a column of the matrix.{did_you_mean(h, cleaned.columns)} "
                              f"Columns: {', '.join(map(str, cleaned.columns))}.")
    against_a = (cleaned[a] == "I") & (cleaned[b] != "I")
    against_b = (cleaned[b] == "I") & (cleaned[a] != "I")
    rows = cleaned[against_a | against_b].copy()
    rows["against"] = [a if against_a[i] else b for i in rows.index]
    return rows


def rerates_to_tie(matrix: pd.DataFrame, leader: str, challenger: str) -> int:
    """Fewest evidence rows whose re-rating would bring ``challenger`` level with ``leader`` (0 if already level or ahead).

    Re-rating one row can lower the challenger's score by one (its ``I`` becomes ``C`` or ``N``) and raise the
    leader's by one (a ``C`` or ``N`` becomes ``I``), so one row closes the gap by two at most. Rows rated ``I``
    for the challenger and not for the leader do that, and there are always at least as many of them as the
    gap, so the answer is the gap divided by two, rounded up.
    """
    scores = inconsistency_scores(matrix)
    gap = int(scores[challenger] - scores[leader])
    return max(0, math.ceil(gap / 2))


def sensitivity(matrix: pd.DataFrame) -> pd.DataFrame:
    """Heuer step 6: how far is the leader from each other hypothesis, and how few re-ratings would close the gap?

    One row per other hypothesis: its score, the gap to the leader, the number of items that separate them
    (each way) and :func:`rerates_to_tie`. With a tie for the lead, the first leader (column order) is used.
    """
    scores = inconsistency_scores(matrix)
    leader = leaders(matrix)[0]
    rows = []
    for h in scores.index:
        if h == leader:
            continue
        items = separating_items(matrix, leader, h)
        rows.append({"hypothesis": h, "leader": leader, "inconsistent": int(scores[h]),
                     "gap": int(scores[h] - scores[leader]),
                     "items_against_it_not_leader": int((items["against"] == h).sum()),
                     "items_against_leader_not_it": int((items["against"] == leader).sum()),
                     "rerates_to_tie": rerates_to_tie(matrix, leader, h)})
    return pd.DataFrame(rows).set_index("hypothesis")


def leave_one_out(matrix: pd.DataFrame, evidence: pd.DataFrame, by: str = "article_id") -> pd.DataFrame:
    """Re-score the matrix leaving out each group of evidence in turn (by default each article's rows).

    Rows: the group left out; columns: the inconsistency score of each hypothesis without it, the number of
    items left, and the leader(s). Does the conclusion hang on one author?
    """
    groups = evidence.set_index("evidence_id")[by].reindex(matrix.index)
    rows = []
    for value in pd.unique(groups.dropna()):
        kept = matrix[groups != value]
        scores = inconsistency_scores(kept) if len(kept) else pd.Series(0, index=matrix.columns)
        row = {f"left out ({by})": value, **scores.to_dict(), "items": len(kept),
               "leader": " = ".join(scores[scores == scores.min()].index)}
        rows.append(row)
    return pd.DataFrame(rows).set_index(f"left out ({by})")


# ---------------------------------------------------------------- editing

#: The name advice uses for the student's matrix when :func:`review_edits` cannot tell which variable it is.
DEFAULT_MATRIX_NAME = "my_matrix"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _caller_variable(obj: object, depth: int = 2) -> str | None:
    """Return the name of a variable in the calling code bound to ``obj`` (None if there is none, or several)."""
    import inspect

    frame = inspect.currentframe()
    try:
        for _ in range(depth):
            frame = frame.f_back if frame is not None else None
        if frame is None:
            return None
        names = [n for n, v in {**frame.f_globals, **frame.f_locals}.items() if v is obj and not n.startswith("_")]
        return names[0] if len(names) == 1 else None
    finally:
        del frame


def edit_problems(edited: pd.DataFrame, original: pd.DataFrame, name: str = DEFAULT_MATRIX_NAME) -> list[str]:
    """Return every problem with an edited matrix, one friendly message each (an empty list if it is valid).

    Problems: a row id that is not an evidence id (``.loc`` with a mistyped id adds a new row), a column that
    is not a hypothesis, a missing row or column, and any rating other than C, I or N. Ratings written in lower
    case or with spaces (``"c"``, ``" I"``) are *not* problems: :func:`validate_edits` normalises them and
    :func:`review_edits` says which cells it normalised. ``name`` is the student's variable, used in the advice.
    """
    if not isinstance(edited, pd.DataFrame):
        return [f"The matrix should be a pandas DataFrame, not {type(edited).__name__}. "
                f"Start again from a copy: `{name} = matrix.copy()`."]
    problems: list[str] = []
    known_rows, known_cols = list(original.index), list(original.columns)
    row_set, col_set = set(known_rows), set(known_cols)
    for bad in [r for r in edited.index if r not in row_set]:
        problems.append(f"Row '{bad}' is not an evidence id in the matrix.{did_you_mean(str(bad), map(str, known_rows))} "
                        "Writing to a mistyped id with .loc adds a new row: remove it with "
                        f"`{name} = {name}.drop(index='{bad}')` and edit the right id.")
    for bad in [c for c in edited.columns if c not in col_set]:
        problems.append(f"Column '{bad}' is not a hypothesis.{did_you_mean(str(bad), map(str, known_cols))} "
                        f"The hypotheses are {', '.join(map(str, known_cols))}; remove the new column with "
                        f"`{name} = {name}.drop(columns='{bad}')`.")
    if edited.index.has_duplicates:
        dupes = sorted(set(map(str, edited.index[edited.index.duplicated()])))
        problems.append(f"Evidence id(s) {', '.join(dupes)} appear more than once: keep one row per id "
                        f"(start again from `{name} = matrix.copy()` if in doubt).")
    edited_cols, edited_rows = set(edited.columns), set(edited.index)
    for col in [c for c in known_cols if c not in edited_cols]:
        problems.append(f"Hypothesis column '{col}' is missing. Keep every hypothesis; rate an item N "
                        "rather than deleting a column.")
    missing_rows = [r for r in known_rows if r not in edited_rows]
    if missing_rows:
        problems.append(f"{len(missing_rows)} evidence row(s) are missing: {', '.join(map(str, missing_rows[:5]))}"
                        f"{', …' if len(missing_rows) > 5 else ''}. To set an item aside, rate it N under every "
                        "hypothesis instead of deleting it.")
    if edited.index.has_duplicates:
        return problems
    for row, col, value in cells(edited):
        if row not in row_set or col not in col_set or (isinstance(value, str) and value.strip().upper() in RATINGS):
            continue
        shown = "an empty cell" if _is_blank(value) else repr(value)
        problems.append(f"Evidence '{row}' under {col} is {shown}: use \"C\" (consistent), \"I\" (inconsistent) "
                        f"or \"N\" (neutral), e.g. `{name}.loc[\"{row}\", \"{col}\"] = \"N\"`.")
    return problems


def normalised_cells(edited: pd.DataFrame) -> pd.DataFrame:
    """List the cells whose rating is valid only after normalising (``"c"`` → ``"C"``, ``" I"`` → ``"I"``).

    Columns: evidence_id, hypothesis, written (as typed), read_as (the rating the course uses).
    """
    rows = [{"evidence_id": row, "hypothesis": col, "written": value, "read_as": value.strip().upper()}
            for row, col, value in cells(edited)
            if isinstance(value, str) and value != value.strip().upper() and value.strip().upper() in RATINGS]
    return pd.DataFrame(rows, columns=["evidence_id", "hypothesis", "written", "read_as"])


def validate_edits(edited: pd.DataFrame, original: pd.DataFrame, name: str = DEFAULT_MATRIX_NAME) -> pd.DataFrame:
    """Check a student's edited matrix against the one it was copied from; return a cleaned copy (C/I/N upper-case).

    Raises :class:`~aon.errors.CourseError` listing *every* problem :func:`edit_problems` finds, at once.
    Lower-case ratings and stray spaces are normalised (``" i "`` is read as ``"I"``), not rejected.
    The student's own DataFrame is never modified.
    """
    problems = edit_problems(edited, original, name)
    if problems:
        head = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise CourseError(f"{head} in `{name}`:\n" + "\n".join(f"- {p}" for p in problems))
    return validate_matrix(edited.loc[list(original.index), list(original.columns)].copy())


def changes(edited: pd.DataFrame, original: pd.DataFrame) -> pd.DataFrame:
    """List the cells a student changed: evidence_id, hypothesis, was, now (after :func:`validate_edits`)."""
    cleaned = validate_edits(edited, original)
    base = validate_matrix(original)
    rows = [{"evidence_id": r, "hypothesis": c, "was": was, "now": now}
            for (r, c, was), (_, _, now) in zip(cells(base), cells(cleaned.loc[base.index, base.columns]), strict=True)
            if was != now]
    return pd.DataFrame(rows, columns=["evidence_id", "hypothesis", "was", "now"])


def _normalised_note(edited: pd.DataFrame, original: pd.DataFrame) -> str:
    """Say which ratings are read as capitals (only cells of known rows and columns), or "" if none."""
    if not isinstance(edited, pd.DataFrame) or edited.index.has_duplicates:
        return ""
    known_rows, known_cols = set(original.index), set(original.columns)
    rows = [r for r in edited.index if r in known_rows]
    cols = [c for c in edited.columns if c in known_cols]
    normalised = normalised_cells(edited.loc[rows, cols])
    if normalised.empty:
        return ""
    listed = ", ".join(f"{r.evidence_id} {r.hypothesis} {r.written!r} as {r.read_as!r}" for r in normalised.itertuples())
    return f"{len(normalised)} rating(s) written in lower case or with spaces are read as capitals: {listed}"


def _same_matrix(a: object, b: object) -> bool:
    """True if ``a`` and ``b`` are DataFrames with the same rows, columns and ratings (cell by cell, as written)."""
    if not isinstance(a, pd.DataFrame) or not isinstance(b, pd.DataFrame):
        return False
    if list(a.index) != list(b.index) or list(a.columns) != list(b.columns):
        return False
    return all(x == y for (_, _, x), (_, _, y) in zip(cells(a), cells(b), strict=True))


def _course_matrix() -> pd.DataFrame | None:
    """The course's default matrix, built from the shipped evidence table (None if it cannot be loaded)."""
    try:
        from .evidence import load_evidence

        return build_matrix(load_evidence())
    except Exception:  # noqa: BLE001 - without the data there is nothing to compare with
        return None


def swapped_arguments(edited: object, original: object) -> bool:
    """True if the two matrices look passed the wrong way round to :func:`review_edits`.

    That is: ``edited`` (which should be the student's matrix) is exactly the course's default matrix,
    built by :func:`build_matrix` from the shipped evidence, while ``original`` (which should be that
    default matrix) is a different matrix.
    """
    if not isinstance(edited, pd.DataFrame) or not isinstance(original, pd.DataFrame):
        return False
    default = _course_matrix()
    return default is not None and _same_matrix(edited, default) and not _same_matrix(original, default)


def review_edits(edited: pd.DataFrame, original: pd.DataFrame, name: str | None = None) -> pd.DataFrame:
    """Check an edited matrix and print what changed and whether the ranking moved.

    Your matrix comes first, the course's matrix second. Safe to use as ``mine = review_edits(mine, matrix)``:

    - if the edits are valid, returns a cleaned copy (ratings upper-cased), and says which cells it normalised
      (``"c"`` read as ``"C"``);
    - if not, prints every problem at once, with what to fix, and returns ``edited`` **unchanged**, so
      the student's work is never lost.

    It raises a :class:`~aon.errors.CourseError` in one case only: when the two matrices look swapped
    (:func:`swapped_arguments`: the first is the course's default matrix and the second is not). Going on
    would report the changes backwards and hand back the default matrix, so that
    ``mine = review_edits(matrix, mine)`` would replace your edits with it; the error stops the cell first,
    so ``mine`` is kept as it is.

    ``name`` is the student's variable, used in the advice; by default it is looked up in the calling
    code (``mine`` in the example above), or ``my_matrix`` if it cannot be told.
    """
    if swapped_arguments(edited, original):
        first = _caller_variable(edited) or "the first matrix"
        second = _caller_variable(original) or "the second matrix"
        raise CourseError(f"The first matrix (`{first}`) is exactly the course's default matrix and the second "
                          f"(`{second}`) is not. Either the two are the wrong way round, so put your matrix first and "
                          f"the course's second, as in `mine = review_edits(mine, matrix)`; or you edited the course's "
                          f"matrix itself instead of your copy, so rebuild it with `matrix = build_matrix(ev)` and make "
                          f"your edits to your copy. Nothing was checked or changed, and both are kept as they are.")
    name = name or _caller_variable(edited) or DEFAULT_MATRIX_NAME
    problems = edit_problems(edited, original, name)
    if problems:
        head = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        print(f"⚠️ {head} in `{name}`; nothing was scored, and `{name}` is kept as it is, so fix these and run the cell again:")
        for problem in problems:
            print(f"- {problem}")
        note = _normalised_note(edited, original)
        if note:
            print(f"(Not a problem: {note}.)")
        return edited
    cleaned = validate_edits(edited, original, name)
    note = _normalised_note(edited, original)
    if note:
        print(f"Note: {note}.")
    diff = changes(cleaned, original)
    if diff.empty:
        print("No cells changed yet: the matrix is the same as the default one.")
        return cleaned
    before, after = leaders(original), leaders(cleaned)
    print(f"{len(diff)} cell(s) changed in {diff['evidence_id'].nunique()} item(s).")
    print("Inconsistencies before: " + ", ".join(f"{h} {n}" for h, n in inconsistency_scores(original).items())
          + "; after: " + ", ".join(f"{h} {n}" for h, n in inconsistency_scores(cleaned).items()) + ".")
    print("Fewest inconsistencies before: " + " = ".join(before) + "; after: " + " = ".join(after)
          + (" (unchanged)." if before == after else " (changed)."))
    return cleaned
