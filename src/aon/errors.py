"""Friendly errors for students and instructors.

Every mistake a reader of the course can make with the helper package (a typo
in an evidence id, an unknown article, a malformed table) raises
:class:`CourseError`. Its message says what went wrong and what to do next.
Inside Jupyter, :func:`install_friendly_errors` shows only that message, not a
traceback.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable


class CourseError(ValueError):
    """A problem the reader can fix; the message says how."""


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """Return " Did you mean 'x'?" for the closest known value, or "" if none is close."""
    close = difflib.get_close_matches(str(wrong), [str(k) for k in known], n=1, cutoff=0.6)
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
            "near the top, after a restart)."]


def _friendly(shell, etype, value, tb, tb_offset=None):
    if issubclass(etype, NameError):
        return _name_error_message(shell, etype, value, tb, tb_offset)
    return _show_message_only(shell, etype, value, tb, tb_offset)


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
