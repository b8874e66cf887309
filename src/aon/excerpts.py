"""The course without the full article texts: only the passages the evidence table quotes.

Some institutions may put quotations on a hub or a public site but not whole articles. In such a
copy of the course (``data/articles/EXCERPTS_ONLY.md`` exists, or the environment variable
``AON_FULL_TEXTS=0`` is set: :func:`aon.paths.full_texts_included`), :func:`aon.data.article_text`
returns each text with everything but the quoted passages blanked out. The result has the text's
length, so every ``start``/``end`` in the evidence table still points at its quote and the lessons,
checks and website work unchanged; a one-line note in the text says where to read it in full.

Reading a reduced text is :func:`aon.data.article_text`'s work (with :func:`aon.data.excerpts_of`, since
every module that reads a text needs it); this module makes and describes such a copy.
``scripts/without_full_texts.py`` makes one; ``aon build-site`` puts reduced texts on
the website when the full texts are switched off. See data/reference/RIGHTS.md.
"""
from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path

from .data import article_ids, article_path, excerpts_of, where_to_read
from .paths import EXCERPTS_MARKER, FULL_TEXTS_ENV, articles_dir, full_texts_included


def full_texts_note() -> str:
    """Return "" when the full texts are here; in a copy without them, where to read each text in full."""
    if full_texts_included():
        return ""
    lines = ["These are the quoted passages only: this copy of the course does not include the full texts. Read them here:"]
    lines += [f"- {article_id}: {where_to_read(article_id)}" for article_id in article_ids()]
    return "\n".join(lines)


MARKER_TEXT = """# Excerpts only

The texts in this folder keep only the passages the course quotes (the quotes of
`data/evidence.csv`, and the citations and figures it takes from the texts), at their places; everything else is blank, so the offsets still point at the
quotes. This copy was made for an institution that may not redistribute the full articles (see
`data/reference/RIGHTS.md` in the course). The course notices this file and never shows more than
the quotes (`aon.paths.full_texts_included()`).

Read each text in full where it was published:

| id | where to read it | characters | kept (quotes) | SHA-256 of the full text (first 16 digits) |
|---|---|---|---|---|
{rows}

To restore a text, put the original file back under the same name (its SHA-256 must match) and
delete this file.
"""


@contextmanager
def _course_at(root: Path, full_texts: bool):
    """Point the course's loaders at ``root`` (and switch the full texts on or off) for the duration."""
    saved = {name: os.environ.get(name) for name in ("AON_ROOT", FULL_TEXTS_ENV)}
    os.environ["AON_ROOT"] = str(root)
    os.environ[FULL_TEXTS_ENV] = "1" if full_texts else "0"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def reduce_to_excerpts(root: Path) -> list[str]:
    """Replace each text in ``root``/data/articles/ by its quoted passages and write EXCERPTS_ONLY.md.

    Returns one line per text saying how much was kept. A copy that already has the marker is left
    as it is. Used by ``scripts/without_full_texts.py`` and by the website build.
    """
    root = Path(root).resolve()
    if (root / "data" / "articles" / EXCERPTS_MARKER).exists():
        return [f"{root / 'data' / 'articles' / EXCERPTS_MARKER} exists: the texts are already reduced to their quotes."]
    rows, report = [], []
    with _course_at(root, full_texts=True):
        originals = {a: article_path(a) for a in article_ids()}
        originals = {a: (p, p.read_text(encoding="utf-8")) for a, p in originals.items() if p.is_file()}
    with _course_at(root, full_texts=False):
        for article_id, (path, original) in originals.items():
            reduced = excerpts_of(article_id, original)
            kept = sum(1 for a, b in zip(original, reduced) if a == b and not a.isspace())
            total = sum(1 for a in original if not a.isspace())
            share = f"{100 * kept / max(total, 1):.0f}%"
            digest = hashlib.sha256(original.encode("utf-8")).hexdigest()[:16]
            rows.append(f"| `{article_id}` | {where_to_read(article_id)} | {len(original):,} | {share} | `{digest}` |")
            report.append(f"{article_id}: kept {kept:,} of {total:,} visible characters ({share}), the quoted passages")
            path.write_text(reduced, encoding="utf-8")
        (articles_dir() / EXCERPTS_MARKER).write_text(MARKER_TEXT.format(rows="\n".join(rows)), encoding="utf-8")
    report.append(f"wrote data/articles/{EXCERPTS_MARKER}")
    return report
