"""The course's colours: one place, colour-blind safe, readable in greyscale.

Colours come from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design",
2008), chosen to stay distinct for the common forms of colour blindness. The
three ``supports`` values also differ in lightness (CIE L* about 46, 71 and 88)
and carry hatch patterns, so a greyscale print still tells them apart.
tests/test_palette.py checks these claims.
"""
from __future__ import annotations

#: Colour for each reading of the relationship, as used in every figure.
SUPPORTS_COLOURS: dict[str, str] = {
    "alliance": "#0072B2",   # Okabe–Ito blue, L* 46
    "necessity": "#E69F00",  # Okabe–Ito orange, L* 71
    "ambiguous": "#DDDDDD",  # light grey, L* 88 (drawn with a dark edge)
}

#: Hatch pattern for each reading, so greyscale prints stay readable.
SUPPORTS_HATCHES: dict[str, str] = {"alliance": "", "necessity": "//", "ambiguous": ".."}

#: Order in which the readings are listed in tables and legends.
SUPPORTS_ORDER: list[str] = ["alliance", "necessity", "ambiguous"]

#: Categorical colours (Okabe–Ito order) for articles or other categories.
CATEGORICAL: list[str] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]

#: Marker shapes to pair with CATEGORICAL, so categories differ without colour too.
MARKERS: list[str] = ["o", "s", "^", "D", "v", "P", "X", "*"]

#: Sequential colour map for counts (perceptually uniform, colour-blind safe, greyscale monotone).
SEQUENTIAL_CMAP = "cividis"

EDGE_COLOUR = "#333333"
