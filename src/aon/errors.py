"""Friendly errors for students and instructors.

Every mistake a reader of the course can make with the helper package (a typo
in an evidence id, an unknown article, a malformed table) raises
:class:`CourseError`. Its message says what went wrong and what to do next.
Inside Jupyter, :func:`install_friendly_errors` shows only that message, not a
traceback.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


class CourseError(ValueError):
    """A problem the reader can fix; the message says how."""


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """Return " Did you mean 'x'?" for the closest known value, or "" if none is close.

    Obvious slips come first: capitals or spaces ("Blank-2016-03 "), and a number written
    without its leading zero ("blank-2016-3" for "blank-2016-03").
    """
    known = [str(k) for k in known]
    wrong = str(wrong)
    cleaned = wrong.strip().lower()
    candidates = [cleaned]
    number = re.fullmatch(r"(.*-)(\d+)", cleaned)
    if number:
        candidates += [f"{number.group(1)}{int(number.group(2)):0{width}d}" for width in (2, 3)]
    for candidate in candidates:
        if candidate in known and candidate != wrong:
            return f" Did you mean '{candidate}'?"
    close = difflib.get_close_matches(wrong, known, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def unknown_value_error(kind: str, wrong: object, known: Iterable[str], hint: str = "") -> CourseError:
    """Build the standard "X 'y' not found" error, with a did-you-mean suggestion."""
    known = list(known)
    message = f"{kind} '{wrong}' not found.{did_you_mean(str(wrong), known)}"
    if hint:
        message += f" {hint}"
    return CourseError(message)


def _show_message_only(shell, etype, value, tb, tb_offset=None):  # IPython's custom-exception signature
    return [f"\u26a0\ufe0f {value}"]


def _name_error_message(shell, etype, value, tb, tb_offset=None):
    name = getattr(value, "name", None) or "that name"
    return [f"\u26a0\ufe0f `{name}` is not defined. If you meant it as text (an answer such as {name}), put it in "
            f"quotation marks: \"{name}\". If it is a variable, run the cell that defines it first (the Setup cell "
            "near the top, after a restart). Nothing from this cell was saved: an answer you gave before is still the "
            "one a check will see."]


def _friendly(shell, etype, value, tb, tb_offset=None):
    """IPython custom-exception handler: show a short message in place of the traceback.

    IPython ignores what the handler returns when user code raises, so the handler shows the
    message itself (as the cell's error output, so that "Run All" still stops at the cell).
    """
    if issubclass(etype, NameError):
        stb = _name_error_message(shell, etype, value, tb, tb_offset)
    else:
        stb = _show_message_only(shell, etype, value, tb, tb_offset)
    if shell is not None:
        shell._showtraceback(etype, value, stb)
    return stb


def install_friendly_errors() -> bool:
    """In IPython/Jupyter, show CourseError as its message alone, and explain NameError. Returns True if installed."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: ordinary exceptions are fine
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((CourseError, NameError), _friendly)
    return True
