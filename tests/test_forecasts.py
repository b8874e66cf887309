"""Tests of aon.forecasts: the scoring sheet, the suggested scores, what followed."""
from __future__ import annotations

import matplotlib.pyplot as plt

from aon import forecasts


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
