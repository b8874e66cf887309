"""The evidence tables hold together: quotes are verbatim, ids are well formed and unique,
codes come from the vocabulary, every cross-reference resolves, and the codebook quotes the
evidence exactly. Fast: reads only the CSVs, the article texts and data/codebook.md."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from aon.data import article_text
from aon.evidence import load_events, load_evidence, load_sources_cited, load_statistics

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
FIELDS = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in PACKAGE["resources"]}
_ARTICLE_TABLE = pd.read_csv(ROOT / "data" / "articles.csv", dtype=str, keep_default_na=False)
ARTICLES = _ARTICLE_TABLE["article_id"].tolist()
# The readings the course ships: they name the web capture they came from. A reading an instructor adds with
# 'aon add-reading' has seed_file 'none' (datapackage.json), and may truly argue one side only.
COURSE_ARTICLES = _ARTICLE_TABLE.loc[_ARTICLE_TABLE["seed_file"] != "none", "article_id"].tolist()

EVIDENCE = load_evidence()
STATISTICS = load_statistics()
SOURCES = load_sources_cited()
EVENTS = load_events()
EVIDENCE_IDS = set(EVIDENCE["evidence_id"])


def _split(cell) -> list[str]:
    return [] if pd.isna(cell) else [part.strip() for part in str(cell).split(";") if part.strip()]


def _enum(table: str, column: str) -> set[str]:
    return set(FIELDS[table][column]["constraints"]["enum"])


# --- every quote equals its slice of the article text -------------------------------------

@pytest.mark.parametrize("table,column,id_column", [
    (EVIDENCE, "quote", "evidence_id"),
    (STATISTICS, "quote", "stat_id"),
    (SOURCES, "citation", "source_id"),
], ids=["evidence.quote", "statistics.quote", "sources_cited.citation"])
def test_quotes_are_verbatim_slices(table, column, id_column):
    texts = {a: article_text(a) for a in ARTICLES}
    bad = [row[id_column] for _, row in table.iterrows()
           if texts[row["article_id"]][int(row["start"]):int(row["end"])] != row[column]]
    assert not bad, f"text[start:end] != {column} for: {bad}"


# --- ids unique and well formed ------------------------------------------------------------

@pytest.mark.parametrize("table,id_column,suffix", [
    (EVIDENCE, "evidence_id", r"-\d{2,3}"),
    (STATISTICS, "stat_id", r"-s\d{2,3}"),
    (SOURCES, "source_id", r"-c\d{2,3}"),
], ids=["evidence", "statistics", "sources_cited"])
def test_ids_unique_and_well_formed(table, id_column, suffix):
    ids = table[id_column]
    assert ids.is_unique, f"duplicate ids: {sorted(ids[ids.duplicated()])}"
    bad = [i for i, a in zip(ids, table["article_id"]) if not re.fullmatch(re.escape(a) + suffix, i)]
    assert not bad, f"ids not of the form <article_id>{suffix}: {bad}"


# Rows of the first coding pass (codebook 1) per reading; codebook 2's sentence-by-sentence pass added
# the rest with the next free numbers, wherever their sentences stand (codebook.md section 10).
FIRST_PASS = {"blank-2016": 33, "baev-2019": 23, "bear-dragon-nd": 37, "baev-2021": 34, "rusi-2022": 27}


def _number(evidence_id: str) -> int:
    return int(evidence_id.rsplit("-", 1)[1])


def test_evidence_ids_numbered_without_gaps_and_first_pass_in_text_order():
    for article_id, rows in EVIDENCE.groupby("article_id"):
        numbers = sorted(rows["evidence_id"].map(_number))
        assert numbers == list(range(1, len(numbers) + 1)), f"{article_id}: ids not numbered 01, 02, ... without gaps"
        first = rows[rows["evidence_id"].map(_number) <= FIRST_PASS.get(article_id, 0)]  # a reading added later: none
        by_number = first.sort_values("evidence_id", key=lambda s: s.map(_number))
        assert list(by_number["start"]) == sorted(by_number["start"]), f"{article_id}: first-pass ids not in text order"


def test_event_keys_unique_and_well_formed():
    keys = EVENTS["event_key"]
    assert keys.is_unique, f"duplicate event keys: {sorted(keys[keys.duplicated()])}"
    assert keys.str.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*").all()


# --- vocabulary values only ----------------------------------------------------------------

@pytest.mark.parametrize("table_name,table,column", [
    ("evidence", EVIDENCE, "theme"),
    ("evidence", EVIDENCE, "evidence_type"),
    ("evidence", EVIDENCE, "supports"),
    ("sources_cited", SOURCES, "source_type"),
    ("events", EVENTS, "category"),
    ("events", EVENTS, "date_precision"),
])
def test_vocabulary_values_only(table_name, table, column):
    unknown = set(table[column]) - _enum(table_name, column)
    assert not unknown, f"{table_name}.{column} has values outside the vocabulary: {sorted(unknown)}"


def test_article_ids_known():
    for table in (EVIDENCE, STATISTICS, SOURCES):
        assert set(table["article_id"]) <= set(ARTICLES)


# --- every reading the course ships has evidence on both sides ----------------------------
# (for a reading an instructor added, 'aon validate' warns instead: see aon.authoring.validate.side_problems)

def test_the_course_ships_its_five_readings():
    """The readings the course ships, by id: an instructor's own readings (seed_file 'none') are not counted."""
    assert sorted(COURSE_ARTICLES) == sorted(FIRST_PASS)


@pytest.mark.parametrize("article_id", COURSE_ARTICLES)
def test_article_has_evidence_on_both_sides(article_id):
    sides = set(EVIDENCE.loc[EVIDENCE["article_id"] == article_id, "supports"])
    missing = {"alliance", "necessity"} - sides
    assert not missing, f"{article_id} has no evidence coded {sorted(missing)}"


# --- references resolve --------------------------------------------------------------------

@pytest.mark.parametrize("table,id_column", [(STATISTICS, "stat_id"), (SOURCES, "source_id")],
                         ids=["statistics", "sources_cited"])
def test_referenced_evidence_exists(table, id_column):
    linked = table.dropna(subset=["evidence_id"])
    bad = linked.loc[~linked["evidence_id"].isin(EVIDENCE_IDS), id_column].tolist()
    assert not bad, f"evidence_id points to no evidence row in: {bad}"
    same_article = dict(zip(EVIDENCE["evidence_id"], EVIDENCE["article_id"]))
    cross = linked.loc[linked["evidence_id"].map(same_article) != linked["article_id"], id_column].tolist()
    assert not cross, f"evidence row from another article in: {cross}"


def test_event_evidence_ids_exist_and_articles_match():
    article_of = dict(zip(EVIDENCE["evidence_id"], EVIDENCE["article_id"]))
    for _, event in EVENTS.iterrows():
        ids = _split(event["evidence_ids"])
        assert ids, f"{event['event_key']} lists no evidence"
        unknown = [i for i in ids if i not in EVIDENCE_IDS]
        assert not unknown, f"{event['event_key']} lists unknown evidence ids {unknown}"
        assert len(ids) == len(set(ids)), f"{event['event_key']} lists an id twice"
        assert set(_split(event["articles"])) == {article_of[i] for i in ids}, \
            f"{event['event_key']}: articles do not match the articles of its evidence"


def test_every_event_key_in_evidence_has_an_event_row():
    keys = set(EVIDENCE["event_key"].dropna())
    missing = keys - set(EVENTS["event_key"])
    assert not missing, f"event keys used in evidence.csv with no row in events.csv: {sorted(missing)}"


def test_event_rows_list_every_evidence_row_with_their_key():
    listed = {e["event_key"]: set(_split(e["evidence_ids"])) for _, e in EVENTS.iterrows()}
    keyed = EVIDENCE.dropna(subset=["event_key"])
    bad = [f"{r.evidence_id} -> {r.event_key}" for r in keyed.itertuples()
           if r.evidence_id not in listed.get(r.event_key, set())]
    assert not bad, f"evidence rows not listed under their event: {bad}"


def test_events_have_a_date_source():
    assert EVENTS["date_source"].notna().all(), "every event must say where its date comes from"


# --- the codebook quotes the evidence exactly ----------------------------------------------

CODEBOOK = (ROOT / "data" / "codebook.md").read_text(encoding="utf-8")
ID_PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, ARTICLES)) + r")-(\d{2,3})\b")
# an example in the codebook: `evidence_id` (theme, type, supports): «quote»
EXAMPLE_PATTERN = re.compile(r"`([a-z0-9-]+)`[^`«\n]*?:\s*«([^»]*)»")


def test_codebook_evidence_ids_exist():
    ids = {f"{a}-{n}" for a, n in ID_PATTERN.findall(CODEBOOK)}
    assert ids, "the codebook cites no evidence ids"
    unknown = ids - EVIDENCE_IDS
    assert not unknown, f"codebook cites unknown evidence ids: {sorted(unknown)}"


def test_codebook_quotes_are_verbatim():
    quotes = dict(zip(EVIDENCE["evidence_id"], EVIDENCE["quote"]))
    examples = EXAMPLE_PATTERN.findall(CODEBOOK)
    codes = 3 + 15 + 5 + 4 + 5  # supports, themes, evidence types, tie levels, drivers
    assert len(examples) >= 2 * codes, "expected a worked example and a borderline case per code"
    bad = [i for i, shown in examples if i not in quotes or shown not in quotes[i]]
    assert not bad, f"codebook quote is not a verbatim part of the evidence quote for: {bad}"
    assert CODEBOOK.count("«") == len(examples), "a «quote» in the codebook is not attached to an evidence id"


def _sections(prefix: str = "") -> dict[str, str]:
    """The codebook's '### <prefix>`code`' sections by code (prefix 'tie ', 'driver ', 'supports ' or none)."""
    parts = re.split(rf"^### {prefix}`([a-z_]+)`\s*$", CODEBOOK, flags=re.M)
    return {parts[i]: re.split(r"\n##+ ", parts[i + 1])[0] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("column, prefix", [("supports", "supports "), ("tie", "tie "), ("driver", "driver "),
                                            ("theme", ""), ("evidence_type", "")])
def test_codebook_defines_every_code_with_example_and_borderline(column, prefix):
    sections = _sections(prefix)
    quotes = dict(zip(EVIDENCE["evidence_id"], EVIDENCE["quote"]))
    for code in sorted(_enum("evidence", column)):
        assert code in sections, f"codebook has no section for {column} '{code}'"
        body = sections[code]
        assert "**Definition.**" in body or column in ("theme", "evidence_type"), f"{column} '{code}': no definition"
        for label in ("**Worked example.**", "**Borderline.**"):
            line = next((ln for ln in body.splitlines() if label in ln), None)
            assert line, f"{column} '{code}': no {label}"
            match = EXAMPLE_PATTERN.search(line)
            assert match and match.group(2) in quotes.get(match.group(1), ""), \
                f"{column} '{code}': {label} does not quote a real evidence row verbatim"
            if column in ("tie", "driver"):
                assert EVIDENCE.set_index("evidence_id").loc[match.group(1), column] == code, \
                    f"{column} '{code}': the {label} row is not coded {code}"


def test_codebook_explains_the_empty_tie_with_examples():
    body = CODEBOOK.split("### No level shown (empty `tie`)")[1].split("\n## ")[0]
    table = EVIDENCE.set_index("evidence_id")
    for label in ("**Worked example.**", "**Borderline.**"):
        line = next(ln for ln in body.splitlines() if label in ln)
        evidence_id = EXAMPLE_PATTERN.search(line).group(1)
        assert pd.isna(table.loc[evidence_id, "tie"]), f"{evidence_id} is not coded with an empty tie"


def test_codebook_examples_show_the_current_codes():
    """Every '`id` (theme, type; tie T; driver D; supports S)' in the codebook matches the evidence table."""
    table = EVIDENCE.set_index("evidence_id")
    shown = re.findall(r"`([a-z0-9-]+-\d{2})` \((\w+), (\w+); tie ([\w ]+); driver (\w+); supports (\w+)\)", CODEBOOK)
    assert len(shown) >= 50
    for evidence_id, theme, kind, tie, driver, supports in shown:
        row = table.loc[evidence_id]
        level = row["tie"] if isinstance(row["tie"], str) else "not shown"
        assert (row["theme"], row["evidence_type"], level, row["driver"], row["supports"]) == (theme, kind, tie, driver, supports), evidence_id
    assert not re.findall(r"`[a-z0-9-]+-\d{2}` \(\w+, \w+, \w+\)", CODEBOOK), "an example still shows codebook 1's (theme, type, supports)"
