"""Test the readings' numbers and dates against the public data the course ships.

Every number a reading states is a row of ``data/statistics.csv``; its
``testable_with`` column names the public data that could test it. This module
matches each row to a verdict, with the article's number and the data's number
side by side:

- ``"consistent"``: the shipped data give the same figure, within a stated tolerance;
- ``"not consistent"``: the shipped data give a clearly different figure;
- ``"cannot be tested with shipped data"``: the course ships no data that measure it
  (or the data can bound the claim but not settle it), and the reason says why.

A verdict is a starting point for discussion, not a ruling: it depends on which
years, which source and which unit the comparison uses, and every row shows them.

Dated arms claims (:func:`dated_arms_claims`) have a fourth outcome, ``"no year in the text"``:
the evidence table may carry a year that the coder inferred from another source
(``data/codebook.md`` says so for ``baev-2019-11``), and testing such a year against
that same source would be circular.

>>> from aon.lessons.lesson13_claims_against_data import statistics_verdicts, dated_arms_claims, trade_change
>>> statistics_verdicts()[["stat_id", "article_value", "data_value", "verdict"]]
>>> dated_arms_claims()            # order years the readings give vs SIPRI's
>>> trade_change(2014, 2015)       # the 2015 fall, by source
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from ..checks import Question
from ..data import article_text, load_articles, load_table
from ..evidence import load_evidence
from ..palette import CATEGORICAL, MARKERS, SUPPORTS_COLOURS, SUPPORTS_HATCHES
from ..paths import data_dir
from ..plots import drawn_bars, new_figure
from .common import close_to

CONSISTENT, NOT_CONSISTENT, CANNOT_TEST = "consistent", "not consistent", "cannot be tested with shipped data"
#: The three verdicts, in the order tables list them.
VERDICTS: list[str] = [CONSISTENT, NOT_CONSISTENT, CANNOT_TEST]
#: The outcome of a dated arms claim whose year is not written in the reading (the coder inferred it).
NO_YEAR_IN_TEXT = "no year in the text"

#: Default tolerance for shares: an article's rounded percentage within this many percentage points counts as consistent.
SHARE_TOLERANCE_POINTS = 1.5

SOURCE_NAMES = {
    "trade_imf": "IMF Direction of Trade Statistics (DOTS)",
    "trade_gacc_news": "China customs (GACC) figures quoted in news pages",
    "arms_share_360info": "SIPRI TIV export table (via 360info, generated 28 July 2022)",
    "arms_share_register": "SIPRI trade register sums (generated 12 Feb 2026)",
    "arms_deals": "SIPRI trade register, Russia-to-China deals (generated 3 Jan 2025)",
    "gas_power_of_siberia": "Power of Siberia table: yearly deliveries are Gazprom figures via TASS",
    "exercises_partial": "partial hand-built list of joint exercises",
}


@dataclass
class Verdict:
    """The outcome of testing one statistic: the data's figure, where it comes from, and the verdict."""

    verdict: str
    data_value: float | None = None
    data_detail: str = ""
    source: str = ""
    reason: str = ""


# ------------------------------------------------------------------ shipped tables

def shipped_reference_files() -> list[str]:
    """Return the file names in ``data/reference/`` (the public data the course ships)."""
    folder = data_dir() / "reference"
    return sorted(p.name for p in folder.glob("*.csv"))


def _named_files(testable_with: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9_\-]+\.csv", testable_with or "")


def pooled_share(table: pd.DataFrame, first: int, last: int, year: str = "year") -> float | None:
    """Return China's share (%) of all Russian deliveries over ``first``–``last``: sum to China / sum of totals.

    This weights each year by its deliveries; the mean of the yearly shares (``mean_share``) does not.
    Returns None if the table has no year in the period.
    """
    rows = table[(table[year] >= first) & (table[year] <= last)]
    if rows.empty:
        return None
    return round(100 * float(rows["russia_to_china_tiv_m"].sum()) / float(rows["russia_total_tiv_m"].sum()), 1)


def mean_share(table: pd.DataFrame, first: int, last: int, year: str = "year") -> float | None:
    """Return the plain mean of the yearly shares (%) over ``first``–``last`` (None if no year is covered)."""
    rows = table[(table[year] >= first) & (table[year] <= last)]
    if rows.empty:
        return None
    return round(float(rows["china_share_pct"].mean()), 1)


def arms_share_by_year() -> pd.DataFrame:
    """Return China's share of Russia's arms deliveries (SIPRI TIV, %) by year from both shipped tables, side by side."""
    a = load_table("arms_share_360info")[["year", "china_share_pct"]].rename(columns={"china_share_pct": "share_360info_pct"})
    b = load_table("arms_share_register").rename(columns={"delivery_year": "year", "china_share_pct": "share_register_pct"})
    return a.merge(b[["year", "share_register_pct"]], on="year", how="outer").sort_values("year", ignore_index=True)


# ------------------------------------------------------------------ rules

def _period(measure: str) -> tuple[int, int, str] | None:
    """Read the period a measure refers to: 'in 2017', 'by 2014', 'the 1990s'."""
    decade = re.search(r"\b(1[89]\d0|20\d0)s\b", measure)
    if decade:
        start = int(decade.group(1))
        return start, start + 9, f"the {start}s"
    year = re.search(r"\b(?:in|by) (\d{4})\b", measure)
    if year:
        y = int(year.group(1))
        return y, y, str(y)
    return None


def _compare(article: float, data: float, unit: str, tolerance: float) -> str:
    if unit == "rank":
        return CONSISTENT if round(article) == round(data) else NOT_CONSISTENT
    return CONSISTENT if abs(article - data) <= tolerance + 1e-9 else NOT_CONSISTENT


def _imf_rule(row: pd.Series, tolerance: float) -> Verdict | None:
    measure = row["measure"]
    if "imf_dots" not in (row["testable_with"] or ""):
        return None
    kind = "share" if "share" in measure else "rank" if "rank" in measure else None
    flow = "export" if "export" in measure else "import" if "import" in measure else None
    period = _period(measure)
    if not (kind and flow and period and "Russia's" in measure):
        return None
    column = {("share", "export"): "china_share_of_russia_exports_pct", ("share", "import"): "china_share_of_russia_imports_pct",
              ("rank", "export"): "china_rank_russia_export_dest", ("rank", "import"): "china_rank_russia_import_origin"}[(kind, flow)]
    imf = load_table("trade_imf").set_index("year")
    year = period[1]
    if year not in imf.index:
        return Verdict(CANNOT_TEST, reason=f"IMF DOTS in the course stops in {int(imf.index.max())}; the claim is about {year}.",
                       source=SOURCE_NAMES["trade_imf"])
    value = float(imf.loc[year, column])
    unit = "percent" if kind == "share" else "rank"
    detail = f"{value:g}{' %' if kind == 'share' else ''} in {year} ({column})"
    verdict = _compare(float(row["value"]), value, unit, tolerance)
    reason = (f"within {tolerance:g} percentage points" if verdict == CONSISTENT else f"more than {tolerance:g} points apart") \
        if kind == "share" else ("same rank" if verdict == CONSISTENT else "different rank")
    return Verdict(verdict, value, detail, SOURCE_NAMES["trade_imf"] + "; Russia-reported flows, USD", reason)


def _arms_share_rule(row: pd.Series, tolerance: float) -> Verdict | None:
    measure = row["measure"]
    if "sipri_rus_to_china" not in (row["testable_with"] or "") or "share" not in measure:
        return None
    period = _period(measure)
    if period is None:
        return None
    first, last, label = period
    if first == last and "by" in measure.split(str(first))[0][-4:]:
        label = f"{first}"
    parts = []
    values = []
    for name, year_col in (("arms_share_360info", "year"), ("arms_share_register", "delivery_year")):
        table = load_table(name)
        covered = table[(table[year_col] >= first) & (table[year_col] <= last)][year_col]
        share = pooled_share(table, first, last, year_col)
        if share is None:
            continue
        values.append(share)
        span = f"{int(covered.min())}–{int(covered.max())}" if covered.min() != covered.max() else f"{int(covered.min())}"
        how = "pooled" if covered.min() != covered.max() else "year"
        parts.append(f"{share:g} % ({span}, {how}; {'360info' if name.endswith('360info') else 'register'})")
    if not values:
        return Verdict(CANNOT_TEST, reason=f"neither SIPRI table covers {label}.", source="SIPRI, TIV")
    verdicts = {_compare(float(row["value"]), v, "percent", tolerance) for v in values}
    verdict = verdicts.pop() if len(verdicts) == 1 else CANNOT_TEST
    reason = ("the two SIPRI tables disagree about this period" if verdict == CANNOT_TEST else
              f"{'within' if verdict == CONSISTENT else 'more than'} {tolerance:g} percentage points of SIPRI's figure for {label}; "
              "SIPRI counts TIV (volume), not dollars")
    return Verdict(verdict, values[0], "; ".join(parts), "SIPRI Arms Transfers Database, TIV (not USD)", reason)


def _exercise_rule(row: pd.Series, tolerance: float) -> Verdict | None:
    if "joint_exercises" not in (row["testable_with"] or "") or row["unit"] != "count":
        return None
    since = re.search(r"since (\d{4})", row["measure"])
    first = int(since.group(1)) if since else 0
    exercises = load_table("exercises_partial")
    info = load_articles().set_index("article_id").loc[row["article_id"]]
    before = int(info["date_earliest"].year)  # count whole years before the reading's publication
    listed = int(((exercises["year"] >= first) & (exercises["year"] < before)).sum())
    detail = f"{listed} listed {first}–{before - 1} (partial list; years before publication only)"
    lower_bound = "over" in str(row["quote"]).lower() or "more than" in str(row["quote"]).lower()
    if lower_bound and listed > float(row["value"]):
        return Verdict(CONSISTENT, listed, detail, SOURCE_NAMES["exercises_partial"],
                       "even a partial list exceeds the claimed lower bound")
    return Verdict(CANNOT_TEST, listed, detail, SOURCE_NAMES["exercises_partial"],
                   "the list is not exhaustive, so it gives only a lower bound: it cannot confirm or refute the count, "
                   "which also depends on what is counted (bilateral only? SCO drills? patrols?)")


def page_name(url: object) -> str:
    """Return the site a data row's ``url`` points to, without "www." (``"https://tass.com/economy/1"`` → ``"tass.com"``).

    Returns "an unrecorded page" when the row has no address.
    """
    host = urlparse(str(url)).netloc if isinstance(url, str) and url.strip() else ""
    return host.removeprefix("www.") or "an unrecorded page"


def _gas_contract_rule(row: pd.Series, tolerance: float) -> Verdict | None:
    if "power_of_siberia" not in (row["testable_with"] or "") or row["unit"] != "years":
        return None
    gas = load_table("gas_power_of_siberia")
    for _, gas_row in gas.dropna(subset=["note"]).iterrows():
        note = gas_row["note"]
        match = re.search(r"(\d+)-year", note)
        if match:
            years = float(match.group(1))
            verdict = CONSISTENT if years == float(row["value"]) else NOT_CONSISTENT
            # The contract terms sit in one row's note; that row names its own page (not the Gazprom/TASS delivery figures).
            source = (f"news page at {page_name(gas_row['url'])}, quoted in the {int(gas_row['year'])} row of "
                      "power_of_siberia_flows_bcm.csv")
            return Verdict(verdict, years, f"{years:g} years ({note})", source,
                           "same contract length" if verdict == CONSISTENT else "different contract length")
    return None


#: Rules tried in order; the first that applies gives the verdict. Each takes (row, tolerance).
RULES: list[Callable[[pd.Series, float], Verdict | None]] = [_imf_rule, _arms_share_rule, _exercise_rule, _gas_contract_rule]


def verdict_for(row: pd.Series, tolerance: float = SHARE_TOLERANCE_POINTS) -> Verdict:
    """Return the verdict for one row of the statistics table."""
    testable = str(row["testable_with"] or "")
    if testable.lower().startswith("none shipped"):
        needed = testable.split(":", 1)[-1].strip().rstrip(".")
        return Verdict(CANNOT_TEST, reason=f"the course ships no data that measure this; what could test it: {needed}.")
    named = _named_files(testable)
    shipped = shipped_reference_files()
    if named and not any(name in shipped for name in named):
        return Verdict(CANNOT_TEST, reason=f"{', '.join(named)} is not shipped in data/reference/ (only tables derived from it).")
    for rule in RULES:
        result = rule(row, tolerance)
        if result is not None:
            return result
    return Verdict(CANNOT_TEST, reason="no rule in aon.lessons.lesson13_claims_against_data matches this measure to a shipped table.")


def statistics_verdicts(statistics: pd.DataFrame | None = None, tolerance: float = SHARE_TOLERANCE_POINTS) -> pd.DataFrame:
    """Return one row per statistic: the article's number and the data's number side by side, the source and a verdict.

    ``tolerance`` is how many percentage points a share may differ and still count as consistent
    (articles round). Columns: stat_id, article_id, quote, article_value, unit, data_value, data_detail,
    source, verdict, reason.
    """
    if statistics is None:
        statistics = load_table("statistics")
    order = {a: i for i, a in enumerate(load_articles()["article_id"])}
    rows = []
    for _, row in statistics.iterrows():
        result = verdict_for(row, tolerance)
        rows.append({"stat_id": row["stat_id"], "article_id": row["article_id"], "quote": row["quote"],
                     "article_value": float(row["value"]), "unit": row["unit"], "data_value": result.data_value,
                     "data_detail": result.data_detail, "source": result.source, "verdict": result.verdict,
                     "reason": result.reason})
    columns = ["stat_id", "article_id", "quote", "article_value", "unit", "data_value", "data_detail", "source", "verdict", "reason"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.assign(_order=table["article_id"].map(order)).sort_values(["_order", "stat_id"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def verdict_counts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Count verdicts by reading: one row per reading (in reading order, every reading listed), one column per verdict."""
    ids = load_articles()["article_id"].tolist()
    table = pd.crosstab(verdicts["article_id"], verdicts["verdict"]) if len(verdicts) else pd.DataFrame()
    table = table.reindex(index=ids, columns=VERDICTS, fill_value=0)
    table.index.name, table.columns.name = "article_id", "verdict"
    return table


def articles_without_statistics(statistics: pd.DataFrame | None = None) -> list[str]:
    """Return the readings (in reading order) that state no number in the statistics table."""
    statistics = load_table("statistics") if statistics is None else statistics
    present = set(statistics["article_id"])
    return [a for a in load_articles()["article_id"] if a not in present]


# ------------------------------------------------------------------ dates of arms deals

def weapon_key(designation: str) -> str:
    """Return the family name of a SIPRI designation: 'S-400 Triumf' → 'S-400', 'Su-35S' → 'Su-35'."""
    match = re.match(r"\s*([A-Za-z]+-\d+)", designation)
    return match.group(1) if match else designation.strip()


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence (or sentences) of ``text`` that contain the characters ``start``–``end``.

    A sentence ends at ".", "?" or "!" followed by a space, or at a line break. Abbreviations such as
    "U.S." can end a sentence too early; the result is then shorter, never longer.
    """
    before = text[:start]
    cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! "), before.rfind("\n"))
    tail = max(end - 1, start)  # a quote may itself end its sentence ("... jets."): search from its last character
    stop = re.search(r"[.!?](?=\s|$)|\n", text[tail:])
    return text[cut + 1:tail + stop.end() if stop else len(text)].strip()


def year_stated_in_text(evidence_row: pd.Series) -> bool:
    """Return True if the row's ``event_year`` is written in the reading's own sentence around its quote.

    The codebook allows a coder to fill ``event_year`` from ``FACTS.md`` when the text gives no year
    (``baev-2019-11``'s 2015 comes from SIPRI). Such a year is the coder's inference, not the reading's.
    Returns False when the row has no ``event_year``.
    """
    if pd.isna(evidence_row.get("event_year")):
        return False
    text = article_text(evidence_row["article_id"])
    sentence = sentence_around(text, int(evidence_row["start"]), int(evidence_row["end"]))
    return re.search(rf"(?<!\d){int(evidence_row['event_year'])}(?!\d)", sentence) is not None


def dated_arms_claims(keys: tuple[str, ...] = ("S-400", "Su-35"), evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare the year a reading gives for an arms deal with SIPRI's order year for the same weapon.

    Looks for evidence rows whose quote names one of ``keys`` (case-insensitive) and which carry an
    ``event_year``. ``year_in_reading`` is that year only if the reading writes it in the sentence around
    the quote (:func:`year_stated_in_text`); otherwise it is empty (``<NA>``), ``coded_year`` keeps the
    evidence table's year and ``year_source`` says it is the coder's inference.
    Verdicts: a year in the text equal to SIPRI's order year is "consistent", a different one "not consistent"
    (the reading may mean negotiation, signature or delivery: the notebook discusses this); an inferred year
    gets "no year in the text", because testing SIPRI's year against SIPRI would be circular.
    """
    evidence = load_evidence() if evidence is None else evidence
    deals = load_table("arms_deals")
    deals = deals.assign(key=deals["designation"].map(weapon_key))
    rows = []
    for key in keys:
        deal_rows = deals[(deals["key"].str.lower() == key.lower()) & (deals["category"] != "Engines")]
        if deal_rows.empty:
            continue
        deal = deal_rows.sort_values("order_year").iloc[0]
        pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(key)}(?![0-9])", flags=re.IGNORECASE)
        hits = evidence[evidence["quote"].str.contains(pattern) & evidence["event_year"].notna()]
        for _, ev in hits.iterrows():
            coded = int(ev["event_year"])
            order = int(deal["order_year"])
            in_text = year_stated_in_text(ev)
            if not in_text:
                verdict = NO_YEAR_IN_TEXT
            else:
                verdict = CONSISTENT if coded == order else NOT_CONSISTENT
            rows.append({"evidence_id": ev["evidence_id"], "article_id": ev["article_id"], "weapon": key,
                         "year_in_reading": coded if in_text else pd.NA, "coded_year": coded,
                         "year_source": "the text" if in_text else "coder's inference (not in the text; see data/codebook.md)",
                         "sipri_order_year": order,
                         "order_year_is_estimate": bool(deal["order_year_is_estimate"]),
                         "sipri_deliveries": f"{int(deal['first_delivery_year'])}–{int(deal['last_delivery_year'])}",
                         "number_delivered": int(deal["number_delivered"]),
                         "verdict": verdict,
                         "quote": ev["quote"]})
    columns = ["evidence_id", "article_id", "weapon", "year_in_reading", "coded_year", "year_source", "sipri_order_year",
               "order_year_is_estimate", "sipri_deliveries", "number_delivered", "verdict", "quote"]
    table = pd.DataFrame(rows, columns=columns)
    return table.astype({"year_in_reading": "Int64", "coded_year": "Int64"})


# ------------------------------------------------------------------ trade

def reporting_body_label(body: str) -> str:
    """Return who reported a GACC news figure, without the curator's remark the data file adds after "NB".

    ``"China GACC (via TASS; NB 64.2 is inconsistent with -27.8% from 95.3)"`` → ``"China GACC (via TASS)"``.
    The remark works from a 2014 base the file does not record; :func:`trade_change` recomputes the
    inconsistency from the 2014 row of the same table instead, so the label and the ``note`` column never
    show two different bases.
    """
    text = str(body)
    text = re.sub(r";\s*NB\b[^)]*(?=\))", "", text)
    text = re.sub(r"\s*\(?\bNB\b.*$", "", text) if "NB" in text else text
    return text.strip()


def trade_change(first: int, last: int) -> pd.DataFrame:
    """Return China–Russia trade turnover in two years and the change, by source (USD billion, %).

    Sources: IMF DOTS as reported by China and as reported by Russia, and China customs (GACC) headline
    figures quoted in news pages, where each news row gives a level and/or a reported change. A GACC
    news row whose reported change does not match the levels is flagged in ``note`` (which does not
    say what level the reported change would imply: lesson 13 asks the student to work that out).
    """
    imf = load_table("trade_imf").set_index("year")
    rows = []
    for reporter, column in (("China", "china_reported_turnover_usdm"), ("Russia", "russia_reported_turnover_usdm")):
        if first in imf.index and last in imf.index:
            a, b = float(imf.loc[first, column]) / 1000, float(imf.loc[last, column]) / 1000
            rows.append({"source": f"IMF DOTS, {reporter}-reported", "turnover_first_usd_bn": round(a, 1),
                         "turnover_last_usd_bn": round(b, 1), "change_pct_from_levels": round(100 * (b / a - 1), 1),
                         "change_pct_reported": None, "note": ""})
    gacc = load_table("trade_gacc_news")
    base = gacc[(gacc["year"] == first) & gacc["turnover_usd_bn"].notna()]["turnover_usd_bn"]
    base_value = float(base.iloc[0]) if len(base) else None
    for _, row in gacc[gacc["year"] == last].iterrows():
        level = None if pd.isna(row["turnover_usd_bn"]) else float(row["turnover_usd_bn"])
        reported = None if pd.isna(row["yoy_pct_reported"]) else float(row["yoy_pct_reported"])
        computed = round(100 * (level / base_value - 1), 1) if level is not None and base_value else None
        note = ""
        if computed is not None and reported is not None and abs(computed - reported) > 1:
            # The level the reported change implies is question 2 of lesson 13: the note must not give it away.
            note = (f"inconsistent: {level:g} bn is {computed:+g} % on {base_value:g} bn, but the page reports {reported:+g} %: "
                    "the level and the change cannot both be right on this base")
        rows.append({"source": f"GACC via news: {reporting_body_label(row['reporting_body'])}", "turnover_first_usd_bn": base_value,
                     "turnover_last_usd_bn": level, "change_pct_from_levels": computed,
                     "change_pct_reported": reported, "note": note})
    return pd.DataFrame(rows, columns=["source", "turnover_first_usd_bn", "turnover_last_usd_bn", "change_pct_from_levels",
                                       "change_pct_reported", "note"])


def first_year_back_above(year: int, column: str = "china_reported_turnover_usdm") -> int | None:
    """Return the first year after ``year`` in which IMF DOTS turnover passed its ``year`` level again (None if never)."""
    imf = load_table("trade_imf").set_index("year")[column]
    later = imf[(imf.index > year) & (imf > imf.loc[year])]
    return int(later.index.min()) if len(later) else None


# ------------------------------------------------------------------ exercises

def classify_exercise_format(fmt: str) -> str:
    """Group the exercise list's ``format`` text into bilateral, SCO multilateral or Russian strategic exercise."""
    text = fmt.lower()
    if "strategic" in text:
        return "Russian strategic exercise with PLA"
    if "sco" in text or "multilateral" in text:
        return "SCO multilateral"
    return "bilateral"


def exercise_counts(until: int | None = None) -> pd.DataFrame:
    """Count the partial list's exercises by year (rows) and format group (columns), up to ``until`` inclusive."""
    ex = load_table("exercises_partial")
    if until is not None:
        ex = ex[ex["year"] <= until]
    groups = ex["format"].map(classify_exercise_format)
    order = ["bilateral", "SCO multilateral", "Russian strategic exercise with PLA"]
    table = pd.crosstab(ex["year"], groups).reindex(columns=order, fill_value=0)
    table.columns.name = "format"
    return table


def exercise_count_variants(until: int) -> pd.DataFrame:
    """Count the partial list's exercises up to ``until`` in several defensible ways, to show that counts depend on definitions."""
    ex = load_table("exercises_partial")
    ex = ex[ex["year"] <= until]
    groups = ex["format"].map(classify_exercise_format)
    patrol = ex["name"].str.contains("patrol", case=False) | ex["domain"].str.contains("patrol", case=False)
    simulated = ex["domain"].str.contains("simulated", case=False)
    variants = [
        ("every row of the list", len(ex)),
        ("bilateral only", int((groups == "bilateral").sum())),
        ("without SCO multilateral drills", int((groups != "SCO multilateral").sum())),
        ("without patrols and computer simulations", int((~patrol & ~simulated).sum())),
        ("bilateral field exercises only (no patrols, no simulations)", int(((groups == "bilateral") & ~patrol & ~simulated).sum())),
    ]
    return pd.DataFrame(variants, columns=["what is counted", "exercises"]).assign(years=f"{int(ex['year'].min())}–{until}")


# ------------------------------------------------------------------ figures

def plot_trade(until_gacc: int | None = None):
    """Line chart: China–Russia turnover by year, IMF DOTS (both reporters) and GACC news figures (USD billion)."""

    imf = load_table("trade_imf")
    imf = imf[imf["year"] >= 2005]
    gacc = load_table("trade_gacc_news").dropna(subset=["turnover_usd_bn"])
    if until_gacc is not None:
        gacc = gacc[gacc["year"] <= until_gacc]
    fig, ax = new_figure(8.5, 4.6)
    ax.plot(imf["year"], imf["china_reported_turnover_usdm"] / 1000, color=CATEGORICAL[0], marker=MARKERS[0], label="IMF DOTS, China-reported")
    ax.plot(imf["year"], imf["russia_reported_turnover_usdm"] / 1000, color=CATEGORICAL[1], marker=MARKERS[1], linestyle="--", label="IMF DOTS, Russia-reported")
    ax.scatter(gacc["year"], gacc["turnover_usd_bn"], color=CATEGORICAL[2], marker=MARKERS[2], s=60, zorder=3, label="China customs (GACC) in news pages")
    ax.set_xlabel("year")
    ax.set_ylabel("turnover, USD billion (current prices)")
    ax.set_title("China–Russia trade turnover: IMF DOTS and China customs (USD bn)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, loc="upper left")
    ax.grid(axis="y", color="#DDDDDD")
    fig.supxlabel("Sources: IMF DOTS (exports FOB + imports CIF); GACC figures as quoted in news pages. Units: USD billion, current.",
                  fontsize=8, x=0.01, ha="left")
    return fig


def trade_alt_text(until_gacc: int | None = None) -> str:
    """Describe :func:`plot_trade` in words, from the same data."""
    imf = load_table("trade_imf").set_index("year")
    imf = imf[imf.index >= 2005]
    gacc = load_table("trade_gacc_news").dropna(subset=["turnover_usd_bn"])
    if until_gacc is not None:
        gacc = gacc[gacc["year"] <= until_gacc]
    china = imf["china_reported_turnover_usdm"] / 1000
    peak_before = china.loc[:2014].idxmax()
    trough = china.loc[2015:2016].idxmin()
    points = ", ".join(f"{int(y)}: {v:g}" for y, v in zip(gacc["year"], gacc["turnover_usd_bn"], strict=True))
    return (f"Line chart of China–Russia trade turnover in USD billion by year. IMF DOTS lines, China-reported and Russia-reported, "
            f"run {int(imf.index.min())}–{int(imf.index.max())}: China-reported turnover rises to {china.loc[peak_before]:.1f} in {peak_before}, "
            f"falls to {china.loc[trough]:.1f} in {trough}, and reaches {china.iloc[-1]:.1f} in {int(imf.index.max())}; the Russia-reported line "
            f"runs close to it. Separate points show China customs (GACC) figures quoted in news pages: {points}.")


def plot_arms_share(claims: pd.DataFrame | None = None):
    """Line chart: China's share of Russia's arms deliveries by year (SIPRI TIV, two tables), with the readings' share claims as bands."""

    shares = arms_share_by_year()
    fig, ax = new_figure(8.5, 4.6)
    ax.plot(shares["year"], shares["share_360info_pct"], color=CATEGORICAL[0], marker=MARKERS[0], label="SIPRI TIV table (via 360info)")
    ax.plot(shares["year"], shares["share_register_pct"], color=CATEGORICAL[1], marker=MARKERS[1], linestyle="--", label="SIPRI trade register sums")
    claims = arms_share_claims() if claims is None else claims
    for i, (_, claim) in enumerate(claims.iterrows()):
        low, high = claim["low"], claim["high"]
        span = (claim["first_year"], claim["last_year"] + 0.999)
        ax.fill_between(span, [low - 0.4] * 2 if low == high else [low] * 2, [high + 0.4] * 2 if low == high else [high] * 2,
                        color=SUPPORTS_COLOURS["ambiguous"], edgecolor="#333333", hatch="..", zorder=1,
                        label="the reading's claim (its years as we read them)" if i == 0 else None)
        ax.annotate(f"{claim['article_id']} {claim['stat_ids']}: {claim['label']}", (span[0], high + 1.5), fontsize=8)
    ax.set_xlabel("year of delivery")
    ax.set_ylabel("China's share of Russia's arms deliveries, % of TIV")
    ax.set_title("China's share of Russia's arms exports (SIPRI TIV, %)")
    ax.set_ylim(0, 70)
    ax.legend(frameon=False, loc="upper right", fontsize=9)
    ax.grid(axis="y", color="#DDDDDD")
    fig.supxlabel("Source: SIPRI Arms Transfers Database; units: % of trend-indicator values (TIV, a volume measure, not US dollars).", fontsize=8, x=0.01, ha="left")
    return fig


def arms_share_claims(statistics: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the readings' claims about China's share of Russia's arms exports, one row per quote, with the years they cover."""
    statistics = load_table("statistics") if statistics is None else statistics
    rows = statistics[statistics["testable_with"].fillna("").str.contains("sipri_rus_to_china") & statistics["measure"].str.contains("share")]
    out = []
    for quote, group in rows.groupby("quote", sort=False):
        period = _period(group["measure"].iloc[0])
        if period is None:
            continue
        low, high = float(group["value"].min()), float(group["value"].max())
        out.append({"stat_ids": "/".join(s.rsplit("-", 1)[-1] for s in group["stat_id"]), "article_id": group["article_id"].iloc[0],
                    "quote": quote, "low": low, "high": high, "first_year": period[0], "last_year": period[1],
                    "label": f"{low:g}%" if low == high else f"{low:g}–{high:g}%"})
    return pd.DataFrame(out, columns=["stat_ids", "article_id", "quote", "low", "high", "first_year", "last_year", "label"])


def share_divergences(close: float = 2.0) -> pd.DataFrame:
    """Return the years both SIPRI copies cover in which their shares differ by more than ``close`` percentage points.

    Columns: year, share_360info_pct, share_register_pct, difference (360info minus register, points).
    """
    both = arms_share_by_year().dropna(subset=["share_360info_pct", "share_register_pct"])
    both = both.assign(difference=(both["share_360info_pct"] - both["share_register_pct"]).round(1))
    return both[both["difference"].abs() > close].reset_index(drop=True)


def _agreement_sentence(close: float = 2.0) -> str:
    both = arms_share_by_year().dropna(subset=["share_360info_pct", "share_register_pct"])
    if both.empty:
        return "The two copies share no year, so they cannot be compared."
    apart = share_divergences(close)
    span = f"{int(both['year'].min())}–{int(both['year'].max())}"
    if apart.empty:
        return f"In the {len(both)} years both cover ({span}) the two lines stay within {close:g} percentage points of each other."
    where = "; ".join(f"{int(r.year)}: {r.share_360info_pct:.1f}% (360info) vs {r.share_register_pct:.1f}% (register)"
                      for r in apart.itertuples())
    return (f"In the {len(both)} years both cover ({span}) the two lines stay within {close:g} percentage points of each other "
            f"in {len(both) - len(apart)} years and diverge in {len(apart)}: {where}.")


def arms_share_alt_text(close: float = 2.0) -> str:
    """Describe :func:`plot_arms_share` in words, computed from the data (including where the two copies diverge)."""
    shares = arms_share_by_year().set_index("year")
    a = shares["share_360info_pct"].dropna()
    b = shares["share_register_pct"].dropna()
    claims = arms_share_claims()
    claim_text = "; ".join(f"{c['label']} for {c['first_year']}" + (f"–{c['last_year']}" if c["last_year"] != c["first_year"] else "")
                           for _, c in claims.iterrows())
    in_2014 = (f" In 2014 it is {a.loc[2014]:.1f}% (360info) or {b.loc[2014]:.1f}% (register)."
               if 2014 in a.index and 2014 in b.index else "")
    return (f"Line chart of China's share of Russia's arms deliveries, in percent of SIPRI trend-indicator values, by year. "
            f"The 360info copy of SIPRI's table covers {int(a.index.min())}–{int(a.index.max())}, the trade-register sums "
            f"{int(b.index.min())}–{int(b.index.max())}. {_agreement_sentence(close)} "
            f"The 360info share is {a.iloc[0]:.1f}% in {int(a.index.min())} and peaks at {a.max():.1f}% in {int(a.idxmax())}."
            f"{in_2014} The register gives {b.iloc[-1]:.1f}% in {int(b.index.max())}. "
            f"Shaded bands mark the readings' claims: {claim_text or 'none'}.")


def plot_arms_dates(table: pd.DataFrame | None = None):
    """Timeline: SIPRI order and delivery years of each weapon named in a dated claim, with the years the readings give.

    A reading that names the weapon but gives no year in its text (``year_in_reading`` empty) gets no marker;
    a note under the weapon's row names it instead.
    """

    table = dated_arms_claims() if table is None else table
    weapons = list(dict.fromkeys(table["weapon"]))
    fig, ax = new_figure(8.5, 1.1 * max(len(weapons), 1) + 1.8)
    articles = list(dict.fromkeys(table["article_id"]))
    for i, weapon in enumerate(weapons):
        rows = table[table["weapon"] == weapon]
        first, last = (int(x) for x in rows["sipri_deliveries"].iloc[0].split("–"))
        order = int(rows["sipri_order_year"].iloc[0])
        ax.plot([first - 0.3, last + 0.3], [i, i], color="#999999", linewidth=8, solid_capstyle="butt",
                label="SIPRI deliveries" if i == 0 else None, zorder=1)
        ax.scatter([order], [i], marker="|", s=500, color="#000000", linewidth=3, zorder=3, label="SIPRI order year" if i == 0 else None)
        dated = rows[rows["year_in_reading"].notna()]
        for j, (_, row) in enumerate(dated.iterrows()):
            k = articles.index(row["article_id"])
            ax.scatter([int(row["year_in_reading"])], [i + 0.18 + 0.12 * j], marker=MARKERS[k], s=70, color=CATEGORICAL[k],
                       edgecolor="#333333", zorder=4, label=row["article_id"])
        undated = list(dict.fromkeys(rows.loc[rows["year_in_reading"].isna(), "article_id"]))
        if undated:
            ax.annotate(f"no year in the text: {', '.join(undated)}", (first - 0.3, i - 0.3), fontsize=8, va="center")
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    ax.set_yticks(range(len(weapons)), weapons)
    ax.set_ylim(-0.6, len(weapons) - 0.2)
    ax.set_xlabel("year")
    ax.set_title("Russia-to-China deals: SIPRI order and delivery years vs the readings")
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.supxlabel("Source: SIPRI trade register (data/reference/sipri_russia_to_china_deals.csv); units: calendar years.", fontsize=8, x=0.01, ha="left")
    return fig


def arms_dates_alt_text(table: pd.DataFrame | None = None) -> str:
    """Describe :func:`plot_arms_dates` in words."""
    table = dated_arms_claims() if table is None else table
    parts = []
    for weapon, rows in table.groupby("weapon", sort=False):
        dated = rows[rows["year_in_reading"].notna()]
        undated = list(dict.fromkeys(rows.loc[rows["year_in_reading"].isna(), "article_id"]))
        claims = ", ".join(f"{r['article_id']} {int(r['year_in_reading'])}" for _, r in dated.iterrows()) or "none"
        text = (f"{weapon}: SIPRI order {rows['sipri_order_year'].iloc[0]}, deliveries {rows['sipri_deliveries'].iloc[0]}; "
                f"readings give {claims}")
        if undated:
            text += f" ({', '.join(undated)} names it but gives no year in its text, so it has no marker)"
        parts.append(text)
    return "Timeline chart, one row per weapon, years on the horizontal axis. " + "; ".join(parts) + "."


def plot_exercise_counts(until: int | None = None):
    """Stacked bars: the partial list's joint exercises per year, by format group."""

    counts = exercise_counts(until)
    fig, ax = new_figure(8.5, 4.2)
    bottom = np.zeros(len(counts))
    hatches = ["", SUPPORTS_HATCHES["necessity"], SUPPORTS_HATCHES["ambiguous"]]
    for i, column in enumerate(counts.columns):
        years, height, start = drawn_bars(counts.index, counts[column], bottom)
        ax.bar(years, height, bottom=start, color=CATEGORICAL[i], hatch=hatches[i], edgecolor="#333333",
               linewidth=0.6, label=column)
        bottom = bottom + counts[column].to_numpy()
    ax.set_xlabel("year")
    ax.set_ylabel("exercises in the partial list (count)")
    ax.set_title("China–Russia joint exercises by year: a PARTIAL list (count)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, loc="upper left", fontsize=9)
    fig.supxlabel("Source: hand-built partial list from stored pages (data/reference/china_russia_joint_exercises_partial.csv); "
             "units: exercises. Not exhaustive.", fontsize=8, x=0.01, ha="left")
    return fig


def exercise_counts_alt_text(until: int | None = None) -> str:
    """Describe :func:`plot_exercise_counts` in words."""
    counts = exercise_counts(until)
    totals = counts.sum()
    per_year = ", ".join(f"{int(y)}: {int(n)}" for y, n in counts.sum(axis=1).items())
    return (f"Stacked bar chart of the {int(totals.sum())} exercises in the course's partial list by year, "
            f"{int(counts.index.min())}–{int(counts.index.max())}, split into " +
            ", ".join(f"{name} ({int(n)})" for name, n in totals.items()) + f". Per year: {per_year}.")


# ------------------------------------------------------------------ value or volume? (the 2015 fall)

#: What the course's sources support about the 2014-2015 fall, and in which unit.
VALUE_VOLUME_READING = (
    "In current US dollars, turnover fell by about 28% (IMF DOTS, both reporters). Over the same years the price of "
    "oil, Russia's main export to China, fell by about 47% (BP), and the rouble lost about 72% against the dollar "
    "(March 2014-December 2015, Chinese embassy). Chinese officials said China's imports of Russian oil held at 2014 "
    "levels (embassy) or grew (commerce ministry). So the data support 'the value of trade went sharply down'; they "
    "do not show that the volume of goods did. 'Volume' is often used loosely for value: ask which the author meant.")


def value_vs_volume(first: int = 2014, last: int = 2015) -> pd.DataFrame:
    """Return the 2014-2015 fall in trade beside what moved under it: turnover and Russia's exports to China (IMF DOTS,
    current USD), the oil price, the rouble and the physical volume of China's oil imports from Russia (stored pages).

    Each row gives its unit and source; rows the sources describe only in words have no numbers.
    """
    imf = load_table("trade_imf").set_index("year")
    rows = []
    for label, column in (("China-Russia turnover, China-reported", "china_reported_turnover_usdm"),
                          ("Russia's exports to China, Russia-reported", "russia_exports_to_china_fob_usdm")):
        a, b = float(imf.loc[first, column]) / 1000, float(imf.loc[last, column]) / 1000
        rows.append({"measure": label, "value_first": round(a, 1), "value_last": round(b, 1),
                     "change_pct": round(100 * (b / a - 1), 1), "unit": "USD billion, current prices (value)",
                     "source": SOURCE_NAMES["trade_imf"], "note": ""})
    extra = load_table("value_vs_volume")
    extra = extra[(extra["year_from"] == first) & (extra["year_to"] == last)]
    for _, r in extra.iterrows():
        has_levels = pd.notna(r["value_from"]) and pd.notna(r["value_to"])
        change = (round(100 * (float(r["value_to"]) / float(r["value_from"]) - 1), 1) if has_levels
                  else (float(r["change_pct_reported"]) if pd.notna(r["change_pct_reported"]) else None))
        rows.append({"measure": r["measure"], "value_first": float(r["value_from"]) if has_levels else None,
                     "value_last": float(r["value_to"]) if has_levels else None, "change_pct": change,
                     "unit": r["unit"], "source": f"{r['source_name']} ({r['url']})", "note": r["note"]})
    return pd.DataFrame(rows, columns=["measure", "value_first", "value_last", "change_pct", "unit", "source", "note"])


# ------------------------------------------------------------------ Blank's checkable claims

#: Blank (2016)'s checkable events and weapons, each tested against a cited source the same way as the others.
#: verdict: consistent / not consistent / disputed (sources disagree) / not settled (no course source settles it).
BLANK_CHECKS: list[dict[str, str]] = [
    {"evidence_id": "blank-2016-07", "claim": "bilateral trade 'has steadily fallen'",
     "what_sources_show": "IMF DOTS: turnover fell in 2015 (-28.7% China-reported) but rose a little in 2016 "
                          "(68.0 to 69.8 USD bn China-reported; 63.6 to 66.1 Russia-reported).",
     "sources": "data/reference/imf_dots_china_russia_1992_2020.csv", "verdict": "not consistent",
     "note": "'Steadily' is not borne out for 2016, the year Blank wrote; in current USD, and see the value/volume case."},
    {"evidence_id": "blank-2016-23", "claim": "Moscow 'was selling' China the S-400, the Su-35 'and the Amur-class submarine'",
     "what_sources_show": "SIPRI's register (generated January 2025) has the S-400 and Su-35 orders (2015) but no Amur or "
                          "Lada-class submarine order or delivery. Kommersant reported a framework agreement for four Amur-1650 "
                          "in December 2012 with a firm contract 'no earlier than 2015' (Defense News, "
                          "https://intercepts.defensenews.com/2012/12/china-might-buy-buy-4-amur-subs/); no stored page shows "
                          "a contract.",
     "sources": "data/reference/sipri_russia_to_china_deals.csv; Defense News / Kommersant (2012)", "verdict": "not settled",
     "note": "A reported framework agreement is not a sale; 'was selling' overstates what the sources show, but talks "
             "did exist. Treat the submarine as unconfirmed, not as evidence of an arms alliance."},
    {"evidence_id": "blank-2016-25", "claim": "Russia 'may now sell' China the nuclear-capable Kalibr for its Kilo submarines",
     "what_sources_show": "SIPRI records a 3M-54E Club missile deal ordered in 2002 (150 delivered 2005-2009), the same year "
                          "as the Project-636E Kilo order, and no missile order after 2016. A Vietnamese news page "
                          "(https://kienthuc.net.vn/vu-khi/tau-ngam-kilo-trung-quoc-co-ten-lua-diet-ham-klub-292069.html) "
                          "describes the Klub-S submarine version's 3M-54E as an anti-ship missile of about 200 km and says "
                          "China never confirmed its Kilos carry it; Russia's own Kalibr is given about 2,500 km (Sputnik France).",
     "sources": "data/reference/sipri_russia_to_china_deals.csv; kienthuc.net.vn; fr.sputniknews.africa (2018)",
     "verdict": "not settled",
     "note": "No course source says whether the 'Kalibr' Blank means is the export Club China already had, or a longer-range, "
             "nuclear-capable version; no sale of the latter is recorded to January 2025."},
    {"evidence_id": "blank-2016-26", "claim": "the Russian Pacific Fleet 'joined with China's Navy' to 'sail into the disputed "
                                             "Senkaku/Diaoyu islands'",
     "what_sources_show": "The Financial Times (English text on an FT Chinese mirror, https://ft.csccsc.cc/story/001068140/en): on "
                          "8-9 June a Russian destroyer and support ships entered the islands' 24-nautical-mile contiguous zone, "
                          "and a Chinese frigate entered it for the first time, then curved round 'to intercept and match the "
                          "Russian vessel's course'. Japan's defence ministry (via the SCMP, 2022) counts June 2016 as the "
                          "first time a Chinese warship entered the zone 'with Russian military vessels'.",
     "sources": "Financial Times (2016) via ft.csccsc.cc; SCMP (2022); Japan Times (2022)", "verdict": "disputed",
     "note": "The ships entered the contiguous zone, not the islands' territorial waters; whether the two navies acted "
             "together or the Chinese frigate shadowed the Russian ships is read differently by the sources."},
]


def blank_checks() -> pd.DataFrame:
    """Return :data:`BLANK_CHECKS` with each claim's quote from the evidence table (rows not in it are left out)."""
    quotes = load_evidence().set_index("evidence_id")["quote"]
    rows = [{**item, "quote": quotes[item["evidence_id"]]} for item in BLANK_CHECKS if item["evidence_id"] in quotes.index]
    return pd.DataFrame(rows, columns=["evidence_id", "quote", "claim", "what_sources_show", "sources", "verdict", "note"])


# ================================================================ the lesson's questions
def _brent_change() -> float:
    table = load_table("value_vs_volume")
    brent = table[table["measure"].str.startswith("Brent")].iloc[0]
    return round(float(100 * (brent["value_to"] / brent["value_from"] - 1)), 1)


def _imf_fall_2015() -> float:
    table = trade_change(2014, 2015)
    return float(table.loc[table["source"] == "IMF DOTS, China-reported", "change_pct_from_levels"].iloc[0])


def _other_fall_2015(source_start: str, column: str) -> list[float]:
    """The 2014–2015 changes (%) other rows of ``trade_change(2014, 2015)`` give: likely answers from the wrong row."""
    table = trade_change(2014, 2015)
    values = table.loc[table["source"].str.startswith(source_start), column].dropna()
    return [float(v) for v in values]


def _is_other_fall(answer: float, source_start: str, column: str) -> bool:
    return any(close_to(answer, v, 0.05) for v in _other_fall_2015(source_start, column))


def _imf_ratio_reversed() -> float:
    """The change computed the wrong way round, (2014 / 2015 - 1) × 100: a likely slip."""
    imf = load_table("trade_imf").set_index("year")["china_reported_turnover_usdm"]
    return round(100 * (float(imf.loc[2014]) / float(imf.loc[2015]) - 1), 1)


def _gacc_implied_2015() -> float:
    """The 2015 level implied by the GACC news page's reported change on its own 2014 base (USD bn, 1 decimal)."""
    table = trade_change(2014, 2015)
    row = table[table["note"] != ""].iloc[0]
    return round(float(row["turnover_first_usd_bn"]) * (1 + float(row["change_pct_reported"]) / 100), 1)


def _china_export_share_2017() -> float:
    imf = load_table("trade_imf").set_index("year")
    return float(imf.loc[2017, "china_share_of_russia_exports_pct"])


def _pooled_1990s() -> float:
    return float(pooled_share(load_table("arms_share_360info"), 1990, 1999))


def _mean_1990s() -> float:
    return float(mean_share(load_table("arms_share_360info"), 1990, 1999))


def _register_pooled_1990s() -> float | None:
    return pooled_share(load_table("arms_share_register"), 1990, 1999, "delivery_year")


def _is_mean(answer: float) -> bool:
    return close_to(answer, _mean_1990s(), 0.05)


def _is_register_pooled(answer: float) -> bool:
    return close_to(answer, _register_pooled_1990s(), 0.05)


_Q4_ASKED = ("The question asks for the 360info copy (1992–1999), pooled: sum China's TIV over those years and divide "
             "by the sum of Russia's totals.")


def _order_year(key: str) -> int:
    deals = load_table("arms_deals")
    deals = deals[(deals["designation"].map(weapon_key) == key) & (deals["category"] != "Engines")]
    return int(deals["order_year"].min())


def questions() -> list[Question]:
    """q1 trade fall; q2 GACC implied level; q3 export share 2017; q4 pooled arms share 1990s; q5 S-400 order year; q6 verdict choice;
    q7 the oil price change, computed from two columns; q8 open."""
    return [
        Question("q1", "fall_2015_pct", "number", tolerance=0.15, expected=_imf_fall_2015,
                 hints=[(lambda a, e: close_to(-a, e, 0.15), "Right size, wrong sign: a fall is a negative change."),
                        (lambda a, e: -1 < a < 0 and close_to(100 * a, e, 0.2), "That looks like a fraction; give the change in percent (e.g. -12.3)."),
                        (lambda a, e: close_to(a, _imf_ratio_reversed(), 0.3), "You divided the wrong way round: the change is (2015 / 2014 - 1) × 100."),
                        (lambda a, e: _is_other_fall(a, "GACC", "change_pct_reported"),
                         "That is the change the China customs (GACC) news pages report (`change_pct_reported`). The question asks "
                         "for the IMF DOTS figures as reported by China: compute the change from that row's two levels."),
                        (lambda a, e: _is_other_fall(a, "GACC", "change_pct_from_levels"),
                         "That is the change computed from a news page's levels (China customs via news). The question asks for "
                         "the IMF DOTS figures as reported by China."),
                        (lambda a, e: _is_other_fall(a, "IMF DOTS, Russia", "change_pct_from_levels"),
                         "That is the change as Russia reported it to the IMF; the question asks for the China-reported figures."),
                        (lambda a, e: a < -30 or -27 < a < 0, "Use the IMF DOTS China-reported turnover (`china_reported_turnover_usdm`) for 2014 and 2015.")],
                 fallback_hint="Compute (turnover 2015 / turnover 2014 - 1) × 100 from the China-reported IMF column, rounded to 1 decimal."),
        Question("q2", "gacc_implied_2015", "number", tolerance=0.05, expected=_gacc_implied_2015,
                 hints=[(lambda a, e: close_to(a, 64.2, 0.05), "64.2 is the level the page prints; the question asks what its reported change implies."),
                        (lambda a, e: close_to(a, e, 0.15),
                         "Close. Start from the news table's own 2014 row (the `turnover_first_usd_bn` the table shows), and round "
                         "to 1 decimal rather than cutting digits off."),
                        (lambda a, e: a < 10, "Give a level in USD billion, not a change."),
                        (lambda a, e: a > 100, "A fall means the 2015 level is below the 2014 base.")],
                 fallback_hint="Multiply the 2014 base by (1 + reported change / 100); the reported change is negative."),
        Question("q3", "export_share_2017", "number", tolerance=0.05, expected=_china_export_share_2017,
                 hints=[(lambda a, e: close_to(a, 11, 0.01), "11 is the article's rounded figure; give the IMF DOTS value."),
                        (lambda a, e: close_to(a, float(load_table("trade_imf").set_index("year").loc[2017, "china_share_of_russia_imports_pct"]), 0.05),
                         "That is China's share of Russia's imports; the question asks about exports."),
                        (lambda a, e: 0 < a < 1, "Give a percentage, as the table does (e.g. 12.3), not a fraction.")],
                 fallback_hint="Look up `china_share_of_russia_exports_pct` for 2017 in the IMF DOTS table."),
        Question("q4", "pooled_share_1990s", "number", tolerance=0.15, expected=_pooled_1990s,
                 hints=[(lambda a, e: _is_mean(a) and _is_register_pooled(a),
                         "That figure matches two other cells of the table: the mean of the 360info copy's yearly shares, and the "
                         "pooled share of the trade-register copy (which starts only in 1995). " + _Q4_ASKED),
                        (lambda a, e: _is_mean(a), "That is the mean of the 360info copy's yearly shares (each year counted the same). " + _Q4_ASKED),
                        (lambda a, e: _is_register_pooled(a),
                         "That is the pooled share of the trade-register copy, which starts only in 1995. " + _Q4_ASKED),
                        (lambda a, e: 0 < a < 1, "Give a percentage (e.g. 12.3), not a fraction."),
                        (lambda a, e: a >= 40, "Is that the article's figure? Compute it from SIPRI's table for 1992–1999.")],
                 fallback_hint="Sum `russia_to_china_tiv_m` and `russia_total_tiv_m` over 1992–1999 in the 360info table; divide and × 100; round to 1 decimal."),
        Question("q5", "s400_order_year", "integer", expected=lambda: _order_year("S-400"),
                 hints=[(lambda a, e: a == 2014, "2014 is the year two readings give; what year does SIPRI record for the order?"),
                        (lambda a, e: a > e, "That is a delivery year; SIPRI records the order earlier.")],
                 fallback_hint="Find the S-400 row in `sipri_russia_to_china_deals.csv` and read `order_year`."),
        Question("q6", "why_arms_differ", "choice", choices=["A", "B", "C", "D"], expected=lambda: "B",
                 hints=[(lambda a, e: a == "A", "Nothing shipped shows SIPRI missing the 1990s: two SIPRI tables, generated years apart, agree. "
                                                "And a figure with no source is not to be preferred to one with a source: ask what each measures."),
                        (lambda a, e: a == "C", "The two SIPRI copies differ in a few recent years, but over the 1990s they are within a couple of points "
                                                "of each other (see the table of pooled and mean shares): far closer to each other than to the article's 40%."),
                        (lambda a, e: a == "D", "Compute it: the table of pooled and mean shares above gives the mean of the yearly "
                                                "shares as well as the pooled share. Is either near 40%?")],
                 fallback_hint="Compare the article's words ('40%', 'after 1989', no source) with what SIPRI measures and which years."),
        Question("q7", "oil_change_pct", "number", tolerance=0.11, expected=_brent_change,
                 hints=[(lambda a, e: close_to(a, -e, 0.11), "The oil price fell: the change is negative."),
                        (lambda a, e: close_to(a, e / 100, 0.011), "That is a fraction; multiply by 100 for percent."),
                        (lambda a, e: close_to(a, 1 + e / 100, 0.011), "That is the ratio 2015 / 2014; the change in percent is (ratio − 1) × 100."),
                        (lambda a, e: close_to(a, -28.7, 0.2), "That is the fall in trade turnover; the question asks about the oil price.")],
                 fallback_hint="Take the Brent row of `vv`: (value_last / value_first − 1) × 100, rounded to one decimal."),
        Question("q8", "what_counts_as_tested", "prose", min_words=40),
    ]


# ------------------------------------------------------------------ lesson 14: after February 2022

