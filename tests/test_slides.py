"""Slide decks read back with python-pptx: order, notes, pictures, fonts, fit and repeatability."""

from __future__ import annotations

import dataclasses
import datetime
import io
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from toolkit import textfit
from toolkit.model import Course, CrisisResource, Image, Session, Slide
from toolkit.plan import Branding, Group, Meeting, Plan
from toolkit.render.content import CRISIS_SIZE
from toolkit.render.deck import layout
from toolkit.render.deck.fit import fit_report
from toolkit.render.deck.slides import render_deck
from toolkit.theme import COLOURS, Colours

SLIDE_W, SLIDE_H = 12192000, 6858000
PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE


def with_session(plan: Plan, **changes: object) -> Plan:
    entry = plan.sessions[0]
    data = entry.session.model_dump(mode="json", by_alias=True, exclude_none=True)
    data.update(changes)
    session = Session.model_validate(data)
    return dataclasses.replace(plan, sessions=(dataclasses.replace(entry, session=session),))


def one_item(plan: Plan, slides: list[dict[str, Any]], **item: object) -> Plan:
    fields: dict[str, object] = {"id": "a", "title": "Part A", "kind": "teaching",
                                 "minutes": 30, "say": ["Say this."], "slides": slides}
    fields.update(item)
    return with_session(plan, agenda=[fields])


def open_deck(plan: Plan) -> Any:
    return Presentation(io.BytesIO(render_deck(plan, plan.sessions[0])))


def titles(deck: Any) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in deck.slides]


def notes(slide: Any) -> str:
    return str(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""


def slide_text(slide: Any) -> str:
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def runs(deck: Any) -> Iterator[Any]:
    for slide in deck.slides:
        frames = [shape.text_frame for shape in slide.shapes if shape.has_text_frame]
        frames.append(slide.notes_slide.notes_text_frame)
        for frame in frames:
            for paragraph in frame.paragraphs:
                yield from paragraph.runs


PALETTE = Colours(primary="2B4C7E", accent="8E3B2E", text="202124", muted="5F6368",
                  rule="A0A4A8", light="E8EEF7")


def make_logo(folder: Path, size: tuple[int, int] = (300, 100)) -> Path:
    path = folder / "logo.png"
    PILImage.new("RGB", size, "navy").save(path)
    return path


def make_template(path: Path, size: tuple[int, int] = (9144000, 5143500)) -> Path:
    """python-pptx's default template at 10 x 5.625 in (16:9, but not 960 x 540 pt), with a slide
    of its own and its "Title Only" layout renamed."""
    template = Presentation()
    template.slide_width, template.slide_height = Emu(size[0]), Emu(size[1])
    slide = template.slides.add_slide(template.slide_layouts[0])
    slide.shapes.title.text = "The template's own slide"
    next(layout for layout in template.slide_layouts if layout.name == "Title Only").name = \
        "Brand heading"
    # Capitals and wide letter spacing in the master's titles would outgrow the measured text.
    title_style = template.slide_master._element.find(qn("p:txStyles")).find(qn("p:titleStyle"))
    title_style.find(qn("a:lvl1pPr")).find(qn("a:defRPr")).set("cap", "all")
    title_style.find(qn("a:lvl1pPr")).find(qn("a:defRPr")).set("spc", "300")
    template.save(str(path))
    return path


def meeting_entry(plan: Plan) -> Plan:
    entry = dataclasses.replace(plan.sessions[0], meeting=Meeting(datetime.date(2027, 1, 12),
                                                                  datetime.time(18, 30)))
    return dataclasses.replace(plan, sessions=(entry,))


@pytest.fixture
def group_plan(sample_plan: Plan, tmp_path: Path) -> Plan:
    """The sample plan for a named group meeting on a date, with a logo and its own colours."""
    group = Group(name="Riverside Tuesday Group", facilitators=("Sam", "Jo"),
                  location="Riverside Community Hall")
    return meeting_entry(dataclasses.replace(
        sample_plan, group=group, branding=Branding(colours=PALETTE, logo=make_logo(tmp_path))))


@pytest.fixture
def picture_plan(sample_plan: Plan, tmp_path: Path) -> Plan:
    """The sample plan with a picture beside the points of its first slide."""
    (tmp_path / "images").mkdir()
    PILImage.new("RGB", (400, 300), "teal").save(tmp_path / "images" / "circle.png")
    entry = sample_plan.sessions[0]
    first = entry.session.agenda[0]
    image = Image.model_validate({"file": "images/circle.png", "alt": "Chairs in a circle"})
    slide = Slide.model_validate({"title": "The room", "points": ["Chairs in a circle"]})
    slide = slide.model_copy(update={"image": image})
    item = first.model_copy(update={"slides": (*first.slides, slide)})
    session = entry.session.model_copy(update={"agenda": (item, *entry.session.agenda[1:])})
    return dataclasses.replace(sample_plan,
                               sessions=(dataclasses.replace(entry, session=session),))


def test_slides_are_16_9_and_in_order(sample_plan: Plan) -> None:
    deck = open_deck(sample_plan)
    assert (deck.slide_width, deck.slide_height) == (SLIDE_W, SLIDE_H)
    assert titles(deck) == [sample_plan.sessions[0].session.title, "Agenda", "Welcome",
                            "The 'I've got this' reflex", "Between sessions",
                            "Support between sessions"]
    title_slide = slide_text(deck.slides[0])
    assert sample_plan.course.title in title_slide and "Week 1" in title_slide
    agenda = slide_text(deck.slides[1])
    assert "Arrival and grounding" in agenda and "10 min" in agenda and "20 min" in agenda
    homework = slide_text(deck.slides[4])
    assert "Notice one offer of help this week." in homework and "My Reflex Map" in homework


def test_every_content_slide_has_a_footer_and_number(sample_plan: Plan) -> None:
    deck = open_deck(sample_plan)
    for number, slide in enumerate(deck.slides, start=1):
        if number == 1:
            continue
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert str(number) in texts
        assert sample_plan.course.title in texts
        assert any(text.startswith("Week 1 · Strong") for text in texts)


def test_every_slide_has_notes_and_item_notes_say_what_to_do(sample_plan: Plan) -> None:
    deck = open_deck(sample_plan)
    assert all(notes(slide).strip() for slide in deck.slides)
    welcome = notes(deck.slides[2])
    assert welcome.startswith("Arrival and grounding — 10 min")
    for expected in ("SAY\n• Welcome everyone.", "DO\n• Light the room softly.",
                     "WATCH FOR\n• A member who goes quiet: check in gently at the break."):
        assert expected in welcome
    reflex = notes(deck.slides[3])
    assert "The reflex — 20 min" in reflex and "My Reflex Map" in reflex
    assert "Name the 'I've got this' reflex" in notes(deck.slides[0])  # goals
    assert "10–30 min" in notes(deck.slides[1])  # run of show
    assert "Confirm your local line" in notes(deck.slides[-1])  # crisis note


def test_screen_readers_meet_the_title_first_and_skip_decorations(sample_plan: Plan,
                                                                 group_plan: Plan) -> None:
    slides = [*open_deck(sample_plan).slides, *open_deck(group_plan).slides]
    for slide in slides:
        readable = [shape for shape in slide.shapes if shape.name != "Decoration"]
        assert readable[0].shape_id == slide.shapes.title.shape_id
        for shape in slide.shapes:
            if shape.name == "Decoration":
                assert b"decorative" in shape._element.xml.encode() and not shape.text_frame.text


def test_an_item_without_slides_gets_none(sample_plan: Plan) -> None:
    plan = with_session(sample_plan, agenda=[
        {"id": "a", "title": "Talk", "kind": "discussion", "minutes": 20},
        {"id": "b", "title": "Show", "kind": "teaching", "minutes": 10,
         "slides": [{"title": "Only this", "points": ["One"]}]}])
    assert titles(open_deck(plan))[2:4] == ["Only this", "Between sessions"]


def test_picture_alt_text_comes_from_the_plan(picture_plan: Plan, tmp_path: Path) -> None:
    deck = open_deck(picture_plan)
    pictures = [(slide, shape) for slide in deck.slides for shape in slide.shapes
                if shape.shape_type == PICTURE]
    assert len(pictures) == 1
    slide, picture = pictures[0]
    properties = picture._element.nvPicPr.cNvPr
    assert properties.get("descr") == "Chairs in a circle"
    for attribute in ("descr", "name"):
        value = properties.get(attribute)
        assert str(tmp_path) not in value and "circle.png" not in value and "/" not in value
    assert "Chairs in a circle" in notes(slide)  # to describe it to those who cannot see it
    # Points on the left, the picture on the right, at the picture's own aspect ratio.
    points = next(shape for shape in slide.shapes if shape.name == "Points")
    assert points.left + points.width <= picture.left
    assert picture.width / picture.height == pytest.approx(400 / 300, rel=0.01)


def test_closing_slide_lists_every_crisis_line(sample_plan: Plan) -> None:
    resources = (*sample_plan.course.crisis_resources,
                 CrisisResource(region="Canada", service="9-8-8 Suicide Crisis Helpline",
                                contact="Call or text 9-8-8"),
                 CrisisResource(region="UK and Ireland", service="Samaritans",
                                contact="Call 116 123"))
    course: Course = sample_plan.course.model_copy(update={"crisis_resources": resources})
    deck = open_deck(dataclasses.replace(sample_plan, course=course))
    closing = slide_text(deck.slides[-1])
    assert course.emergency in closing
    for resource in resources:
        assert resource.contact in closing and resource.service in closing
    assert "Call 116 123" in notes(deck.slides[-1])


def test_every_run_is_arial(picture_plan: Plan) -> None:
    names = {run.font.name for run in runs(open_deck(picture_plan))}
    assert names == {"Arial"}


def test_long_point_lists_continue_on_cont_slides(sample_plan: Plan) -> None:
    points = [f"Point {n}: " + "a longer phrase that takes room " * 3 for n in range(14)]
    deck = open_deck(one_item(sample_plan, [{"title": "Many points", "points": points}]))
    names = titles(deck)
    assert names.count("Many points") == 1 and "Many points (cont.)" in names
    body = " ".join(slide_text(slide) for slide in deck.slides)
    for point in points:
        assert point.strip() in body
    # Every page of one slide is set at one size, not a crowded page and a sparse one.
    sizes = {run.font.size.pt for slide in deck.slides for shape in slide.shapes
             if slide.shapes.title.text_frame.text.startswith("Many points")
             and shape.name == "Points" for p in shape.text_frame.paragraphs for run in p.runs}
    assert len(sizes) == 1 and sizes.pop() >= 18


def test_a_point_longer_than_a_slide_is_split_at_word_boundaries(sample_plan: Plan) -> None:
    words = [f"w{n:04d}" for n in range(316)]  # just under the 2000 characters a point may hold
    deck = open_deck(one_item(sample_plan, [{"title": "Long", "points": [" ".join(words)]}]))
    assert "Long (cont.)" in titles(deck)
    shown = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if slide.shapes.title.text_frame.text.startswith("Long")
                     and shape.name == "Points").split()
    assert shown == words


def test_a_long_agenda_continues(sample_plan: Plan) -> None:
    agenda = [{"id": f"part-{n}", "title": f"Part {n} of a long afternoon", "kind": "activity",
               "minutes": 5} for n in range(24)]
    deck = open_deck(with_session(sample_plan, agenda=agenda, minutes=120))
    names = titles(deck)
    assert names[1] == "Agenda" and names[2] == "Agenda (cont.)"
    shown = " ".join(slide_text(slide) for slide in deck.slides
                     if slide.shapes.title.text_frame.text.startswith("Agenda"))
    for item in agenda:
        assert str(item["title"]) in shown


def shape_fits(shape: Any) -> tuple[float, float]:
    """The height the shape's text needs and the height its frame has, in points."""
    frame = shape.text_frame
    inner_w = Emu(shape.width - frame.margin_left - frame.margin_right).pt
    inner_h = Emu(shape.height - frame.margin_top - frame.margin_bottom).pt
    needed = 0.0
    paragraphs = [p for p in frame.paragraphs]
    size = 0.0
    for index, paragraph in enumerate(paragraphs):
        size = max(run.font.size.pt for run in paragraph.runs)
        bold = any(run.font.bold for run in paragraph.runs)
        properties = paragraph._p.pPr
        indent = Emu(int(properties.get("marL", 0))).pt if properties is not None else 0.0
        lines = textfit.wrap(paragraph.text, inner_w - indent, size, bold)
        needed += len(lines) * size * textfit.LINE_HEIGHT
        if index < len(paragraphs) - 1 and paragraph.space_after is not None:
            needed += paragraph.space_after.pt
    # The box's margin below its text (textfit.HEIGHT_SLACK), once per box.
    return needed + textfit.HEIGHT_SLACK * size * textfit.LINE_HEIGHT, inner_h


def awkward_plans(sample_plan: Plan, picture_plan: Plan, group_plan: Plan | None = None,
                  folder: Path | None = None) -> list[Plan]:
    long_title = "A title that goes on " * 6
    very_long_title = "An enormously long title " * 30
    course = sample_plan.course.model_copy(update={
        "title": "A course title long enough to crowd the footer " * 3,
        "disclaimer": "A disclaimer that runs on. " * 40})
    plans = [
        sample_plan,
        picture_plan,
        dataclasses.replace(sample_plan, course=course),
        with_session(sample_plan, title=very_long_title),
        one_item(sample_plan, [{"title": long_title, "points": ["x " * 900]},
                               {"title": very_long_title, "points": []},
                               {"title": "Huge word", "points": ["W" * 1500]}]),
        one_item(sample_plan, [{"title": "Many", "points": [f"Point {n}" for n in range(40)]}]),
        layouts_plan(sample_plan),
        one_item(sample_plan, [{"title": "A question asked by a title that goes on " * 5 + "?"},
                               {"title": long_title, "points": [QUOTE, "— " + "Someone " * 40]}],
                 kind="discussion"),
        with_session(sample_plan, homework={"text": "Practise " * 200},
                     agenda=[{"id": f"p{n}", "title": "A part " * (n + 1), "kind": "break",
                              "minutes": 100 + n} for n in range(12)], minutes=480),
    ]
    if group_plan is None or folder is None:
        return plans
    crowded = Group(name="The Thursday Evening Peer Support Circle of Riverside " * 3,
                    facilitators=tuple(f"Facilitator number {n}" for n in range(12)),
                    location="Riverside Community Hall, the small room at the back " * 4)
    (folder / "tall").mkdir(exist_ok=True)
    tall_logo = make_logo(folder / "tall", (100, 900))
    template = make_template(folder / "template.pptx")
    crowded_plan = dataclasses.replace(group_plan, group=crowded, course=course)
    return [
        *plans,
        group_plan,
        with_session(crowded_plan, title=very_long_title),
        dataclasses.replace(crowded_plan, branding=Branding(logo=tall_logo)),
        dataclasses.replace(group_plan, branding=dataclasses.replace(group_plan.branding,
                                                                     template=template)),
        dataclasses.replace(layouts_plan(group_plan), branding=dataclasses.replace(
            group_plan.branding, template=template)),
        with_session(dataclasses.replace(crowded_plan, branding=Branding(
            logo=tall_logo, template=template)), title=very_long_title),
    ]


def test_text_fits_its_box_and_shapes_stay_on_the_slide(sample_plan: Plan, picture_plan: Plan,
                                                          group_plan: Plan,
                                                          tmp_path: Path) -> None:
    for plan in awkward_plans(sample_plan, picture_plan, group_plan, tmp_path):
        deck = open_deck(plan)
        for slide in deck.slides:
            assert slide.shapes.title is not None
            for shape in slide.shapes:
                assert shape.left >= 0 and shape.left + shape.width <= SLIDE_W, shape.name
                assert shape.top >= 0 and shape.top + shape.height <= SLIDE_H, shape.name
                if shape.has_text_frame and shape.text_frame.text:
                    frame = shape.text_frame
                    assert frame.word_wrap is True and frame.auto_size == 0  # MSO_AUTO_SIZE.NONE
                    needed, room = shape_fits(shape)
                    assert needed <= room + 0.01, (shape.name, frame.text[:40], needed, room)
            # Text and pictures never overlap one another; only decorations lie beneath them.
            solid = [shape for shape in slide.shapes if shape.name != "Decoration"]
            for one, two in combinations(solid, 2):
                apart = (one.left + one.width <= two.left or two.left + two.width <= one.left
                         or one.top + one.height <= two.top or two.top + two.height <= one.top)
                assert apart, (titles(deck)[deck.slides.index(slide)], one.name, two.name)


def test_type_sizes_keep_their_floors(sample_plan: Plan, picture_plan: Plan) -> None:
    for plan in awkward_plans(sample_plan, picture_plan)[:3]:
        deck = open_deck(plan)
        for slide in deck.slides:
            title = slide.shapes.title.text_frame
            assert 28 <= max(run.font.size.pt for p in title.paragraphs for run in p.runs) <= 36
            for shape in slide.shapes:
                if shape.name in ("Points", "Lead", "Agenda item"):
                    sizes = [run.font.size.pt for p in shape.text_frame.paragraphs
                             for run in p.runs]
                    assert min(sizes) >= 18 and max(sizes) <= 28


def test_two_renders_are_byte_identical(picture_plan: Plan) -> None:
    entry = picture_plan.sessions[0]
    first = render_deck(picture_plan, entry)
    assert first == render_deck(picture_plan, entry)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = Presentation(io.BytesIO(first)).core_properties
    assert properties.title == entry.session.title
    assert properties.author == picture_plan.course.title
    assert properties.last_modified_by == "" and properties.revision == 1
    assert properties.created.date().isoformat() == picture_plan.document_date


def test_markup_and_other_scripts_come_back_literally(sample_plan: Plan) -> None:
    tricky = ["Strong & <b>steady</b>", "Ελληνικά", "Кириллица", "Tiếng Việt",
              "Tell <img src=x> & </para> apart"]
    plan = one_item(sample_plan, [{"title": "<i>Title</i> & more", "points": tricky}],
                    say=tricky)
    deck = open_deck(plan)
    assert titles(deck)[2] == "<i>Title</i> & more"
    assert titles(deck)[0] == sample_plan.sessions[0].session.title
    for text in tricky:
        assert text in slide_text(deck.slides[2])
        assert text in notes(deck.slides[2])


def test_control_characters_are_dropped_not_fatal(sample_plan: Plan) -> None:
    plan = one_item(sample_plan, [{"title": "Bell\x07 here", "points": ["tab\tand\x01control",
                                                                         "nul\x00 \x1b[31m"]}],
                    say=["bell\x07 ok"])
    deck = open_deck(plan)
    assert titles(deck)[2] == "Bell here"
    text = slide_text(deck.slides[2])
    assert "tab\tandcontrol" in text and "nul [31m" in text
    assert "_x00" not in text and "bell ok" in notes(deck.slides[2])


def test_textfit_wraps_within_the_width() -> None:
    text = "Nobody is asked to share a painful story, and anyone may pass at any time."
    lines = textfit.wrap(text, 200, 20)
    assert len(lines) > 1 and " ".join(lines) == text
    assert all(textfit.text_width(line, 20) <= 200 for line in lines)
    assert textfit.text_width("Strong", 20, bold=True) > textfit.text_width("Strong", 20)
    assert textfit.wrap("a\nb\vc", 500, 20) == ["a", "b", "c"]
    assert all(textfit.text_width(line, 20) <= 100 for line in textfit.wrap("W" * 80, 100, 20))


def test_textfit_finds_the_largest_size_that_fits() -> None:
    paragraphs = ["One short point", "Another point that is a little longer than the first"]
    block = textfit.fit(paragraphs, 400, 150, 26, 18, space_after=0.45, inset=7.2)
    assert block is not None
    assert block.height <= 150 - 2 * 7.2
    bigger = textfit.measure(paragraphs, 400 - 2 * 7.2, block.size + 1, space_after=0.45)
    assert block.size == 26 or bigger.height > 150 - 2 * 7.2
    assert textfit.fit(["word " * 500], 400, 150, 26, 18) is None
    assert textfit.fit(["A long title here"], 200, 200, 36, 28, max_lines=1, bold=True) is None


def fill_colours(deck: Any) -> set[str]:
    """The solid fill colours of every shape in the deck."""
    return {str(shape.fill.fore_color.rgb) for slide in deck.slides for shape in slide.shapes
            if shape.shape_type != PICTURE and shape.fill.type == 1}  # MSO_FILL.SOLID


def test_the_plan_palette_colours_every_slide(sample_plan: Plan) -> None:
    deck = open_deck(dataclasses.replace(sample_plan, branding=Branding(colours=PALETTE)))
    fills = fill_colours(deck)
    assert {"2B4C7E", "8E3B2E", "E8EEF7"} <= fills and COLOURS.primary not in fills
    for slide in deck.slides:
        xml = slide._element.xml
        for default in (COLOURS.primary, COLOURS.accent, COLOURS.text, COLOURS.muted,
                        COLOURS.light):
            assert default not in xml
    assert {str(run.font.color.rgb) for run in runs(deck) if run.font.color.type} >= {
        "202124", "5F6368", "8E3B2E"}
    # The default palette is still the default.
    assert COLOURS.primary in fill_colours(open_deck(sample_plan))


def test_the_logo_is_on_the_title_slide_with_alt_text(sample_plan: Plan, tmp_path: Path) -> None:
    logo = make_logo(tmp_path)
    plan = dataclasses.replace(sample_plan, branding=Branding(colours=PALETTE, logo=logo))
    deck = open_deck(plan)
    assert "2B4C7E" in fill_colours(deck) and COLOURS.primary not in fill_colours(deck)
    pictures = [shape for shape in deck.slides[0].shapes if shape.shape_type == PICTURE]
    assert len(pictures) == 1
    logo_shape = pictures[0]
    assert logo_shape._element.nvPicPr.cNvPr.get("descr") == f"{plan.course.title} logo"
    # Top right, inside the margins (48 pt), at most 120 x 80 pt, at the logo's own shape.
    margin = Emu(48 * 12700)
    assert logo_shape.left + logo_shape.width <= SLIDE_W - margin and logo_shape.top >= margin / 2
    assert logo_shape.left > SLIDE_W / 2
    assert logo_shape.width <= Emu(120 * 12700) and logo_shape.height <= Emu(80 * 12700)
    assert logo_shape.width / logo_shape.height == pytest.approx(3, rel=0.01)
    # Repeated small in the footers, where screen readers skip it.
    for slide in list(deck.slides)[1:]:
        small = [shape for shape in slide.shapes if shape.shape_type == PICTURE]
        assert len(small) == 1 and small[0].top > SLIDE_H * 0.9
        assert b"decorative" in small[0]._element.xml.encode()
    # The group's name, when there is one.
    named = dataclasses.replace(plan, group=Group(name="Riverside Group"))
    title_pictures = [shape for shape in open_deck(named).slides[0].shapes
                      if shape.shape_type == PICTURE]
    assert title_pictures[0]._element.nvPicPr.cNvPr.get("descr") == "Riverside Group logo"


def test_group_details_on_the_title_slide_and_in_footers(group_plan: Plan) -> None:
    deck = open_deck(group_plan)
    title_slide = slide_text(deck.slides[0])
    for expected in ("Riverside Tuesday Group", "Tuesday 12 January 2027, 18:30–19:00",
                     "Riverside Community Hall", "With Sam and Jo", group_plan.course.title):
        assert expected in title_slide
    assert "With Sam and Jo" in notes(deck.slides[0])
    for slide in list(deck.slides)[1:]:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert "Riverside Tuesday Group" in texts
        assert any(text.startswith("Week 1 · Strong") and text.endswith(" · Tue 12 Jan 2027")
                   for text in texts)
    agenda = slide_text(deck.slides[1])
    assert "18:30" in agenda and "18:40" in agenda and "10 min" not in agenda
    assert "18:30–18:40 (0–10 min)" in notes(deck.slides[1])


def test_footer_keeps_the_date_when_the_title_is_cut(group_plan: Plan) -> None:
    deck = open_deck(with_session(group_plan, title="A session title that goes on " * 8))
    session = next(shape.text_frame.text for shape in deck.slides[2].shapes
                   if shape.name == "Session")
    assert "…" in session and session.endswith(" · Tue 12 Jan 2027")


def test_start_time_without_a_date(sample_plan: Plan) -> None:
    entry = dataclasses.replace(sample_plan.sessions[0],
                                meeting=Meeting(None, datetime.time(18, 30)))
    deck = open_deck(dataclasses.replace(sample_plan, sessions=(entry,)))
    assert "18:30–19:00" in slide_text(deck.slides[0])  # the times alone, no date
    assert "18:40" in slide_text(deck.slides[1])
    for slide in list(deck.slides)[1:]:
        session = next(shape.text_frame.text for shape in slide.shapes if shape.name == "Session")
        assert session.count("·") == 1  # "Week 1 · title", with no date after it


def test_a_template_gives_its_layouts_and_loses_its_slides(group_plan: Plan,
                                                            tmp_path: Path) -> None:
    template = make_template(tmp_path / "brand.pptx")
    plan = dataclasses.replace(group_plan, branding=dataclasses.replace(group_plan.branding,
                                                                          template=template))
    data = render_deck(plan, plan.sessions[0])
    deck = Presentation(io.BytesIO(data))
    plain = open_deck(group_plan)
    assert titles(deck) == titles(plain)  # the template's own slide is gone
    assert "The template's own slide" not in " ".join(slide_text(slide) for slide in deck.slides)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        slide_parts = [name for name in archive.namelist()
                       if name.startswith("ppt/slides/slide") and name.endswith(".xml")]
    assert len(slide_parts) == len(deck.slides)
    assert deck.slides[0].slide_layout.name == "Title Slide"
    assert {slide.slide_layout.name for slide in list(deck.slides)[1:]} == {"Brand heading"}
    # Scaled from 10 x 5.625 in to 960 x 540 pt, masters and layouts with it.
    assert (deck.slide_width, deck.slide_height) == (SLIDE_W, SLIDE_H)
    master_title = next(shape for shape in deck.slide_master.placeholders
                        if shape.placeholder_format.idx == 0)
    assert master_title.left + master_title.width <= SLIDE_W
    assert master_title.width == round(8229600 * 4 / 3)
    for slide in deck.slides:
        for run in slide.shapes.title.text_frame.paragraphs[0].runs:
            assert run._r.rPr.get("cap") == "none" and run._r.rPr.get("spc") == "0"
        # Only the title placeholder: no empty subtitle from the "Title Slide" layout.
        assert [shape.placeholder_format.idx for shape in slide.placeholders] == [0]
        # No full-width band or background painted over the template's masters.
        assert not any(shape.name == "Decoration" and shape.width >= SLIDE_W
                       for shape in slide.shapes)
    assert "2B4C7E" in {str(run.font.color.rgb) for run in runs(deck) if run.font.color.type}
    assert render_deck(plan, plan.sessions[0]) == data


def test_a_potx_template_is_read_and_a_4_3_one_refused(sample_plan: Plan,
                                                       tmp_path: Path) -> None:
    source = make_template(tmp_path / "brand.pptx")
    potx = tmp_path / "brand.potx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(potx, "w") as target:
        for info in original.infolist():
            content = original.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"presentation.main+xml", b"template.main+xml")
            target.writestr(info, content)
    deck = open_deck(dataclasses.replace(sample_plan, branding=Branding(template=potx)))
    assert deck.slides[2].slide_layout.name == "Brand heading"
    square = make_template(tmp_path / "square.pptx", (9144000, 6858000))
    with pytest.raises(ValueError, match=r"not widescreen \(16:9\)"):
        open_deck(dataclasses.replace(sample_plan, branding=Branding(template=square)))


def test_slide_titles_are_unique_in_every_deck(sample_plan: Plan) -> None:
    title = sample_plan.sessions[0].session.title
    plan = one_item(sample_plan, [{"title": "Same"}, {"title": "Same"},
                                  {"title": title, "points": ["One"]}, {"title": "same"}])
    names = titles(open_deck(plan))
    assert len({name.casefold() for name in names}) == len(names), names
    assert names.count("Same") == 1 and "Same (2)" in names and "same (3)" in names
    assert f"{title} (2)" in names


def test_the_shipped_decks_have_unique_titles() -> None:
    from toolkit.checked import check

    plan = check(Path(__file__).parent.parent / "sessions").plans[0]
    for entry in plan.sessions:
        deck = Presentation(io.BytesIO(render_deck(plan, entry)))
        names = [" ".join(name.split()).casefold() for name in titles(deck)]
        assert len(set(names)) == len(names), (entry.slug, names)


def point_sizes(slide: Any) -> set[float]:
    return {run.font.size.pt for shape in slide.shapes if shape.name in ("Points", "Agenda item")
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs}


def test_fit_report_names_what_shrank_or_split_as_the_deck_shows_it(sample_plan: Plan) -> None:
    many = [f"Point {n}: " + "a longer phrase that takes room " * 3 for n in range(14)]
    agenda = [{"id": f"part-{n}", "title": f"Part {n} of a long afternoon", "kind": "activity",
               "minutes": 5, "slides": [{"title": f"Part {n}", "points": ["Short"]}]}
              for n in range(24)]
    agenda[3]["slides"] = [{"title": "Fine", "points": ["Short"]},
                           {"title": "Many points", "points": many},
                           {"title": "A little long", "points": ["A fairly long point " * 50]}]
    plan = with_session(sample_plan, agenda=agenda, minutes=120)
    report = fit_report(plan, plan.sessions[0])
    deck = open_deck(plan)
    names = titles(deck)
    by_title = {fit.title: fit for fit in report}
    assert set(by_title) == {"Agenda", "Many points", "A little long"}, report
    assert by_title["Agenda"].item_id is None and by_title["Agenda"].split
    many_fit = by_title["Many points"]
    assert (many_fit.item_id, many_fit.slide_index, many_fit.split) == ("part-3", 1, True)
    assert many_fit.slides == sum(name.startswith("Many points") for name in names) > 1
    long_fit = by_title["A little long"]
    assert (long_fit.slide_index, long_fit.slides, long_fit.split) == (2, 1, False)
    assert long_fit.shrunk and 18 <= long_fit.size < 26
    for fit in report:
        shown = [slide for slide in deck.slides
                 if slide.shapes.title.text_frame.text.removesuffix(" (cont.)") == fit.title]
        assert len(shown) == fit.slides
        assert {fit.size} == set().union(*(point_sizes(slide) for slide in shown))
    # Everything not reported is set at the normal size, on one slide (the closing slide's
    # crisis lines are a reference list, normally CRISIS_SIZE).
    for slide, name in zip(deck.slides, names, strict=True):
        if name.removesuffix(" (cont.)") not in by_title:
            normal = float(CRISIS_SIZE) if name == "Support between sessions" else 26.0
            assert point_sizes(slide) <= {normal}, name
    assert fit_report(sample_plan, sample_plan.sessions[0]) == []


def test_the_layout_module_does_not_load_pptx() -> None:
    code = ("import sys, toolkit.render.deck.fit; "
            "sys.exit(any(name.split('.')[0] == 'pptx' for name in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_shipped_slides_fit_at_their_normal_size_without_splitting() -> None:
    from toolkit.checked import check

    plan = check(Path(__file__).parent.parent / "sessions").plans[0]
    for entry in plan.sessions:
        assert fit_report(plan, entry) == [], entry.slug


QUESTION = "Three months from now, what might be a little different in how you let people help?"
QUOTE = "“Letting someone carry the heavy end for a while did not make me weak.”"


def layouts_plan(plan: Plan) -> Plan:
    """A session with every layout the plan's content can ask for."""
    return with_session(plan, agenda=[
        {"id": "talk", "title": "Talk together", "kind": "discussion", "minutes": 15,
         "say": ["Ask."], "slides": [
             {"title": "Looking forward", "points": [QUESTION]},
             {"title": "What would it feel like to be helped?"},
             {"title": "Not only a question", "points": [QUESTION, "Take your time"]},
             {"title": "Too long to stand alone", "points": ["Why " + "and then " * 150 + "?"]}]},
        {"id": "rest", "title": "Break", "kind": "break", "minutes": 10},
        {"id": "try", "title": "Try it", "kind": "activity", "minutes": 15, "slides": [
            {"title": "In their words", "points": [QUOTE, "— A member of an earlier group"]},
            {"title": "Plainly quoted", "points": ['"You don\'t have to do it all alone."']},
            {"title": "Not a quotation", "points": [QUOTE, "And a second point"]},
            {"title": "What helps?", "points": [QUESTION]}]}],
        minutes=40)


def shape(slide: Any, name: str) -> Any:
    return next(shape for shape in slide.shapes if shape.name == name)


def names_of(slide: Any) -> set[str]:
    return {shape.name for shape in slide.shapes}


def pt(emu: int) -> float:
    return float(Emu(emu).pt)


def test_activity_slides_show_their_minutes_in_a_badge(sample_plan: Plan) -> None:
    deck = open_deck(layouts_plan(sample_plan))
    by_title = dict(zip(titles(deck), deck.slides, strict=True))
    for name in ("In their words", "Plainly quoted", "Not a quotation", "What helps?"):
        badge = shape(by_title[name], "Badge")
        title = by_title[name].shapes.title
        assert badge.text_frame.text == "15 min"
        assert pt(badge.top + badge.height) <= layout.BAND_H
        assert badge.left >= title.left + title.width
        assert pt(badge.left + badge.width) <= layout.SLIDE_W - layout.MARGIN + 0.01
    for name in ("Looking forward", "Not only a question", "Agenda"):
        assert "Badge" not in names_of(by_title[name])
    sample = open_deck(sample_plan)  # the sample's 20-minute activity
    assert shape(sample.slides[3], "Badge").text_frame.text == "20 min"


def test_a_discussion_question_stands_alone_large_and_centred(sample_plan: Plan) -> None:
    deck = open_deck(layouts_plan(sample_plan))
    by_title = dict(zip(titles(deck), deck.slides, strict=True))
    question = shape(by_title["Looking forward"], "Question")
    assert question.text_frame.text == QUESTION and "Points" not in names_of(
        by_title["Looking forward"])
    size = question.text_frame.paragraphs[0].runs[0].font.size.pt
    assert 26 < size <= 40
    middle = pt(question.top + question.height / 2)
    assert abs(middle - (layout.BODY_TOP + layout.BODY_BOTTOM) / 2) < 1  # the body's middle
    # A question in the title, with no points: the title itself, large, where the band would be.
    asked = by_title["What would it feel like to be helped?"]
    title = asked.shapes.title
    assert pt(title.top) > layout.BAND_H and title.text_frame.paragraphs[0].runs[0].font.size.pt > 36
    assert {"Points", "Question"}.isdisjoint(names_of(asked))
    # Only a discussion's lone question; a long one is an ordinary point.
    for name in ("Not only a question", "What helps?", "Too long to stand alone"):
        assert "Question" not in names_of(by_title[name]), name
    assert "Points" in names_of(by_title["Too long to stand alone"])


def test_a_quotation_on_its_own_gets_a_rule_and_its_attribution(sample_plan: Plan) -> None:
    deck = open_deck(layouts_plan(sample_plan))
    by_title = dict(zip(titles(deck), deck.slides, strict=True))
    slide = by_title["In their words"]
    quote, attribution = shape(slide, "Quote"), shape(slide, "Attribution")
    assert quote.text_frame.text == QUOTE
    assert attribution.text_frame.text == "— A member of an earlier group"
    assert attribution.top >= quote.top + quote.height
    size = quote.text_frame.paragraphs[0].runs[0].font.size.pt
    assert 26 <= size <= 36 and not any(
        run.font.italic for p in quote.text_frame.paragraphs for run in p.runs)
    rules = [s for s in slide.shapes if s.name == "Decoration" and s.left < quote.left
             and s.top >= quote.top and s.height > s.width]
    assert rules
    assert "Quote" in names_of(by_title["Plainly quoted"])
    assert "Attribution" not in names_of(by_title["Plainly quoted"])
    assert "Quote" not in names_of(by_title["Not a quotation"])


def test_a_break_without_slides_gets_a_calm_section_slide(sample_plan: Plan) -> None:
    plan = layouts_plan(sample_plan)
    deck = open_deck(plan)
    slide = deck.slides[titles(deck).index("Break")]
    assert shape(slide, "Caption").text_frame.text == "10 minutes"
    assert "Rest" not in notes(slide) and notes(slide).startswith("Break — 10 min")
    timed = open_deck(meeting_entry(plan))
    slide = timed.slides[titles(timed).index("Break")]
    assert shape(slide, "Caption").text_frame.text == "10 minutes · back at 18:55"
    # A break with slides of its own keeps them.
    assert "Break" not in titles(open_deck(one_item(sample_plan, [{"title": "Stretch"}],
                                                   kind="break")))


def test_the_layouts_use_the_palette_and_a_template(sample_plan: Plan, tmp_path: Path) -> None:
    plan = dataclasses.replace(layouts_plan(sample_plan), branding=Branding(colours=PALETTE))
    deck = open_deck(plan)
    for slide in deck.slides:
        for default in (COLOURS.primary, COLOURS.accent, COLOURS.text, COLOURS.muted,
                        COLOURS.light):
            assert default not in slide._element.xml
    template = make_template(tmp_path / "brand.pptx")
    templated = open_deck(dataclasses.replace(plan, branding=Branding(colours=PALETTE,
                                                                      template=template)))
    assert titles(templated) == titles(deck)
    for slide in list(templated.slides)[1:]:
        assert slide.slide_layout.name == "Brand heading"
        assert not any(s.name == "Decoration" and s.width >= SLIDE_W for s in slide.shapes)
    assert fit_report(plan, plan.sessions[0]) == [
        fit for fit in fit_report(plan, plan.sessions[0]) if fit.title == "Too long to stand alone"]
