"""Tests of aon.lessons.lesson14_after_february_2022: the scoring sheet, the suggested scores, what followed."""
from __future__ import annotations

import matplotlib.pyplot as plt

from aon.lessons import lesson14_after_february_2022 as forecasts


def test_sheet_holds_forecasts_and_judgements_only_with_blank_scores():
    sheet = forecasts.scoring_sheet()
    assert set(sheet["evidence_type"]) <= {"forecast", "judgement"} and len(sheet) > 0
    assert (sheet["my_score"] == "").all() and sheet["shipped_data"].notna().all()


def test_joint_statement_is_quoted_as_in_facts():
    assert forecasts.JOINT_STATEMENT_2022["quote"].startswith("Friendship between the two States has no limits")
    assert "Kremlin English text" in forecasts.JOINT_STATEMENT_2022["source"]


def test_apply_scores_and_summary(capsys):
    sheet = forecasts.scoring_sheet()
    first, second = sheet["evidence_id"].iloc[0], sheet["evidence_id"].iloc[1]
    scored = forecasts.apply_scores(sheet, {first: "Borne out", second: "bourne out", "nope-99": "too vague"}, {first: "why"})
    out = capsys.readouterr().out
    assert "not a score" in out and "not on the scoring sheet" in out
    assert scored.loc[scored["evidence_id"] == first, "my_score"].iloc[0] == "borne out"
    assert scored.loc[scored["evidence_id"] == second, "my_score"].iloc[0] == ""
    summary = forecasts.score_summary(scored)
    assert summary["borne out"].sum() == 1 and summary["not scored yet"].sum() == len(sheet) - 1
    assert list(summary.index) == forecasts.load_articles()["article_id"].tolist()
    assert sheet["my_score"].eq("").all()  # the original is untouched


def test_score_problems():
    sheet = forecasts.scoring_sheet().head(2).copy()
    sheet["my_score"] = ["too vague", "vage"]
    problems = forecasts.score_problems(sheet)
    assert len(problems) == 1 and "vage" in problems[0]


def test_suggested_scores_are_valid_and_exist():
    table = forecasts.suggested_scores()
    assert set(table["suggested_score"]) <= set(forecasts.SCORES)
    assert len(table) == len(forecasts.SUGGESTED_SCORES)


def test_no_forecasts_means_every_article_listed():
    empty = forecasts.load_table("evidence").iloc[0:0]
    assert forecasts.articles_without_forecasts(empty) == forecasts.load_articles()["article_id"].tolist()


def test_what_followed_and_deals():
    table = forecasts.what_followed(2021)
    assert set(table["series"]) == {"trade turnover, China customs", "Power of Siberia gas deliveries",
                                    "Russian arms deliveries to China", "joint exercises in the partial list"}
    assert table["source"].ne("").all() and table["unit"].ne("").all()
    gas = table[table["series"] == "Power of Siberia gas deliveries"].set_index("year")["value"]
    assert gas.loc[2021] == 10.39 and gas.loc[2025] == 38.8
    assert set(forecasts.deals_ordered_after(2016)["designation"]) == {"Mi-17"}
    fig = forecasts.plot_what_followed()
    plt.close(fig)
    assert "Four-panel chart" in forecasts.what_followed_alt_text()


def test_score_messages_never_suggest_the_opposite_meaning():
    message = forecasts.score_message("x-01", "partly borne out")
    assert "not borne out" in message  # listed among the four scores...
    assert "Did you mean" not in message and "no partial scores" in message and "'partly'" in message
    for score in forecasts.SCORES:
        assert repr(score) in message
    assert "Did you mean 'borne out'?" in forecasts.score_message("x-01", "bourne out")
    assert "Did you mean 'not borne out'?" in forecasts.score_message("x-01", "not bourne out")
    assert "Did you mean" not in forecasts.score_message("x-01", "data can settle")  # 'cannot' is the opposite
    assert "Did you mean" not in forecasts.score_message("x-01", "borne")
    assert forecasts.score_message("x-01", " Too Vague ") is None


def test_apply_scores_explains_real_rows_that_are_not_forecasts_and_reports_lost_reasons(capsys):
    sheet = forecasts.scoring_sheet()
    evidence = forecasts.load_table("evidence")
    other = evidence[~evidence["evidence_type"].isin(["forecast", "judgement"])].iloc[0]
    first = sheet["evidence_id"].iloc[0]
    scored = forecasts.apply_scores(sheet, {other["evidence_id"]: "borne out", first.upper(): "too vague"},
                                    {first + "x": "my reason", first.upper(): "kept"})
    out = capsys.readouterr().out
    assert f"'{other['evidence_id']}' is an evidence row, but its evidence_type is '{other['evidence_type']}'" in out
    assert "not a forecast or judgement" in out
    line = next(x for x in out.splitlines() if other["evidence_id"] in x)
    assert "Did you mean" not in line
    assert f"Reason not filed: '{first}x' is not on the scoring sheet." in out
    row = scored.set_index("evidence_id").loc[first]
    assert row["my_score"] == "too vague" and row["my_reason"] == "kept"


def test_data_for_row_reads_theme_and_words():
    assert forecasts.data_for_row("leadership_regime", "the economic foundation is so narrow") == ["trade"]
    assert forecasts.data_for_row("joint_exercises", "cooperation will evolve") == ["arms", "exercises"]
    assert forecasts.data_for_row("diplomacy_un", "military cooperation and gas") == ["gas", "arms", "exercises"]
    assert forecasts.data_for_row("leadership_regime", "the Party Congress will confirm a third term") == []
    assert forecasts.shipped_files("trade") == ["data/reference/imf_dots_china_russia_1992_2020.csv",
                                                "data/reference/gacc_china_russia_turnover_from_news_pages.csv"]
    table = forecasts.shipped_data_table()
    assert list(table.index) == list(forecasts.SHIPPED_DATA) and table["files"].str.startswith("data/reference/").all()


def test_sheet_names_shipped_files_consistently_with_lesson_14_q5():
    sheet = forecasts.scoring_sheet().set_index("evidence_id")["shipped_data"]
    gacc = "data/reference/gacc_china_russia_turnover_from_news_pages.csv"
    assert gacc in sheet["bear-dragon-nd-36"] and gacc in sheet["baev-2019-23"]
    assert "sipri_rus_to_china_tiv_1995_2025_from_trade_register.csv" in sheet["rusi-2022-19"]
    assert "china_russia_joint_exercises_partial.csv" in sheet["rusi-2022-19"]
    assert sheet["rusi-2022-22"] == forecasts.NO_DATA


def test_rusi_19_suggestion_reads_sipri_deliveries_from_the_data():
    arms = forecasts.load_table("arms_share_register").set_index("delivery_year")["russia_to_china_tiv_m"]
    why = forecasts.suggested_scores().set_index("evidence_id").loc["rusi-2022-19", "why"]
    assert "{" not in why and "fell" not in why
    for year in (2021, 2022, 2023, 2024):
        assert f"{float(arms.loc[year]):g} in {year}" in why


def test_figure_title_does_not_claim_to_start_after_the_readings():
    fig = forecasts.plot_what_followed(since=2019)
    title = fig._suptitle.get_text()
    plt.close(fig)
    last = forecasts.load_articles()["date_latest"].max()  # the latest reading, the course's own or one an instructor added
    assert "after the readings" not in title and "2019 onwards" in title and f"{last.day} {last:%B %Y}" in title


def test_joint_statement_source_names_facts_once():
    assert forecasts.JOINT_STATEMENT_2022["source"].count("FACTS.md") == 1


def test_scores_written_as_a_set_get_a_message_not_a_traceback(capsys):
    sheet = forecasts.scoring_sheet()
    first = sheet["evidence_id"].iloc[0]
    scored = forecasts.apply_scores(sheet, {first, "too vague"}, {first: "kept"})
    out = capsys.readouterr().out
    assert "`my_scores` is a set, not a dictionary" in out and "colon" in out and "Nothing from `my_scores` was used" in out
    assert scored["my_score"].eq("").all()
    assert scored.set_index("evidence_id").loc[first, "my_reason"] == "kept"  # the valid dictionary is still used
    forecasts.apply_scores(sheet, {first: "too vague"}, ["a reason"])
    assert "`my_reasons` should be a dictionary" in capsys.readouterr().out


def test_kalibr_suggestion_mentions_the_earlier_club_deal_from_the_data():
    deals = forecasts.load_table("arms_deals")
    club = deals[deals["designation"].str.contains("Club")].iloc[0]
    why = forecasts.suggested_scores().set_index("evidence_id").loc["blank-2016-25", "why"]
    assert "{" not in why and "3M-54E Club" in why
    assert f"ordered {int(club['order_year'])}" in why
    assert f"{int(club['first_delivery_year'])}–{int(club['last_delivery_year'])}" in why
    assert "do not say whether" in why  # the course's data do not identify Club with Kalibr
    assert forecasts.deal_in_words("no such weapon") == "no such deal in the shipped register"


def test_sheet_rows_shows_one_reading():
    import pytest

    from aon.errors import CourseError

    sheet = forecasts.scoring_sheet()
    first = sheet["article_id"].iloc[0]
    rows = forecasts.sheet_rows(sheet, first)
    assert len(rows) == int((sheet["article_id"] == first).sum()) and "quote" in rows.columns
    with pytest.raises(CourseError, match="Did you mean"):
        forecasts.sheet_rows(sheet, first.upper())


def test_figure_title_names_the_latest_reading_an_instructor_added(monkeypatch):
    import pandas as pd

    articles = forecasts.load_articles()
    # later than every reading there is (an instructor may have added one already), so it is the latest
    latest = max(pd.Timestamp("2023-05-31"), articles["date_latest"].max() + pd.DateOffset(years=1))
    added = articles.iloc[[-1]].assign(article_id="lo-2023", date_latest=latest)
    monkeypatch.setattr(forecasts, "load_articles", lambda: pd.concat([articles, added], ignore_index=True))
    fig = forecasts.plot_what_followed(since=2019)
    title = fig._suptitle.get_text()
    plt.close(fig)
    assert f"{latest.day} {latest:%B %Y}" in title and "20 February 2022" not in title


def test_every_forecast_is_read_against_the_record_or_says_why_it_cannot_be():
    from aon.documents import load_record

    table = forecasts.record_scores()
    forecast_ids = forecasts.forecast_rows(types=("forecast",))["evidence_id"].tolist()
    assert table["evidence_id"].tolist() == forecast_ids
    known = set(load_record()["record_id"])
    for _, row in table.iterrows():
        assert row["settled"] in {"by the record", "by shipped data", "cannot be settled", "not yet read"}
        if row["settled"] == "cannot be settled":
            assert row["why"].startswith("cannot be settled from the course's sources, because ")
        if row["settled"] == "by the record":
            assert row["record_ids"] and all(i.strip() in known for i in row["record_ids"].split(","))
        assert row["suggested_score"] in forecasts.SCORES
    course_forecasts = [i for i in forecast_ids if i in forecasts.RECORD_SCORES]
    assert course_forecasts == forecast_ids, "a course forecast has no entry in RECORD_SCORES"


def test_xi_third_term_is_now_settled_by_a_cited_record_row():
    table = forecasts.record_scores().set_index("evidence_id")
    assert table.loc["rusi-2022-22", "settled"] == "by the record"
    assert "leadership-2022-10-23" in table.loc["rusi-2022-22", "record_ids"]
    assert forecasts.suggested_scores().set_index("evidence_id").loc["rusi-2022-22", "suggested_score"] == "borne out"


def test_expectations_cite_real_record_rows_and_mark_energy_not_diagnostic():
    from aon.documents import load_record

    known = set(load_record()["record_id"])
    for item in forecasts.EXPECTATIONS:
        assert item["diagnostic"] in {"yes", "partly", "no"}
        assert item["record_ids"] and set(item["record_ids"]) <= known, item["observable"]
        assert item["if_alliance"] != item["if_necessity"] or item["diagnostic"] == "no"
    table = forecasts.expectations_table().set_index("observable")
    assert table.loc["Russian gas sales to China", "diagnostic"] == "no"
    both_sides = forecasts.record_with_diagnosticity()
    assert set(both_sides["diagnostic"]) <= {"yes", "partly", "no", "not assessed"}
    assert (both_sides.set_index("record_id").loc["energy-2024", "diagnostic"]) == "no"


def test_un_votes_show_chinas_vote_on_every_row():
    votes = forecasts.un_votes()
    assert len(votes) >= 6 and votes["china_action"].str.strip().astype(bool).all()
    assert list(votes["date"]) == sorted(votes["date"])
