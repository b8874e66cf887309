"""The record since 2022: dated, sourced rows across the kinds, and the checks that guard it."""
from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

import aon.documents as documents
from aon.errors import CourseError

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_record_has_no_problems():
    assert documents.record_problems() == []


def test_record_is_large_enough_and_covers_every_kind():
    table = documents.load_record()
    assert len(table) >= 30
    assert set(documents.RECORD_KINDS) <= set(table["kind"])
    assert table["date"].dt.year.min() >= 2022


def test_un_votes_say_how_china_voted():
    votes = documents.load_record("un_vote")
    assert len(votes) >= 6
    assert all(v.strip() for v in votes["china_action"])
    es11_1 = votes[votes["record_id"] == "un-ga-2022-03-02"].iloc[0]
    assert es11_1["china_action"] == "abstained" and "141" in es11_1["what_happened"]


def test_disputed_rows_explain_the_disagreement():
    table = documents.load_record()
    for _, row in table[table["confidence"] == "disputed"].iterrows():
        assert len(row["note"]) > 30, row["record_id"]


def test_unknown_kind_gets_a_message():
    with pytest.raises(CourseError, match="not a kind"):
        documents.load_record("un_votes")


def test_counts_by_kind_and_year():
    counts = documents.record_counts()
    assert list(counts.index) == documents.RECORD_KINDS
    assert counts.values.sum() == len(documents.load_record())


@pytest.fixture()
def record_copy(tmp_path, monkeypatch):
    shutil.copy(ROOT / "data" / "record.csv", tmp_path / "record.csv")
    monkeypatch.setattr(documents, "data_dir", lambda: tmp_path)
    return tmp_path / "record.csv"


def _edit(path: Path, **changes) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows[0].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("changes, column", [
    ({"date": "2022-02-30"}, "date"),
    ({"date": "2031-01-01"}, "date"),
    ({"date": "2019-05-01"}, "date"),
    ({"date": "2022-03-15", "date_precision": "month"}, "date"),
    ({"kind": "alliance_treaty"}, "kind"),
    ({"confidence": "certain"}, "confidence"),
    ({"source_url": ""}, "source_url"),
    ({"source_url": "not a web address"}, "source_url"),
    ({"source_name": " "}, "source_name"),
])
def test_bad_rows_are_caught(record_copy, changes, column):
    _edit(record_copy, **changes)
    problems = documents.record_problems(today=date(2026, 12, 6))
    assert any(p.column == column for p in problems), problems


def test_repeated_id_is_caught(record_copy):
    with record_copy.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    record_copy.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    assert any("repeats row" in p.message for p in documents.record_problems())


def test_future_is_judged_against_the_given_day(record_copy):
    assert documents.record_problems(today=date(2026, 12, 6)) == []
    problems = documents.record_problems(today=date(2023, 1, 1))
    assert any("after today" in p.message for p in problems)
