"""Tests of aon.reliability against small examples worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from aon import reliability
from aon.errors import CourseError


def test_kappa_2x2_by_hand():
    """A 2×2 table, 50 passages (rows coder A, columns coder B):

                  B: alliance  B: necessity
    A: alliance        20           5        (row 25)
    A: necessity       10          15        (row 25)
    (columns)          30          20

    p_o = (20 + 15) / 50 = 0.70
    p_e = (25/50)(30/50) + (25/50)(20/50) = 0.30 + 0.20 = 0.50
    kappa = (0.70 - 0.50) / (1 - 0.50) = 0.40
    """
    assert reliability.kappa_from_table([[20, 5], [10, 15]]) == pytest.approx(0.40)
    a = ["alliance"] * 25 + ["necessity"] * 25
    b = ["alliance"] * 20 + ["necessity"] * 5 + ["alliance"] * 10 + ["necessity"] * 15
    assert reliability.cohen_kappa(a, b) == pytest.approx(0.40)
    assert reliability.percent_agreement(a, b) == pytest.approx(0.70)
    assert reliability.chance_agreement(a, b) == pytest.approx(0.50)


def test_kappa_3x3_by_hand():
    """A 3×3 table, 20 passages (order: alliance, necessity, ambiguous):

                 B: all  B: nec  B: amb   row
    A: all          4       0       1      5
    A: nec          0       8       2     10
    A: amb          1       1       3      5
    column          5       9       6     20

    p_o = (4 + 8 + 3) / 20 = 0.75
    p_e = (5·5 + 10·9 + 5·6) / 20² = (25 + 90 + 30) / 400 = 145/400 = 0.3625
    kappa = (0.75 - 0.3625) / (1 - 0.3625) = 0.3875 / 0.6375 = 0.60784...
    """
    table = [[4, 0, 1], [0, 8, 2], [1, 1, 3]]
    assert reliability.kappa_from_table(table) == pytest.approx(0.3875 / 0.6375)
    labels = ["alliance", "necessity", "ambiguous"]
    a, b = [], []
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            a += [labels[i]] * n
            b += [labels[j]] * n
    assert reliability.cohen_kappa(a, b, labels) == pytest.approx(0.3875 / 0.6375)
    confusion = reliability.confusion_table(a, b, labels)
    assert confusion.to_numpy().tolist() == table
    off = reliability.disagreements(confusion)
    assert off["passages"].iloc[0] == 2 and off["passages"].sum() == 5


def test_edge_cases():
    assert reliability.cohen_kappa(["necessity"] * 3, ["necessity"] * 3) == 1.0
    with pytest.raises(CourseError):
        reliability.percent_agreement(["a"], ["a", "b"])
    with pytest.raises(CourseError):
        reliability.cohen_kappa([], [])
    with pytest.raises(CourseError):
        reliability.kappa_from_table([[1, 2, 3]])
    table = reliability.confusion_table(["alliance"], ["alliance"], ["alliance", "necessity", "ambiguous"])
    assert table.shape == (3, 3) and table.to_numpy().sum() == 1


def test_second_coder_comparison_matches_the_recorded_kappa():
    both = reliability.second_coder_comparison()
    assert len(both) == 60
    result = reliability.agreement(both["supports_course"], both["supports_second"])
    assert result["kappa"] == pytest.approx(0.73, abs=0.01) and result["agreement"] == pytest.approx(0.85)
    assert reliability.cohen_kappa(both["theme_course"], both["theme_second"]) == pytest.approx(0.87, abs=0.01)


def test_coding_sheet_is_blind_and_stratified():
    sheet = reliability.coding_sheet(n=12)
    assert list(sheet.columns) == ["evidence_id", "article_id", "quote", "my_supports", "my_theme"]
    assert len(sheet) == 12 and sheet["article_id"].nunique() == len(reliability.load_articles())
    assert sheet.equals(reliability.coding_sheet(n=12))  # reproducible


def test_compare_with_course():
    sheet = reliability.coding_sheet(n=6)
    assert reliability.compare_with_course(sheet) is None
    codes = reliability.course_codes(sheet["evidence_id"])
    sheet["my_supports"] = codes["supports"].tolist()
    result = reliability.compare_with_course(sheet)
    assert result["agreement"]["agreement"] == 1.0 and result["disagreements"].empty
    sheet.loc[0, "my_supports"] = "alliance" if codes["supports"].iloc[0] != "alliance" else "necessity"
    result = reliability.compare_with_course(sheet)
    assert len(result["disagreements"]) == 1
    sheet.loc[1, "my_theme"] = "enrgy"
    assert any("enrgy" in p for p in reliability.coding_problems(sheet))


def test_confusion_figure_alt_text():
    table = pd.DataFrame([[2, 1], [0, 3]], index=pd.Index(["a", "b"], name="course"), columns=pd.Index(["a", "b"], name="other"))
    text = reliability.confusion_alt_text(table, "a test")
    assert "6 passages" in text and "a coded b by the other coder: 1" in text
    import matplotlib.pyplot as plt
    plt.close(reliability.plot_confusion(table, "t"))
