"""Points and hidden tests of exercise "ex02-pandas" (instructor only; never released).

Expected answers are computed from data/evidence.csv when grading, so they follow the data.
Comparisons are on plain values rebuilt by the grader: types and values, not just ``==``.
They also run when the visible check fails (partial credit), so each accepts any value.
"""
import pandas as pd

from aon.data import load_table
from aon.grading.checking import code, str_list
from aon.grading.spec import Hidden


def ev():
    return load_table("evidence")


def exact_int(answer, expected):
    return float(type(answer) is int and answer == expected)


def q2(v):
    expected = ev().groupby("article_id").size().astype(int).to_dict()
    answer = v["rows_per_article"] if isinstance(v["rows_per_article"], dict) else {}
    return sum(1 for k, n in expected.items() if type(answer.get(k)) is int and answer[k] == n) / len(expected)


def q3(v):
    counts = ev()[ev()["supports"] == "alliance"]["theme"].value_counts()
    top = set(counts[counts == counts.max()].index)
    return float(code(v["top_alliance_theme"]) in top)


def q4(v):
    table = ev()
    expected = (table["supports"] == "necessity").groupby(table["article_id"]).mean().round(2).to_dict()
    answer = v["necessity_share"] if isinstance(v["necessity_share"], dict) else {}
    return sum(1 for k, share in expected.items()
               if type(answer.get(k)) in (int, float) and abs(answer[k] - share) <= 0.005 + 1e-9) / len(expected)


def q5(v):
    table = ev()
    expected = sorted(table[table["evidence_type"] == "forecast"]["evidence_id"])
    answer = v["forecast_ids"]
    if not isinstance(answer, list):
        return 0.0
    if answer == expected:
        return 1.0
    right = len(set(str_list(answer)) & set(expected))
    return 0.5 * right / max(len(expected), len(answer)) if right else 0.0


def q6(v):
    table = ev()
    expected = table.groupby(["article_id", "supports"]).size().unstack(fill_value=0)
    answer = v["support_table"]
    if not isinstance(answer, pd.DataFrame):
        return 0.0
    cells = [(a, s) for a in expected.index for s in expected.columns]
    good = 0
    for a, s in cells:
        try:
            value = answer.loc[a, s]
            good += int(type(value) is not bool and float(value) == float(expected.loc[a, s]) and float(value).is_integer())
        except (KeyError, TypeError, ValueError):
            continue
    return good / len(cells)


TESTS = {
    "q1": Hidden(1, lambda v: exact_int(v["n_rows"], len(ev()))),
    "q2": Hidden(2, q2),
    "q3": Hidden(1, q3),
    "q4": Hidden(2, q4),
    "q5": Hidden(2, q5),
    "q6": Hidden(2, q6),
}
