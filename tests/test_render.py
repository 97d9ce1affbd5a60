"""Renderers on awkward input: markup-like text, other scripts, long text, paper sizes."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from conftest import with_session
from PIL import Image as PILImage
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from toolkit import textfit
from toolkit.plan import Plan, PrintSettings
from toolkit.render.deck.slides import render_deck
from toolkit.render.pdf.notes import render_notes
from toolkit.render.pdf.worksheets import render_worksheets

TRICKY = ["Strong & <b>steady</b>", "Ελληνικά", "Кириллица", "Tiếng Việt",
          "Tell <img src=x> & </para> apart"]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())



def test_pdfs_print_markup_and_other_scripts_literally(sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    notes = text_of(render_notes(sample_plan, entry))
    sheets = text_of(render_worksheets(sample_plan, entry))
    for text in TRICKY:
        assert text in notes
    for text in TRICKY[:4]:
        assert text in sheets
    assert "If you are in immediate danger, call your local emergency number." in sheets
    assert "Call or text 988" in sheets


def test_notes_hold_every_part_of_the_plan(sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    notes = text_of(render_notes(sample_plan, entry))
    for expected in ("Welcome everyone.", "Light the room softly.",
                     "A member who goes quiet: check in gently at the break.", "0–10", "10–30",
                     "Pens", "Arrange chairs in a circle", "Nobody is asked to share",
                     "Notice one offer of help this week.", "Page 1 of", "What is shared here"):
        assert expected in notes


def test_worksheets_hold_every_item(sample_plan: Plan) -> None:
    sheets = text_of(render_worksheets(sample_plan, sample_plan.sessions[0]))
    for expected in ("My Reflex Map", "When did you last say 'I've got this'?", "very hard",
                     "very easy", "Tension", "Relief", "Day", "Offer", "What I did", "Name",
                     "Date", "0 1 2 3 4 5 6 7 8 9 10"):
        assert expected in sheets


def test_pdf_metadata_and_repeatability(sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    for render in (render_notes, render_worksheets):
        first = render(sample_plan, entry)
        assert first == render(sample_plan, entry)
        metadata = PdfReader(io.BytesIO(first)).metadata
        assert metadata is not None and metadata.title and "Week 1" in metadata.title
        assert metadata.author == sample_plan.course.title


def test_a4_paper(sample_plan: Plan) -> None:
    plan = dataclasses.replace(sample_plan, print=PrintSettings(paper="a4"))
    for render in (render_notes, render_worksheets):
        pages = PdfReader(io.BytesIO(render(plan, plan.sessions[0]))).pages
        assert {tuple(round(v) for v in page.mediabox[2:]) for page in pages} == {(595, 842)}


def ruled_lines(pdf: bytes) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    stream = b"".join(page.get_contents().get_data() for page in reader.pages)
    return len(re.findall(rb"m [\d.\-]+ [\d.\-]+ l S", stream))


def test_each_prompt_line_is_a_ruled_line(sample_plan: Plan) -> None:
    def sheet(lines: int) -> Plan:
        return with_session(sample_plan, worksheets=[{
            "id": "reflex-map", "title": "Lines",
            "items": [{"prompt": {"text": "Write here", "lines": lines}}]}])

    three = ruled_lines(render_worksheets(sheet(3), sheet(3).sessions[0]))
    ten = ruled_lines(render_worksheets(sheet(10), sheet(10).sessions[0]))
    assert ten - three == 7


def open_deck(plan: Plan):  # type: ignore[no-untyped-def]
    return Presentation(io.BytesIO(render_deck(plan, plan.sessions[0])))


def test_deck_order_notes_and_fonts(sample_plan: Plan) -> None:
    deck = open_deck(sample_plan)
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles == [sample_plan.sessions[0].session.title, "Agenda", "Welcome",
                      "The 'I've got this' reflex", "Between sessions",
                      "Support between sessions"]
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    assert all(text.strip() for text in notes)
    assert "Welcome everyone." in notes[2] and "10 min" in notes[2]
    assert "A member who goes quiet" in notes[2] and "Light the room softly." in notes[2]
    closing = " ".join(shape.text_frame.text for shape in deck.slides[-1].shapes
                       if shape.has_text_frame)
    assert "Call or text 988" in closing
    assert "If you are in immediate danger, call your local emergency number." in closing
    title_text = " ".join(shape.text_frame.text for shape in deck.slides[0].shapes
                          if shape.has_text_frame)
    assert sample_plan.course.disclaimer in title_text
    fonts = {run.font.name for slide in deck.slides for shape in slide.shapes
             if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs}
    assert fonts == {"Arial"}


def test_long_points_continue_on_another_slide_and_nothing_overflows(sample_plan: Plan) -> None:
    points = [f"Point {n}: " + "a longer phrase that takes room " * 3 for n in range(14)]
    plan = with_session(sample_plan, agenda=[
        {"id": "a", "title": "A", "kind": "teaching", "minutes": 30, "say": ["x"],
         "slides": [{"title": "Many points", "points": points}]}])
    deck = open_deck(plan)
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert "Many points" in titles and "Many points (cont.)" in titles
    body = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                    if shape.has_text_frame)
    for point in points:
        assert point.strip() in body
    width, height = deck.slide_width, deck.slide_height
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= width
            assert shape.top >= 0 and shape.top + shape.height <= height
            if not shape.has_text_frame or not shape.text_frame.text:
                continue
            frame = shape.text_frame
            sizes = {run.font.size.pt for p in frame.paragraphs for run in p.runs}
            size = max(sizes)
            inner_w = Emu(shape.width - frame.margin_left - frame.margin_right).pt
            bulleted = frame.paragraphs[0]._p.pPr is not None and \
                frame.paragraphs[0]._p.pPr.get("marL") is not None
            needed = textfit.paragraphs_height(
                [p.text for p in frame.paragraphs], inner_w - (28.0 if bulleted else 0), size,
                bold=any(run.font.bold for p in frame.paragraphs for run in p.runs),
                space_after=0.45 if bulleted else 0)
            inner_h = Emu(shape.height - frame.margin_top - frame.margin_bottom).pt
            assert needed <= inner_h + 0.5, (frame.text[:40], needed, inner_h)
            if bulleted:
                assert size >= 18


def test_picture_alt_text_and_control_characters(sample_plan: Plan, tmp_path: Path) -> None:
    PILImage.new("RGB", (400, 300), "teal").save(tmp_path / "photo.png")
    plan = with_session(sample_plan, agenda=[
        {"id": "a", "title": "A", "kind": "teaching", "minutes": 30, "say": ["bell\x07 ok"],
         "slides": [{"title": "Picture\x0b", "points": ["tab\tand\x01control"],
                     "image": {"file": "photo.png", "alt": "A calm teal square"}}]}])
    deck = open_deck(plan)
    pictures = [shape for slide in deck.slides for shape in slide.shapes
                if shape.shape_type == 13]
    assert len(pictures) == 1
    properties = pictures[0]._element.nvPicPr.cNvPr
    assert properties.get("descr") == "A calm teal square"
    assert "photo" not in properties.get("name") and str(tmp_path) not in properties.get("name")


def test_deck_is_repeatable(sample_plan: Plan) -> None:
    assert render_deck(sample_plan, sample_plan.sessions[0]) == render_deck(
        sample_plan, sample_plan.sessions[0])


def test_notes_end_with_an_after_session_checklist(sample_plan: Plan) -> None:
    notes = text_of(render_notes(sample_plan, sample_plan.sessions[0]))
    after = notes[notes.index("After the session"):]
    for item in sample_plan.sessions[0].session.agenda:
        assert f"{item.title} ({item.minutes} min)" in after
    assert "Anyone at risk or distressed" in after
    # The sample's only session is its last: follow-ups come after the course, not before
    # a next session.
    assert "Follow-ups and referrals after the course" in after
    assert "before next session" not in after
