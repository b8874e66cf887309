"""Lesson 00, start here: its questions (``checker("start-here")``)."""
from __future__ import annotations

import pandas as pd

from ..checks import Question
from ..data import load_articles


def _unknown_authors() -> int:
    return int((load_articles()["author"] == "unknown").sum())


def _longest_before_invasion() -> str:
    """The lesson's worked example of date subtraction and idxmax (not question 2's answer, unless the data make it so)."""
    articles = load_articles()
    return str(articles.loc[(pd.Timestamp("2022-02-24") - articles["date_latest"]).idxmax(), "article_id"])


def _widest_date_range() -> set[str]:
    articles = load_articles()
    span = articles["date_latest"] - articles["date_earliest"]
    return set(articles.loc[span == span.max(), "article_id"])


def questions() -> list[Question]:
    """q1: unknown authors; q2: the least precisely dated reading; q3: what would count as alliance evidence.

    The lesson shows each pandas step these need (value_counts, a filter, date subtraction, idxmax) on another example first.
    """
    return [
        Question("q1", "n_unknown_authors", "integer", expected=_unknown_authors,
                 hints=[(lambda a, e: a == 0, "Look again: 'unknown' is written out as a word in the author column, not left empty, "
                                              "so isna() will not find it. Compare the column with that word instead."),
                        (lambda a, e: a == len(load_articles()), "That is the number of readings; count only those whose author is 'unknown'.")],
                 fallback_hint="Compare the `author` column with the text \"unknown\" and count the matches."),
        Question("q2", "least_precise", "text", expected=_widest_date_range,
                 hints=[(lambda a, e: a.lower() not in {i.lower() for i in load_articles()["article_id"]},
                         "Answer with an article id, copied from the `article_id` column."),
                        (lambda a, e: a.lower() == _longest_before_invasion().lower(),
                         "That is the reading published longest before the invasion, the worked example above. This question "
                         "asks about each reading's own two dates: subtract `date_earliest` from `date_latest`, then find the "
                         "largest span with `.idxmax()`.")],
                 fallback_hint="Subtract `date_earliest` from `date_latest` for each reading and find the largest difference."),
        Question("q3", "alliance_evidence", "prose", min_words=25),
    ]
