"""Visible checks of exercise "ex02-pandas" (shipped to students: no answers here)."""
from aon.data import article_ids
from aon.grading.checking import (
    expect_dict,
    expect_frame,
    expect_id_list,
    expect_int,
    expect_text,
)
from aon.grading.spec import Check


def _ids():
    from aon.data import load_table
    return load_table("evidence")["evidence_id"].tolist()


def q1(v):
    problem = expect_int(v["n_rows"], "n_rows")
    if problem is None and v["n_rows"] <= 0:
        return "`n_rows` should count the rows of the table: it cannot be zero or negative."
    return problem


def q5(v):
    problem = expect_id_list(v["forecast_ids"], "forecast_ids", _ids())
    if problem is None and v["forecast_ids"] != sorted(v["forecast_ids"]):
        return "sort `forecast_ids` alphabetically (sorted(...))."
    return problem


CHECKS = {
    "q1": Check(["n_rows"], q1, "rows in the evidence table"),
    "q2": Check(["rows_per_article"], lambda v: expect_dict(v["rows_per_article"], "rows_per_article", article_ids(), value_kind=int),
                "rows per reading"),
    "q3": Check(["top_alliance_theme"], lambda v: expect_text(v["top_alliance_theme"], "top_alliance_theme"),
                "the theme with most alliance evidence"),
    "q4": Check(["necessity_share"], lambda v: expect_dict(v["necessity_share"], "necessity_share", article_ids(),
                                                           value_kind=(int, float)),
                "share of necessity evidence per reading"),
    "q5": Check(["forecast_ids"], q5, "the forecasts"),
    "q6": Check(["support_table"], lambda v: expect_frame(v["support_table"], "support_table", index=article_ids(),
                                                          columns=["alliance", "ambiguous", "necessity"]),
                "evidence per reading and reading of the relationship"),
}
