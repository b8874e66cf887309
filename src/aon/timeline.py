"""The events the readings mention, on one timeline with the readings' publication dates.

What could each author know? An event dated after a reading's latest possible
publication date was out of its author's sight; one dated inside the window
(for readings whose exact day is unknown) may or may not have been.

>>> from aon.evidence import load_events
>>> from aon.data import load_articles
>>> from aon.timeline import event_mentions, publication_windows, knowable
>>> mentions = event_mentions(load_events(), load_articles())   # one row per (event, article)
>>> windows = publication_windows(load_articles())               # when each reading appeared
>>> knowable(load_events(), load_articles())                     # per reading: events before, during, after
"""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from .palette import CATEGORICAL, EDGE_COLOUR, MARKERS
from .plots import new_figure


def split_ids(value: object) -> list[str]:
    """Split a ';'-separated cell such as ``"blank-2016;baev-2019"`` into a list (empty cell: empty list)."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def article_style(articles: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Return ``{article_id: (colour, marker)}`` from the course palette, in reading order.

    The pairing is the same in every comparative lesson, so an article keeps its look across charts.
    """
    ordered = articles.sort_values("sequence")["article_id"].tolist()
    return {a: (CATEGORICAL[i % len(CATEGORICAL)], MARKERS[i % len(MARKERS)]) for i, a in enumerate(ordered)}


def event_mentions(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (event, article that mentions it): event_key, label, date, date_precision, category, article_id.

    Article ids in events.csv that are not readings in articles.csv are left out. Rows come in date order,
    then reading order.
    """
    order = dict(zip(articles["article_id"], articles["sequence"]))
    rows = []
    for event in events.itertuples(index=False):
        for article_id in split_ids(event.articles):
            if article_id in order:
                rows.append({"event_key": event.event_key, "label": event.label, "date": event.date,
                             "date_precision": event.date_precision, "category": event.category,
                             "article_id": article_id, "_seq": order[article_id]})
    columns = ["event_key", "label", "date", "date_precision", "category", "article_id"]
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(rows).sort_values(["date", "_seq", "event_key"], kind="stable", ignore_index=True)
    return table[columns]


def publication_windows(articles: pd.DataFrame) -> pd.DataFrame:
    """Return when each reading appeared: article_id, published (as known), earliest, latest, and two flags.

    ``is_range`` is True when the exact day is unknown (earliest and latest differ); ``undated`` is True when the
    reading carries no date at all (``published`` is 'unknown'), so its window is an inference from its content.
    """
    table = articles.sort_values("sequence")[["article_id", "sequence", "published", "date_earliest", "date_latest", "date_basis"]]
    table = table.rename(columns={"date_earliest": "earliest", "date_latest": "latest"}).reset_index(drop=True)
    table["is_range"] = table["earliest"] != table["latest"]
    table["undated"] = table["published"].str.strip().str.lower().eq("unknown")
    return table


def shared_events(events: pd.DataFrame, articles: pd.DataFrame, min_articles: int = 2) -> pd.DataFrame:
    """Return the events mentioned by at least ``min_articles`` readings, in date order, with the readings listed."""
    mentions = event_mentions(events, articles)
    grouped = mentions.groupby("event_key", sort=False).agg(label=("label", "first"), date=("date", "first"),
                                                             n_articles=("article_id", "nunique"),
                                                             articles=("article_id", lambda s: "; ".join(dict.fromkeys(s))))
    return grouped[grouped["n_articles"] >= min_articles].sort_values("date", kind="stable").reset_index()


def knowable(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """For each reading: how many events of events.csv fall before, inside and after its publication window.

    ``before`` counts events its author could have known (dated before the earliest possible publication date);
    ``inside`` those dated within the window (only possible for readings whose exact day is unknown);
    ``after`` those the author could not have known. ``mentions`` counts the events the reading itself mentions.
    An event dated by its first day (month or year precision) counts by that day: see ``date_precision``.
    """
    mentions = event_mentions(events, articles)
    rows = []
    for window in publication_windows(articles).itertuples(index=False):
        dates = events["date"]
        rows.append({
            "article_id": window.article_id,
            "before": int((dates < window.earliest).sum()),
            "inside": int(((dates >= window.earliest) & (dates <= window.latest)).sum()),
            "after": int((dates > window.latest).sum()),
            "mentions": int((mentions["article_id"] == window.article_id).sum()),
        })
    return pd.DataFrame(rows).set_index("article_id")


def plot_timeline(events: pd.DataFrame, articles: pd.DataFrame, title: str) -> Figure:
    """Draw one row per reading: the events it mentions (its colour and marker) and its publication date or window.

    A reading with an exact date gets a vertical bar; one with a date range a shaded band from its earliest
    to its latest possible date; an undated reading a hatched band labelled as placed by inference. Dotted
    vertical lines, numbered at the top, mark the events that two or more readings mention
    (see :func:`shared_events` for the key).
    """
    windows = publication_windows(articles)
    mentions = event_mentions(events, articles)
    style = article_style(articles)
    n = len(windows)
    fig, ax = new_figure(10, 0.75 * n + 2.4)
    ypos = {a: n - 1 - i for i, a in enumerate(windows["article_id"])}
    for window in windows.itertuples(index=False):
        colour, marker = style[window.article_id]
        y = ypos[window.article_id]
        if window.is_range:
            ax.barh(y, window.latest - window.earliest, left=window.earliest, height=0.7, color=colour, alpha=0.3,
                    hatch="xx" if window.undated else "", edgecolor=EDGE_COLOUR, linewidth=0.6, zorder=1)
        else:
            ax.plot([window.earliest, window.earliest], [y - 0.35, y + 0.35], color=colour, linewidth=3, zorder=1)
        note = "undated: placed by inference" if window.undated else ("published (day unknown)" if window.is_range else "published")
        ax.annotate(note, (window.latest, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=8,
                    color=EDGE_COLOUR)
        rows = mentions[mentions["article_id"] == window.article_id]
        ax.scatter(rows["date"], [y] * len(rows), marker=marker, s=55, color=colour, edgecolor=EDGE_COLOUR,
                   linewidth=0.7, zorder=3)
    shared = shared_events(events, articles)
    labels: dict[pd.Timestamp, list[str]] = {}
    for number, event in enumerate(shared.itertuples(index=False), start=1):
        ax.axvline(event.date, color="#888888", linestyle=":", linewidth=0.8, zorder=0)
        labels.setdefault(event.date, []).append(str(number))
    for k, (date, numbers) in enumerate(labels.items()):
        ax.annotate(",".join(numbers), (date, n - 0.45), ha="center", va="bottom", fontsize=8, color=EDGE_COLOUR,
                    xytext=(0, 2 + 10 * (k % 3)), textcoords="offset points")
    ax.set_yticks(list(ypos.values()), list(ypos.keys()))
    ax.set_ylim(-0.6, n + 0.2)
    dates = pd.concat([events["date"], windows["earliest"], windows["latest"]])
    if len(dates):
        ax.set_xlim(dates.min() - pd.Timedelta(days=400), dates.max() + pd.Timedelta(days=1500))
    ax.xaxis.set_major_locator(mdates.YearLocator(base=5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#EEEEEE", zorder=0)
    ax.set_xlabel("date of event (first day of the period where only the month or year is known); "
                  "source: data/events.csv, data/articles.csv")
    ax.set_title(title)
    return fig


def timeline_alt_text(events: pd.DataFrame, articles: pd.DataFrame) -> str:
    """Describe :func:`plot_timeline` in words, from the same data."""
    windows = publication_windows(articles)
    mentions = event_mentions(events, articles)
    parts = []
    for window in windows.itertuples(index=False):
        rows = mentions[mentions["article_id"] == window.article_id]
        if window.undated:
            when = f"undated, placed by inference between {window.earliest:%Y-%m-%d} and {window.latest:%Y-%m-%d}"
        elif window.is_range:
            when = f"published between {window.earliest:%Y-%m-%d} and {window.latest:%Y-%m-%d}"
        else:
            when = f"published {window.earliest:%Y-%m-%d}"
        span = f", from {rows['date'].min():%Y} to {rows['date'].max():%Y}" if len(rows) else ""
        parts.append(f"{window.article_id} ({when}) mentions {len(rows)} event(s){span}")
    shared = shared_events(events, articles)
    shared_text = ("; dotted lines mark the events two or more readings mention: "
                   + ", ".join(f"{i} {e.label} ({e.date:%Y})" for i, e in enumerate(shared.itertuples(index=False), start=1))
                   if len(shared) else "; no event is mentioned by more than one reading")
    span = f" from {events['date'].min():%Y} to {events['date'].max():%Y}" if len(events) else ""
    return (f"Timeline chart of the {len(events)} events in events.csv{span}, one row per reading, with a marker at "
            f"each event the reading mentions and its publication date or date range drawn on the row. "
            + "; ".join(parts) + shared_text + ".")


def mentioned_after(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Mentions of events dated after the reading's latest possible publication date.

    These are not slips of the author: usually a forecast (dated by when it was made), an approximate date
    (see ``date_precision`` and ``date_source``) or an inferred publication window. Each deserves a look.
    """
    mentions = event_mentions(events, articles)
    windows = publication_windows(articles).set_index("article_id")
    late = mentions[mentions["date"] > mentions["article_id"].map(windows["latest"])]
    return late[["article_id", "event_key", "label", "date", "date_precision"]].reset_index(drop=True)


def event_markdown(event_key: str, events: pd.DataFrame, evidence: pd.DataFrame) -> str:
    """Return one event as Markdown: its date and the note of events.csv, then every evidence row on it, quoted.

    Evidence rows are those with this ``event_key`` and those events.csv lists for the event.

    An event key missing from events.csv gets a sentence saying so (its evidence rows are still shown).
    """
    lines = []
    match = events[events["event_key"] == event_key]
    if len(match):
        event = match.iloc[0]
        lines.append(f"**{event['label']}** (`{event_key}`): {event['date']:%Y-%m-%d}, precision: {event['date_precision']}. "
                     f"Date from: {event['date_source']}.")
        if isinstance(event.get("note"), str) and event["note"].strip():
            lines.append(f"*Note in events.csv:* {event['note'].strip()}")
    else:
        lines.append(f"**`{event_key}`** is not in events.csv.")
    from .compare import rows_for_event

    rows = rows_for_event(event_key, evidence, events)
    if rows.empty:
        lines.append("No evidence row refers to this event.")
    for row in rows.itertuples(index=False):
        lines.append(f"> {row.quote}\n>\n> — {row.article_id} (`{row.evidence_id}`), {row.evidence_type}; "
                     f"coded **{row.supports}**: {row.rationale}")
    return "\n\n".join(lines)


def show_event(event_key: str, events: pd.DataFrame, evidence: pd.DataFrame) -> None:
    """Display :func:`event_markdown` (in Jupyter), or print it."""
    text = event_markdown(event_key, events, evidence)
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - plain Python
        print(text)
        return
    display(Markdown(text))
