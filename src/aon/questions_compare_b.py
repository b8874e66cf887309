"""Questions of the comparative lessons 13–15: claims against data, after February 2022, coding reliability.

Expected answers are computed from the shipped data when a check runs, so they follow the data if it changes.
"""
from __future__ import annotations

from .checks import Question
from .data import load_table
from .questions import register_lesson


def _close(a: float, b: float | None, tol: float) -> bool:
    return b is not None and abs(a - b) <= tol


# ------------------------------------------------------------------ lesson 13: claims against data

def _brent_change() -> float:
    table = load_table("value_vs_volume")
    brent = table[table["measure"].str.startswith("Brent")].iloc[0]
    return round(float(100 * (brent["value_to"] / brent["value_from"] - 1)), 1)


def _imf_fall_2015() -> float:
    from .claims import trade_change

    table = trade_change(2014, 2015)
    return float(table.loc[table["source"] == "IMF DOTS, China-reported", "change_pct_from_levels"].iloc[0])


def _other_fall_2015(source_start: str, column: str) -> list[float]:
    """The 2014–2015 changes (%) other rows of ``trade_change(2014, 2015)`` give: likely answers from the wrong row."""
    from .claims import trade_change

    table = trade_change(2014, 2015)
    values = table.loc[table["source"].str.startswith(source_start), column].dropna()
    return [float(v) for v in values]


def _is_other_fall(answer: float, source_start: str, column: str) -> bool:
    return any(_close(answer, v, 0.05) for v in _other_fall_2015(source_start, column))


def _imf_ratio_reversed() -> float:
    """The change computed the wrong way round, (2014 / 2015 - 1) × 100: a likely slip."""
    imf = load_table("trade_imf").set_index("year")["china_reported_turnover_usdm"]
    return round(100 * (float(imf.loc[2014]) / float(imf.loc[2015]) - 1), 1)


def _gacc_implied_2015() -> float:
    """The 2015 level implied by the GACC news page's reported change on its own 2014 base (USD bn, 1 decimal)."""
    from .claims import trade_change

    table = trade_change(2014, 2015)
    row = table[table["note"] != ""].iloc[0]
    return round(float(row["turnover_first_usd_bn"]) * (1 + float(row["change_pct_reported"]) / 100), 1)


def _china_export_share_2017() -> float:
    imf = load_table("trade_imf").set_index("year")
    return float(imf.loc[2017, "china_share_of_russia_exports_pct"])


def _pooled_1990s() -> float:
    from .claims import pooled_share

    return float(pooled_share(load_table("arms_share_360info"), 1990, 1999))


def _mean_1990s() -> float:
    from .claims import mean_share

    return float(mean_share(load_table("arms_share_360info"), 1990, 1999))


def _register_pooled_1990s() -> float | None:
    from .claims import pooled_share

    return pooled_share(load_table("arms_share_register"), 1990, 1999, "delivery_year")


def _is_mean(answer: float) -> bool:
    return _close(answer, _mean_1990s(), 0.05)


def _is_register_pooled(answer: float) -> bool:
    return _close(answer, _register_pooled_1990s(), 0.05)


_Q4_ASKED = ("The question asks for the 360info copy (1992–1999), pooled: sum China's TIV over those years and divide "
             "by the sum of Russia's totals.")


def _order_year(key: str) -> int:
    from .claims import weapon_key

    deals = load_table("arms_deals")
    deals = deals[(deals["designation"].map(weapon_key) == key) & (deals["category"] != "Engines")]
    return int(deals["order_year"].min())


@register_lesson("claims-against-data")
def claims_questions() -> list[Question]:
    """q1 trade fall; q2 GACC implied level; q3 export share 2017; q4 pooled arms share 1990s; q5 S-400 order year; q6 verdict choice;
    q7 the oil price change, computed from two columns; q8 open."""
    return [
        Question("q1", "fall_2015_pct", "number", tolerance=0.15, expected=_imf_fall_2015,
                 hints=[(lambda a, e: _close(-a, e, 0.15), "Right size, wrong sign: a fall is a negative change."),
                        (lambda a, e: -1 < a < 0 and _close(100 * a, e, 0.2), "That looks like a fraction; give the change in percent (e.g. -12.3)."),
                        (lambda a, e: _close(a, _imf_ratio_reversed(), 0.3), "You divided the wrong way round: the change is (2015 / 2014 - 1) × 100."),
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
                 hints=[(lambda a, e: _close(a, 64.2, 0.05), "64.2 is the level the page prints; the question asks what its reported change implies."),
                        (lambda a, e: _close(a, e, 0.15),
                         "Close. Start from the news table's own 2014 row (the `turnover_first_usd_bn` the table shows), and round "
                         "to 1 decimal rather than cutting digits off."),
                        (lambda a, e: a < 10, "Give a level in USD billion, not a change."),
                        (lambda a, e: a > 100, "A fall means the 2015 level is below the 2014 base.")],
                 fallback_hint="Multiply the 2014 base by (1 + reported change / 100); the reported change is negative."),
        Question("q3", "export_share_2017", "number", tolerance=0.05, expected=_china_export_share_2017,
                 hints=[(lambda a, e: _close(a, 11, 0.01), "11 is the article's rounded figure; give the IMF DOTS value."),
                        (lambda a, e: _close(a, float(load_table("trade_imf").set_index("year").loc[2017, "china_share_of_russia_imports_pct"]), 0.05),
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
                 hints=[(lambda a, e: _close(a, -e, 0.11), "The oil price fell: the change is negative."),
                        (lambda a, e: _close(a, e / 100, 0.011), "That is a fraction; multiply by 100 for percent."),
                        (lambda a, e: _close(a, 1 + e / 100, 0.011), "That is the ratio 2015 / 2014; the change in percent is (ratio − 1) × 100."),
                        (lambda a, e: _close(a, -28.7, 0.2), "That is the fall in trade turnover; the question asks about the oil price.")],
                 fallback_hint="Take the Brent row of `vv`: (value_last / value_first − 1) × 100, rounded to one decimal."),
        Question("q8", "what_counts_as_tested", "prose", min_words=40),
    ]


# ------------------------------------------------------------------ lesson 14: after February 2022

def _n_forecast_judgement() -> int:
    from .forecasts import forecast_rows

    return len(forecast_rows())


def _gas_ratio() -> float:
    gas = load_table("gas_power_of_siberia").set_index("year")["deliveries_bcm"]
    return round(float(gas.loc[2024] / gas.loc[2021]), 1)


def _gacc_growth() -> float:
    g = load_table("trade_gacc_news").dropna(subset=["turnover_usd_bn"]).set_index("year")["turnover_usd_bn"]
    return round(float(100 * (g.loc[2024] / g.loc[2021] - 1)))


def _abstentions() -> int:
    from .forecasts import un_votes

    return int(un_votes()["china_action"].str.contains("abstain", case=False).sum())


def _votes_against() -> int:
    from .forecasts import un_votes

    return int(un_votes()["china_action"].str.contains("against", case=False).sum())


def _exercises_2022() -> int:
    ex = load_table("exercises_partial")
    return int((ex["year"] == 2022).sum())


@register_lesson("after-2022")
def after_2022_questions() -> list[Question]:
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
                 hints=[(lambda a, e: a == len(__import__("aon.forecasts", fromlist=["un_votes"]).un_votes()),
                         "That is every vote in the table; count only the rows whose `china_action` contains \"abstain\"."),
                        (lambda a, e: a == _votes_against(), "That counts the votes China cast *against*; the question asks about abstentions."),
                        (lambda a, e: a == int(__import__("aon.documents", fromlist=["load_record"]).load_record()["what_happened"]
                                               .str.contains("patrol", case=False).sum()),
                         "That is the patrol count of the example; use `votes[\"china_action\"]` and the word \"abstain\".")],
                 fallback_hint="`votes[\"china_action\"].str.contains(\"abstain\", case=False).sum()` counts them; check the word's spelling."),
        Question("q8", "my_scoring_argument", "prose", min_words=50),
    ]


# ------------------------------------------------------------------ lesson 15: coding reliability

def _second(column: str):
    """Both coders' codes of one column in the codebook 1 study (60 passages; supports or theme)."""
    from .reliability import second_coder_comparison

    both = second_coder_comparison()
    return both[f"{column}_course"], both[f"{column}_second"]


def _agreement_supports() -> float:
    from .reliability import percent_agreement

    return round(percent_agreement(*_second("supports")), 2)


def _kappa_supports() -> float:
    from .reliability import cohen_kappa

    return round(cohen_kappa(*_second("supports")), 2)


def _kappa_theme() -> float:
    from .reliability import cohen_kappa

    return round(cohen_kappa(*_second("theme")), 2)


def _most_disputed_course_code() -> set[str]:
    from .reliability import confusion_table

    table = confusion_table(*_second("supports"))
    off = table.sum(axis=1) - pd_diag(table)
    return set(off[off == off.max()].index)


def _supports_code_validator(answer: str) -> str | None:
    """Accept a supports code in any case ("Ambiguous" is read as "ambiguous")."""
    from .questions import vocabulary

    codes = vocabulary("evidence", "supports")
    if answer.strip().lower() in codes:
        return None
    return f"'{answer}' is not a supports code: use {', '.join(codes)} (capitals or not)."


def pd_diag(table):
    """Return the diagonal of a square confusion table as a Series indexed by code."""
    return table.apply(lambda row: row[row.name] if row.name in row.index else 0, axis=1)


def _study(dimension: str) -> tuple:
    """Both coders' codes of one dimension in the codebook 2 study (50 evidence rows)."""
    from .reliability import second_coding_comparison

    study = second_coding_comparison()
    return study[f"{dimension}_course"], study[f"{dimension}_second"]


def _study_agreement(dimension: str) -> float:
    course, second = _study(dimension)
    return round(float((course == second).mean()), 2)


def _study_kappa(dimension: str) -> float:
    from .reliability import cohen_kappa

    return round(cohen_kappa(*_study(dimension)), 2)


def _study_matches(dimension: str) -> int:
    course, second = _study(dimension)
    return int((course == second).sum())


def _selection() -> tuple[int, int, int, int]:
    """(claim-bearing among non-repeats, non-repeats, claim-bearing among all, all) of the uncoded sentences."""
    from .reliability import selection_check

    sel = selection_check()
    others = sel[sel["course_reason"] != "repeats"]
    return (int((others["claim_bearing"] == "yes").sum()), len(others), int((sel["claim_bearing"] == "yes").sum()), len(sel))


def _selection_share() -> float:
    found, others, _, _ = _selection()
    return round(found / others, 2)


def _is_share(answer: float, numerator: int, denominator: int) -> bool:
    return denominator > 0 and _close(answer, round(numerator / denominator, 2), 0.011)


@register_lesson("coding-reliability")
def reliability_questions() -> list[Question]:
    """q1 hand kappa; q2 agreement; q3 kappa; q4 why kappa is lower; q5 most disputed code; q6 theme vs supports;
    q7 driver agreement (a boolean mean); q8 share of uncoded sentences found claim-bearing; q9 what reliability
    does not show; q10 open."""
    return [
        Question("q2", "agreement_supports", "number", tolerance=0.011, expected=_agreement_supports,
                 hints=[(lambda a, e: 1 < a <= 100, "That looks like a percentage; give a fraction between 0 and 1."),
                        (lambda a, e: _close(a, _kappa_supports(), 0.011), "That is kappa; the question asks for the plain share of agreement."),
                        (lambda a, e: _close(a, round(float((_second('theme')[0] == _second('theme')[1]).mean()), 2), 0.011), "That is agreement on theme; the question asks about supports.")],
                 fallback_hint="Compare the two supports columns row by row and take the mean of the matches, rounded to 2 decimals."),
        Question("q3", "kappa_supports", "number", tolerance=0.011, expected=_kappa_supports,
                 hints=[(lambda a, e: _close(a, _agreement_supports(), 0.011), "That is the plain share of agreement; kappa corrects it for chance."),
                        (lambda a, e: _close(a, _kappa_theme(), 0.011), "That is kappa on theme; the question asks about supports."),
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
                        (lambda a, e: _close(a, 0.7, 0.011), "0.7 is p_o, the observed agreement; now subtract chance agreement and divide by (1 − p_e)."),
                        (lambda a, e: _close(a, 0.5, 0.011), "0.5 is p_e, the chance agreement; kappa = (p_o − p_e) / (1 − p_e)."),
                        (lambda a, e: _close(a, 0.2, 0.011), "You have p_o − p_e; divide by (1 − p_e).")],
                 fallback_hint="p_o = diagonal / n; p_e = Σ (row total / n) × (column total / n); kappa = (p_o − p_e) / (1 − p_e)."),
        Question("q6", "theme_vs_supports", "choice", choices=["A", "B", "C", "D"], expected=lambda: "C",
                 hints=[(lambda a, e: a == "A", "On theme, chance agreement is low (about 0.10 in the table above) but not zero, "
                                                 "and kappa on theme is not equal to agreement on theme: compare the two columns."),
                        (lambda a, e: a == "B", "Both codings used the same 60 passages (`both` holds one row per passage)."),
                        (lambda a, e: a == "D", "The second coder coded blind, without any of the course's codes.")],
                 fallback_hint="Which code asks the coder what a passage is *about*, and which asks what it is *consistent with*?"),
        Question("q7", "driver_agreement", "number", tolerance=0.011, expected=lambda: _study_agreement("driver"),
                 hints=[(lambda a, e: a >= 2 and _close(a, _study_matches("driver"), 0.5),
                         "That is the number of passages on which the coders agree (a sum); the question asks for the share: "
                         "take `.mean()` of the True/False column instead of `.sum()`."),
                        (lambda a, e: 1 < a <= 100, "That looks like a percentage; give a fraction between 0 and 1."),
                        (lambda a, e: _close(a, _study_kappa("driver"), 0.011), "That is kappa on driver; the question asks for the plain share of agreement."),
                        (lambda a, e: _close(a, _study_agreement("tie"), 0.011), "That is agreement on tie (the example above); compare the two driver columns."),
                        (lambda a, e: _close(a, round(1 - _study_agreement("driver"), 2), 0.011),
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
