"""The article texts are the seeds' bodies: verbatim, furniture removed, nothing of the body dropped."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "scripts"))
from extract_articles import FURNITURE, body_paragraphs  # noqa: E402

FURNITURE_MARKERS = ["More on this:", "Press Ctrl+C to copy", "No comments:", "Post a Comment", "Check Also",
                     "Après l’Afghanistan", "Comments are closed.", "Back to Top", "Recommended Posts", "11 min read"]
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def articles() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "articles.csv", dtype=str, keep_default_na=False)


def text_of(article_id: str) -> str:
    return (ROOT / "data" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")


SEEDED = [row for row in articles().itertuples() if row.seed_file != "none"]


def test_five_readings_one_per_seed():
    table = articles()
    assert len(table) >= 5
    seeded = table[table.seed_file != "none"]
    assert len(seeded) == 5 and seeded.seed_file.is_unique
    if SEEDS.is_dir():
        assert set(seeded.seed_file) == {p.name for p in SEEDS.glob("*.txt")}


@pytest.mark.parametrize("row", SEEDED, ids=lambda r: r.article_id)
def test_every_field_filled_or_unknown(row):
    for column, value in row._asdict().items():
        assert str(value).strip(), f"{row.article_id}: {column} is empty; write 'unknown' if it is not known"


@needs_seeds
@pytest.mark.parametrize("row", SEEDED, ids=lambda r: r.article_id)
def test_every_paragraph_is_verbatim_from_the_seed(row):
    seed = squash((SEEDS / row.seed_file).read_text(encoding="utf-8"))
    for paragraph in text_of(row.article_id).split("\n\n"):
        assert squash(paragraph) in seed, f"{row.article_id}: paragraph not in seed: {paragraph[:80]!r}"


@needs_seeds
@pytest.mark.parametrize("row", SEEDED, ids=lambda r: r.article_id)
def test_nothing_of_the_body_is_dropped(row):
    article_id, drop = FURNITURE[row.seed_file]
    assert article_id == row.article_id
    seed_text = (SEEDS / row.seed_file).read_text(encoding="utf-8")
    kept = "\n\n".join(body_paragraphs(seed_text, drop)) + "\n"
    assert text_of(row.article_id) == kept, "the text differs from the seed minus the listed furniture: rerun scripts/extract_articles.py"
    assert len(text_of(row.article_id)) >= 0.9 * len(seed_text), "less than 90% of the seed's characters kept"


@pytest.mark.parametrize("row", SEEDED, ids=lambda r: r.article_id)
def test_no_furniture_left(row):
    text = text_of(row.article_id)
    for marker in FURNITURE_MARKERS:
        assert marker not in text, f"{row.article_id}: furniture {marker!r} still in the text"
    paragraphs = [squash(p) for p in text.split("\n\n")]
    for i, p in enumerate(paragraphs):
        for other in paragraphs[i + 1:]:
            assert not (len(p) > 40 and other.startswith(p.rstrip("."))), f"{row.article_id}: pull quote repeated: {p[:60]!r}"


@pytest.mark.parametrize("row", SEEDED, ids=lambda r: r.article_id)
def test_texts_are_clean_utf8_with_lf(row):
    raw = (ROOT / "data" / "articles" / f"{row.article_id}.txt").read_bytes()
    assert b"\r" not in raw
    raw.decode("utf-8")
