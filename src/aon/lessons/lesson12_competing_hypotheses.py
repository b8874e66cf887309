"""Build, edit and test an ACH matrix from the course's evidence (Heuer 1999, ch. 8, steps 3-6).

:mod:`aon.ach` holds Heuer's two measures (diagnosticity, inconsistency scores); this module builds the
matrix from the evidence table by a stated rule, lets a student change it and checks the changes, and
asks how sensitive the result is: to a few items, to one reading, to which readings were chosen, and to
the kind of evidence.

The three hypotheses (``data/codebook.md`` section 6; :data:`aon.codebook.HYPOTHESES`)
-------------------------------------------------------------------------------------
- **H1 alliance**: a commitment to military cooperation, formal or de facto. ATOP and Correlates of War
  count *formal* (written) alliances only; "or de facto" is the codebook's extension.
- **H2 alignment short of alliance** (``qualified``): security cooperation and mutual support without
  obligation (Snyder's alignment; codebook section 4, tie level ``alignment``).
- **H3 partnership of necessity**: cooperation that stops short of security commitment (Bobo Lo's
  "axis of convenience"; tie levels ``partnership`` and ``distance``).

The default rule (:func:`default_rating`)
-----------------------------------------
Each item is rated by its ``tie`` alone, from the one table :data:`aon.codebook.CONSISTENCY`
(codebook sections 4 and 6):

==============  ==========  ===========  ==========
tie             H1          H2           H3
==============  ==========  ===========  ==========
alliance        C           I            I
alignment       C           C            I
partnership     I           N            C
distance        I           I            C
(not shown)     N           N            N
==============  ==========  ===========  ==========

The ``driver`` (codebook section 5: what brings the two together) never enters the rating. A tie driven
by a shared threat or by asymmetry is *not* evidence against H1: a shared threat is the standard cause of
alliances (Walt 1987) and asymmetric alliances are a standard type (Morrow 1991). Only the level of the tie
the evidence shows counts.

Items: one per distinct event or claim (:func:`items`)
------------------------------------------------------
By default an item is a distinct event or claim *within one reading* (:func:`aon.codebook.distinct_units`
with ``per_reading=True``): RUSI's ten rows on the joint statement of 4 February 2022 are one item,
so an event reported in many rows does not weigh many times. Two readings that report the same event
still give two items, because each reads it (and may rate its tie) in its own way, and because a
leave-one-reading-out test needs each item to belong to one reading. ``per="unit_overall"`` counts each
event once in the whole table (an item then carries the reading of its first row); ``per="row"`` gives
the old one-item-per-row matrix, to compare. An item's tie is its rows' tie if they agree, else the lower
median of their levels (codebook section 3). Items are labelled by their first evidence id.

Its limits
----------
- H2 sits in the middle of the scale, so it is inconsistent with both ends (``alliance`` and ``distance``)
  while each end is inconsistent only with the far side: with three hypotheses over four levels, the
  middle one collects inconsistencies from two directions. ``partnership`` is N for H2 (it neither
  contradicts nor shows alignment).
- The rating sees only the tie level the coders gave. It cannot weigh one item above another (a treaty
  article and an aside count alike), and it reads an author's judgement like an event: filter by
  ``evidence_type`` (:func:`by_evidence_kind`) to weigh events and documents on their own, as Heuer's
  stress on diagnostic evidence suggests.
- A ranking depends on which readings were chosen. Four of the five readings the course ships are sceptical of alliance;
  only Blank (2016) argues for one. :func:`reading_subsets` shows how much of a ranking that choice makes.
- Counts are not weights: the rule is a starting point that students are expected to change.

>>> import pandas as pd
>>> m = pd.DataFrame({"H1": ["C", "I", "C"], "H2": ["I", "C", "C"]}, index=["e1", "e2", "e3"])
>>> ranking(m)["inconsistent"].tolist()
[1, 1]
>>> default_rating({"tie": "alignment", "driver": "shared_threat"})
{'H1': 'C', 'H2': 'C', 'H3': 'I'}
"""
from __future__ import annotations

import inspect
import itertools
import math

import pandas as pd

from .. import codebook
from ..ach import RATINGS, cells, diagnosticity, inconsistency_scores, validate_matrix
from ..checks import Question
from ..errors import CourseError, did_you_mean
from ..evidence import load_evidence
from .common import any_case_ids, evidence_id_any_case, evidence_rows

#: The H-codes students type, and the codebook's name of each hypothesis (:data:`aon.codebook.HYPOTHESES`).
CODES: dict[str, str] = {"H1": "alliance", "H2": "qualified", "H3": "necessity"}

#: The hypotheses, by code, with their definitions from the codebook.
HYPOTHESES: dict[str, str] = {h: codebook.HYPOTHESES[name] for h, name in CODES.items()}

#: The ways to count items: per distinct event/claim in each reading (default), per distinct event/claim
#: in the whole table, or per evidence row.
PER = ("unit", "unit_overall", "row")

#: Evidence types grouped by kind: what happened or was said on the record, and the authors' own views.
EVIDENCE_KINDS: dict[str, tuple[str, ...]] = {
    "events and documents": ("event", "statement", "statistic"),
    "judgements and forecasts": ("judgement", "forecast"),
}


def default_rating(row: pd.Series | dict) -> dict[str, str]:
    """Rate one evidence item against H1, H2, H3 from its ``tie`` alone; return ``{"H1": .., "H2": .., "H3": ..}``.

    The ratings come from :data:`aon.codebook.CONSISTENCY`; the driver is never read.
    """
    tie = row.get("tie") if isinstance(row, dict) else row["tie"]
    return {h: codebook.consistency(tie, name) for h, name in CODES.items()}


def _check_per(per: str) -> None:
    if per not in PER:
        raise CourseError(f"per is one of {', '.join(map(repr, PER))}, not {per!r}. "
                          "'unit' (the default) counts each distinct event or claim once in each reading.")


def items(evidence: pd.DataFrame, per: str = "unit") -> pd.DataFrame:
    """Return the matrix's items, one row each, indexed by ``item`` (the first evidence id of the item).

    Columns: article_id (the reading; for ``per="unit_overall"`` the reading of the first row), unit (the
    event or claim key), tie, rows (how many evidence rows the item stands for) and evidence_ids.
    ``per`` is ``"unit"`` (default: one item per distinct event/claim in each reading), ``"unit_overall"``
    (once in the whole table) or ``"row"`` (one item per evidence row).
    """
    _check_per(per)
    if per == "row":
        table = codebook.with_units(evidence)
        out = pd.DataFrame({"article_id": table["article_id"].to_numpy(), "unit": table["unit"].to_numpy(),
                            "tie": table["tie"].to_numpy(), "rows": 1, "evidence_ids": table["evidence_id"].to_numpy()},
                           index=pd.Index(table["evidence_id"], name="item"))
        return out
    units = codebook.distinct_units(evidence, per_reading=per == "unit")
    columns = ["article_id", "unit", "tie", "rows", "evidence_ids"]
    if units.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="item"))
    first = units["evidence_ids"].str.split(";").str[0]
    if "article_id" not in units.columns:
        units["article_id"] = first.map(evidence.set_index("evidence_id")["article_id"])
    out = units[columns].copy()
    out.index = pd.Index(first, name="item")
    return out


def item_of(evidence: pd.DataFrame, per: str = "unit") -> pd.Series:
    """Map every evidence id to the item that stands for it (its own id for ``per="row"``)."""
    table = items(evidence, per)
    pairs = [(eid, item) for item, ids in table["evidence_ids"].items() for eid in str(ids).split(";")]
    return pd.Series(dict(pairs), name="item")


def build_matrix(evidence: pd.DataFrame, per: str = "unit") -> pd.DataFrame:
    """Return the items x hypotheses matrix by :func:`default_rating` (columns H1-H3).

    One item per distinct event or claim in each reading by default; ``per="row"`` for one per evidence row,
    ``per="unit_overall"`` for one per event or claim in the whole table (see :func:`items`).
    Filter the evidence first to build the matrix of a selection: ``build_matrix(ev[ev["theme"] == "energy"])``.
    """
    table = items(evidence, per)
    ratings = [default_rating({"tie": tie}) for tie in table["tie"]]
    matrix = pd.DataFrame(ratings, index=table.index, columns=list(HYPOTHESES))
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
        items_ = separating_items(matrix, leader, h)
        rows.append({"hypothesis": h, "leader": leader, "inconsistent": int(scores[h]),
                     "gap": int(scores[h] - scores[leader]),
                     "items_against_it_not_leader": int((items_["against"] == h).sum()),
                     "items_against_leader_not_it": int((items_["against"] == leader).sum()),
                     "rerates_to_tie": rerates_to_tie(matrix, leader, h)})
    return pd.DataFrame(rows).set_index("hypothesis")


def leave_one_out(matrix: pd.DataFrame, evidence: pd.DataFrame, by: str = "article_id") -> pd.DataFrame:
    """Re-score the matrix leaving out each group of evidence in turn (by default each article's items).

    Rows: the group left out; columns: the inconsistency score of each hypothesis without it, the number of
    items left, and the leader(s). Does the conclusion hang on one author? An item belongs to the group of
    its first evidence row (its label).
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


# ---------------------------------------------------------------- selections: which evidence was chosen

def _score_row(evidence: pd.DataFrame, per: str) -> dict[str, object]:
    """Inconsistency scores, number of items and leader(s) of the default matrix built from ``evidence``."""
    if evidence.empty:
        return {**{h: 0 for h in HYPOTHESES}, "items": 0, "leader": "(no items)"}
    matrix = build_matrix(evidence, per)
    scores = inconsistency_scores(matrix)
    return {**{h: int(n) for h, n in scores.items()}, "items": len(matrix),
            "leader": " = ".join(scores[scores == scores.min()].index)}


def compare_selections(evidence: pd.DataFrame, selections: dict[str, pd.DataFrame], per: str = "unit") -> pd.DataFrame:
    """Score the default matrix of each selection of evidence: one row per selection.

    ``selections`` maps a name to a filtered copy of the evidence, e.g.
    ``{"all": ev, "Blank only": ev[ev["article_id"] == "blank-2016"]}``. Columns: H1, H2, H3 (inconsistent
    items), items, leader. ``evidence`` is the full table, used to check that each selection is part of it.
    """
    _check_per(per)
    known = set(evidence["evidence_id"])
    rows = []
    for name, chosen in selections.items():
        if not isinstance(chosen, pd.DataFrame) or "evidence_id" not in chosen.columns:
            raise CourseError(f"Selection '{name}' should be rows of the evidence table (a DataFrame filtered from `ev`), "
                              f"not {type(chosen).__name__}.")
        unknown = sorted(set(chosen["evidence_id"]) - known)
        if unknown:
            raise CourseError(f"Selection '{name}' has rows that are not in the evidence table: {', '.join(unknown[:3])}.")
        rows.append({"selection": name, **_score_row(chosen, per)})
    return pd.DataFrame(rows).set_index("selection")


def per_row_and_unit(evidence: pd.DataFrame) -> pd.DataFrame:
    """Inconsistency scores counted three ways: per evidence row, per event/claim in each reading, per event/claim overall."""
    labels = {"row": "per row", "unit": "per event/claim (in each reading)", "unit_overall": "per event/claim (overall)"}
    rows = [{"counted": labels[per], **_score_row(evidence, per)} for per in ("row", "unit", "unit_overall")]
    return pd.DataFrame(rows).set_index("counted")


def reading_subsets(evidence: pd.DataFrame, per: str = "unit", sizes: list[int] | None = None) -> pd.DataFrame:
    """Score the default matrix for every combination of readings (or only combinations of the given ``sizes``).

    One row per combination: the readings kept, how many, the scores, items and leader(s). It shows how much
    of a ranking comes from which readings were chosen.
    """
    _check_per(per)
    readings = list(pd.unique(evidence["article_id"]))
    sizes = sizes or list(range(1, len(readings) + 1))
    rows = []
    for size in sizes:
        for chosen in itertools.combinations(readings, size):
            kept = evidence[evidence["article_id"].isin(chosen)]
            rows.append({"readings": " + ".join(chosen), "n_readings": size, **_score_row(kept, per)})
    return pd.DataFrame(rows)


def each_reading(evidence: pd.DataFrame, per: str = "unit") -> pd.DataFrame:
    """Scores of each reading alone and of all readings but one: the two ends of :func:`reading_subsets`."""
    readings = list(pd.unique(evidence["article_id"]))
    selections = {f"{r} alone": evidence[evidence["article_id"] == r] for r in readings}
    selections.update({f"all but {r}": evidence[evidence["article_id"] != r] for r in readings})
    selections["all readings"] = evidence
    return compare_selections(evidence, selections, per)


def by_evidence_kind(evidence: pd.DataFrame, per: str = "unit") -> pd.DataFrame:
    """Scores for all evidence, for events and documents only, for judgements and forecasts only, and per type."""
    selections = {"all evidence": evidence}
    selections.update({kind: evidence[evidence["evidence_type"].isin(types)] for kind, types in EVIDENCE_KINDS.items()})
    selections.update({f"{t} only": evidence[evidence["evidence_type"] == t]
                       for t in pd.unique(evidence["evidence_type"])})
    return compare_selections(evidence, selections, per)


# ---------------------------------------------------------------- editing

#: The name advice uses for the student's matrix when :func:`review_edits` cannot tell which variable it is.
DEFAULT_MATRIX_NAME = "my_matrix"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _caller_variable(obj: object, depth: int = 2) -> str | None:
    """Return the name of a variable in the calling code bound to ``obj`` (None if there is none, or several)."""
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


def _item_of_course_rows() -> dict[str, str]:
    """Map each evidence id of the shipped table to its item in the default matrix ({} if it cannot be loaded)."""
    try:
        return item_of(load_evidence()).to_dict()
    except Exception:  # noqa: BLE001 - without the data, mistyped ids are reported without this hint
        return {}


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
    part_of = _item_of_course_rows()
    for bad in [r for r in edited.index if r not in row_set]:
        item = part_of.get(str(bad))
        if item is not None and item in row_set:
            problems.append(f"Row '{bad}' is an evidence row, but the matrix has one item per event or claim, and "
                            f"'{bad}' is part of item '{item}'. Remove the new row with "
                            f"`{name} = {name}.drop(index='{bad}')` and edit `{name}.loc[\"{item}\", ...]` instead.")
            continue
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


# ================================================================ the lesson's questions
def _matrix(per: str = "unit"):
    return build_matrix(evidence_rows(), per=per)


def _scores(per: str = "unit"):
    return inconsistency_scores(_matrix(per))


def _n_non_diagnostic() -> int:
    return len(non_diagnostic(_matrix()))


def _n_empty_tie_rows() -> int:
    return int(evidence_rows()["tie"].isna().sum())


def _leaders() -> set[str]:
    return set(leaders(_matrix()))


def _gap(per: str = "unit") -> int:
    """The runner-up's inconsistency score minus the leader's."""
    ordered = sorted(_scores(per).tolist())
    return int(ordered[1] - ordered[0])


def _trailing_gap() -> int:
    """The gap between the two hypotheses behind the leader (a common slip: the wrong pair)."""
    ordered = sorted(_scores().tolist())
    return int(ordered[2] - ordered[1])


def _rerates_runner_up() -> int:
    return int(sensitivity(_matrix())["rerates_to_tie"].min())


def _separating_h1_h2() -> list[str]:
    """Every evidence id whose item separates H1 from H2 (any row of such an item is accepted)."""
    separating = set(separating_items(_matrix(), "H1", "H2").index)
    mapping = item_of(evidence_rows())
    return [eid for eid, item in mapping.items() if item in separating]


def _h1_h2_same(answer: str) -> bool:
    item = item_of(evidence_rows()).get(answer.strip().lower())
    matrix = _matrix()
    return item is not None and matrix.at[item, "H1"] == matrix.at[item, "H2"]


#: The evidence type of question 6, and the types a student might keep with it by mistake.
EVENT = "event"


def _events_only(types=(EVENT,), per: str = "unit"):
    ev = evidence_rows()
    return build_matrix(ev[ev["evidence_type"].isin(types)], per=per)


def _events_against_h3() -> int:
    return int((_events_only() == "I").sum()["H3"])


def _events_slip(answer: int) -> str | None:
    """Name the slip behind a wrong count of I's under H3 in the events-only matrix (None if none fits).

    One of "empty" (a filter that kept no rows), "full" (the full matrix), "documents" (statements and statistics kept
    too), "rows" (per row), "C" or "N" (the wrong rating counted), "H1" or "H2" (the wrong column).
    """
    right = _events_against_h3()
    if answer == right:
        return None
    m = _events_only()
    candidates = [("empty", 0),
                  ("full", int((_matrix() == "I").sum()["H3"])),
                  ("documents", int((_events_only(EVIDENCE_KINDS["events and documents"]) == "I").sum()["H3"])),
                  ("rows", int((_events_only(per="row") == "I").sum()["H3"])),
                  ("C", int((m == "C").sum()["H3"])), ("N", int((m == "N").sum()["H3"])),
                  ("H1", int((m == "I").sum()["H1"])), ("H2", int((m == "I").sum()["H2"]))]
    return next((slip for slip, n in candidates if n == answer and n != right), None)


_EVENTS_HINTS = {
    "empty": "0: did your filter keep any rows? Look at `len(...)` of what you filtered, and at the exact spelling of "
             "the evidence type in the table.",
    "full": "That is the count in the full matrix: filter `ev` to the events first, then build the matrix from them.",
    "documents": "That matrix keeps statements and statistics too: the question asks for events only.",
    "rows": "That counts evidence rows. Build the matrix with the default (one item per event or claim in each reading).",
    "C": "That is the number of consistent (C) items under H3: count the cells equal to \"I\".",
    "N": "That is the number of neutral (N) items under H3: count the cells equal to \"I\".",
    "H1": "That is the count under another hypothesis: the question asks about H3.",
    "H2": "That is the count under another hypothesis: the question asks about H3.",
}


def _events_hints() -> list:
    return [((lambda a, e, slip=slip: _events_slip(a) == slip), message) for slip, message in _EVENTS_HINTS.items()]


def questions() -> list[Question]:
    """q1-q5 on the ACH matrix, its scores and its sensitivity; q6 a filter the student writes; q7 choice; q8 open (milestones)."""
    known = lambda: evidence_rows()["evidence_id"].tolist()  # noqa: E731
    hyp = lambda a: None if a.upper() in {"H1", "H2", "H3"} else "answer with a hypothesis code: \"H1\", \"H2\" or \"H3\" (capitals or not)."  # noqa: E731
    return [
        Question("q1", "n_non_diagnostic", "integer", expected=_n_non_diagnostic,
                 hints=[(lambda a, e: a == len(_matrix()) - e, "That is the number of *diagnostic* items; the question asks for those rated the same under every hypothesis."),
                        (lambda a, e: a == _n_empty_tie_rows() and a != e,
                         "That counts evidence *rows* with no tie level shown. The default matrix has one item per distinct event or claim in each reading: count its items."),
                        (lambda a, e: a == len(_matrix()),
                         "That is every item of the matrix; count only those whose three ratings are all the same.")],
                 fallback_hint="Count the items for which `diagnosticity(matrix)` is False."),
        Question("q2", "best_hypothesis", "text", expected=_leaders, validator=hyp,
                 hints=[(lambda a, e: True, "Heuer ranks the hypotheses by how much evidence is *inconsistent* with each (the "
                                            "fewest I's leads), not by how much fits: count the I's in each column, "
                                            "e.g. with `inconsistency_scores(matrix)`, and take the smallest.")]),
        Question("q3", "n_gap", "integer", expected=_gap,
                 hints=[(lambda a, e: a < 0, "Give the gap as a positive number: the runner-up's score minus the leader's."),
                        (lambda a, e: a == _gap("row") and a != e,
                         "That is the gap per evidence row. The default matrix counts each event or claim once per reading: use its scores."),
                        (lambda a, e: a == _trailing_gap() and a != e,
                         "That is the gap between the two hypotheses *behind* the leader; the question asks how far the second is behind the first.")],
                 fallback_hint="Subtract the leader's inconsistency score from the second-best hypothesis's score."),
        Question("q4", "n_rerates", "integer", expected=_rerates_runner_up,
                 hints=[(lambda a, e: a == _gap(), "That is the gap itself. One re-rated item can close the gap by two when it changes both columns."),
                        (lambda a, e: a == 1, "One item cannot close a gap that large: each re-rating moves the scores by at most two.")],
                 fallback_hint="Read the `rerates_to_tie` column of `sensitivity(matrix)` for the runner-up."),
        Question("q5", "h1_h2_item", "evidence_id", expected=any_case_ids(_separating_h1_h2), validator=evidence_id_any_case(known),
                 hints=[(lambda a, e: _h1_h2_same(a),
                         "That item is rated the same under H1 and H2 (both I, both C or both N), so it cannot tell them apart."),
                        (lambda a, e: True, "That item does not change either score against the other. Use `separating_items(matrix, \"H1\", \"H2\")`.")]),
        Question("q6", "n_events_against_h3", "integer", expected=_events_against_h3,
                 hints=_events_hints(),
                 fallback_hint="Three steps, each shown in a \"Write it yourself\" cell above: filter `ev` to the events, "
                               "build the default matrix from them, count the I's per column and read H3."),
        Question("q7", "q7_choice", "choice", expected=lambda: "B", choices=["A", "B", "C", "D"],
                 hints=[(lambda a, e: a == "A", "Re-read the table \"counted three ways\": the leader stays the same whether you count rows "
                                                 "or distinct events and claims, so counting cannot be the reason."),
                        (lambda a, e: a == "C", "Heuer's step 5 says the opposite: consistent evidence proves little, because it often fits "
                                                 "other hypotheses too. Look instead at where the evidence comes from."),
                        (lambda a, e: a == "D", "Every item has a cell under every hypothesis (see `rating_counts(matrix)`); the N's "
                                                 "come from items with no tie level shown (N for all three) and, under H2, from "
                                                 "partnership items. Neither makes the leader's count unreliable.")]),
        Question("q8", "milestones", "prose", min_words=40),
    ]
