"""The lessons: one module per notebook, each with its analysis and its questions side by side.

==========================================  ==========================================
notebook                                    module
==========================================  ==========================================
``00_start_here.ipynb``                     :mod:`.lesson00_start_here`
``01``-``05``: one per reading              :mod:`.reading` (the five share one template)
``10_timeline.ipynb``                       :mod:`.lesson10_timeline`
``11_who_says_what.ipynb``                  :mod:`.lesson11_who_says_what`
``12_competing_hypotheses.ipynb``           :mod:`.lesson12_competing_hypotheses`
``13_claims_against_data.ipynb``            :mod:`.lesson13_claims_against_data`
``14_after_february_2022.ipynb``            :mod:`.lesson14_after_february_2022`
``15_coding_reliability.ipynb``             :mod:`.lesson15_coding_reliability`
==========================================  ==========================================

A notebook gets its checker with ``check = checker("timeline")``; :data:`LESSONS` is the one table
that says which questions each comparative lesson has. A reading's lesson is named by its article
id (``checker("blank-2016")``). Lessons import the core (``aon.data``, ``aon.checks``, ...) and
:mod:`.common`, never each other.
"""
from __future__ import annotations

import importlib

from ..checks import Checker, Question
from ..data import article_ids
from ..errors import unknown_value_error
from .reading import reading_questions

#: The comparative lessons: the name a notebook gives its checker, and the module of this package
#: whose ``questions()`` builds its questions.
LESSONS: dict[str, str] = {
    "start-here": "lesson00_start_here",
    "timeline": "lesson10_timeline",
    "who-says-what": "lesson11_who_says_what",
    "competing-hypotheses": "lesson12_competing_hypotheses",
    "claims-against-data": "lesson13_claims_against_data",
    "after-2022": "lesson14_after_february_2022",
    "coding-reliability": "lesson15_coding_reliability",
}


def questions_for(lesson: str) -> list[Question]:
    """Return the questions of a lesson: a comparative lesson's name (see LESSONS) or a reading's article id."""
    if lesson in LESSONS:
        # Imported on demand, deliberately: a notebook loads its own lesson's module only (lesson 12's
        # kernel never loads matplotlib, which lesson 10's module needs); tests/test_architecture.py
        # reads this table as import edges.
        return importlib.import_module(f"{__name__}.{LESSONS[lesson]}").questions()
    if lesson in article_ids():
        return reading_questions(lesson)
    raise unknown_value_error("Lesson", lesson, [*article_ids(), *LESSONS])


def checker(lesson: str) -> Checker:
    """Return the checker of a lesson: ``check = checker("timeline")``, then ``check("q1")`` under each answer."""
    return Checker(lesson, questions_for(lesson))
