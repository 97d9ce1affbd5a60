"""Slide decks: one 16:9 .pptx per session, talking points in the speaker notes.

Every slide has a real title placeholder (screen readers navigate by slide titles). Text is
measured before it is placed: it shrinks within a floor, then continues on a "(cont.)" slide,
and is never drawn past its box. The file is written with fixed dates so builds are repeatable.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from PIL import Image as PILImage
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from toolkit import textfit
from toolkit.model import AgendaItem, Session
from toolkit.model import Slide as SlidePlan
from toolkit.plan import Plan, SessionEntry
from toolkit.theme import COLOURS, SLIDE_FONT, SLIDE_SIZES

EMU_PER_PT = 12700
SLIDE_W, SLIDE_H = 960.0, 540.0  # points: 13.333 x 7.5 inches
MARGIN = 44.0
BAND_H = 104.0
BODY_TOP = BAND_H + 26.0
FOOTER_TOP = SLIDE_H - 34.0
BODY_H = FOOTER_TOP - BODY_TOP - 10.0
INSET = 7.2  # text frame insets, left/right and top/bottom, in points
BULLET_INDENT = 28.0
SPACE_AFTER = 0.45  # space after each bullet, as a fraction of the type size
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class SlideSpec:
    """What one slide shows, before layout."""

    title: str
    points: tuple[str, ...]
    notes: str
    image: tuple[str, str] | None = None  # (path, alt text)
    emphasis_first: bool = False


def render_deck(plan: Plan, entry: SessionEntry) -> bytes:
    """The slide deck of one session, as the bytes of a .pptx file."""
    session = entry.session
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(int(SLIDE_W * EMU_PER_PT)), Emu(
        int(SLIDE_H * EMU_PER_PT))
    footer = f"{plan.course.title} · {entry.label}: {session.title}"
    _title_slide(deck, plan, entry)
    specs = [_agenda_spec(session)]
    for item in session.agenda:
        specs += [_item_spec(plan, item, slide) for slide in item.slides]
    if session.homework:
        specs.append(_homework_spec(session))
    specs.append(_closing_spec(plan))
    for spec in specs:
        for part in _split(spec):
            _content_slide(deck, part, footer)
    _set_properties(deck, plan, session)
    return _repeatable(deck)


def clean(text: str) -> str:
    """Drop characters XML cannot carry, so saving never fails on pasted text."""
    return _XML_UNSAFE.sub("", text)


def _pt(value: float) -> Emu:
    return Emu(round(value * EMU_PER_PT))


def _rgb(hex_value: str) -> RGBColor:
    red, green, blue = (int(hex_value[i:i + 2], 16) for i in (0, 2, 4))
    return RGBColor(red, green, blue)


def _bullets(label: str, entries: tuple[str, ...]) -> str:
    return f"{label}\n" + "\n".join(f"• {clean(text)}" for text in entries) if entries else ""


def _item_notes(item: AgendaItem) -> str:
    parts = [f"{clean(item.title)} ({item.kind}): {item.minutes} min",
             _bullets("SAY", item.say), _bullets("DO", item.do),
             _bullets("WATCH FOR", item.watch_for)]
    return "\n\n".join(part for part in parts if part)


def _agenda_spec(session: Session) -> SlideSpec:
    points = [f"{item.minutes} min · {clean(item.title)}" for item in session.agenda]
    notes = (f"Run of show ({session.minutes} minutes). Walk the group through the plan for "
             "today so nothing comes as a surprise.\n\n" + "\n".join(points))
    return SlideSpec("Agenda", tuple(points), notes)


def _item_spec(plan: Plan, item: AgendaItem, slide: SlidePlan) -> SlideSpec:
    image = None
    if slide.image is not None:
        image = (str(plan.image_path(slide.image)), clean(slide.image.alt))
    return SlideSpec(clean(slide.title), tuple(clean(p) for p in slide.points),
                     _item_notes(item), image)


def _homework_spec(session: Session) -> SlideSpec:
    homework = session.homework
    assert homework is not None
    points = [clean(homework.text)]
    if homework.worksheet and (sheet := session.worksheet(homework.worksheet)):
        points.append(f"Worksheet: {clean(sheet.title)}")
    notes = ("Introduce the practice for the week. It is an invitation, not a test: doing a "
             "little, or choosing not to, is fine. Hand out the worksheet.\n\n" + points[0])
    return SlideSpec("Between sessions", tuple(points), notes)


def _closing_spec(plan: Plan) -> SlideSpec:
    course = plan.course
    points = [clean(course.emergency)] + [
        f"{clean(r.region)}: {clean(r.service)}, {clean(r.contact)}"
        for r in course.crisis_resources]
    notes = ("Point out the crisis lines before members leave, and say where they are printed "
             "on every worksheet.")
    if course.crisis_note:
        notes += "\n\n" + clean(course.crisis_note)
    return SlideSpec("Support between sessions", tuple(points), notes, emphasis_first=True)


def _body_width(spec: SlideSpec) -> float:
    full = SLIDE_W - 2 * MARGIN
    return full * 0.58 if spec.image else full


def _text_width(spec: SlideSpec) -> float:
    return _body_width(spec) - 2 * INSET - BULLET_INDENT


def _split(spec: SlideSpec) -> list[SlideSpec]:
    """The slide as it is, or several "(cont.)" slides when its points cannot fit one."""
    width, height = _text_width(spec), BODY_H - 2 * INSET
    points = list(spec.points)
    if _fits(points, width, height):
        return [spec]
    pages: list[list[str]] = []
    current: list[str] = []
    for point in points:
        for piece in _pieces(point, width, height):
            if current and not _fits([*current, piece], width, height):
                pages.append(current)
                current = []
            current.append(piece)
    pages.append(current)
    return [SlideSpec(spec.title if index == 0 else f"{spec.title} (cont.)", tuple(page),
                      spec.notes, spec.image if index == 0 else None,
                      spec.emphasis_first and index == 0)
            for index, page in enumerate(pages)]


def _fits(points: list[str], width: float, height: float) -> bool:
    return textfit.largest_fitting_size(points, width, height, SLIDE_SIZES.body,
                                        SLIDE_SIZES.body_min, space_after=SPACE_AFTER) is not None


def _pieces(point: str, width: float, height: float) -> list[str]:
    """A point too long for a whole slide, cut at word boundaries into pieces that fit."""
    if _fits([point], width, height):
        return [point]
    lines = textfit.wrap(point, width, SLIDE_SIZES.body_min)
    per_piece = max(int(height // (SLIDE_SIZES.body_min * textfit.LINE_HEIGHT)) - 1, 1)
    return [" ".join(lines[i:i + per_piece]) for i in range(0, len(lines), per_piece)]


def _title_layout(deck: Any) -> Any:
    return next(layout for layout in deck.slide_layouts if layout.name == "Title Only")


def _style_runs(paragraph: Any, size: float, colour: str, bold: bool = False) -> None:
    for run in paragraph.runs:
        run.font.name = SLIDE_FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)


def _frame(text_frame: Any, anchor: Any = MSO_ANCHOR.TOP) -> None:
    text_frame.word_wrap = True
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    text_frame.vertical_anchor = anchor
    for side in ("left", "right", "top", "bottom"):
        setattr(text_frame, f"margin_{side}", _pt(INSET))


def _place_title(slide: Any, text: str, left: float, top: float, width: float, height: float,
                 colour: str, align: Any = PP_ALIGN.LEFT) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (_pt(left), _pt(top), _pt(width),
                                                        _pt(height))
    frame = title.text_frame
    _frame(frame, MSO_ANCHOR.MIDDLE)
    frame.text = text
    inner_w, inner_h = width - 2 * INSET, height - 2 * INSET
    size = textfit.largest_fitting_size([text], inner_w, inner_h, SLIDE_SIZES.title,
                                        SLIDE_SIZES.title_min, bold=True, max_lines=2)
    if size is None:  # longer than two lines at the floor: smaller still, but never outside
        size = textfit.largest_fitting_size([text], inner_w, inner_h, SLIDE_SIZES.title_min,
                                            12, bold=True) or 12
    for paragraph in frame.paragraphs:
        paragraph.alignment = align
        paragraph.line_spacing = textfit.LINE_SPACING
        _style_runs(paragraph, size, colour, bold=True)


def _textbox(slide: Any, text: str, left: float, top: float, width: float, height: float,
             size: float, colour: str, bold: bool = False, align: Any = PP_ALIGN.LEFT
             ) -> Any:
    # A box is never shorter than its measured text, so nothing spills out of it.
    needed = textfit.paragraphs_height([text], width - 2 * INSET, size, bold=bold) + 2 * INSET
    box = slide.shapes.add_textbox(_pt(left), _pt(top), _pt(width), _pt(max(height, needed)))
    _frame(box.text_frame)
    box.text_frame.text = text
    for paragraph in box.text_frame.paragraphs:
        paragraph.alignment = align
        paragraph.line_spacing = textfit.LINE_SPACING
        _style_runs(paragraph, size, colour, bold)
    return box


def _rectangle(slide: Any, left: float, top: float, width: float, height: float,
               colour: str) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _pt(left), _pt(top), _pt(width),
                                   _pt(height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    # Decoration only: move it to the back so reading order follows the visible text.
    tree = slide.shapes._spTree
    tree.remove(shape._element)
    tree.insert(2, shape._element)


def _notes(slide: Any, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def _title_slide(deck: Any, plan: Plan, entry: SessionEntry) -> None:
    session = entry.session
    slide = deck.slides.add_slide(_title_layout(deck))
    _rectangle(slide, 0, 0, SLIDE_W, SLIDE_H, COLOURS.primary)
    _rectangle(slide, MARGIN, 300, 120, 6, COLOURS.background)
    _textbox(slide, clean(plan.course.title), MARGIN, 96, SLIDE_W - 2 * MARGIN, 40, 20,
             COLOURS.background)
    _textbox(slide, entry.label, MARGIN, 140, SLIDE_W - 2 * MARGIN, 46, 24,
             COLOURS.background, bold=True)
    _place_title(slide, clean(session.title), MARGIN, 188, SLIDE_W - 2 * MARGIN, 104,
                 COLOURS.background)
    # Every participant-facing document carries the disclaimer; the title slide has room.
    _textbox(slide, clean(plan.course.disclaimer), MARGIN, SLIDE_H - 96, SLIDE_W - 2 * MARGIN,
             60, 14, COLOURS.background)
    notes = [f"{entry.label}: {clean(session.title)} ({session.minutes} minutes)"]
    if session.summary:
        notes.append(clean(session.summary))
    notes.append(_bullets("GOALS", session.goals))
    _notes(slide, "\n\n".join(notes))


def _content_slide(deck: Any, spec: SlideSpec, footer: str) -> None:
    slide = deck.slides.add_slide(_title_layout(deck))
    _rectangle(slide, 0, 0, SLIDE_W, BAND_H, COLOURS.primary)
    _place_title(slide, spec.title, MARGIN - INSET, 0, SLIDE_W - 2 * MARGIN + 2 * INSET, BAND_H,
                 COLOURS.background)
    if spec.points:
        _points(slide, spec)
    if spec.image:
        _picture(slide, *spec.image)
    _rectangle(slide, 0, FOOTER_TOP - 6, SLIDE_W, 1.5, COLOURS.rule)
    number = len(deck.slides)
    footer_text = footer
    while textfit.text_width(footer_text, SLIDE_SIZES.footer) > SLIDE_W - 2 * MARGIN - 80:
        footer_text = footer_text[:-2] + "…"
    _textbox(slide, footer_text, MARGIN - INSET, FOOTER_TOP, SLIDE_W - 2 * MARGIN - 60, 30,
             SLIDE_SIZES.footer, COLOURS.muted)
    _textbox(slide, str(number), SLIDE_W - MARGIN - 60 + INSET, FOOTER_TOP, 60, 30,
             SLIDE_SIZES.footer, COLOURS.muted, align=PP_ALIGN.RIGHT)
    _notes(slide, spec.notes)


def _points(slide: Any, spec: SlideSpec) -> None:
    width = _body_width(spec)
    size = textfit.largest_fitting_size(
        list(spec.points), _text_width(spec), BODY_H - 2 * INSET, SLIDE_SIZES.body,
        SLIDE_SIZES.body_min, space_after=SPACE_AFTER) or SLIDE_SIZES.body_min
    box = slide.shapes.add_textbox(_pt(MARGIN - INSET), _pt(BODY_TOP), _pt(width),
                                   _pt(BODY_H))
    frame = box.text_frame
    _frame(frame)
    for index, point in enumerate(spec.points):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = point
        paragraph.line_spacing = textfit.LINE_SPACING
        paragraph.space_after = Pt(size * SPACE_AFTER)
        _bullet(paragraph)
        emphasis = spec.emphasis_first and index == 0
        _style_runs(paragraph, size, COLOURS.accent if emphasis else COLOURS.text, emphasis)


def _bullet(paragraph: Any) -> None:
    """A real bullet (not a typed character), hanging so wrapped lines align with the text."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(int(BULLET_INDENT * EMU_PER_PT)))
    properties.set("indent", str(-int(BULLET_INDENT * EMU_PER_PT)))
    colour = properties.makeelement(qn("a:buClr"), {})
    srgb = colour.makeelement(qn("a:srgbClr"), {"val": COLOURS.accent})
    colour.append(srgb)
    font = properties.makeelement(qn("a:buFont"), {"typeface": SLIDE_FONT})
    char = properties.makeelement(qn("a:buChar"), {"char": "•"})
    for element in (colour, font, char):
        properties.append(element)


def _picture(slide: Any, path: str, alt: str) -> None:
    left = MARGIN + (SLIDE_W - 2 * MARGIN) * 0.62
    area_w, area_h = SLIDE_W - MARGIN - left, BODY_H
    with PILImage.open(path) as image:
        pixels_w, pixels_h = image.size
    scale = min(area_w / pixels_w, area_h / pixels_h)
    width, height = pixels_w * scale, pixels_h * scale
    picture = slide.shapes.add_picture(path, _pt(left + (area_w - width) / 2),
                                       _pt(BODY_TOP + (area_h - height) / 2), _pt(width),
                                       _pt(height))
    properties = picture._element.nvPicPr.cNvPr
    properties.set("descr", alt)  # otherwise python-pptx stores the file name here
    properties.set("name", "Picture")


def _set_properties(deck: Any, plan: Plan, session: Session) -> None:
    fixed = datetime.datetime.fromisoformat(plan.document_date)
    properties = deck.core_properties
    properties.title = clean(session.title)
    properties.subject = clean(plan.course.title)
    properties.author = clean(plan.course.title)
    properties.last_modified_by = ""
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = fixed


def _repeatable(deck: Any) -> bytes:
    """Save the deck with fixed zip dates: python-pptx stamps the current time otherwise."""
    raw = io.BytesIO()
    deck.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
