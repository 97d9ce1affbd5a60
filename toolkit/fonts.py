"""Where the bundled fonts live. They come from PyPI packages, never the machine's font folders,
so every machine renders the same output."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg_arimo
import fontpkg_atkinson_hyperlegible
import fontpkg_noto_sans


@dataclass(frozen=True)
class FontFamilyFiles:
    """The four files of a family (a variable font may use one file for several)."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@cache
def atkinson() -> FontFamilyFiles:
    """Atkinson Hyperlegible: the PDFs' main font (Latin scripts)."""
    files = Path(fontpkg_atkinson_hyperlegible.ROOT) / "files"
    return FontFamilyFiles(
        regular=files / "AtkinsonHyperlegible-Regular.ttf",
        bold=files / "AtkinsonHyperlegible-Bold.ttf",
        italic=files / "AtkinsonHyperlegible-Italic.ttf",
        bold_italic=files / "AtkinsonHyperlegible-BoldItalic.ttf",
    )


@cache
def noto_sans() -> FontFamilyFiles:
    """Noto Sans (variable; loaded as its regular instance): fallback for Greek, Cyrillic,
    Vietnamese and other text Atkinson Hyperlegible cannot show."""
    files = Path(fontpkg_noto_sans.ROOT) / "files"
    upright = files / "NotoSans[wdth,wght].ttf"
    italic = files / "NotoSans-Italic[wdth,wght].ttf"
    return FontFamilyFiles(regular=upright, bold=upright, italic=italic, bold_italic=italic)


@cache
def arimo() -> FontFamilyFiles:
    """Arimo: metric-compatible with Arial, which the decks name; used to measure slide text."""
    files = Path(fontpkg_arimo.ROOT) / "files"
    upright = files / "Arimo[wght].ttf"
    italic = files / "Arimo-Italic[wght].ttf"
    return FontFamilyFiles(regular=upright, bold=upright, italic=italic, bold_italic=italic)
