"""Small helpers for writing visible checks (``checks.py``) and hidden tests (``tests.py``).

A visible check returns None when the answer has the right form, or a hint that
never contains the answer. Values arrive rebuilt from plain JSON (:mod:`.values`).

Text codes (stances, themes, theses, hypotheses) are compared with :func:`code`: surrounding
spaces stripped, capitals ignored, so ``" Alliance"`` counts as ``"alliance"`` in checks and tests.
Hidden tests also run when the visible check fails (for partial credit), so they must accept any
value: use :func:`str_list` and ``isinstance`` rather than assuming the form the check asks for.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..checks import conversion_hint, leftover_placeholder
from ..errors import did_you_mean
from .values import Unsupported, describe, is_blank


def not_answered(value: Any) -> bool:
    """True for ``...``, ``"..."``, ``""`` and untouched starters such as ``[...]`` or ``{...}``."""
    return is_blank(value)


def code(value: Any) -> str | None:
    """A text code as compared by checks and tests: stripped and lower-case (None if not text)."""
    return value.strip().lower() if isinstance(value, str) else None


def str_list(value: Any) -> list[str]:
    """The text items of a list (for hidden tests); anything else, including an unanswered list, gives []."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _kind_name(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "a whole number (int)", float: "a decimal number", bool: "True or False"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def expect_int(value: Any, name: str) -> str | None:
    if not_answered(value):
        return f"`{name}` is not answered yet."
    if isinstance(value, bool) or not isinstance(value, int):
        return f"`{name}` should be a whole number (an int), but it is {describe(value)}. Use int(...) if needed."
    return None


def expect_text(value: Any, name: str, choices: list[str] | None = None, min_words: int = 0) -> str | None:
    if not_answered(value):
        return f"`{name}` is not answered yet."
    if not isinstance(value, str):
        return f"`{name}` should be text in quotation marks, but it is {describe(value)}."
    if choices is not None and code(value) not in [c.lower() for c in choices]:
        return (f"`{name}` should be one of {', '.join(choices)} (capitals and surrounding spaces do not matter)."
                f"{did_you_mean(value.strip(), choices)}")
    words = len(value.split())
    if words < min_words:
        return f"`{name}` has {words} word(s); write at least {min_words}."
    if min_words and leftover_placeholder(value):
        return f"`{name}` still starts or ends with the placeholder `...`: delete it, so only your own words remain."
    return None


def problems(found: list[str], limit: int = 4) -> str | None:
    """Several problems of one answer as one short hint (None if there are none): the first ``limit``, then how many more."""
    found = [f for f in found if f]
    if not found:
        return None
    more = f"; and {len(found) - limit} more" if len(found) > limit else ""
    text = "; ".join(found[:limit]) + more
    return text if text.endswith((".", "?", "!")) else text + "."


def _perhaps(wrong: str, known: list) -> str:
    """" (did you mean 'x'?)" for the closest known value, or ""."""
    hint = did_you_mean(wrong, known).strip()
    return f" ({hint[0].lower()}{hint[1:]})" if hint else ""


def _listed(items: list, most: int = 4) -> str:
    shown = ", ".join(map(str, items[:most]))
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def expect_dict(value: Any, name: str, keys: list[str], allowed: list[str] | None = None,
                value_kind: type | tuple = str) -> str | None:
    """A dict with exactly ``keys``; each value of ``value_kind`` (and in ``allowed`` if given). Every problem is listed."""
    if not_answered(value):
        return f"`{name}` is not answered yet."
    if not isinstance(value, dict):
        return f"`{name}` should be a dictionary {{key: value}}, but it is {describe(value)}.{conversion_hint(value, 'dict')}"
    found = []
    missing = [k for k in keys if k not in value]
    extra = [k for k in value if k not in keys]
    if missing:
        found.append(f"`{name}` has no entry for {_listed(missing)}")
    if extra:
        found.append(f"`{name}` has unexpected key(s) {_listed(extra)}{_perhaps(str(extra[0]), keys)}")
    blank = [k for k in keys if k in value and not_answered(value[k])]
    if blank:
        found.append(f"{', '.join(f'`{name}[{k!r}]`' for k in blank[:4])}{' and more' if len(blank) > 4 else ''} "
                     f"{'is' if len(blank) == 1 else 'are'} not answered yet")
    for key in keys:
        if key not in value or not_answered(value[key]):
            continue
        item = value[key]
        if isinstance(item, bool) and value_kind is not bool or not isinstance(item, value_kind):
            found.append(f"`{name}[{key!r}]` is {describe(item)}; it should be {_kind_name(value_kind)}")
        elif allowed is not None and isinstance(item, str) and code(item) not in [a.lower() for a in allowed]:
            found.append(f"`{name}[{key!r}]` is {item!r}{_perhaps(item.strip(), allowed)}: use one of {', '.join(allowed)} "
                         "(capitals and surrounding spaces do not matter)")
    return problems(found)


def expect_id_list(value: Any, name: str, known: list[str], at_least: int = 1) -> str | None:
    """A list of existing evidence ids, no repeats. Every problem is listed (count, repeats, ids that do not exist)."""
    if not_answered(value):
        return f"`{name}` is not answered yet."
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"`{name}` should be a list of evidence ids (text), but it is {describe(value)}.{conversion_hint(value, 'list')}"
    found = []
    if len(value) < at_least:
        found.append(f"`{name}` has {len(value)} id(s); give at least {at_least}")
    repeated = sorted({v for v in value if value.count(v) > 1})
    if repeated:
        found.append(f"`{name}` repeats {_listed(repeated)}; list each once")
    for item in dict.fromkeys(value):
        if item not in known:
            found.append(f"evidence id {item!r} in `{name}` does not exist{_perhaps(item, known)}")
    return problems(found)


def expect_frame(value: Any, name: str, index: list | None = None, columns: list | None = None) -> str | None:
    if not_answered(value):
        return f"`{name}` is not answered yet."
    if isinstance(value, Unsupported) or not isinstance(value, pd.DataFrame):
        return f"`{name}` should be a pandas DataFrame, but it is {describe(value)}."
    if columns is not None and sorted(map(str, value.columns)) != sorted(map(str, columns)):
        return f"`{name}` should have the columns {', '.join(map(str, columns))}; it has {', '.join(map(str, value.columns))}."
    if index is not None and sorted(map(str, value.index)) != sorted(map(str, index)):
        return f"`{name}` should have one row per {'id' if index and isinstance(index[0], str) else 'item'} listed in the question ({len(index)} rows); it has {len(value)}."
    return None


def agreement(answer: dict, key: dict[str, set[str]]) -> float:
    """Share of items whose label is among the key's accepted labels."""
    if not isinstance(answer, dict) or not key:
        return 0.0
    hits = sum(1 for item, accepted in key.items() if code(answer.get(item)) in {a.lower() for a in accepted})
    return hits / len(key)
