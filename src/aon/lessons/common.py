"""Helpers that the questions of several lessons share: the tables, ids in any case, ties at the top.

Only the lessons' question builders use these; a student never needs them.
"""
from __future__ import annotations

from ..checks import evidence_id_validator
from ..data import load_articles
from ..errors import did_you_mean
from ..evidence import load_events, load_evidence, rows_for_event


def evidence_rows():
    return load_evidence()


def event_rows():
    return load_events()


def article_id_list() -> list[str]:
    return load_articles()["article_id"].tolist()


def article_validator(answer: str) -> str | None:
    """Accept an article id in any case ("Blank-2016" is read as "blank-2016"); name the closest id otherwise."""
    ids = article_id_list()
    if answer.strip().lower() in {i.lower() for i in ids}:
        return None
    return f"'{answer}' is not an article id.{did_you_mean(answer, ids)} Ids are in the `article_id` column."


def lower_set(values) -> set[str]:
    return {str(v).lower() for v in values}


class AnyCase(list):
    """A list of evidence ids that also contains each id written in other capitals ("Baev-2019-11")."""

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and item.strip().lower() in lower_set(self)


def any_case_ids(ids_function):
    """Wrap a function returning evidence ids so that a check accepts them in any case."""
    return lambda: AnyCase(ids_function())


def evidence_id_any_case(known):
    """Like :func:`aon.checks.evidence_id_validator`, but an id in other capitals is accepted."""
    strict = evidence_id_validator(known)

    def validate(answer):
        if isinstance(answer, str) and answer.strip().lower() in lower_set(known()):
            return None
        return strict(answer)
    return validate


def argmax_set(series) -> set[str]:
    return set(series[series == series.max()].index) if len(series) else set()


def close_to(a: float, b: float | None, tol: float) -> bool:
    return b is not None and abs(a - b) <= tol


def event_rows_on(event_key: str):
    """The evidence rows on one event, by its key or by events.csv's list (:func:`aon.evidence.rows_for_event`)."""
    return rows_for_event(event_key, evidence_rows(), event_rows())
