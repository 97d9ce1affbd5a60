"""Text in the PDFs: the embedded fonts, and user text made safe for reportlab.

User text reaches reportlab's Paragraph, which parses markup; ``markup()`` escapes it so that
``<img src=...>`` or ``&`` print literally, and switches to Noto Sans for characters Atkinson
Hyperlegible cannot draw.
"""

from __future__ import annotations

import re
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from toolkit import fonts

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
    covered = register_fonts()
    parts: list[str] = []
    run: list[str] = []
    run_fallback = False
    for char in text:
        fallback = ord(char) not in covered and not char.isspace()
        if run and fallback != run_fallback:
            parts.append(_run("".join(run), run_fallback))
            run = []
        run.append(char)
        run_fallback = fallback
    if run:
        parts.append(_run("".join(run), run_fallback))
    return "".join(parts)


@cache
def _drawable() -> frozenset[str]:
    """The characters the main font draws."""
    return frozenset(map(chr, register_fonts()))


def _run(text: str, fallback: bool) -> str:
    escaped = escape(text)
    return f'<font name="{FALLBACK}">{escaped}</font>' if fallback else escaped


def one_line(text: str, width: float, size: float) -> str:
    """Shorten a running header so it fits on one line within ``width``, ending in "…"."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = clean(text)
    if stringWidth(text, FONT, size) <= width:
        return text
    text = text[:int(width / (size * 0.25))]  # no glyph is narrower than a quarter em
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"
