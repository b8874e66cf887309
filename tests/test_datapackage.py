"""Every table in data/ matches data/datapackage.json; the package itself is well formed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from aon.authoring.validate import validate_all

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def test_package_describes_every_csv_in_data():
    described = {r["path"] for r in PACKAGE["resources"]}
    on_disk = {str(p.relative_to(ROOT / "data")) for p in (ROOT / "data").rglob("*.csv") if "_drafts" not in p.parts}
    assert on_disk <= described, f"tables without a description in datapackage.json: {sorted(on_disk - described)}"


@pytest.mark.parametrize("resource", PACKAGE["resources"], ids=lambda r: r["name"])
def test_resource_is_fully_described(resource):
    assert resource["profile"] == "tabular-data-resource"
    assert resource.get("title")
    for field in resource["schema"]["fields"]:
        assert field.get("description"), f"{resource['name']}.{field['name']} has no description"
        assert field.get("type") in {"string", "integer", "number", "date", "boolean"}
    if resource["path"].startswith("reference/"):
        assert resource.get("sources") and resource.get("licenses"), "reference data must name source and licence"


def test_all_tables_valid():
    problems = validate_all()
    assert not problems, "\n".join(str(p) for p in problems)
