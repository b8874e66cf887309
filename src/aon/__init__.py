"""aon: the helper package of the course "Alliance or Necessity?".

Notebooks import what they need from here, so that no machinery is copied
between notebooks:

- loading the readings and the evidence tables (:mod:`aon.data`, :mod:`aon.evidence`);
- checking answers with friendly feedback (:mod:`aon.checks`);
- the course's figures and palette (:mod:`aon.plots`);
- validating the data (:mod:`aon.validate`).

Use ``help(aon.load_evidence)`` (or any function) to read how it works.
"""
from __future__ import annotations

from .data import article_ids, article_info, article_text, load_articles, load_table
from .errors import CourseError, install_friendly_errors

__all__ = [
    "CourseError",
    "article_ids",
    "article_info",
    "article_text",
    "load_articles",
    "load_table",
]

install_friendly_errors()
