"""Fixtures for the site and browser tests: one site build per session, a local web server, a real Chromium.

Imported by tests/conftest.py. Chromium is Debian's (/usr/bin/chromium) driven by Playwright;
`playwright install` is never used. Without Chromium the browser tests are skipped, unless the
environment variable CI is set: then they fail, so a CI machine cannot pass by skipping them.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest


def skip_or_fail_under_ci(reason: str, what: str) -> None:
    """Skip a test whose tool cannot be had here; with the environment variable CI set, fail instead,
    so that a CI machine cannot pass by skipping (``what`` names the tests, for the message)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so {what} must run, not skip.", pytrace=False)
    pytest.skip(reason)


ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    for candidate in [os.environ.get("AON_CHROMIUM", ""), *CHROMIUM_CANDIDATES]:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the course site once per session (strict, offline) into a temporary folder; return its html/."""
    from aon.authoring.site import build_site
    from aon.errors import CourseError

    output = tmp_path_factory.mktemp("site") / "_build"
    try:
        return build_site(ROOT, output=output, quiet=True)
    except CourseError as exc:
        problem = str(exc)
    pytest.fail(f"the course site does not build: {problem}", pytrace=False)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def site_url(built_site) -> str:
    """Serve the built site with http.server on 127.0.0.1 (a free port); return its base URL.

    Module scope: the server's thread ends with the browser tests, so the grader's tests that follow
    fork their workers from a single-threaded process (Python 3.12+ warns otherwise, rightly: a fork
    while another thread holds a lock can deadlock the child).
    """
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path:
        return path
    skip_or_fail_under_ci("Chromium not found at /usr/bin/chromium (install it: apt-get install -y chromium)",
                          "the browser tests")


@pytest.fixture(scope="module")
def browser(chromium_path, tmp_path_factory):
    """A headless Debian Chromium driven by Playwright, writing only into a temporary home.

    Module scope: Playwright's sync API keeps an event loop on the main thread while the browser
    is open, so it is closed before other modules (nbval's kernels) run.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail_under_ci("playwright is not installed", "the browser tests")
    home = tmp_path_factory.mktemp("chromium-home")
    env = {key: value for key, value in os.environ.items() if key not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_DATA_HOME=str(home / ".local" / "share"))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True, env=env)
        yield chromium
        chromium.close()


def markdown_notebook(path: Path, *markdown: str) -> Path:
    """Write a notebook of Markdown cells at ``path`` (for testing the checkers on made-up material)."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path
