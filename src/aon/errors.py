"""Friendly errors for students and instructors.

Every mistake a reader of the course can make with the helper package (a typo
in an evidence id, an unknown article, a malformed table) raises
:class:`CourseError`. Its message says what went wrong and what to do next.
Inside Jupyter, :func:`install_friendly_errors` shows only that message, not a
traceback.
"""
from __future__ import annotations

import ast
import builtins
import difflib
import linecache
import re
import sys
from collections.abc import Iterable

import pandas as pd


class CourseError(ValueError):
    """A problem the reader can fix; the message says how."""


#: Characters a student may type in an id's number in place of a digit ("blank-2016-1O" for "blank-2016-10").
_DIGIT_LOOKALIKES = str.maketrans({"o": "0", "l": "1", "i": "1"})


def _normal(value: str) -> str:
    """Lower case, with "_" and spaces read as "-" (for comparing ids and codebook values)."""
    return re.sub(r"[\s_]+", "-", value.strip().lower())


def _quoted(values: list[str]) -> str:
    quoted = [f"'{v}'" for v in values]
    return quoted[0] if len(quoted) == 1 else f"one of {', '.join(quoted[:-1])} or {quoted[-1]}"


#: Similarity scores closer than this are a tie (no one value is the likely one meant).
_TIE = 0.02

#: Counts up to twelve are written in words in messages, alt text and lesson prose.
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]


def number_in_words(number: int) -> str:
    """Write a count as prose does: 'five' for 5, digits from 13 on (and for negative numbers)."""
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


def did_you_mean(wrong: str, known: Iterable[str], prefer: Iterable[str] = ()) -> str:
    """Return " Did you mean 'x'?" for the closest known value, or "" if none is close.

    Obvious slips come first: capitals or spaces ("Blank-2016-03 "), "_" for "-" or the other way round
    ("bear_dragon_nd"), a number written without its leading zero ("blank-2016-3") or with a letter
    for a digit ("blank-2016-1O"). Then the start of a value or one of its parts ("arms" for
    "arms_trade", "dragon" for "bear-dragon-nd"; up to three values are named). Then the most similar
    value; among nearly as similar ones, a value in ``prefer`` (e.g. the current lesson's ids) wins. When
    several are (nearly) equally close, none is named: the student would be pointed at an arbitrary one.
    """
    wrong = str(wrong)
    known = [str(k) for k in known if str(k) != wrong]  # naming what was typed would not help
    by_normal = {}
    for value in known:
        by_normal.setdefault(_normal(value), value)
    cleaned = _normal(wrong)
    candidates = [cleaned]
    number = re.fullmatch(r"(.*-)([0-9oli]+)", cleaned)
    prefixes = {n.rsplit("-", 1)[0] + "-" for n in by_normal if "-" in n}
    # letters for digits in the row number: "-1O", and "-lO" too after a year ("2019-") or a known article's id
    if number and (re.search(r"\d", number.group(2)) or re.search(r"\d-$", number.group(1))
                   or number.group(1) in prefixes):
        digits = number.group(2).translate(_DIGIT_LOOKALIKES)
        candidates.append(number.group(1) + digits)
        if digits.isdigit():
            candidates += [f"{number.group(1)}{int(digits):0{width}d}" for width in (2, 3)]
    for candidate in candidates:
        if candidate in by_normal:
            return f" Did you mean '{by_normal[candidate]}'?"
    preferred = {str(p) for p in prefer}
    if len(cleaned) >= 3:
        starts = [v for n, v in by_normal.items() if n.startswith(cleaned) or f"-{cleaned}" in n]
        if len(starts) > 1 and preferred & set(starts):
            starts = [v for v in starts if v in preferred]
        if 1 <= len(starts) <= 3:
            return f" Did you mean {_quoted(starts)}?"
        if len(starts) > 3 and all(_normal(v).startswith(cleaned) for v in starts):
            return f" Several start with '{wrong.strip()}': give one in full."  # naming one would be arbitrary
    scores = [(difflib.SequenceMatcher(None, wrong, value).ratio(), value) for value in known]
    if not scores or max(scores)[0] < 0.6:
        return ""
    best = max(score for score, _ in scores)
    nearly = [(score, value) for score, value in scores if score >= best - 0.05]
    pool = [sv for sv in nearly if sv[1] in preferred] or nearly
    top = max(score for score, _ in pool)
    tied = [value for score, value in pool if score >= top - _TIE]
    if len(tied) > 1:  # several are as close: picking one would point the student at an arbitrary value
        return ""
    return f" Did you mean '{tied[0]}'?"


def unknown_value_error(kind: str, wrong: object, known: Iterable[str], hint: str = "") -> CourseError:
    """Build the standard "X 'y' not found" error, with a did-you-mean suggestion."""
    known = list(known)
    message = f"{kind} '{wrong}' not found.{did_you_mean(str(wrong), known)}"
    if hint:
        message += f" {hint}"
    return CourseError(message)


def _show_message_only(shell, etype, value, tb, tb_offset=None):  # IPython's custom-exception signature
    return [f"\u26a0\ufe0f {value}"]


#: The right-hand side of an answer written without quotation marks: a word, or words joined by "-" with no
#: spaces (``bear-dragon-nd``, which Python reads as bear minus dragon minus nd; ``baev-2019``).
_UNQUOTED_ANSWER = re.compile(r"[A-Za-z_]\w*(?:-\w+)*")
#: ... but not arithmetic on a name, as in ``rows-1`` or ``n-12`` (one "-", then a short number).
_ARITHMETIC = re.compile(r"[A-Za-z_]\w*-\d{1,3}")


def _cell_source(shell, tb) -> tuple[str | None, int | None]:
    """The source of the cell that raised, and the line that raised in it (None where unknown)."""
    user_ns = getattr(shell, "user_ns", None)
    frame_line = None
    while tb is not None:  # the last frame that runs in the notebook's namespace is the cell's
        frame = tb.tb_frame
        if frame.f_code.co_name == "<module>" and (user_ns is None or frame.f_globals is user_ns):
            frame_line = (frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    if frame_line:
        lines = linecache.getlines(frame_line[0])
        if lines:
            return "".join(lines), frame_line[1]
    history = (user_ns or {}).get("In")
    if history:
        return str(history[-1]), None
    return None, None


def quoted_answer_suggestion(source: str | None, name: str, lineno: int | None = None) -> str | None:
    """For a cell like ``least_precise = bear-dragon-nd``, return ``least_precise = "bear-dragon-nd"``.

    Only an assignment of bare words (joined by "-" with no spaces, as in an id or a code) that use ``name``
    qualifies, so the suggestion is the student's own text in quotation marks; None if there is no such
    assignment, or more than one, or if it reads as arithmetic (``n_rows = rows - 1``, ``rows-1``).
    """
    try:
        tree = ast.parse(source or "")
    except SyntaxError:
        return None
    found = []
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        if lineno is not None and not node.lineno <= lineno <= (node.end_lineno or node.lineno):
            continue
        rhs = (ast.get_source_segment(source, node.value) or "").strip()
        used = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
        if _UNQUOTED_ANSWER.fullmatch(rhs) and not _ARITHMETIC.fullmatch(rhs) and name in used:
            found.append(f'{node.targets[0].id} = "{rhs}"')
    return found[0] if len(found) == 1 else None


def _name_error_message(shell, etype, value, tb, tb_offset=None):
    name = getattr(value, "name", None) or "that name"
    source, lineno = _cell_source(shell, tb)
    suggestion = quoted_answer_suggestion(source, name, lineno)
    if suggestion:
        rhs = suggestion.split(" = ", 1)[1].strip('"')
        reading = "names and minus signs" if "-" in rhs else "a name"
        return [f"\u26a0\ufe0f `{name}` is not defined. If you meant the answer as text, put all of it in quotation "
                f"marks: {suggestion} (without them, Python reads {rhs} as {reading}). If it is a variable, run the "
                "cell that defines it first (the Setup cell near the top, after a restart). "
                + _what_did_not_run(source, lineno)]
    return [f"\u26a0\ufe0f `{name}` is not defined. If you meant it as text (an answer such as {name}), put it in "
            f"quotation marks: \"{name}\". If it is a variable, run the cell that defines it first (the Setup cell "
            "near the top, after a restart). " + _what_did_not_run(source, lineno)]


#: What a failed cell leaves in place, said after every error message about an answer cell.
EARLIER_ANSWER_STANDS = "an answer you gave before is still the one a check will see."


def _what_did_not_run(source: str | None, lineno: int | None) -> str:
    """Which part of a failed cell ran: nothing, if it failed on its first line; the lines above, otherwise."""
    kept = EARLIER_ANSWER_STANDS
    if source is None or lineno is None:
        return f"The line that failed, and any after it in this cell, did not run: {kept}"
    earlier = [line for line in source.splitlines()[:lineno - 1] if line.strip() and not line.strip().startswith("#")]
    if not earlier:
        return f"Nothing from this cell was saved: {kept}"
    return (f"Line {lineno} of this cell and the lines after it did not run (the lines above it did), so an answer "
            f"they give was not saved: {kept}")


def _pandas_owner(tb):
    """The pandas table, column or index whose lookup raised: the first DataFrame in the traceback, else Series, else Index."""
    found = []
    while tb is not None:
        candidate = tb.tb_frame.f_locals.get("self")
        if isinstance(candidate, (pd.DataFrame, pd.Series, pd.Index)):
            found.append(candidate)
        tb = tb.tb_next
    for kind in (pd.DataFrame, pd.Series, pd.Index):   # the outermost table or column the student indexed
        for candidate in found:
            if isinstance(candidate, kind):
                return candidate
    return None


def _listed(values: list[str], limit: int = 20) -> str:
    shown = ", ".join(f"'{v}'" for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def key_error_message(key: object, owner: object = None) -> str:
    """A plain message for a KeyError: what was looked up, in what, what exists there, and the closest name."""
    wanted = key.args[0] if isinstance(key, KeyError) and key.args else key
    if isinstance(owner, pd.DataFrame):
        names = [str(c) for c in owner.columns]
        return (f"There is no column '{wanted}' in this table.{did_you_mean(str(wanted), names)} Its columns: "
                f"{_listed(names)}. Column names are exact (small letters, '_' between words); a value such as a "
                "theme goes in a comparison, as in table[table[\"theme\"] == \"energy\"].")
    if isinstance(owner, (pd.Series, pd.Index)):
        labels = [str(v) for v in (owner.index if isinstance(owner, pd.Series) else owner)]
        return (f"There is no label '{wanted}' here.{did_you_mean(str(wanted), labels)} The labels are: "
                f"{_listed(labels)}. (A value that never occurs has no count in value_counts().)")
    return (f"Python found no column, label or key '{wanted}'. Names are exact, capitals and spaces included: "
            "`table.columns` lists the columns of a table.")


#: TypeErrors a beginner meets when a function or method is used without round brackets, and what to say.
_UNCALLED = re.compile(r"'(method|builtin_function_or_method|function)' object (?:is not subscriptable|is not iterable)"
                       r"|object of type '(method|builtin_function_or_method|function)' has no len\(\)"
                       r"|unsupported operand type\(s\) for .*'(method|builtin_function_or_method|function)'")


def type_error_message(error: BaseException) -> str:
    """A plain message for a TypeError, keeping Python's own words."""
    text = str(error)
    if _UNCALLED.search(text):
        return (f"{text}: a function or method was used without round brackets, so Python got the function itself, "
                "not its result. Add () after it (for example `ev[\"theme\"].value_counts()`, not "
                "`ev[\"theme\"].value_counts`), or use [ ] only on a table or a list.")
    return (f"{text}. Python could not do this with these kinds of values: check what each name holds (run it alone "
            "in a cell to see it), for example a number written in quotation marks, or a whole column where one "
            "value is meant.")


def _friendly(shell, etype, value, tb, tb_offset=None):
    """IPython custom-exception handler: show a short message in place of the traceback.

    IPython ignores what the handler returns when user code raises, so the handler shows the
    message itself (as the cell's error output, so that "Run All" still stops at the cell).
    """
    if issubclass(etype, NameError):
        stb = _name_error_message(shell, etype, value, tb, tb_offset)
    elif issubclass(etype, (KeyError, TypeError)) and not issubclass(etype, CourseError):
        source, lineno = _cell_source(shell, tb)
        text = key_error_message(value, _pandas_owner(tb)) if issubclass(etype, KeyError) else type_error_message(value)
        stb = [f"\u26a0\ufe0f {etype.__name__}: {text} " + _what_did_not_run(source, lineno)]
    else:
        stb = _show_message_only(shell, etype, value, tb, tb_offset)
    if shell is not None:
        shell._showtraceback(etype, value, stb)
    return stb


_ASSIGNMENT = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*(.+?)\s*$")


def _quoted_text(text: str) -> str | None:
    """``text`` as a Python string literal that reads back exactly, in the plainest quotation marks that work."""
    for quotes in ('"', "'", '"""', "'''"):
        literal = f"{quotes}{text}{quotes}"
        try:
            if ast.literal_eval(literal) == text:
                return literal
        except (SyntaxError, ValueError):
            continue
    return None


def unquoted_text_suggestion(line: str, names: Iterable[str] = ()) -> str | None:
    """If ``line`` assigns an answer without quotation marks, return the line with them; else None.

    Two slips Python reports as a SyntaxError: words (``summary = It is a partnership``) and an id
    with a leading zero (``strongest = blank-2016-03``, or a list of such ids). The suggestion is the
    student's own text quoted (so it gives nothing away). Code is left alone: a line whose first word
    after ``=`` is one of ``names`` (the notebook's variables, Python's built-ins) is taken for code.
    """
    match = _ASSIGNMENT.match(line or "")
    if not match:
        return None
    name, rhs = match.groups()
    if _UNQUOTED_ANSWER.fullmatch(rhs):   # one word or id; only an id with a leading zero gets here
        return f'{name} = "{rhs}"'
    items = re.fullmatch(r"\[\s*(.*?)\s*,?\s*\]", rhs)
    if items and items.group(1):
        parts = [part.strip() for part in items.group(1).split(",")]
        if all(_UNQUOTED_ANSWER.fullmatch(part) for part in parts):
            return f"{name} = [" + ", ".join(f'"{part}"' for part in parts) + "]"
        return None
    if rhs[0] in "\"'[({" or re.match(r"(?:[rbfuRBFU]|[rR][bfBF]|[bfBF][rR])[\"']", rhs):   # a string already, or a bracket
        return None
    first = re.match(r"[A-Za-z_]\w*", rhs)
    if first and first.group() in set(names):
        return None
    if re.match(r"[A-Za-z_]\w*\(|[A-Za-z_]\w+\.[A-Za-z_]\w+", rhs):   # starts with a call or an attribute: code
        return None
    words = re.findall(r"[^\W\d_]{2,}", rhs)
    if len(rhs.split()) < 2 or len(words) < 2 or re.search(r"==|[\[\]{}]", rhs):
        return None
    literal = _quoted_text(rhs)
    return f"{name} = {literal}" if literal else None


def _syntax_error_hint(shell, original):
    """Wrap IPython's SyntaxError display: for an unquoted answer in a cell, one plain message instead."""

    def showsyntaxerror(*args, **kwargs):
        etype, value, _ = sys.exc_info()
        suggestion = None
        if (etype is not None and issubclass(etype, SyntaxError) and not issubclass(etype, IndentationError)
                and getattr(value, "filename", None) != "<string>"):   # not code that exec() or eval() compiled
            names = (set(shell.user_ns) - {"In", "Out", "exit", "quit", "get_ipython"}) | set(dir(builtins))
            suggestion = unquoted_text_suggestion(getattr(value, "text", "") or "", names)
        if suggestion is None:
            return original(*args, **kwargs)
        line = (value.text or "").strip()
        shell._showtraceback(etype, value, [
            f"\u26a0\ufe0f Python could not read this line as code: {line}\nAn answer in words, or an id, goes in "
            f"quotation marks: {suggestion}\n(For an answer of several lines, use three quotation marks at each end, "
            "\"\"\"like this\"\"\".) Nothing in this cell ran: " + EARLIER_ANSWER_STANDS])
    showsyntaxerror.aon_friendly = True
    return showsyntaxerror


def install_friendly_errors() -> bool:
    """In IPython/Jupyter, show CourseError as its message alone, and explain NameError. Returns True if installed."""
    try:
        # lazy: IPython is optional (plain Python prints instead)
        from IPython import get_ipython
    except ImportError:  # plain Python: ordinary exceptions are fine
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((CourseError, NameError, KeyError, TypeError), _friendly)
    if not getattr(shell.showsyntaxerror, "aon_friendly", False):
        shell.showsyntaxerror = _syntax_error_hint(shell, shell.showsyntaxerror)
    return True
