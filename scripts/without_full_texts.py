#!/usr/bin/env python3
"""Make a copy of the course without the full article texts: only the passages it quotes.

For an institution that may put quotations on a hub or a public site but not the whole articles.

    python3 scripts/without_full_texts.py --into ../alliance-or-necessity-excerpts

copies the course's tracked files (no .git, so no history that still holds the texts) into the
folder, and there replaces each text in data/articles/ by the same text with everything but the
evidence table's quotes blanked out: same length, so every start and end offset still points at its
quote, and the lessons, checks, exercises and website work unchanged. Each text gets a one-line note
saying where to read it in full, and data/articles/EXCERPTS_ONLY.md marks the copy (the course then
never shows more than the quotes, see aon.paths.full_texts_included). Then, in that folder:

    git init && git add . && git commit -m "Course without the full texts"   # a history without them
    python3 course.py site        # the website (data/articles/ on it holds excerpts only)
    python3 course.py test -k without_full_texts   # the copy holds no more than the quotes

Without --into, the texts of this checkout are reduced in place (git still has the originals:
`git checkout -- data/articles/` brings them back, and `git rm` alone does not remove them from
the history a clone receives).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def copy_tracked_files(source: Path, target: Path) -> None:
    """Copy the course's files in ``source`` (tracked or new, not git-ignored; as they are on disk now) into ``target``."""
    if target.exists() and any(target.iterdir()):
        sys.exit(f"{target} exists and is not empty: give a new folder to --into.")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=source, capture_output=True, check=False)
    if listed.returncode != 0:
        sys.exit(f"{source} is not a git checkout: clone the course first, or leave out --into.")
    for name in listed.stdout.decode().split("\0"):
        if name and (source / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)


def reduce_texts(root: Path) -> list[str]:
    """Reduce the texts of the course at ``root`` to their quotes, with that copy's own helper package."""
    sys.path.insert(0, str(root / "src"))
    from aon.excerpts import reduce_to_excerpts

    return reduce_to_excerpts(root)


def ensure_course_environment() -> None:
    """Re-run this script with the course's own Python (.venv) if this one lacks pandas; else say how to get it."""
    try:
        import pandas  # noqa: F401  (the course's helper package needs it)
    except ImportError:
        venv_python = HERE / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if venv_python.is_file() and Path(sys.executable).resolve() != venv_python.resolve():
            os.execv(str(venv_python), [str(venv_python), *sys.argv])
        sys.exit("This script needs the course's environment: run `python3 course.py test` (or `lab`) once to "
                 "create .venv/, then run it again. Nothing was copied or changed.")


def main(argv: list[str] | None = None) -> int:
    ensure_course_environment()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--into", type=Path, help="copy the course into this new folder and reduce the texts there (recommended)")
    args = parser.parse_args(argv)
    root = HERE
    if args.into:
        root = args.into.resolve()
        if root == HERE or HERE in root.parents:
            sys.exit(f"{root} is inside the course folder; give a folder beside it, e.g. ../alliance-or-necessity-excerpts")
        root.mkdir(parents=True, exist_ok=True)
        copy_tracked_files(HERE, root)
        print(f"copied the course's tracked files into {root}")
    try:
        report = reduce_texts(root)
    except BaseException:
        if args.into:  # never leave a copy that still holds the full texts behind
            shutil.rmtree(root, ignore_errors=True)
            print(f"the texts could not be reduced, so {root} was removed again", file=sys.stderr)
        raise
    for line in report:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
