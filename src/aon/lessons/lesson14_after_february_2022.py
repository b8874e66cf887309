"""Score the readings' forecasts and judgements against what followed.

The five readings the course ships were published by 20 February 2022 at the
latest (see ``data/articles.csv``; a reading an instructor adds may be later,
and the figures follow the latest date in the data). The evidence table marks the authors' own
predictions (``evidence_type == "forecast"``) and assessments (``"judgement"``).
This module builds a scoring sheet of those rows, lists what the course's
shipped data show about the years after each reading, and summarises a
student's scores. It never scores a row itself: :data:`SUGGESTED_SCORES` is
the course's suggestion for a few rows, as material for discussion only.

>>> from aon.lessons.lesson14_after_february_2022 import scoring_sheet, what_followed, score_summary
>>> sheet = scoring_sheet()          # one row per forecast or judgement, a blank score column
>>> what_followed()                  # facts after 2021 from the shipped data, each with its source
"""
from __future__ import annotations

import difflib
import re

import pandas as pd

from ..checks import Question
from ..data import check_article_id, load_articles, load_table, resource
from ..documents import load_record
from ..errors import did_you_mean
from ..evidence import load_evidence
from ..palette import CATEGORICAL, MARKERS
from ..plots import new_figure

#: The four scores a student can give a forecast or judgement.
SCORES: list[str] = ["borne out", "not borne out", "too vague", "data cannot settle"]

#: What each score means, for the notebook and for help().
SCORE_MEANINGS: dict[str, str] = {
    "borne out": "what followed, as the shipped data show it, is what the author said would happen or said was the case",
    "not borne out": "the shipped data show something clearly different from what the author said",
    "too vague": "no outcome could show it wrong: hedged ('may', 'possible'), no time frame, or no observable test",
    "data cannot settle": "testable in principle, but the course ships no data that measure it",
}

#: The 4 February 2022 joint statement, exactly as FACTS.md gives it (Kremlin English text; translations vary).
JOINT_STATEMENT_2022 = {
    "title": ("Joint Statement of the Russian Federation and the People's Republic of China on the International "
              "Relations Entering a New Era and the Global Sustainable Development"),
    "date": "4 February 2022",
    "quote": ("Friendship between the two States has no limits, there are no 'forbidden' areas of cooperation, "
              "strengthening of bilateral strategic cooperation is neither aimed against third countries nor affected "
              "by the changing international environment and circumstantial changes in third countries."),
    "source": "Kremlin English text, as given in data/reference/FACTS.md; translations vary",
}

#: The shipped data a forecast can be read against: label -> (what it measures, its tables in data/datapackage.json).
SHIPPED_DATA: dict[str, tuple[str, tuple[str, ...]]] = {
    "trade": ("China–Russia trade turnover, national totals in current USD: IMF DOTS to 2020, China customs (GACC) "
              "headline figures via news pages to 2025 (no regional or price data)", ("trade_imf", "trade_gacc_news")),
    "gas": ("Power of Siberia gas deliveries 2020–2025, bcm (Gazprom via TASS)", ("gas_power_of_siberia",)),
    "arms": ("SIPRI: Russia's arms deliveries to China to 2024 and its deals, in TIV (not USD)",
             ("arms_share_register", "arms_deals")),
    "exercises": ("partial, hand-built list of joint exercises to 2022 (not exhaustive)", ("exercises_partial",)),
}

#: Which shipped data bear on each theme (themes not listed: none, unless the row's words name a measured topic).
THEME_DATA: dict[str, tuple[str, ...]] = {
    "energy": ("gas",),
    "economy_trade": ("trade",),
    "asymmetry_status": ("trade",),
    "russian_far_east": ("trade",),
    "arms_trade": ("arms",),
    "joint_exercises": ("exercises", "arms"),
}

#: Words in a row's quote or claim that point to a shipped data set whatever the row's theme
#: (e.g. "the economic foundation is so narrow", coded leadership_regime, still bears on trade).
KEYWORD_DATA: dict[str, tuple[str, ...]] = {
    r"\b(?:econom\w*|trade|trading|markets?|exports?|investments?)\b": ("trade",),
    r"\b(?:gas|pipelines?|power of siberia)\b": ("gas",),
    r"\b(?:arms|weapons?|missiles?|military[ -](?:cooperation|projects?|industry|technology))\b": ("arms",),
    r"\b(?:exercises?|drills?|military[ -](?:cooperation|projects?))\b": ("exercises",),
}
NO_DATA = "none shipped"


def shipped_files(label: str) -> list[str]:
    """Return the paths (from the repository root) of the files behind one entry of :data:`SHIPPED_DATA`."""
    return [f"data/{resource(name)['path']}" for name in SHIPPED_DATA[label][1]]


def shipped_data_table() -> pd.DataFrame:
    """Return one row per shipped data set: its label (as in the sheet's ``shipped_data`` column), what it measures, its files."""
    return pd.DataFrame([{"data": label, "measures": what, "files": ", ".join(shipped_files(label))}
                         for label, (what, _) in SHIPPED_DATA.items()]).set_index("data")


def data_for_row(theme: str, text: str) -> list[str]:
    """Return the labels of :data:`SHIPPED_DATA` that bear on a row, from its theme and the words of its quote and claim."""
    labels = list(THEME_DATA.get(theme, ()))
    for pattern, found in KEYWORD_DATA.items():
        if re.search(pattern, text, flags=re.IGNORECASE):
            labels += found
    return [label for label in SHIPPED_DATA if label in labels]


def _shipped_data_cell(theme: str, text: str) -> str:
    labels = data_for_row(theme, text)
    if not labels:
        return NO_DATA
    return "; ".join(f"{label}: {', '.join(shipped_files(label))}" for label in labels)


#: The course's own suggested scores for a few rows: discussion material, not a verdict.
SUGGESTED_SCORES: dict[str, tuple[str, str]] = {
    "bear-dragon-nd-36": ("borne out",
                          "On the economic measures the course ships, the partnership grew: China customs turnover rose every year "
                          "from 2021 to 2024 (it then fell 6.9% in 2025) and Power of Siberia deliveries rose every year to 2025. "
                          "'Flourish' is vague, and the "
                          "data say nothing about political warmth."),
    "baev-2021-31": ("too vague",
                     "'It is possible that [the] partnership has peaked' is hedged: no outcome can show a possibility wrong. If it is "
                     "read as a forecast, trade and gas after 2021 rose, which points against it."),
    "baev-2021-32": ("data cannot settle",
                     "The record shows both sides of it: after the 2022 sanctions there were more summits, rising gas deliveries "
                     "and joint bomber patrols (data/record.csv: summit-2023-03-20, energy-2024, military-2024-07-24), but also "
                     "China's abstentions on the annexation votes and, by the US account, no weapons (un-ga-2022-10-12, "
                     "declined-2024-05-14). Whether sanctions or NATO *caused* any closeness is not in the course's sources."),
    "rusi-2022-19": ("too vague",
                     "'Continue to evolve' with 'obstacles' fits almost any outcome: joint exercises went on in 2022 (partial list), "
                     "and SIPRI's recorded deliveries to China were {sipri_deliveries_since_2021}. Both halves can be read as "
                     "borne out, which is the problem."),
    "rusi-2022-22": ("borne out",
                     "The record (data/record.csv, row leadership-2022-10-23) has Xi re-elected general secretary for a third "
                     "term at the 20th Central Committee's first plenary session on 23 October 2022 (Xinhua's communique as "
                     "reported by ThisDay and Business Standard). 'At the end of 2022' is roughly right; the forecast's other "
                     "half, Beijing's 'low risk appetite', has no measure in the course's sources."),
    "blank-2016-25": ("not borne out",
                      "'May' hedges it, so 'too vague' is defensible too. SIPRI's register (generated January 2025) records no "
                      "Russia-to-China deal for any missile ordered after 2016; the only later orders are transport helicopters. "
                      "It does record an earlier missile deal that may be relevant: {club_deal}, years before Blank wrote. "
                      "The course's data do not say whether that is the Kalibr Blank means (or a version of it); if it is, "
                      "ask what new sale 'may now' refers to. Check a reliable source before you score it."),
}


def _sipri_deliveries_since(year: int) -> str:
    """SIPRI's recorded Russian deliveries to China from ``year`` on, in words, e.g. "467 in 2021, 498 in 2022 ... (TIV million)"."""
    arms = load_table("arms_share_register").dropna(subset=["russia_to_china_tiv_m"])
    arms = arms[arms["delivery_year"] >= year].sort_values("delivery_year")
    pairs = [f"{float(v):g} in {int(y)}" for y, v in zip(arms["delivery_year"], arms["russia_to_china_tiv_m"])]
    if not pairs:
        return f"not recorded after {year - 1} in the shipped copy"
    text = pairs[0] if len(pairs) == 1 else ", ".join(pairs[:-1]) + " and " + pairs[-1]
    return text + " (TIV million)"


def deal_in_words(designation_contains: str) -> str:
    """Describe SIPRI's Russia-to-China deals whose designation contains the given text, from the deals table.

    E.g. ``"3M-54E Club (anti-ship/land-attack missile): ordered 2002, 150 delivered 2005–2009"``; several deals
    are joined with "; ". Returns "no such deal in the shipped register" if none matches.
    """
    deals = load_table("arms_deals")
    rows = deals[deals["designation"].str.contains(designation_contains, case=False, regex=False)]
    if rows.empty:
        return "no such deal in the shipped register"
    parts = []
    for _, r in rows.sort_values("order_year").iterrows():
        ordered = f"ordered {int(r['order_year'])}{' (SIPRI estimate)' if bool(r['order_year_is_estimate']) else ''}"
        first, last = int(r["first_delivery_year"]), int(r["last_delivery_year"])
        span = f"{first}" if first == last else f"{first}–{last}"
        parts.append(f"{str(r['designation']).strip()} ({r['description']}): {ordered}, "
                     f"{int(r['number_delivered'])} delivered {span}")
    return "; ".join(parts)


def _fill_why(why: str) -> str:
    """Fill the data-driven figures into a suggestion's reason."""
    if "{" not in why:
        return why
    return why.format(sipri_deliveries_since_2021=_sipri_deliveries_since(2021), club_deal=deal_in_words("Club"))


def forecast_rows(evidence: pd.DataFrame | None = None, types: tuple[str, ...] = ("forecast", "judgement")) -> pd.DataFrame:
    """Return the authors' forecasts and judgements, in reading order, with the reading's latest possible date."""
    evidence = load_evidence() if evidence is None else evidence
    articles = load_articles()
    order = {a: i for i, a in enumerate(articles["article_id"])}
    latest = articles.set_index("article_id")["date_latest"]
    rows = evidence[evidence["evidence_type"].isin(types)].copy()
    rows["published_by"] = rows["article_id"].map(latest).dt.strftime("%Y-%m-%d")
    rows = rows.assign(_order=rows["article_id"].map(order)).sort_values(["_order", "start"], kind="stable")
    return rows[["evidence_id", "article_id", "published_by", "evidence_type", "theme", "supports", "quote", "claim"]].reset_index(drop=True)


def scoring_sheet(evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the scoring sheet: each forecast or judgement, the shipped files that bear on it, and blank
    ``my_score`` and ``my_reason`` columns for the student to fill.

    ``shipped_data`` names the files (see :func:`shipped_data_table`) that bear on the row's theme
    (:data:`THEME_DATA`) or on what its quote or claim mentions (:data:`KEYWORD_DATA`), or "none shipped".
    A file that bears on a row does not settle it: that is the student's judgement."""
    rows = forecast_rows(evidence)
    rows["shipped_data"] = [_shipped_data_cell(theme, f"{quote} {claim}")
                            for theme, quote, claim in zip(rows["theme"], rows["quote"], rows["claim"])]
    rows["my_score"] = ""
    rows["my_reason"] = ""
    return rows


def sheet_rows(sheet: pd.DataFrame, article_id: str,
               columns: tuple[str, ...] = ("evidence_id", "published_by", "evidence_type", "theme", "quote", "shipped_data"),
               ) -> pd.DataFrame:
    """Return the rows of one reading on the scoring sheet, with the given columns.

    A mistyped reading id gets a message with the closest real one (a :class:`~aon.errors.CourseError`).
    A reading with no forecast or judgement gives an empty table.
    """
    article_id = check_article_id(article_id, load_articles()["article_id"].tolist())
    return sheet.loc[sheet["article_id"] == article_id, list(columns)].reset_index(drop=True)


def suggested_scores(evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the course's suggested scores for the rows in :data:`SUGGESTED_SCORES` that exist (discussion material)."""
    rows = forecast_rows(evidence).set_index("evidence_id")
    out = [{"evidence_id": eid, "article_id": rows.loc[eid, "article_id"], "quote": rows.loc[eid, "quote"],
            "suggested_score": score, "why": _fill_why(why)}
           for eid, (score, why) in SUGGESTED_SCORES.items() if eid in rows.index]
    table = pd.DataFrame(out, columns=["evidence_id", "article_id", "quote", "suggested_score", "why"])
    order = {a: i for i, a in enumerate(load_articles()["article_id"])}
    return table.assign(_o=table["article_id"].map(order)).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


_NEGATION = re.compile(r"\b(?:not|no|never|cannot)\b|n't\b", flags=re.IGNORECASE)
_QUALIFIERS = re.compile(r"\b(?:partly|partially|part|mostly|largely|half|somewhat|mixed|mainly|broadly)\b", flags=re.IGNORECASE)


def score_message(evidence_id: str, score: object) -> str | None:
    """Return why ``score`` is not one of :data:`SCORES` (None if it is, after trimming and lower-casing).

    A suggestion is offered only for a spelling slip ("bourne out") and never across a negation: "partly borne out"
    is not told "not borne out". A qualified score ("partly", "mostly") is told the sheet has no partial scores.
    """
    cleaned = str(score).strip().lower()
    if cleaned in SCORES:
        return None
    message = f"{evidence_id}: '{score}' is not a score."
    qualifier = _QUALIFIERS.search(cleaned)
    if qualifier:
        message += (" The sheet has no partial scores: choose the one that fits best and put the "
                    f"'{qualifier.group(0)}' in your reason.")
    else:
        same_sense = [s for s in SCORES if bool(_NEGATION.search(s)) == bool(_NEGATION.search(cleaned))]
        close = difflib.get_close_matches(cleaned, same_sense, n=1, cutoff=0.8)
        if close:
            message += f" Did you mean '{close[0]}'?"
    return message + f" The four scores are: {', '.join(repr(s) for s in SCORES)}."


def score_problems(sheet: pd.DataFrame) -> list[str]:
    """Return a message for each filled ``my_score`` that is not one of :data:`SCORES` (empty means: not scored yet)."""
    problems = []
    for _, row in sheet.iterrows():
        if str(row["my_score"]).strip():
            message = score_message(row["evidence_id"], row["my_score"])
            if message:
                problems.append(message)
    return problems


def id_message(evidence_id: object, known: list[str], evidence: pd.DataFrame | None = None) -> str:
    """Say why ``evidence_id`` is not on the scoring sheet: a real evidence row of another type, or an unknown id."""
    evidence = load_evidence() if evidence is None else evidence
    types = evidence.set_index("evidence_id")["evidence_type"]
    cleaned = str(evidence_id).strip().lower()
    if cleaned in known:
        return ""
    if cleaned in types.index:
        return (f"'{evidence_id}' is an evidence row, but its evidence_type is '{types[cleaned]}', not a forecast or "
                f"judgement, so it is not on the scoring sheet: score only rows listed on the sheet.")
    return f"'{evidence_id}' is not on the scoring sheet.{did_you_mean(str(evidence_id), known)}"


def dictionary_message(name: str, value: object, example: str) -> str | None:
    """Say why ``value`` is not a dictionary such as ``{"evidence-id": "..."}`` (None if it is one).

    A set (``{"rusi-2022-19", "too vague"}``, a comma where the colon should be) gets its own explanation.
    """
    if isinstance(value, dict):
        return None
    if isinstance(value, (set, frozenset)):
        return (f"`{name}` is a set, not a dictionary: inside {{ }} each entry needs a colon between the id and its text, "
                f"like {{{example}}}, not a comma. Nothing from `{name}` was used: change the commas between ids and "
                "their texts into colons and run the cell again.")
    return (f"`{name}` should be a dictionary, like {{{example}}}, but it is {type(value).__name__}. Nothing from "
            f"`{name}` was used: fix it and run the cell again.")


def apply_scores(sheet: pd.DataFrame, scores: dict[str, str], reasons: dict[str, str] | None = None,
                 evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a copy of ``sheet`` with ``my_score`` (and ``my_reason``) filled from dicts keyed by evidence id.

    Ids are read in any case ("RUSI-2022-19"). Prints one line for each id that is not on the sheet (saying when it
    is a real evidence row that is not a forecast or judgement), for each score that is not one of :data:`SCORES`,
    and for each reason filed under an id not on the sheet; those entries are left out, so a typo never stops the
    notebook. If ``scores`` or ``reasons`` is not a dictionary (a set, written with a comma instead of a colon, is
    the usual slip), a message says what to write and that one is not used. ``evidence`` is the evidence table the
    sheet was built from (default: data/evidence.csv).
    """
    sheet = sheet.copy()
    known = sheet["evidence_id"].tolist()
    reasons = {} if reasons is None else reasons
    for name, value, example in (("my_scores", scores, '"rusi-2022-19": "too vague"'),
                                 ("my_reasons", reasons, '"rusi-2022-19": "which data, which years"')):
        message = dictionary_message(name, value, example)
        if message:
            print(message)
    scores = scores if isinstance(scores, dict) else {}
    reasons = reasons if isinstance(reasons, dict) else {}

    def on_sheet(evidence_id: object) -> str | None:
        cleaned = str(evidence_id).strip().lower()
        return cleaned if cleaned in known else None

    for evidence_id, score in scores.items():
        row_id = on_sheet(evidence_id)
        if row_id is None:
            print(id_message(evidence_id, known, evidence))
            continue
        message = score_message(row_id, score)
        if message:
            print(message)
            continue
        sheet.loc[sheet["evidence_id"] == row_id, "my_score"] = str(score).strip().lower()
    for evidence_id, reason in reasons.items():
        row_id = on_sheet(evidence_id)
        if row_id is None:
            print(f"Reason not filed: {id_message(evidence_id, known, evidence)}")
            continue
        sheet.loc[sheet["evidence_id"] == row_id, "my_reason"] = str(reason)
    return sheet


def score_summary(sheet: pd.DataFrame) -> pd.DataFrame:
    """Count a filled scoring sheet by reading (rows, every reading listed) and score (columns, plus 'not scored yet')."""
    scores = sheet["my_score"].astype(str).str.strip().str.lower()
    scores = scores.where(scores.isin(SCORES), "not scored yet")
    columns = [*SCORES, "not scored yet"]
    table = pd.crosstab(sheet["article_id"], scores) if len(sheet) else pd.DataFrame()
    table = table.reindex(index=load_articles()["article_id"].tolist(), columns=columns, fill_value=0)
    table.index.name, table.columns.name = "article_id", "score"
    return table


def articles_without_forecasts(evidence: pd.DataFrame | None = None) -> list[str]:
    """Return the readings (in reading order) with no forecast or judgement rows."""
    present = set(forecast_rows(evidence)["article_id"])
    return [a for a in load_articles()["article_id"] if a not in present]


# ------------------------------------------------------------------ what followed

def deals_ordered_after(year: int) -> pd.DataFrame:
    """Return SIPRI's Russia-to-China deals ordered after ``year`` (deliveries recorded through 2024)."""
    deals = load_table("arms_deals")
    return deals[deals["order_year"] > year].sort_values("order_year", ignore_index=True)


def what_followed(since: int = 2021) -> pd.DataFrame:
    """Return, year by year from ``since``, what the shipped data record, one row per series and year, each with source and unit.

    Series: China customs turnover (news pages), Power of Siberia deliveries, Russia's arms deliveries to China
    (SIPRI trade register) and exercises in the partial list. Nothing here is about the war in Ukraine itself:
    the course ships no such data.
    """
    rows = []
    gacc = load_table("trade_gacc_news").dropna(subset=["turnover_usd_bn"])
    for _, r in gacc[gacc["year"] >= since].iterrows():
        rows.append(("trade turnover, China customs", int(r["year"]), float(r["turnover_usd_bn"]), "USD billion",
                     f"GACC via news page ({r['reporting_body']})"))
    gas = load_table("gas_power_of_siberia").dropna(subset=["deliveries_bcm"])
    for _, r in gas[gas["year"] >= since].iterrows():
        rows.append(("Power of Siberia gas deliveries", int(r["year"]), float(r["deliveries_bcm"]), "bcm", "Gazprom via TASS"))
    arms = load_table("arms_share_register")
    for _, r in arms[arms["delivery_year"] >= since].iterrows():
        rows.append(("Russian arms deliveries to China", int(r["delivery_year"]), float(r["russia_to_china_tiv_m"]),
                     "TIV million (not USD)", "SIPRI trade register"))
    exercises = load_table("exercises_partial")
    counts = exercises[exercises["year"] >= since].groupby("year").size()
    for year, n in counts.items():
        rows.append(("joint exercises in the partial list", int(year), float(n), "count (list not exhaustive)",
                     "hand-built list from stored pages"))
    return pd.DataFrame(rows, columns=["series", "year", "value", "unit", "source"])


def plot_what_followed(since: int = 2019):
    """Four panels: trade turnover, gas deliveries, arms deliveries and listed exercises, ``since`` onwards, each with source and units."""

    fig, axes = new_figure(10, 7, nrows=2, ncols=2)
    imf = load_table("trade_imf")
    imf = imf[imf["year"] >= since]
    gacc = load_table("trade_gacc_news").dropna(subset=["turnover_usd_bn"])
    gacc = gacc[gacc["year"] >= since]
    ax = axes[0, 0]
    ax.plot(imf["year"], imf["china_reported_turnover_usdm"] / 1000, color=CATEGORICAL[0], marker=MARKERS[0], label="IMF DOTS, China-reported")
    ax.plot(gacc["year"], gacc["turnover_usd_bn"], color=CATEGORICAL[1], marker=MARKERS[1], linestyle="--", label="China customs via news")
    ax.set_title("Trade turnover (USD bn)\nIMF DOTS; GACC via news pages", fontsize=11)
    ax.set_ylabel("USD billion, current")
    ax.legend(frameon=False, fontsize=8)
    gas = load_table("gas_power_of_siberia").dropna(subset=["deliveries_bcm"])
    gas = gas[gas["year"] >= since]
    ax = axes[0, 1]
    ax.bar(gas["year"], gas["deliveries_bcm"], color=CATEGORICAL[2], edgecolor="#333333")
    ax.axhline(38, color="#333333", linestyle=":", linewidth=1)
    ax.annotate("contract: 38 bcm/yr (FACTS.md)", (gas["year"].min() - 0.4, 39), fontsize=8)
    ax.set_title("Power of Siberia gas deliveries (bcm)\nGazprom via TASS", fontsize=11)
    ax.set_ylabel("billion cubic metres a year")
    arms = load_table("arms_share_register")
    arms = arms[arms["delivery_year"] >= since]
    ax = axes[1, 0]
    ax.bar(arms["delivery_year"], arms["russia_to_china_tiv_m"], color=CATEGORICAL[3], edgecolor="#333333", hatch="//")
    ax.set_title("Russian arms deliveries to China (TIV m)\nSIPRI trade register", fontsize=11)
    ax.set_ylabel("TIV million (not USD)")
    ex = load_table("exercises_partial")
    counts = ex[ex["year"] >= since].groupby("year").size()
    ax = axes[1, 1]
    ax.bar(counts.index, counts.values, color=CATEGORICAL[4], edgecolor="#333333", hatch="..")
    ax.set_title("Joint exercises, PARTIAL list (count)\nhand-built from stored pages", fontsize=11)
    ax.set_ylabel("exercises listed")
    for ax in axes.flat:
        ax.set_xlabel("year")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#DDDDDD")
    last = load_articles()["date_latest"].max()
    fig.suptitle(f"What the course's data record, {since} onwards (the last reading was published by "
                 f"{last.day} {last:%B %Y})", fontsize=13)
    return fig


def what_followed_alt_text(since: int = 2019) -> str:
    """Describe :func:`plot_what_followed` in words, from the same data."""
    def series(pairs):
        return ", ".join(f"{int(y)}: {v:g}" for y, v in pairs)

    gacc = load_table("trade_gacc_news").dropna(subset=["turnover_usd_bn"])
    gacc = gacc[gacc["year"] >= since]
    imf = load_table("trade_imf")
    imf = imf[imf["year"] >= since]
    gas = load_table("gas_power_of_siberia").dropna(subset=["deliveries_bcm"])
    gas = gas[gas["year"] >= since]
    arms = load_table("arms_share_register")
    arms = arms[arms["delivery_year"] >= since]
    ex = load_table("exercises_partial")
    counts = ex[ex["year"] >= since].groupby("year").size()
    return ("Four-panel chart, years on each horizontal axis. Top left, line chart of trade turnover in USD billion: IMF DOTS "
            f"China-reported {series(zip(imf['year'], (imf['china_reported_turnover_usdm'] / 1000).round(1), strict=True))}; "
            f"China customs via news {series(zip(gacc['year'], gacc['turnover_usd_bn'], strict=True))}. "
            f"Top right, bars of Power of Siberia deliveries in bcm: {series(zip(gas['year'], gas['deliveries_bcm'], strict=True))}, "
            "with a dotted line at the contract's 38 bcm a year. "
            f"Bottom left, bars of Russian arms deliveries to China in TIV million: {series(zip(arms['delivery_year'], arms['russia_to_china_tiv_m'], strict=True))}. "
            f"Bottom right, bars of exercises in the partial list: {series(counts.items())}.")


# ------------------------------------------------------------------ the record since 2022: diagnostic evidence

#: What each reading leads us to expect after February 2022, observable by observable. ``diagnostic`` is "yes" where
#: the two expectations differ (the observation separates the readings), "no" where both expect the same, "partly"
#: where they differ only in degree. ``record_ids`` are the rows of data/record.csv that show what happened.
EXPECTATIONS: list[dict[str, object]] = [
    {"observable": "China's votes on UN resolutions about Russia's war",
     "if_alliance": "votes with Russia against them, or vetoes in the Security Council",
     "if_necessity": "avoids condemning Russia but does not defend it: abstains",
     "diagnostic": "yes",
     "why": "An ally and a partner of necessity would vote differently; the record has abstentions on the core "
            "resolutions (aggression, annexations, peace) and votes against on others (the open meeting, suspension "
            "from the Human Rights Council, reparations): read the whole series, not one vote.",
     "record_ids": ("un-sc-2022-01-31", "un-sc-2022-02-25", "un-ga-2022-03-02", "un-ga-2022-04-07", "un-sc-2022-09-30",
                    "un-ga-2022-10-12", "un-ga-2022-11-14", "un-ga-2023-02-23", "un-ga-2025-02-24", "un-sc-2025-02-24")},
    {"observable": "Recognition of Russia's annexations of Ukrainian regions",
     "if_alliance": "recognises them, or at least votes against condemning them",
     "if_necessity": "does not recognise them and restates 'sovereignty and territorial integrity'",
     "diagnostic": "yes",
     "why": "Recognition is costly and an ally's gesture; abstaining while citing territorial integrity is not.",
     "record_ids": ("un-sc-2022-09-30", "un-ga-2022-10-12")},
    {"observable": "Weapons from China for Russia's war",
     "if_alliance": "supplies weapons and ammunition, as a military ally would",
     "if_necessity": "sells dual-use goods for profit but withholds weapons",
     "diagnostic": "yes",
     "why": "By the US government's account China held back from weapons but supplied most of Russia's imported machine "
            "tools and microelectronics: the first fits necessity, the scale of the second goes beyond arm's-length trade. "
            "Both rows are a named official's statements ('reported'), not data.",
     "record_ids": ("declined-2024-05-14", "arms-2024-04-29", "arms-2024-07-10")},
    {"observable": "A formal mutual-defence treaty between them",
     "if_alliance": "signs one, or a secret annex",
     "if_necessity": "says the tie is 'not a military-political alliance'",
     "diagnostic": "yes",
     "why": "Their 2023 and 2024 statements say it is not an alliance; Russia signed a mutual-defence article with North "
            "Korea in 2024, not with China (compare the documents in data/documents/).",
     "record_ids": ("treaty-statement-2023-03-21", "summit-2024-05-16", "treaty-statement-2024-06-19")},
    {"observable": "Russian gas sales to China",
     "if_alliance": "rise, as allies trade more",
     "if_necessity": "rise, as sanctioned Russia needs buyers and China cheap energy",
     "diagnostic": "no",
     "why": "Both readings expect more gas after 2022, so rising deliveries cannot tell them apart.",
     "record_ids": ("energy-2022", "energy-2023", "energy-2024", "energy-2025")},
    {"observable": "The terms of new gas deals (Power of Siberia 2)",
     "if_alliance": "China helps Russia quickly, on terms Russia wants",
     "if_necessity": "China bargains hard and delays; Russia announces, China does not confirm",
     "diagnostic": "partly",
     "why": "The 2025 memorandum was announced by Gazprom with the price unresolved and without Chinese confirmation; "
            "sources disagree on what was agreed.",
     "record_ids": ("energy-2025-09-02", "declined-2025-09-02")},
    {"observable": "Summits and joint statements",
     "if_alliance": "frequent, warm, and more binding over time",
     "if_necessity": "frequent and warm too, but no new obligations",
     "diagnostic": "partly",
     "why": "Both expect summits; what separates them is whether obligations appear, which points back to the treaty row.",
     "record_ids": ("treaty-statement-2022-02-04", "summit-2023-03-20", "summit-2024-05-16", "summit-2025-05-07",
                    "summit-2025-09-02")},
    {"observable": "Joint exercises and bomber patrols",
     "if_alliance": "continue and grow, near third countries' forces",
     "if_necessity": "continue as signalling, without integrated command",
     "diagnostic": "partly",
     "why": "Both readings expect exercises to go on; joint nuclear-capable bomber patrols near Japan and Alaska are "
            "signals aimed at the US, but nothing in the record shows an integrated command.",
     "record_ids": ("military-2022-05-24", "military-2022-08-31", "military-2023-06-06", "military-2023-12-14",
                    "military-2024-07-14", "military-2024-07-24")},
    {"observable": "Who leads China (Xi's third term)",
     "if_alliance": "no particular expectation",
     "if_necessity": "no particular expectation",
     "diagnostic": "no",
     "why": "A domestic event that settles a forecast (rusi-2022-22) but says nothing about alliance or necessity.",
     "record_ids": ("leadership-2022-10-23",)},
]

#: Every forecast row of the course's readings, read against the record: (record rows, suggested score, reason).
#: A reason starting "cannot be settled" says why the course's sources cannot settle it. Suggestions, not answers.
RECORD_SCORES: dict[str, tuple[tuple[str, ...], str, str]] = {
    # Forecast rows added by codebook 2's sentence-by-sentence pass (December 2026):
    "blank-2016-51": ((), "data cannot settle",
                      "cannot be settled from the course's sources, because it is conditional on an alliance forming, which "
                      "no record row shows, and 'Chinese policy' in Central Asia has no measure in the record."),
    "blank-2016-68": ((), "too vague",
                      "'May not relish' is hedged and 'an Asian power any time soon' has no measure: no outcome in the record "
                      "could show it wrong."),
    "bear-dragon-nd-41": (("military-2022-05-24", "military-2024-07-24"), "too vague",
                          "A conditional ('if China refrains ...') whose condition has no measure: joint patrols went on, which "
                          "can be read as China strengthening its hard-security role or not; 'likely to get better' is hedged."),
    "bear-dragon-nd-54": ((), "too vague",
                          "'Could influence prospects' is true whatever happens: no record row could show it wrong."),
    "bear-dragon-nd-63": ((), "too vague",
                          "A forecast of the form 'as long as X, likely Y' cannot fail while X lasts, and 'stable' has no measure."),
    "bear-dragon-nd-75": ((), "too vague",
                          "'Will have implications' is true whatever happens: no record row could show it wrong."),
    "baev-2021-62": ((), "data cannot settle",
                     "cannot be settled from the course's sources, because it is about the leaders' motives (uncertainty about "
                     "their rule), which no vote, visit or trade figure in the record shows."),
    "rusi-2022-36": (("energy-2022-02-04-far-east-contract",), "borne out",
                     "The record's row on the Far-Eastern contract notes that Energy Voice names the South-Kirinskoye "
                     "(Yuzhno-Kirinskoye) field as the expected source, as the forecast says; the row is marked 'disputed' for "
                     "the contract's term, not its field, and 'likely' hedges the forecast."),
    "blank-2016-04": (("energy-2025", "energy-2025-09-02"), "data cannot settle",
                      "cannot be settled from the course's sources, because 'strategic defeat in Eurasia' and 'raw materials "
                      "appendage' have no measure in them; the record shows rising gas sales to China, which both readings expect."),
    "blank-2016-16": ((), "data cannot settle",
                      "cannot be settled from the course's sources, because the record holds no Central Asian event; the "
                      "2023 joint statement's 'not a military-political alliance' (treaty-statement-2023-03-21) is general, "
                      "not about Central Asia."),
    "blank-2016-25": ((), "not borne out",
                      "No record row: SIPRI's register (data/reference/sipri_russia_to_china_deals.csv, generated January "
                      "2025) has no Russian missile order by China after 2016 (its only Club deal was ordered in 2002). 'May' "
                      "hedges the forecast, so 'too vague' is defensible too."),
    "blank-2016-31": (("treaty-statement-2022-02-04", "treaty-statement-2023-03-21", "summit-2024-05-16"), "too vague",
                      "The partnership went on and the joint statements kept their shared critique of 'some actors', so the "
                      "condition and the outcome both held; but a forecast of the form 'as long as X' cannot fail while X lasts."),
    "blank-2016-32": (("un-sc-2022-09-30", "declined-2024-05-14"), "too vague",
                      "'May chafe' is hedged. China's abstentions citing 'territorial integrity' and its withholding of "
                      "weapons (by the US account) can be read as chafing or as caution; 'Russia will not benefit' has no measure."),
    "baev-2019-23": (("summit-2023-03-20", "summit-2024-05-16", "summit-2025-09-02"), "not borne out",
                     "Summits and state visits went on every year and China customs turnover rose 2021-2024 before falling "
                     "6.9% in 2025 (shipped trade data): "
                     "the relations did not visibly fare ill. 'Mistrust' itself is not measured, so this is disputable."),
    "bear-dragon-nd-07": (("energy-2025-09-02",), "too vague",
                          "The record does not measure the power asymmetry; the Power of Siberia 2 bargaining (price unresolved, "
                          "China not confirming) is consistent with growing asymmetry but does not measure it."),
    "bear-dragon-nd-15": (("military-2024-07-24",), "data cannot settle",
                          "cannot be settled from the course's sources, because they say nothing about Moscow's view of China's "
                          "arms industry; the joint patrol near Alaska bears only on the condition ('challenging US military superiority')."),
    "bear-dragon-nd-33": ((), "data cannot settle",
                          "cannot be settled from the course's sources, because its condition (warming relations with the West) "
                          "did not arise in the record: the UN votes show confrontation instead."),
    "bear-dragon-nd-34": (("leadership-2022-10-23",), "borne out",
                          "Xi began a third term in October 2022; Putin's tenure is not in the record, and the second half "
                          "(relations after both leaders) cannot be scored yet."),
    "bear-dragon-nd-35": (("un-sc-2025-02-24",), "data cannot settle",
                          "cannot be settled from the course's sources, because no US rapprochement with China appears in them; "
                          "China, Russia and the US voting for the same Security Council resolution in February 2025 is not one."),
    "bear-dragon-nd-36": (("summit-2023-03-20", "summit-2024-05-16", "summit-2025-09-02", "energy-2025"), "borne out",
                          "Visits, statements and gas deliveries went on every year to 2025 (trade in US dollars fell in 2025); "
                          "'likely' hedges it and 'flourish' is "
                          "vague, and the same rows are what the necessity reading expects too."),
    "bear-dragon-nd-37": (("energy-2025-09-02",), "too vague",
                          "A conditional forecast: whether China gave 'economic assistance without pursuing geopolitical goals' "
                          "is a judgement the record cannot make; relations stayed stable on the record's evidence."),
    "baev-2021-27": ((), "data cannot settle",
                     "cannot be settled from the course's sources, because the record holds no Afghanistan event."),
    "baev-2021-32": (("summit-2023-03-20", "energy-2024", "military-2024-07-24", "un-ga-2022-10-12", "declined-2024-05-14"),
                     "data cannot settle",
                     "cannot be settled from the course's sources, because whether NATO or sanctions *caused* any closeness "
                     "is not in them. " + SUGGESTED_SCORES["baev-2021-32"][1]),
    "baev-2021-33": ((), "data cannot settle",
                     "cannot be settled from the course's sources, because the record holds no Taiwan event (the 2001 "
                     "treaty's Taiwan paragraph, data/documents/treaty-2001-frontline.txt, predates the forecast)."),
    "rusi-2022-19": (("military-2022-08-31", "military-2024-07-14", "military-2024-07-24"), "too vague",
                     "Military cooperation did evolve (Vostok-2022 with all three PLA services, Joint Sea-2024, the Alaska "
                     "patrol); the 'obstacles' are not measured, so both halves can be read as borne out."),
    "rusi-2022-22": (("leadership-2022-10-23",), "borne out", SUGGESTED_SCORES["rusi-2022-22"][1]),
    "rusi-2022-23": ((), "data cannot settle",
                     "cannot be settled from the course's sources, because the record holds no Taiwan event: the absence "
                     "of a move fits the forecast but is not a test of it."),
}


def expectations_table() -> pd.DataFrame:
    """Return :data:`EXPECTATIONS` as a table: what each reading expects after 2022, whether it separates them, and the record rows."""
    table = pd.DataFrame(EXPECTATIONS)
    table["record_ids"] = table["record_ids"].map(", ".join)
    return table


def record_with_diagnosticity() -> pd.DataFrame:
    """Return the record (data/record.csv) with ``diagnostic``: the verdict of the observable each row bears on in
    :data:`EXPECTATIONS` ("yes", "partly", "no"; several observables: the strongest), or "not assessed"."""
    rank = {"yes": 3, "partly": 2, "no": 1}
    best: dict[str, str] = {}
    for item in EXPECTATIONS:
        for record_id in item["record_ids"]:
            if rank[str(item["diagnostic"])] > rank.get(best.get(record_id, ""), 0):
                best[record_id] = str(item["diagnostic"])
    record = load_record()
    record["diagnostic"] = record["record_id"].map(best).fillna("not assessed")
    return record


def un_votes() -> pd.DataFrame:
    """Return the record's UN votes in date order: what was voted on, how China voted, and the source."""
    votes = load_record("un_vote")
    votes["date"] = votes["date"].dt.strftime("%Y-%m-%d")
    return votes[["date", "what_happened", "china_action", "confidence", "source_name"]]


def _settled(why: str, cited: list[str]) -> str:
    if why.startswith("cannot be settled"):
        return "cannot be settled"
    if cited:
        return "by the record"
    return "by shipped data" if why != "not yet read against the record" else "not yet read"


def record_scores(evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return every forecast row (evidence_type "forecast") with the record rows that bear on it, the course's
    suggested score and why. ``settled`` says how: "by the record", "by shipped data" (e.g. SIPRI's register), or
    "cannot be settled" (the reason says why). A row not in :data:`RECORD_SCORES` (e.g. from a reading an instructor added) is listed
    with "not yet read against the record". Suggestions for discussion, not answers."""
    known = set(load_record()["record_id"])
    rows = forecast_rows(evidence, types=("forecast",))
    out = []
    for _, row in rows.iterrows():
        ids, score, why = RECORD_SCORES.get(row["evidence_id"], ((), "", "not yet read against the record"))
        cited = [i for i in ids if i in known]
        out.append({"evidence_id": row["evidence_id"], "article_id": row["article_id"], "supports": row["supports"],
                    "quote": row["quote"], "record_ids": ", ".join(cited), "settled": _settled(why, cited),
                    "suggested_score": score, "why": why})
    return pd.DataFrame(out, columns=["evidence_id", "article_id", "supports", "quote", "record_ids", "settled",
                                      "suggested_score", "why"])


# ================================================================ the lesson's questions
def _n_forecast_judgement() -> int:
    return len(forecast_rows())


def _gas_ratio() -> float:
    gas = load_table("gas_power_of_siberia").set_index("year")["deliveries_bcm"]
    return round(float(gas.loc[2024] / gas.loc[2021]), 1)


def _gacc_growth() -> float:
    g = load_table("trade_gacc_news").dropna(subset=["turnover_usd_bn"]).set_index("year")["turnover_usd_bn"]
    return round(float(100 * (g.loc[2024] / g.loc[2021] - 1)))


def _abstentions() -> int:
    return int(un_votes()["china_action"].str.contains("abstain", case=False).sum())


def _votes_against() -> int:
    return int(un_votes()["china_action"].str.contains("against", case=False).sum())


def _exercises_2022() -> int:
    ex = load_table("exercises_partial")
    return int((ex["year"] == 2022).sum())


def questions() -> list[Question]:
    """q1 forecast/judgement rows; q2 gas ratio; q3 trade growth; q4 exercises 2022; q5 which observation is diagnostic;
    q6 hedged forecasts; q7 abstentions counted with .str.contains; q8 open."""
    return [
        Question("q1", "n_to_score", "integer", expected=_n_forecast_judgement,
                 hints=[(lambda a, e: a == len(load_table("evidence")), "That is every evidence row; keep only forecasts and judgements."),
                        (lambda a, e: a == int((load_table("evidence")["evidence_type"] == "forecast").sum()), "That counts forecasts only; the sheet holds judgements too."),
                        (lambda a, e: a == int((load_table("evidence")["evidence_type"] == "judgement").sum()), "That counts judgements only; the sheet holds forecasts too.")],
                 fallback_hint="Count the rows of the scoring sheet (`len(sheet)`), or of the evidence table with evidence_type forecast or judgement."),
        Question("q2", "gas_ratio", "number", tolerance=0.051, expected=_gas_ratio,
                 hints=[(lambda a, e: a > 10, "That is a difference or a percentage; give how many times larger (a ratio, e.g. 1.5)."),
                        (lambda a, e: a < 1, "You divided the wrong way round: 2024 divided by 2021.")],
                 fallback_hint="Divide the 2024 deliveries by the 2021 deliveries in the Power of Siberia table; round to 1 decimal."),
        Question("q3", "trade_growth_pct", "number", tolerance=0.51, expected=_gacc_growth,
                 hints=[(lambda a, e: 1 < a < 3, "That looks like a ratio; give the change in percent (ratio − 1, × 100)."),
                        (lambda a, e: 0 < a <= 1, "That looks like a fraction (ratio − 1); give the change in percent: multiply by 100 "
                                                  "and round to a whole percent."),
                        (lambda a, e: a < 0, "Turnover went up; the change is positive."),
                        (lambda a, e: 90 < a < 105, "That is the change in USD billion; give it in percent.")],
                 fallback_hint="Compute (2024 turnover / 2021 turnover − 1) × 100 from the China customs (GACC) news table; round to a whole percent."),
        Question("q4", "exercises_2022", "integer", expected=_exercises_2022,
                 hints=[(lambda a, e: a > e, "Count only the rows of the partial list dated 2022."),
                        (lambda a, e: a < e, "Look again: the list holds more than that for 2022 (air patrols count as rows too).")],
                 fallback_hint="Filter the exercise list to year == 2022 and count the rows."),
        Question("q5", "diagnostic", "choice", choices=["A", "B", "C", "D"], expected=lambda: "C",
                 hints=[(lambda a, e: a == "A", "Write down what each reading expects for Russian gas sales after 2022: "
                                                 "if both expect the same, the observation cannot tell them apart."),
                        (lambda a, e: a == "B", "Write down what each reading expects for trade after 2022: a sanctioned Russia "
                                                 "trading more with its big neighbour is what both predict."),
                        (lambda a, e: a == "D", "Both readings expect joint exercises to go on; read the 'partly' rows of the "
                                                 "expectations table for why continuing exercises separate them only in degree.")],
                 fallback_hint="For each option, write what you would expect if the alliance reading were true and if the "
                               "necessity reading were true (the expectations table); the diagnostic one is where the two differ."),
        Question("q6", "hedged", "choice", choices=["A", "B", "C", "D"], expected=lambda: "A",
                 hints=[(lambda a, e: a == "B", "Hedged forecasts are not necessarily wrong; the problem is what could show them wrong."),
                        (lambda a, e: a == "C", "More data would not help: ask what outcome would count against 'it is possible that…'."),
                        (lambda a, e: a == "D", "The record holds more than statements (votes, patrols, trade), and the problem is in the "
                                                "forecast's wording, not in the data: what outcome would it rule out?")],
                 fallback_hint="Ask: what would the world have to look like for 'it is possible that the partnership has peaked' to be wrong?"),
        Question("q7", "n_abstentions", "integer", expected=_abstentions,
                 hints=[(lambda a, e: a == len(un_votes()),
                         "That is every vote in the table; count only the rows whose `china_action` contains \"abstain\"."),
                        (lambda a, e: a == _votes_against(), "That counts the votes China cast *against*; the question asks about abstentions."),
                        (lambda a, e: a == int(load_record()["what_happened"]
                                               .str.contains("patrol", case=False).sum()),
                         "That is the patrol count of the example; use `votes[\"china_action\"]` and the word \"abstain\".")],
                 fallback_hint="`votes[\"china_action\"].str.contains(\"abstain\", case=False).sum()` counts them; check the word's spelling."),
        Question("q8", "my_scoring_argument", "prose", min_words=50),
    ]


# ------------------------------------------------------------------ lesson 15: coding reliability

