"""aon.lessons.lesson11_who_says_what on small hand-made tables."""
from __future__ import annotations

import pandas as pd
import pytest

from aon.errors import CourseError
from aon.evidence import show_full_text
from aon.lessons.lesson11_who_says_what import (
    cites_other_readings,
    coverage,
    coverage_alt_text,
    driver_by_reading,
    event_disagreements,
    plot_coverage_heatmap,
    plot_sources_by_type,
    rows_for_event,
    sceptical_readings,
    shared_sources,
    show_side_by_side,
    side_by_side,
    side_by_side_markdown,
    sides_by_reading,
    source_groups,
    sources_alt_text,
    sources_by_type,
    theme_disagreements,
    theme_sides,
    tie_by_reading,
    tie_columns,
    tie_driver_counts,
)


def articles() -> pd.DataFrame:
    return pd.DataFrame({"article_id": ["b", "a", "new"], "sequence": [2, 1, 3],
                         "author": ["Jane Roe", "John Doe", "unknown"]})


def evidence() -> pd.DataFrame:
    return pd.DataFrame({
        "evidence_id": ["a-01", "a-02", "a-03", "b-01", "b-02"],
        "article_id": ["a", "a", "a", "b", "b"],
        "theme": ["energy", "energy", "arms_trade", "energy", "arms_trade"],
        "supports": ["alliance", "alliance", "alliance", "necessity", "ambiguous"],
        "evidence_type": ["event"] * 5, "quote": list("qwert"), "claim": list("yuiop"),
        "event_key": ["gas", pd.NA, "s400", "gas", "s400x"],
    })


def test_coverage_keeps_readings_without_rows():
    table = coverage(evidence(), articles())
    assert table.columns.tolist() == ["a", "b", "new"]
    assert table.loc["energy"].tolist() == [2, 1, 0] and table.loc["arms_trade"].tolist() == [1, 1, 0]
    full = coverage(evidence(), articles(), themes=["arctic", "energy"])
    assert full.loc["arctic"].tolist() == [0, 0, 0]
    alt = coverage_alt_text(table)
    assert "new has no evidence rows" in alt and "a 3 rows, most in energy (2)" in alt
    plot_coverage_heatmap(table, "t")


def test_sides_and_disagreements():
    sides = theme_sides(evidence(), articles(), "energy")
    assert sides.loc["a"].tolist() == [2, 0, 0] and sides.loc["b"].tolist() == [0, 1, 0] and sides.loc["new"].sum() == 0
    with pytest.raises(CourseError, match="Did you mean 'energy'"):
        theme_sides(evidence(), articles(), "energi")
    disagreements = theme_disagreements(evidence(), articles())
    assert disagreements.index.tolist() == ["energy"]
    assert disagreements.loc["energy"].tolist() == ["alliance", "necessity", "no rows"]   # no NaN for "new"
    d = event_disagreements(evidence())
    assert d.to_dict("records") == [{"event_key": "gas", "n_articles": 2, "codes": "a: alliance; b: necessity"}]
    events = pd.DataFrame({"event_key": ["s400"], "evidence_ids": ["a-03;b-02"]})
    assert set(rows_for_event("s400", evidence(), events)["evidence_id"]) == {"a-03", "b-02"}
    assert event_disagreements(evidence(), events)["event_key"].tolist() == ["gas", "s400"]
    assert side_by_side(evidence(), event_key="gas")["evidence_id"].tolist() == ["a-01", "b-01"]
    assert len(side_by_side(evidence(), theme="arms_trade")) == 2
    with pytest.raises(CourseError):
        side_by_side(evidence(), event_key="gaz")


def test_sources():
    sources = pd.DataFrame({"article_id": ["a", "a", "b", "b"],
                            "source": ["TASS", "Jane Roe, a journal", "TASS", "Kommersant"],
                            "source_type": ["state_media", "academic", "state_media", "independent_media"],
                            "citation": ["c1", "c2", "c3", "c4"]})
    by_type = sources_by_type(sources, articles(), types=["state_media", "academic", "think_tank"])
    assert by_type.loc["state_media"].tolist() == [1, 1, 0] and by_type.loc["think_tank"].sum() == 0
    groups = source_groups(sources, articles())
    assert groups.loc["a"].tolist() == [1, 1, 0, 2] and groups.loc["new", "total"] == 0
    assert shared_sources(sources)["source"].tolist() == ["TASS"]
    cross = cites_other_readings(sources, articles())
    assert cross[["citing", "cited_author"]].values.tolist() == [["a", "Jane Roe"]]
    assert "new cites no sources" in sources_alt_text(by_type)
    plot_sources_by_type(by_type, "t")


def test_coverage_alt_text_describes_the_chart_without_answering_q1():
    table = coverage(evidence(), articles())
    alt = coverage_alt_text(table)
    assert "covered by every reading" not in alt and "theme(s)" not in alt
    assert "b 2 rows, most in two themes tied at 1 row each: energy, arms trade" in alt
    assert "Most evidence over all readings: energy (3 rows)" in alt and "largest single cell: 2 rows" in alt


def test_side_by_side_shows_the_rationale_in_full(capsys):
    long_quote = "a quote far longer than fifty characters, so that pandas would normally cut it off here"
    ev = evidence().assign(rationale=[f"why {i}" for i in range(5)])
    ev.loc[0, "quote"] = long_quote
    rows = side_by_side(ev, event_key="gas")
    assert rows.columns.tolist()[-1] == "rationale" and rows["rationale"].tolist() == ["why 0", "why 3"]
    text = side_by_side_markdown(rows)
    assert long_quote in text and "*Why the course coded it alliance:* why 0" in text and "necessity:* why 3" in text
    assert "rationale" not in side_by_side(evidence(), event_key="gas").columns  # a table without rationales still works
    show_full_text(rows)  # plain Python: printed, nothing cut
    assert long_quote in capsys.readouterr().out
    show_side_by_side(rows)
    assert "why 3" in capsys.readouterr().out


def test_alt_text_spells_out_ties():
    """A tie for the largest count reads as a list of tied names with their count, not as one long name."""
    by_type = pd.DataFrame({"a": [1, 1, 1, 1, 0], "b": [3, 1, 0, 0, 0]},
                           index=pd.Index(["government", "state_media", "analyst", "other", "academic"], name="source_type"))
    alt = sources_alt_text(by_type)
    assert "a 4 (four types tied for most, at 1 each: government, state media, analyst, other)" in alt
    assert "b 4 (most: government, 3)" in alt
    assert " and state media" not in alt
    table = pd.DataFrame({"a": [2, 2, 1]}, index=pd.Index(["energy", "arms_trade", "arctic"], name="theme"))
    assert "a 5 rows, most in two themes tied at 2 rows each: energy, arms trade" in coverage_alt_text(table)
    assert "Most evidence over all readings: two themes tied at 2 rows each (energy, arms trade);" in coverage_alt_text(table)


def test_the_helpers_of_a_lesson_that_draws_nothing_do_not_load_matplotlib():
    """Lesson 12 draws no figure; importing matplotlib's pyplot would cost it about half a second of start-up."""
    import subprocess
    import sys

    code = ("import sys, aon, aon.checks, aon.evidence, aon.ach, aon.lessons.lesson12_competing_hypotheses, aon.lessons.lesson11_who_says_what; "
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def coded() -> pd.DataFrame:
    """Evidence on codebook 2: a's two rows on one event differ in tie; b has one row with no level shown."""
    return pd.DataFrame({
        "evidence_id": ["a-01", "a-02", "a-03", "b-01", "b-02"],
        "article_id": ["a", "a", "a", "b", "b"],
        "tie": ["alliance", "alignment", "distance", pd.NA, "partnership"],
        "driver": ["shared_threat", "shared_threat", "none_stated", "economic_opportunity", "economic_opportunity"],
        "supports": ["alliance", "alliance", "necessity", "ambiguous", "necessity"],
        "event_key": ["ev1", "ev1", pd.NA, pd.NA, pd.NA],
        "claim_key": ["a-01", "a-02", "a-03", "b-01", "b-02"],
    })


def test_tie_and_driver_by_reading_per_row_and_per_unit():
    assert tie_columns() == ["(level not shown)", "distance", "partnership", "alignment", "alliance"]
    rows = tie_by_reading(coded(), articles())
    assert rows.columns.tolist() == tie_columns() and rows.index.tolist() == ["a", "b", "new"]
    assert rows.loc["a"].tolist() == [0, 1, 0, 1, 1] and rows.loc["b"].tolist() == [1, 0, 1, 0, 0]
    assert rows.loc["new"].sum() == 0
    units = tie_by_reading(coded(), articles(), per="unit")       # ev1 counts once, at the lower middle level
    assert units.loc["a"].tolist() == [0, 1, 0, 1, 0]
    drivers = driver_by_reading(coded(), articles(), per="unit")
    assert drivers.at["a", "shared_threat"] == 1 and drivers.at["b", "economic_opportunity"] == 2
    with pytest.raises(CourseError, match="per is 'row' or 'unit'"):
        tie_by_reading(coded(), articles(), per="rows")


def test_tie_driver_counts_has_every_reading_level_and_driver():
    grid = tie_driver_counts(coded(), articles())
    assert len(grid) == 3 * 5 and grid.to_numpy().sum() == 5
    assert grid.at[("a", "alliance"), "shared_threat"] == 1 and grid.at[("b", "(level not shown)"), "economic_opportunity"] == 1
    assert tie_driver_counts(coded(), articles(), per="unit").to_numpy().sum() == 4


def test_sides_by_reading_and_the_sceptical_readings():
    sides = sides_by_reading(coded(), articles())
    assert sides["rows"].loc["a"].tolist() == [2, 1, 0] and sides["events and claims"].loc["a"].tolist() == [1, 1, 0]
    assert sceptical_readings(coded(), articles()) == ["b"]
    assert sceptical_readings(coded(), articles(), per="row") == ["b"]


def test_side_by_side_shows_tie_and_driver_when_the_table_has_them():
    table = side_by_side(coded().assign(theme="energy", evidence_type="event", quote="q", claim="c"), theme="energy")
    assert table.columns.tolist()[:5] == ["article_id", "evidence_id", "tie", "driver", "supports"]
    text = side_by_side_markdown(table)
    assert "tie: **(level not shown)** · driver: **economic_opportunity** · supports: **ambiguous**" in text
