"""Text in the PDFs: the embedded fonts, user text made safe for reportlab, and the fonts'
widths for the one text fitter (``toolkit.textfit``).

User text reaches reportlab's Paragraph, which parses markup; ``markup()`` escapes it so that
``<img src=...>`` or ``&`` print literally, and switches to Noto Sans for characters Atkinson
Hyperlegible cannot draw. Text that is fitted and drawn line by line (the slide miniatures, the
running headers) is measured with ``FACE``, the same two fonts' widths, and drawn with
``draw_line``, which switches fonts the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from toolkit import fonts, textfit

FONT = "Atkinson"
FONT_BOLD = "Atkinson-Bold"
FALLBACK = "NotoSans"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@cache
def register_fonts() -> frozenset[int]:
    """Register the bundled fonts once; return the code points the main font covers."""
    family = fonts.atkinson()
    pdfmetrics.registerFont(TTFont(FONT, str(family.regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(family.bold)))
    pdfmetrics.registerFont(TTFont("Atkinson-Italic", str(family.italic)))
    pdfmetrics.registerFont(TTFont("Atkinson-BoldItalic", str(family.bold_italic)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic="Atkinson-Italic",
                                  boldItalic="Atkinson-BoldItalic")
    pdfmetrics.registerFont(TTFont(FALLBACK, str(fonts.noto_sans().regular)))
    face = pdfmetrics.getFont(FONT).face
    return frozenset(face.charToGlyph)


def clean(text: str) -> str:
    """Drop characters a PDF string cannot carry (control characters)."""
    return _CONTROL.sub("", text)


def markup(text: str) -> str:
    """User text as safe Paragraph markup: escaped, with a fallback font where needed."""
    text = clean(text)
    if _drawable().issuperset(text):  # the usual case, decided without a loop in Python
        return escape(text)
    return "".join(_run(run, fallback) for fallback, run in _runs(text, register_fonts()))


@cache
def _drawable() -> frozenset[str]:
    """The characters the main font draws."""
    return frozenset(map(chr, register_fonts()))


def _run(text: str, fallback: bool) -> str:
    escaped = escape(text)
    return f'<font name="{FALLBACK}">{escaped}</font>' if fallback else escaped


def one_line(text: str, width: float, size: float) -> str:
    """Shorten a running header so it fits on one line within ``width``, ending in "…"."""
    return textfit.shorten(clean(text), width, size, face=FACE)


HEADER_JOIN = " · "


def header_line(parts: Sequence[str], width: float, size: float) -> str:
    """A running header made of ``parts`` (the widest first to go), on one line of ``width``:
    leading parts are dropped while more than two remain and it is too wide, then the longest
    part left is shortened, so that the last (often the date) always shows whole."""
    kept = [clean(part) for part in parts if part]

    def wide(candidate: list[str]) -> bool:
        return textfit.text_width(HEADER_JOIN.join(candidate), size, face=FACE) > width

    while len(kept) > 2 and wide(kept):
        kept.pop(0)
    if wide(kept) and len(kept) > 1:
        longest = max(range(len(kept) - 1), key=lambda index: len(kept[index]))
        rest = textfit.text_width(HEADER_JOIN.join(
            part for index, part in enumerate(kept) if index != longest), size, face=FACE)
        room = width - rest - textfit.text_width(HEADER_JOIN, size, face=FACE)
        kept[longest] = textfit.shorten(kept[longest], max(room, size), size, face=FACE)
    return one_line(HEADER_JOIN.join(kept), width, size)


class _PdfFace(textfit.Face):
    """Atkinson Hyperlegible's widths, and Noto Sans's for the characters it cannot draw,
    as reportlab draws them (in thousandths of the type size, no kerning)."""

    reference = 1000.0

    def advances(self, bold: bool) -> Mapping[str, float]:
        return _pdf_advances(bold)


class _Advances(dict[str, float]):
    def __init__(self, bold: bool) -> None:
        super().__init__()
        self.main = pdfmetrics.getFont(FONT_BOLD if bold else FONT).face
        self.fallback = pdfmetrics.getFont(FALLBACK).face

    def __missing__(self, char: str) -> float:
        code = ord(char)
        face = self.main if code in register_fonts() or char.isspace() else self.fallback
        width = self[char] = float(face.getCharWidth(code))
        return width


@cache
def _pdf_advances(bold: bool) -> _Advances:
    register_fonts()
    return _Advances(bold)


FACE: textfit.Face = _PdfFace()
"""The PDFs' measuring face, for ``toolkit.textfit``."""


def baseline_drop(size: float, leading: float, bold: bool = False) -> float:
    """How far below the top of a line ``leading`` tall its baseline is, with the font's
    ascent and descent centred in it (so no glyph reaches out of its line)."""
    face = pdfmetrics.getFont(FONT_BOLD if bold else FONT).face
    ascent, descent = float(face.ascent) / 1000 * size, float(face.descent) / 1000 * size
    return (leading - (ascent - descent)) / 2 + ascent


def draw_line(canvas: Canvas, x: float, y: float, text: str, size: float, *,
              bold: bool = False) -> None:
    """One line of text with its baseline at ``y``, in runs: the main font, and Noto Sans for
    what it cannot draw (the fill colour is the canvas's)."""
    covered = register_fonts()
    main = FONT_BOLD if bold else FONT
    for fallback, run in _runs(text, covered):
        font = FALLBACK if fallback else main
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)


def draw_words(canvas: Canvas, x: float, y: float, text: str, size: float, *,
               bold: bool = False, right: bool = False) -> None:
    """One line of the toolkit's own words (a page number, a footer's label) at ``x, y``, or
    ending at ``x`` if ``right``, in the canvas's font (set to ``FONT``, or ``FONT_BOLD`` if
    ``bold``, at ``size``): as ``canvas.drawString`` would, except that what the main font
    cannot draw (a translation's letters) is drawn in Noto Sans, as ``draw_line`` does."""
    covered = register_fonts()
    text = clean(text)
    if all(ord(char) in covered or char.isspace() for char in text):
        (canvas.drawRightString if right else canvas.drawString)(x, y, text)
        return
    main = FONT_BOLD if bold else FONT
    if right:
        x -= sum(pdfmetrics.stringWidth(run, FALLBACK if fallback else main, size)
                 for fallback, run in _runs(text, covered))
    draw_line(canvas, x, y, text, size, bold=bold)
    canvas.setFont(main, size)  # as it was, for what is drawn next


def _runs(text: str, covered: frozenset[int]) -> list[tuple[bool, str]]:
    """``text`` in runs of characters the main font draws (False) or the fallback does."""
    runs: list[tuple[bool, str]] = []
    for char in clean(text):
        fallback = ord(char) not in covered and not char.isspace()
        if runs and runs[-1][0] == fallback:
            runs[-1] = (fallback, runs[-1][1] + char)
        else:
            runs.append((fallback, char))
    return runs
