"""The course in a real browser: the built site page by page, and a notebook run in JupyterLab.

Debian's Chromium, headless, driven by Playwright (never `playwright install`). Skipped where no
Chromium is installed, unless CI is set (then they fail). Everything stays on 127.0.0.1: a request
to any other host fails the test, because the course must work offline.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from aon.authoring.site import PLACEHOLDER_ALT, built_guides, built_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
#: The one page error every Jupyter Book 1 page throws (sphinx-thebe's config is emitted twice); harmless.
KNOWN_PAGE_ERRORS = ["Identifier 'THEBE_JS_URL' has already been declared"]

IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.currentSrc || img.src, alt: img.getAttribute('alt'), complete: img.complete,
    width: img.naturalWidth, visible: img.offsetParent !== null}))"""


def _local_only(requests: list[str]) -> list[str]:
    return [url for url in requests
            if urlparse(url).scheme not in {"data", "blob", "about"} and urlparse(url).hostname != "127.0.0.1"]


def _bad_alt(image: dict) -> bool:
    alt = (image["alt"] or "").strip()
    name = image["src"].rsplit("/", 1)[-1]
    return alt.lower().rstrip(".:") in PLACEHOLDER_ALT or alt == name or alt.endswith(name) or alt.lower().endswith((".png", ".jpg", ".svg"))


def test_site_walk_through_every_lesson(browser, site_url, built_site):
    """Open the start page, follow 'next' through every lesson, exercise and instructors' page (syllabus, changelog);
    figures load, alt text, nothing external."""
    lessons, exercises = built_pages(built_site)
    guides = built_guides(built_site)
    expected = ["index.html", *[page.path.with_suffix(".html").as_posix() for page in lessons + exercises + guides]]
    context = browser.new_context()
    page = context.new_page()
    requests, failed, page_errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: failed.append(f"{response.url} (HTTP {response.status})") if response.status >= 400 else None)
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    visited, image_problems, math_pages = [], [], []
    page.goto(f"{site_url}/index.html", wait_until="load")
    for _ in range(len(expected) + 5):
        path = urlparse(page.url).path.lstrip("/") or "index.html"
        visited.append(path)
        page.wait_for_function("() => Array.from(document.images).every(img => img.complete)", timeout=10_000)
        if page.locator("article .math").count():  # formulas: typeset by the site's own MathJax, without errors
            page.wait_for_selector("article mjx-container", timeout=15_000)
            if page.locator("mjx-merror").count():
                image_problems.append(f"{path}: MathJax could not typeset a formula")
            math_pages.append(path)
        for image in page.evaluate(IMAGES_JS):
            if image["width"] == 0:
                image_problems.append(f"{path}: image {image['src']} did not load")
            if _bad_alt(image):
                image_problems.append(f"{path}: image {image['src']} has alt text {image['alt']!r}")
        if path == "index.html":  # the start page lists every lesson and exercise
            links = page.eval_on_selector_all("article a[href]", "links => links.map(a => a.getAttribute('href'))")
            missing = [p for p in expected[1:] if p not in links]
            assert not missing, f"the start page's contents do not link to {missing}"
            footer = page.inner_text(".extra_footer") if page.locator(".extra_footer").count() else page.inner_text("body")
            assert "MIT licence" in footer and "CC BY 4.0" in footer and "publishers" in footer, "no licence statement in the footer"
        following = page.query_selector("a.right-next")
        if following is None:
            break
        href = following.get_attribute("href")
        with page.expect_navigation(wait_until="load"):
            following.click()
        assert urlparse(page.url).path.lstrip("/") == urlparse(urljoin(f"{site_url}/{path}", href)).path.lstrip("/")
    context.close()

    assert visited == expected, f"following 'next' visited {visited}, expected {expected}"
    assert not image_problems, "\n".join(image_problems)
    assert not _local_only(requests), f"requests left 127.0.0.1 (the site must work offline): {_local_only(requests)}"
    assert not failed, f"requests failed: {failed}"
    unexpected = [e for e in page_errors if not any(known in e for known in KNOWN_PAGE_ERRORS)]
    assert not unexpected, f"JavaScript errors on the site: {unexpected}"


def test_site_search_finds_a_lesson(browser, site_url, built_site):
    """The built-in search works over http (it does not over file://)."""
    lessons, _ = built_pages(built_site)
    word = next((w for w in lessons[0].title.split() if len(w) > 3 and w.isalpha()), "course")
    page = browser.new_page()
    page.goto(f"{site_url}/search.html?q={word}", wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    assert page.locator("#search-results ul.search li").count() >= 1
    page.close()


# --------------------------------------------------------------------------- JupyterLab


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def _write_settings(settings_dir: Path) -> None:
    for plugin, values in {
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }.items():
        package, name = plugin.rsplit("/", 1)
        target = settings_dir / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))


@pytest.fixture
def jupyterlab(tmp_path):
    """JupyterLab on a free loopback port, serving a temporary copy of the course; yields (base_url, token, copy)."""
    copy = tmp_path / "course"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "_build", "node_modules", ".ipynb_checkpoints",
                                                            "__pycache__", "grading-output"))
    home = tmp_path / "home"
    config = home / "jupyter-config"
    _write_settings(config / "lab" / "user-settings")
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(config), JUPYTER_DATA_DIR=str(home / "jupyter-data"),
               JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"), IPYTHONDIR=str(home / "ipython"),
               MPLCONFIGDIR=str(home / "matplotlib"), JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               AON_ROOT=str(copy), PYDEVD_DISABLE_FILE_VALIDATION="1")
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={copy}", "--LabApp.news_url=None",
               "--ServerApp.port_retries=0"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "jupyterlab.log").open("w")
    server = subprocess.Popen(command, cwd=copy, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get_json(f"{base}/api/status?token={token}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'jupyterlab.log').read_text()[-3000:]}")
                time.sleep(0.3)
        yield base, token, copy
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_for_kernel(base: str, token: str, path: str, timeout: float = 90) -> None:
    """Wait until the notebook's kernel is idle with a browser connected (the status bar's 'idle' comes too early)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for session in _get_json(f"{base}/api/sessions?token={token}"):
            if session.get("path") == path:
                kernel = session.get("kernel") or {}
                last = kernel
                if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
                    return
        time.sleep(0.3)
    pytest.fail(f"the kernel of {path} never became idle and connected (last state: {last})")


def test_start_notebook_runs_clean_in_jupyterlab(browser, jupyterlab):
    """Open the start-here notebook in JupyterLab, Run All from the menu, save, and find no error output."""
    base, token, copy = jupyterlab
    original = json.loads((copy / START_NOTEBOOK).read_text(encoding="utf-8"))
    code_cells = sum(1 for cell in original["cells"] if cell["cell_type"] == "code")
    context = browser.new_context()
    page = context.new_page()
    requests, page_errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(f"{base}/lab/tree/{START_NOTEBOOK}?token={token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    _wait_for_kernel(base, token, START_NOTEBOOK)

    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text="Run").first.click()
    page.locator('#jp-mainmenu-run li.lm-Menu-item[data-command="runmenu:run-all"]').click()
    # Every code cell shows an execution number once it has run ("[*]" while queued or running).
    page.wait_for_function(
        """(expected) => {
            const prompts = Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt'));
            return prompts.length === expected && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", arg=code_cells, timeout=180_000)
    _wait_for_kernel(base, token, START_NOTEBOOK)

    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.jp-mod-dirty')", timeout=30_000)
    saved = _get_json(f"{base}/api/contents/{START_NOTEBOOK}?content=1&token={token}")["content"]
    context.close()

    errors = [(index + 1, output.get("ename"), output.get("evalue"))
              for index, cell in enumerate(saved["cells"]) if cell["cell_type"] == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert not errors, f"{START_NOTEBOOK} raised errors when run in JupyterLab (cell, error, message): {errors}"
    unrun = [index + 1 for index, cell in enumerate(saved["cells"]) if cell["cell_type"] == "code" and cell.get("execution_count") is None]
    assert not unrun, f"Run All did not run cells {unrun} (or the notebook was not saved)"
    outside = _local_only(requests)
    assert not outside, f"JupyterLab's page made requests off this machine: {outside}"
    assert not page_errors, f"JavaScript errors in JupyterLab: {page_errors}"


def test_contents_link_leads_to_the_contents_in_jupyterlab(browser, jupyterlab):
    """A lesson's 'Contents' link brings the open start-here notebook to its contents list, not to its top.

    JupyterLab spells heading anchors with capitals; the explicit anchor before the contents heading
    (aon.authoring.build.CONTENTS_ANCHOR) lets the site's lower-case link work there too. (JupyterLab does not
    scroll a notebook that a link opens for the first time; a student who came from lesson 00 has it open.)
    """
    base, token, _ = jupyterlab
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/lab/tree/{START_NOTEBOOK}?token={token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    # As a student goes on: "Next" opens lesson 01 in a new tab, then its "Contents" link leads back.
    page.locator(".jp-RenderedMarkdown a", has_text="Next: Reading 1").locator("visible=true").first.click(timeout=60_000)
    page.wait_for_selector('.lm-TabBar-tab.lm-mod-current:has-text("01_reading_blank_2016.ipynb")', timeout=60_000)
    page.wait_for_timeout(500)  # lesson 01 on screen, the start-here tab behind it
    page.locator(".jp-RenderedMarkdown a", has_text="Contents").locator("visible=true").first.click(timeout=60_000)
    top = """() => {
        const panel = Array.from(document.querySelectorAll('.jp-NotebookPanel')).find(p => !p.classList.contains('lm-mod-hidden'));
        const heading = panel && Array.from(panel.querySelectorAll('h2')).find(h => /Course contents/.test(h.textContent));
        return heading ? heading.getBoundingClientRect().top : null;
    }"""
    page.wait_for_function(f"() => {{ const t = ({top})(); return t !== null && t >= 0 && t < window.innerHeight; }}",
                           timeout=30_000)
    context.close()
