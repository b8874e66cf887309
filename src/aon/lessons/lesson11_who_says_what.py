"""Set the readings side by side: what each covers, where they disagree, whom they cite.

>>> from aon.evidence import load_evidence, load_sources_cited
>>> from aon.data import load_articles
>>> from aon.lessons.lesson11_who_says_what import coverage, event_disagreements, side_by_side, sources_by_type
>>> coverage(load_evidence(), load_articles())          # theme x article counts
>>> event_disagreements(load_evidence())                # events coded differently by different readings
>>> side_by_side(load_evidence(), event_key="s400-sale")
>>> sources_by_type(load_sources_cited(), load_articles())
>>> show_full_text(side_by_side(load_evidence(), theme="energy"))   # every quote in full, not cut at 50 characters
>>> tie_by_reading(load_evidence(), load_articles(), per="unit")    # tie levels per reading, per distinct event/claim
>>> tie_driver_counts(load_evidence(), load_articles())             # tie x driver per reading (lesson 11's figure)

Every function takes the tables as arguments, so it works on a filtered table too, and every reading of
articles.csv gets a column even when it has no rows (its counts are then zero).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..checks import Question, evidence_id_validator
from ..codebook import (
    ALLIANCE_SIDE,
    NO_LEVEL,
    distinct_units,
    drivers,
    tie_label,
    tie_levels,
)
from ..data import load_articles
from ..errors import CourseError, number_in_words, unknown_value_error
from ..evidence import (
    display_or_print,
    event_keys,
    event_links,
    load_sources_cited,
    rows_for_event,
)
from ..palette import CATEGORICAL, EDGE_COLOUR, SEQUENTIAL_CMAP, SUPPORTS_ORDER
from .common import (
    argmax_set,
    article_validator,
    event_rows,
    event_rows_on,
    evidence_rows,
    lower_set,
)

if TYPE_CHECKING:  # matplotlib is imported only by the functions that draw, so a lesson that draws nothing never loads it
    from matplotlib.figure import Figure

#: How the course groups the kinds of source for "state voices or not" (a simplification: say so when you use it).
SOURCE_GROUPS: dict[str, str] = {
    "government": "state voices",
    "official_person": "state voices",
    "state_media": "state voices",
    "independent_media": "independent",
    "think_tank": "independent",
    "academic": "independent",
    "analyst": "independent",
    "other": "other",
}


#: What :func:`theme_disagreements` writes in the cell of a reading with no evidence on a theme.
NO_ROWS = "no rows"


def _article_order(articles: pd.DataFrame) -> list[str]:
    return articles.sort_values("sequence")["article_id"].tolist()


def coverage(evidence: pd.DataFrame, articles: pd.DataFrame, themes: list[str] | None = None) -> pd.DataFrame:
    """Count evidence rows by theme (rows) and article (columns, in reading order).

    ``themes`` fixes the rows (e.g. the codebook's full list, so themes nobody covers show as zeros);
    by default the themes present, most evidence first.
    """
    table = pd.crosstab(evidence["theme"], evidence["article_id"])
    table = table.reindex(columns=_article_order(articles), fill_value=0)
    if themes is None:
        table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    else:
        table = table.reindex(themes, fill_value=0)
    table.index.name, table.columns.name = "theme", "article_id"
    return table.astype(int)


def plot_coverage_heatmap(table: pd.DataFrame, title: str) -> Figure:
    """Heatmap of a theme x article count table (from :func:`coverage`), every cell annotated with its count."""
    from ..plots import new_figure  # lazy: matplotlib loads only when a figure is drawn

    fig, ax = new_figure(1.3 * max(len(table.columns), 1) + 3.5, 0.42 * max(len(table), 1) + 2)
    values = table.to_numpy(dtype=float)
    vmax = max(float(values.max()) if values.size else 0.0, 1.0)
    ax.imshow(values, cmap=SEQUENTIAL_CMAP, vmin=0, vmax=vmax, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        ax.text(j, i, f"{int(value)}", ha="center", va="center", fontsize=9,
                color="black" if value > 0.55 * vmax else "white")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(table.index)), [t.replace("_", " ") for t in table.index])
    ax.spines[["left", "bottom"]].set_visible(False)  # no colour bar: every cell is labelled with its count
    ax.set_title(title)
    ax.set_xlabel("reading (source: data/evidence.csv)")
    return fig


# ---------------------------------------------------------------- codebook 2: tie and driver per reading

def _units_or_rows(evidence: pd.DataFrame, per: str) -> pd.DataFrame:
    """The evidence rows (``per="row"``) or its distinct events and claims, once per reading (``per="unit"``)."""

    if per == "row":
        return evidence
    if per == "unit":
        return distinct_units(evidence, per_reading=True)
    raise CourseError(f"per is 'row' or 'unit' (one distinct event or claim), not {per!r}.")


def tie_columns() -> list[str]:
    """The tie columns of the course's tables: '(level not shown)', then the levels from least to most committed."""
    return [NO_LEVEL, *tie_levels()]


def tie_by_reading(evidence: pd.DataFrame, articles: pd.DataFrame, per: str = "row") -> pd.DataFrame:
    """Count evidence by reading (rows, reading order) and ``tie`` level (columns, '(level not shown)' first).

    ``per="row"`` counts evidence rows; ``per="unit"`` counts distinct events and claims, each once per reading
    (:func:`aon.codebook.distinct_units`). The table is what ``pd.crosstab(ev["article_id"], tie)`` gives, with
    every reading and every level present (zeros where there are none).
    """
    table = _units_or_rows(evidence, per)
    counts = pd.crosstab(table["article_id"], table["tie"].map(tie_label))
    counts = counts.reindex(index=_article_order(articles), columns=tie_columns(), fill_value=0)
    counts.index.name, counts.columns.name = "article_id", "tie"
    return counts.astype(int)


def driver_by_reading(evidence: pd.DataFrame, articles: pd.DataFrame, per: str = "row") -> pd.DataFrame:
    """Count evidence by reading (rows, reading order) and ``driver`` (columns, in the codebook's order); see :func:`tie_by_reading`."""
    table = _units_or_rows(evidence, per)
    counts = pd.crosstab(table["article_id"], table["driver"])
    counts = counts.reindex(index=_article_order(articles), columns=drivers(), fill_value=0)
    counts.index.name, counts.columns.name = "article_id", "driver"
    return counts.astype(int)


def tie_driver_counts(evidence: pd.DataFrame, articles: pd.DataFrame, per: str = "row") -> pd.DataFrame:
    """Count evidence by reading and tie level (a two-level row index) and driver (columns): tie × driver per reading.

    Every reading gets every tie level ('(level not shown)' first, then least to most committed) and every driver,
    with zeros where there is no evidence. ``per`` as in :func:`tie_by_reading`.
    """
    table = _units_or_rows(evidence, per)
    counts = pd.crosstab([table["article_id"], table["tie"].map(tie_label).rename("tie")], table["driver"])
    full = pd.MultiIndex.from_product([_article_order(articles), tie_columns()], names=["article_id", "tie"])
    counts = counts.reindex(index=full, columns=drivers(), fill_value=0)
    counts.columns.name = "driver"
    return counts.astype(int)


def sides_by_reading(evidence: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """For each reading: its evidence on the alliance side, the necessity side and with no level shown, per row and per unit.

    The sides are the ``supports`` the codebook derives from ``tie`` (alignment or alliance: alliance side;
    partnership or distance: necessity side). Columns: a two-level index, ``("rows", side)`` and
    ``("events and claims", side)``, the second counting each distinct event or claim once per reading.
    """
    parts = {}
    for label, per in (("rows", "row"), ("events and claims", "unit")):
        table = _units_or_rows(evidence, per)
        counts = pd.crosstab(table["article_id"], table["supports"])
        parts[label] = counts.reindex(index=_article_order(articles), columns=SUPPORTS_ORDER, fill_value=0).astype(int)
    combined = pd.concat(parts, axis=1)
    combined.index.name = "article_id"
    combined.columns.names = ["count", "supports"]
    return combined


def sceptical_readings(evidence: pd.DataFrame, articles: pd.DataFrame, per: str = "unit") -> list[str]:
    """The readings with more necessity-side than alliance-side evidence (per distinct event/claim by default)."""
    table = sides_by_reading(evidence, articles)["rows" if per == "row" else "events and claims"]
    return table.index[table["necessity"] > table["alliance"]].tolist()


def _describe_columns(table: pd.DataFrame, empty: str, single: str, tied: str, things: str, unit: str = "") -> list[str]:
    """One phrase per column of a count table: its total and its largest row(s), for alt text.

    ``single`` is used when one row is largest (fields: article, total, top, most); ``tied`` when several rows
    share the largest count (fields: article, total, n, things, most, unit, top), so that a tie reads
    "four types tied at 1 each: government, state media, analyst, other" rather than as one long name.
    ``things`` names the rows in the plural ("types"); ``unit`` follows the count ("rows"), if any.
    """
    parts = []
    for article in table.columns:
        column = table[article]
        if column.sum() == 0:
            parts.append(empty.format(article=article))
            continue
        names = [str(t).replace("_", " ") for t in column[column == column.max()].index]
        most, total = int(column.max()), int(column.sum())
        if len(names) == 1:
            parts.append(single.format(article=article, total=total, top=names[0], most=most))
        else:
            count_unit = f" {unit}" if unit else ""
            if unit and most == 1:
                count_unit = f" {unit[:-1] if unit.endswith('s') else unit}"
            parts.append(tied.format(article=article, total=total, n=number_in_words(len(names)), things=things,
                                     most=most, unit=count_unit, top=", ".join(names)))
    return parts


def coverage_alt_text(table: pd.DataFrame) -> str:
    """Describe :func:`plot_coverage_heatmap` in words: each reading's total and top theme, and the largest themes.

    It describes the chart, not the answers to the lesson's questions: it does not count the themes every
    reading covers (a student reading the description can find that in the table the chart is drawn from).
    """
    parts = _describe_columns(table, "{article} has no evidence rows", "{article} {total} rows, most in {top} ({most})",
                              "{article} {total} rows, most in {n} {things} tied at {most}{unit} each: {top}",
                              things="themes", unit="rows")
    totals = table.sum(axis=1)
    biggest = ""
    if len(totals) and totals.max() > 0:
        top = [str(t).replace("_", " ") for t in totals[totals == totals.max()].index]
        most = (f"{top[0]} ({int(totals.max())} rows)" if len(top) == 1
                else f"{number_in_words(len(top))} themes tied at {int(totals.max())} rows each ({', '.join(top)})")
        biggest = (f" Most evidence over all readings: {most}; largest single cell: {int(table.to_numpy().max())} rows.")
    return (f"Heatmap of evidence counts, {len(table)} themes (rows) by {len(table.columns)} readings (columns), "
            f"darker for fewer rows and lighter for more, each cell labelled with its count. "
            + "; ".join(parts) + "." + biggest
            + " Every cell's count is in the table the chart is drawn from (print it to read the cells row by row).")


def theme_sides(evidence: pd.DataFrame, articles: pd.DataFrame, theme: str) -> pd.DataFrame:
    """For one theme: how many rows of each article support alliance, necessity, ambiguous (articles as rows)."""
    if theme not in set(evidence["theme"]):
        raise unknown_value_error("Theme", theme, sorted(set(evidence["theme"])), "Themes are listed in data/codebook.md.")
    rows = evidence[evidence["theme"] == theme]
    table = pd.crosstab(rows["article_id"], rows["supports"])
    table = table.reindex(index=_article_order(articles), columns=SUPPORTS_ORDER, fill_value=0)
    table.columns.name = "supports"
    return table.astype(int)


def majority_reading(evidence: pd.DataFrame) -> pd.DataFrame:
    """For each (theme, article): the most common ``supports`` value, or 'tie' when two or more are level."""
    counts = evidence.groupby(["theme", "article_id", "supports"]).size().unstack("supports", fill_value=0)
    if counts.empty:
        return pd.DataFrame(index=pd.Index([], name="theme"), columns=pd.Index([], name="article_id"), dtype=object)
    leaders = counts.eq(counts.max(axis=1), axis=0)
    pick = counts.idxmax(axis=1).where(leaders.sum(axis=1) == 1, "tie")
    return pick.unstack("article_id")


def theme_disagreements(evidence: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Themes on which the readings' majority codes differ: one row per theme, one column per article.

    A cell is the article's majority ``supports`` value for the theme, 'tie' if two or more codes are level,
    or 'no rows' if the article has no evidence on the theme.
    Only themes with a majority of 'alliance' in one article and 'necessity' in another are kept.
    """
    table = majority_reading(evidence).reindex(columns=_article_order(articles))
    if not len(table):
        return table
    keep = table.apply(lambda row: {"alliance", "necessity"} <= set(row.dropna()), axis=1)
    return table[keep].astype(object).fillna(NO_ROWS)


def event_disagreements(evidence: pd.DataFrame, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events that two or more readings mention and code with different ``supports``.

    Evidence is linked to events by :func:`event_links` (pass ``events`` to use events.csv's lists too).
    Returns one row per event: event_key, n_articles, and the codes used by each article (e.g.
    "baev-2019: alliance; bear-dragon-nd: necessity").
    """
    linked = event_links(evidence, events)
    rows = list(zip(evidence["evidence_id"], evidence["article_id"], evidence["supports"], strict=True))
    out = []
    for key in event_keys(evidence, events):
        ids = linked.get(key, set())
        codes: dict[str, dict[str, None]] = {}   # article -> its supports codes, in the table's order
        for evidence_id, article_id, supports in rows:
            if evidence_id in ids:
                codes.setdefault(article_id, {})[supports] = None
        if len(codes) < 2 or len({c for used in codes.values() for c in used}) < 2:
            continue
        out.append({"event_key": key, "n_articles": len(codes),
                    "codes": "; ".join(f"{a}: {'/'.join(used)}" for a, used in codes.items())})
    return pd.DataFrame(out, columns=["event_key", "n_articles", "codes"])


def side_by_side(evidence: pd.DataFrame, event_key: str | None = None, theme: str | None = None,
                 events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evidence rows on one event (``event_key``) or theme, with quotes, claims, codes and the coder's rationale.

    Columns: article_id, evidence_id, tie and driver (when the evidence table has them), supports, evidence_type,
    quote, claim, rationale (the last only when the evidence table has one). With ``events``, an event's rows include those events.csv lists for it (see
    :func:`rows_for_event`). Show it with :func:`show_full_text` or :func:`show_side_by_side` to read every quote in full.
    """
    if (event_key is None) == (theme is None):
        raise ValueError("give exactly one of event_key= or theme=")
    if event_key is not None:
        known = event_keys(evidence, events)
        if event_key not in known:
            raise unknown_value_error("Event key", event_key, known, "Known keys are in events.csv's `event_key` column.")
        rows = rows_for_event(event_key, evidence, events)
    else:
        known = sorted(set(evidence["theme"]))
        if theme not in known:
            raise unknown_value_error("Theme", theme, known, "Themes are listed in data/codebook.md.")
        rows = evidence[evidence["theme"] == theme]
    columns = ["article_id", "evidence_id", *[c for c in ("tie", "driver") if c in rows.columns], "supports",
               "evidence_type", "quote", "claim"]
    columns += ["rationale"] if "rationale" in rows.columns else []
    return rows[columns].reset_index(drop=True)


def side_by_side_markdown(rows: pd.DataFrame) -> str:
    """Return rows from :func:`side_by_side` as Markdown: each quote in full with its reading, id and codes (tie, driver, supports),
    then the course's rationale for the code (why the row was coded that way)."""
    blocks = []
    for row in rows.itertuples(index=False):
        codes = f"supports: **{row.supports}**"
        if hasattr(row, "tie") and hasattr(row, "driver"):
            codes = f"tie: **{tie_label(row.tie)}** · driver: **{row.driver}** · {codes}"
        block = (f"> {row.quote}\n>\n> — {row.article_id}, `{row.evidence_id}` · {codes}"
                 f" · type: {row.evidence_type}")
        rationale = getattr(row, "rationale", None)
        if isinstance(rationale, str) and rationale.strip():
            block += f"\n\n*Why the course coded it {row.supports}:* {rationale}"
        blocks.append(block)
    return "\n\n".join(blocks)


def show_side_by_side(rows: pd.DataFrame) -> None:
    """Display rows from :func:`side_by_side` as full quotes, each followed by its rationale (printed in plain Python)."""
    text = side_by_side_markdown(rows)
    display_or_print(text)


# ---------------------------------------------------------------- sources

def sources_by_type(sources: pd.DataFrame, articles: pd.DataFrame, types: list[str] | None = None) -> pd.DataFrame:
    """Count cited sources by source_type (rows) and citing article (columns, reading order; zero if none)."""
    table = pd.crosstab(sources["source_type"], sources["article_id"])
    table = table.reindex(columns=_article_order(articles), fill_value=0)
    if types is not None:
        table = table.reindex(types, fill_value=0)
    table.index.name, table.columns.name = "source_type", "article_id"
    return table.astype(int)


def source_groups(sources: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Count cited sources per article in the course's three groups (:data:`SOURCE_GROUPS`), plus a total.

    Articles with no cited sources get zeros.
    """
    grouped = sources.assign(group=sources["source_type"].map(SOURCE_GROUPS).fillna("other"))
    table = pd.crosstab(grouped["article_id"], grouped["group"])
    table = table.reindex(index=_article_order(articles), columns=["state voices", "independent", "other"], fill_value=0)
    table["total"] = table.sum(axis=1)
    table.columns.name = "group"
    return table.astype(int)


def shared_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources (by normalised name) that two or more readings cite: source, source_type, n_articles, articles."""
    grouped = sources.groupby("source", sort=True).agg(source_type=("source_type", "first"),
                                                       n_articles=("article_id", "nunique"),
                                                       articles=("article_id", lambda s: "; ".join(sorted(set(s)))))
    return grouped[grouped["n_articles"] >= 2].sort_values("n_articles", ascending=False, kind="stable").reset_index()


def cites_other_readings(sources: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Citations of one course reading's author by another reading (who cites whom among the course's authors).

    A citation counts when the cited source's name contains the surname of another reading's known author;
    'unknown' authors cannot be matched. Columns: citing, cited_author, source, citation.
    """
    rows = []
    for reading in articles.itertuples(index=False):
        if reading.author == "unknown":
            continue
        surname = reading.author.split()[-1]
        hits = sources[sources["source"].str.contains(surname, case=False, regex=False)]
        for hit in hits.itertuples(index=False):
            rows.append({"citing": hit.article_id, "cited_author": reading.author, "source": hit.source,
                         "citation": hit.citation})
    return pd.DataFrame(rows, columns=["citing", "cited_author", "source", "citation"]).drop_duplicates(ignore_index=True)


def plot_sources_by_type(table: pd.DataFrame, title: str) -> Figure:
    """Grouped horizontal bars: for each source type, one bar per article (palette colour; hatching tells them apart)."""
    from ..plots import (  # lazy: matplotlib loads only when a figure is drawn
        drawn_bars,
        new_figure,
    )

    articles = list(table.columns)
    types = list(table.index)
    fig, ax = new_figure(9, 0.55 * max(len(types), 1) * max(1, len(articles) / 4) + 2)
    height = 0.8 / max(len(articles), 1)
    hatches = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]
    for j, article in enumerate(articles):
        positions, counts, _ = drawn_bars(np.arange(len(types)) + (j - (len(articles) - 1) / 2) * height, table[article])
        ax.barh(positions, counts, height=height, color=CATEGORICAL[j % len(CATEGORICAL)],
                hatch=hatches[j % len(hatches)], edgecolor=EDGE_COLOUR, linewidth=0.5, label=article)
    ax.set_yticks(range(len(types)), [t.replace("_", " ") for t in types])
    ax.invert_yaxis()
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("sources cited (count; source: data/sources_cited.csv)")
    ax.set_title(title)
    ax.legend(title="citing reading", frameon=False, loc="lower right")
    return fig


def sources_alt_text(table: pd.DataFrame) -> str:
    """Describe :func:`plot_sources_by_type` in words: each article's total and its most cited kinds of source."""
    parts = _describe_columns(table, "{article} cites no sources in the table", "{article} {total} (most: {top}, {most})",
                              "{article} {total} ({n} {things} tied for most, at {most} each: {top})", things="types")
    return (f"Grouped horizontal bar chart of cited sources by type ({len(table)} types, rows) and citing reading "
            f"(one bar each). Totals: " + "; ".join(parts) + ".")


# ================================================================ the lesson's questions
def _themes_everyone() -> int:
    table = coverage(evidence_rows(), load_articles())
    return int((table.gt(0).sum(axis=1) == len(table.columns)).sum())


def _alliance_share_top() -> set[str]:
    ev = evidence_rows()
    shares = (ev["supports"] == "alliance").groupby(ev["article_id"]).mean()
    return argmax_set(shares)


def _alliance_count_top() -> set[str]:
    ev = evidence_rows()
    return argmax_set((ev["supports"] == "alliance").groupby(ev["article_id"]).sum())


def _sources():
    return load_sources_cited()


def _state_voices_top() -> set[str]:
    return argmax_set(source_groups(_sources(), load_articles())["state voices"])


def _state_voice_share_top() -> set[str]:
    table = source_groups(_sources(), load_articles())
    table = table[table["total"] > 0]
    return argmax_set(table["state voices"] / table["total"])


def _n_state_media() -> int:
    return int((_sources()["source_type"] == "state_media").sum())


def _n_state_media_outlets() -> int:
    """Distinct state-media outlets (by name): a likely slip for q3, which counts citation rows."""
    sources = _sources()
    return int(sources.loc[sources["source_type"] == "state_media", "source"].nunique())


def _state_media_by_reading() -> set[int]:
    """Each reading's own number of state_media citation rows: a likely slip for q3 (one bar read, not all)."""
    sources = _sources()
    return set(int(n) for n in sources.loc[sources["source_type"] == "state_media", "article_id"].value_counts())


_OUTLETS_SLIP = ("counting distinct outlets: the question counts citation rows, so an outlet cited twice (in two "
                 "places of a reading) is two rows of sources_cited.csv and counts twice")
_ONE_READING_SLIP = ("counting one reading's citations only: the question is about the rows of every reading "
                     "together, not one bar of Figure 11.3")


def disagreeing_pair(answer: list[str]) -> bool:
    """True if the two ids are from different readings, are about one event and differ in ``supports``.

    Two rows are about one event if they share an event_key or events.csv lists both under one event.
    """
    if len(answer) != 2:
        return False
    ev = evidence_rows().set_index("evidence_id")
    a, b = ev.loc[answer[0]], ev.loc[answer[1]]
    return a["article_id"] != b["article_id"] and a["supports"] != b["supports"] and _same_event(*answer)


def _same_event(a: str, b: str) -> bool:
    ev, events = evidence_rows(), event_rows()
    return any({a, b} <= set(event_rows_on(key)["evidence_id"]) for key in event_keys(ev, events))


def _pair_hint(test):
    def run(answer, expected):
        ev = evidence_rows().set_index("evidence_id")
        return test(ev, answer)
    return run


#: q6 of lesson 11: an "alliance of necessity" (codebook section 5) is an alliance-side tie with a shared-threat driver.
ALLIANCE_SIDE_TIES = ALLIANCE_SIDE


def _necessity_alliances(per: str = "unit", ties: tuple[str, ...] | None = ALLIANCE_SIDE_TIES,
                         driver: str | None = "shared_threat") -> int:
    """Distinct events/claims (``per="unit"``, once per reading) or rows with one of ``ties`` and ``driver`` (None: any)."""
    table = evidence_rows() if per == "row" else distinct_units(evidence_rows())
    keep = table["tie"].isin(ties) if ties is not None else table["tie"].notna() | table["tie"].isna()
    if driver is not None:
        keep &= table["driver"] == driver
    return int(keep.sum())


def _necessity_alliance_slips() -> list[tuple[int, str]]:
    """Numbers a student reaches by a slip in q6, each with what to check (the first that fits is shown)."""
    return [
        (_necessity_alliances("row"), "That counts evidence rows; the question counts distinct events and claims: "
                                      "use the `units` table (`distinct_units(ev)`), not `ev`."),
        *[(_necessity_alliances(ties=(level,)), "That keeps one tie level only; the alliance side of the scale is "
                                                "`alignment` or `alliance` (keep both, with `.isin`).") for level in ALLIANCE_SIDE_TIES],
        (_necessity_alliances(driver=None), "That counts every alliance-side event or claim, whatever its driver; keep only "
                                            "those whose driver is `shared_threat` too (two conditions joined with `&`)."),
        (_necessity_alliances(ties=None),
         "That counts every event or claim with a shared threat, at any tie level; keep only the alliance side too."),
    ]


def _slip_hint(index: int):
    def test(answer, expected):
        slips = _necessity_alliance_slips()
        return answer == slips[index][0] and all(answer != n for n, _ in slips[:index])
    return test


def questions() -> list[Question]:
    """q1-q5 on coverage, disagreements and sources; q6 on tie and driver per distinct event/claim; q7 open."""
    known = lambda: evidence_rows()["evidence_id"].tolist()  # noqa: E731
    return [
        Question("q1", "n_common_themes", "integer", expected=_themes_everyone,
                 hints=[(lambda a, e: a == len(coverage(evidence_rows(), load_articles())),
                         "That counts every theme any reading covers; count only the themes with at least one row in *every* column."),
                        (lambda a, e: a == 0, "Look again: some rows of the heatmap have no zero in them.")],
                 fallback_hint="A theme counts only if its row of the coverage table has no 0 in any reading's column: "
                               "go down the rows of the heatmap (or of `table`) and skip every row with a 0 in it."),
        Question("q2", "most_alliance_share", "text", expected=_alliance_share_top, validator=article_validator,
                 hints=[(lambda a, e: a.lower() in lower_set(_alliance_count_top() - e),
                         "That reading has the most alliance rows, but the question asks for the largest *share* of its own rows."),
                        (lambda a, e: True, "Compute, for each reading, alliance rows divided by all its rows, then take the largest.")]),
        Question("q3", "n_state_media", "integer", expected=_n_state_media,
                 hints=[(lambda a, e: a == _n_state_media_outlets() and a in _state_media_by_reading(),
                         f"That number can come from two slips; check which one you made. Either {_OUTLETS_SLIP}; "
                         f"or {_ONE_READING_SLIP}."),
                        (lambda a, e: a == _n_state_media_outlets(), f"That looks like {_OUTLETS_SLIP}."),
                        (lambda a, e: a in _state_media_by_reading(), f"That looks like {_ONE_READING_SLIP}."),
                        (lambda a, e: a == int(_sources()["source_type"].isin(["state_media", "government", "official_person"]).sum()),
                         "That counts all 'state voices' (governments and officials too); the question asks only for source_type state_media."),
                        (lambda a, e: a == len(_sources()), "That is every cited source; filter on `source_type` first.")],
                 fallback_hint="Count the rows of sources_cited.csv whose `source_type` is \"state_media\"."),
        Question("q4", "most_state_share", "text", expected=_state_voice_share_top, validator=article_validator,
                 hints=[(lambda a, e: a.lower() in lower_set(_state_voices_top() - e),
                         "That reading cites the most state voices in number, but it also cites many other sources: compare *shares* of each reading's total."),
                        (lambda a, e: True, "Divide each reading's 'state voices' by its total in `source_groups(...)`, then take the largest.")]),
        Question("q5", "disagreeing_rows", "evidence_ids", expected=lambda: disagreeing_pair,
                 validator=evidence_id_validator(known),
                 hints=[(lambda a, e: len(a) != 2, "Give exactly two evidence ids, in a list."),
                        (_pair_hint(lambda ev, a: ev.at[a[0], "article_id"] == ev.at[a[1], "article_id"]), "Both rows come from the same reading: pick rows from two different readings."),
                        (_pair_hint(lambda ev, a: not _same_event(a[0], a[1])),
                         "The two rows are not about the same event: their `event_key` values differ (or are empty)."),
                        (_pair_hint(lambda ev, a: ev.at[a[0], "supports"] == ev.at[a[1], "supports"]), "Same event, but both rows are coded the same way; find two that differ in `supports`.")]),
        Question("q6", "n_necessity_alliances", "integer", expected=_necessity_alliances,
                 hints=[(_slip_hint(i), text) for i, (_, text) in enumerate(_necessity_alliance_slips())],
                 fallback_hint="Start from `units = distinct_units(ev)`; keep the units whose `tie` is alignment or alliance "
                               "*and* whose `driver` is shared_threat, as the lesson did for the axis of convenience, and count them."),
        Question("q7", "who_to_trust", "prose", min_words=40),
    ]


