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
from dataclasses import dataclass
from pathlib import Path

from .errors import CourseError
from .paths import exercises_dir, notebooks_dir, project_root

#: Lessons are numbered notebooks: ``00_start_here.ipynb``, ``01_blank_2016.ipynb``, ...
LESSON_PATTERN = re.compile(r"^(\d{2,3})_[\w\-]+\.ipynb$")

#: Folder names (anywhere under an exercise) that hold instructor material, never published.
INSTRUCTOR_PARTS = {
    "source", "sources", "instructor", "solution", "solutions", "autograded", "submitted",
    "feedback", "gradebook", "grading", "tests", "hidden_tests", ".ipynb_checkpoints",
}
#: Folder names that, when present, hold the student versions (preferred over anything else).
STUDENT_PARTS = {"student", "students", "release", "released"}
#: Words in a notebook's file name that mark it as instructor material.
INSTRUCTOR_WORDS = ("solution", "instructor", "source", "answer", "key")

SITE_TITLE = "Alliance or Necessity?"
SITE_AUTHOR = "The course authors"
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


def notebook_title(path: Path) -> str:
    """Return the text of the notebook's first level-1 Markdown heading, or a title made from its name."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as exc:
        raise CourseError(f"{path} is not a readable notebook ({exc}). Open it in JupyterLab and save it again.") from exc
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell.get("source", []))
        for line in source.splitlines():
            match = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1).strip()
    return path.stem.replace("_", " ").strip().capitalize()


def lesson_notebooks(root: Path | None = None) -> list[Path]:
    """Return the lesson notebooks (``notebooks/NN_*.ipynb``) in number order, as absolute paths."""
    folder = (root / "notebooks") if root else notebooks_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and LESSON_PATTERN.match(p.name)]
    return sorted(found, key=lambda p: (int(LESSON_PATTERN.match(p.name).group(1)), p.name))


def _is_instructor_material(relative: Path) -> bool:
    parts = {part.lower() for part in relative.parts[:-1]}
    if parts & INSTRUCTOR_PARTS:
        return True
    stem = relative.stem.lower()
    return any(word in re.split(r"[_\-. ]+", stem) or stem.endswith(word) for word in INSTRUCTOR_WORDS)


def student_notebooks(root: Path | None = None) -> list[Path]:
    """Return the student notebooks of every exercise (``exercises/*/``), sorted by exercise then path.

    In each exercise folder, notebooks under a ``student/`` or ``release/`` folder are
    the student versions when such a folder exists; otherwise every notebook that is
    not instructor material (``source/``, ``solutions/``, ``*_solution.ipynb``, ...).
    """
    folder = (root / "exercises") if root else exercises_dir()
    if not folder.is_dir():
        return []
    result: list[Path] = []
    for exercise in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        candidates = sorted(p for p in exercise.rglob("*.ipynb") if not _is_instructor_material(p.relative_to(exercise)))
        preferred = [p for p in candidates if {part.lower() for part in p.relative_to(exercise).parts[:-1]} & STUDENT_PARTS]
        result.extend(preferred or candidates)
    return result


def site_pages(root: Path | None = None) -> tuple[list[Page], list[Page]]:
    """Return (lessons, exercises) as pages with titles, paths relative to the project root."""
    root = root or project_root()
    lessons = [Page(p.relative_to(root), notebook_title(p)) for p in lesson_notebooks(root)]
    exercises = [Page(p.relative_to(root), notebook_title(p)) for p in student_notebooks(root)]
    return lessons, exercises


def _md_link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def start_page(lessons: list[Page], exercises: list[Page], intro: str) -> str:
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
    return "\n".join(lines) + "\n"


def table_of_contents(lessons: list[Page], exercises: list[Page]) -> dict:
    """Return the Jupyter Book 1 ``_toc.yml`` content (as a dict) for these pages."""
    parts = []
    if lessons:
        parts.append({"caption": "Lessons", "chapters": [{"file": page.docname} for page in lessons]})
    if exercises:
        parts.append({"caption": "Exercises", "chapters": [{"file": page.docname} for page in exercises]})
    toc: dict = {"format": "jb-book", "root": "index"}
    if parts:
        toc["parts"] = parts
    return toc


def book_config(favicon: str | None) -> dict:
    """Return the Jupyter Book 1 ``_config.yml`` content (as a dict): offline, strict, no execution."""
    config = {
        "title": SITE_TITLE,
        "author": SITE_AUTHOR,
        "copyright": str(time.gmtime().tm_year),
        "logo": "",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints", "README.md", "data/**", "docs/**"],
        "execute": {"execute_notebooks": "off"},
        "parse": {
            # No dollarmath: a "$" in prose is money here, and math would load MathJax from a CDN.
            # No linkify: it needs an extra package and bare URLs are not used in the lessons.
            "myst_enable_extensions": ["colon_fence", "substitution", "tasklist"],
            "myst_url_schemes": ["mailto", "http", "https"],
        },
        "html": {
            "use_edit_page_button": False,
            "use_repository_button": False,
            "use_issues_button": False,
            "home_page_in_navbar": True,
            "extra_footer": "",
            "comments": {"hypothesis": False, "utterances": False},
        },
        "launch_buttons": {"thebe": False, "binderhub_url": "", "jupyterhub_url": "", "colab_url": "", "deepnote_url": ""},
        "repository": {"url": "", "path_to_book": "", "branch": "main"},
        "sphinx": {
            "config": {
                # Links to headings ([text](page.ipynb#a-heading)) resolve and are checked.
                "myst_heading_anchors": 3,
                # Nothing fetched over the network while building.
                "intersphinx_mapping": {},
                "html_show_sourcelink": False,
                "nb_execution_mode": "off",
            }
        },
    }
    if favicon:
        config["html"]["favicon"] = favicon
    return config


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


def stage(root: Path, staging: Path) -> tuple[list[Page], list[Page]]:
    """Copy the publishable files into ``staging`` and write the book's config, TOC and start page."""
    lessons, exercises = site_pages(root)
    staging.mkdir(parents=True, exist_ok=True)
    _sync_tree(root / "notebooks", staging / "notebooks")
    student_paths = {page.path.relative_to("exercises") for page in exercises}
    student_dirs = {p.parent for p in student_paths}

    def publishable(relative: Path) -> bool:
        # Student notebooks, and the non-notebook files (figures, data) beside them; no instructor material.
        if relative.suffix == ".ipynb":
            return relative in student_paths
        return relative.parent in student_dirs and not _is_instructor_material(relative)

    _sync_tree(root / "exercises", staging / "exercises", keep=publishable)
    # data/ and docs/ are copied so that lessons can link to them (as downloads); they are not pages.
    _sync_tree(root / "data", staging / "data")
    _sync_tree(root / "docs", staging / "docs")
    if (root / "README.md").is_file():
        shutil.copy2(root / "README.md", staging / "README.md")

    assets = root / "site"
    favicon = None
    if (assets / "favicon.svg").is_file():
        shutil.copy2(assets / "favicon.svg", staging / "favicon.svg")
        favicon = "favicon.svg"
    intro_file = assets / "intro.md"
    intro = intro_file.read_text(encoding="utf-8") if intro_file.is_file() else ""
    _write_if_changed(staging / "index.md", start_page(lessons, exercises, intro))
    _write_if_changed(staging / "_config.yml", json.dumps(book_config(favicon), indent=2) + "\n")
    _write_if_changed(staging / "_toc.yml", json.dumps(table_of_contents(lessons, exercises), indent=2) + "\n")
    return lessons, exercises


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


def build_site(root: Path | None = None, *, strict: bool = True, quiet: bool = False) -> Path:
    """Build the site into ``ROOT/_build/html`` and return that folder; raise CourseError if the build fails."""
    root = (root or project_root()).resolve()
    build = root / "_build"
    staging = build / "site_src"
    lessons, exercises = stage(root, staging)
    command = jupyter_book_command() + ["build", str(staging), "--builder", "html", "--path-output", str(root)]
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
    html_dir = build / "html"
    external = external_resources(html_dir)
    if external:
        raise CourseError("the site would load files from the internet, so it would not work offline:\n  "
                          + "\n  ".join(external[:20]))
    return html_dir


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
