"""The course's command line: ``aon SUBCOMMAND ...`` (also ``python -m aon.authoring.cli``).

Subcommands are contributed by modules: each module in ``SUBCOMMAND_MODULES``
has a ``register(subparsers)`` function that adds its subcommands and sets
``func`` on them. A subcommand returns an exit code; a CourseError is printed
as a one-line message (no traceback) and exits with status 2.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from ..errors import CourseError

SUBCOMMAND_MODULES = [
    "aon.authoring.validate",   # validate
    "aon.authoring.readings",   # add-reading, locate, add-evidence, add-event, remove-reading
    "aon.authoring.build",      # new-lesson, stamp-navigation, build-lessons
    "aon.grading.cli",          # release, grade, check-sandbox, export-arguments, final-grades
    "aon.authoring.site",       # build-site
]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(prog="aon", description="Tools for the course 'Alliance or Necessity?'.")
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (name == exc.name or name.startswith(exc.name + ".")):  # a part not built yet
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        parser = build_parser()
    except CourseError as exc:  # a subcommand needs the course's data package, and there is none here
        print(f"aon: {exc}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CourseError as exc:
        print(f"aon {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
