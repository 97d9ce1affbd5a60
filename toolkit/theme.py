"""One visual family for every output: colours, type sizes and font names.

Decks and PDFs both read from here, so a session's slides and its worksheets look related.
Colours are hex strings without '#'; every text/background pair used is meant to meet WCAG AA
contrast (4.5:1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Colours:
    """The palette: a calm deep teal with a warm accent, on white."""

    primary: str = "1F5C63"      # deep teal: title bars, headings (white text on it: 7.4:1)
    accent: str = "B5532B"       # warm terracotta: small highlights, minutes badges
    text: str = "1E2A2F"         # near-black body text
    muted: str = "55626A"        # secondary text: footers, labels (on white: 6.2:1)
    rule: str = "9AA7AD"         # write-on lines and table rules: visible when printed, not loud
    light: str = "EAF2F2"        # soft panel background behind callouts
    background: str = "FFFFFF"


COLOURS = Colours()

SLIDE_FONT = "Arial"
"""The font the decks name. Every computer that shows slides has Arial (LibreOffice maps it to a
metric-compatible font), and we measure text with Arimo, which has the same widths."""

PDF_FONT = "Atkinson Hyperlegible"
"""The PDFs' font, designed for legibility; Noto Sans fills in scripts it does not cover."""


@dataclass(frozen=True)
class SlideSizes:
    """Type sizes on slides, in points. Floors: 18 pt for points, 28 pt for titles."""

    title: int = 36
    title_min: int = 28
    body: int = 26
    body_min: int = 18
    footer: int = 12


SLIDE_SIZES = SlideSizes()


@dataclass(frozen=True)
class PrintSizes:
    """Type sizes in the PDFs, in points, for normal and large print."""

    body: float = 11.5
    heading: float = 16
    title: float = 22
    small: float = 8.5
    crisis: float = 9.5
    """The crisis lines at the foot of a member's page: the line a person in distress most
    needs is never the hardest to read."""
    line_gap: float = 26
    """Distance between ruled write-on lines: room for handwriting."""


NORMAL_PRINT = PrintSizes()
LARGE_PRINT = PrintSizes(body=16, heading=20, title=28, small=16, crisis=16, line_gap=34)
"""Nothing under 16 pt, as large-print guidance asks of every line a reader must read: running
heads, crisis lines, page numbers and labels included."""


def luminance(hex_value: str) -> float:
    """WCAG relative luminance of a colour such as ``1F5C63``."""
    channels = [int(hex_value[index:index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


MIN_CONTRAST = 4.5
"""WCAG AA for normal-size text."""


def darkened(hex_value: str, against: str = "FFFFFF") -> str:
    """The same hue made just dark enough to reach AA contrast against ``against``."""
    red, green, blue = (int(hex_value[index:index + 2], 16) for index in (0, 2, 4))
    for step in range(101):
        factor = 1 - step / 100
        candidate = "".join(f"{round(channel * factor):02X}" for channel in (red, green, blue))
        if contrast(candidate, against) >= MIN_CONTRAST:
            return candidate
    return "000000"


def mixed(first: str, second: str, share: float) -> str:
    """``share`` of ``first`` mixed into ``second``: a soft tint of a brand colour."""
    return "".join(
        f"{round(int(first[i:i + 2], 16) * share + int(second[i:i + 2], 16) * (1 - share)):02X}"
        for i in (0, 2, 4))


TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),     # body text on slides and pages
    ("muted", "background"),    # footers, labels, small print
    ("primary", "background"),  # headings, slide numbers, titles on a template
    ("accent", "background"),   # minutes on the agenda, labels in the notes
    ("background", "primary"),  # slide titles in the band, title-slide title
    ("light", "primary"),       # title-slide course name, details and disclaimer
    ("text", "light"),          # panels and table headings
    ("primary", "light"),       # headings inside tinted panels
)
"""Every (text colour, background colour) pair the outputs draw text in."""


def weak_pairs(colours: Colours) -> list[tuple[str, str, float]]:
    """The pairs of a palette below WCAG AA (4.5:1), with their ratios."""
    weak = []
    for text, background in TEXT_PAIRS:
        ratio = contrast(getattr(colours, text), getattr(colours, background))
        if ratio < MIN_CONTRAST:
            weak.append((text, background, ratio))
    return weak


def tint(primary: str) -> str:
    """A soft panel colour made from a brand colour: as much tint as keeps text readable."""
    for share in (0.08, 0.06, 0.04, 0.02, 0.0):
        light = mixed(primary, "FFFFFF", share)
        if min(contrast(primary, light), contrast(COLOURS.text, light)) >= MIN_CONTRAST:
            return light
    return "FFFFFF"
