"""Slide handouts, read back from the real PDFs: which slides, which pages, and nothing drawn
past a miniature."""

from __future__ import annotations

import dataclasses
import io
import math
from functools import cache
from pathlib import Path

import pytest
from conftest import with_session
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth

from toolkit.checked import check
from toolkit.plan import Plan, PrintSettings, SessionEntry
from toolkit.render.content import crisis_lines
from toolkit.render.pdf.handouts import handout_slides, render_handouts
from toolkit.render.pdf.miniature import SLIDE_SHARE, type_scale
from toolkit.render.pdf.page import TOP_MARGIN, page_margin, page_size
from toolkit.render.pdf.text import FALLBACK, FONT, FONT_BOLD, register_fonts
from toolkit.render.pdf.worksheets import participant_page

SESSIONS = Path(__file__).parent.parent / "sessions"
ROOTS = Path(__file__).parent / "roots"
SLIDE_EDGE = 0.57
"""Miniatures take 55% of the text column: no text of theirs may reach past this share of the
page's width."""


def squash(text: str) -> str:
    return " ".join(text.split())


def pages_text(pdf: bytes) -> list[str]:
    return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


@cache
def real_plan() -> Plan:
    return check(SESSIONS).plans[0]



def plan_slides(entry: SessionEntry) -> list[tuple[str, tuple[str, ...]]]:
    return [(slide.title, slide.points) for item in entry.session.agenda
            for slide in item.slides]


def expected_count(entry: SessionEntry) -> int:
    """Title slide, the plan's slides and the homework if any (the closing slide's crisis
    lines are on the support page that follows)."""
    return 1 + len(plan_slides(entry)) + (entry.session.homework is not None)


def test_the_slides_are_the_title_the_plan_the_homework_and_the_support_lines(
        sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    slides = handout_slides(sample_plan, entry)
    assert [slide.title for slide in slides] == [
        entry.session.title, "Welcome", "The 'I've got this' reflex", "Between sessions"]
    assert slides[0].opening


@pytest.mark.parametrize("source", ["sample", "real"])
def test_three_slides_a_page_with_every_title_and_no_facilitator_notes(
        source: str, sample_plan: Plan) -> None:
    plans = [sample_plan] if source == "sample" else [real_plan()]
    for plan in plans:
        for entry in plan.sessions:
            pdf = render_handouts(plan, entry)
            pages = pages_text(pdf)
            assert len(pages) == math.ceil(expected_count(entry) / 3) + 1, entry.slug
            text = " ".join(pages)
            for title, _ in plan_slides(entry):
                assert squash(title) in text, (entry.slug, title)
            assert squash(entry.session.title) in text
            for item in entry.session.agenda:
                for note in (*item.say, *item.do, *item.watch_for):
                    assert squash(note) not in text, (entry.slug, note)
            # Every page's foot: the emergency sentence and at least the first place's first
            # line (as many more as fit in two lines); the back page has every line in full.
            first = crisis_lines(plan.course)[0]
            for page in pages:
                assert squash(plan.course.emergency) in page
                assert squash(first.brief) in page
            for resource in plan.course.crisis_resources:
                assert squash(resource.contact) in pages[-1]


def test_the_real_course_fits_every_point_without_cutting_it() -> None:
    plan = real_plan()
    for entry in plan.sessions:
        pdf = render_handouts(plan, entry)
        text = " ".join(pages_text(pdf))
        for title, points in plan_slides(entry):
            for point in points:
                assert squash(point) in text, (entry.slug, title, point)
        if entry.session.homework is not None:
            assert squash(entry.session.homework.text) in text
        assert not any("…" in piece for _, piece, *_ in slide_text(plan, pdf, entry)), entry.slug


def test_sample_notes_are_left_out(sample_plan: Plan) -> None:
    text = " ".join(pages_text(render_handouts(sample_plan, sample_plan.sessions[0])))
    for note in ("Welcome everyone.", "Light the room softly.", "A member who goes quiet",
                 "Think of the last time someone offered help.", "Confirm your local line"):
        assert note not in text
    for shown in ("Settle in", "Feet on the floor", "Notice one offer of help this week.",
                  "Sheet 1.1: My Reflex Map", "Call or text 988", "Week 1",
                  "Strong & <b>steady</b>", "Ελληνικά"):
        assert shown in text


def test_paper_size_follows_the_plan(sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    letter = PdfReader(io.BytesIO(render_handouts(sample_plan, entry)))
    a4_plan = dataclasses.replace(sample_plan, print=PrintSettings(paper="a4"))
    a4 = PdfReader(io.BytesIO(render_handouts(a4_plan, a4_plan.sessions[0])))
    for reader, size in ((letter, LETTER), (a4, A4)):
        for page in reader.pages:
            box = page.mediabox
            assert (round(float(box.width)), round(float(box.height))) == \
                (round(size[0]), round(size[1]))


def test_large_print_puts_one_slide_on_a_page_at_16_pt_or_more(sample_plan: Plan) -> None:
    large = dataclasses.replace(sample_plan, print=PrintSettings(large_print=True))
    for plan in (large, dataclasses.replace(real_plan(), print=PrintSettings(large_print=True))):
        for entry in plan.sessions:
            pdf = render_handouts(plan, entry)
            assert len(PdfReader(io.BytesIO(pdf)).pages) > expected_count(entry), entry.slug
            assert squash(plan.course.emergency) in pages_text(pdf)[expected_count(entry)]
            sizes = [size for *_, size in slide_text(plan, pdf, entry)]
            assert min(sizes) >= 16, entry.slug
    entry = sample_plan.sessions[0]
    normal_sizes = [size for *_, size in slide_text(sample_plan, render_handouts(
        sample_plan, entry), entry)]
    large_sizes = [size for *_, size in slide_text(large, render_handouts(large, entry),
                                                   entry)]
    assert max(large_sizes) > max(normal_sizes)
    assert sorted(large_sizes)[len(large_sizes) // 2] > sorted(normal_sizes)[
        len(normal_sizes) // 2]


def test_document_title_names_the_session(sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    reader = PdfReader(io.BytesIO(render_handouts(sample_plan, entry)))
    assert reader.metadata is not None
    assert reader.metadata.title == f"Week 1 handouts: {entry.session.title}"


def test_the_same_plan_gives_the_same_bytes(sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    assert render_handouts(sample_plan, entry) == render_handouts(sample_plan, entry)


def test_a_picture_is_drawn_inside_its_miniature() -> None:
    plan = check(ROOTS / "minimal").plans[0]
    pdf = render_handouts(plan, plan.sessions[0])
    reader = PdfReader(io.BytesIO(pdf))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    assert "Chairs in a circle" not in " ".join(pages_text(pdf))


def test_a_picture_without_an_image_folder_shows_its_alt_text(sample_plan: Plan) -> None:
    agenda = sample_plan.sessions[0].session.model_dump(by_alias=True,
                                                        exclude_none=True)["agenda"]
    agenda[0]["slides"][0]["image"] = {"file": "images/x.png", "alt": "Chairs in a circle"}
    plan = with_session(sample_plan, agenda=agenda)
    plan = dataclasses.replace(plan, sessions=(dataclasses.replace(plan.sessions[0],
                                                                  root=None),))
    text = " ".join(pages_text(render_handouts(plan, plan.sessions[0])))
    assert "Picture: Chairs in a circle" in text


# ---- nothing drawn past a miniature ----------------------------------------------------------


def face(font: object) -> str:
    """The registered font a PDF font dictionary names (subset prefix and all)."""
    name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
    if "Noto" in name:
        return FALLBACK
    return FONT_BOLD if "Bold" in name else FONT


def slide_text(plan: Plan, pdf: bytes, entry: SessionEntry
               ) -> list[tuple[int, str, float, float, float]]:
    """Every piece of text between the running header and the footer of the slides' pages (not
    the support page that closes the file): (page, text, left, right, type size), its right edge
    measured in the face it is drawn in."""
    register_fonts()
    _, height = page_size(plan)
    _, bottom = participant_page(plan, ())
    found: list[tuple[int, str, float, float, float]] = []
    slide_pages = math.ceil(len(handout_slides(plan, entry)) / type_scale(plan).per_page)
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages[:slide_pages], start=1):
        def visit(text: str, cm: list[float], tm: list[float], font: object,
                  size: float, number: int = number) -> None:
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            if bottom - 1 <= y <= height - TOP_MARGIN + 1:
                shown = size * scale
                right = x + stringWidth(text.strip("\n"), face(font), shown)
                found.append((number, text, x, right, shown))

        page.extract_text(visitor_text=visit)
    return found


def overflowing_plan(plan: Plan) -> Plan:
    long_point = "A point " + "that keeps going and going " * 20 + "to the very end"
    unbroken = "x" * 300
    title = "A title that is much too long to fit on two lines of a small slide " * 3
    return with_session(
        plan, title=title,
        agenda=[{
            "id": "long", "title": "Long", "kind": "teaching", "minutes": 30,
            "say": ["Never printed."],
            "slides": [
                {"title": title, "points": [long_point] * 12},
                {"title": unbroken, "points": [unbroken, "Ελληνικά Кириллица " * 20]},
                {"title": "Short", "points": ["One", "Two"]},
            ],
        }],
        homework={"text": long_point * 3})


@pytest.mark.parametrize("print_settings", [PrintSettings(), PrintSettings(paper="a4"),
                                            PrintSettings(large_print=True)])
@pytest.mark.parametrize("source", ["sample", "real", "overflowing"])
def test_no_text_reaches_past_its_miniature(print_settings: PrintSettings, source: str,
                                            sample_plan: Plan) -> None:
    base = {"sample": sample_plan, "real": real_plan(),
            "overflowing": overflowing_plan(sample_plan)}[source]
    plan = dataclasses.replace(base, print=print_settings)
    width, _ = page_size(plan)
    margin = page_margin(plan)
    share = 1.0 if print_settings.large_print else SLIDE_SHARE
    frame = (margin, margin + share * (width - 2 * margin))
    for entry in plan.sessions[:3]:
        pdf = render_handouts(plan, entry)
        pieces = slide_text(plan, pdf, entry)
        assert pieces, entry.slug
        for page, text, left, right, _ in pieces:
            assert left >= frame[0], (entry.slug, page, text)
            if not print_settings.large_print:  # large print: one full-width slide a page
                assert right <= width * SLIDE_EDGE, (entry.slug, page, text, right / width)
            assert right <= frame[1], (entry.slug, page, text)


def test_text_that_cannot_fit_is_cut_with_an_ellipsis(sample_plan: Plan) -> None:
    plan = overflowing_plan(sample_plan)
    pdf = render_handouts(plan, plan.sessions[0])
    text = " ".join(pages_text(pdf))
    assert "…" in text
    assert "Short" in text and "One" in text
    assert "Never printed." not in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2 + 1  # and the support page


def test_the_crisis_lines_follow_the_slides_in_full_at_a_size_to_read() -> None:
    """The closing slide's crisis lines would be set small in a miniature: the handouts leave
    it out, and the support page after the slides carries every line, in body type."""
    for large in (False, True):
        plan = dataclasses.replace(real_plan(), print=PrintSettings(large_print=large))
        entry = plan.sessions[0]
        pdf = render_handouts(plan, entry)
        slide_pages = math.ceil(len(handout_slides(plan, entry)) / type_scale(plan).per_page)
        pages = pages_text(pdf)
        assert "Support between sessions" not in " ".join(pages[:slide_pages])
        for line in plan.course.crisis_resources:
            assert squash(line.contact) in " ".join(pages[slide_pages:]), line.service
