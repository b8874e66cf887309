"""Analysis of competing hypotheses (ACH), after Richards J. Heuer, *Psychology of
Intelligence Analysis* (1999), chapter 8.

A matrix has one row per evidence item (index: ``evidence_id``) and one column per
hypothesis; each cell says how the evidence bears on the hypothesis:

- ``"C"``: consistent with it;
- ``"I"``: inconsistent with it;
- ``"N"``: neutral, or not applicable.

Heuer's two points are computed here:

- evidence is *diagnostic* only if its ratings differ across the hypotheses
  (evidence consistent with every hypothesis helps to judge none of them);
- hypotheses are compared by how much evidence is *inconsistent* with them, not by
  how much is consistent: the hypothesis with the fewest ``"I"`` survives best.

>>> import pandas as pd
>>> m = pd.DataFrame({"alliance": ["C", "I"], "necessity": ["C", "C"]}, index=["e1", "e2"])
>>> diagnosticity(m).tolist()
[False, True]
>>> inconsistency_scores(m).to_dict()
{'alliance': 1, 'necessity': 0}
"""
from __future__ import annotations

import pandas as pd

from .errors import CourseError

RATINGS = ("C", "I", "N")


def validate_matrix(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return the matrix with ratings upper-cased and stripped; raise CourseError if it is not a valid ACH matrix."""
    if not isinstance(matrix, pd.DataFrame):
        raise CourseError(f"An ACH matrix is a pandas DataFrame (rows: evidence ids, columns: hypotheses), not {type(matrix).__name__}.")
    if matrix.shape[1] < 2:
        raise CourseError("An ACH matrix needs at least two hypotheses (columns) to compare.")
    if matrix.index.has_duplicates:
        dupes = sorted(set(matrix.index[matrix.index.duplicated()].astype(str)))
        raise CourseError(f"Each evidence id may appear once; repeated: {', '.join(dupes)}.")
    cleaned = matrix.copy()
    for col in cleaned.columns:
        cleaned[col] = [v.strip().upper() if isinstance(v, str) else v for v in matrix[col].tolist()]
    bad = [(row, col, value) for row, col, value in cells(cleaned) if value not in RATINGS]
    if bad:
        row, col, value = bad[0]
        raise CourseError(f"Rating {value!r} for evidence '{row}' under '{col}' is not one of C, I, N "
                          f"({len(bad)} cell(s) to fix). Use C (consistent), I (inconsistent) or N (neutral).")
    return cleaned


def cells(matrix: pd.DataFrame) -> list[tuple[object, object, object]]:
    """Return every cell of ``matrix`` as (row label, column label, value), row by row."""
    columns = list(matrix.columns)
    return [(row, col, value) for row, values in zip(matrix.index, matrix.to_numpy(dtype=object).tolist(), strict=True)
            for col, value in zip(columns, values, strict=True)]


def diagnosticity(matrix: pd.DataFrame) -> pd.Series:
    """Return, per evidence item, True if its ratings differ across the hypotheses (it is diagnostic)."""
    cleaned = validate_matrix(matrix)
    return (cleaned.nunique(axis=1) > 1).rename("diagnostic")


def inconsistency_scores(matrix: pd.DataFrame, diagnostic_only: bool = False) -> pd.Series:
    """Return, per hypothesis, how many evidence items are rated inconsistent ("I") with it.

    Lower is better (Heuer: the most likely hypothesis is the one with the least
    evidence against it). With ``diagnostic_only=True`` only diagnostic items count;
    that gives the same ranking, since a non-diagnostic "I" counts against every hypothesis.
    """
    cleaned = validate_matrix(matrix)
    if diagnostic_only:
        cleaned = cleaned[diagnosticity(cleaned)]
    return (cleaned == "I").sum(axis=0).astype(int).rename("inconsistent")
