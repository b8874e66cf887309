"""The course's figures: one look across the course, saved for Markdown display with alt text.

Figures are drawn with matplotlib's object interface, saved as PNG into
``figures/`` beside the notebook with :func:`save_figure`, and shown from a
Markdown cell as ``![alt text](figures/NAME.png)`` followed by a numbered
caption, so that the alt text travels with the figure into JupyterLab, the
course website and any export. Each plotting function has a companion
``*_alt_text`` function that describes the same data in words.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # figures are saved, then shown from Markdown with alt text
import base64
import html

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from .codebook import ALLIANCE_SIDE
from .palette import (  # noqa: E402
    CATEGORICAL,
    EDGE_COLOUR,
    MARKERS,
    SEQUENTIAL_CMAP,
    SUPPORTS_COLOURS,
    SUPPORTS_HATCHES,
    SUPPORTS_ORDER,
)

STYLE = {
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "hatch.color": EDGE_COLOUR,
    "hatch.linewidth": 0.6,
    # Unhinted text, as matplotlib's own image tests use: the PNGs depend less on the FreeType build
    # that draws them (fewer spurious changes when a student reruns a lesson), and drawing is about 8% faster.
    "text.hinting": "none",
    # Titles sit at the top edge of their axes. The default (None) makes matplotlib search, at every draw,
    # for tick labels above the axes to move the title clear of; no course figure has any, so the
    # pixels are the same (a test checks every kind of figure) and drawing is about 8% faster.
    "axes.titley": 1.0,
    # Grid lines behind the bars and marks, not across them.
    "axes.axisbelow": True,
}


def new_figure(width: float = 8, height: float = 4.5, nrows: int = 1, ncols: int = 1) -> tuple[Figure, Any]:
    """Return a figure in the course style and its axes (one Axes, or an array of them for a grid of panels).

    The figure belongs to you, not to pyplot: it never shows up in ``plt.gcf()`` or needs ``plt.close``,
    so a lesson that draws many figures leaves no open ones behind.
    """
    with plt.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=True)
    return fig, axes


def drawn_bars(positions: Any, lengths: Any, starts: Any = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the positions, lengths and starts of the bars that have a length, for ``bar`` or ``barh``.

    A bar of length 0 shows nothing but a sliver of its edge, yet matplotlib still builds and draws it (with its
    hatching). Stacked and grouped bar charts of counts have many; leaving them out draws the same chart faster.
    """
    positions, lengths = np.asarray(positions), np.asarray(lengths, dtype=float)
    starts = np.broadcast_to(np.asarray(starts, dtype=float), lengths.shape)
    keep = lengths != 0
    return positions[keep], lengths[keep], starts[keep]


def render_png(fig: Figure) -> bytes:
    """Draw ``fig`` on a white background at the course's resolution and return it as PNG bytes.

    The pixels are those ``fig.savefig(..., format="png", facecolor="white")`` draws (the course's
    tests check this), and there is no timestamp, so reruns give the same file. It is quicker and the
    file smaller: the figure is drawn once (``savefig`` draws a figure with a layout engine twice),
    the background is opaque so the image is stored without an alpha channel, and zlib is told to
    compress at level 3 rather than 6, which here makes files no larger.
    """
    from PIL import Image  # lazy: Pillow is needed only when a figure is saved

    dpi = STYLE["savefig.dpi"]
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    with plt.rc_context(STYLE):
        fig.set_dpi(dpi)
        fig.set_facecolor("white")
        canvas.draw()
        image = Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", dpi=(dpi, dpi), compress_level=3)
    return buffer.getvalue()


def save_figure(fig: Figure, name: str, folder: str | Path = "figures", quiet: bool = False) -> None:
    """Save ``fig`` as ``folder/name.png`` (no timestamps, so reruns give the same file) and close it.

    Prints where it went (unless ``quiet``); the notebook shows the file from a Markdown cell with alt text.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    path.write_bytes(render_png(fig))
    plt.close(fig)
    if not quiet:
        print(f"Figure saved as {path.as_posix()}; it is shown below with its caption.")


def supports_legend(ax: plt.Axes, title: str = "supports", **kwargs) -> None:
    """Add the standard legend of the three readings (colour and hatch) to ``ax``."""
    handles = [Patch(facecolor=SUPPORTS_COLOURS[s], hatch=SUPPORTS_HATCHES[s], edgecolor=EDGE_COLOUR, label=s)
               for s in SUPPORTS_ORDER]
    ax.legend(handles=handles, title=title, frameon=False, **kwargs)


def theme_supports_counts(evidence: pd.DataFrame) -> pd.DataFrame:
    """Count evidence rows by theme (rows) and supports value (columns), most evidence first."""
    table = pd.crosstab(evidence["theme"], evidence["supports"]).reindex(columns=SUPPORTS_ORDER, fill_value=0)
    table = table.assign(_total=table.sum(axis=1)).sort_values(["_total"], ascending=True, kind="stable")
    return table.drop(columns="_total")


def plot_evidence_by_theme(evidence: pd.DataFrame, title: str) -> Figure:
    """Horizontal stacked bars: evidence rows per theme, split by which reading they support."""
    counts = theme_supports_counts(evidence)
    fig, ax = new_figure(8, 0.45 * len(counts) + 1.6)
    rows = np.arange(len(counts))
    left = np.zeros(len(counts))
    for supports in SUPPORTS_ORDER:
        y, width, start = drawn_bars(rows, counts[supports], left)
        ax.barh(y, width, left=start, color=SUPPORTS_COLOURS[supports],
                hatch=SUPPORTS_HATCHES[supports], edgecolor=EDGE_COLOUR, linewidth=0.6, label=supports)
        left = left + counts[supports].to_numpy()
    ax.set_yticks(rows, counts.index)
    ax.set_xlabel("number of evidence rows")
    ax.set_title(title)
    ax.xaxis.get_major_locator().set_params(integer=True)
    supports_legend(ax, loc="lower right")
    return fig


def evidence_by_theme_alt_text(evidence: pd.DataFrame, subject: str) -> str:
    """Describe :func:`plot_evidence_by_theme` in words, from the same data."""
    counts = theme_supports_counts(evidence).iloc[::-1]
    parts = []
    for theme, row in counts.iterrows():
        split = ", ".join(f"{int(row[s])} {s}" for s in SUPPORTS_ORDER if row[s])
        parts.append(f"{theme.replace('_', ' ')} {int(row.sum())} ({split})")
    totals = evidence["supports"].value_counts().reindex(SUPPORTS_ORDER, fill_value=0)
    return (f"Horizontal stacked bar chart of the {len(evidence)} evidence rows of {subject} by theme, "
            f"coloured by the reading they support. In total {totals['alliance']} alliance, "
            f"{totals['necessity']} necessity, {totals['ambiguous']} ambiguous. By theme, largest first: "
            + "; ".join(parts) + ".")


def plot_evidence_along_text(evidence: pd.DataFrame, text_length: int, title: str) -> Figure:
    """One mark per evidence row at its position in the text: how the argument moves from start to end."""
    fig, ax = new_figure(8, 2.6)
    levels = {s: i for i, s in enumerate(reversed(SUPPORTS_ORDER))}
    markers = {"alliance": "o", "necessity": "s", "ambiguous": "D"}
    for supports in SUPPORTS_ORDER:
        rows = evidence[evidence["supports"] == supports]
        position = 100 * rows["start"].astype(float) / text_length
        ax.scatter(position, [levels[supports]] * len(rows), s=70, marker=markers[supports],
                   color=SUPPORTS_COLOURS[supports], edgecolor=EDGE_COLOUR, linewidth=0.8, label=supports, zorder=3)
    ax.set_yticks(list(levels.values()), list(levels.keys()))
    ax.set_xlim(-3, 103)  # room for a mark at the very start or end
    ax.set_ylim(-0.7, len(levels) - 0.3)
    ax.set_xlabel("position in the article (% of its length, start to end)")
    ax.grid(axis="x", color="#DDDDDD", zorder=0)
    ax.set_title(title)
    return fig


def evidence_along_text_alt_text(evidence: pd.DataFrame, text_length: int, subject: str) -> str:
    """Describe :func:`plot_evidence_along_text` in words: where each reading's evidence falls."""
    thirds = pd.cut(100 * evidence["start"].astype(float) / text_length, [-1, 100 / 3, 200 / 3, 101],
                    labels=["first third", "middle third", "last third"])
    table = pd.crosstab(thirds, evidence["supports"]).reindex(columns=SUPPORTS_ORDER, fill_value=0)
    table = table.reindex(["first third", "middle third", "last third"], fill_value=0)
    parts = [f"{part}: " + ", ".join(f"{int(row[s])} {s}" for s in SUPPORTS_ORDER) for part, row in table.iterrows()]
    return (f"Dot plot of where the {len(evidence)} evidence rows of {subject} stand in the text, "
            f"one row of dots per reading (alliance, necessity, ambiguous), from the start to the end of the article. "
            + "; ".join(parts) + ".")


class FigureWithAltText:
    """A rendered figure that displays in Jupyter as an HTML ``<figure>`` with alt text and a caption.

    Its plain-text form (what screen readers of text exports and the tests see) is the caption
    followed by the description.
    """

    def __init__(self, png: bytes, alt: str, caption: str):
        self.png, self.alt, self.caption = png, alt, caption

    def _repr_html_(self) -> str:

        data = base64.b64encode(self.png).decode("ascii")
        return (f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}" '
                f'style="max-width:100%"><figcaption><em>{html.escape(self.caption)}</em></figcaption></figure>')

    def __repr__(self) -> str:
        return f"{self.caption}\nDescription: {self.alt}"


def show_figure(fig: Figure, alt: str, caption: str) -> FigureWithAltText:
    """Close ``fig`` and return it as a displayable figure with ``alt`` text and a numbered ``caption``.

    Use it as the last line of a cell: ``show_figure(fig, alt="Bar chart of ...", caption="Figure 10.1: ...")``.
    The alt text should say what the chart shows (its type, axes and main values), computed from the data.
    """
    if not alt.strip() or not caption.strip():
        raise ValueError("a figure needs both alt text and a caption")
    png = render_png(fig)
    plt.close(fig)
    return FigureWithAltText(png, alt.strip(), caption.strip())


def plot_publication_dates(articles: pd.DataFrame) -> Figure:
    """One line per reading from its earliest to its latest possible publication date; a dot where the day is known."""
    ordered = articles.sort_values("sequence", ascending=False, ignore_index=True)
    fig, ax = new_figure(8, 0.55 * len(ordered) + 1.4)
    for i, row in ordered.iterrows():
        colour, marker = CATEGORICAL[i % len(CATEGORICAL)], MARKERS[i % len(MARKERS)]
        if row["date_earliest"] == row["date_latest"]:
            ax.plot([row["date_earliest"]], [i], marker=marker, color=colour, markersize=9, markeredgecolor=EDGE_COLOUR)
        else:
            ax.plot([row["date_earliest"], row["date_latest"]], [i, i], color=colour, linewidth=6, solid_capstyle="butt")
    ax.set_yticks(range(len(ordered)), ordered["article_id"])
    ax.set_xlabel("publication date (a bar spans the likely dates where the exact day is unknown)")
    ax.set_title("When were the readings published? Source: data/articles.csv")
    ax.grid(axis="x", color="#DDDDDD")
    return fig


def publication_dates_alt_text(articles: pd.DataFrame) -> str:
    """Describe :func:`plot_publication_dates` in words."""
    parts = []
    for _, row in articles.sort_values("sequence").iterrows():
        start, end = row["date_earliest"].date(), row["date_latest"].date()
        when = f"on {start}" if start == end else f"between {start} and {end}"
        parts.append(f"{row['article_id']} {when}")
    return ("Timeline chart with one line per reading, in reading order, showing the span of likely publication dates (some bounds are inferences, see date_basis): "
            + "; ".join(parts) + ".")


# ---------------------------------------------------------------- codebook 2: tie × driver per reading (lesson 11)

#: Short labels for the drivers on a figure's axis.
DRIVER_LABELS: dict[str, str] = {
    "shared_threat": "shared threat",
    "economic_opportunity": "economic opportunity",
    "asymmetry_dependence": "asymmetry / dependence",
    "shared_regime_ideas": "shared regime / ideas",
    "none_stated": "none stated",
}



def _tie_rows_top_down(levels: list[str]) -> list[tuple[str, float]]:
    """Vertical positions of the tie levels: most committed at the top, '(level not shown)' set apart at the bottom."""
    ordered = [level for level in reversed(levels[1:])]
    return [(level, float(i)) for i, level in enumerate(ordered)] + [(levels[0], len(ordered) + 0.35)]


def plot_tie_driver(rows: pd.DataFrame, units: pd.DataFrame, title: str) -> Figure:
    """One small grid per reading: tie level (rows) × driver (columns), each cell labelled "rows (events/claims)".

    ``rows`` and ``units`` are :func:`aon.lessons.lesson11_who_says_what.tie_driver_counts` per row and per unit. Levels run from the most
    committed (alliance) at the top down to distance; '(level not shown)' sits apart below them. Cells are shaded by
    the number of rows (cividis, colour-blind safe and monotone in grey); empty cells stay white.
    """

    readings = list(dict.fromkeys(rows.index.get_level_values(0)))
    levels = list(dict.fromkeys(rows.index.get_level_values(1)))
    drivers = list(rows.columns)
    fig, axes = new_figure(2.35 * max(len(readings), 1) + 1.9, 4.6, ncols=max(len(readings), 1))
    axes = np.atleast_1d(axes)
    cmap = matplotlib.colormaps[SEQUENTIAL_CMAP]
    vmax = max(int(rows.to_numpy().max()) if rows.size else 0, 1)
    positions = _tie_rows_top_down(levels)
    for k, (ax, reading) in enumerate(zip(axes, readings, strict=True)):
        for level, y in positions:
            for x, driver in enumerate(drivers):
                n, u = int(rows.at[(reading, level), driver]), int(units.at[(reading, level), driver])
                shade = 0.15 + 0.85 * n / vmax
                face = "white" if n == 0 else cmap(shade)
                ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=face, edgecolor="#BBBBBB", linewidth=0.6))
                if n:
                    ax.text(x, y, f"{n}\n({u})", ha="center", va="center", fontsize=7.5, linespacing=0.95,
                            color="black" if shade > 0.45 else "white")
        ax.axhline(len(levels) - 1.5 + 0.175, color=EDGE_COLOUR, linewidth=0.8, linestyle="--")
        ax.set_xlim(-0.5, len(drivers) - 0.5)
        ax.set_ylim(positions[-1][1] + 0.5, -0.5)
        ax.set_xticks(range(len(drivers)), [DRIVER_LABELS.get(d, d.replace("_", " ")) for d in drivers],
                      rotation=50, ha="right", fontsize=8.5)
        ax.set_yticks([y for _, y in positions], [level for level, _ in positions] if k == 0 else [])
        ax.tick_params(length=0)
        ax.spines[["left", "bottom"]].set_visible(False)
        ax.set_title(reading, fontsize=11)
    axes[0].set_ylabel("tie (most committed at the top)")
    fig.supxlabel("driver: what the evidence says brings the two together", fontsize=10)
    fig.suptitle(title)
    return fig


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _alliance_of_necessity(table: pd.DataFrame, reading: str) -> int:
    return int(sum(table.at[(reading, level), "shared_threat"] for level in ALLIANCE_SIDE))


def tie_driver_alt_text(rows: pd.DataFrame, units: pd.DataFrame) -> str:
    """Describe :func:`plot_tie_driver` in words: per reading its tie levels, its main driver and its largest cell."""
    readings = list(dict.fromkeys(rows.index.get_level_values(0)))
    levels = list(dict.fromkeys(rows.index.get_level_values(1)))
    parts = []
    for reading in readings:
        r, u = rows.loc[reading], units.loc[reading]
        ties = ", ".join(f"{level} {int(r.loc[level].sum())} ({int(u.loc[level].sum())})" for level in levels)
        driver_totals = r.sum(axis=0)
        top_driver = driver_totals.idxmax()
        stacked = r.stack()
        (level, driver), most = stacked.idxmax(), int(stacked.max())
        parts.append(f"{reading}, {int(r.to_numpy().sum())} rows ({int(u.to_numpy().sum())} events and claims): {ties}; "
                     f"most common driver {DRIVER_LABELS.get(top_driver, top_driver)} ({_rows(int(driver_totals.max()))}); "
                     f"largest cell {level} × {DRIVER_LABELS.get(driver, driver)} ({_rows(most)}); "
                     f"alignment or alliance with a shared threat {_rows(_alliance_of_necessity(rows, reading))} "
                     f"({_alliance_of_necessity(units, reading)})")
    return (f"{len(readings)} small grids side by side, one per reading, each with tie levels as rows (alliance at the top, "
            f"then alignment, partnership, distance, and set apart below a dashed line, level not shown) and "
            f"{len(rows.columns)} drivers as columns; each cell gives the number of evidence rows and, in brackets, of "
            f"distinct events and claims, darker for fewer rows, white when empty. Counts per tie level are rows "
            f"(events and claims). " + ". ".join(parts) + ".")
