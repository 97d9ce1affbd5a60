"""Measure text the way a slide will draw it, so nothing is ever drawn past its box.

python-pptx writes text but never measures it. Decks name Arial; Arimo has the same advance
widths, so wrapping with Arimo's metrics predicts how PowerPoint and LibreOffice wrap.
"""

from __future__ import annotations

from functools import cache

from PIL import ImageFont

from toolkit import fonts

LINE_SPACING = 1.1
"""The line spacing the decks set, a little more open than single."""
FONT_LINE_HEIGHT = 1.15
"""Arial's natural line height (ascent + descent) as a multiple of the type size: what
'single' spacing means to PowerPoint and LibreOffice."""
LINE_HEIGHT = LINE_SPACING * FONT_LINE_HEIGHT
_REFERENCE = 200
"""Pixel size the font is loaded at; widths scale linearly from it."""


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(fonts.arimo().regular), _REFERENCE)
    if bold:
        try:
            font.set_variation_by_name("Bold")
        except (OSError, ValueError):  # FreeType without variation support: use the axis
            font.set_variation_by_axes([700])
    return font


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` points."""
    return float(_font(bold).getlength(text)) * size / _REFERENCE


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, at spaces where possible."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while text_width(line, size, bold) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and text_width(line[:cut], size, bold) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def paragraphs_height(paragraphs: list[str], width: float, size: float, *, bold: bool = False,
                      space_after: float = 0.0) -> float:
    """Height in points of ``paragraphs`` wrapped to ``width`` at ``size``."""
    lines = sum(len(wrap(text, width, size, bold)) for text in paragraphs)
    return lines * size * LINE_HEIGHT + space_after * size * max(len(paragraphs) - 1, 0)


def largest_fitting_size(paragraphs: list[str], width: float, height: float, largest: int,
                         smallest: int, *, bold: bool = False, space_after: float = 0.0,
                         max_lines: int | None = None) -> int | None:
    """The largest whole size from ``largest`` down to ``smallest`` at which the text fits."""
    for size in range(largest, smallest - 1, -1):
        lines = sum(len(wrap(text, width, size, bold)) for text in paragraphs)
        if max_lines is not None and lines > max_lines:
            continue
        if paragraphs_height(paragraphs, width, size, bold=bold,
                             space_after=space_after) <= height:
            return size
    return None
