"""The events the readings mention, on one timeline with the readings' publication dates.

What could each author know? Many events are known only to the month, season or year, and events.csv
dates them by the *first day* of that period, so an event is treated as a period (:func:`event_periods`).
An event whose whole period ends before a reading's earliest possible publication date was within its
author's sight; one whose period begins after the latest possible date was out of sight; any other event
overlaps the publication window and may or may not have been known.

>>> from aon.evidence import load_events
>>> from aon.data import load_articles
>>> from aon.lessons.lesson10_timeline import event_mentions, publication_windows, knowable
>>> mentions = event_mentions(load_events(), load_articles())   # one row per (event, article)
>>> windows = publication_windows(load_articles())               # when each reading appeared
>>> knowable(load_events(), load_articles())                     # per reading: events before, overlapping, after
>>> mentioned_after(load_events(), load_articles())               # mentions that are, or may be, after publication
"""
from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from ..checks import Question
from ..codebook import tie_label
from ..data import load_articles
from ..errors import CourseError
from ..evidence import display_or_print, rows_for_event, split_ids
from ..palette import CATEGORICAL, EDGE_COLOUR, MARKERS
from ..plots import new_figure
from .common import (
    any_case_ids,
    argmax_set,
    article_id_list,
    article_validator,
    event_rows,
    event_rows_on,
    evidence_id_any_case,
    evidence_rows,
)

#: How long a period each ``date_precision`` of events.csv covers, read from its stored first day.
#:
#: - ``day``: that day only;
#: - ``month``: to the last day of the month;
#: - ``season``: four calendar months, to the last day of the fourth. events.csv and articles.csv give
#:   "Fall 2016" the bounds 1 September to 31 December 2016 (see the note on ``kalibr-sale`` and the
#:   ``date_basis`` of blank-2016), so "spring 2014" is read as 1 March to 30 June 2014: a generous bound,
#:   so that no event is called "before" a reading too early;
#: - ``year``: to 31 December;
#: - ``years``: a process that *began* in that year and went on (codebook: "a multi-year process dated by
#:   its first year"); its period is the year it began, so it counts as known if it had begun before.
PRECISION_PERIODS: dict[str, str] = {
    "day": "that day",
    "month": "to the end of the month",
    "season": "four months, to the end of the fourth (Fall 2016: 1 September to 31 December)",
    "year": "to 31 December",
    "years": "the year the process began, to 31 December",
}

#: What :func:`mentioned_after` says about a mention that may fall after publication, by precision.
_ONLY_KNOWN = {
    "month": "only the month is known",
    "season": "only the season is known",
    "year": "only the year is known",
    "years": "only the year it began is known",
}


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


def period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Return the last day of the period an event's ``date`` stands for, given its ``date_precision``.

    ``date`` is the first day of the period, as in events.csv; the rules are in :data:`PRECISION_PERIODS`
    (e.g. ``2022-01-01`` with precision ``year`` ends on ``2022-12-31``). An unknown precision raises a
    :class:`~aon.errors.CourseError` that lists the allowed ones.
    """
    date = pd.Timestamp(date)
    if precision == "day":
        return date
    if precision == "month":
        return date + pd.offsets.MonthEnd(0)
    if precision == "season":
        return date + pd.offsets.MonthEnd(0) + pd.offsets.MonthEnd(3)
    if precision in ("year", "years"):
        return date + pd.offsets.YearEnd(0)
    raise CourseError(f"Date precision {precision!r} is not one the course knows: use one of "
                      f"{', '.join(PRECISION_PERIODS)} (see data/codebook.md).")


def event_periods(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events with two more columns: ``period_start`` (the stored date) and ``period_end``.

    An event known only to the month, season or year stands for a whole period, not for its first day:
    ``2022-01-01`` with precision ``year`` means "some time in 2022" (:data:`PRECISION_PERIODS`).
    """
    missing = [c for c in ("date", "date_precision") if c not in events.columns]
    if missing:
        raise CourseError(f"The events table needs the column(s) {', '.join(missing)}, as in data/events.csv; "
                          "load it with load_events().")
    table = events.copy()
    table["period_start"] = table["date"]
    table["period_end"] = [period_end(d, p) for d, p in zip(table["date"], table["date_precision"], strict=True)]
    return table


def knowable(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """For each reading: how many events of events.csv fall before, overlapping and after its publication window.

    Each event is a period (:func:`event_periods`): a day, or the whole month, season or year when only that
    is known. Compared with the reading's earliest and latest possible publication dates:

    - ``before``: the event's period *ends* before the earliest date, so its author could have known it;
    - ``after``: the period *begins* after the latest date, so the author could not have known it;
    - ``overlapping``: everything else: the period overlaps the publication window (or lies inside it), so
      the author may or may not have known it. An event known only to the year of publication lands here.

    ``mentions`` counts the events the reading itself mentions.
    """
    mentions = event_mentions(events, articles)
    periods = event_periods(events)
    start, end = periods["period_start"], periods["period_end"]
    rows = []
    for window in publication_windows(articles).itertuples(index=False):
        before = end < window.earliest
        after = start > window.latest
        rows.append({
            "article_id": window.article_id,
            "before": int(before.sum()),
            "overlapping": int((~before & ~after).sum()),
            "after": int(after.sum()),
            "mentions": int((mentions["article_id"] == window.article_id).sum()),
        })
    return pd.DataFrame(rows, columns=["article_id", "before", "overlapping", "after", "mentions"]).set_index("article_id")


def plot_timeline(events: pd.DataFrame, articles: pd.DataFrame, title: str) -> Figure:
    """Draw one row per reading: the events it mentions (its colour and marker) and its publication date or window.

    A reading with an exact date gets a vertical bar; one with a date range a shaded band from its earliest
    to its latest possible date; an undated reading a hatched band labelled as placed by inference. Dotted
    vertical lines mark the events that two or more readings mention (see :func:`shared_events` for the key);
    their numbers sit in one row above the readings, spread apart so that they do not run together, each
    joined to its line by a thin leader. Events on the same date share a line and a label ("4,5,6").
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
    _label_shared_lines(fig, ax, labels, n - 0.45)
    return fig


#: Font size of the numbered labels of :func:`plot_timeline`, and the estimated width of one character (points).
_LABEL_FONTSIZE, _CHAR_WIDTH = 8, 5.0

#: The smallest share of the timeline's width its axes take after layout (the reading ids on the left take the rest).
_AXES_WIDTH_AT_LEAST = 0.75


def spread_labels(positions: list[float], widths: list[float], gap: float = 6.0) -> list[float]:
    """Move label centres along a line as little as possible so that no two labels overlap.

    ``positions`` are where each label would like to be (in order, in points), ``widths`` their widths. Labels
    that would overlap are pushed apart and each group of touching labels is centred on where its labels
    want to be. Returns the new centres, in the same order.
    """
    xs = [float(x) for x in positions]

    def need(i: int) -> float:  # the smallest distance between the centres of labels i-1 and i
        return (widths[i - 1] + widths[i]) / 2 + gap

    for _ in range(len(xs) + 1):
        for i in range(1, len(xs)):
            xs[i] = max(xs[i], xs[i - 1] + need(i))
        groups, start = [], 0
        for i in range(1, len(xs) + 1):
            if i == len(xs) or xs[i] - xs[i - 1] > need(i) + 1e-6:
                groups.append(range(start, i))
                start = i
        moved = False
        for group in groups:
            shift = sum(positions[i] - xs[i] for i in group) / len(group)
            if abs(shift) > 1e-6:
                moved = True
                for i in group:
                    xs[i] += shift
        if not moved:
            break
    for i in range(1, len(xs)):   # a last push, so that no two labels overlap whatever happened above
        xs[i] = max(xs[i], xs[i - 1] + need(i))
    return xs


def _label_shared_lines(fig: Figure, ax, labels: dict[pd.Timestamp, list[str]], y: float) -> None:
    """Write each shared date's numbers in one row above the readings, spread apart, each joined to its line.

    Events on the same date share one line and one label ("4,5,6"); labels of nearby dates are moved apart
    (:func:`spread_labels`) and a thin leader joins each label to the top of its line.
    """
    if not labels:
        return
    x0, x1 = ax.get_xlim()
    # The axes' width after layout is not known before drawing, and drawing twice costs a second layout. A lower
    # bound is enough: spreading for a narrower axes only leaves the labels a little further apart than needed.
    width_pts = fig.get_figwidth() * 72 * _AXES_WIDTH_AT_LEAST
    dates = sorted(labels)
    texts = [",".join(labels[d]) for d in dates]
    wanted = [(mdates.date2num(d) - x0) / (x1 - x0) * width_pts for d in dates]
    widths = [_CHAR_WIDTH * len(t) + 4 for t in texts]
    for date, text, want, at in zip(dates, texts, wanted, spread_labels(wanted, widths), strict=True):
        ax.annotate(text, (date, y), xytext=(at - want, 16), textcoords="offset points", ha="center", va="bottom",
                    fontsize=_LABEL_FONTSIZE, color=EDGE_COLOUR,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                    arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 0})


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
    shared_text = ("; dotted lines, numbered in one row of labels above the readings (each label joined to its line), "
                   "mark the events two or more readings mention: "
                   + ", ".join(f"{i} {e.label} ({e.date:%Y})" for i, e in enumerate(shared.itertuples(index=False), start=1))
                   if len(shared) else "; no event is mentioned by more than one reading")
    numbers_by_date: dict[pd.Timestamp, list[str]] = {}
    for i, date in enumerate(shared["date"] if len(shared) else [], start=1):
        numbers_by_date.setdefault(date, []).append(str(i))
    together = [f"{', '.join(nums[:-1])} and {nums[-1]} share one line and one label, as they have the same date"
                for nums in numbers_by_date.values() if len(nums) > 1]
    if together:
        shared_text += " (" + "; ".join(together) + ")"
    span = f" from {events['date'].min():%Y} to {events['date'].max():%Y}" if len(events) else ""
    return (f"Timeline chart of the {len(events)} events in events.csv{span}, one row per reading, with a marker at "
            f"each event the reading mentions and its publication date or date range drawn on the row. "
            + "; ".join(parts) + shared_text + ".")


def mentioned_after(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Mentions of events that fall, or may fall, after the reading's latest possible publication date.

    Each event is a period (:func:`event_periods`). A mention is listed when the event's period *ends* after
    the reading's ``latest`` date. The column ``when`` says which kind it is:

    - ``"after"``: the whole period begins after the latest date;
    - ``"possibly after (only the year is known)"`` (or the month, season, ...): the period begins on or
      before the latest date but ends after it, so the event may have come before or after publication.

    These are not slips of the author: usually a forecast (an event the reading expects, or one dated by when
    the forecast was made), an approximate date (see ``date_precision``, ``date_source`` and ``note``) or an
    inferred publication window. Each deserves a look. Columns: article_id, event_key, label, date, date_precision, period_end, latest, when.
    """
    columns = ["article_id", "event_key", "label", "date", "date_precision", "period_end", "latest", "when"]
    mentions = event_mentions(events, articles)
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    ends = event_periods(events).set_index("event_key")["period_end"]
    windows = publication_windows(articles).set_index("article_id")
    table = mentions.assign(period_end=mentions["event_key"].map(ends),
                            latest=mentions["article_id"].map(windows["latest"]))
    late = table[table["period_end"] > table["latest"]].copy()
    late["when"] = ["after" if row.date > row.latest
                    else f"possibly after ({_ONLY_KNOWN.get(row.date_precision, 'the date is not exact')})"
                    for row in late.itertuples(index=False)]
    return late[columns].reset_index(drop=True)


def event_markdown(event_key: str, events: pd.DataFrame, evidence: pd.DataFrame) -> str:
    """Return one event as Markdown: its date and the note of events.csv, then every evidence row on it, quoted,
    with its tie, driver and ``supports`` and the course's rationale for them.

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

    rows = rows_for_event(event_key, evidence, events)
    if rows.empty:
        lines.append("No evidence row refers to this event.")
    for row in rows.itertuples(index=False):
        lines.append(f"> {row.quote}\n>\n> — {row.article_id} (`{row.evidence_id}`), {row.evidence_type}; "
                     f"{_codes(row)}: {row.rationale}")
    return "\n\n".join(lines)


def _codes(row) -> str:
    """A row's codes in words: tie and driver (codebook 2) where the table has them, then the derived ``supports``."""
    if hasattr(row, "tie") and hasattr(row, "driver"):
        return f"tie **{tie_label(row.tie)}**, driver **{row.driver}** (so supports {row.supports})"
    return f"coded **{row.supports}**"


def show_event(event_key: str, events: pd.DataFrame, evidence: pd.DataFrame) -> None:
    """Display :func:`event_markdown` (in Jupyter), or print it."""
    text = event_markdown(event_key, events, evidence)
    display_or_print(text)


# ================================================================ the lesson's questions
def _shared_event_count() -> int:
    return len(shared_events(event_rows(), load_articles()))


def _most_mentions() -> set[str]:
    return argmax_set(knowable(event_rows(), load_articles())["mentions"])


def _after_first_reading() -> int:
    return int(knowable(event_rows(), load_articles())["after"].iloc[0])


SANCTIONS = "western-sanctions-2014"

#: The reading whose distinct events q6 counts (the evidence rows name many events more than once).
COUNTED_READING = "blank-2016"


def _sanctions_pattern() -> str:
    """q4's key, read from the codes: B if the rows on the sanctions differ in tie, C if only in driver, else A.

    Option D (the two readings contradict each other) is never the key: a difference in codes is not yet a
    disagreement between authors, and here one reading's own rows differ too.
    """
    rows = event_rows_on(SANCTIONS)
    if rows["tie"].map(tie_label).nunique() > 1:
        return "B"
    return "C" if rows["driver"].nunique() > 1 else "A"


def _sanctions_level_rows() -> list[str]:
    """The rows on the sanctions that show a tie level (not '(level not shown)')."""
    rows = event_rows_on(SANCTIONS)
    return rows[rows["tie"].notna()]["evidence_id"].tolist()


def _is_sanctions_row(answer: str) -> bool:
    return answer.strip().lower() in set(event_rows_on(SANCTIONS)["evidence_id"])


def _reading_events(kind: str) -> int:
    """For q6: the distinct events ("nunique") or the rows naming one ("count") in COUNTED_READING's evidence."""
    keys = evidence_rows().loc[lambda e: e["article_id"] == COUNTED_READING, "event_key"]
    return int(keys.nunique() if kind == "nunique" else keys.count())


def _reading_mentions() -> int:
    return int(knowable(event_rows(), load_articles()).at[COUNTED_READING, "mentions"])


_Q4_HINTS = {
    "A": "Look again at the `tie` column of the rows on the sanctions: do all of them show the same level?",
    "C": "Only the drivers differ when every row shows the same tie level. Compare the `tie` column of the rows first.",
    "D": "Look at which readings the rows come from: do the rows of *one* reading all carry the same tie? A difference "
         "in codes is not yet a disagreement between authors.",
    "B": "Compare the `tie` and `driver` columns of the rows on the sanctions, reading by reading.",
}


def questions() -> list[Question]:
    """q1-q6 on the timeline of events and publication dates and on one event coded differently; q7 open."""
    known = lambda: evidence_rows()["evidence_id"].tolist()  # noqa: E731
    return [
        Question("q1", "n_shared_events", "integer", expected=_shared_event_count,
                 hints=[(lambda a, e: a == len(event_rows()), "That is every event in the table; count only those mentioned by two or more readings."),
                        (lambda a, e: a == 0, "Look again at the `articles` column: some events list more than one reading.")],
                 fallback_hint="Use `shared_events(events, articles)` or count the events whose `articles` cell names two or more readings."),
        Question("q2", "most_events", "text", expected=_most_mentions, validator=article_validator,
                 hints=[(lambda a, e: a.lower() == article_id_list()[-1], "The latest reading is not automatically the one that mentions most events; look at the `mentions` column.")],
                 fallback_hint="Look at the `mentions` column of `knowable(events, articles)` and take the largest."),
        Question("q3", "n_unknowable_first", "integer", expected=_after_first_reading,
                 hints=[(lambda a, e: a == int(knowable(event_rows(), load_articles())["before"].iloc[0]),
                         "That is the number of events its author *could* know (before publication); the question asks about events after."),
                        (lambda a, e: a == len(event_rows()), "Not every event is later than the first reading: count only those after its latest possible date.")],
                 fallback_hint="Take the first reading in reading order, and count the events whose whole period begins after "
                               "its `latest` date (the `latest` column of `publication_windows(articles)`; the same date as "
                               "`date_latest` in articles.csv). An event's `date` is the first day of its period, so compare that date."),
        Question("q4", "sanctions_codes", "choice", expected=_sanctions_pattern, choices=["A", "B", "C", "D"],
                 hints=[(lambda a, e, letter=letter: a == letter, text) for letter, text in _Q4_HINTS.items()]),
        Question("q5", "sanctions_level_row", "evidence_id", expected=any_case_ids(_sanctions_level_rows),
                 validator=evidence_id_any_case(known),
                 hints=[(lambda a, e: not _is_sanctions_row(a),
                         "That row is not about the western sanctions of 2014: keep only the rows `show_event` prints for "
                         "\"western-sanctions-2014\" (or filter `ev` on its `event_key`)."),
                        (lambda a, e: True, "That row is about the sanctions, but its tie is '(level not shown)': look for the "
                                            "row whose `tie` names a level.")]),
        Question("q6", "n_reading_events", "integer", expected=lambda: _reading_events("nunique"),
                 hints=[(lambda a, e: a == _reading_events("count"),
                         "That counts the rows that name an event; one event named in three rows counts once. "
                         "Count the *distinct* values of `event_key`."),
                        (lambda a, e: a == int((evidence_rows()["article_id"] == COUNTED_READING).sum()),
                         "That is every evidence row of the reading; keep only its `event_key` column and count each event once."),
                        (lambda a, e: a == _reading_mentions(),
                         "That is the reading's `mentions` in `knowable` (events.csv's lists); the question asks about the "
                         "`event_key` column of the evidence table."),
                        (lambda a, e: a == int(evidence_rows()["event_key"].nunique()),
                         "That counts the distinct events of every reading; keep only the reading's rows first.")],
                 fallback_hint=f"Keep the rows of {COUNTED_READING} (filter on `article_id`), take their `event_key` column "
                               "and count its distinct values, as the lesson did for `theme`."),
        Question("q7", "what_they_knew", "prose", min_words=40),
    ]


