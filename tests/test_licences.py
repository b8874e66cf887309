"""The course's licence statements agree everywhere, and its version is the same in every place.

Code: MIT (LICENSE). The course's prose and tables: CC BY 4.0 (LICENSE-CONTENT.md). Article texts and
their quotes: their publishers' (data/reference/RIGHTS.md). Each place that states the licences (the
README's "Sources and licences", the website's footer, pyproject.toml, data/datapackage.json,
CITATION.cff's abstract) must say all three and name no other licence for them. Each check is also
run on a made-up statement that has the right form but the wrong content, and must fail it.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from aon.authoring.site import LICENCE_FOOTER, book_config

ROOT = Path(__file__).resolve().parents[1]
MIT = re.compile(r"\bMIT\b")
CC_BY = re.compile(r"\bCC[ -]BY[ -]4\.0\b")
PUBLISHERS = re.compile(r"\bpublishers?\b", re.I)
#: Licences the course does not use; naming one of them in a statement is a contradiction.
OTHER_LICENCES = re.compile(r"CC[ -]BY[ -](SA|NC|ND)|\bCC0\b|\bGPL|\bLGPL|\bBSD\b|\bMPL\b|Apache|public domain|all rights reserved", re.I)
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def readme_licence_section(text: str) -> str:
    match = re.search(r"^## Sources and licences\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def licence_statements(root: Path) -> dict[str, str]:
    """Where the course states its licences, and what each place says."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    return {
        "README.md (Sources and licences)": readme_licence_section((root / "README.md").read_text(encoding="utf-8")),
        "site footer": book_config(None)["html"]["extra_footer"],
        "pyproject.toml license": str(pyproject["project"].get("license", {}).get("text", "")),
        "data/datapackage.json licenses": json.dumps(package.get("licenses", [])),
        "CITATION.cff abstract": str(citation.get("abstract", "")),
    }


def licence_problems(statements: dict[str, str]) -> list[str]:
    """Every statement must name MIT for code, CC BY 4.0 for prose and tables, the publishers for the texts, and no other licence."""
    problems = []
    for where, text in statements.items():
        for pattern, what in ((MIT, "MIT (code)"), (CC_BY, "CC BY 4.0 (prose and tables)"), (PUBLISHERS, "the publishers (texts)")):
            if not pattern.search(text):
                problems.append(f"{where}: does not name {what}")
        if other := OTHER_LICENCES.search(text):
            problems.append(f"{where}: names another licence, {other.group(0)!r}")
    return problems


def test_licence_files_exist_and_say_what_they_cover():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Permission is hereby granted, free of charge" in licence
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert CC_BY.search(content) and "https://creativecommons.org/licenses/by/4.0/legalcode" in content
    assert "data/reference/RIGHTS.md" in content and PUBLISHERS.search(content)


def test_licence_statements_agree_everywhere():
    statements = licence_statements(ROOT)
    assert all(statements.values()), [where for where, text in statements.items() if not text]
    assert licence_problems(statements) == []
    assert LICENCE_FOOTER in statements["site footer"]
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"


def test_readme_links_the_licences_citation_changelog_and_syllabus():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in ("LICENSE", "LICENSE-CONTENT.md", "data/reference/RIGHTS.md", "CITATION.cff", "CHANGELOG.md", "docs/syllabus.md"):
        assert f"]({target})" in readme, f"the README does not link {target}"
        assert (ROOT / target).is_file(), target


@pytest.mark.parametrize("where, wrong", [
    ("README.md (Sources and licences)", "Code: MIT. Prose: CC BY-SA 4.0. Texts: their publishers."),
    ("site footer", "Code: MIT. Prose and tables: CC BY 4.0."),  # the texts' owners left out
    ("pyproject.toml license", "GPL-3.0 (code); CC-BY-4.0 (prose); publishers' texts"),
    ("data/datapackage.json licenses", '[{"title": "CC BY 4.0; texts: publishers"}]'),  # no MIT
    ("CITATION.cff abstract", "Licences: lorem ipsum dolor sit amet."),  # right place, no content
])
def test_a_contradicting_or_empty_statement_fails(where, wrong):
    statements = licence_statements(ROOT)
    statements[where] = wrong
    assert any(p.startswith(where) for p in licence_problems(statements))


def versions(root: Path) -> dict[str, str]:
    """The course's version where it is written: pyproject.toml, CITATION.cff and the newest CHANGELOG.md release."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)\s*$", changelog, re.M)
    return {"pyproject.toml": str(pyproject["project"]["version"]), "CITATION.cff": str(citation["version"]),
            "CHANGELOG.md": released[0][0] if released else "", "CHANGELOG.md date": released[0][1] if released else "",
            "CITATION.cff date": str(citation.get("date-released", ""))}


def test_version_is_semantic_and_the_same_everywhere():
    found = versions(ROOT)
    assert SEMVER.match(found["pyproject.toml"]), f"{found['pyproject.toml']!r} is not MAJOR.MINOR.PATCH"
    assert found["pyproject.toml"] == found["CITATION.cff"] == found["CHANGELOG.md"], found
    assert found["CHANGELOG.md date"] == found["CITATION.cff date"], found


def test_changelog_releases_go_down_in_order():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = [tuple(int(n) for n in v.split(".")) for v in re.findall(r"^## (\d+\.\d+\.\d+) \(", changelog, re.M)]
    assert released and released == sorted(released, reverse=True) and len(set(released)) == len(released)


#: CITATION.cff 1.2.0's top-level keys and required keys, from the format's schema.json
#: (github.com/citation-file-format/citation-file-format, schema.json at commit 009214933e60).
CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers", "keywords",
            "license", "license-url", "message", "preferred-citation", "references", "repository", "repository-artifact",
            "repository-code", "title", "type", "url", "version"}
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}


def cff_problems(citation: dict) -> list[str]:
    """The parts of CFF 1.2.0's schema this file uses: keys, required keys, author entities, date and type."""
    problems = [f"unknown key {key!r}" for key in citation if key not in CFF_KEYS]
    problems += [f"missing required key {key!r}" for key in CFF_REQUIRED - set(citation)]
    if citation.get("cff-version") != "1.2.0":
        problems.append("cff-version must be the string '1.2.0'")
    authors = citation.get("authors")
    if not isinstance(authors, list) or not authors or not all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in authors):
        problems.append("authors must be a list of persons or entities, each with a name")
    if not re.match(r"^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$", str(citation.get("date-released", ""))):
        problems.append("date-released must be YYYY-MM-DD")
    if citation.get("type", "software") not in {"software", "dataset"}:
        problems.append("type must be software or dataset")
    if isinstance(citation.get("license"), list) and len(citation["license"]) > 1:
        problems.append("a list of licences means a choice (OR) in CFF; the course's parts have different licences")
    return problems


def test_citation_file_is_valid_cff():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff_problems(citation) == []
    assert isinstance(citation["version"], str), "quote nothing, but the version must read as text, not a number"
    broken = dict(citation, **{"cff-version": "1.2", "date-released": "6 Dec 2026", "licence": "MIT"})
    broken.pop("message")
    assert len(cff_problems(broken)) == 4
