"""Slack in every slide text box, measured in the built decks: no line of text reaches the
last few percent of its box's width, and every box has part of a line of height to spare, so
a renderer's rounding or a substituted font a hair wider never wraps or clips a line (the
closing slide's emergency sentence used to fill its box exactly)."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from toolkit import textfit
from toolkit.checked import check
from toolkit.drawing import render_course

SESSIONS = Path(__file__).parent.parent / "sessions"
GROUPS = sorted((SESSIONS / "groups").glob("*.yaml"))
WIDTH_MARGIN = 0.03
"""Of the box's inner width, left free by its widest line."""
HEIGHT_MARGIN = 0.2
"""Of a line, left free below the text in its box."""
DEFAULT_INSETS = (7.2, 7.2, 3.6, 3.6)
"""PowerPoint's text insets when a box does not set its own (0.1 in, 0.05 in)."""


def boxes_without_margin(data: bytes) -> list[str]:
    """Each text box whose text, laid out as the toolkit lays it out, leaves less margin."""
    found = []
    for number, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            frame = shape.text_frame
            left, right, top, bottom = (
                default if value is None else Emu(value).pt
                for value, default in zip((frame.margin_left, frame.margin_right,
                                           frame.margin_top, frame.margin_bottom),
                                          DEFAULT_INSETS, strict=True))
            width = Emu(shape.width).pt - left - right
            height = Emu(shape.height).pt - top - bottom
            used, line = 0.0, 0.0
            for paragraph in frame.paragraphs:
                text = "".join(run.text for run in paragraph.runs)
                sizes = [run.font.size.pt for run in paragraph.runs if run.font.size]
                if not text or not sizes:
                    continue
                size, bold = max(sizes), any(run.font.bold for run in paragraph.runs)
                line = max(line, size * textfit.LINE_HEIGHT)
                for piece in textfit.wrap(text, width, size, bold):
                    exact = textfit.text_width(piece, size, bold) / textfit.WIDTH_SLACK
                    if exact > width * (1 - WIDTH_MARGIN):
                        found.append(f"slide {number} {shape.name}: {piece!r} takes "
                                     f"{exact / width:.1%} of its width")
                used += len(textfit.wrap(text, width, size, bold)) * size * textfit.LINE_HEIGHT
            if used and used + HEIGHT_MARGIN * line > height + 0.01:
                found.append(f"slide {number} {shape.name}: {frame.text[:30]!r} leaves "
                             f"{height - used:.1f} pt of {height:.1f}")
    return found


def test_every_slide_text_box_keeps_a_margin() -> None:
    checked = check(SESSIONS, GROUPS)
    assert not checked.report.errors
    decks = 0
    plans = (check(SESSIONS).plans[0], *checked.plans)
    for plan in plans:
        for path, data in render_course(plan).items():
            if path.suffix == ".pptx":
                decks += 1
                assert boxes_without_margin(data) == [], (plan.group_slug, str(path))
    assert decks == sum(len(plan.sessions) for plan in plans)


def test_a_box_filled_to_its_edge_is_found() -> None:
    """The measure itself: a box exactly as wide as its line is reported."""
    from pptx.util import Pt

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    text = "If you are in immediate danger, call your local emergency number."
    width = textfit.text_width(text, 24, True) / textfit.WIDTH_SLACK + 2 * 7.2
    box = slide.shapes.add_textbox(Pt(10), Pt(10), Pt(width), Pt(24 * 1.5 + 7.2))
    run = box.text_frame.paragraphs[0].add_run()
    run.text, run.font.size, run.font.bold = text, Pt(24), True
    stream = io.BytesIO()
    deck.save(stream)
    assert boxes_without_margin(stream.getvalue())
