"""The primary documents: verbatim texts with sources, coded passages, and the checks that guard them."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

import aon.documents as documents
from aon.codebook import derive_supports, drivers, tie_levels
from aon.errors import CourseError

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_documents_have_no_problems():
    assert documents.document_problems() == []


def test_required_documents_are_shipped_with_source_and_translation():
    table = documents.load_documents().set_index("doc_id")
    assert {"treaty-2001-grips", "treaty-2001-frontline", "joint-statement-2022-tass",
            "russia-dprk-2024-almayadeen"} <= set(table.index)
    for doc_id, row in table.iterrows():
        assert row["source_url"].startswith("http"), doc_id
        assert row["translation"].strip() and row["note"].strip(), doc_id
        assert row["excerpt_only"] in {"yes", "no"}


def test_excerpt_only_documents_say_what_is_missing():
    table = documents.load_documents()
    for _, row in table[table["excerpt_only"] == "yes"].iterrows():
        assert any(word in row["note"].lower() for word in ("not in", "missing", "breaks off", "only", "not found")), row["doc_id"]


def test_every_passage_is_verbatim_and_supports_follows_tie():
    for _, row in documents.load_document_evidence().iterrows():
        text = documents.document_text(row["article_id"])
        assert text[row["start"]:row["end"]] == row["quote"]
        assert row["supports"] == derive_supports(row["tie"])
        assert (pd.isna(row["tie"]) or row["tie"] in tie_levels()) and row["driver"] in drivers()


def test_the_contrast_case_has_a_defence_clause_and_the_treaty_s_non_aggression_is_coded_by_the_codebook_s_letter():
    """The 2001 treaty's Article 2 is a non-aggression obligation: ATOP's and COW's typologies (codebook section 4) count it,
    so it is coded at the alliance level, with the borderline (it is not mutual defence) said in its rationale."""
    passages = documents.load_document_evidence().set_index("evidence_id")
    defence = passages.loc["russia-dprk-2024-almayadeen-01"]
    assert defence["tie"] == "alliance" and "military and other assistance" in defence["quote"]
    for article_2 in ("treaty-2001-grips-02", "treaty-2001-grips-03"):
        row = passages.loc[article_2]
        assert row["tie"] == "alliance" and row["claim_key"] == "treaty-2001-article-2"
        assert "non-aggression" in row["rationale"] and "not a promise of mutual defence" in row["rationale"]
    assert all(str(r).lower().startswith("tie ") and "driver" in str(r).lower() for r in passages["rationale"])

def test_a_passage_whose_supports_breaks_the_codebook_rule_is_reported():
    row = {"evidence_id": "treaty-2001-grips-09", "article_id": "treaty-2001-grips", "tie": "alignment", "supports": "ambiguous",
           "quote": "", "start": "0", "end": "0"}
    problems = documents._passage_problems(2, row, {"treaty-2001-grips": ""})
    assert any("gives supports 'alliance'" in str(p) for p in problems)


def test_unknown_document_gets_a_message_not_a_traceback():
    with pytest.raises(CourseError, match="not a document id"):
        documents.document_text("treaty-2002")
    assert "worldjpn.grips.ac.jp" in documents.show_document("treaty-2001-grips")
    assert len(documents.document_passages("treaty-2001-grips")) >= 2


# ---------------------------------------------------------------- the checks catch bad data

@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    """A copy of data/documents*, with aon.documents reading it instead of the real data/."""
    shutil.copytree(ROOT / "data" / "documents", tmp_path / "documents")
    for name in ("documents.csv", "document_evidence.csv", "record.csv"):
        if (ROOT / "data" / name).is_file():
            shutil.copy(ROOT / "data" / name, tmp_path / name)
    monkeypatch.setattr(documents, "data_dir", lambda: tmp_path)
    return tmp_path


def _edit_passages(folder: Path, change) -> None:
    path = folder / "document_evidence.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_shifted_offsets_are_caught(data_copy):
    _edit_passages(data_copy, lambda rows: rows[0].update(start=str(int(rows[0]["start"]) + 1)))
    messages = [p.message for p in documents.document_problems()]
    assert any("is not the quote" in m and "start=" in m for m in messages)


def test_invented_quote_is_caught(data_copy):
    _edit_passages(data_copy, lambda rows: rows[0].update(quote="the parties shall defend each other"))
    assert any("not in data/documents" in p.message for p in documents.document_problems())


def test_supports_that_contradicts_tie_is_caught(data_copy):
    _edit_passages(data_copy, lambda rows: rows[0].update(supports="alliance", tie="partnership"))
    assert any(p.column == "supports" for p in documents.document_problems())


def test_missing_and_unlisted_text_files_are_caught(data_copy):
    (data_copy / "documents" / "treaty-2001-grips.txt").rename(data_copy / "documents" / "stray.txt")
    messages = [str(p) for p in documents.document_problems()]
    assert any("no text file data/documents/treaty-2001-grips.txt" in m for m in messages)
    assert any("stray.txt" in m for m in messages)


def test_validate_all_reports_document_problems(data_copy):
    from aon.authoring.validate import validate_all

    _edit_passages(data_copy, lambda rows: rows[0].update(quote="no such words"))
    assert any(p.file == "document_evidence.csv" for p in validate_all())
