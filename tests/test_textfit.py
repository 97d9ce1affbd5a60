"""Slide text measuring: the quick sums must give exactly what measuring afresh gives."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from toolkit import fonts, textfit
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
            assert textfit._reference_width(piece, bold, textfit.ARIMO) == pytest.approx(expected, abs=1e-9), \
                piece


def wrap_by_measuring(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    """The plain way to wrap, measuring every candidate line afresh."""
    lines: list[str] = []
    for paragraph in text.replace("\v", "\n").replace("\r", "\n").split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if textfit.text_width(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while len(line) > 1 and textfit.text_width(line, size, bold) > width:
                cut = textfit._cut(line, width, size, bold, textfit.ARIMO)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return tuple(lines)


@pytest.fixture(params=["stored table", "Pillow, Bold guessed"])
def measuring(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Measure from the stored table, or as on a machine without it whose FreeType cannot
    choose Bold (widths then carry the fallback factor)."""
    def clear() -> None:
        for cached in (textfit._table, textfit._advances, textfit._reference_width,
                       textfit._wrap):
            cached.cache_clear()

    clear()
    if request.param != "stored table":
        font = textfit._font(False)[0]
        monkeypatch.setattr(textfit, "_table", lambda: None)
        monkeypatch.setattr(textfit, "_font", lambda bold: (
            font, textfit.BOLD_FALLBACK if bold else 1.0))
    yield request.param
    monkeypatch.undo()
    clear()


def test_wrapping_by_adding_up_words_breaks_lines_where_measuring_does(measuring: str) -> None:
    """``textfit`` measures a candidate line by adding a word to the line so far; over the
    course's own text and thousands of awkward random lines (tabs, long words, line breaks,
    other scripts) it must break exactly where measuring each candidate afresh breaks."""
    generator = random.Random(7)
    words = ["a", "I", "tab\there", "—", "well-being", "Ελληνικά", "", "x" * 80,
             "supercalifragilistic" * 3, "line\nbreak", "two  spaces"]
    cases = [(text, width, size, bold) for text in course_texts()
             for width, size, bold in ((830.0, 28, False), (500.0, 24, True), (260.0, 40, False))]
    for _ in range(3000):
        text = " ".join(generator.choice(words) for _ in range(generator.randint(0, 30)))
        cases.append((text, generator.uniform(20, 700), generator.choice([12, 18, 22.5, 28, 40]),
                      generator.random() < 0.5))
    for text, width, size, bold in cases:
        assert textfit.wrap(text, width, size, bold) == list(
            wrap_by_measuring(text, width, size, bold)), (text, width, size, bold)


def measured_table() -> dict[str, Any]:
    """Every character Arimo has, measured now by FreeType at the reference size."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    code_points = sorted(TTFontFile(str(fonts.arimo().regular)).charToGlyph)
    table: dict[str, Any] = {"font_sha256": textfit.font_digest()}
    for weight, bold in (("regular", False), ("bold", True)):
        font, factor = textfit._font(bold)
        assert factor == 1.0, "make the table where FreeType can choose Arimo's Bold instance"
        widths = {chr(point): font.getlength(chr(point)) for point in code_points}
        assert all(width == int(width) for width in widths.values())
        table[weight] = {char: int(width) for char, width in widths.items()}
    table["notdef"] = int(textfit._font(False)[0].getlength("\U0010fffd"))
    return table


def test_the_stored_advances_are_what_freetype_measures_in_the_installed_font() -> None:
    """The table ``toolkit check`` reads instead of loading Pillow must hold exactly what
    measuring gives. After a new Arimo release, remake it: TOOLKIT_PIN=1 pytest this file."""
    table = measured_table()
    if os.environ.get("TOOLKIT_PIN"):
        textfit.ADVANCES_TABLE.write_text(json.dumps(table, sort_keys=True, indent=0) + "\n",
                                          encoding="utf-8")
    stored = json.loads(textfit.ADVANCES_TABLE.read_text(encoding="utf-8"))
    assert stored == table
    textfit._table.cache_clear()
    assert textfit._table() is not None, "the installed Arimo is not the one measured"
