"""The course without the full article texts (data/reference/RIGHTS.md, "Without the full texts").

The switch (AON_FULL_TEXTS=0, or data/articles/EXCERPTS_ONLY.md) must keep every quoted passage at
its offsets and nothing else; a copy made by scripts/without_full_texts.py from this checkout must
hold no sentence of a text outside the quotes, validate, run every lesson and build the website.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aon.authoring.validate import SPAN_TABLES
from aon.data import (
    GAP_MARK,
    article_ids,
    article_text,
    excerpts_text,
    load_table,
    where_to_read,
)
from aon.excerpts import full_texts_note
from aon.paths import EXCERPTS_MARKER, full_texts_included

ROOT = Path(__file__).resolve().parents[1]
#: The tests that compare against the full texts run in the course; in a copy made without them, the
#: last test checks that copy instead (python3 course.py test -k without_full_texts, as RIGHTS.md says).
needs_full_texts = pytest.mark.skipif(not full_texts_included(ROOT), reason="this copy of the course has no full texts")


def quoted_spans(article_id: str) -> list[tuple[int, int]]:
    spans = []
    for table in SPAN_TABLES:
        rows = load_table(table)
        rows = rows[rows["article_id"] == article_id]
        spans += [(int(s), int(e)) for s, e in zip(rows["start"], rows["end"])]
    return spans


def unquoted_sentences(article_id: str, text: str) -> list[str]:
    """Sentences of 60+ characters of the full text that overlap no quoted passage."""
    covered = [False] * len(text)
    for start, end in quoted_spans(article_id):
        covered[start:end] = [True] * (end - start)
    return [m.group(0).strip() for m in re.finditer(r"[^.!?\n]{60,}[.!?]", text) if not any(covered[m.start():m.end()])]


def test_excerpts_keep_spans_at_their_places_and_nothing_else():
    text = "One secret line here.\nThe quoted passage is this one.\nAnother secret sentence follows it."
    start = text.index("The quoted")
    end = start + len("The quoted passage is this one.")
    reduced = excerpts_text(text, [(start, end)], notice="[read it elsewhere]")
    assert len(reduced) == len(text) and reduced[start:end] == text[start:end]
    assert "secret" not in reduced and reduced.count("\n") == text.count("\n")
    assert GAP_MARK in reduced and "[read it elsewhere]" in reduced
    assert excerpts_text(reduced, [(start, end)], notice="[read it elsewhere]") == reduced  # idempotent
    assert excerpts_text(text, [], notice="").strip(" \n[…]") == ""  # no quotes: nothing of the text


@needs_full_texts
def test_switch_off_keeps_every_quote_and_no_other_sentence(monkeypatch):
    full = {a: article_text(a) for a in article_ids()}
    monkeypatch.setenv("AON_FULL_TEXTS", "0")
    assert not full_texts_included()
    for article_id, text in full.items():
        reduced = article_text(article_id)
        assert len(reduced) == len(text), article_id
        for start, end in quoted_spans(article_id):
            assert reduced[start:end] == text[start:end], (article_id, start, end)
        hidden = unquoted_sentences(article_id, text)
        assert hidden, f"{article_id}: every sentence is quoted? the check would prove nothing"
        assert not [s for s in hidden if s in reduced], article_id
        assert "Read the whole text" in reduced, f"{article_id}: the reduced text does not say where to read it"
    assert "jamestown.org" in where_to_read("baev-2021")
    assert "no web address recorded" in where_to_read("blank-2016")  # url unknown: not invented
    assert "bear-dragon-nd" in full_texts_note()
    monkeypatch.setenv("AON_FULL_TEXTS", "1")
    assert full_texts_included() and full_texts_note() == ""


@needs_full_texts
def test_show_full_text_says_where_to_read_the_texts(monkeypatch, capsys):
    import pandas as pd

    from aon import evidence as compare

    monkeypatch.setattr(compare, "_TOLD_WHERE_TO_READ", [])
    compare.show_full_text(pd.DataFrame({"quote": ["x"]}))
    assert "Read them here" not in capsys.readouterr().out  # full texts here: nothing added
    monkeypatch.setenv("AON_FULL_TEXTS", "0")
    compare.show_full_text(pd.DataFrame({"quote": ["x"]}))
    assert "rusi.org" in capsys.readouterr().out
    compare.show_full_text(pd.DataFrame({"quote": ["x"]}))
    assert "Read them here" not in capsys.readouterr().out  # said once per session


def _run(command: list[str], cwd: Path, timeout: int) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"AON_ROOT", "AON_FULL_TEXTS"}}
    env["PYTHONPATH"] = str(cwd / "src")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@needs_full_texts
@pytest.mark.slow
def test_copy_without_full_texts_validates_runs_every_lesson_and_builds_the_site(tmp_path):
    """From this checkout's files, as a clean clone has them: the documented steps, then the course in that copy."""
    copy = tmp_path / "excerpts"
    made = _run([sys.executable, str(ROOT / "scripts" / "without_full_texts.py"), "--into", str(copy)], ROOT, 120)
    assert made.returncode == 0, made.stdout + made.stderr
    assert (copy / "data" / "articles" / EXCERPTS_MARKER).is_file() and not (copy / ".git").exists()

    leaks = []  # the data (and so the texts); the lessons' own prose may quote a sentence for teaching, as any quotation
    for article_id in article_ids():
        sentences = unquoted_sentences(article_id, article_text(article_id))
        for path in (copy / "data").rglob("*"):
            if path.is_file() and path.suffix in {".txt", ".csv", ".md", ".ipynb", ".toml", ".json", ".py"}:
                content = path.read_text(encoding="utf-8", errors="replace")
                leaks += [f"{path.relative_to(copy)}: {s[:60]}..." for s in sentences if s in content]
    assert not leaks, "sentences outside the quotes are still in the copy:\n" + "\n".join(leaks[:20])

    validated = _run([sys.executable, "-m", "aon.authoring.cli", "validate"], copy, 120)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    lessons = _run([sys.executable, "-m", "pytest", "-o", "addopts=", "--nbval-lax", "--nbval-current-env",
                    "-p", "no:cacheprovider", "-q", "notebooks"], copy, 900)
    assert lessons.returncode == 0, lessons.stdout[-3000:] + lessons.stderr[-2000:]
    site = _run([sys.executable, "-m", "aon.authoring.cli", "build-site", "--quiet"], copy, 600)
    assert site.returncode == 0, site.stdout[-3000:] + site.stderr[-2000:]
    published = copy / "_build" / "html"
    texts = list(published.rglob("*.txt"))
    lesson_prose = "".join(p.read_text(encoding="utf-8") for p in (copy / "notebooks").glob("*.ipynb"))
    for article_id in article_ids():
        sentences = [s for s in unquoted_sentences(article_id, article_text(article_id)) if s not in lesson_prose]
        for page in [*published.rglob("*.html"), *texts]:
            content = page.read_text(encoding="utf-8", errors="replace")
            assert not [s for s in sentences if s in content], f"{page.relative_to(published)} shows {article_id} beyond its quotes"


@needs_full_texts
@pytest.mark.slow
def test_site_built_with_the_switch_off_publishes_no_full_text(tmp_path, monkeypatch):
    """AON_FULL_TEXTS=0 on a full checkout: the website's copies of data/articles/ hold the quotes only."""
    from aon.authoring.site import stage

    full = {a: article_text(a) for a in article_ids()}
    monkeypatch.setenv("AON_FULL_TEXTS", "0")
    stage(ROOT, tmp_path / "staging")
    for article_id, text in full.items():
        staged = (tmp_path / "staging" / "data" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
        assert len(staged) == len(text)
        assert not [s for s in unquoted_sentences(article_id, text) if s in staged], article_id
    assert (tmp_path / "staging" / "data" / "articles" / EXCERPTS_MARKER).is_file()
    assert ROOT.joinpath("data", "articles", f"{article_ids()[0]}.txt").read_text(encoding="utf-8") == full[article_ids()[0]]


@pytest.mark.skipif(full_texts_included(ROOT) or not (ROOT / "data" / "articles" / EXCERPTS_MARKER).is_file(),
                    reason="only in a copy of the course made without the full texts")
def test_this_copy_holds_only_the_quoted_passages():
    """In a copy made by scripts/without_full_texts.py: outside the quoted spans, only blanks, […] and the note."""
    from aon.data import excerpts_notice

    for article_id in article_ids():
        stored = (ROOT / "data" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
        assert excerpts_text(stored, quoted_spans(article_id), excerpts_notice(article_id)) == stored, article_id
