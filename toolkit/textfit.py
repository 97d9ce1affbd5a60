"""Measure text the way it will be drawn, so nothing is ever drawn past its box: the one text
fitter of every output.

python-pptx writes text but never measures it, and PowerPoint only shrinks text to fit after
someone edits the box. So the decks decide sizes and line breaks here, before anything is placed.
Decks name Arial; Arimo has the same advance widths, so wrapping with Arimo's metrics predicts
how PowerPoint and LibreOffice wrap (``ARIMO``, the default face). The PDFs' slide miniatures
and running headers are fitted here too, with the PDF fonts' own widths (a ``Face`` the PDF
package makes). A line's width is the sum of its characters' advances in both, since neither
kerns. This module knows nothing about pptx or PDF: sizes and lengths are plain points.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit import fonts

if TYPE_CHECKING:
    from PIL import ImageFont

LINE_SPACING = 1.0
"""The line spacing the decks set on every paragraph (single)."""
FONT_LINE_HEIGHT = 1.2
"""How tall a 'single' line of Arial is, as a multiple of the type size. PowerPoint uses 1.2;
LibreOffice uses the font's ascent plus descent (1.15), so 1.2 is safe for both."""
LINE_HEIGHT = LINE_SPACING * FONT_LINE_HEIGHT
"""Height of one drawn line as a multiple of the type size."""
TAB_WIDTH = 72.0
"""PowerPoint's default tab stop is an inch; a tab never advances further than that."""
WIDTH_SLACK = 1.04
"""Widths are measured 4% wide, so every line leaves a margin in its box: a renderer's
rounding and hinting, or a substituted font a hair wider, never wraps it onto another line."""
HEIGHT_SLACK = 0.25
"""Every block of text on a slide is measured this part of a line taller than its lines, so a
renderer that sets lines a little further apart never pushes the last one out of its box."""
BOLD_FALLBACK = 1.1
"""If this FreeType cannot pick the variable font's Bold instance, regular widths times this."""
_REFERENCE = 200
"""Pixel size the fonts are loaded at; widths scale linearly from it, so one load per weight
serves every type size (a size-by-size cache would only repeat the same numbers)."""
_BREAKS = str.maketrans({"\v": "\n", "\r": "\n"})
ADVANCES_TABLE = Path(__file__).with_name("arimo-advances.json")
"""Every character's advance in Arimo, regular and bold, at the reference size, as FreeType
measures it below: read instead of loading Pillow and the font, which is most of what measuring
costs a ``toolkit check``. Used only while the installed Arimo is the file it was made from
(``tests/test_textfit.py`` checks it, and remakes it with ``TOOLKIT_PIN=1``)."""


class Face:
    """How wide each character of one typeface is: advances at a reference size, per weight."""

    reference: float = 1000.0
    """The type size the advances are given at."""
    slack: float = 1.0
    """Widths are multiplied by this, to absorb a renderer's rounding (1.0: exact)."""

    def advances(self, bold: bool) -> Mapping[str, float]:
        """Each character's advance at ``reference``; a character not yet known is looked up
        (or measured) and kept."""
        raise NotImplementedError

    def factor(self, bold: bool) -> float:
        """A correction for widths that had to be guessed (1.0 unless so)."""
        return 1.0


class _Arimo(Face):
    """Arimo's advances (Arial's), from the stored table or measured with FreeType."""

    reference = float(_REFERENCE)
    slack = WIDTH_SLACK

    def advances(self, bold: bool) -> Mapping[str, float]:
        return _advances(bold)

    def factor(self, bold: bool) -> float:
        return _advances(bold).factor


@dataclass(frozen=True)
class Block:
    """Text laid out in a box: the lines it breaks into and how tall they stand, in points."""

    lines: tuple[str, ...]
    height: float
    size: float


@cache
def _font(bold: bool) -> tuple[ImageFont.FreeTypeFont, float]:
    """The measuring font and the factor its widths need (1.0 unless Bold had to be guessed)."""
    from PIL import ImageFont

    # BASIC layout: the same widths with or without libraqm installed, and no OpenType kerning
    # (PowerPoint does not kern by default), so every machine makes the same line breaks.
    font = ImageFont.truetype(str(fonts.arimo().regular), _REFERENCE,
                              layout_engine=ImageFont.Layout.BASIC)
    if not bold:
        return font, 1.0
    try:
        font.set_variation_by_name("Bold")
    except (OSError, ValueError, AttributeError):  # no variation support in this FreeType
        return font, BOLD_FALLBACK
    return font, 1.0


def font_digest() -> str:
    """The SHA-256 of the measuring font's file."""
    return hashlib.sha256(fonts.arimo().regular.read_bytes()).hexdigest()


@cache
def _table() -> dict[str, Any] | None:
    """The stored advances, when they were measured from the installed font."""
    try:
        table: dict[str, Any] = json.loads(ADVANCES_TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return table if table.get("font_sha256") == font_digest() else None


class _Advances(dict[str, float]):
    """Each character's advance width at the reference size: from the stored table, or
    measured the first time it is asked for. With BASIC layout and no kerning a string's width
    is exactly the sum of its characters' advances (whole pixels at this size), so measuring
    characters, not strings, gives the same numbers at a fraction of the cost."""

    def __init__(self, bold: bool) -> None:
        super().__init__()
        self.bold = bold
        self.factor = 1.0
        table = _table()
        if table is not None:
            self.update(table["bold" if bold else "regular"])
            self.missing: float | None = float(table["notdef"])
        else:
            self.missing = None
            self.factor = _font(bold)[1]

    def __missing__(self, char: str) -> float:
        if self.missing is not None:  # not in the font: FreeType draws the missing-glyph box
            width = self.missing
        else:
            width = float(_font(self.bold)[0].getlength(char))
        self[char] = width
        return width


@cache
def _advances(bold: bool) -> _Advances:
    return _Advances(bold)


ARIMO: Face = _Arimo()
"""The decks' measuring face: Arimo, which has Arial's widths."""


@lru_cache(maxsize=65536)
def _reference_width(text: str, bold: bool, face: Face) -> float:
    advances = face.advances(bold)
    return sum(map(advances.__getitem__, text)) * face.factor(bold) * face.slack


def text_width(text: str, size: float, bold: bool = False, *, face: Face = ARIMO) -> float:
    """Width of one line of ``text`` in points at ``size`` points (tabs count as a full stop)."""
    parts = text.split("\t")
    return _reference_width("".join(parts), bold, face) * size / face.reference + TAB_WIDTH * (
        len(parts) - 1)


def _cut(word: str, width: float, size: float, bold: bool, face: Face) -> int:
    """How many characters of ``word`` fit on a line (at least one), found by bisection."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], size, bold, face=face) <= width:
            low = middle
        else:
            high = middle - 1
    return low


@lru_cache(maxsize=4096)
def _wrap(text: str, width: float, size: float, bold: bool, face: Face) -> tuple[str, ...]:
    advances = face.advances(bold)
    # A line's width is the sum of its words' and spaces' advances, so each candidate line is
    # measured by adding one word to the line so far (the same sum, hence the same number, as
    # measuring the candidate afresh, computed in the same order), plus a full stop per tab.
    factor, space = face.factor(bold), advances[" "]
    scale = face.slack * size / face.reference
    lines: list[str] = []
    for paragraph in text.translate(_BREAKS).split("\n"):
        line, line_advance, line_tabs = "", 0.0, 0
        for word in paragraph.split(" "):
            word_advance = sum(map(advances.__getitem__, word.replace("\t", "")))
            word_tabs = word.count("\t")
            if line:
                candidate = f"{line} {word}"
                advance, tabs = line_advance + space + word_advance, line_tabs + word_tabs
            else:
                candidate, advance, tabs = word, word_advance, word_tabs
            if advance * factor * scale + TAB_WIDTH * tabs <= width:
                line, line_advance, line_tabs = candidate, advance, tabs
                continue
            if line:
                lines.append(line)
            line, line_advance, line_tabs = word, word_advance, word_tabs
            # A word wider than the box breaks mid-word, as PowerPoint does.
            while len(line) > 1 and text_width(line, size, bold, face=face) > width:
                cut = _cut(line, width, size, bold, face)
                lines.append(line[:cut])
                line = line[cut:]
                line_advance = sum(map(advances.__getitem__, line.replace("\t", "")))
                line_tabs = line.count("\t")
        lines.append(line)
    return tuple(lines)


def wrap(text: str, width: float, size: float, bold: bool = False, *,
         face: Face = ARIMO) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, at spaces where possible.

    Line feeds and vertical tabs (python-pptx's line breaks) start a new line.
    """
    return list(_wrap(text, width, size, bold, face))


def measure(paragraphs: Sequence[str], width: float, size: float, *, bold: bool = False,
            space_after: float = 0.0, face: Face = ARIMO) -> Block:
    """Lay ``paragraphs`` out at ``size`` in a box ``width`` points wide.

    ``space_after`` is the gap after each paragraph as a fraction of the size; the last
    paragraph's gap is not counted, since nothing follows it.
    """
    lines = [line for text in paragraphs for line in _wrap(text, width, size, bold, face)]
    gaps = space_after * size * max(len(paragraphs) - 1, 0)
    slack = HEIGHT_SLACK * size * LINE_HEIGHT if lines else 0.0
    return Block(tuple(lines), len(lines) * size * LINE_HEIGHT + gaps + slack, size)


def paragraphs_height(paragraphs: Sequence[str], width: float, size: float, *,
                      bold: bool = False, space_after: float = 0.0) -> float:
    """Height in points of ``paragraphs`` wrapped to ``width`` at ``size``."""
    return measure(paragraphs, width, size, bold=bold, space_after=space_after).height


def fit(paragraphs: Sequence[str], width: float, height: float, largest: float,
        smallest: float, *, bold: bool = False, space_after: float = 0.0,
        max_lines: int | None = None, inset: float = 0.0) -> Block | None:
    """The layout at the largest whole size from ``largest`` down to ``smallest`` that fits.

    ``width`` and ``height`` are the box's outer size; ``inset`` is the text frame's margin on
    every side. Returns None when even ``smallest`` does not fit (or needs more than
    ``max_lines`` lines), so the caller decides: continue on another slide, or cut.
    """
    inner_w, inner_h = width - 2 * inset, height - 2 * inset
    if inner_w <= 0 or inner_h <= 0:
        return None
    size = int(largest)
    while size >= smallest:
        block = measure(paragraphs, inner_w, size, bold=bold, space_after=space_after)
        if (max_lines is None or len(block.lines) <= max_lines) and block.height <= inner_h:
            return block
        size -= 1
    return None


def shorten(text: str, width: float, size: float, bold: bool = False,
            max_lines: int = 1, *, face: Face = ARIMO) -> str:
    """``text`` cut at a word boundary, with an ellipsis, so it wraps to ``max_lines`` lines."""
    if len(_wrap(text, width, size, bold, face)) <= max_lines:
        return text
    words = text.split()
    while words:
        candidate = " ".join(words).rstrip(" ,.;:·–—-") + "…"
        if len(_wrap(candidate, width, size, bold, face)) <= max_lines:
            return candidate
        words.pop()
    ellipsis = text_width("…", size, bold, face=face)
    return text[:_cut(text, width - ellipsis, size, bold, face)] + "…"
