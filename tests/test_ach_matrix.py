"""aon.lessons.lesson12_competing_hypotheses on small matrices worked out by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from aon.errors import CourseError
from aon.lessons.lesson12_competing_hypotheses import (
    build_matrix,
    by_evidence_kind,
    changes,
    compare_selections,
    default_rating,
    each_reading,
    edit_problems,
    item_of,
    leaders,
    leave_one_out,
    non_diagnostic,
    normalised_cells,
    per_row_and_unit,
    ranking,
    rating_counts,
    reading_subsets,
    rerates_to_tie,
    review_edits,
    sensitivity,
    separating_items,
    validate_edits,
)


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


def test_default_rule_reads_the_tie_and_never_the_driver():
    from aon.codebook import CONSISTENCY

    assert default_rating({"tie": "alliance"}) == {"H1": "C", "H2": "I", "H3": "I"}
    assert default_rating({"tie": "alignment"}) == {"H1": "C", "H2": "C", "H3": "I"}
    assert default_rating({"tie": "partnership"}) == {"H1": "I", "H2": "N", "H3": "C"}
    assert default_rating({"tie": "distance"}) == {"H1": "I", "H2": "I", "H3": "C"}
    assert default_rating({"tie": None}) == default_rating({"tie": float("nan")}) == {"H1": "N", "H2": "N", "H3": "N"}
    # the driver never makes an item inconsistent: a pressure- or asymmetry-driven alignment is not against H1
    for driver in ("shared_threat", "asymmetry_dependence", "economic_opportunity", "none_stated"):
        assert default_rating(pd.Series({"tie": "alignment", "driver": driver}))["H1"] == "C"
    # one table: the module reads aon.codebook.CONSISTENCY through the H-codes
    for tie, row in CONSISTENCY.items():
        assert default_rating({"tie": tie}) == {"H1": row["alliance"], "H2": row["qualified"], "H3": row["necessity"]}
    ev = pd.DataFrame({"evidence_id": ["x-01", "x-02"], "article_id": ["x", "x"], "tie": ["alignment", None],
                       "driver": ["shared_threat", "none_stated"], "event_key": [None, None], "claim_key": ["k1", "k2"]})
    m = build_matrix(ev)
    assert m.index.tolist() == ["x-01", "x-02"] and m.columns.tolist() == ["H1", "H2", "H3"]
    assert m.loc["x-01"].tolist() == ["C", "C", "I"]


def _units_table() -> pd.DataFrame:
    """Five rows by hand: one event reported three times in reading a (two partnership, one empty tie), the same
    event once in reading b (alliance), and a claim of its own in b (distance)."""
    return pd.DataFrame({
        "evidence_id": ["a-01", "a-02", "a-03", "b-01", "b-02"],
        "article_id": ["a", "a", "a", "b", "b"],
        "tie": ["partnership", "partnership", None, "alliance", "distance"],
        "driver": ["none_stated"] * 5,
        "event_key": ["summit", "summit", "summit", "summit", None],
        "claim_key": ["a-01", "a-02", "a-03", "b-01", "b-02"],
        "evidence_type": ["event", "judgement", "judgement", "event", "judgement"]})


def test_items_count_each_event_once_per_reading_or_overall():
    ev = _units_table()
    # per row: 5 items; H1 is against a-01, a-02 (partnership) and b-02 (distance) = 3
    assert build_matrix(ev, per="row").shape == (5, 3)
    # per unit in each reading: summit in a (partnership, the rows agree where a level is shown), summit in b
    # (alliance), b-02 (distance): H1 I = 2 (a's summit, b-02), H2 I = 2 (b's summit, b-02), H3 I = 1
    m = build_matrix(ev)
    assert m.index.tolist() == ["a-01", "b-01", "b-02"]
    assert m["H1"].tolist() == ["I", "C", "I"] and (m == "I").sum().to_dict() == {"H1": 2, "H2": 2, "H3": 1}
    # overall: one summit item whose tie is the lower median of partnership, partnership, alliance = partnership
    overall = build_matrix(ev, per="unit_overall")
    assert overall.index.tolist() == ["a-01", "b-02"] and overall.loc["a-01"].tolist() == ["I", "N", "C"]
    table = per_row_and_unit(ev)
    assert table["H1"].tolist() == [3, 2, 2] and table["items"].tolist() == [5, 3, 2]
    assert item_of(ev)["a-03"] == "a-01" and item_of(ev, per="row")["a-03"] == "a-03"
    with pytest.raises(CourseError, match="per is one of"):
        build_matrix(ev, per="rows")


def test_selections_and_reading_subsets_by_hand():
    ev = _units_table()
    subsets = reading_subsets(ev).set_index("readings")
    # a alone: one partnership item -> H1 1, H2 0, H3 0 -> H2 = H3; b alone: alliance + distance -> H1 1, H2 2, H3 1
    assert subsets.loc["a", ["H1", "H2", "H3", "items"]].tolist() == [1, 0, 0, 1] and subsets.loc["a", "leader"] == "H2 = H3"
    assert subsets.loc["b", ["H1", "H2", "H3"]].tolist() == [1, 2, 1] and subsets.loc["b", "leader"] == "H1 = H3"
    assert subsets.loc["a + b", "leader"] == "H3" and len(subsets) == 3
    kinds = by_evidence_kind(ev)
    # events and documents: a-01 (a's summit, partnership) and b-01 (alliance) -> H1 1, H2 1, H3 1
    assert kinds.loc["events and documents", ["H1", "H2", "H3"]].tolist() == [1, 1, 1]
    assert kinds.loc["judgements and forecasts", "items"] == 2   # a-02 and a-03 are one item (a's summit), b-02
    alone = each_reading(ev)
    assert alone.loc["all but a", "leader"] == "H1 = H3" and alone.loc["all readings", "leader"] == "H3"
    with pytest.raises(CourseError, match="not in the evidence table"):
        compare_selections(ev, {"odd": pd.DataFrame({"evidence_id": ["z-01"], "tie": [None], "article_id": ["z"]})})


def test_three_paths_on_the_course_data():
    """Issue 16: each conclusion is reachable with the lesson's tools and default ratings (the lesson's numbers)."""
    from aon.evidence import load_evidence

    ev = load_evidence()
    military = ["joint_exercises", "arms_trade", "nuclear_strategic", "technology_space"]
    paths = compare_selections(ev, {
        "Blank alone": ev[ev["article_id"] == "blank-2016"],
        "military themes": ev[ev["theme"].isin(military)],
        "strategic drivers": ev[ev["driver"].isin(["shared_threat", "shared_regime_ideas"])],
        "all evidence": ev})
    assert paths["leader"].to_dict() == {"Blank alone": "H1", "military themes": "H1",
                                         "strategic drivers": "H2", "all evidence": "H3"}
    # four of the five readings are sceptical of alliance: H3 leads in each of them alone, H1 only in Blank's
    alone = each_reading(ev)
    assert [r for r in alone.index if r.endswith(" alone") and alone.loc[r, "leader"] == "H3"] != []
    assert sum(alone.loc[r, "leader"] == "H3" for r in alone.index if r.endswith(" alone")) == 4


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
    from aon.evidence import load_evidence
    from aon.lessons.lesson12_competing_hypotheses import swapped_arguments

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


def test_a_row_that_is_part_of_an_item_is_named_with_its_item():
    from aon.evidence import load_evidence

    ev = load_evidence()
    matrix = build_matrix(ev)
    mapping = item_of(ev)
    row, item = next((r, i) for r, i in mapping.items() if r != i)
    mine = matrix.copy()
    mine.loc[row, "H1"] = "C"
    problems = edit_problems(mine, matrix, name="mine")
    assert any(f"part of item '{item}'" in p and f"mine.loc[\"{item}\", ...]" in p for p in problems), problems

