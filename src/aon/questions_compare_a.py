"""Questions of the comparative lessons 10-12: "timeline", "who-says-what" and "competing-hypotheses".

Every expected answer is computed from the data when the check runs, so the questions stay right when the
tables grow (an added reading, more evidence, a re-coded row).
"""
from __future__ import annotations

from .checks import Question, evidence_id_validator
from .data import load_articles
from .errors import did_you_mean
from .questions import register_lesson


# ---------------------------------------------------------------- shared helpers

def _evidence():
    from .evidence import load_evidence

    return load_evidence()


def _events():
    from .evidence import load_events

    return load_events()


def _article_ids() -> list[str]:
    return load_articles()["article_id"].tolist()


def _article_validator(answer: str) -> str | None:
    """Accept an article id in any case ("Blank-2016" is read as "blank-2016"); name the closest id otherwise."""
    ids = _article_ids()
    if answer.strip().lower() in {i.lower() for i in ids}:
        return None
    return f"'{answer}' is not an article id.{did_you_mean(answer, ids)} Ids are in the `article_id` column."


def _lower_set(values) -> set[str]:
    return {str(v).lower() for v in values}


class _AnyCase(list):
    """A list of evidence ids that also contains each id written in other capitals ("Baev-2019-11")."""

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and item.strip().lower() in _lower_set(self)


def _any_case_ids(ids_function):
    """Wrap a function returning evidence ids so that a check accepts them in any case."""
    return lambda: _AnyCase(ids_function())


def _evidence_id_any_case(known):
    """Like :func:`aon.checks.evidence_id_validator`, but an id in other capitals is accepted."""
    strict = evidence_id_validator(known)

    def validate(answer):
        if isinstance(answer, str) and answer.strip().lower() in _lower_set(known()):
            return None
        return strict(answer)
    return validate


def _argmax_set(series) -> set[str]:
    return set(series[series == series.max()].index) if len(series) else set()


# ---------------------------------------------------------------- lesson 10: timeline

def _shared_event_count() -> int:
    from .timeline import shared_events

    return len(shared_events(_events(), load_articles()))


def _most_mentions() -> set[str]:
    from .timeline import knowable

    return _argmax_set(knowable(_events(), load_articles())["mentions"])


def _after_first_reading() -> int:
    from .timeline import knowable

    return int(knowable(_events(), load_articles())["after"].iloc[0])


SANCTIONS = "western-sanctions-2014"

#: The reading whose distinct events q6 counts (the evidence rows name many events more than once).
COUNTED_READING = "blank-2016"


def _event_rows(event_key: str):
    from .compare import rows_for_event

    return rows_for_event(event_key, _evidence(), _events())


def _sanctions_pattern() -> str:
    """q4's key, read from the codes: B if the rows on the sanctions differ in tie, C if only in driver, else A.

    Option D (the two readings contradict each other) is never the key: a difference in codes is not yet a
    disagreement between authors, and here one reading's own rows differ too.
    """
    from .codebook import tie_label

    rows = _event_rows(SANCTIONS)
    if rows["tie"].map(tie_label).nunique() > 1:
        return "B"
    return "C" if rows["driver"].nunique() > 1 else "A"


def _sanctions_level_rows() -> list[str]:
    """The rows on the sanctions that show a tie level (not '(level not shown)')."""
    rows = _event_rows(SANCTIONS)
    return rows[rows["tie"].notna()]["evidence_id"].tolist()


def _is_sanctions_row(answer: str) -> bool:
    return answer.strip().lower() in set(_event_rows(SANCTIONS)["evidence_id"])


def _reading_events(kind: str) -> int:
    """For q6: the distinct events ("nunique") or the rows naming one ("count") in COUNTED_READING's evidence."""
    keys = _evidence().loc[lambda e: e["article_id"] == COUNTED_READING, "event_key"]
    return int(keys.nunique() if kind == "nunique" else keys.count())


def _reading_mentions() -> int:
    from .timeline import knowable

    return int(knowable(_events(), load_articles()).at[COUNTED_READING, "mentions"])


_Q4_HINTS = {
    "A": "Look again at the `tie` column of the rows on the sanctions: do all of them show the same level?",
    "C": "Only the drivers differ when every row shows the same tie level. Compare the `tie` column of the rows first.",
    "D": "Look at which readings the rows come from: do the rows of *one* reading all carry the same tie? A difference "
         "in codes is not yet a disagreement between authors.",
    "B": "Compare the `tie` and `driver` columns of the rows on the sanctions, reading by reading.",
}


@register_lesson("timeline")
def timeline_questions() -> list[Question]:
    """q1-q6 on the timeline of events and publication dates and on one event coded differently; q7 open."""
    known = lambda: _evidence()["evidence_id"].tolist()  # noqa: E731
    return [
        Question("q1", "n_shared_events", "integer", expected=_shared_event_count,
                 hints=[(lambda a, e: a == len(_events()), "That is every event in the table; count only those mentioned by two or more readings."),
                        (lambda a, e: a == 0, "Look again at the `articles` column: some events list more than one reading.")],
                 fallback_hint="Use `shared_events(events, articles)` or count the events whose `articles` cell names two or more readings."),
        Question("q2", "most_events", "text", expected=_most_mentions, validator=_article_validator,
                 hints=[(lambda a, e: a.lower() == _article_ids()[-1], "The latest reading is not automatically the one that mentions most events; look at the `mentions` column.")],
                 fallback_hint="Look at the `mentions` column of `knowable(events, articles)` and take the largest."),
        Question("q3", "n_unknowable_first", "integer", expected=_after_first_reading,
                 hints=[(lambda a, e: a == int(__import__("aon.timeline", fromlist=["knowable"]).knowable(_events(), load_articles())["before"].iloc[0]),
                         "That is the number of events its author *could* know (before publication); the question asks about events after."),
                        (lambda a, e: a == len(_events()), "Not every event is later than the first reading: count only those after its latest possible date.")],
                 fallback_hint="Take the first reading in reading order, and count the events whose whole period begins after "
                               "its `latest` date (the `latest` column of `publication_windows(articles)`; the same date as "
                               "`date_latest` in articles.csv). An event's `date` is the first day of its period, so compare that date."),
        Question("q4", "sanctions_codes", "choice", expected=_sanctions_pattern, choices=["A", "B", "C", "D"],
                 hints=[(lambda a, e, letter=letter: a == letter, text) for letter, text in _Q4_HINTS.items()]),
        Question("q5", "sanctions_level_row", "evidence_id", expected=_any_case_ids(_sanctions_level_rows),
                 validator=_evidence_id_any_case(known),
                 hints=[(lambda a, e: not _is_sanctions_row(a),
                         "That row is not about the western sanctions of 2014: keep only the rows `show_event` prints for "
                         "\"western-sanctions-2014\" (or filter `ev` on its `event_key`)."),
                        (lambda a, e: True, "That row is about the sanctions, but its tie is '(level not shown)': look for the "
                                            "row whose `tie` names a level.")]),
        Question("q6", "n_reading_events", "integer", expected=lambda: _reading_events("nunique"),
                 hints=[(lambda a, e: a == _reading_events("count"),
                         "That counts the rows that name an event; one event named in three rows counts once. "
                         "Count the *distinct* values of `event_key`."),
                        (lambda a, e: a == int((_evidence()["article_id"] == COUNTED_READING).sum()),
                         "That is every evidence row of the reading; keep only its `event_key` column and count each event once."),
                        (lambda a, e: a == _reading_mentions(),
                         "That is the reading's `mentions` in `knowable` (events.csv's lists); the question asks about the "
                         "`event_key` column of the evidence table."),
                        (lambda a, e: a == int(_evidence()["event_key"].nunique()),
                         "That counts the distinct events of every reading; keep only the reading's rows first.")],
                 fallback_hint=f"Keep the rows of {COUNTED_READING} (filter on `article_id`), take their `event_key` column "
                               "and count its distinct values, as the lesson did for `theme`."),
        Question("q7", "what_they_knew", "prose", min_words=40),
    ]


# ---------------------------------------------------------------- lesson 11: who says what

def _themes_everyone() -> int:
    from .compare import coverage

    table = coverage(_evidence(), load_articles())
    return int((table.gt(0).sum(axis=1) == len(table.columns)).sum())


def _alliance_share_top() -> set[str]:
    ev = _evidence()
    shares = (ev["supports"] == "alliance").groupby(ev["article_id"]).mean()
    return _argmax_set(shares)


def _alliance_count_top() -> set[str]:
    ev = _evidence()
    return _argmax_set((ev["supports"] == "alliance").groupby(ev["article_id"]).sum())


def _sources():
    from .evidence import load_sources_cited

    return load_sources_cited()


def _state_voices_top() -> set[str]:
    from .compare import source_groups

    return _argmax_set(source_groups(_sources(), load_articles())["state voices"])


def _state_voice_share_top() -> set[str]:
    from .compare import source_groups

    table = source_groups(_sources(), load_articles())
    table = table[table["total"] > 0]
    return _argmax_set(table["state voices"] / table["total"])


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
    ev = _evidence().set_index("evidence_id")
    a, b = ev.loc[answer[0]], ev.loc[answer[1]]
    return a["article_id"] != b["article_id"] and a["supports"] != b["supports"] and _same_event(*answer)


def _same_event(a: str, b: str) -> bool:
    from .compare import _event_keys

    ev, events = _evidence(), _events()
    return any({a, b} <= set(_event_rows(key)["evidence_id"]) for key in _event_keys(ev, events))


def _pair_hint(test):
    def run(answer, expected):
        ev = _evidence().set_index("evidence_id")
        return test(ev, answer)
    return run


#: q6 of lesson 11: an "alliance of necessity" (codebook section 5) is an alliance-side tie with a shared-threat driver.
ALLIANCE_SIDE_TIES = ("alignment", "alliance")


def _necessity_alliances(per: str = "unit", ties: tuple[str, ...] | None = ALLIANCE_SIDE_TIES,
                         driver: str | None = "shared_threat") -> int:
    """Distinct events/claims (``per="unit"``, once per reading) or rows with one of ``ties`` and ``driver`` (None: any)."""
    from .codebook import distinct_units

    table = _evidence() if per == "row" else distinct_units(_evidence())
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


@register_lesson("who-says-what")
def who_says_what_questions() -> list[Question]:
    """q1-q5 on coverage, disagreements and sources; q6 on tie and driver per distinct event/claim; q7 open."""
    known = lambda: _evidence()["evidence_id"].tolist()  # noqa: E731
    return [
        Question("q1", "n_common_themes", "integer", expected=_themes_everyone,
                 hints=[(lambda a, e: a == len(__import__("aon.compare", fromlist=["coverage"]).coverage(_evidence(), load_articles())),
                         "That counts every theme any reading covers; count only the themes with at least one row in *every* column."),
                        (lambda a, e: a == 0, "Look again: some rows of the heatmap have no zero in them.")],
                 fallback_hint="A theme counts only if its row of the coverage table has no 0 in any reading's column: "
                               "go down the rows of the heatmap (or of `table`) and skip every row with a 0 in it."),
        Question("q2", "most_alliance_share", "text", expected=_alliance_share_top, validator=_article_validator,
                 hints=[(lambda a, e: a.lower() in _lower_set(_alliance_count_top() - e),
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
        Question("q4", "most_state_share", "text", expected=_state_voice_share_top, validator=_article_validator,
                 hints=[(lambda a, e: a.lower() in _lower_set(_state_voices_top() - e),
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


# ---------------------------------------------------------------- lesson 12: competing hypotheses

def _matrix(per: str = "unit"):
    from .ach_matrix import build_matrix

    return build_matrix(_evidence(), per=per)


def _scores(per: str = "unit"):
    from .ach import inconsistency_scores

    return inconsistency_scores(_matrix(per))


def _n_non_diagnostic() -> int:
    from .ach_matrix import non_diagnostic

    return len(non_diagnostic(_matrix()))


def _n_empty_tie_rows() -> int:
    return int(_evidence()["tie"].isna().sum())


def _leaders() -> set[str]:
    from .ach_matrix import leaders

    return set(leaders(_matrix()))


def _gap(per: str = "unit") -> int:
    """The runner-up's inconsistency score minus the leader's."""
    ordered = sorted(_scores(per).tolist())
    return int(ordered[1] - ordered[0])


def _trailing_gap() -> int:
    """The gap between the two hypotheses behind the leader (a common slip: the wrong pair)."""
    ordered = sorted(_scores().tolist())
    return int(ordered[2] - ordered[1])


def _rerates_runner_up() -> int:
    from .ach_matrix import sensitivity

    return int(sensitivity(_matrix())["rerates_to_tie"].min())


def _separating_h1_h2() -> list[str]:
    """Every evidence id whose item separates H1 from H2 (any row of such an item is accepted)."""
    from .ach_matrix import item_of, separating_items

    separating = set(separating_items(_matrix(), "H1", "H2").index)
    mapping = item_of(_evidence())
    return [eid for eid, item in mapping.items() if item in separating]


def _h1_h2_same(answer: str) -> bool:
    from .ach_matrix import item_of

    item = item_of(_evidence()).get(answer.strip().lower())
    matrix = _matrix()
    return item is not None and matrix.at[item, "H1"] == matrix.at[item, "H2"]


#: The evidence type of question 6, and the types a student might keep with it by mistake.
EVENT = "event"


def _events_only(types=(EVENT,), per: str = "unit"):
    from .ach_matrix import build_matrix

    ev = _evidence()
    return build_matrix(ev[ev["evidence_type"].isin(types)], per=per)


def _events_against_h3() -> int:
    return int((_events_only() == "I").sum()["H3"])


def _events_slip(answer: int) -> str | None:
    """Name the slip behind a wrong count of I's under H3 in the events-only matrix (None if none fits).

    One of "empty" (a filter that kept no rows), "full" (the full matrix), "documents" (statements and statistics kept
    too), "rows" (per row), "C" or "N" (the wrong rating counted), "H1" or "H2" (the wrong column).
    """
    from .ach_matrix import EVIDENCE_KINDS

    right = _events_against_h3()
    if answer == right:
        return None
    m = _events_only()
    candidates = [("empty", 0),
                  ("full", int((_matrix() == "I").sum()["H3"])),
                  ("documents", int((_events_only(EVIDENCE_KINDS["events and documents"]) == "I").sum()["H3"])),
                  ("rows", int((_events_only(per="row") == "I").sum()["H3"])),
                  ("C", int((m == "C").sum()["H3"])), ("N", int((m == "N").sum()["H3"])),
                  ("H1", int((m == "I").sum()["H1"])), ("H2", int((m == "I").sum()["H2"]))]
    return next((slip for slip, n in candidates if n == answer and n != right), None)


_EVENTS_HINTS = {
    "empty": "0: did your filter keep any rows? Look at `len(...)` of what you filtered, and at the exact spelling of "
             "the evidence type in the table.",
    "full": "That is the count in the full matrix: filter `ev` to the events first, then build the matrix from them.",
    "documents": "That matrix keeps statements and statistics too: the question asks for events only.",
    "rows": "That counts evidence rows. Build the matrix with the default (one item per event or claim in each reading).",
    "C": "That is the number of consistent (C) items under H3: count the cells equal to \"I\".",
    "N": "That is the number of neutral (N) items under H3: count the cells equal to \"I\".",
    "H1": "That is the count under another hypothesis: the question asks about H3.",
    "H2": "That is the count under another hypothesis: the question asks about H3.",
}


def _events_hints() -> list:
    return [((lambda a, e, slip=slip: _events_slip(a) == slip), message) for slip, message in _EVENTS_HINTS.items()]


@register_lesson("competing-hypotheses")
def competing_hypotheses_questions() -> list[Question]:
    """q1-q5 on the ACH matrix, its scores and its sensitivity; q6 a filter the student writes; q7 choice; q8 open (milestones)."""
    known = lambda: _evidence()["evidence_id"].tolist()  # noqa: E731
    hyp = lambda a: None if a.upper() in {"H1", "H2", "H3"} else "answer with a hypothesis code: \"H1\", \"H2\" or \"H3\" (capitals or not)."  # noqa: E731
    return [
        Question("q1", "n_non_diagnostic", "integer", expected=_n_non_diagnostic,
                 hints=[(lambda a, e: a == len(_matrix()) - e, "That is the number of *diagnostic* items; the question asks for those rated the same under every hypothesis."),
                        (lambda a, e: a == _n_empty_tie_rows() and a != e,
                         "That counts evidence *rows* with no tie level shown. The default matrix has one item per distinct event or claim in each reading: count its items."),
                        (lambda a, e: a == len(_matrix()),
                         "That is every item of the matrix; count only those whose three ratings are all the same.")],
                 fallback_hint="Count the items for which `diagnosticity(matrix)` is False."),
        Question("q2", "best_hypothesis", "text", expected=_leaders, validator=hyp,
                 hints=[(lambda a, e: True, "Heuer ranks the hypotheses by how much evidence is *inconsistent* with each (the "
                                            "fewest I's leads), not by how much fits: count the I's in each column, "
                                            "e.g. with `inconsistency_scores(matrix)`, and take the smallest.")]),
        Question("q3", "n_gap", "integer", expected=_gap,
                 hints=[(lambda a, e: a < 0, "Give the gap as a positive number: the runner-up's score minus the leader's."),
                        (lambda a, e: a == _gap("row") and a != e,
                         "That is the gap per evidence row. The default matrix counts each event or claim once per reading: use its scores."),
                        (lambda a, e: a == _trailing_gap() and a != e,
                         "That is the gap between the two hypotheses *behind* the leader; the question asks how far the second is behind the first.")],
                 fallback_hint="Subtract the leader's inconsistency score from the second-best hypothesis's score."),
        Question("q4", "n_rerates", "integer", expected=_rerates_runner_up,
                 hints=[(lambda a, e: a == _gap(), "That is the gap itself. One re-rated item can close the gap by two when it changes both columns."),
                        (lambda a, e: a == 1, "One item cannot close a gap that large: each re-rating moves the scores by at most two.")],
                 fallback_hint="Read the `rerates_to_tie` column of `sensitivity(matrix)` for the runner-up."),
        Question("q5", "h1_h2_item", "evidence_id", expected=_any_case_ids(_separating_h1_h2), validator=_evidence_id_any_case(known),
                 hints=[(lambda a, e: _h1_h2_same(a),
                         "That item is rated the same under H1 and H2 (both I, both C or both N), so it cannot tell them apart."),
                        (lambda a, e: True, "That item does not change either score against the other. Use `separating_items(matrix, \"H1\", \"H2\")`.")]),
        Question("q6", "n_events_against_h3", "integer", expected=_events_against_h3,
                 hints=_events_hints(),
                 fallback_hint="Three steps, each shown in a \"Write it yourself\" cell above: filter `ev` to the events, "
                               "build the default matrix from them, count the I's per column and read H3."),
        Question("q7", "q7_choice", "choice", expected=lambda: "B", choices=["A", "B", "C", "D"],
                 hints=[(lambda a, e: a == "A", "Re-read the table \"counted three ways\": the leader stays the same whether you count rows "
                                                 "or distinct events and claims, so counting cannot be the reason."),
                        (lambda a, e: a == "C", "Heuer's step 5 says the opposite: consistent evidence proves little, because it often fits "
                                                 "other hypotheses too. Look instead at where the evidence comes from."),
                        (lambda a, e: a == "D", "Every item has a cell under every hypothesis (see `rating_counts(matrix)`); the N's "
                                                 "come from items with no tie level shown (N for all three) and, under H2, from "
                                                 "partnership items. Neither makes the leader's count unreliable.")]),
        Question("q8", "milestones", "prose", min_words=40),
    ]
