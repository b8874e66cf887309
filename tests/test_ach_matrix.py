"""aon.ach_matrix on small matrices worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from aon.ach_matrix import (build_matrix, changes, default_rating, leave_one_out, leaders, non_diagnostic, ranking,
                            rating_counts, rerates_to_tie, review_edits, sensitivity, separating_items, validate_edits,
                            edit_problems, normalised_cells)
from aon.errors import CourseError


def small() -> pd.DataFrame:
    """The 4 x 3 matrix worked by hand.

    ======  ==  ==  ==
    item    H1  H2  H3
    ======  ==  ==  ==
    e1      C   I   N
    e2      I   C   C
    e3      N   N   N
    e4      I   C   I
    ======  ==  ==  ==

    Diagnostic: e1 (C/I/N differ), e2 (I/C/C), e4 (I/C/I); e3 is N everywhere, so it is the only
    non-diagnostic item. Inconsistencies: H1 has I in e2 and e4 = 2; H2 has I in e1 = 1; H3 has I in e4 = 1.
    So H2 and H3 tie for the lead (1 each) and H1 is third (rank 3 with method "min").
    Counts: H1 C1 I2 N1; H2 C2 I1 N1; H3 C1 I1 N2.
    Sensitivity, with H2 as the leader (first in column order): H1 trails by 2 - 1 = 1. The items that
    separate H2 from H1: e2 and e4 count against H1 only (H1 I, H2 C), e1 against H2 only. One re-rating
    (e.g. e2 under H1: I -> C) brings H1 level, so rerates_to_tie = ceil(1/2) = 1. H3 is level: 0.
    """
    return pd.DataFrame({"H1": ["C", "I", "N", "I"], "H2": ["I", "C", "N", "C"], "H3": ["N", "C", "N", "I"]},
                        index=pd.Index(["e1", "e2", "e3", "e4"], name="evidence_id"))


def test_hand_worked_scores_and_diagnosticity():
    m = small()
    assert non_diagnostic(m) == ["e3"]
    table = ranking(m)
    assert table["inconsistent"].to_dict() == {"H2": 1, "H3": 1, "H1": 2}
    assert table["rank"].to_dict() == {"H2": 1, "H3": 1, "H1": 3}
    assert leaders(m) == ["H2", "H3"]
    counts = rating_counts(m)
    assert counts.loc["H1"].tolist() == [1, 2, 1] and counts.loc["H2"].tolist() == [2, 1, 1] and counts.loc["H3"].tolist() == [1, 1, 2]


def test_hand_worked_sensitivity():
    m = small()
    items = separating_items(m, "H2", "H1")
    assert items["against"].to_dict() == {"e1": "H2", "e2": "H1", "e4": "H1"}
    assert rerates_to_tie(m, "H2", "H1") == 1
    assert rerates_to_tie(m, "H2", "H3") == 0
    table = sensitivity(m)
    assert table.loc["H1", "gap"] == 1 and table.loc["H1", "rerates_to_tie"] == 1
    assert table.loc["H1", "items_against_it_not_leader"] == 2 and table.loc["H1", "items_against_leader_not_it"] == 1
    assert table.loc["H3", "gap"] == 0
    # a gap of 5 needs 3 re-ratings (two rows close 4, a third closes the last)
    wide = pd.DataFrame({"H1": ["C"] * 6, "H2": ["I"] * 5 + ["C"]}, index=[f"r{i}" for i in range(6)])
    assert rerates_to_tie(wide, "H1", "H2") == 3
    with pytest.raises(CourseError, match="Did you mean 'H2'"):
        separating_items(m, "H1", "H22")


def test_leave_one_out_by_article():
    m = small()
    ev = pd.DataFrame({"evidence_id": ["e1", "e2", "e3", "e4"], "article_id": ["a", "a", "b", "b"]})
    table = leave_one_out(m, ev)
    # without a: e3, e4 remain -> H1 1, H2 0, H3 1; without b: e1, e2 -> H1 1, H2 1, H3 0
    assert table.loc["a", ["H1", "H2", "H3"]].tolist() == [1, 0, 1] and table.loc["a", "leader"] == "H2"
    assert table.loc["b", ["H1", "H2", "H3"]].tolist() == [1, 1, 0] and table.loc["b", "leader"] == "H3"


def test_default_rule():
    assert default_rating({"supports": "alliance", "theme": "arms_trade", "claim": "Russia sells S-400s."}) == {"H1": "C", "H2": "I", "H3": "I"}
    assert default_rating({"supports": "alliance", "theme": "diplomacy_un", "claim": "A summit."}) == {"H1": "C", "H2": "I", "H3": "N"}
    assert default_rating({"supports": "necessity", "theme": "asymmetry_status", "claim": "x"}) == {"H1": "I", "H2": "C", "H3": "C"}
    assert default_rating({"supports": "necessity", "theme": "energy", "claim": "Russia Depends on Chinese money."})["H3"] == "C"
    assert default_rating({"supports": "ambiguous", "theme": "energy", "claim": "A contract."}) == {"H1": "N", "H2": "N", "H3": "N"}
    ev = pd.DataFrame({"evidence_id": ["x-01", "x-02"], "supports": ["alliance", "ambiguous"],
                       "theme": ["joint_exercises", "energy"], "claim": ["drills", "gas"]})
    m = build_matrix(ev)
    assert m.index.tolist() == ["x-01", "x-02"] and m.columns.tolist() == ["H1", "H2", "H3"]
    assert m.loc["x-01"].tolist() == ["C", "I", "N"]


def test_edits_are_validated_with_friendly_messages():
    base = small()
    edited = base.copy()
    edited.loc["e1", "H3"] = " i "
    cleaned = validate_edits(edited, base)
    assert cleaned.at["e1", "H3"] == "I"
    assert edited.at["e1", "H3"] == " i "  # the student's frame is not modified
    assert changes(edited, base).to_dict("records") == [{"evidence_id": "e1", "hypothesis": "H3", "was": "N", "now": "I"}]
    typo = base.copy()
    typo.loc["e5", "H1"] = "C"
    with pytest.raises(CourseError, match="Row 'e5' is not an evidence id"):
        validate_edits(typo, base)
    bad = base.copy()
    bad.loc["e2", "H2"] = "yes"
    with pytest.raises(CourseError, match="'yes'.*use \"C\""):
        validate_edits(bad, base)
    col = base.copy()
    col["H4"] = "C"
    with pytest.raises(CourseError, match="Column 'H4' is not a hypothesis"):
        validate_edits(col, base)
    with pytest.raises(CourseError, match="missing"):
        validate_edits(base.drop(index="e1"), base)
    with pytest.raises(CourseError, match="DataFrame"):
        validate_edits([["C"]], base)


def test_every_problem_is_reported_at_once_in_the_students_name():
    base = small()
    mine = base.copy()
    mine.loc["e9", "H1"] = "C"          # a mistyped id: a new row (its other cells are empty, not reported again)
    mine.loc["e2", "H2"] = "probably"   # not a rating
    mine.loc["e3", "H3"] = "maybe"      # not a rating
    problems = edit_problems(mine, base, name="mine")
    assert len(problems) == 3
    assert any("Row 'e9'" in p and "mine = mine.drop(index='e9')" in p for p in problems)
    assert any("'probably'" in p and 'mine.loc["e2", "H2"]' in p for p in problems)
    assert any("'maybe'" in p for p in problems)
    assert not any("my_matrix" in p for p in problems)
    with pytest.raises(CourseError, match=r"(?s)3 problems in `mine`.*e9.*probably.*maybe"):
        validate_edits(mine, base, name="mine")
    assert edit_problems(base.copy(), base) == []


def test_review_edits_never_destroys_the_students_matrix(capsys):
    base = small()
    mine = base.copy()
    mine.loc["e1", "H2"] = "C"          # a valid edit the student wants to keep
    mine.loc["e9", "H1"] = "C"          # and a typo
    mine.loc["e2", "H2"] = "probably"
    result = review_edits(mine, base)   # as in the lesson: mine = review_edits(mine, matrix)
    out = capsys.readouterr().out
    assert result is mine and result.at["e1", "H2"] == "C"   # returned unchanged, work kept
    assert "2 problems in `mine`" in out and "e9" in out and "probably" in out
    assert "mine = mine.drop(index='e9')" in out and "my_matrix" not in out   # advice names the caller's variable
    assert "kept as it is" in out
    mine.loc["e4", "H3"] = "c"
    review_edits(mine, base)
    assert "Not a problem: 1 rating(s) written in lower case" in capsys.readouterr().out
    review_edits(mine, base, name="other")
    assert "other = other.drop" in capsys.readouterr().out


def test_lower_case_and_spaces_are_normalised_and_reported(capsys):
    base = small()
    mine = base.copy()
    mine.loc["e1", "H2"] = "c"
    mine.loc["e3", "H1"] = " I"
    assert normalised_cells(mine)[["evidence_id", "written", "read_as"]].values.tolist() == [["e1", "c", "C"], ["e3", " I", "I"]]
    result = review_edits(mine, base)
    out = capsys.readouterr().out
    assert result.at["e1", "H2"] == "C" and result.at["e3", "H1"] == "I"
    assert "2 rating(s) written in lower case or with spaces are read as capitals" in out
    assert "e1 H2 'c' as 'C'" in out and "e3 H1 ' I' as 'I'" in out
    assert "2 cell(s) changed" in out


def test_review_edits_prints_and_never_raises(capsys):
    base = small()
    typo = base.copy()
    typo.loc["e9", "H1"] = "C"
    assert review_edits(typo, base) is typo
    assert "not an evidence id" in capsys.readouterr().out
    assert review_edits("not a frame", base) == "not a frame"
    assert "DataFrame" in capsys.readouterr().out
    edited = base.copy()
    edited.loc["e1", "H2"] = "C"   # H2 loses its only I: H2 alone leads
    result = review_edits(edited, base)
    out = capsys.readouterr().out
    assert result is not None and "1 cell(s) changed" in out and "after: H2 (changed)" in out
    assert review_edits(base.copy(), base) is not None
    assert "No cells changed" in capsys.readouterr().out


def test_swapped_arguments_stop_loudly_and_keep_the_students_matrix(capsys):
    """review_edits(matrix, mine) would report the edits backwards and return the default: it must stop first."""
    from aon.ach_matrix import swapped_arguments
    from aon.evidence import load_evidence

    matrix = build_matrix(load_evidence())
    mine = matrix.copy()
    first = matrix.index[0]
    mine.loc[first, "H3"] = "I" if matrix.at[first, "H3"] != "I" else "C"
    kept = mine.copy()
    assert swapped_arguments(matrix, mine) and not swapped_arguments(mine, matrix)
    with pytest.raises(CourseError, match=r"`matrix`\) is exactly the course's default.*wrong way round.*"
                                          r"`mine = review_edits\(mine, matrix\)`.*edited the course's matrix itself.*kept"):
        mine = review_edits(matrix, mine)
    assert mine.equals(kept)                         # the assignment never happened: the edits are still there
    result = review_edits(mine, matrix)              # the right order still works
    assert result.at[first, "H3"] == kept.at[first, "H3"] and "1 cell(s) changed" in capsys.readouterr().out
    # not swapped: two copies of the default, or matrices that are not the course's
    assert review_edits(matrix.copy(), matrix) is not None
    assert not swapped_arguments(small(), small().copy()) and not swapped_arguments("not a frame", matrix)
