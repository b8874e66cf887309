"""Subcommand ``aon build-site``: the course website, built offline with Jupyter Book 1.

The table of contents is generated from what is on disk, so a new lesson joins
the site without anyone editing a configuration file:

- lessons: ``notebooks/NN_*.ipynb`` in number order;
- exercises: the student notebooks under ``exercises/*/`` (never the instructor
  sources or solutions).

The build copies those (and ``data/``, ``docs/``, the figures beside the
notebooks) into a staging folder ``_build/site_src/``, writes ``_config.yml``,
``_toc.yml`` and a start page there, and runs
``jupyter-book build -W -n --keep-going`` so any warning (a heading jump, a
missing figure, a broken cross-reference) fails the build. Notebooks are not
executed: the site shows their stored outputs. The HTML lands in
``_build/html``. After the build, every page is scanned for scripts, styles or
images that would load from another host, since the site must work offline.

Nothing here needs the network: no intersphinx, no launch buttons, no CDN.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..errors import CourseError
from ..excerpts import reduce_to_excerpts
from ..paths import full_texts_included, project_root
from .build import CONTENTS_ANCHOR, SCOPE_SPAN, stamp_scope
from .catalogue import (
    is_instructor_material,
    lesson_notebooks,
    notebook_title,
    student_notebooks,
)

#: Lessons are numbered notebooks: ``00_start_here.ipynb``, ``01_blank_2016.ipynb``, ...


#: Folder names (anywhere under an exercise) that hold instructor material, never published.


#: Folder names that, when present, hold the student versions (preferred over anything else).


#: Words in a notebook's file name that mark it as instructor material.


#: Written into the built site: its lessons and exercises in reading order (JSON).
CONTENTS_FILE = "contents.json"
#: Folder of site/ copied into the site's _static/ (vendored MathJax).
OFFLINE_ASSETS = "_offline_assets"
#: Style sheet in site/_offline_assets/ with the course's own accessibility fixes (a caption's contrast).
ACCESSIBILITY_CSS = "course-accessibility.css"
SITE_TITLE = "Alliance or Necessity?"
SITE_AUTHOR = "The course authors"
#: The licence statement in every page's footer (tests/test_licences.py keeps it in line with LICENSE,
#: LICENSE-CONTENT.md, the README, pyproject.toml, CITATION.cff and data/datapackage.json).
LICENCE_FOOTER = (
    'Code: <a href="https://opensource.org/license/mit">MIT licence</a>. '
    'Course prose and tables: <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>. '
    "Article texts and the quotes from them: copyright their publishers, quoted for teaching."
)
COPY_IGNORE = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", ".DS_Store", "_drafts")


@dataclass(frozen=True)
class Page:
    """One notebook on the site: its path relative to the project root, and its title."""

    path: Path
    title: str

    @property
    def docname(self) -> str:
        """The name Jupyter Book uses in the table of contents (path without suffix, POSIX)."""
        return self.path.with_suffix("").as_posix()


def site_pages(root: Path | None = None) -> tuple[list[Page], list[Page]]:
    """Return (lessons, exercises) as pages with titles, paths relative to the project root."""
    root = root or project_root()
    lessons = [Page(p.relative_to(root), notebook_title(p)) for p in lesson_notebooks(root)]
    exercises = [Page(p.relative_to(root), notebook_title(p)) for p in student_notebooks(root)]
    return lessons, exercises


def _md_link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


#: Pages for instructors, after the exercises when the files exist: (file in the course folder, title).
GUIDES = (("docs/syllabus.md", "Syllabus"), ("CHANGELOG.md", "Changelog: what changed between versions"))


def guide_pages(root: Path | None = None) -> list[Page]:
    """Return the instructors' pages the site shows (syllabus, changelog), those that exist, in order."""
    root = root or project_root()
    return [Page(Path(name), title) for name, title in GUIDES if (root / name).is_file()]


def start_page(lessons: list[Page], exercises: list[Page], intro: str, guides: list[Page] = ()) -> str:
    """Return the Markdown of the site's start page: an introduction and the table of contents."""
    lines = [f"# {SITE_TITLE}", "", intro.strip(), "", "## Lessons", ""]
    if lessons:
        lines += [f"{i}. [{_md_link_text(page.title)}]({page.path.as_posix()})" for i, page in enumerate(lessons, 1)]
    else:
        lines.append("No lessons yet.")
    lines += ["", "## Exercises", ""]
    if exercises:
        lines += [f"- [{_md_link_text(page.title)}]({page.path.as_posix()})" for page in exercises]
    else:
        lines.append("No exercises yet.")
    if guides:
        lines += ["", "## For instructors", ""]
        lines += [f"- [{_md_link_text(page.title)}]({page.path.as_posix()})" for page in guides]
        lines += ["", "Licences: the code is under the MIT licence; the course's prose and tables under CC BY 4.0;"
                  " the article texts and the quotes from them remain their publishers' (see `LICENSE`,"
                  " `LICENSE-CONTENT.md` and `data/reference/RIGHTS.md` in the course folder). To cite the"
                  " course, use its `CITATION.cff`."]
    return "\n".join(lines) + "\n"


def table_of_contents(lessons: list[Page], exercises: list[Page], guides: list[Page] = ()) -> dict:
    """Return the Jupyter Book 1 ``_toc.yml`` content (as a dict) for these pages."""
    parts = []
    if lessons:
        parts.append({"caption": "Lessons", "chapters": [{"file": page.docname} for page in lessons]})
    if exercises:
        parts.append({"caption": "Exercises", "chapters": [{"file": page.docname} for page in exercises]})
    if guides:
        parts.append({"caption": "For instructors", "chapters": [{"file": page.docname} for page in guides]})
    toc: dict = {"format": "jb-book", "root": "index"}
    if parts:
        toc["parts"] = parts
    return toc


def book_config(favicon: str | None, mathjax: str | None = None, css: str | None = None) -> dict:
    """Return the Jupyter Book 1 ``_config.yml`` content (as a dict): offline, strict, no execution."""
    config = {
        "title": SITE_TITLE,
        "author": SITE_AUTHOR,
        "copyright": str(time.gmtime().tm_year),
        "logo": "",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints", "README.md", "data/**", OFFLINE_ASSETS + "/**"],
        "execute": {"execute_notebooks": "off"},
        "parse": {
            # dollarmath renders $...$ and $$...$$ as in JupyterLab, with MathJax served from the site
            # itself (mathjax_path below). No linkify: it needs an extra package.
            "myst_enable_extensions": ["colon_fence", "dollarmath", "substitution", "tasklist"],
            "myst_url_schemes": ["mailto", "http", "https"],
        },
        "html": {
            "use_edit_page_button": False,
            "use_repository_button": False,
            "use_issues_button": False,
            "home_page_in_navbar": True,
            "extra_footer": f"<p>{LICENCE_FOOTER}{_version_note()}</p>",
            "comments": {"hypothesis": False, "utterances": False},
        },
        "launch_buttons": {"thebe": False, "binderhub_url": "", "jupyterhub_url": "", "colab_url": "", "deepnote_url": ""},
        "repository": {"url": "", "path_to_book": "", "branch": "main"},
        "sphinx": {
            "config": {
                # Links to headings ([text](page.ipynb#a-heading)) resolve and are checked.
                "myst_heading_anchors": 6,
                # Nothing fetched over the network while building.
                "intersphinx_mapping": {},
                # "$5 and $10" in prose stays money, not math: no space inside $...$, no digit after the closing $.
                "myst_dmath_allow_space": False,
                "myst_dmath_allow_digits": False,
                "html_show_sourcelink": False,
                "nb_execution_mode": "off",
            }
        },
    }
    if favicon:
        config["html"]["favicon"] = favicon
    if mathjax:  # served from the site, not a CDN (the assets folder is not named _static: see TOOLING)
        config["sphinx"]["config"]["html_static_path"] = [OFFLINE_ASSETS]
        config["sphinx"]["config"]["mathjax_path"] = mathjax
    if css:  # the course's own style fixes (site/_offline_assets/course-accessibility.css)
        config["sphinx"]["config"]["html_static_path"] = [OFFLINE_ASSETS]
        config["sphinx"]["config"]["html_css_files"] = [css]
    return config


def _version_note() -> str:
    """" Version X.Y.Z." from pyproject.toml (the course's release, see CHANGELOG.md), or "" if unreadable."""
    try:
        version = tomllib.loads((project_root() / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, ValueError):
        return ""
    return f" Course version {html.escape(str(version))}."


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _sync_tree(source: Path, target: Path, keep=None) -> None:
    """Make ``target`` a copy of ``source`` (mtimes kept, so Sphinx rebuilds only what changed)."""
    if target.exists():
        shutil.rmtree(target)
    if source.is_dir():
        shutil.copytree(source, target, ignore=COPY_IGNORE)
    if keep is not None and target.exists():
        for path in sorted(target.rglob("*"), reverse=True):
            if path.is_file() and not keep(path.relative_to(target)):
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def drop_jupyterlab_anchors(folder: Path) -> None:
    """Remove the contents anchor meant for JupyterLab from the staged notebooks in ``folder``.

    On the site the contents heading's section already has that id; a second element with it would make
    the page's ids repeat. The file keeps its modification time, so Sphinx does not rebuild it needlessly.
    """
    for path in sorted(folder.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        changed = False
        for cell in notebook.get("cells", []):
            source = "".join(cell.get("source", []))
            if cell.get("cell_type") == "markdown" and CONTENTS_ANCHOR in source:
                cell["source"] = source.replace(CONTENTS_ANCHOR, "", 1).lstrip("\n")
                changed = True
        if not changed:
            continue
        stat = path.stat()
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def stage(root: Path, staging: Path) -> tuple[list[Page], list[Page]]:
    """Copy the publishable files into ``staging`` and write the book's config, TOC and start page."""
    lessons, exercises = site_pages(root)
    staging.mkdir(parents=True, exist_ok=True)
    _sync_tree(root / "notebooks", staging / "notebooks")
    drop_jupyterlab_anchors(staging / "notebooks")
    student_paths = {page.path.relative_to("exercises") for page in exercises}
    student_dirs = {p.parent for p in student_paths}

    def publishable(relative: Path) -> bool:
        # Student notebooks, and the files (figures, data) beside them; never instructor material
        # (solutions, hidden tests): only folders that hold a student notebook are kept at all.
        if relative.suffix == ".ipynb":
            return relative in student_paths
        return (relative.parent in student_dirs and not is_instructor_material(relative)
                and relative.suffix not in {".py", ".pyc"})

    _sync_tree(root / "exercises", staging / "exercises", keep=publishable)
    # data/ and docs/ are copied so that lessons can link to them (as downloads); they are not pages.
    _sync_tree(root / "data", staging / "data")
    if not full_texts_included(root):  # a build without the full texts: the site's data/ holds the quotes only
        reduce_to_excerpts(staging)
    _sync_tree(root / "docs", staging / "docs")
    if (root / "README.md").is_file():
        shutil.copy2(root / "README.md", staging / "README.md")
    guides = guide_pages(root)
    for page in guides:
        if page.path.parent == Path("."):
            shutil.copy2(root / page.path, staging / page.path)

    assets = root / "site"
    if not assets.is_dir():  # a course folder without its own site/ uses this checkout's
        assets = Path(__file__).resolve().parents[3] / "site"
    favicon = None
    if (assets / "favicon.svg").is_file():
        shutil.copy2(assets / "favicon.svg", staging / "favicon.svg")
        favicon = "favicon.svg"
    mathjax = None
    if (assets / OFFLINE_ASSETS / "mathjax" / "tex-mml-chtml.js").is_file():
        _sync_tree(assets / OFFLINE_ASSETS, staging / OFFLINE_ASSETS)
        mathjax = "mathjax/tex-mml-chtml.js"
    css = ACCESSIBILITY_CSS if (assets / OFFLINE_ASSETS / ACCESSIBILITY_CSS).is_file() else None
    if css and not (staging / OFFLINE_ASSETS).exists():
        _sync_tree(assets / OFFLINE_ASSETS, staging / OFFLINE_ASSETS)
    intro_file = assets / "intro.md"
    intro = intro_file.read_text(encoding="utf-8") if intro_file.is_file() else ""
    intro = stamp_site_scope(intro)  # how many readings, and their years, from this course's data
    _write_if_changed(staging / "index.md", start_page(lessons, exercises, intro, guides))
    _write_if_changed(staging / "_config.yml", json.dumps(book_config(favicon, mathjax, css), indent=2) + "\n")
    _write_if_changed(staging / "_toc.yml", json.dumps(table_of_contents(lessons, exercises, guides), indent=2) + "\n")
    return lessons, exercises


_ICON = re.compile(r"<i\b(?![^>]*\baria-hidden=)([^>]*\bclass=\"[^\"]*\bfa-[^>]*)>")
_SEARCH_BUTTON = re.compile(r"(<button\b[^>]*\bsearch-button-field\b[^>]*?)\s+aria-label=\"Search\"")


def _hidden_icon(match: re.Match) -> str:
    """An icon tag with aria-hidden and without a title (Font Awesome turns a title into visible SVG text)."""
    return '<i aria-hidden="true"' + re.sub(r'\s+title="[^"]*"', "", match.group(1)) + ">"


def label_icons_and_buttons(html_dir: Path) -> None:
    """Fix two WCAG 2.5.3 (label in name) problems of the theme's page chrome in every built page.

    Decorative Font Awesome icons get ``aria-hidden="true"`` and lose their ``title`` (the buttons
    they sit in are named by their own label: the colour-mode button's icons titled "Light", "Dark"
    and "System Settings" made a visible name that its label "Color mode" does not contain), and the search button loses ``aria-label="Search"``, which hid its visible text
    "Search Ctrl+K" from its accessible name. axe-core (tests/test_accessibility_axe.py) found both.
    """
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = _SEARCH_BUTTON.sub(r"\1", _ICON.sub(_hidden_icon, text))
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


#: Tags whose URL attribute makes the browser fetch something when the page loads.
_FETCHING = re.compile(r"<(script|img|link|iframe|source|video|audio)\b[^>]*?\s(src|href)\s*=\s*[\"']([^\"']+)[\"']", re.I)


def external_resources(html_dir: Path) -> list[str]:
    """Return "page: url" for every script, style, image or frame a page would load from another host."""
    problems = []
    for page in sorted(html_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in _FETCHING.finditer(text):
            tag, url = match.group(1).lower(), html.unescape(match.group(3))
            if tag == "link" and not re.search(r"rel\s*=\s*[\"'][^\"']*(stylesheet|icon|preload|modulepreload)", match.group(0), re.I):
                continue  # <link rel="canonical|next|prev"> is navigation, not a download
            if re.match(r"^(https?:)?//", url):
                problems.append(f"{page.relative_to(html_dir)}: <{tag}> loads {url}")
    return problems


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def readable_warning(line: str, staging: Path) -> str:
    """Turn a Sphinx warning about the staging copy into one about the project's own file and cell.

    myst-nb reports a notebook position as ``cell_number * 10000 + line + 1``; this says "cell N, line M".
    """
    line = _ANSI.sub("", line).replace(str(staging) + os.sep, "")

    def cell_and_line(match: re.Match) -> str:
        number = int(match.group(2))
        if number >= 10000:
            return f"{match.group(1)} (cell {number // 10000}, line {max(number % 10000 - 1, 1)}):"
        return f"{match.group(1)}:{number}:"

    return re.sub(r"^(\S+\.ipynb):(\d+):", cell_and_line, line)


def jupyter_book_command() -> list[str]:
    """Return the command that runs Jupyter Book 1 from this environment."""
    beside = Path(sys.executable).parent / ("jupyter-book.exe" if os.name == "nt" else "jupyter-book")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    raise CourseError("jupyter-book is not installed here. Run 'python3 course.py site' (it installs the pinned packages).")


def build_site(root: Path | None = None, *, output: Path | None = None, strict: bool = True, quiet: bool = False) -> Path:
    """Build the site into ``ROOT/_build/html`` (or ``OUTPUT/html``) and return that folder.

    Raises CourseError if the build fails. ``strict`` (the default) turns every Sphinx warning
    into an error and first checks alt text and heading outline of every page.
    """
    root = (root or project_root()).resolve()
    build = (output or root / "_build").resolve()
    staging = build / "site_src"
    if strict:
        pages = [*lesson_notebooks(root), *student_notebooks(root)]
        problems = [p for page in pages for p in alt_text_problems(page, root) + heading_problems(page, root)]
        if problems:
            raise CourseError("the site would not be accessible; fix these first:\n  " + "\n  ".join(problems))
    lessons, exercises = stage(root, staging)
    # Jupyter Book writes into PATH_OUTPUT/_build/html; give it the parent of a folder named _build.
    if build.name == "_build":
        path_output, html_dir = build.parent, build / "html"
    else:
        path_output, html_dir = build, build / "_build" / "html"
    command = jupyter_book_command() + ["build", str(staging), "--builder", "html", "--path-output", str(path_output)]
    if strict:
        # --all: Sphinx only reports warnings for pages it re-reads, so an incremental build
        # after a failed one would pass without fixing anything. A full build is a few seconds.
        command += ["-W", "-n", "--keep-going", "--all"]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if not quiet:
        print(output, end="")
    if result.returncode != 0:
        problems = [readable_warning(line, staging) for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
        detail = "\n  ".join(problems[:40] or output.splitlines()[-30:])
        raise CourseError(f"the site did not build (jupyter-book exit status {result.returncode}). "
                          f"Fix these (cell numbers count from 1):\n  {detail}")
    label_icons_and_buttons(html_dir)
    external = external_resources(html_dir)
    if external:
        raise CourseError("the site would load files from the internet, so it would not work offline:\n  "
                          + "\n  ".join(external[:20]))
    # What this build contains, in reading order (the tests compare against it, not against the
    # notebooks/ folder, which may have changed while the build ran).
    contents = {"lessons": [{"path": p.path.as_posix(), "title": p.title} for p in lessons],
                "exercises": [{"path": p.path.as_posix(), "title": p.title} for p in exercises],
                "guides": [{"path": p.path.as_posix(), "title": p.title} for p in guide_pages(root)]}
    (html_dir / CONTENTS_FILE).write_text(json.dumps(contents, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return html_dir


def built_guides(html_dir: Path) -> list[Page]:
    """Return the instructors' pages (syllabus, changelog) of a built site, as recorded by :func:`build_site`."""
    contents = json.loads((html_dir / CONTENTS_FILE).read_text(encoding="utf-8"))
    return [Page(Path(item["path"]), item["title"]) for item in contents.get("guides", [])]


def built_pages(html_dir: Path) -> tuple[list[Page], list[Page]]:
    """Return (lessons, exercises) of a built site, as recorded by :func:`build_site`."""
    contents = json.loads((html_dir / CONTENTS_FILE).read_text(encoding="utf-8"))
    return tuple([Page(Path(item["path"]), item["title"]) for item in contents[kind]] for kind in ("lessons", "exercises"))


def run_build_site(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    html_dir = build_site(strict=not args.lenient, quiet=args.quiet)
    lessons, exercises = site_pages()
    elapsed = time.perf_counter() - started
    print(f"site built in {elapsed:.1f} s: {len(lessons)} lesson(s), {len(exercises)} exercise(s). "
          f"Open {html_dir / 'index.html'} or serve it: python -m http.server --bind 127.0.0.1 -d {html_dir} 8000")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("build-site", help="build the course website into _build/html (offline, warnings are errors)")
    parser.add_argument("--lenient", action="store_true", help="do not turn warnings into errors (for drafting only)")
    parser.add_argument("--quiet", action="store_true", help="print only the warnings if the build fails")
    parser.set_defaults(func=run_build_site)


# ---------------------------------------------------------------------------
# Checks on the Markdown the site is built from (used by build-site and the tests)
# ---------------------------------------------------------------------------

#: Alt texts that say nothing about the picture.
PLACEHOLDER_ALT = {
    "", "drawing", "image", "img", "figure", "fig", "png", "jpg", "jpeg", "svg", "gif", "alt", "alt text",
    "picture", "photo", "graph", "chart", "plot", "screenshot", "untitled", "placeholder", "todo", "tbd",
}
_IMAGE_FILE = re.compile(r"^[\w\-. /]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?)$", re.I)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REF_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
_REF_USE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[([^\]]*)\]")
_HTML_TAG = re.compile(r"<(a|img)\b([^>]*)>", re.I)
_HTML_ATTR = re.compile(r"([\w\-:]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.I | re.S)


@dataclass(frozen=True)
class MarkdownSource:
    """A piece of Markdown: the text, where it is (file and cell), and the notebook cell's attachments."""

    file: Path
    where: str
    text: str
    attachments: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Link:
    source: MarkdownSource
    target: str
    text: str
    is_image: bool


@dataclass(frozen=True)
class Heading:
    source: MarkdownSource
    level: int
    text: str


def markdown_sources(path: Path) -> list[MarkdownSource]:
    """Return the Markdown of a notebook (one per Markdown cell) or of a ``.md`` file (one)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        sources = []
        for number, cell in enumerate(cells, 1):
            if cell.get("cell_type") == "markdown":
                text = cell.get("source", "")
                text = "".join(text) if isinstance(text, list) else text
                sources.append(MarkdownSource(path, f"cell {number}", text, frozenset(cell.get("attachments", {}) or {})))
        return sources
    return [MarkdownSource(path, "", path.read_text(encoding="utf-8"))]


def _prose_lines(text: str) -> list[str]:
    """The lines of Markdown outside fenced code blocks, with inline code blanked out."""
    lines, fence = [], None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip()[len(match.group(1)):].strip():
                fence = None
            lines.append("")
            continue
        if match:
            fence = match.group(1)
            lines.append("")
            continue
        if line.startswith("    ") and (not lines or not lines[-1].strip()):
            lines.append("")  # indented code block (simplified: only after a blank line)
            continue
        lines.append(_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
    return lines


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): value.strip("\"'") for name, value in _HTML_ATTR.findall(text)}


def links_in(source: MarkdownSource) -> list[Link]:
    """Every link and image in a piece of Markdown: inline, reference-style, and HTML ``<a>``/``<img>``."""
    prose = "\n".join(_prose_lines(source.text))
    definitions = {m.group(1).strip().lower(): m.group(2) for line in prose.splitlines() if (m := _REF_DEFINITION.match(line))}
    found = []
    for match in _MD_LINK.finditer(prose):
        target = match.group(3)
        if target.startswith("<") and target.endswith(">"):
            target = target[1:-1]
        found.append(Link(source, target, match.group(2), match.group(1) == "!"))
    for match in _REF_USE.finditer(prose):
        key = (match.group(3) or match.group(2)).strip().lower()
        if key in definitions:
            found.append(Link(source, definitions[key], match.group(2), match.group(1) == "!"))
    for match in _HTML_TAG.finditer(prose):
        attrs = _attributes(match.group(2))
        if match.group(1).lower() == "img" and "src" in attrs:
            found.append(Link(source, attrs["src"], attrs.get("alt"), True))  # alt None: attribute missing
        elif match.group(1).lower() == "a" and "href" in attrs:
            found.append(Link(source, attrs["href"], "", False))
    return found


def headings_in(source: MarkdownSource) -> list[Heading]:
    """The headings of a piece of Markdown, in order: ATX (``#``), setext (``===``/``---``) and HTML ``<hN>``."""
    lines = _prose_lines(source.text)
    original = source.text.splitlines()  # same line numbers; keeps inline code in heading texts
    found: list[Heading] = []
    for index, line in enumerate(lines):
        match = _ATX.match(line)
        if match:
            text = _ATX.match(original[index])
            found.append(Heading(source, len(match.group(1)), ((text and text.group(2)) or "").strip()))
            continue
        previous = lines[index - 1] if index else ""
        if (index and previous.strip() and not _ATX.match(previous) and re.match(r"^ {0,3}(=+|-+)\s*$", line)
                and not re.match(r"^\s*([-*+]|\d+[.)])\s", previous) and "|" not in previous):
            found.append(Heading(source, 1 if line.strip()[0] == "=" else 2, original[index - 1].strip()))
        for html_match in _HTML_HEADING.finditer(line):
            found.append(Heading(source, int(html_match.group(1)), re.sub(r"<[^>]+>", "", html_match.group(2)).strip()))
    return found


def heading_anchors(path: Path) -> set[str]:
    """Anchors a link may use for the headings of a notebook or Markdown file.

    Both spellings are accepted: MyST/GitHub style (``#the-trade-figure``, used by the site)
    and JupyterLab style (``#The-trade-figure``), plus explicit ``<a id=...>`` and ``(label)=``.
    """
    anchors: set[str] = set()
    for source in markdown_sources(path):
        for heading in headings_in(source):
            text = re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.text)).strip()
            anchors.add(re.sub(r"\s", "-", text))
            slug = re.sub(r"[^\w\- ]", "", text.lower(), flags=re.UNICODE).strip().replace(" ", "-")
            anchors.add(slug)
        for match in _HTML_TAG.finditer(source.text):
            attrs = _attributes(match.group(2))
            anchors.update(value for key, value in attrs.items() if key in {"id", "name"})
        anchors.update(re.findall(r"^\(([\w\-.:]+)\)=\s*$", source.text, flags=re.M))
    return anchors


def _is_external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", target)) and not target.lower().startswith("attachment:")


def link_problems(path: Path, root: Path) -> list[str]:
    """Internal links and images in ``path`` that do not resolve, each as a readable message."""
    problems = []
    for source in markdown_sources(path):
        for link in links_in(source):
            target = link.target.strip()
            where = f"{path.relative_to(root)}{' ' + source.where if source.where else ''}"
            if not target:
                problems.append(f"{where}: link '{link.text}' has an empty target")
                continue
            if target.lower().startswith("attachment:"):
                if target.split(":", 1)[1] not in source.attachments:
                    problems.append(f"{where}: image {target} is not attached to the cell")
                continue
            if _is_external(target) or target.startswith("//"):
                continue
            file_part, _, fragment = target.partition("#")
            file_part = unquote(file_part.split("?", 1)[0])
            if file_part.startswith("/"):
                problems.append(f"{where}: {target} is an absolute path; use a path relative to {path.parent.relative_to(root) or '.'}/")
                continue
            resolved = (path.parent / file_part).resolve() if file_part else path
            try:
                resolved.relative_to(root)
            except ValueError:
                problems.append(f"{where}: {target} points outside the course folder")
                continue
            if not resolved.exists():
                problems.append(f"{where}: {target} does not exist")
                continue
            if fragment and resolved.is_file() and resolved.suffix in {".ipynb", ".md"}:
                fragment = unquote(fragment)
                if fragment not in heading_anchors(resolved):
                    problems.append(f"{where}: {target}: no heading '#{fragment}' in {resolved.relative_to(root)}")
    return problems


def alt_text_problems(path: Path, root: Path) -> list[str]:
    """Images in ``path`` whose alt text is missing, a placeholder, or a file name."""
    problems = []
    for source in markdown_sources(path):
        for link in links_in(source):
            if not link.is_image:
                continue
            where = f"{path.relative_to(root)}{' ' + source.where if source.where else ''}"
            alt = (link.text or "").strip()
            name = link.target.rsplit("/", 1)[-1].split("#")[0].split("?")[0]
            normalised = alt.lower().rstrip(".:").strip()
            if link.text is None:
                problems.append(f"{where}: <img src=\"{link.target}\"> has no alt attribute")
            elif (normalised in PLACEHOLDER_ALT or _IMAGE_FILE.match(alt)
                  or normalised in {name.lower(), name.rsplit('.', 1)[0].lower(), name.rsplit('.', 1)[0].lower().replace('_', ' ')}):
                problems.append(f"{where}: image {link.target} has placeholder alt text {alt!r}; "
                                "describe what the figure shows (e.g. 'Bar chart: arms transfers fall after 2010')")
    return problems


def heading_problems(path: Path, root: Path) -> list[str]:
    """Outline problems in a notebook: not exactly one H1, an H1 that is not first, or a skipped level."""
    headings = [h for source in markdown_sources(path) for h in headings_in(source)]
    name = str(path.relative_to(root))
    problems = []
    h1 = [h for h in headings if h.level == 1]
    if len(h1) != 1:
        problems.append(f"{name}: has {len(h1)} level-1 headings (# ...); a notebook needs exactly one, its title"
                        + (f": {[h.text for h in h1]}" if h1 else ""))
    if headings and headings[0].level != 1:
        problems.append(f"{name} {headings[0].source.where}: the first heading '{headings[0].text}' is level "
                        f"{headings[0].level}; start with the title as '# ...'")
    for before, after in zip(headings, headings[1:]):
        if after.level > before.level + 1:
            problems.append(f"{name} {after.source.where}: heading '{after.text}' jumps from level {before.level} "
                            f"to {after.level}; use {'#' * (before.level + 1)}")
    return problems


def course_markdown_files(root: Path | None = None) -> list[Path]:
    """The files whose Markdown the checks cover: lessons, student exercises, README and docs/*.md."""
    root = root or project_root()
    files = [*lesson_notebooks(root), *student_notebooks(root)]
    notebooks = root / "notebooks"
    if notebooks.is_dir():  # any other notebook in notebooks/ too (drafts get checked before they are numbered)
        files += sorted(p for p in notebooks.glob("*.ipynb") if p not in files)
    files += [p for p in [root / "README.md", *sorted((root / "docs").glob("*.md"))] if p.is_file()]
    return files


def stamp_site_scope(text: str) -> str:
    """The site's introduction with its counts and years of the readings taken from data/articles.csv (see
    :func:`aon.lessons.stamp_scope`), and the markers dropped: the built page shows only the words."""
    return SCOPE_SPAN.sub(lambda match: match.group(2), stamp_scope(text, where="site/intro.md"))
