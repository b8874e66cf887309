"""aon.argument: theses by their natural names, evidence on the right side of a thesis (before and after the
evidence table gains its `tie` column), and written answers that are prose of the student's own; the lessons'
"not the whole grade" notice once per notebook."""
from __future__ import annotations

import pandas as pd
import pytest

from aon.argument import (
    FIT,
    THESES,
    THESIS_NAMES,
    argument_problems,
    copied_share,
    engages,
    evidence_fits_thesis,
    prose_problems,
    rebuttal_problems,
    repeated_share,
    side_problems,
    side_score,
    thesis_code,
    thesis_problem,
)
from aon.checks import NOT_THE_GRADE, Checker, Question
from aon.data import article_text, load_table


@pytest.fixture(scope="module")
def ev():
    return load_table("evidence").set_index("evidence_id")


GENUINE = ("My thesis is that the tie between Russia and China is closer than convenience but short of alliance. "
           "The readings give three kinds of evidence: statements by leaders, events such as arms sales and exercises, "
           "and the judgements of analysts who wrote at different times and from different institutions. Statements are "
           "cheap, so I weigh events above them. The arms sales show real military trust, yet neither state has signed a "
           "mutual defence clause or planned operations with the other. An alliance in the ATOP sense would need such a "
           "promise, while an axis of convenience would not survive the costs both sides have already accepted. ")


# --- theses --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("thesis", THESES)
def test_every_natural_name_reads_as_its_thesis(thesis):
    for name in THESIS_NAMES[thesis]:
        for written in (name, name.upper(), f"  a {name}. ", f'"{name}"', name.replace(" ", "-")):
            assert thesis_code(written) == thesis, written


def test_the_course_s_own_names_are_theses_and_others_get_a_suggestion():
    assert thesis_code("partnership of necessity") == thesis_code("Axis of convenience") == "necessity"
    assert thesis_code("alignment short of alliance") == thesis_code("Entente") == "qualified"
    assert thesis_code("maybe") is None and thesis_code(3) is None and thesis_problem("alliance") is None
    assert "Did you mean 'partnership of necessity'?" in thesis_problem("partnership of neccessity")
    assert "Did you mean 'alliance'?" in thesis_problem("aliance")
    assert "should be text" in thesis_problem(["alliance"])


# --- evidence for or against a thesis -----------------------------------------------------------------------------

@pytest.mark.parametrize("tie", ["distance", "partnership", "alignment", "alliance"])
def test_the_tie_decides_when_the_table_has_it(tie):
    for thesis in THESES:
        # the supports code is deliberately contrary: the tie wins
        assert evidence_fits_thesis(thesis, {"tie": tie, "supports": "alliance" if tie != "alliance" else "necessity"}) is FIT[thesis][tie]
    assert evidence_fits_thesis("alliance", pd.Series({"tie": "alliance", "supports": "alliance"})) is True


def test_an_empty_tie_is_neither_for_nor_against_and_the_driver_never_decides():
    for thesis in THESES:
        assert evidence_fits_thesis(thesis, {"tie": pd.NA, "supports": "ambiguous", "driver": "shared_threat"}) is None
        assert evidence_fits_thesis(thesis, {"tie": "", "supports": "ambiguous"}) is None
        for driver in ("shared_threat", "asymmetry_dependence", "economic_opportunity"):
            for tie in ("distance", "partnership", "alignment", "alliance"):
                assert evidence_fits_thesis(thesis, {"tie": tie, "driver": driver}) is FIT[thesis][tie]
    assert evidence_fits_thesis("maybe", {"tie": "alliance"}) is None
    assert evidence_fits_thesis("alliance", {}) is None


def test_the_rule_is_the_codebook_s_consistency_table():
    from aon.codebook import CONSISTENCY

    assert FIT["alliance"] == {"alliance": True, "alignment": True, "partnership": False, "distance": False}
    assert FIT["qualified"] == {"alliance": False, "alignment": True, "partnership": None, "distance": False}
    assert FIT["necessity"] == {"alliance": False, "alignment": False, "partnership": True, "distance": True}
    assert all(FIT[t][tie] is {"C": True, "I": False, "N": None}[CONSISTENCY[tie][t]] for t in THESES for tie in FIT[t])


@pytest.mark.parametrize("thesis", THESES)
def test_every_thesis_can_be_argued_from_the_table(ev, thesis):
    fits = ev.apply(lambda row: evidence_fits_thesis(thesis, row), axis=1)
    assert ev[fits == True]["article_id"].nunique() >= 3      # noqa: E712 - True, not None
    assert (fits == False).sum() >= 2                          # noqa: E712


def test_side_score_and_hints(ev):
    alliance = ev[ev["supports"] == "alliance"].index[:3].tolist()
    necessity = ev[ev["supports"] == "necessity"].index[:2].tolist()
    middle = ev[ev["supports"] == "ambiguous"].index[:1].tolist()
    assert side_score("alliance", alliance, necessity, ev) == 1 and side_problems("alliance", alliance, necessity, ev) == []
    assert side_score("alliance", necessity, alliance, ev) == 0
    assert side_score("alliance", alliance + middle, necessity, ev) == pytest.approx(5.5 / 6)
    assert side_score("alliance", alliance + ["blank-2016-99"], necessity, ev) == 1   # the id checks score that slip
    assert side_score("maybe", alliance, necessity, ev) == 0 and side_problems("maybe", alliance, necessity, ev) == []
    hints = " ".join(side_problems("necessity", alliance + middle, necessity, ev))
    assert "coded against the necessity thesis" in hints and "must really be against it" in hints and "counts for half" in hints


# --- written answers -----------------------------------------------------------------------------------------------

def test_prose_of_one_s_own_passes_and_filler_does_not(ev):
    assert prose_problems(GENUINE, "answer", 80) == []
    assert "only 1 different word(s)" in prose_problems("word " * 100, "answer", 80)[0]
    assert "repeats itself" in prose_problems(GENUINE[:330] * 3, "answer", 80)[0]
    assert "not written in sentences" in prose_problems(GENUINE.replace(".", ","), "answer", 80)[0]
    assert "placeholder" in prose_problems("... " + GENUINE, "answer", 80)[0]
    assert "should be text" in prose_problems(42, "answer", 80)[0]


def test_ids_in_a_written_answer_must_exist_with_the_lessons_did_you_mean():
    found = prose_problems("As blank-2016-3 and blank-2016-99 show, " + GENUINE, "answer", 80)
    assert any("'blank-2016-3', which is not an evidence id. Did you mean 'blank-2016-03'?" in f for f in found)
    assert any("'blank-2016-99', which is not an evidence id" in f for f in found)
    assert prose_problems("As Blank-2016-03 shows, " + GENUINE, "answer", 80) == []   # capitals do not matter


def test_copied_text_is_found_in_the_readings_and_in_other_answers():
    reading = " ".join(article_text("baev-2019").split()[200:320])
    assert copied_share(reading) == 1
    assert any("copied word for word" in f for f in prose_problems(reading, "answer", 80))
    assert copied_share(GENUINE) == 0
    assert copied_share(GENUINE, others=[GENUINE[:400]]) > 0.5
    assert copied_share(GENUINE, others=[GENUINE[:400]], readings=False) > 0.5
    assert repeated_share(GENUINE) == 0


def test_a_rebuttal_engages_its_counter_evidence(ev):
    item = ev.index[5]
    quote_words = " ".join(ev.loc[item, "quote"].split()[:4])
    own = "a statement of intent costs nothing, and neither state has yet paid a price for the other in a crisis"
    assert engages(item, f"{item.upper()} is weak: {own}", ev.loc[item, "quote"])
    assert engages(item, f"The words “{quote_words}” are weak: {own}", ev.loc[item, "quote"])
    assert not engages(item, f"This is weak: {own}", ev.loc[item, "quote"])
    said = " ".join(ev.loc[item, "claim"].split()[:8])
    assert rebuttal_problems(item, f"{item} is weak ({said}): {own}.", {}) == []
    # naming the id and writing fifteen varied words is not enough: the rebuttal must take up what the row says (a review)
    assert any("answers nothing it says" in f for f in rebuttal_problems(item, f"{item} is weak: {own}.", {}))
    other = ev.index[6]
    found = rebuttal_problems(item, f"{item} is weak ({said}): {own}.", {other: f"{other} is weak ({said}): {own}."})
    assert any("the same text as another rebuttal" in f for f in found)
    assert any("different word" in f for f in rebuttal_problems(item, "x " * 20, {}))


def test_an_argument_cites_the_ids_it_lists_from_both_sides(ev):
    for_, against = ev.index[:3].tolist(), ev.index[40:42].tolist()
    text = (GENUINE * 3).replace("The readings give", f"The readings ({', '.join(for_)}; {against[0]}) give", 1)
    assert [f for f in argument_problems(text, 300, for_, against) if "cites" in f] == []
    one_side = (GENUINE * 3).replace("The readings give", f"The readings ({', '.join(for_)}) give", 1)
    assert any("none of the ids in `evidence_against`" in f for f in argument_problems(one_side, 300, for_, against))
    assert any("cites 0 of the evidence ids" in f for f in argument_problems(GENUINE * 3, 300, for_, against))
    assert not any("cites" in f for f in argument_problems(GENUINE * 3, 300))   # the lists unknown: not asked


# --- the lessons' notice ---------------------------------------------------------------------------------------------

def test_the_lessons_say_not_the_whole_grade_once_per_notebook(capsys):
    questions = [Question("q1", "n", "integer", expected=lambda: 3), Question("q2", "m", "integer", expected=lambda: 4)]
    check = Checker("blank-2016", questions)
    check("q1", 3)
    check("q2", 5)
    check("q2", 4)
    check("q1", 3)
    out = capsys.readouterr().out
    assert out.count("✅") == 3 and out.count(NOT_THE_GRADE) == 1
    assert out.index(NOT_THE_GRADE) < out.index("q2")                      # with the first pass
    Checker("blank-2016", questions)("q1", 3)                                # a new notebook: said again
    assert NOT_THE_GRADE in capsys.readouterr().out
