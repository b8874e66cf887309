"""aon.lessons.lesson10_timeline on small hand-made tables."""
from __future__ import annotations

import pandas as pd
import pytest

from aon.errors import CourseError
from aon.lessons.lesson10_timeline import (
    event_markdown,
    event_mentions,
    event_periods,
    knowable,
    mentioned_after,
    period_end,
    plot_timeline,
    publication_windows,
    shared_events,
    split_ids,
    spread_labels,
    timeline_alt_text,
)
from aon.plots import show_figure

D = pd.Timestamp


def articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["b", "a", "c"], "sequence": [2, 1, 3],
        "published": ["5 May 2018", "Fall 2016", "unknown"],
        "date_earliest": [D("2018-05-05"), D("2016-09-01"), D("2019-01-01")],
        "date_latest": [D("2018-05-05"), D("2016-12-31"), D("2020-12-31")],
        "date_basis": ["printed", "issue", "inferred"],
    })


def events() -> pd.DataFrame:
    return pd.DataFrame({
        "event_key": ["e1", "e2", "e3"], "label": ["One", "Two", "Three"],
        "date": [D("2014-05-21"), D("2016-10-01"), D("2019-06-01")],
        "date_precision": ["day", "month", "month"], "category": ["energy"] * 3,
        "evidence_ids": ["a-01;b-01", "a-02", "c-01"], "articles": ["a;b;zz", "a", "b;c"],
        "date_source": ["x"] * 3, "note": ["a note", "", "late"],
    })


def test_split_ids():
    assert split_ids("a; b;;c ") == ["a", "b", "c"]
    assert split_ids(float("nan")) == []


def test_windows_and_mentions():
    w = publication_windows(articles())
    assert w["article_id"].tolist() == ["a", "b", "c"]          # reading order
    assert w["is_range"].tolist() == [True, False, True]
    assert w["undated"].tolist() == [False, False, True]
    m = event_mentions(events(), articles())
    assert list(zip(m["event_key"], m["article_id"])) == [("e1", "a"), ("e1", "b"), ("e2", "a"), ("e3", "b"), ("e3", "c")]
    shared = shared_events(events(), articles())
    assert shared["event_key"].tolist() == ["e1", "e3"] and shared["articles"].tolist() == ["a; b", "b; c"]


def test_knowable_counts_by_hand():
    # a: window 2016-09-01..2016-12-31 -> e1 before, e2 inside, e3 after; mentions e1, e2
    # b: exact 2018-05-05 -> e1, e2 before, e3 after; mentions e1, e3
    # c: 2019-01-01..2020-12-31 -> e1, e2 before, e3 inside
    k = knowable(events(), articles())
    assert k.columns.tolist() == ["before", "overlapping", "after", "mentions"]
    assert k.loc["a"].tolist() == [1, 1, 1, 2]
    assert k.loc["b"].tolist() == [2, 0, 1, 2]
    assert k.loc["c"].tolist() == [2, 1, 0, 1]
    late = mentioned_after(events(), articles())
    assert list(zip(late["article_id"], late["event_key"])) == [("b", "e3")]
    assert late["when"].tolist() == ["after"]


def test_period_end_by_precision():
    assert period_end(D("2014-05-21"), "day") == D("2014-05-21")
    assert period_end(D("2016-02-01"), "month") == D("2016-02-29")
    assert period_end(D("2022-01-01"), "year") == D("2022-12-31")
    assert period_end(D("2003-01-01"), "years") == D("2003-12-31")      # the year the process began
    assert period_end(D("2016-09-01"), "season") == D("2016-12-31")     # "Fall 2016", as events.csv bounds it
    assert period_end(D("2014-03-01"), "season") == D("2014-06-30")
    with pytest.raises(CourseError, match="day, month, season, year, years"):
        period_end(D("2014-01-01"), "decade")
    with pytest.raises(CourseError, match="date_precision"):
        event_periods(events().drop(columns="date_precision"))


def imprecise_events() -> pd.DataFrame:
    """Worked by hand against articles(): a is 2016-09-01..2016-12-31, b exactly 2018-05-05, c 2019-01-01..2020-12-31.

    y16 (year 2016, 2016-01-01..12-31): a overlapping (not before, as its first day alone would say); b, c before.
    m18 (month May 2018, to 05-31): a after; b overlapping (5 May is inside May), mentioned by b -> possibly after;
    c before.  d18 (day 2018-06-01): a after, b after (mentioned by b -> after), c before.
    y20 (year 2020): a, b after; c overlapping, mentioned by c: ends 2020-12-31, not after c's latest -> not listed.
    """
    return pd.DataFrame({
        "event_key": ["y16", "m18", "d18", "y20"], "label": ["Y16", "M18", "D18", "Y20"],
        "date": [D("2016-01-01"), D("2018-05-01"), D("2018-06-01"), D("2020-01-01")],
        "date_precision": ["year", "month", "day", "year"], "category": ["energy"] * 4,
        "evidence_ids": [""] * 4, "articles": ["a", "b", "b", "c"], "date_source": ["x"] * 4, "note": [""] * 4,
    })


def test_an_imprecise_event_is_a_period_not_its_first_day():
    k = knowable(imprecise_events(), articles())
    assert k.loc["a"].tolist() == [0, 1, 3, 1]
    assert k.loc["b"].tolist() == [1, 1, 2, 2]
    assert k.loc["c"].tolist() == [3, 1, 0, 1]
    late = mentioned_after(imprecise_events(), articles())
    assert list(zip(late["article_id"], late["event_key"], late["when"])) == [
        ("b", "m18", "possibly after (only the month is known)"), ("b", "d18", "after")]
    assert (late["period_end"] > late["latest"]).all()


def test_the_party_congress_may_fall_after_rusi_2022():
    """Regression: a year-precision event of the publication year (stored as 1 January) is not 'before'."""
    from aon.data import load_articles
    from aon.evidence import load_events

    events = load_events()
    late = mentioned_after(events, load_articles())
    row = late[late["event_key"] == "party-congress-20th-2022"]
    assert row["article_id"].tolist() == ["rusi-2022"]
    assert row["when"].tolist() == ["after"]          # dated to the day since issue 17: 16 October 2022
    # The regression itself: the same event known only to its year (stored as 1 January) is 'possibly after'.
    congress = events["event_key"] == "party-congress-20th-2022"
    events.loc[congress, "date"] = pd.Timestamp("2022-01-01")
    events.loc[congress, "date_precision"] = "year"
    row = mentioned_after(events, load_articles())
    row = row[row["event_key"] == "party-congress-20th-2022"]
    assert row["when"].tolist() == ["possibly after (only the year is known)"]


def test_spread_labels_keeps_order_and_stops_overlaps():
    assert spread_labels([100.0], [10.0]) == [100.0]
    assert spread_labels([0.0, 200.0], [10.0, 10.0]) == [0.0, 200.0]        # far apart: unmoved
    wanted, widths = [0.0, 2.6, 5.9, 16.0], [9.0, 9.0, 9.0, 29.0]
    xs = spread_labels(wanted, widths, gap=6.0)
    for i in range(1, len(xs)):
        assert xs[i] - xs[i - 1] >= (widths[i - 1] + widths[i]) / 2 + 6.0 - 1e-9
    assert abs(sum(xs) / len(xs) - sum(wanted) / len(wanted)) < 1e-6     # the group stays centred on its lines


def test_plot_alt_text_and_a_reading_without_events():
    arts = pd.concat([articles(), pd.DataFrame({"article_id": ["d"], "sequence": [4], "published": ["2021"],
                                                "date_earliest": [D("2021-01-01")], "date_latest": [D("2021-12-31")],
                                                "date_basis": ["x"]})], ignore_index=True)
    fig = plot_timeline(events(), arts, "test")
    alt = timeline_alt_text(events(), arts)
    assert "c (undated, placed by inference between 2019-01-01 and 2020-12-31)" in alt
    assert "d (published between 2021-01-01 and 2021-12-31) mentions 0 event(s)" in alt
    assert "1 One (2014)" in alt and "numbered in one row of labels" in alt
    assert "share one line" not in alt           # e1 and e3 have different dates
    same_day = events().assign(date=[D("2014-05-21"), D("2016-10-01"), D("2014-05-21")])
    assert "1 and 2 share one line and one label" in timeline_alt_text(same_day, arts)
    shown = show_figure(fig, alt=alt, caption="Figure 1.1: test")
    assert shown.png.startswith(b"\x89PNG")


def test_event_markdown():
    ev = pd.DataFrame({"evidence_id": ["a-01", "b-01"], "article_id": ["a", "b"], "quote": ["q1", "q2"],
                       "evidence_type": ["event", "event"], "supports": ["alliance", "necessity"],
                       "rationale": ["r1", "r2"], "event_key": ["e1", pd.NA]})
    text = event_markdown("e1", events(), ev)
    assert "**One**" in text and "a note" in text and "`a-01`" in text and "`b-01`" in text   # b-01 via events.csv
    assert "not in events.csv" in event_markdown("zz", events(), ev)


def test_event_markdown_shows_tie_and_driver_of_codebook_2():
    ev = pd.DataFrame({"evidence_id": ["a-01", "b-01"], "article_id": ["a", "b"], "quote": ["q1", "q2"],
                       "evidence_type": ["event", "event"], "tie": [pd.NA, "distance"],
                       "driver": ["shared_threat", "asymmetry_dependence"], "supports": ["ambiguous", "necessity"],
                       "rationale": ["r1", "r2"], "event_key": ["e1", pd.NA]})
    text = event_markdown("e1", events(), ev)
    assert "tie **(level not shown)**, driver **shared_threat** (so supports ambiguous): r1" in text
    assert "tie **distance**, driver **asymmetry_dependence** (so supports necessity): r2" in text
