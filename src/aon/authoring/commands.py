"""Subcommands ``aon validate`` and ``aon locate``."""
from __future__ import annotations

import argparse
import time

from ..locate import describe_location
from .validate import validate_all


def run_validate(args: argparse.Namespace) -> int:
    """Print every problem in the data; exit 1 if there is any."""
    started = time.perf_counter()
    found = validate_all(include_warnings=True)
    problems = [p for p in found if not p.warning]
    warnings = [p for p in found if p.warning]
    for problem in problems + warnings:
        print(problem)
    elapsed = time.perf_counter() - started
    if problems:
        print(f"{len(problems)} problem(s) found in data/ ({elapsed:.2f} s). Fix them and run 'aon validate' again.")
        return 1
    print(f"data/ is valid: every table matches datapackage.json and every quote matches its text ({elapsed:.2f} s).")
    if warnings:
        print(f"{len(warnings)} warning(s) above: worth a look, but they do not stop the course from running.")
    return 0


def run_locate(args: argparse.Namespace) -> int:
    """Print the offsets of a quote in an article, or why it cannot be placed."""
    ok, message = describe_location(args.article_id, args.quote)
    print(message)
    return 0 if ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    validate = subparsers.add_parser("validate", help="check every table against datapackage.json and every quote against its text")
    validate.set_defaults(func=run_validate)
    locate = subparsers.add_parser("locate", help="print the start/end offsets of a quote in an article")
    locate.add_argument("article_id")
    locate.add_argument("quote")
    locate.set_defaults(func=run_locate)
