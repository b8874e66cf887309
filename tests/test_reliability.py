"""Tests of aon.lessons.lesson15_coding_reliability against small examples worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from aon.errors import CourseError
from aon.lessons import lesson15_coding_reliability as reliability


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
    import math

    # one and the same code everywhere: p_e = 1, kappa = 0/0, undefined (nan, as scikit-learn gives)
    assert math.isnan(reliability.cohen_kappa(["necessity"] * 3, ["necessity"] * 3))
    assert math.isnan(reliability.kappa_from_table([[3, 0], [0, 0]]))
    figures = reliability.agreement(["necessity"] * 3, ["necessity"] * 3, ["alliance", "necessity", "ambiguous"])
    assert figures["chance_agreement"] == 1.0 and math.isnan(figures["kappa"])
    summary = reliability.agreement_summary(figures)
    assert summary["Cohen's kappa"] == reliability.KAPPA_UNDEFINED
    assert "undefined: every code was the same, so chance agreement is 1" == reliability.KAPPA_UNDEFINED
    assert "nan" not in summary.to_string()
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
    assert list(sheet.columns) == ["evidence_id", "article_id", "quote", "my_tie", "my_driver"]
    assert len(sheet) == 12 and sheet["article_id"].nunique() == len(reliability.load_articles())
    assert sheet.equals(reliability.coding_sheet(n=12))  # reproducible


def test_compare_with_course():
    sheet = reliability.coding_sheet(n=6)
    assert reliability.compare_with_course(sheet) is None
    codes = reliability.course_codes(sheet["evidence_id"])
    sheet["my_tie"] = codes["tie"].tolist()
    for column in ("tie", "supports"):
        result = reliability.compare_with_course(sheet, column)
        assert result["agreement"]["agreement"] == 1.0 and result["disagreements"].empty
    sheet.loc[0, "my_tie"] = "alliance" if codes["tie"].iloc[0] != "alliance" else "distance"
    result = reliability.compare_with_course(sheet)
    assert len(result["disagreements"]) == 1
    sheet.loc[1, "my_driver"] = "shared_thret"
    assert any("shared_thret" in p for p in reliability.coding_problems(sheet))


def test_confusion_figure_alt_text():
    table = pd.DataFrame([[2, 1], [0, 3]], index=pd.Index(["a", "b"], name="course"), columns=pd.Index(["a", "b"], name="other"))
    text = reliability.confusion_alt_text(table, "a test")
    assert "6 passages" in text and "a coded b by the other coder: 1" in text
    import matplotlib.pyplot as plt
    plt.close(reliability.plot_confusion(table, "t"))


def _coded_sheet(n=6):
    sheet = reliability.coding_sheet(n=n)
    codes = reliability.course_codes(sheet["evidence_id"])
    sheet["my_tie"] = codes["tie"].tolist()
    sheet["my_driver"] = codes["driver"].tolist()
    return sheet, codes


def test_invalid_codes_are_refused_before_anything_is_computed():
    """Agreement and kappa must be computed on the same rows: with 'alignmnet' or 'threat' nothing is computed."""
    sheet, codes = _coded_sheet()
    sheet.loc[0, "my_tie"] = "alignmnet"
    sheet.loc[1, "my_tie"] = "maybe"
    for column in ("tie", "supports"):   # supports follows from the tie: the same codes are refused
        with pytest.raises(CourseError) as info:
            reliability.compare_with_course(sheet, column)
        message = str(info.value)
        assert "2 tie code(s)" in message and "'alignmnet'" in message and "'maybe'" in message
        assert sheet.loc[0, "evidence_id"] in message and "(level not shown), distance, partnership, alignment, alliance" in message
    sheet.loc[2, "my_driver"] = "shared_threats"
    with pytest.raises(CourseError, match="'shared_threats'.*Allowed driver codes: shared_threat"):
        reliability.compare_with_course(sheet, "driver")
    problems = reliability.coding_problems(sheet)
    assert len(problems) == 3 and any("Did you mean 'alignment'" in p for p in problems)
    assert any("Did you mean 'shared_threat'" in p for p in problems)


def test_case_and_spaces_are_normalised_as_stated():
    sheet, codes = _coded_sheet()
    sheet["my_tie"] = [f" {c.upper()} " if i % 2 else c.title() for i, c in enumerate(codes["tie"])]
    sheet.loc[0, "my_tie"] = " Level not shown" if codes["tie"].iloc[0] == "(level not shown)" else sheet.loc[0, "my_tie"]
    assert reliability.coding_problems(sheet) == []
    result = reliability.compare_with_course(sheet)
    assert result["agreement"]["agreement"] == 1.0 and result["agreement"]["kappa"] <= 1.0
    assert result["disagreements"].empty
    assert reliability.normalise_code(" Alliance ") == "alliance" and reliability.normalise_code(None) == ""
    assert reliability.normalise_code("not shown") == reliability.normalise_code("(Level not shown)") == "(level not shown)"


def test_agreement_with_labels_refuses_unknown_codes():
    """Kappa never exceeds agreement because unknown codes were dropped from one of them only."""
    with pytest.raises(CourseError, match="'Alliance'"):
        reliability.agreement(["alliance", "necessity"], ["Alliance", "necessity"], ["alliance", "necessity", "ambiguous"])


def test_supports_is_derived_from_the_students_tie_and_disagreements_carry_the_course_reason():
    from aon.codebook import derive_supports

    sheet, codes = _coded_sheet()
    sheet["my_driver"] = ""
    mine = "alliance" if codes["tie"].iloc[0] in ("distance", "partnership", "(level not shown)") else "distance"
    sheet.loc[0, "my_tie"] = mine
    tie = reliability.compare_with_course(sheet, "tie")
    supports = reliability.compare_with_course(sheet, "supports")
    assert list(tie["disagreements"].columns) == ["evidence_id", "course", "yours", "course_reason"]
    assert tie["disagreements"].loc[0, "course_reason"] == codes["rationale"].iloc[0]
    assert supports["disagreements"].loc[0, "yours"] == derive_supports(mine)
    assert reliability.compare_with_course(sheet, "driver") is None      # no driver coded yet
    with pytest.raises(CourseError, match="Did you mean 'tie'"):
        reliability.compare_with_course(sheet, "ties")


def test_theme_definitions_cover_the_vocabulary():
    from aon.data import vocabulary

    assert set(reliability.theme_definitions()) == set(vocabulary("evidence", "theme"))


def test_coding_sheet_leaves_out_passages_shown_with_their_codes():
    linked = reliability.event_linked_ids()
    assert "baev-2019-11" in linked  # lesson 10 shows it with its code (S-400 and Su-35 sales)
    sheet = reliability.coding_sheet(n=12, exclude=linked)
    assert len(sheet) == 12 and not set(sheet["evidence_id"]) & set(linked)
    assert sheet["article_id"].nunique() == len(reliability.load_articles())


def test_show_passages_prints_full_quotes(capsys, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ipython(name, *args, **kwargs):
        if name.startswith("IPython"):
            raise ImportError
        return real_import(name, *args, **kwargs)

    sheet = reliability.coding_sheet(n=3)
    monkeypatch.setattr(builtins, "__import__", no_ipython)
    reliability.show_passages(sheet)
    out = capsys.readouterr().out
    assert all(quote in out for quote in sheet["quote"])


def test_kappa_equals_scikit_learn_on_random_codings():
    """The course computes kappa itself (lessons then need not load scikit-learn); it must agree with scikit-learn.

    500 random pairs of codings: 1 to 60 passages, 2 to 6 codes, skewed or even code frequencies,
    with and without an explicit list of labels (including labels nobody used).
    """
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    import warnings

    import numpy as np

    rng = np.random.default_rng(2026)
    compared = 0
    for _ in range(500):
        k = int(rng.integers(2, 7))
        codes = [f"code{i}" for i in range(k)]
        weights = rng.dirichlet(np.ones(k) * rng.choice([0.3, 1.0, 5.0]))
        n = int(rng.integers(1, 61))
        a = list(rng.choice(codes, size=n, p=weights))
        b = [x if rng.random() < rng.random() else str(rng.choice(codes, p=weights)) for x in a]
        labels = codes + ["unused"] if rng.random() < 0.3 else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn warns (and returns nan) when kappa is 0/0
            expected = float(sklearn_metrics.cohen_kappa_score(a, b, labels=labels))
        if np.isnan(expected):  # identical single-code codings: 0/0, undefined in both
            assert a == b and np.isnan(reliability.cohen_kappa(a, b, labels))
            continue
        assert reliability.cohen_kappa(a, b, labels) == pytest.approx(expected, abs=1e-12)
        compared += 1
    assert compared > 450  # the rest are 0/0 cases (one code, identical codings)


def test_kappa_refuses_codes_outside_the_labels():
    with pytest.raises(CourseError, match="'diplomacy'"):
        reliability.cohen_kappa(["alliance", "diplomacy"], ["alliance", "necessity"], ["alliance", "necessity", "ambiguous"])


def test_agreement_summary_is_readable():
    both = reliability.second_coder_comparison()
    figures = reliability.agreement(both["supports_course"], both["supports_second"])
    summary = reliability.agreement_summary(figures)
    assert summary["Cohen's kappa"] == figures["kappa"] and summary["passages compared"] == 60
    assert list(summary.index)[0] == "passages compared" and "chance" in summary.index[2]


def test_codebook_ids_are_left_out_of_the_blind_sheet():
    """Students code with the codebook open: every passage it names (often with its codes) must stay off the sheet."""
    named = reliability.codebook_ids()
    assert {"rusi-2022-27", "rusi-2022-26", "bear-dragon-nd-24", "blank-2016-02", "blank-2016-14"} <= set(named)
    exclude = set(reliability.event_linked_ids()) | set(named)
    sheet = reliability.coding_sheet(n=12, exclude=exclude)
    assert len(sheet) == 12 and not set(sheet["evidence_id"]) & exclude
    assert sheet["article_id"].nunique() == len(reliability.load_articles())


def test_codebook_ids_reads_ids_and_ranges_from_text():
    evidence = reliability.load_table("evidence")
    text = "See `blank-2016-01` and baev-2019-02; rows `blank-2016-10` to `blank-2016-12`; not-an-id-99 is ignored."
    assert reliability.codebook_ids(evidence, text) == ["blank-2016-01", "blank-2016-10", "blank-2016-11", "blank-2016-12",
                                                        "baev-2019-02"]


def test_add_my_codes_refuses_a_list_of_the_wrong_length(capsys):
    sheet = reliability.coding_sheet(n=4)
    filled = reliability.add_my_codes(sheet, ["alliance", "", "distance", "(level not shown)"], ["shared_threat", "", "", ""])
    assert filled["my_tie"].tolist() == ["alliance", "", "distance", "(level not shown)"]
    assert filled["my_driver"].tolist() == ["shared_threat", "", "", ""]
    assert capsys.readouterr().out == ""
    shorter = reliability.add_my_codes(filled, ["distance", "alliance", "alignment"], ["none_stated"] * 5)
    out = capsys.readouterr().out
    assert "`my_ties` has 3 code(s), but the sheet has 4 passages: give exactly 4" in out
    assert "`my_drivers` has 5 code(s)" in out and "Nothing was changed" in out
    assert shorter["my_tie"].tolist() == filled["my_tie"].tolist()  # nothing moved to the wrong passage
    assert shorter["my_driver"].tolist() == filled["my_driver"].tolist()
    assert sheet["my_tie"].eq("").all()  # the sheet passed in is untouched
    reliability.add_my_codes(sheet, "alliance", None)
    out = capsys.readouterr().out
    assert "should be a list" in out and out.count("Nothing was changed") == 2


def test_codebook_2_study_reproduces_the_codebooks_figures():
    """data/codebook.md section 12: kappa tie 0.94, driver 0.73, supports 0.94, evidence type 0.90 on 50 rows."""
    study = reliability.second_coding_comparison()
    assert len(study) == 50 and (study["claim_bearing_second"] == "yes").all()
    table = reliability.dimension_agreement(study)
    assert list(table.index) == ["tie", "driver", "supports", "evidence_type"]
    assert table["passages"].tolist() == [50] * 4
    assert table.loc["tie", "kappa"] == pytest.approx(0.94, abs=0.005) and table.loc["tie", "agreement"] == pytest.approx(0.96)
    assert table.loc["driver", "kappa"] == pytest.approx(0.73, abs=0.005) and table.loc["driver", "agreement"] == pytest.approx(0.84)
    assert table.loc["supports", "kappa"] == pytest.approx(0.94, abs=0.01)
    assert table.loc["evidence_type", "kappa"] == pytest.approx(0.90, abs=0.005)


def test_selection_check_finds_two_of_eighteen_non_repeat_sentences_claim_bearing():
    sel = reliability.selection_check()
    assert len(sel) == 25 and (sel["claim_bearing"] == "yes").sum() == 9
    others = sel[sel["course_reason"] != "repeats"]
    assert len(others) == 18 and int(others["missed"].sum()) == 2
    assert round(float((others["claim_bearing"] == "yes").mean()), 2) == 0.11
    assert all(t.strip() for t in sel["text"])
