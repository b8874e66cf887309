"""Make data/articles/<article_id>.txt from the web captures in ../shared/seeds/.

Each seed is a web page captured as text. The reading is the article body;
page furniture (breadcrumbs, bylines repeated in metadata, "More on this:"
links, comment widgets, a French "Check Also" footer, pull quotes that repeat
a sentence of the body) is removed by the explicit rules below, one reason per
removed line. Nothing inside a paragraph is changed: each kept line of the seed
becomes one paragraph, stripped of surrounding white space, and paragraphs are
separated by one blank line.

Run from the repository root:  python scripts/extract_articles.py [SEEDS_DIR]
tests/test_corpus.py checks the result against the seeds.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

# seed file -> (article_id, {1-based seed line number: why it is not body text})
FURNITURE: dict[str, tuple[str, dict[int, str]]] = {
    "003_22117458742b9189.txt": ("blank-2016", {
        1: "breadcrumb (Home inFOCUS ...)",
        3: "title (kept in articles.csv)",
        5: "byline and issue date (kept in articles.csv)",
        6: "image credit label 'SOURCE'",
        7: "photo caption",
    }),
    "001_012eb7b1b26a4ba8.txt": ("baev-2019", {
        1: "topic tags and breadcrumb",
        3: "publication date (kept in articles.csv)",
        15: "'More on this:' link",
        27: "'More on this:' link",
        35: "'More on this:' link",
        45: "'Back to Top' link",
        46: "'Join the APP Society' link",
        48: "'Comments are closed.' widget",
        50: "'Press Ctrl+C to copy' widget",
    }),
    "002_529f66ed7a9a00f2.txt": ("bear-dragon-nd", {
        1: "title with '11 min read' (title kept in articles.csv)",
        3: "category tags",
        61: "'Recommended Posts' widget",
    }),
    "000_e801de22bf5e7af9.txt": ("baev-2021", {
        1: "byline (kept in articles.csv)",
        21: "'No comments:' widget of the blog repost",
        22: "'Post a Comment' widget of the blog repost",
    }),
    "004_f0dbce3d33935dc2.txt": ("rusi-2022", {
        1: "title (kept in articles.csv)",
        21: "pull quote repeating the opening of a later paragraph",
        38: "pull quote repeating the opening of a later paragraph",
        50: "'Check Also' footer of the repost site",
        52: "French 'Check Also' footer (another site's headline)",
        54: "French 'Check Also' footer (another site's teaser)",
    }),
}


def body_paragraphs(seed_text: str, drop: dict[int, str]) -> list[str]:
    """Return the seed's non-empty lines, minus the furniture lines, stripped."""
    kept = []
    for number, line in enumerate(seed_text.split("\n"), start=1):
        if number in drop or not line.strip():
            continue
        kept.append(line.strip())
    return kept


def main(seeds_dir: Path = DEFAULT_SEEDS) -> None:
    out_dir = ROOT / "data" / "articles"
    out_dir.mkdir(parents=True, exist_ok=True)
    for seed_name, (article_id, drop) in FURNITURE.items():
        text = (seeds_dir / seed_name).read_text(encoding="utf-8")
        body = "\n\n".join(body_paragraphs(text, drop)) + "\n"
        (out_dir / f"{article_id}.txt").write_text(body, encoding="utf-8", newline="\n")
        print(f"{article_id}: {len(body)} characters from {seed_name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEEDS)
