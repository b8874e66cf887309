"""Codebook 2: the two dimensions of every evidence row, the rule that derives ``supports``, and distinct units.

Every row of ``data/evidence.csv`` is coded on two dimensions (``data/codebook.md`` defines them):

- ``tie``: how close and how committed the relationship is that the evidence shows, an ordinal scale
  from least to most committed: ``distance`` < ``partnership`` < ``alignment`` < ``alliance``. Empty
  where the evidence shows *that* or *why* the two cooperate but not how far ("level not shown").
- ``driver``: what the evidence says brings or keeps the two together (``shared_threat``,
  ``economic_opportunity``, ``asymmetry_dependence``, ``shared_regime_ideas``, ``none_stated``).

``supports`` (``alliance``, ``necessity`` or ``ambiguous``) answers the course's binary question and is
never chosen by hand: :func:`derive_supports` computes it from ``tie`` alone. What drives a tie is not
evidence about its form, so the driver never changes ``supports``.

>>> from aon.codebook import derive_supports, tie_levels
>>> tie_levels()
['distance', 'partnership', 'alignment', 'alliance']
>>> derive_supports("alignment")
'alliance'
>>> derive_supports(None)           # level not shown
'ambiguous'

Rows about the same event share an ``event_key``; rows that make the same claim share a ``claim_key``.
:func:`with_units` and :func:`count_units` count distinct events and claims instead of rows.
"""
from __future__ import annotations

import pandas as pd

from .data import resource
from .errors import CourseError

#: The derivation rule, written once: which ``supports`` value each ``tie`` level gives.
#: ``None`` stands for an empty ``tie`` (the evidence does not show how far the tie goes).
SUPPORTS_BY_TIE: dict[str | None, str] = {
    "alliance": "alliance",      # a commitment to military cooperation, an offer of one, or a judgement that it exists
    "alignment": "alliance",     # security cooperation without obligation: de facto, consistent with an alliance in formation
    "partnership": "necessity",  # cooperation the evidence bounds below security alignment
    "distance": "necessity",     # limits: divergence, mistrust, refusals
    None: "ambiguous",           # level not shown: both readings expect such evidence
}

#: The tie levels on the alliance side of the scale (those that give ``supports`` "alliance"), strongest last.
ALLIANCE_SIDE: tuple[str, ...] = tuple(reversed([tie for tie, side in SUPPORTS_BY_TIE.items() if tie and side == "alliance"]))

#: The three answers to the course's question that the tie scale can support, as named in lessons and exercises.
HYPOTHESES: dict[str, str] = {
    "alliance": "alliance: a commitment to military cooperation, formal or de facto",
    "qualified": "alignment short of alliance: security cooperation and mutual support without obligation",
    "necessity": "partnership of necessity: cooperation that stops short of security commitment",
}

#: How consistent evidence at each tie level is with each hypothesis (Heuer's C, I, N), written once.
#: Each hypothesis is inconsistent with the levels beyond it on either side; an empty tie (level not shown)
#: is neutral for all three, and the driver never enters. ``supports`` is the alliance/necessity pair of this
#: table read as one code (C for alliance -> "alliance", C for necessity -> "necessity", else "ambiguous").
CONSISTENCY: dict[str | None, dict[str, str]] = {
    "alliance": {"alliance": "C", "qualified": "I", "necessity": "I"},
    "alignment": {"alliance": "C", "qualified": "C", "necessity": "I"},
    "partnership": {"alliance": "I", "qualified": "N", "necessity": "C"},
    "distance": {"alliance": "I", "qualified": "I", "necessity": "C"},
    None: {"alliance": "N", "qualified": "N", "necessity": "N"},
}

#: Words for the empty ``tie`` in tables and figures.
NO_LEVEL = "(level not shown)"


def _enum(column: str) -> list[str]:
    """The allowed values of an evidence column, in the order data/datapackage.json lists them."""
    for field in resource("evidence")["schema"]["fields"]:
        if field["name"] == column:
            return list(field["constraints"]["enum"])
    raise CourseError(f"data/datapackage.json has no column '{column}' in the evidence table; restore the file from the course repository.")


def tie_levels() -> list[str]:
    """Return the ``tie`` levels from least to most committed (as data/datapackage.json lists them)."""
    return _enum("tie")


def drivers() -> list[str]:
    """Return the ``driver`` codes (as data/datapackage.json lists them)."""
    return _enum("driver")


def _is_empty(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def derive_supports(tie: str | None) -> str:
    """Return the ``supports`` value that the codebook's rule gives for a ``tie`` level.

    ``alliance`` or ``alignment`` gives ``"alliance"``; ``partnership`` or ``distance`` gives
    ``"necessity"``; an empty tie (level not shown) gives ``"ambiguous"``. The driver plays no part.
    """
    key = None if _is_empty(tie) else tie
    if key not in SUPPORTS_BY_TIE:
        raise CourseError(f"'{tie}' is not a tie level. The levels, least to most committed: {', '.join(tie_levels())} (or empty: level not shown).")
    return SUPPORTS_BY_TIE[key]


def consistency(tie: str | None, hypothesis: str) -> str:
    """Return 'C', 'I' or 'N': how consistent evidence at this tie level is with a hypothesis (see :data:`CONSISTENCY`)."""
    key = None if _is_empty(tie) else tie
    if key not in CONSISTENCY or hypothesis not in HYPOTHESES:
        raise CourseError(f"Unknown tie '{tie}' or hypothesis '{hypothesis}'. Hypotheses: {', '.join(HYPOTHESES)}.")
    return CONSISTENCY[key][hypothesis]


def tie_label(tie: object) -> str:
    """The tie level as shown in tables: the level itself, or '(level not shown)' for an empty tie."""
    return NO_LEVEL if _is_empty(tie) else str(tie)


def tie_categories(evidence: pd.DataFrame) -> pd.Series:
    """Return ``evidence["tie"]`` as an ordered categorical, least to most committed, with '(level not shown)' first."""
    labels = evidence["tie"].map(tie_label)
    return pd.Categorical(labels, categories=[NO_LEVEL, *tie_levels()], ordered=True)


def with_units(evidence: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``evidence`` with a column ``unit``: the row's event key, or else its claim key.

    Rows with the same unit report the same event or make the same claim; counting units instead of
    rows keeps one event reported in five rows from weighing five times.
    """
    table = evidence.copy()
    table["unit"] = table["event_key"].where(table["event_key"].notna(), table["claim_key"])
    return table


def _median_level(ties: pd.Series) -> object:
    """The lower median of the levels shown (empty ties left out); empty if no row shows a level."""
    order = tie_levels()
    ranks = sorted(order.index(t) for t in ties if not _is_empty(t))
    if not ranks:
        return pd.NA
    return order[ranks[(len(ranks) - 1) // 2]]


def distinct_units(evidence: pd.DataFrame, per_reading: bool = True) -> pd.DataFrame:
    """Collapse evidence rows to one row per distinct event or claim.

    With ``per_reading`` (the default) a unit is counted once in each reading that reports it; without,
    once in the whole table. Each unit gets the rows' tie if they agree, else the lower median of their
    levels (``mixed`` is True then), the most frequent driver, the ``supports`` the rule derives from
    that tie, the number of ``rows`` and their ``evidence_ids``.
    """
    table = with_units(evidence)
    keys = ["article_id", "unit"] if per_reading else ["unit"]
    records = []
    for key, group in table.groupby(keys, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        tie = _median_level(group["tie"])
        levels = {t for t in group["tie"] if not _is_empty(t)}
        records.append({
            **dict(zip(keys, key, strict=True)),
            "tie": tie,
            "driver": group["driver"].mode().iloc[0],
            "supports": derive_supports(tie),
            "mixed": len(levels) > 1 or (bool(levels) and group["tie"].isna().any()),
            "rows": len(group),
            "readings": group["article_id"].nunique(),
            "evidence_ids": ";".join(group["evidence_id"]),
        })
    return pd.DataFrame.from_records(records)


def count_units(evidence: pd.DataFrame, by: str | list[str], per: str = "unit") -> pd.DataFrame:
    """Count evidence by one or more columns, per ``"row"`` or per distinct event/claim (``"unit"``, the default).

    >>> count_units(load_evidence(), by=["article_id", "supports"])       # doctest: +SKIP
    """
    if per not in ("row", "unit"):
        raise CourseError(f"per is 'row' or 'unit', not {per!r}.")
    by = [by] if isinstance(by, str) else list(by)
    table = evidence if per == "row" else distinct_units(evidence, per_reading="article_id" in by or per == "row")
    missing = [c for c in by if c not in table.columns]
    if missing:
        raise CourseError(f"Cannot count by '{missing[0]}': the columns are {', '.join(map(str, table.columns))}.")
    counts = table.groupby(by, dropna=False).size()
    return counts.rename("rows" if per == "row" else "units").to_frame()
