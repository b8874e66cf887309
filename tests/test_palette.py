"""The course palette (aon.palette) stays readable with colour-vision deficiencies and in greyscale.

Method: each colour is converted to linear sRGB, passed through the Machado, Oliveira &
Fernandes (2009) full-severity matrices for protanopia, deuteranopia and tritanopia (the
matrices from their paper's table for severity 1.0, applied to linear RGB), then to CIELAB
(D65), and every pair is compared with CIEDE2000 (Sharma, Wu & Dalal 2005; the two
reference pairs of their test data are checked below so the formula is trustworthy).

Thresholds, and why:
- ΔE00 >= 10 for every pair of categorical colours, under normal vision and each
  simulation. A just-noticeable difference is about 1–2.3 units; chart marks are small and
  read at a glance, not side by side, so we ask for several times that. (The Okabe–Ito
  colours reach 10.9 at worst, orange vs reddish purple under tritanopia, so 10 is
  also the most this palette can promise: a new colour that comes closer fails.)
- ΔE00 >= 20 between the three ``supports`` colours (alliance, necessity, ambiguous): the
  course's central distinction must be unmistakable, not merely distinguishable.
- CIE L* differing by >= 15 between the supports colours, so a greyscale print (or
  achromatopsia) still separates them; L* is what a greyscale conversion keeps.
"""
from __future__ import annotations

import itertools
import math

import pytest

from aon import palette

MACHADO_2009 = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
VISIONS = [None, *MACHADO_2009]
MIN_DELTA_E_CATEGORICAL = 10.0
MIN_DELTA_E_SUPPORTS = 20.0
MIN_LIGHTNESS_GAP_SUPPORTS = 15.0


def linear_rgb(hex_colour: str) -> list[float]:
    text = hex_colour.lstrip("#")
    assert len(text) == 6, f"{hex_colour!r} is not a #RRGGBB colour"
    channels = [int(text[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def simulate(rgb: list[float], vision: str | None) -> list[float]:
    if vision is None:
        return rgb
    matrix = MACHADO_2009[vision]
    return [min(1.0, max(0.0, sum(matrix[i][j] * rgb[j] for j in range(3)))) for i in range(3)]


def lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x / 0.95047), f(y / 1.0), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dlp, dcp = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    else:
        dhp = h2p - h1p
        dhp -= 360 if dhp > 180 else 0
        dhp += 360 if dhp < -180 else 0
    d_big_hp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lbp, cbp = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    else:
        hbp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbp - 30)) + 0.24 * math.cos(math.radians(2 * hbp))
         + 0.32 * math.cos(math.radians(3 * hbp + 6)) - 0.20 * math.cos(math.radians(4 * hbp - 63)))
    d_theta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cbp ** 7 / (cbp ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / math.sqrt(20 + (lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (d_big_hp / sh) ** 2 + rt * (dcp / sc) * (d_big_hp / sh))


def seen(hex_colour: str, vision: str | None) -> tuple[float, float, float]:
    return lab(simulate(linear_rgb(hex_colour), vision))


def test_ciede2000_matches_published_test_data():
    # Sharma, Wu & Dalal (2005), table 1, pairs 1 and 18.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_simulation_keeps_white_and_black():
    for vision in MACHADO_2009:
        assert seen("#FFFFFF", vision)[0] == pytest.approx(100, abs=0.5)
        assert seen("#000000", vision)[0] == pytest.approx(0, abs=1e-6)


def test_simulation_merges_red_and_green_for_deuteranopia():
    """A sanity check that the simulation bites: pure red and a green of similar lightness collapse."""
    normal = ciede2000(seen("#CC4125", None), seen("#6E8B3D", None))
    deutan = ciede2000(seen("#CC4125", "deuteranopia"), seen("#6E8B3D", "deuteranopia"))
    assert deutan < normal / 2


def test_palette_has_the_three_supports_colours():
    assert set(palette.SUPPORTS_COLOURS) == {"alliance", "necessity", "ambiguous"}
    assert len(set(c.upper() for c in palette.CATEGORICAL)) == len(palette.CATEGORICAL), "a categorical colour is repeated"


@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "normal")
def test_every_categorical_pair_stays_distinguishable(vision):
    too_close = []
    for first, second in itertools.combinations(palette.CATEGORICAL, 2):
        difference = ciede2000(seen(first, vision), seen(second, vision))
        if difference < MIN_DELTA_E_CATEGORICAL:
            too_close.append(f"{first} vs {second}: ΔE00 {difference:.1f}")
    assert not too_close, f"with {vision or 'normal vision'} these categorical colours are too close: {too_close}"


@pytest.mark.parametrize("vision", VISIONS, ids=lambda v: v or "normal")
def test_supports_colours_are_unmistakable(vision):
    colours = palette.SUPPORTS_COLOURS
    for first, second in itertools.combinations(colours, 2):
        difference = ciede2000(seen(colours[first], vision), seen(colours[second], vision))
        assert difference >= MIN_DELTA_E_SUPPORTS, (
            f"with {vision or 'normal vision'}, '{first}' and '{second}' differ by only ΔE00 {difference:.1f}")


def test_supports_colours_differ_in_greyscale():
    lightness = {name: seen(colour, None)[0] for name, colour in palette.SUPPORTS_COLOURS.items()}
    for first, second in itertools.combinations(lightness, 2):
        gap = abs(lightness[first] - lightness[second])
        assert gap >= MIN_LIGHTNESS_GAP_SUPPORTS, (
            f"'{first}' (L* {lightness[first]:.0f}) and '{second}' (L* {lightness[second]:.0f}) look alike in greyscale")


def relative_luminance(hex_colour: str) -> float:
    r, g, b = linear_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_edge_colour_meets_non_text_contrast_on_white():
    """WCAG 2.1 success criterion 1.4.11: graphical objects need 3:1 against their background."""
    edge = getattr(palette, "EDGE_COLOUR", None)
    if edge is None:
        pytest.skip("aon.palette defines no EDGE_COLOUR")
    ratio = (1.0 + 0.05) / (relative_luminance(edge) + 0.05)
    assert ratio >= 3.0, f"EDGE_COLOUR {edge} has contrast {ratio:.1f}:1 on white; needs 3:1"
