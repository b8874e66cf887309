"""The grader's own inputs and outputs, kept out of reach of the submissions it grades.

- :class:`Snapshot`: an exercise's source files (hidden tests included) read into memory once,
  before any submission runs, with their SHA-256; the grades come from these bytes, and
  :meth:`Snapshot.changed` compares the files on disk with them afterwards.
- :class:`Scrubber`: removes any passage of the hidden tests (that is not also public, in the
  visible checks or the student version) from text that goes into feedback or a grader's page.
- :func:`write_atomically`: a file appears whole or not at all (written beside, then renamed).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SHINGLE = 24            # characters: a passage of hidden text this long (spaces squeezed) is removed
HIDDEN_MARK = "[…]"


@dataclass
class Snapshot:
    """The files of one exercise's source folder as they were before grading started."""

    folder: Path
    files: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path, exercise_id: str) -> Snapshot:
        """Read ``checks.py``, ``tests.py`` and the instructor notebook of ``folder`` into memory."""
        names = ("checks.py", "tests.py", f"{exercise_id}.ipynb")
        return cls(Path(folder), {name: (Path(folder) / name).read_bytes() for name in names if (Path(folder) / name).is_file()})

    def digest(self, name: str) -> str:
        return hashlib.sha256(self.files[name]).hexdigest()

    def changed(self) -> list[str]:
        """The files that are now different on disk (or gone) from what was read before grading."""
        changed = []
        for name, data in self.files.items():
            try:
                now = (self.folder / name).read_bytes()
            except OSError:
                now = None
            if now != data:
                changed.append(name)
        return changed


def _squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` with runs of white space as one space, and for each kept character its index in ``text``."""
    out, where = [], []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if space:
                continue
            space = True
            out.append(" ")
        else:
            space = False
            out.append(ch)
        where.append(i)
    return "".join(out), where


def _shingles(text: str) -> set[str]:
    squeezed, _ = _squeeze(text)
    return {squeezed[i:i + SHINGLE] for i in range(max(0, len(squeezed) - SHINGLE + 1))}


class Scrubber:
    """Cuts every passage of ``secret`` (``SHINGLE`` characters or longer) that is not in ``public`` out of a text."""

    def __init__(self, secret: str, public: list[str]):
        allowed: set[str] = set()
        for text in public:
            allowed |= _shingles(text)
        self.secret = {s for s in _shingles(secret) if s not in allowed and len(s.strip()) >= SHINGLE // 2}

    def __call__(self, text: str) -> str:
        """``text`` with each hidden passage replaced by ``[…]``."""
        if not isinstance(text, str) or len(text) < SHINGLE or not self.secret:
            return text
        squeezed, where = _squeeze(text)
        cut = bytearray(len(text))
        found = False
        for i in range(len(squeezed) - SHINGLE + 1):
            if squeezed[i:i + SHINGLE] in self.secret:
                found = True
                start, end = where[i], where[i + SHINGLE - 1]
                cut[start:end + 1] = b"\x01" * (end + 1 - start)
        if not found:
            return text
        parts, i = [], 0
        while i < len(text):
            if cut[i]:
                while i < len(text) and cut[i]:
                    i += 1
                parts.append(HIDDEN_MARK)
            else:
                parts.append(text[i])
                i += 1
        return "".join(parts)

    def plain(self, value):
        """Scrub every text inside a plain JSON value (lists, dicts), for showing it."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self.plain(v) for v in value]
        if isinstance(value, dict):
            return {k: self.plain(v) for k, v in value.items()}
        return value


def bounded(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, saying so."""
    return text if len(text) <= limit else text[:limit] + f" … ({len(text) - limit} more characters not shown)"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that the file is either the old one or the whole new one."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
