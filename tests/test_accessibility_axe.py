"""Every page of the built course website, audited with axe-core (Deque) for WCAG 2 A and AA.

axe-core comes from npm, installed once by `python3 course.py test` into .venv/axe/ (course.py,
ensure_axe); after that nothing needs the network. The script is injected into each page served by
the local test server and run in Debian's Chromium with the rules tagged WCAG 2.0, 2.1 and 2.2 A and
AA. Any violation fails the test, naming the page, the rule, its impact and the elements. Pages are
checked in the light and the dark colour scheme (the theme follows the reader's system setting).
Without axe-core the test is skipped, unless CI is set (then it fails), as for Chromium.
JupyterLab's own pages are out of scope: this audits the course's website only.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest_site import skip_or_fail_under_ci

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE_CANDIDATES = [ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"]
#: axe-core's tags for the success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Folders of the built site that hold assets, not pages.
NOT_PAGES = {"_static", "_sources", "_images", "_downloads"}

RUN_AXE_JS = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    const brief = (items) => items.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')), count: v.nodes.length}));
    return {violations: brief(results.violations), passes: results.passes.length,
            incomplete: brief(results.incomplete), inapplicable: results.inapplicable.length,
            version: axe.version};
}"""


def find_axe() -> Path | None:
    for candidate in [os.environ.get("AON_AXE", ""), *AXE_CANDIDATES]:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def axe_script() -> Path:
    path = find_axe()
    if path:
        return path
    skip_or_fail_under_ci("axe-core not found in .venv/axe/ (python3 course.py test installs it with npm)",
                          "the accessibility audit")


def site_pages_on_disk(html_dir: Path) -> list[str]:
    """Every HTML page of the built site (lessons, exercises, guides, start, search and index pages)."""
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if not set(p.relative_to(html_dir).parts) & NOT_PAGES)


def audit(browser, site_url: str, pages: list[str], axe: Path, scheme: str) -> tuple[dict[str, list], dict]:
    """Run axe on each page in one colour scheme; return the violations by page and a summary."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    violations, summary = {}, {"pages": 0, "passes": 0, "incomplete": 0, "version": None}
    for path in pages:
        page.goto(f"{site_url}/{path}", wait_until="load")
        if page.locator("article .math").count():  # let MathJax finish, so formulas are audited as readers see them
            page.wait_for_selector("article mjx-container", timeout=15_000)
        page.add_script_tag(path=str(axe))
        result = page.evaluate(RUN_AXE_JS, WCAG_TAGS)
        summary["pages"] += 1
        summary["passes"] += result["passes"]
        summary["incomplete"] += len(result["incomplete"])
        summary["version"] = result["version"]
        if result["violations"]:
            violations[path] = result["violations"]
    context.close()
    return violations, summary


def describe(violations: dict[str, list]) -> str:
    lines = []
    for path, found in violations.items():
        for v in found:
            lines.append(f"{path}: {v['id']} ({v['impact']}): {v['help']}; {v['count']} element(s), e.g. {v['nodes']}")
    return "\n".join(lines)


def test_every_site_page_meets_wcag2_a_and_aa(browser, site_url, built_site, axe_script, record_property):
    """axe-core finds no WCAG 2 A/AA violation on any page of the course website, light or dark."""
    from aon.authoring.site import built_guides, built_pages

    pages = site_pages_on_disk(built_site)
    lessons, exercises = built_pages(built_site)
    expected = ["index.html", *[p.path.with_suffix(".html").as_posix() for p in lessons + exercises + built_guides(built_site)]]
    assert not [p for p in expected if p not in pages], "a lesson, exercise or guide page was not built"
    started = time.perf_counter()
    page = browser.new_page()
    page.goto(f"{site_url}/index.html", wait_until="load")
    page.add_script_tag(path=str(axe_script))
    rules = page.evaluate("(tags) => axe.getRules(tags).length", WCAG_TAGS)
    page.close()
    problems, totals = {}, []
    for scheme in ("light", "dark"):
        found, summary = audit(browser, site_url, pages, axe_script, scheme)
        problems.update({f"{path} [{scheme}]": v for path, v in found.items()})
        totals.append(summary)
    elapsed = time.perf_counter() - started
    report = {"axe_version": totals[0]["version"], "pages": len(pages), "colour_schemes": 2, "wcag_rules": rules,
              "tags": WCAG_TAGS, "rule_passes": sum(t["passes"] for t in totals),
              "needs_review": sum(t["incomplete"] for t in totals), "seconds": round(elapsed, 1)}
    record_property("axe", json.dumps(report))
    print(f"\naxe-core audit: {json.dumps(report)}")
    assert rules > 50, f"only {rules} axe rules matched the WCAG tags {WCAG_TAGS}: is this axe-core?"
    assert not problems, "WCAG 2 A/AA violations on the course website:\n" + describe(problems)


def test_the_audit_catches_a_violation(browser, site_url, axe_script, tmp_path):
    """The same call on a page made to fail (an image without alt text, a low-contrast line) reports both."""
    page = browser.new_page()
    page.set_content('<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
                     '<h1>Made-up page</h1><img src="x.png">'
                     '<p style="color:#bbb;background:#fff">faint text</p></main></body></html>')
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(RUN_AXE_JS, WCAG_TAGS)
    page.close()
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in result["violations"]}, result["violations"]
