"""Slide text measuring: summing characters' advances must give the string's own width."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import textfit
from toolkit.load import load_course

ROOT = Path(__file__).resolve().parents[1]


def course_texts() -> list[str]:
    """Every line of text a shipped plan puts on a slide, plus awkward characters."""
    loaded = load_course(ROOT / "sessions")
    texts = ["AV To Wa", "“Quoted” — dash… ’tis", "Ελληνικά Кириллица Tiếng Việt", "",
             "tab\there", "emoji 🙂 and ✓"]
    for item in loaded.sessions:
        session = item.session
        texts.append(session.title)
        for agenda in session.agenda:
            texts.append(agenda.title)
            for slide in agenda.slides:
                texts += [slide.title, *slide.points]
    return texts


@pytest.mark.parametrize("bold", [False, True])
def test_character_sums_equal_whole_string_widths(bold: bool) -> None:
    """``textfit`` adds up per-character advances instead of asking FreeType for every string;
    that is exact only while the measuring layout neither kerns nor shapes. If a Pillow or
    FreeType release starts to, this fails rather than the decks quietly wrapping wrong."""
    font, factor = textfit._font(bold)
    for text in course_texts():
        for piece in {text, *text.split(" ")}:
            expected = float(font.getlength(piece)) * factor * textfit.WIDTH_SLACK
            assert textfit._reference_width(piece, bold) == pytest.approx(expected, abs=1e-9), \
                piece
