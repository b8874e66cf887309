"""Tests of aon.plots: the course renders figures itself, so it must draw exactly what matplotlib's savefig draws."""
from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from aon import plots
from aon.data import load_articles
from aon.evidence import load_events, load_evidence
from aon.lessons.lesson10_timeline import plot_timeline
from aon.lessons.lesson11_who_says_what import (
    coverage,
    plot_coverage_heatmap,
    tie_driver_counts,
)
from aon.lessons.lesson13_claims_against_data import (
    plot_arms_dates,
    plot_arms_share,
    plot_exercise_counts,
    plot_trade,
)
from aon.lessons.lesson14_after_february_2022 import plot_what_followed
from aon.lessons.lesson15_coding_reliability import (
    confusion_table,
    plot_confusion,
    second_coder_comparison,
)


def _figures():
    evidence = load_evidence()
    articles = load_articles()
    first = evidence[evidence["article_id"] == articles["article_id"].iloc[0]]
    both = second_coder_comparison()
    return {
        "themes (reading lessons)": lambda: plots.plot_evidence_by_theme(first, "title"),
        "positions (reading lessons)": lambda: plots.plot_evidence_along_text(first, 30_000, "title"),
        "publication dates (lesson 00)": lambda: plots.plot_publication_dates(articles),
        "timeline (lesson 10)": lambda: plot_timeline(load_events(), articles, "title"),
        "coverage heatmap (lesson 11)": lambda: plot_coverage_heatmap(coverage(evidence, articles), "title"),
        "tie x driver (lesson 11)": lambda: plots.plot_tie_driver(tie_driver_counts(evidence, articles),
                                                                  tie_driver_counts(evidence, articles, per="unit"), "title"),
        "trade (lesson 13)": plot_trade,
        "arms share (lesson 13)": plot_arms_share,
        "arms dates (lesson 13)": plot_arms_dates,
        "exercise counts (lesson 13)": plot_exercise_counts,
        "four panels (lesson 14)": plot_what_followed,
        "confusion (lesson 15)": lambda: plot_confusion(confusion_table(both["supports_course"], both["supports_second"]), "title"),
    }


FIGURES = _figures()


@pytest.mark.parametrize("name", list(FIGURES))
def test_render_png_draws_the_pixels_savefig_draws(name):
    """render_png draws once where savefig draws twice, and stores no alpha channel: not one pixel may differ."""
    expected = io.BytesIO()
    fig = FIGURES[name]()
    with plt.rc_context(plots.STYLE):
        fig.savefig(expected, format="png", metadata={"Software": None}, facecolor="white")
    plt.close(fig)
    fig = FIGURES[name]()
    rendered = plots.render_png(fig)
    plt.close(fig)
    saved = np.asarray(Image.open(io.BytesIO(expected.getvalue())))
    ours = Image.open(io.BytesIO(rendered))
    assert ours.mode == "RGB" and ours.info.get("dpi") == pytest.approx((plots.STYLE["savefig.dpi"],) * 2, abs=0.01)
    assert (saved[..., 3] == 255).all()   # savefig's alpha channel holds nothing: dropping it loses nothing
    assert np.array_equal(np.asarray(ours), saved[..., :3])
    assert len(rendered) < len(expected.getvalue())


@pytest.mark.parametrize("name", list(FIGURES))
def test_a_fixed_title_position_changes_no_pixel(name, monkeypatch):
    """STYLE fixes axes.titley to skip matplotlib's search for labels above the axes; no course figure has any.

    If this fails, a figure now has tick labels above its axes: drop "axes.titley" from STYLE.
    """
    fig = FIGURES[name]()
    fixed = plots.render_png(fig)
    plt.close(fig)
    monkeypatch.setitem(plots.STYLE, "axes.titley", None)
    fig = FIGURES[name]()
    auto = plots.render_png(fig)
    plt.close(fig)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(fixed))), np.asarray(Image.open(io.BytesIO(auto))))


def test_show_figure_needs_alt_text_and_caption():
    fig = FIGURES["themes (reading lessons)"]()
    with pytest.raises(ValueError):
        plots.show_figure(fig, alt=" ", caption="Figure 1: x")
    shown = plots.show_figure(fig, alt="Bar chart of x", caption="Figure 1: x")
    assert shown.png.startswith(b"\x89PNG") and 'alt="Bar chart of x"' in shown._repr_html_()


@pytest.mark.parametrize("name", list(FIGURES))
def test_course_figures_leave_no_open_pyplot_figure(name):
    """new_figure builds figures outside pyplot's registry: a lesson that draws many leaves none open."""
    before = set(plt.get_fignums())
    FIGURES[name]()
    assert set(plt.get_fignums()) == before


def test_drawn_bars_leaves_out_only_the_bars_of_length_zero():
    positions, lengths, starts = plots.drawn_bars(["a", "b", "c", "d"], [2, 0, 3.5, 0], [0, 1, 1, 2])
    assert positions.tolist() == ["a", "c"] and lengths.tolist() == [2.0, 3.5] and starts.tolist() == [0.0, 1.0]
    positions, lengths, starts = plots.drawn_bars(np.arange(3), np.array([0, 0, 1]))
    assert positions.tolist() == [2] and lengths.tolist() == [1.0] and starts.tolist() == [0.0]


def test_a_stacked_bar_chart_draws_one_bar_per_nonzero_count():
    evidence = load_evidence()
    first = evidence[evidence["article_id"] == load_articles()["article_id"].iloc[0]]
    fig = plots.plot_evidence_by_theme(first, "title")
    counts = plots.theme_supports_counts(first)
    ax = fig.axes[0]
    assert len(ax.patches) == int((counts.to_numpy() > 0).sum())
    assert [label.get_text() for label in ax.get_yticklabels()] == list(counts.index)


def test_tie_driver_grid_labels_every_nonempty_cell_with_rows_and_units():
    """One grid per reading; each cell with rows shows "rows\n(units)"; the levels run alliance (top) to distance, then level not shown."""
    evidence, articles = load_evidence(), load_articles()
    rows, units = tie_driver_counts(evidence, articles), tie_driver_counts(evidence, articles, per="unit")
    fig = plots.plot_tie_driver(rows, units, "title")
    assert len(fig.axes) == len(articles)
    first = fig.axes[0]
    assert [t.get_text() for t in first.get_yticklabels()] == ["alliance", "alignment", "partnership", "distance", "(level not shown)"]
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert len(texts) == int((rows.to_numpy() > 0).sum())
    reading = articles.sort_values("sequence")["article_id"].iloc[0]
    n, u = rows.at[(reading, "alliance"), "none_stated"], units.at[(reading, "alliance"), "none_stated"]
    if n:
        assert f"{n}\n({u})" in [t.get_text() for t in first.texts]
    alt = plots.tie_driver_alt_text(rows, units)
    total_rows, total_units = int(rows.loc[reading].to_numpy().sum()), int(units.loc[reading].to_numpy().sum())
    assert f"{reading}, {total_rows} rows ({total_units} events and claims)" in alt
    assert "alignment or alliance with a shared threat" in alt and " 1 rows" not in alt
