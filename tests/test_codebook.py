"""Codebook 2: tie x driver, the rule that derives supports, coverage of every sentence, distinct units."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from aon.authoring.coverage import place_evidence, sentence_spans, uncoded
from aon.authoring.readings import add_evidence, add_reading
from aon.authoring.validate import (
    coverage_problems,
    supports_rule_problems,
    validate_all,
)
from aon.codebook import (
    SUPPORTS_BY_TIE,
    count_units,
    derive_supports,
    distinct_units,
    drivers,
    tie_levels,
    with_units,
)
from aon.data import article_text, load_articles, resource
from aon.errors import CourseError
from aon.evidence import load_evidence
from test_readings import ARGS, aon, course, write  # noqa: F401 - the fixture is used by name

EVIDENCE = load_evidence()


# ------------------------------------------------------------------ the scale and the rule

def test_tie_levels_are_listed_least_to_most_committed_in_the_data_package():
    field = next(f for f in resource("evidence")["schema"]["fields"] if f["name"] == "tie")
    assert field["constraints"]["enum"] == ["distance", "partnership", "alignment", "alliance"] == tie_levels()
    assert "partnership" in tie_levels() and tie_levels().index("alignment") == tie_levels().index("partnership") + 1
    assert drivers() == ["shared_threat", "economic_opportunity", "asymmetry_dependence", "shared_regime_ideas", "none_stated"]


@pytest.mark.parametrize("tie, supports", [("alliance", "alliance"), ("alignment", "alliance"), ("partnership", "necessity"),
                                           ("distance", "necessity"), (None, "ambiguous"), ("", "ambiguous"),
                                           (float("nan"), "ambiguous"), (pd.NA, "ambiguous")])
def test_derive_supports(tie, supports):
    assert derive_supports(tie) == supports


def test_an_unknown_tie_is_refused_with_the_levels():
    with pytest.raises(CourseError, match="distance, partnership, alignment, alliance"):
        derive_supports("entente")


def test_every_row_follows_the_rule_and_the_driver_never_decides():
    assert (EVIDENCE["supports"] == EVIDENCE["tie"].map(derive_supports)).all()
    # the rule reads the tie alone: for every tie level, rows with different drivers get the same supports
    for _, rows in EVIDENCE.groupby(EVIDENCE["tie"].fillna("")):
        assert rows["supports"].nunique() == 1


def test_pressure_or_asymmetry_alone_never_makes_a_row_necessity():
    drivers_only = EVIDENCE[EVIDENCE["tie"].isna() & EVIDENCE["driver"].isin(["shared_threat", "asymmetry_dependence"])]
    assert len(drivers_only) >= 20 and (drivers_only["supports"] == "ambiguous").all()


def test_every_rationale_names_both_dimensions():
    bad = [r.evidence_id for r in EVIDENCE.itertuples()
           if "tie" not in r.rationale.lower() or "driver" not in r.rationale.lower()]
    assert not bad, f"rationales that do not name the tie and the driver: {bad[:10]}"


def test_validate_refuses_a_supports_that_disagrees_with_the_rule():
    rows = [{"tie": "alignment", "supports": "necessity"}, {"tie": None, "supports": "necessity"},
            {"tie": "distance", "supports": "necessity"}, {"tie": "distance", "supports": "maybe"}]
    problems = supports_rule_problems("evidence.csv", rows)
    assert [p.row for p in problems] == [2, 3]  # 'maybe' is reported against the schema, not twice
    assert "tie 'alignment' gives 'alliance'" in problems[0].message and "never set by hand" in problems[0].message
    assert "an empty tie (level not shown) gives 'ambiguous'" in problems[1].message


def test_the_shipped_data_are_valid():
    assert [str(p) for p in validate_all()] == []


def test_blank_thesis_is_one_claim_coded_alliance_with_asymmetry_as_its_driver():
    rows = EVIDENCE.set_index("evidence_id")
    assert rows.loc["blank-2016-02", "tie"] == "alliance" and rows.loc["blank-2016-02", "driver"] == "asymmetry_dependence"
    assert rows.loc["blank-2016-01", "claim_key"] == rows.loc["blank-2016-02", "claim_key"]
    assert "If this is not an offer for an alliance" in " ".join(EVIDENCE["quote"])


# ------------------------------------------------------------------ coverage

def test_coverage_tiles_every_reading_from_first_to_last_character():
    coverage = pd.read_csv(_data("coverage.csv"), dtype=str, keep_default_na=False)
    for article_id in load_articles()["article_id"]:
        spans = coverage[coverage["article_id"] == article_id]
        ends = [0, *spans["end"].astype(int)]
        assert list(spans["start"].astype(int)) == ends[:-1], f"{article_id}: a gap or overlap"
        assert ends[-1] == len(article_text(article_id))
        assert ((spans["evidence_ids"] != "") ^ (spans["reason"] != "")).all()


def _data(name: str) -> Path:
    from aon.paths import data_dir

    return data_dir() / name


def test_every_evidence_row_lies_in_the_span_that_lists_it():
    coverage = pd.read_csv(_data("coverage.csv"), dtype=str, keep_default_na=False)
    where = {i: (int(s), int(e)) for ids, s, e in zip(coverage["evidence_ids"], coverage["start"], coverage["end"], strict=True)
             for i in ids.split(";") if i}
    assert set(where) == set(EVIDENCE["evidence_id"])
    for row in EVIDENCE.itertuples():
        start, end = where[row.evidence_id]
        assert start <= row.start and row.end <= end, row.evidence_id


def test_coverage_problems_name_a_gap_a_missing_reason_and_an_unlisted_row():
    articles = [{"article_id": "blank-2016", "seed_file": "003_x.txt"}]
    length = len(article_text("blank-2016"))
    coverage = [{"article_id": "blank-2016", "start": 0, "end": 10, "evidence_ids": None, "reason": "furniture"},
                {"article_id": "blank-2016", "start": 12, "end": length, "evidence_ids": None, "reason": None}]
    evidence = [{"evidence_id": "blank-2016-01", "article_id": "blank-2016", "start": 248, "end": 303}]
    messages = [p.message for p in coverage_problems(articles, evidence, coverage)]
    assert any("a gap" in m for m in messages)
    assert any("neither evidence ids nor a reason" in m for m in messages)
    assert any("'blank-2016-01' is not listed in coverage.csv" in m for m in messages)


def test_uncoded_gives_each_left_out_sentence_with_its_reason():
    left = uncoded("rusi-2022")
    assert len(left) > 0 and left["reason"].notna().all() and (left["text"].str.len() > 0).all()


def test_sentence_spans_tile_the_text():
    text = "Gas flows. Arms sales fell!\nA heading\n“Quoted.” Then more? Yes."
    spans = sentence_spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert [text[a:b].strip() for a, b in spans] == ["Gas flows.", "Arms sales fell!", "A heading", "“Quoted.”", "Then more?", "Yes."]


def test_place_evidence_joins_the_spans_a_quote_runs_over():
    rows = [{"article_id": "x", "start": "0", "end": "5", "evidence_ids": "", "reason": "unreviewed", "note": ""},
            {"article_id": "x", "start": "5", "end": "9", "evidence_ids": "", "reason": "unreviewed", "note": ""},
            {"article_id": "x", "start": "9", "end": "12", "evidence_ids": "", "reason": "unreviewed", "note": ""}]
    placed = place_evidence(rows, [{"evidence_id": "x-01", "article_id": "x", "start": "3", "end": "7"}])
    assert [(r["start"], r["end"], r["evidence_ids"], r["reason"]) for r in placed] == [
        ("0", "9", "x-01", ""), ("9", "12", "", "unreviewed")]


def test_an_added_reading_gets_unreviewed_sentences_and_evidence_fills_them(course, tmp_path):
    add_reading(write(tmp_path / "in.txt", "Gas flows. Arms sales fell. Trust is thin.\n"), "test-2023", **ARGS)
    result = aon("validate", root=course)
    assert result.returncode == 0 and "3 span(s) not yet reviewed" in result.stdout
    draft = tmp_path / "draft.csv"
    columns = [f["name"] for f in resource("evidence")["schema"]["fields"]]
    with draft.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerow(dict.fromkeys(columns, "") | dict(evidence_id="test-2023-01", article_id="test-2023", quote="Trust is thin.",
                                                          claim="c", theme="leadership_regime", evidence_type="judgement",
                                                          tie="distance", driver="none_stated", rationale="Tie distance; driver none."))
    assert add_evidence(draft) == 1
    added = pd.read_csv(course / "data" / "evidence.csv", dtype=str).set_index("evidence_id").loc["test-2023-01"]
    assert added["supports"] == "necessity" and added["claim_key"] == "test-2023-01"  # derived, and a claim of its own
    coverage = pd.read_csv(course / "data" / "coverage.csv", dtype=str, keep_default_na=False)
    mine = coverage[coverage["article_id"] == "test-2023"]
    assert list(mine["evidence_ids"]) == ["", "", "test-2023-01"] and list(mine["reason"]) == ["unreviewed", "unreviewed", ""]
    result = aon("validate", root=course)
    assert result.returncode == 0 and "2 span(s) not yet reviewed" in result.stdout
    with pytest.raises(CourseError, match="added before, and nothing was added again"):
        add_evidence(draft)


def test_a_hand_typed_supports_that_breaks_the_rule_is_refused_in_a_draft(course, tmp_path):
    add_reading(write(tmp_path / "in.txt", "Pressure pushes them together.\n"), "test-2023", **ARGS)
    columns = [f["name"] for f in resource("evidence")["schema"]["fields"]]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerow(dict.fromkeys(columns, "") | dict(evidence_id="test-2023-01", article_id="test-2023",
                                                      quote="Pressure pushes them together.", claim="c", theme="diplomacy_un",
                                                      evidence_type="judgement", tie="", driver="shared_threat",
                                                      supports="necessity", rationale="Tie empty; driver shared_threat."))
    draft = write(tmp_path / "draft.csv", buffer.getvalue())
    with pytest.raises(CourseError, match="'necessity' disagrees with the rule: an empty tie"):
        add_evidence(draft)


# ------------------------------------------------------------------ distinct events and claims

def test_one_event_in_several_rows_is_one_unit():
    units = distinct_units(EVIDENCE, per_reading=False)
    arms = units[units["evidence_ids"].str.contains("blank-2016-23")]
    assert len(arms) == 1  # the S-400/Su-35 sale: one event, though several readings report it
    statement = units[units["unit"] == "joint-statement-2022-02-04"]
    assert len(statement) == 1 and statement["rows"].iloc[0] >= 5
    assert len(units) < len(distinct_units(EVIDENCE)) < len(EVIDENCE)


def test_a_unit_takes_the_lower_median_level_of_rows_that_disagree():
    rows = pd.DataFrame({"evidence_id": ["a-01", "a-02", "a-03"], "article_id": "a", "event_key": "e", "claim_key": ["a-01", "a-02", "a-03"],
                         "tie": ["alliance", "distance", "partnership"], "driver": "none_stated"})
    unit = distinct_units(rows).iloc[0]
    assert unit["tie"] == "partnership" and unit["supports"] == "necessity" and bool(unit["mixed"]) and unit["rows"] == 3


def test_count_units_per_row_and_per_unit():
    per_row = count_units(EVIDENCE, by="supports", per="row")["rows"]
    per_unit = count_units(EVIDENCE, by=["article_id", "supports"])["units"]
    assert per_row.sum() == len(EVIDENCE) and per_unit.sum() == len(distinct_units(EVIDENCE))
    assert with_units(EVIDENCE)["unit"].notna().all()
    with pytest.raises(CourseError, match="per is 'row' or 'unit'"):
        count_units(EVIDENCE, by="supports", per="event")


def test_the_rule_table_covers_every_level():
    assert set(SUPPORTS_BY_TIE) == set(tie_levels()) | {None}
