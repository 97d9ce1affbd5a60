"""Which characters the bundled PDF fonts can draw, so text they cannot is reported, not
printed as empty boxes.

The PDFs use Atkinson Hyperlegible with Noto Sans as the fallback (Latin, Greek, Cyrillic,
Vietnamese and more). Their character maps are read once per process with reportlab's font
reader, which is small to import; the slides name Arial, which each computer draws itself.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from toolkit import fonts


@cache
def covered() -> frozenset[int]:
    """Every code point the main font or its fallback has a glyph for."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    points: set[int] = set()
    for path in (fonts.atkinson().regular, fonts.noto_sans().regular):
        points.update(TTFontFile(str(path)).charToGlyph)
    return frozenset(points)


EVERY_FONT_HAS = frozenset([*range(0xA0, 0x100), 0x2013, 0x2014, 0x2018, 0x2019, 0x201C,
                            0x201D, 0x2022, 0x2026, 0x20AC])
"""Latin-1 (every accented letter Spanish, Portuguese or French needs), dashes, curly quotes,
the bullet, the ellipsis and the euro: known drawn without reading the fonts' character maps
(a test holds them to ``covered()``), so checking a Spanish course does not pay for it."""


def missing(text: str) -> list[str]:
    """The characters of ``text`` no bundled font can draw, each once, in order."""
    seen: list[str] = []
    for char in text:
        if char.isspace() or ord(char) < 0x20 or char in seen:
            continue
        if ord(char) > 0x7E and ord(char) not in EVERY_FONT_HAS and ord(char) not in covered():
            seen.append(char)
    return seen


def no_glyphs(unknown: list[str], where: str) -> tuple[str, str]:
    """The warning for characters no bundled font draws (``missing``'s), found in ``where``,
    and what to do about it."""
    shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in unknown[:3])
    return (f"the printed materials have no letter shapes for {shown} in {where}; they would "
            "print as empty boxes", "Replace or remove them: the PDFs can show Latin, Greek, "
            "Cyrillic and Vietnamese text.")


_UNSEEN = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}
"""Character categories that print nothing on their own: controls, format characters (zero-width
spaces and joiners), spaces, and marks without a letter to sit on."""
_FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
"""Letters that are drawn as blank space (Hangul fillers, the blank braille pattern)."""


def visible(text: str) -> bool:
    """Whether ``text`` prints anything a reader can see."""
    return any(unicodedata.category(char) not in _UNSEEN and char not in _FILLERS
               for char in text)
