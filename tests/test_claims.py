"""Tests of aon.lessons.lesson13_claims_against_data: verdicts on the readings' statistics, dated arms claims, the 2015 trade fall."""
from __future__ import annotations

import pandas as pd
import pytest

from aon.data import load_table
from aon.lessons import lesson13_claims_against_data as claims
from aon.lessons.lesson13_claims_against_data import (
    CANNOT_TEST,
    CONSISTENT,
    NOT_CONSISTENT,
)


def _row(**kw) -> pd.Series:
    base = {"stat_id": "x-s01", "article_id": "bear-dragon-nd", "quote": "q", "value": 11.0, "unit": "percent",
            "measure": "China's share of Russia's exports in 2017",
            "testable_with": "imf_dots_china_russia_1992_2020.csv (china_share_of_russia_exports_pct)"}
    base.update(kw)
    return pd.Series(base)


def test_imf_share_within_tolerance_is_consistent():
    result = claims.verdict_for(_row())
    assert result.verdict == CONSISTENT and result.data_value == pytest.approx(10.9)


def test_tolerance_changes_the_verdict():
    row = _row(value=20.0, measure="China's share of Russia's imports in 2017")
    assert claims.verdict_for(row, tolerance=1.5).verdict == CONSISTENT  # 21.2 in IMF DOTS
    assert claims.verdict_for(row, tolerance=0.5).verdict == NOT_CONSISTENT


def test_imf_rank_and_year_outside_the_data():
    assert claims.verdict_for(_row(value=1, unit="rank", measure="China's rank among Russia's export destinations in 2017")).verdict == CONSISTENT
    assert claims.verdict_for(_row(value=1, unit="rank", measure="China's rank among Russia's export destinations in 2015")).verdict == NOT_CONSISTENT
    assert claims.verdict_for(_row(measure="China's share of Russia's exports in 2023")).verdict == CANNOT_TEST


def test_arms_share_decade_is_pooled_over_the_covered_years():
    row = _row(value=40, testable_with="sipri_rus_to_china_tiv_1992_2021_from360info.csv",
               measure="share of Russia's total arms exports going to China after 1989 (the 1990s, by context)")
    result = claims.verdict_for(row)
    # 360info 1992-1999: sum to China 6213 / sum total 24514 = 25.3 %
    assert result.verdict == NOT_CONSISTENT and result.data_value == pytest.approx(25.3)
    assert "TIV" in result.source


def test_pooled_and_mean_share_differ():
    table = pd.DataFrame({"year": [1, 2], "russia_to_china_tiv_m": [10, 90], "russia_total_tiv_m": [100, 100],
                          "china_share_pct": [10.0, 90.0]})
    assert claims.pooled_share(table, 1, 2) == 50.0
    table.loc[1, "russia_total_tiv_m"] = 300
    table.loc[1, "china_share_pct"] = 30.0
    assert claims.pooled_share(table, 1, 2) == 25.0  # 100 / 400
    assert claims.mean_share(table, 1, 2) == 20.0
    assert claims.pooled_share(table, 5, 6) is None


def test_none_shipped_and_unshipped_files_cannot_be_tested():
    assert claims.verdict_for(_row(testable_with="none shipped: a survey")).verdict == CANNOT_TEST
    result = claims.verdict_for(_row(testable_with="some_register_not_here.csv (orders)"))
    assert result.verdict == CANNOT_TEST and "not shipped" in result.reason


def test_partial_exercise_list_only_confirms_lower_bounds():
    row = _row(article_id="rusi-2022", quote="over 30", value=30, unit="count",
               measure="number of joint military exercises since 2003", testable_with="china_russia_joint_exercises_partial.csv")
    assert claims.verdict_for(row).verdict == CANNOT_TEST  # 28 listed 2003-2021
    assert claims.verdict_for(row.copy().replace({30: 20})).verdict == CONSISTENT


def test_statistics_verdicts_covers_every_row_with_known_verdicts():
    table = claims.statistics_verdicts()
    stats = claims.load_table("statistics")
    assert len(table) == len(stats) and set(table["verdict"]) <= set(claims.VERDICTS)
    counts = claims.verdict_counts(table)
    assert list(counts.columns) == claims.VERDICTS and counts.to_numpy().sum() == len(stats)


def test_empty_statistics_give_empty_tables():
    empty = claims.load_table("statistics").iloc[0:0]
    assert claims.statistics_verdicts(empty).empty
    assert claims.verdict_counts(claims.statistics_verdicts(empty)).to_numpy().sum() == 0
    assert claims.articles_without_statistics(empty) == claims.load_articles()["article_id"].tolist()


def test_weapon_key_and_dated_claims():
    assert claims.weapon_key("S-400 Triumf") == "S-400" and claims.weapon_key("Su-35S") == "Su-35"
    table = claims.dated_arms_claims()
    assert set(table["sipri_order_year"]) == {2015}
    stated = table[table["year_in_reading"].notna()]
    assert (stated.loc[stated["year_in_reading"] == 2014, "verdict"] == NOT_CONSISTENT).all()
    assert (stated.loc[stated["year_in_reading"] == 2015, "verdict"] == CONSISTENT).all()
    assert (stated["year_source"] == "the text").all()


def test_a_year_the_coder_inferred_gets_no_verdict_against_sipri():
    """Baev 2019 gives no year for the S-400/Su-35 sale ("available for sale"); the evidence table's 2015 is the
    coder's inference from SIPRI (data/codebook.md), so testing it against SIPRI would be circular."""
    evidence = claims.load_table("evidence").set_index("evidence_id")
    baev = evidence.loc["baev-2019-11"]
    assert "20" not in baev["quote"] and not claims.year_stated_in_text(baev)
    for stated in ("blank-2016-23", "bear-dragon-nd-12", "bear-dragon-nd-13"):  # "By 2014 ...", "in 2014", "in 2015"
        assert claims.year_stated_in_text(evidence.loc[stated]), stated
    table = claims.dated_arms_claims()
    inferred = table[table["evidence_id"] == "baev-2019-11"]
    assert len(inferred) == 2 and inferred["year_in_reading"].isna().all()
    assert (inferred["verdict"] == claims.NO_YEAR_IN_TEXT).all() and (inferred["coded_year"] == 2015).all()
    assert "inference" in inferred["year_source"].iloc[0]
    assert table.loc[table["verdict"] != claims.NO_YEAR_IN_TEXT, "article_id"].nunique() == 2
    text = claims.arms_dates_alt_text()
    assert "baev-2019 2015" not in text and "baev-2019 names it but gives no year" in text


def test_sentence_around_stops_at_sentence_ends():
    text = "First one. By 2014 they sold it. Then more."
    start = text.index("they")
    assert claims.sentence_around(text, start, start + 4) == "By 2014 they sold it."
    # a quote that ends its own sentence does not pull in the next one (and a year written there)
    text = "They sold the S-400 jets. Deliveries began in 2018."
    assert claims.sentence_around(text, 0, len("They sold the S-400 jets.")) == "They sold the S-400 jets."


def test_trade_change_2015_and_the_inconsistent_news_page():
    table = claims.trade_change(2014, 2015)
    imf = table[table["source"].str.startswith("IMF")]
    assert imf["change_pct_from_levels"].between(-29, -28).all()
    flagged = table[table["note"] != ""]
    assert len(flagged) == 1 and "inconsistent" in flagged["note"].iloc[0]
    row = flagged.iloc[0]  # the note must not give away lesson 13's question 2 (the level the reported change implies)
    implied = round(row["turnover_first_usd_bn"] * (1 + row["change_pct_reported"] / 100), 1)
    assert f"{implied:g}" not in row["note"] and "would give" not in row["note"]
    assert claims.first_year_back_above(2014) == 2018


def test_exercise_variants_and_figures_have_alt_text():
    variants = claims.exercise_count_variants(2022)
    listed = claims.load_table("exercises_partial")
    assert variants["exercises"].iloc[0] == int((listed["year"] <= 2022).sum())   # the list now runs past 2022
    for plot, alt in ((claims.plot_trade, claims.trade_alt_text), (claims.plot_arms_share, claims.arms_share_alt_text),
                      (claims.plot_arms_dates, claims.arms_dates_alt_text), (claims.plot_exercise_counts, claims.exercise_counts_alt_text)):
        fig = plot()
        text = alt()
        assert "chart" in text.lower() and len(text) > 80
        import matplotlib.pyplot as plt
        plt.close(fig)


def test_arms_share_alt_text_says_where_the_two_sipri_copies_diverge():
    text = claims.arms_share_alt_text()
    assert "nearly coincide" not in text
    apart = claims.share_divergences()
    for r in apart.itertuples():   # e.g. 2021: 28.2% vs 19.4%; 2017: 15.8% vs 19.0%
        assert f"{int(r.year)}: {r.share_360info_pct:.1f}% (360info) vs {r.share_register_pct:.1f}% (register)" in text
    assert {2017, 2021} <= set(apart["year"])
    assert f"diverge in {len(apart)}" in text
    assert claims.share_divergences(close=100).empty


def test_tass_row_label_and_note_use_one_2014_base():
    assert claims.reporting_body_label("China GACC (via TASS; NB 64.2 is inconsistent with -27.8% from 95.3)") == "China GACC (via TASS)"
    assert claims.reporting_body_label("China GACC (via Sputnik)") == "China GACC (via Sputnik)"
    table = claims.trade_change(2014, 2015)
    gacc = table[table["source"].str.startswith("GACC")]
    bases = set(gacc["turnover_first_usd_bn"])
    assert len(bases) == 1
    base = bases.pop()
    assert not table["source"].str.contains("NB").any()
    assert all(f"{base:g}" in note for note in gacc["note"] if note)


def test_statistics_name_only_shipped_files():
    """Every data file testable_with names is shipped in data/reference/ (files not shipped are described as 'none shipped')."""
    stats = claims.load_table("statistics")
    shipped = set(claims.shipped_reference_files())
    for text in stats["testable_with"]:
        for name in claims._named_files(text):
            assert name in shipped, (name, text)
        for path in __import__("re").findall(r"[\w/\-]+\.csv", text):
            assert path.startswith("data/reference/"), text


def test_gas_contract_verdict_names_the_page_the_contract_terms_come_from():
    """The 30-year contract is in the 2019 row's note, whose page is not Gazprom via TASS (that is the yearly deliveries)."""
    gas = claims.load_table("gas_power_of_siberia")
    contract = gas[gas["note"].fillna("").str.contains("-year")].iloc[0]
    row = claims.load_table("statistics").set_index("stat_id").loc["bear-dragon-nd-s11"].copy()
    row["stat_id"] = "bear-dragon-nd-s11"
    result = claims.verdict_for(row)
    assert result.verdict == CONSISTENT and result.data_value == 30
    assert claims.page_name(contract["url"]) in result.source and str(int(contract["year"])) in result.source
    assert "TASS" not in result.source
    assert claims.page_name("https://www.example.org/a") == "example.org" and claims.page_name(None) == "an unrecorded page"


def test_value_vs_volume_sets_the_dollar_fall_beside_prices_and_volumes():
    from aon.lessons.lesson13_claims_against_data import (
        VALUE_VOLUME_READING,
        value_vs_volume,
    )

    table = value_vs_volume(2014, 2015).set_index("measure")
    turnover = table.loc["China-Russia turnover, China-reported"]
    oil = table.loc["Brent crude oil price (annual average)"]
    assert -30 < turnover["change_pct"] < -27 and "USD" in turnover["unit"]
    assert oil["change_pct"] < turnover["change_pct"], "the oil price fell more than turnover"
    volume = table.loc["China's crude oil imports from Russia (physical volume)"]
    assert pd.isna(volume["change_pct"]) and "differ" in volume["note"]
    assert all(str(s).strip() for s in table["source"])
    assert "value" in VALUE_VOLUME_READING and "volume" in VALUE_VOLUME_READING


def test_blank_checks_quote_real_rows_and_cite_sources():
    from aon.lessons.lesson13_claims_against_data import blank_checks

    table = blank_checks()
    assert {"blank-2016-23", "blank-2016-25", "blank-2016-26"} <= set(table["evidence_id"])
    assert set(table["verdict"]) <= {"consistent", "not consistent", "disputed", "not settled"}
    assert table["sources"].str.strip().astype(bool).all()
    amur = table.set_index("evidence_id").loc["blank-2016-23"]
    assert "Amur" in amur["quote"] and amur["verdict"] != "consistent"
    deals = load_table("arms_deals")
    assert not deals["designation"].str.contains("Amur|Lada", case=False).any()   # the register has no such order


def test_blank_trade_check_uses_the_figures_in_the_shipped_data():
    from aon.lessons.lesson13_claims_against_data import blank_checks

    imf = load_table("trade_imf").set_index("year")
    text = blank_checks().set_index("evidence_id").loc["blank-2016-07", "what_sources_show"]
    for year in (2015, 2016):
        assert f"{imf.loc[year, 'china_reported_turnover_usdm'] / 1000:.1f}" in text
        assert f"{imf.loc[year, 'russia_reported_turnover_usdm'] / 1000:.1f}" in text
