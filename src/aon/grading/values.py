"""Answer values as plain JSON, both ways.

The child process that runs a student's code turns each answer variable into
plain JSON with :func:`to_plain` (exact built-in types only: a subclass of ``int``
or ``str`` with a rigged ``__eq__`` becomes "unsupported", never an object);
the grader turns the JSON back into ordinary Python and pandas values it built
itself with :func:`from_plain`. Nothing the student defined crosses the boundary.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..checks import kind_of

MARK = "__aon__"
MAX_ITEMS = 200_000       # elements per answer; beyond this the answer is "too large"
MAX_TEXT = 200_000        # characters per string


class _TooLarge(Exception):
    pass


class Unanswered:
    """The value of an answer still set to ``...`` (or never assigned)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:   # shown wherever a hint or an outline prints the value
        return "(not answered)"

    def __bool__(self) -> bool:
        return False


UNANSWERED = Unanswered()


class FromArray(list):
    """The items of a numpy array, rebuilt by the grader as a list (checks and tests use it as one) that
    remembers it came from an array, so feedback can name it "a numpy array" rather than "a list"."""


class Unsupported:
    """An answer of a kind the grader does not accept (its type name only)."""

    def __init__(self, type_name: str, reason: str = "unsupported"):
        self.type_name = type_name
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unsupported({self.type_name})"

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = object.__hash__


def to_plain(value: Any) -> Any:
    """Return ``value`` as plain JSON-ready data (runs in the child process)."""
    budget = [MAX_ITEMS]
    try:
        return _plain(value, budget, 0)
    except _TooLarge:
        return {MARK: "unsupported", "type": type(value).__name__, "reason": "too large"}
    except Exception as exc:  # noqa: BLE001 - a broken value is reported, not raised
        return {MARK: "unsupported", "type": type(value).__name__, "reason": f"could not be read ({type(exc).__name__})"}


def _plain(value: Any, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > 20:
        raise _TooLarge
    kind = type(value)
    if value is None or kind is bool or kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else {MARK: "float", "value": repr(value)}
    if kind is str:
        if len(value) > MAX_TEXT:
            raise _TooLarge
        return value
    if value is Ellipsis:
        return {MARK: "unanswered"}
    if kind is list or kind is tuple:
        return [_plain(v, budget, depth + 1) for v in value]
    if kind is set or kind is frozenset:
        return {MARK: "set", "items": [_plain(v, budget, depth + 1) for v in value]}
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) not in (str, int, float, bool):
                return {MARK: "unsupported", "type": "dict", "reason": "keys must be text or numbers"}
            out[str(key) if type(key) is str else repr(key)] = _plain(item, budget, depth + 1)
        return {MARK: "dict", "keys": [_plain(k, budget, depth + 1) for k in value], "values": list(out.values())}
    module = getattr(kind, "__module__", "") or ""
    if module.startswith("numpy"):
        if kind is np.ndarray:
            budget[0] -= value.size
            if budget[0] < 0:
                raise _TooLarge
            if not value.ndim:
                return _plain(value.item(), budget, depth)
            return {MARK: "array", "items": [_plain(v, budget, depth + 1) for v in value.tolist()]}
        if kind in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
                    np.float16, np.float32, np.float64, np.str_):
            return _plain(value.item(), budget, depth)
    if module.startswith("pandas"):
        if value is pd.NA or value is pd.NaT:
            return None
        if kind is pd.Timestamp:
            return value.isoformat()
        if kind is pd.Series:
            budget[0] -= len(value)
            if budget[0] < 0:
                raise _TooLarge
            return {MARK: "series", "name": _plain(value.name, budget, depth + 1),
                    "index": [_plain(v, budget, depth + 1) for v in value.index.tolist()],
                    "values": [_plain(v, budget, depth + 1) for v in value.astype(object).tolist()]}
        if kind is pd.DataFrame:
            budget[0] -= value.size
            if budget[0] < 0:
                raise _TooLarge
            return {MARK: "frame",
                    "columns": [_plain(c, budget, depth + 1) for c in value.columns.tolist()],
                    "index": [_plain(v, budget, depth + 1) for v in value.index.tolist()],
                    "index_name": _plain(value.index.name, budget, depth + 1),
                    "data": [[_plain(v, budget, depth + 2) for v in row] for row in value.astype(object).values.tolist()]}
    return {MARK: "unsupported", "type": kind.__name__, "reason": "not a plain value"}


def from_plain(data: Any) -> Any:
    """Rebuild plain JSON (as sent by the child) into values the grader constructs itself."""
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [from_plain(v) for v in data]
    if kind is not dict:
        return Unsupported(kind.__name__)
    mark = data.get(MARK)
    if mark == "unanswered":
        return UNANSWERED
    if mark == "float":
        return float(data.get("value", "nan")) if data.get("value") in ("nan", "inf", "-inf") else float("nan")
    if mark == "array":
        items = data.get("items")
        return FromArray(from_plain(v) for v in items) if isinstance(items, list) else Unsupported("ndarray", "malformed")
    if mark == "set":
        items = [from_plain(v) for v in data.get("items", [])]
        try:
            return set(items)
        except TypeError:
            return Unsupported("set", "unhashable items")
    if mark == "dict":
        keys = [from_plain(k) for k in data.get("keys", [])]
        values = [from_plain(v) for v in data.get("values", [])]
        try:
            return dict(zip(keys, values))
        except TypeError:
            return Unsupported("dict", "unhashable keys")
    if mark in ("series", "frame"):
        try:
            if mark == "series":
                return pd.Series([from_plain(v) for v in data["values"]], index=[from_plain(v) for v in data["index"]],
                                 name=from_plain(data.get("name")), dtype=object).infer_objects()
            frame = pd.DataFrame([[from_plain(v) for v in row] for row in data["data"]],
                                 index=[from_plain(v) for v in data["index"]], columns=[from_plain(c) for c in data["columns"]],
                                 dtype=object).infer_objects()
            frame.index.name = from_plain(data.get("index_name"))
            return frame
        except Exception:  # noqa: BLE001 - malformed data from the child
            return Unsupported(mark, "malformed")
    if mark == "unsupported":
        return Unsupported(str(data.get("type", "?")), str(data.get("reason", "unsupported")))
    return Unsupported("dict", "malformed")


def is_blank(value: Any) -> bool:
    """True if ``value`` is an untouched starter: ``...``, ``"..."`` or ``""``, or a non-empty list, set,
    dict or DataFrame whose every item is blank (``[...]``, ``{...}``, ``{"P1": ..., "P2": ...}``)."""
    if value is UNANSWERED:
        return True
    if isinstance(value, str):
        return value.strip() in ("", "...")
    if isinstance(value, (list, tuple, set, frozenset)):
        return bool(value) and all(is_blank(v) for v in value)
    if isinstance(value, dict):
        return bool(value) and all(is_blank(v) for v in value.values())
    if type(value).__name__ == "DataFrame" and type(value).__module__.startswith("pandas"):
        cells = value.values.ravel().tolist()
        return bool(cells) and all(is_blank(v) for v in cells)
    return False


def blank_to_unanswered(value: Any) -> Any:
    """Return UNANSWERED for an untouched starter (see :func:`is_blank`), else ``value`` itself."""
    return UNANSWERED if is_blank(value) else value


def describe(value: Any) -> str:
    """A short name for the kind of a rebuilt value, for feedback."""
    if isinstance(value, Unsupported):
        return f"{_type_words(value.type_name)} ({value.reason})"
    if value is UNANSWERED:
        return "not answered (still ...)"
    if isinstance(value, FromArray):
        return "a numpy array"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if type(value).__module__.startswith("pandas") and type(value).__name__ in ("Series", "DataFrame"):
        return f"a pandas {type(value).__name__}"
    return kind_of(value)


_NAMES = {"ndarray": "numpy array", "Index": "pandas Index", "RangeIndex": "pandas Index", "MultiIndex": "pandas MultiIndex",
          "Series": "pandas Series", "DataFrame": "pandas DataFrame", "frame": "pandas DataFrame", "series": "pandas Series",
          "matrix": "numpy matrix", "map": "map object"}


def _type_words(type_name: str) -> str:
    """A type name as feedback says it, with its article: "a numpy array", "an Index" ..."""
    words = _NAMES.get(type_name, type_name)
    return f"{'an' if words[:1].lower() in 'aeiou' else 'a'} {words}"
