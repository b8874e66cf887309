"""aon.timeline on small hand-made tables."""
from __future__ import annotations

import pandas as pd

from aon.plots import show_figure
from aon.timeline import (event_markdown, event_mentions, knowable, mentioned_after, plot_timeline, publication_windows,
                          shared_events, split_ids, timeline_alt_text)

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
    assert k.loc["a"].tolist() == [1, 1, 1, 2]
    assert k.loc["b"].tolist() == [2, 0, 1, 2]
    assert k.loc["c"].tolist() == [2, 1, 0, 1]
    late = mentioned_after(events(), articles())
    assert list(zip(late["article_id"], late["event_key"])) == [("b", "e3")]


def test_plot_alt_text_and_a_reading_without_events():
    arts = pd.concat([articles(), pd.DataFrame({"article_id": ["d"], "sequence": [4], "published": ["2021"],
                                                "date_earliest": [D("2021-01-01")], "date_latest": [D("2021-12-31")],
                                                "date_basis": ["x"]})], ignore_index=True)
    fig = plot_timeline(events(), arts, "test")
    alt = timeline_alt_text(events(), arts)
    assert "c (undated, placed by inference between 2019-01-01 and 2020-12-31)" in alt
    assert "d (published between 2021-01-01 and 2021-12-31) mentions 0 event(s)" in alt
    assert "1 One (2014)" in alt
    shown = show_figure(fig, alt=alt, caption="Figure 1.1: test")
    assert shown.png.startswith(b"\x89PNG")


def test_event_markdown():
    ev = pd.DataFrame({"evidence_id": ["a-01", "b-01"], "article_id": ["a", "b"], "quote": ["q1", "q2"],
                       "evidence_type": ["event", "event"], "supports": ["alliance", "necessity"],
                       "rationale": ["r1", "r2"], "event_key": ["e1", pd.NA]})
    text = event_markdown("e1", events(), ev)
    assert "**One**" in text and "a note" in text and "`a-01`" in text and "`b-01`" in text   # b-01 via events.csv
    assert "not in events.csv" in event_markdown("zz", events(), ev)
