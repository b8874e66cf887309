"""Build the guided-reading lessons from one template, and stamp navigation on every notebook.

A reading's lesson is made from three things: the template in this module
(the same for every reading), the reading's row in ``data/articles.csv`` and
its evidence rows, and the words written for it in
``notebooks/content/<article_id>.toml`` (goals, who wrote it, the sections
of the guided reading, questions, our summary). A reading with no content
file gets a lesson built from its data alone, which an instructor then
enriches by writing the content file.

Navigation (previous / contents / next) is written by :func:`stamp_navigation`
into the cells tagged ``navigation``; the course contents into the cell tagged
``contents`` of the start-here notebook. Nothing else in a notebook is touched.
"""
from __future__ import annotations

import argparse
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from ..data import article_info, article_text, check_article_id, load_articles
from ..errors import CourseError, number_in_words
from ..evidence import citation, load_evidence
from ..lessons.reading import STRONGEST_EVIDENCE_RULE, content_path, load_content
from ..paths import exercises_dir, notebooks_dir
from ..plots import evidence_along_text_alt_text, evidence_by_theme_alt_text
from .catalogue import (
    FIRST_COMPARATIVE,
    is_reading_lesson,
    lesson_notebooks,
    lesson_number,
    notebook_title,
    student_notebooks,
)
from .nbio import nbformat

if TYPE_CHECKING:
    from nbformat import NotebookNode

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
NAV_TAG, CONTENTS_TAG, NEXT_TAG = "navigation", "contents", "what-comes-next"


def lesson_filename(article_id: str, sequence: int) -> str:
    """Return the notebook file name of a reading's lesson, e.g. ``01_reading_blank_2016.ipynb``."""
    if not 1 <= sequence < FIRST_COMPARATIVE:
        raise CourseError(f"Reading lessons are numbered 01-09; sequence {sequence} of '{article_id}' does not fit.")
    return f"{sequence:02d}_reading_{article_id.replace('-', '_')}.ipynb"


def md(source: str, *tags: str) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(textwrap.dedent(source).strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def code(source: str, *tags: str) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(textwrap.dedent(source).strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def default_sections(article_id: str) -> list[dict]:
    """Split a reading into sections at its own headings (short lines without a full stop)."""
    text = article_text(article_id)
    evidence = load_evidence(article_id)
    heads = [(0, "Opening")]
    offset = 0
    for paragraph in text.split("\n\n"):
        stripped = paragraph.strip()
        if stripped and len(stripped) < 90 and not stripped.endswith((".", ":", "”", "’")) and offset > 0:
            heads.append((offset, stripped))
        offset += len(paragraph) + 2
    sections = []
    for i, (start, heading) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text) + 1
        ids = evidence[(evidence["start"] >= start) & (evidence["start"] < end)]["evidence_id"].tolist()
        if ids:
            sections.append({"heading": heading, "text": "", "evidence": ids})
    return sections


def build_reading_lesson(article_id: str) -> NotebookNode:
    """Return the lesson notebook of one reading, built from the template, its data and its content file."""
    check_article_id(article_id)
    info = article_info(article_id)
    content = load_content(article_id)
    sequence = int(info["sequence"])
    number = f"{sequence}"
    title = content.get("title", info["title"])
    minutes = int(content.get("minutes", 45))
    author = info["author"] if info["author"] != "unknown" else "an unknown author"
    if sequence == 1:
        before = "lesson 00, *Start here*"
    elif sequence == 2:
        before = "lesson 00 and the reading lesson 01"
    else:
        before = f"lesson 00 and the reading lessons 01–{sequence - 1:02d}"
    last_reading = sequence == int(load_articles()["sequence"].max())
    cells = [md("(navigation)", NAV_TAG)]
    cells.append(md(f"""
        # Reading {number}: {title}

        **Estimated time:** {minutes} minutes · **Before this:** {before} ·
        **The reading:** {citation(article_id)}
        """))
    goals = content.get("goals", []) + [
        "quote the reading's key claims through the course's evidence table, with their place in the text;",
        "filter, count and group the reading's evidence with pandas, and read a chart of it;",
        "count the evidence on the tie scale and against its drivers, per row and per distinct event or claim, and say why "
        "a count is not a verdict;",
        f"say in one sentence where {author if info['author'] != 'unknown' else 'the author'} stands on \"alliance or necessity?\", and on what evidence.",
    ]
    cells.append(md("## Lesson goals\n\nBy the end of this lesson you will be able to:\n\n" + "\n".join(f"- {g}" for g in goals)))
    cells.append(md("""
        ## Setup

        Run the next cell first (click it, then press **Shift+Enter**). It loads the course's helper package
        and this reading's evidence table. If you restart the notebook, run it again.
        """))
    cells.append(code(f"""
        import pandas as pd

        import aon
        from aon.lessons import checker
        from aon.evidence import load_evidence, show_evidence, summarise

        ARTICLE = "{article_id}"
        check = checker(ARTICLE)
        ev = load_evidence(ARTICLE)
        print(f"{{len(aon.article_text(ARTICLE)):,}} characters of text and the evidence table loaded.")
        """))
    who = content.get("context", {}).get("who", "").strip()
    cells.append(md("## Who wrote it, where and when\n\n" + (who or
        "The table below is everything the course knows about this reading. Where it says `unknown`, "
        "nobody has verified the fact, and we do not guess. Ask: who is speaking, to whom, and when? "
        "What could the author know at the time?")))
    cells.append(code("aon.article_info(ARTICLE).to_frame(name=ARTICLE)"))
    sections = content.get("sections") or default_sections(article_id)
    cells.append(md("""
        ## Guided reading

        We follow the reading section by section. Each quote comes straight from the text through the
        course's evidence table, with its id, its place in the text (character offsets) and how the course
        coded it. Read the whole article too: `print(aon.article_text(ARTICLE))` shows it.
        """))
    for section in sections:
        cells.append(md(f"### {section['heading']}\n\n{section.get('text', '').strip()}".strip()))
        if section.get("evidence"):
            ids = ", ".join(f'"{e}"' for e in section["evidence"])
            cells.append(code(f"show_evidence({ids})"))
    cells += exploration_cells(article_id, sequence, info)
    cells += question_cells(article_id, content)
    cells.append(md(what_comes_next_markdown(last_reading), NEXT_TAG))
    cells.append(md("(navigation)", NAV_TAG))
    for index, cell in enumerate(cells):  # stable ids, so a rebuild changes only what really changed
        cell.id = f"{article_id}-{index:03d}"
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = KERNELSPEC
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata["aon"] = {"lesson": article_id, "built_from": "aon.authoring.build.build_reading_lesson"}
    return notebook


def exploration_cells(article_id: str, sequence: int, info) -> list[NotebookNode]:
    """The pandas exploration and the two figures, with alt text computed from the data."""

    evidence = load_evidence(article_id)
    length = len(article_text(article_id))
    subject = f"{info['author'] if info['author'] != 'unknown' else 'the unattributed reading'} ({article_id})"
    stem = f"{sequence:02d}_{article_id.replace('-', '_')}"
    cells = [
        md("""
            ## The evidence table

            Each row is one piece of evidence: a verbatim `quote`, its `start` and `end` in the text, our
            paraphrase (`claim`), a `theme`, an `evidence_type`, and two codes (`data/codebook.md`, codebook 2):
            the `tie`, how close and committed a relationship the evidence shows, and the `driver`, what it says
            brings the two together. `supports` is derived from `tie` alone. First, a look at a few columns:
            """),
        code('ev[["evidence_id", "theme", "evidence_type", "tie", "driver", "supports", "claim"]].head(10)'),
        md("""
            **How many rows?** `len(table)` counts the rows of a table; `table.shape` gives two numbers in round
            brackets, (rows, columns). Here, the rows of the reading's evidence that are the author's own
            judgements: a **filter** keeps the rows where a condition is True.
            """),
        code('judgements = ev[ev["evidence_type"] == "judgement"]\nlen(judgements), judgements.shape'),
        md("""
            ### The tie: how close and how committed

            The `tie` scale runs from least to most committed: distance < partnership < alignment < alliance.
            An empty `tie` means the evidence shows *that* or *why* the two cooperate, but not how far
            ("(level not shown)"). `tie_categories` puts the levels in that order, so `value_counts(sort=False)`
            counts them from least to most committed instead of from most to least frequent:
            """),
        code("""
            from aon.codebook import count_units, distinct_units, tie_categories

            tie = pd.Series(tie_categories(ev), index=ev.index, name="tie")
            tie.value_counts(sort=False)
            """),
        md("""
            The most common value is the label of the largest count: `.idxmax()` gives it, as in
            `ev["driver"].value_counts().idxmax()` for the most frequent driver.

            ### The driver, and tie × driver

            The `driver` says what brings or keeps the two together. It never decides `supports`: a shared threat
            is the standard cause of alliances (Walt 1987) and asymmetric alliances are a standard type (Morrow
            1991), so pressure or dependence fits an alliance of necessity as well as a partnership of convenience.
            `pd.crosstab` counts two columns against each other:
            """),
        code('pd.crosstab(tie, ev["driver"])'),
        md("""
            ### Rows, or events and claims?

            When one event is reported in several rows, or one claim is made twice, the rows share an `event_key`
            or a `claim_key`. `distinct_units` collapses them to one row per distinct event or claim (with a
            `tie`, a `driver` and a `supports` of its own), and `count_units` counts either way:
            """),
        code("""
            units = distinct_units(ev)
            print(len(units), "distinct events and claims")
            pd.concat([count_units(ev, by="supports", per="row"), count_units(ev, by="supports")], axis=1)
            """),
        md("""
            **Reading these counts.** Counts of rows, or even of events and claims, are not weights of evidence:
            one diagnostic row can outweigh several that fit every reading, and the counts reflect which passages
            make claims, not a verdict (`data/codebook.md`, sections 10 and 13). Of the five readings the course ships,
            four are sceptical of alliance and one (Blank 2016) argues for it, so counts pooled over the readings
            lean the way the chosen corpus leans.

            Grouping counts rows by two columns at once: here theme against `supports`, the binary code derived
            from `tie` (alignment and alliance give `alliance`, partnership and distance `necessity`, no level
            shown `ambiguous`).
            """),
        code('summarise(ev, by=["theme", "supports"])'),
        md(f"""
            ### Figure {sequence}.1: evidence by theme

            The next cell draws the same counts as a chart and saves it; the chart is shown below it, with a
            caption and a text description for screen readers.
            """),
        code(f"""
            from aon.plots import plot_evidence_by_theme, save_figure

            fig = plot_evidence_by_theme(ev, "Evidence in {article_id}, by theme and reading supported")
            save_figure(fig, "{stem}_themes")
            """),
        md(f"![{evidence_by_theme_alt_text(evidence, subject)}](figures/{stem}_themes.png)\n\n"
           f"*Figure {sequence}.1: Evidence rows in {article_id} by theme; bar colour and hatching show the reading each row "
           "supports (blue, plain: alliance; orange, hatched: necessity; grey, dotted: ambiguous). Source: data/evidence.csv.*"),
        md(f"""
            ### Figure {sequence}.2: where the evidence stands in the text

            Does the argument build one way and then turn? Each mark is one evidence row at its position in the
            article.
            """),
        code(f"""
            from aon.plots import plot_evidence_along_text

            fig = plot_evidence_along_text(ev, len(aon.article_text(ARTICLE)), "Evidence in {article_id}, from start to end")
            save_figure(fig, "{stem}_positions")
            """),
        md(f"![{evidence_along_text_alt_text(evidence, length, subject)}](figures/{stem}_positions.png)\n\n"
           f"*Figure {sequence}.2: Position of each evidence row in {article_id} (0 = first character, 100 = last), one "
           "line per reading supported. Source: data/evidence.csv.*"),
    ]
    return cells


def question_cells(article_id: str, content: dict) -> list[NotebookNode]:
    """The questions: prompt, answer cell with ``...``, check; then open questions and the summary."""
    cells = [md("""
        ## Questions

        Each question has three cells: the question, an answer cell where you replace `...` with your answer,
        and a check. Run the answer cell, then the check. The check says whether your answer passes, or gives
        a hint; it never tells you the answer. Passing a check is not the whole grade: reasoning counts.
        If a check says `name 'check' is not defined`, run the Setup cell at the top first: after a restart,
        the notebook has forgotten everything, so run the cells again from the top.
        """)]
    prompts = [
        ("q1", "pandas · recall", "How many evidence rows does this reading have?", "n_rows = ...  # a whole number"),
        ("q2", "pandas · recall", "Which theme has the most evidence rows in this reading? Give the theme's code, as in the table (e.g. `\"energy\"`). If two themes tie, either is accepted.",
         "top_theme = ...  # text, in quotation marks"),
        ("q3", "pandas · interpretation", "Counting each distinct event or claim once (not each row), which `tie` level is the most "
         "common in this reading? Give it as text, as the tables above write it (`\"distance\"`, `\"partnership\"`, `\"alignment\"`, "
         "`\"alliance\"` or `\"(level not shown)\"`). If two levels tie, either is accepted.",
         "top_tie = ...  # text, in quotation marks"),
    ]
    number = 0
    for qid, kind, prompt, answer in prompts:
        number += 1
        cells += [md(f"**Question {number}** ({kind}). {prompt}"), code(answer), code(f'check("{qid}")')]
    for item in content.get("choice_questions", []):
        number += 1
        options = "\n".join(f"- **{k}.** {v}" for k, v in sorted(item["choices"].items()))
        cells += [md(f"**Question {number}** ({item.get('kind', 'interpretation')}). {item['prompt'].strip()}\n\n{options}\n\nAnswer with the letter, as text."),
                  code(f"{item['variable']} = ...  # a letter in quotation marks, e.g. \"A\""), code(f'check("{item["qid"]}")')]
    for item in content.get("evidence_questions", []):
        number += 1
        rule = (f"\n\n> **The course's rule for the strongest evidence** (the same in every lesson): {STRONGEST_EVIDENCE_RULE}\n>\n"
                "> In the table: rows consistent with one reading and inconsistent with the other have that reading in "
                "`supports`; the tie levels run distance < partnership < alignment < alliance; `evidence_type` says "
                "whether a row is an event, a statistic, a statement (someone's own words), a judgement or a forecast; "
                "rows of one event or claim share an `event_key` or `claim_key`.") if item.get("side") else ""
        cells += [md(f"**Question {number}** ({item.get('kind', 'evaluation')}). {item['prompt'].strip()}{rule}"),
                  code(f"{item['variable']} = ...  # an evidence id in quotation marks"), code(f'check("{item["qid"]}")')]
    open_items = content.get("open_questions", [])
    if open_items:
        cells.append(md("## For discussion or writing\n\nThese have no single right answer. Write a short paragraph; the check only makes sure you wrote one."))
        for item in open_items:
            cells += [md(f"**{item.get('label', 'Open question')}.** {item['prompt'].strip()}\n\n"
                         f"*Write at least {int(item.get('min_words', 30))} words.*"),
                      code(f'{item["variable"]} = """\n...\n"""'), code(f'check("{item["qid"]}")')]
    summary = content.get("summary")
    if summary:
        cells += [md("## The reading in one sentence\n\nWrite, in one sentence of your own, where this reading stands on *alliance or necessity?* "
                     f"and why (at least {int(summary.get('min_words', 12))} words). Then run the check: it shows our summary, "
                     "to compare with yours."),
                  code(f'{summary.get("variable", "my_summary")} = ...  # one sentence, in quotation marks'),
                  code(f'check("{summary.get("qid", "summary")}")')]
    return cells


# ---------------------------------------------------------------- navigation


def navigation_markdown(previous: Path | None, following: Path | None, start: Path) -> str:
    """Return the navigation line: previous · contents · next."""
    parts = []
    parts.append(f"[← Previous: {notebook_title(previous)}]({previous.name})" if previous else "← (this is the first lesson)")
    parts.append(f"[Contents]({start.name}#course-contents)")
    parts.append(f"[Next: {notebook_title(following)} →]({following.name})" if following else "(this is the last lesson) →")
    return " | ".join(parts)


#: An explicit anchor before the contents heading. JupyterLab spells a heading's anchor with its capitals
#: (#Course-contents), the course site in lower case (#course-contents); the navigation links use the site's
#: spelling, and this anchor lets JupyterLab follow them too. The site build drops it (it would repeat the id
#: of the heading's own section there): see aon.authoring.site.drop_jupyterlab_anchors.
CONTENTS_ANCHOR = '<a id="course-contents"></a>'


def contents_markdown(lessons: list[Path], exercises: list[Path]) -> str:
    """Return the course contents list written into the start-here notebook."""
    lines = [CONTENTS_ANCHOR, "", "## Course contents", "", "Lessons, in order:", ""]
    for path in lessons:
        lines.append(f"- {lesson_number(path):02d} · [{notebook_title(path)}]({path.name})")
    if exercises:
        lines += ["", "Graded exercises:", ""]
        for path in exercises:
            rel = Path("..") / path.relative_to(exercises_dir().parent)
            lines.append(f"- [{notebook_title(path)}]({rel.as_posix()})")
    return "\n".join(lines)


def what_comes_next_markdown(last_reading: bool) -> str:
    """The closing "What comes next" cell of a reading lesson: the next reading, or the comparative lessons."""
    if last_reading:
        text = f"""
            ## What comes next

            This is the last reading lesson. Next come the comparative lessons, from lesson {FIRST_COMPARATIVE} on, where you
            set the readings side by side. Keep your summary: you will need it there.
            """
    else:
        text = """
            ## What comes next

            The next lesson takes the next reading in order of (known or estimated) publication. Keep your summary: in
            the comparative lessons you will set the readings side by side.
            """
    return textwrap.dedent(text).strip()


def stamp_navigation() -> list[Path]:
    """Rewrite the navigation and contents cells of every lesson, and the "What comes next" cell of every
    reading lesson (only the last one leads to the comparative lessons); return the notebooks changed.

    The marked spans of every lesson's prose that count or date the readings are rewritten from the data
    too (:func:`stamp_scope`)."""
    lessons = lesson_notebooks()
    changed = []
    for path in lessons:
        notebook = nbformat.read(path, as_version=4)
        before = nbformat.writes(notebook)
        stamp_notebook(notebook, path, lessons)
        if nbformat.writes(notebook) != before:
            nbformat.write(notebook, path)
            changed.append(path)
    return changed


def stamp_notebook(notebook: NotebookNode, path: Path, lessons: list[Path] | None = None) -> NotebookNode:
    """Stamp, in memory, the navigation, contents and "What comes next" cells of the lesson that is (or will
    be) at ``path``, among ``lessons`` (by default the lessons on disk), and the spans of its prose that count
    or date the readings (:func:`stamp_scope_cells`); return the notebook, changed in place.

    This is what :func:`stamp_navigation` does to each file; the tests use it to rebuild a lesson exactly.
    """
    lessons = lesson_notebooks() if lessons is None else lessons
    if path not in lessons:
        lessons = sorted([*lessons, path])
    i = lessons.index(path)
    readings = [p for p in lessons if is_reading_lesson(p)]
    nav = navigation_markdown(lessons[i - 1] if i else None, lessons[i + 1] if i + 1 < len(lessons) else None, lessons[0])
    for cell in notebook.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if NAV_TAG in tags:
            cell.source = nav
        elif CONTENTS_TAG in tags:
            cell.source = contents_markdown(lessons, student_notebooks())
        elif NEXT_TAG in tags and path in readings:
            cell.source = what_comes_next_markdown(path == readings[-1])
    stamp_scope_cells(notebook, path.name)  # counts and years of the readings, from the data
    return notebook


def executed(notebook: NotebookNode, folder: Path, name: str, timeout: int = 300) -> NotebookNode:
    """Run ``notebook`` top to bottom in a fresh kernel with ``folder`` as working directory; return it with outputs.

    A cell that fails raises a CourseError naming the notebook and quoting the error's last line (for
    example "Evidence id 'x-04' not found. Did you mean 'x-03'?"), instead of nbclient's traceback.
    The kernel's own start-up warnings are kept out of the terminal; its errors still show.
    """
    # lazy: only running notebooks needs the kernel client
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError  # (as above)

    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", record_timing=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(folder)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        raise CourseError(f"{name}: a cell failed when the notebook was run: {cell_error_summary(exc)}. "
                          "Nothing was written to it; fix the cause (often the reading's content file or "
                          "its evidence rows) and run the command again.") from None
    return notebook


#: A terminal colour code, as IPython puts in the tracebacks nbclient quotes ("\x1b[31mKeyError\x1b[39m").
_ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def cell_error_summary(exc: BaseException) -> str:
    """The error of a failed cell in one plain line: "KeyError: 'ids'", with no terminal colour codes."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        line = f"{ename}: {evalue}" if evalue else str(ename)
    else:
        lines = [line for line in str(exc).strip().splitlines() if line.strip()]
        line = lines[-1] if lines else str(exc) or type(exc).__name__
    return _ANSI_COLOUR.sub("", line).strip()


def execute_notebook(path: Path, timeout: int = 300) -> None:
    """Run a notebook top to bottom in a fresh kernel, in its own folder, and store the outputs.

    The file is rewritten only if every cell ran: a failure leaves it as it was.
    """
    notebook = nbformat.read(path, as_version=4)
    nbformat.write(executed(notebook, path.parent, path.name, timeout), path)


def write_reading_lesson(article_id: str, force: bool = False, execute: bool = True) -> Path:
    """Write (and by default execute) a reading's lesson; refuse to overwrite unless ``force``.

    The lesson is built and run in memory first, so a mistake in its content file or data is
    reported and the notebook already on disk (if any) is left untouched.
    """
    info = article_info(article_id)
    path = notebooks_dir() / lesson_filename(article_id, int(info["sequence"]))
    if path.exists() and not force:
        raise CourseError(f"{path.relative_to(notebooks_dir().parent)} exists already; it may hold someone's work. "
                          "Use --force to replace it (its outputs and any edits will be lost).")
    notebook = build_reading_lesson(article_id)
    if execute:
        notebook = executed(notebook, path.parent, path.name)
    nbformat.write(notebook, path)
    stamp_navigation()
    return path


# ---------------------------------------------------------------- command line

def lessons_using_every_reading() -> list[Path]:
    """The start-here lesson and the comparative lessons: their outputs change when a reading is added."""
    return [p for p in lesson_notebooks() if not is_reading_lesson(p)]


def _run_new_lesson(args: argparse.Namespace) -> int:
    path = write_reading_lesson(args.article_id, force=args.force, execute=not args.no_execute)
    print(f"wrote {path.relative_to(notebooks_dir().parent)}; navigation re-stamped on {len(lesson_notebooks())} lessons.")
    if listed := list_in_syllabus(path):
        print(listed)
    if not args.no_execute:
        for other in lessons_using_every_reading():
            execute_notebook(other)
        print(f"re-ran {len(lessons_using_every_reading())} lessons that compare all the readings, so their stored outputs include it.")
    if not content_path(args.article_id).exists():
        print(f"Tip: write notebooks/content/{args.article_id}.toml (see blank-2016.toml) for guided-reading text, "
              f"questions and a summary, then run 'aon new-lesson {args.article_id} --force' again.")
    return 0


def _run_build_lessons(args: argparse.Namespace) -> int:
    for article_id in load_articles()["article_id"]:
        path = write_reading_lesson(article_id, force=True, execute=not args.no_execute)
        print(f"built {path.name}")
    return 0


def _run_stamp(args: argparse.Namespace) -> int:
    changed = stamp_navigation()
    print(f"navigation stamped; {len(changed)} notebook(s) changed.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    new = subparsers.add_parser("new-lesson", help="write the guided-reading notebook of a reading and re-stamp navigation")
    new.add_argument("article_id")
    new.add_argument("--force", action="store_true", help="replace an existing lesson notebook")
    new.add_argument("--no-execute", action="store_true", help="do not run the notebook to store its outputs")
    new.set_defaults(func=_run_new_lesson)
    build = subparsers.add_parser("build-lessons", help="rebuild every reading's lesson from the template (replaces them)")
    build.add_argument("--no-execute", action="store_true")
    build.set_defaults(func=_run_build_lessons)
    stamp = subparsers.add_parser("stamp-navigation", help="rewrite previous/contents/next on every lesson")
    stamp.set_defaults(func=_run_stamp)


# ---------------------------------------------------------------- counts and dates stamped from the data

#: A span of lesson prose that states a fact of the whole corpus, rewritten from data/articles.csv whenever
#: navigation is stamped: ``<!-- scope:count -->five<!-- /scope -->``. Markdown hides the comments, so a
#: reader sees only "five". A bare ``<!-- scope -->`` means ``scope:readings``. The kinds are those of
#: :func:`scope_values`.
SCOPE_SPAN = re.compile(r"<!-- scope(?::([a-z-]+))? -->(.*?)<!-- /scope -->", re.S)


def scope_values(articles=None) -> dict[str, str]:
    """What the course's readings are, in words, for the marked spans of the lessons and the site.

    - ``count``: how many readings, in words ("five");
    - ``years``: the years they span, from the earliest ``date_earliest`` to the latest ``date_latest`` of
      data/articles.csv ("2016–2022"). An undated reading counts with the bounds the course infers for it
      (bear-dragon-nd: 2018–2019, inside the others'), so the range never rests on a guessed day;
    - ``first-year`` and ``last-year``: the two ends of that range;
    - ``readings``: both, as "five readings (2016–2022)";
    - ``lessons``: the reading lessons' numbers, "01–05";
    - ``combinations``: how many non-empty sets of readings there are (31 for five).
    """
    articles = load_articles() if articles is None else articles
    count = len(articles)
    first, last = int(articles["date_earliest"].min().year), int(articles["date_latest"].max().year)
    years = f"{first}–{last}" if first != last else str(first)
    top = int(articles["sequence"].max()) if count else 0
    return {"count": number_in_words(count), "years": years, "first-year": str(first), "last-year": str(last),
            "readings": f"{number_in_words(count)} reading{'s' if count != 1 else ''} ({years})",
            "lessons": f"01–{top:02d}" if top > 1 else "01", "combinations": str(2 ** count - 1)}


def stamp_scope(text: str, values: dict[str, str] | None = None, where: str = "") -> str:
    """Rewrite every marked span of ``text`` (see :data:`SCOPE_SPAN`) from the data; keep a capital first letter."""
    if "<!-- scope" not in text:
        return text
    values = scope_values() if values is None else values

    def rewrite(match: re.Match) -> str:
        kind = match.group(1) or "readings"
        if kind not in values:
            raise CourseError(f"{where or 'a marked span'}: '<!-- scope:{kind} -->' is not a kind of span the course "
                              f"knows; use one of {', '.join(sorted(values))}.")
        value = values[kind]
        if match.group(2)[:1].isupper():
            value = value[:1].upper() + value[1:]
        return f"<!-- scope{':' + match.group(1) if match.group(1) else ''} -->{value}<!-- /scope -->"

    return SCOPE_SPAN.sub(rewrite, text)


def stamp_scope_cells(notebook: NotebookNode, where: str = "", values: dict[str, str] | None = None) -> None:
    """Rewrite the marked spans of every markdown cell of ``notebook`` in place (code cells and outputs untouched)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and "<!-- scope" in cell.source:
            values = scope_values() if values is None else values
            cell.source = stamp_scope(cell.source, values, where)


# ---------------------------------------------------------------- the syllabus's table of lessons

#: A row of docs/syllabus.md's "Lessons at a glance" table (tests/test_syllabus.py reads it the same way).
SYLLABUS_ROW = re.compile(r"^\| (\d{2}) \| \[.*\]\(\.\./notebooks/(.+?\.ipynb)\) \| (\d+) min \|$", re.M)
#: The sentence under the table that gives the lessons' total time.
SYLLABUS_TOTAL = re.compile(r"All \w+ lessons: about \d+ hours \(\d+ minutes\)")


def syllabus_path() -> Path:
    """docs/syllabus.md, the plan an instructor hands out."""
    return notebooks_dir().parent / "docs" / "syllabus.md"


def stated_minutes(path: Path) -> int | None:
    """The **Estimated time** a lesson states at its top, in minutes (None if it states none)."""
    notebook = nbformat.read(path, as_version=4)
    found = re.search(r"\*\*Estimated time:\*\*\s*(\d+)\s*minutes", "\n".join(c.source for c in notebook.cells[:4]))
    return int(found.group(1)) if found else None


def syllabus_with(text: str, rows: dict[str, str]) -> str:
    """``text`` (docs/syllabus.md) with its lessons table holding exactly ``rows`` (file name -> row) in number
    order, and the total time under it added up again. Rows of lessons not in ``rows`` leave the table."""
    found = list(SYLLABUS_ROW.finditer(text))
    if not found:
        return text
    start, end = found[0].start(), found[-1].end()
    ordered = [rows[name] for name in sorted(rows)]
    text = text[:start] + "\n".join(ordered) + text[end:]
    total = sum(int(m.group(3)) for m in SYLLABUS_ROW.finditer(text))
    count = len(ordered)
    words = number_in_words(count)
    return SYLLABUS_TOTAL.sub(f"All {words} lessons: about {round(total / 60)} hours ({total} minutes)", text, count=1)


def syllabus_rows(text: str) -> dict[str, str]:
    """The rows of the syllabus's lessons table, by notebook file name."""
    return {m.group(2): m.group(0) for m in SYLLABUS_ROW.finditer(text)}


def list_in_syllabus(path: Path) -> str:
    """Add a lesson's row to docs/syllabus.md's table (its number, title and stated time) and add up the total
    again; return what was done, in words ("" if it was listed already or there is no syllabus)."""
    syllabus = syllabus_path()
    if not syllabus.is_file():
        return ""
    text = syllabus.read_text(encoding="utf-8")
    rows = syllabus_rows(text)
    if path.name in rows:
        return ""
    minutes = stated_minutes(path) or 45
    rows[path.name] = f"| {lesson_number(path):02d} | [{notebook_title(path)}](../notebooks/{path.name}) | {minutes} min |"
    syllabus.write_text(syllabus_with(text, rows), encoding="utf-8")
    return (f"listed it in docs/syllabus.md ({minutes} min, the time the lesson states); put it into your week plan "
            "there yourself.")


def syllabus_without(names: list[str]) -> tuple[Path, str] | None:
    """docs/syllabus.md's path and its text without the rows of the lesson notebooks ``names`` (None if unchanged)."""
    syllabus = syllabus_path()
    if not syllabus.is_file():
        return None
    text = syllabus.read_text(encoding="utf-8")
    rows = syllabus_rows(text)
    if not any(name in rows for name in names):
        return None
    return syllabus, syllabus_with(text, {name: row for name, row in rows.items() if name not in names})
