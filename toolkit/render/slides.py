"""Slide decks: one 16:9 .pptx per session, with the facilitator's talking points as notes.

Every slide has a real title placeholder, because screen readers navigate a deck by its slide
titles. python-pptx never measures text, so every piece of text is measured first (see
``toolkit.textfit``): it shrinks down to a floor, then continues on a "(cont.)" slide, and is never
drawn past its box or over another shape. Pictures carry the plan's alt text, never a file name.
The file is written with fixed dates, so the same plan always gives the same bytes.

Everything is drawn in the plan's palette (``plan.colours``). A group's decks also carry its name,
meeting dates and times, place and facilitators, its logo, and can be built on its own PowerPoint
template. The template is read, cleaned, scaled to this module's 960 x 540 pt slide and tried by
``toolkit.deck_base`` (and refused there, at ``toolkit check``, when it cannot be built on). On a
template the title band and the title slide's background are not painted, so the template's
masters show through; text keeps the palette's colours, so a template is assumed to have a light
background.

Slides take their layout from what the plan says, with no extra fields: the title slide; the
agenda as a timeline; slides of points (beside a picture, under a shaded lead panel); an
activity's slides with its minutes in a badge beside the title; a discussion's lone question,
large and centred; a quotation on its own with an accent rule and its attribution; a statement
slide for a break without slides of its own (or a question asked by a slide's title); and the
closing slide with the emergency line and crisis lines. Every slide but the first has a footer
with the course (or group), week, session and date, and the slide's number.

What each slide says, how its text is split and at what size, and where the agenda's rows go is
planned in ``toolkit.render.slide_layout``; this module only draws that plan, writing each text
box and decoration as XML (``toolkit.render.slide_xml``) rather than with python-pptx's property
setters, which took most of the time. It, ``slide_xml`` and ``toolkit.deck_base`` are the only
modules that import ``pptx``, so commands that do not build decks (or check a template) stay
fast.
"""

from __future__ import annotations

import copy
import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart
from pptx.util import Emu

from toolkit import textfit
from toolkit.deck_base import add_slide, new_deck
from toolkit.images import upright
from toolkit.model import Session
from toolkit.plan import Plan, SessionEntry
from toolkit.render import slide_xml
from toolkit.render.content import (
    bullets,
    clean,
    deck_contents,
    group_details,
    join_notes,
    run_of_show,
)
from toolkit.render.pptx_speed import speed_up
from toolkit.render.slide_layout import (
    ACCENT_H,
    ACCENT_W,
    ATTRIBUTION_SIZE,
    BADGE_GAP,
    BADGE_PAD,
    BADGE_SIZE,
    BAND_H,
    BODY_BOTTOM,
    BODY_TOP,
    BODY_W,
    BULLET_INDENT,
    CAPTION_GAP,
    FOOTER_TOP,
    INSET,
    MARGIN,
    PICTURE_GAP,
    PICTURE_SHARE,
    QUESTION_BOX_W,
    QUOTE_BOX_W,
    QUOTE_GAP,
    QUOTE_INDENT,
    SLIDE_H,
    SLIDE_W,
    STATEMENT_BOX_W,
    STATEMENT_RULE_GAP,
    TIMELINE_W,
    AgendaLayout,
    AgendaRow,
    Page,
    agenda_pages,
    badge_width,
    fit_title,
    paginate,
    points_width,
    statement_area,
)
from toolkit.render.slide_xml import Anchor, Box, Geometry, Style
from toolkit.textfit import Block
from toolkit.theme import SLIDE_SIZES, Colours

speed_up()

EMU_PER_PT = slide_xml.EMU_PER_PT
NOTES_SIZE = 12
TITLE_LOGO_W, TITLE_LOGO_H = 120.0, 80.0
"""The most room a logo takes at the top right of the title slide."""
LOGO_PAD = 8.0
"""Padding of the light tile a logo sits on when the title slide is dark."""
FOOTER_LOGO_W, FOOTER_LOGO_H = 60.0, 20.0
"""The most room a logo takes in a footer, beside the slide number."""
DETAILS_SIZE, DETAILS_MIN = 20, 14
"""Type sizes of the group's details (name, date, place, facilitators) on the title slide."""
DETAILS_GAP = 20.0


@dataclass(frozen=True)
class Footer:
    """What the footer of every content slide says."""

    course: str
    """The course title, or the group's name when it has one."""
    session: str
    date: str | None = None
    """The meeting's short date, kept whole when the session's title is cut to fit."""
    logo: Path | None = None


class NotesPages:
    """Makes a deck's notes pages. python-pptx makes the first from the notes master; the others
    are copies of it, taken before it had text. (python-pptx would clone the master's
    placeholders again for each page, and look through every part of the deck for the next free
    part name.) A copy is named and related as python-pptx would: the next number after the
    first page's, related to the notes master, then to its slide, which is related to it."""

    def __init__(self) -> None:
        self._first: Any = None
        self._blank: Any = None
        self._made = 0

    def add(self, slide: Any, text: str) -> None:
        """The slide's speaker notes, in the deck's font."""
        if self._first is None:
            self._first = slide.notes_slide.part
            self._blank = copy.deepcopy(self._first._element)
            element = self._first._element
        else:
            element = copy.deepcopy(self._blank)
            self._add_part(slide.part, element)
        self._made += 1
        body = element.xpath("p:cSld/p:spTree/p:sp[p:nvSpPr/p:nvPr/p:ph[@type='body']]/p:txBody")
        if not body:
            raise ValueError("the slide template's notes master has no notes placeholder")
        for paragraph in body[0].findall(qn("a:p")):
            body[0].remove(paragraph)
        body[0].extend(slide_xml.notes_paragraphs(clean(text), NOTES_SIZE))

    def _add_part(self, slide_part: Any, element: Any) -> None:
        """Put ``element`` in the deck as the notes page of the slide in ``slide_part``."""
        first = self._first
        name = PackURI(f"/ppt/notesSlides/notesSlide{first.partname.idx + self._made}.xml")
        part = NotesSlidePart(name, first.content_type, first.package, element)
        part.relate_to(first.part_related_by(RT.NOTES_MASTER), RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)


@dataclass(frozen=True)
class Canvas:
    """The deck being drawn and what all its slides share: the palette, layouts and footer."""

    deck: Any
    colours: Colours
    footer: Footer
    title_layout: Any
    """The layout of the title slide."""
    content_layout: Any
    """The layout of every other slide: one with a title placeholder."""
    templated: bool = False
    """Built on a group's template: its masters show, so no band or background is painted."""
    notes: NotesPages = field(default_factory=NotesPages)
    """Makes the notes page of each slide in turn."""


def render_deck(plan: Plan, entry: SessionEntry) -> bytes:
    """The slide deck of one session, as the bytes of a .pptx file."""
    session = entry.session
    template = plan.branding.template
    base = new_deck(template)
    deck = base.deck
    meeting = entry.meeting
    date = meeting.short_day() if meeting is not None and meeting.date is not None else None
    footer = Footer(clean(plan.header), f"{entry.label} · {clean(session.title)}",
                    clean(date) if date else None, plan.branding.logo)
    canvas = Canvas(deck, plan.colours, footer, base.title_layout, base.content_layout,
                    templated=template is not None)
    _title_slide(canvas, plan, entry)
    for rows in agenda_pages(entry):
        _agenda_slide(canvas, entry, rows, continued=len(deck.slides) > 1)
    for content in deck_contents(plan, entry):
        for page in paginate(content):
            _content_slide(canvas, page)
    _set_properties(deck, plan, session)
    return _repeatable(deck)


# ---- drawing ---------------------------------------------------------------------------------


def _pt(value: float) -> Emu:
    """Points to EMU: layout is worked out in points, pptx stores EMU."""
    return Emu(slide_xml.emu(value))


def _plain_text(canvas: Canvas, slide: Any) -> None:
    """On a template, undo what its masters' text styles may add that the measuring does not
    know about: capitals, letter spacing and paragraph indents."""
    if not canvas.templated:
        return
    for paragraph in slide.shapes._spTree.iter(qn("a:p")):
        properties = paragraph.get_or_add_pPr()
        if properties.get("marL") is None:  # bullets set their own
            properties.set("marL", "0")
            properties.set("indent", "0")
        for run in paragraph.iter(qn("a:rPr")):
            run.set("cap", "none")
            run.set("spc", "0")


def _add_slide(canvas: Canvas, layout: Any) -> Any:
    """A new slide on ``layout`` with its title placeholder only (see ``template.add_slide``)."""
    return add_slide(canvas.deck, layout)


def _add(slide: Any, element: Any, behind_text: bool = False) -> None:
    """Put a shape on the slide: last, as python-pptx adds shapes, or with ``behind_text``
    just before the title placeholder (and so behind all text), in the order they come."""
    tree = slide.shapes._spTree
    if behind_text:
        tree.insert(tree.index(_title_element(tree)), element)
    else:
        tree.insert_element_before(element, "p:extLst")


def _title_element(tree: Any) -> Any:
    """The title placeholder's ``p:sp``: the only placeholder ``_add_slide`` leaves (looked for
    directly: ``slide.shapes.title`` wraps every shape on the slide to find it)."""
    return tree.xpath("p:sp[p:nvSpPr/p:nvPr/p:ph]")[0]


def _next_id(slide: Any) -> int:
    """The id for a new shape: one more than any id on the slide, as python-pptx numbers."""
    return int(slide.shapes._spTree.max_shape_id) + 1


def _textbox(slide: Any, name: str, box: Box, paragraphs: Sequence[str], style: Style,
             inset: tuple[float, float] = (INSET, INSET), fill: str | None = None,
             first: Style | None = None) -> None:
    """A text box of ``paragraphs`` (the first in ``first``, if given) that PowerPoint draws
    exactly as measured, on a background of colour ``fill`` or none."""
    body = slide_xml.text_body(paragraphs, style, inset, first=first)
    _add(slide, slide_xml.textbox(_next_id(slide), name, box, body, fill))


def _line_box(slide: Any, name: str, text: str, left: float, top: float, width: float,
              style: Style) -> None:
    """A one-line label, cut with an ellipsis if it is wider than its box."""
    text = textfit.shorten(text, width - 2 * INSET, style.size, style.bold)
    height = style.size * textfit.LINE_HEIGHT + 2 * INSET
    _textbox(slide, name, (left, top, width, height), [text], style)


def _decoration(slide: Any, geometry: Geometry, box: Box, colour: str,
                outline: float = 0.0) -> None:
    """A shape that only decorates: filled (or, with ``outline``, drawn as a line of that
    width), behind the text, and marked decorative so screen readers skip it."""
    _add(slide, slide_xml.decoration(_next_id(slide), geometry, box, colour, outline),
         behind_text=True)


def _image(slide: Any, path: Path, box: Box, name: str, alt: str | None) -> Any:
    """A picture in ``box`` with the plan's alt text (python-pptx would otherwise store the
    file's name, which can hold a local path), or marked decorative when ``alt`` is None."""
    left, top, width, height = box
    shape = slide.shapes.add_picture(upright(path).stream(), _pt(left), _pt(top), _pt(width),
                                     _pt(height))
    properties = shape._element.nvPicPr.cNvPr
    properties.set("descr", alt or "")
    properties.set("name", name)
    if alt is None:
        properties.append(slide_xml.decorative_mark())
    return shape


def _fit_image(path: Path, width: float, height: float) -> tuple[float, float]:
    """The size of an image scaled to fill ``width`` x ``height`` at its own aspect ratio."""
    picture = upright(path)
    pixels_w, pixels_h = picture.width, picture.height
    scale = min(width / pixels_w, height / pixels_h)
    return pixels_w * scale, pixels_h * scale


def _title_text(slide: Any, text: str, box: Box, colour: str, anchor: Anchor = "ctr") -> None:
    """Move the title placeholder to ``box`` and put ``text`` in it at the size that fits."""
    text, block = fit_title(text, box[2], box[3])
    _write_title(slide, box, [text], Style(block.size, colour, bold=True), anchor)


def _write_title(slide: Any, box: Box, paragraphs: Sequence[str], style: Style,
                 anchor: Anchor = "t") -> None:
    """Move the title placeholder to ``box`` and fill it as a text box is filled (its text
    body replaced whole)."""
    title = slide.shapes.title
    left, top, width, height = box
    title.left, title.top, title.width, title.height = (_pt(left), _pt(top), _pt(width),
                                                        _pt(height))
    body = slide_xml.text_body(paragraphs, style, anchor=anchor)
    element = title._element
    old = element.txBody
    if old is None:
        element.append(parse_xml(body))
    else:
        element.replace(old, parse_xml(body))


def _title_slide(canvas: Canvas, plan: Plan, entry: SessionEntry) -> None:
    session = entry.session
    colours = canvas.colours
    slide = _add_slide(canvas, canvas.title_layout)
    full = SLIDE_W - 2 * MARGIN + 2 * INSET
    column = full * 0.7
    if canvas.templated:  # the template's own background: assumed light, so dark text
        soft, strong, week_colour = colours.muted, colours.text, colours.primary
    else:
        soft, strong, week_colour = colours.light, colours.background, colours.light
        _decoration(slide, "rect", (0, 0, SLIDE_W, SLIDE_H), colours.primary)
    logo_bottom = 0.0
    if plan.branding.logo is not None:
        logo_bottom = _title_logo(slide, plan.branding.logo, f"{clean(plan.header)} logo",
                                  None if canvas.templated else colours.background)
    if not canvas.templated:
        _rings(slide, colours.light, logo_bottom)

    course, course_block = _fitted(clean(plan.course.title), column, 18, 14, max_lines=2)
    course_h = course_block.height + 2 * INSET
    _textbox(slide, "Course", (MARGIN - INSET, 40, column, course_h), [course],
             Style(course_block.size, soft))

    # A disclaimer longer than five small lines is cut here; the guide prints it whole.
    disclaimer, block = _fitted(clean(plan.course.disclaimer), full, 14, 10, max_lines=5)
    disclaimer_h = block.height + 2 * INSET
    disclaimer_top = SLIDE_H - 28 - disclaimer_h

    week = Style(24, week_colour, bold=True)
    week_h = week.size * textfit.LINE_HEIGHT + 2 * INSET
    _, title = fit_title(clean(session.title), column, 3 * SLIDE_SIZES.title
                         * textfit.LINE_HEIGHT + 2 * INSET)
    title_h = title.height + 2 * INSET
    stack = week_h + title_h + 16 + ACCENT_H
    space_top = 40 + course_h + 24
    details = _fit_details(group_details(plan, entry), column,
                           disclaimer_top - 24 - space_top - stack - DETAILS_GAP)
    if details is not None:
        stack += DETAILS_GAP + details[1].height
    top = max(space_top, (space_top + disclaimer_top - 24 - stack) / 2)
    _line_box(slide, "Week", entry.label, MARGIN - INSET, top, column, week)
    _title_text(slide, clean(session.title), (MARGIN - INSET, top + week_h, column, title_h),
                strong, "t")
    accent_top = top + week_h + title_h + 16
    _decoration(slide, "rect", (MARGIN, accent_top, ACCENT_W, ACCENT_H),
                colours.accent)
    if details is not None:
        lines, details_block = details
        style = Style(details_block.size, strong if canvas.templated else soft)
        # The group's name first, in bold (measured bold throughout).
        name = replace(style, bold=True, colour=strong) if plan.group.name else None
        _textbox(slide, "Group", (MARGIN - INSET, accent_top + ACCENT_H + DETAILS_GAP, column,
                                  details_block.height), lines, style, inset=(INSET, 0),
                 first=name)
    _textbox(slide, "Disclaimer", (MARGIN - INSET, disclaimer_top, full, disclaimer_h),
             [disclaimer], Style(block.size, soft))

    notes = [f"{entry.label}: {clean(session.title)} ({session.minutes} minutes)"]
    if session.summary:
        notes.append(clean(session.summary))
    notes += [bullets("GROUP", group_details(plan, entry)),
              bullets("GOALS", session.goals), bullets("SAFETY", session.safety),
              bullets("MATERIALS", session.materials),
              bullets("BEFORE THE GROUP", session.preparation)]
    canvas.notes.add(slide, join_notes(*notes))
    _plain_text(canvas, slide)


def _fit_details(lines: list[str], width: float,
                 height: float) -> tuple[list[str], Block] | None:
    """The group's details in a box ``width`` wide (vertical inset none) and at most ``height``
    tall: as large as fits from 20 pt down to 14 pt, then each cut to one line, then dropping
    the last lines (the notes keep them all). Measured bold, as the first line is drawn."""
    inner = width - 2 * INSET
    while lines:
        block = textfit.fit(lines, inner, height, DETAILS_SIZE, DETAILS_MIN, bold=True,
                            max_lines=len(lines) + 2)
        if block is not None:
            return lines, block
        short = [textfit.shorten(line, inner, DETAILS_MIN, bold=True) for line in lines]
        block = textfit.measure(short, inner, DETAILS_MIN, bold=True)
        if block.height <= height:
            return short, block
        lines = lines[:-1]
    return None


def _title_logo(slide: Any, path: Path, alt: str, tile: str | None) -> float:
    """The logo at the top right of the title slide, inside the margins, on a tile of colour
    ``tile`` when the slide is dark. Returns the bottom of what it placed."""
    pad = LOGO_PAD if tile is not None else 0.0
    width, height = _fit_image(path, TITLE_LOGO_W, TITLE_LOGO_H)
    right, top = SLIDE_W - MARGIN, 40.0
    if tile is not None:
        _decoration(slide, "rect",
                    (right - width - 2 * pad, top, width + 2 * pad, height + 2 * pad), tile)
    _image(slide, path, (right - pad - width, top + pad, width, height), "Logo", alt)
    return top + height + 2 * pad


def _fitted(text: str, width: float, largest: int, smallest: int,
            max_lines: int) -> tuple[str, Block]:
    """Text for a box ``width`` wide: the largest size that keeps it to ``max_lines`` lines,
    or cut with an ellipsis at the smallest size."""
    block = textfit.fit([text], width, 10_000, largest, smallest, max_lines=max_lines,
                        inset=INSET)
    if block is not None:
        return text, block
    text = textfit.shorten(text, width - 2 * INSET, smallest, max_lines=max_lines)
    return text, textfit.measure([text], width - 2 * INSET, smallest)


def _rings(slide: Any, colour: str, clear_of: float = 0.0) -> None:
    """Three linked rings on the title slide: people holding each other up, below
    ``clear_of`` (the logo's bottom)."""
    radius = 70.0
    centre_x, centre_y = SLIDE_W - MARGIN - radius * 1.62, SLIDE_H * 0.45
    centre_y = max(centre_y, clear_of + 16 + radius * 1.72)  # the top ring's top, 16 pt below
    for dx, dy in ((-radius * 0.62, radius * 0.36), (radius * 0.62, radius * 0.36),
                   (0.0, -radius * 0.72)):
        _decoration(slide, "ellipse", (centre_x + dx - radius, centre_y + dy - radius,
                                            2 * radius, 2 * radius), colour, outline=5)


def _band(slide: Any, title: str, canvas: Canvas, badge: str | None = None) -> None:
    """The coloured title band of a content slide, with its title (on a template, the title in
    the primary colour over the template's own background) and, at its right, a badge such as
    an activity's minutes."""
    colours = canvas.colours
    if not canvas.templated:
        _decoration(slide, "rect", (0, 0, SLIDE_W, BAND_H), colours.primary)
    _decoration(slide, "rect", (MARGIN, BAND_H, ACCENT_W, ACCENT_H), colours.accent)
    width = SLIDE_W - 2 * MARGIN + 2 * INSET
    if badge is not None:
        width -= _badge(slide, badge, colours) + BADGE_GAP
    _title_text(slide, title, (MARGIN - INSET, 4, width, BAND_H - 8),
                colours.primary if canvas.templated else colours.background)


def _badge(slide: Any, text: str, colours: Colours) -> float:
    """A small rounded badge at the right of the title band (the primary colour on the palette's
    light tint), centred on the band. Returns its width."""
    style = Style(BADGE_SIZE, colours.primary, bold=True, align=PP_ALIGN.CENTER)
    width = badge_width(text)
    height = BADGE_SIZE * textfit.LINE_HEIGHT + 2 * INSET
    left, top = SLIDE_W - MARGIN - width, (BAND_H - height) / 2
    _decoration(slide, "roundRect", (left, top, width, height), colours.light)
    _textbox(slide, "Badge", (left, top, width, height), [text], style,
             inset=(BADGE_PAD - 1, INSET))
    return width


def _footer(slide: Any, canvas: Canvas, number: int) -> None:
    """Course title (or group name), week, session and date, a small logo, and the slide number,
    under a thin rule."""
    footer, colours = canvas.footer, canvas.colours
    _decoration(slide, "rect", (MARGIN, FOOTER_TOP - 4, BODY_W, 1), colours.rule)
    style = Style(SLIDE_SIZES.footer, colours.muted)
    number_style = Style(SLIDE_SIZES.footer, colours.primary, bold=True, align=PP_ALIGN.RIGHT)
    number_w = 56.0
    right = SLIDE_W - MARGIN + INSET
    logo_w = 0.0
    if footer.logo is not None:
        # The number's box just wide enough, so the logo sits close beside the number.
        number_w = textfit.text_width(str(number), number_style.size, bold=True) + 2 * INSET + 2
        width, height = _fit_image(footer.logo, FOOTER_LOGO_W, FOOTER_LOGO_H)
        line_h = style.size * textfit.LINE_HEIGHT + 2 * INSET
        _image(slide, footer.logo, (right - number_w - 4 - width,
                                    FOOTER_TOP + (line_h - height) / 2, width, height),
               "Logo", None)  # the title slide names it; here it only repeats
        logo_w = width + 4
    _line_box(slide, "Slide number", str(number), right - number_w, FOOTER_TOP, number_w,
              number_style)
    room = right - number_w - logo_w - 12 - (MARGIN - INSET)
    course_w = min(textfit.text_width(footer.course, style.size) + 2 * INSET + 2, room * 0.45)
    _line_box(slide, "Course", footer.course, MARGIN - INSET, FOOTER_TOP, course_w, style)
    session_w = room - course_w - 12
    session = footer.session
    if footer.date:  # the date is kept whole: the session's title is cut instead
        suffix = f" · {footer.date}"
        session = textfit.shorten(session, session_w - 2 * INSET - 1
                                  - textfit.text_width(suffix, style.size), style.size) + suffix
    _line_box(slide, "Session", session, MARGIN - INSET + course_w + 12, FOOTER_TOP,
              session_w, replace(style, align=PP_ALIGN.RIGHT))


def _content_slide(canvas: Canvas, page: Page) -> None:
    colours = canvas.colours
    slide = _add_slide(canvas, canvas.content_layout)
    if page.layout == "statement":
        _statement(slide, page, canvas)
    else:
        _band(slide, page.title, canvas, page.badge)
    if page.layout == "question":
        _question(slide, page, colours)
    elif page.layout == "quote":
        _quote(slide, page, colours)
    elif page.layout == "points":
        _points_body(slide, page, colours)
    _footer(slide, canvas, len(canvas.deck.slides))
    canvas.notes.add(slide, page.notes)
    _plain_text(canvas, slide)


def _question(slide: Any, page: Page, colours: Colours) -> None:
    """A discussion question, large, in the primary colour, centred in the body."""
    height = page.text_height + 2 * INSET
    top = BODY_TOP + (BODY_BOTTOM - BODY_TOP - height) / 2
    _textbox(slide, "Question", (MARGIN - INSET, top, QUESTION_BOX_W, height), page.points,
             Style(page.size, colours.primary, align=PP_ALIGN.CENTER))


def _quote(slide: Any, page: Page, colours: Colours) -> None:
    """A quotation, large, beside a warm rule, with its attribution below; centred in the
    body."""
    quote_h = page.text_height + 2 * INSET
    height = quote_h
    if page.caption is not None:
        height += QUOTE_GAP + page.caption_height + 2 * INSET
    top = BODY_TOP + (BODY_BOTTOM - BODY_TOP - height) / 2
    left = MARGIN + QUOTE_INDENT - INSET
    _decoration(slide, "rect", (MARGIN, top + INSET, ACCENT_H, page.text_height),
                colours.accent)
    _textbox(slide, "Quote", (left, top, QUOTE_BOX_W, quote_h), page.points,
             Style(page.size, colours.text))
    if page.caption is not None:
        _textbox(slide, "Attribution", (left, top + quote_h + QUOTE_GAP, QUOTE_BOX_W,
                                        page.caption_height + 2 * INSET),
                 [page.caption], Style(ATTRIBUTION_SIZE, colours.muted))


def _statement(slide: Any, page: Page, canvas: Canvas) -> None:
    """A slide that is one statement (a break, or a question asked by its title): the title
    large and centred on the palette's light tint, a warm bar above it, a caption below."""
    colours = canvas.colours
    area_top, area_bottom = statement_area()
    if not canvas.templated:
        _decoration(slide, "rect", (0, 0, SLIDE_W, area_bottom), colours.light)
    title_h = page.text_height + 2 * INSET
    height = ACCENT_H + STATEMENT_RULE_GAP + title_h
    if page.caption is not None:
        height += CAPTION_GAP + page.caption_height + 2 * INSET
    top = area_top + (area_bottom - area_top - height) / 2
    _decoration(slide, "rect", ((SLIDE_W - ACCENT_W) / 2, top, ACCENT_W, ACCENT_H),
                colours.accent)
    title_top = top + ACCENT_H + STATEMENT_RULE_GAP
    _write_title(slide, (MARGIN - INSET, title_top, STATEMENT_BOX_W, title_h), [page.title],
                 Style(page.title_size, colours.primary, bold=True, align=PP_ALIGN.CENTER))
    if page.caption is not None:
        _textbox(slide, "Caption", (MARGIN - INSET, title_top + title_h + CAPTION_GAP,
                                    STATEMENT_BOX_W, page.caption_height + 2 * INSET),
                 [page.caption], Style(page.caption_size, colours.text, align=PP_ALIGN.CENTER))


def _points_body(slide: Any, page: Page, colours: Colours) -> None:
    """Bullet points, under a lead panel when there is one, beside a picture when there is
    one."""
    top = BODY_TOP
    if page.lead is not None:
        _lead(slide, page, colours)
        top += page.lead_height + page.lead_gap
    if page.points:
        width = points_width(page.picture is not None) + BULLET_INDENT + 2 * INSET
        _textbox(slide, "Points", (MARGIN - INSET, top, width, BODY_BOTTOM - top), page.points,
                 Style(page.size, colours.text, bullet=colours.accent,
                       space_after=page.spacing))
    if page.picture is not None and page.picture.path is not None:
        _picture(slide, page.picture.path, page.picture.alt, full_width=not page.points)


def _lead(slide: Any, page: Page, colours: Colours) -> None:
    """The lead text in a shaded panel, with a warm bar beside it."""
    assert page.lead is not None
    height = page.lead_height
    _decoration(slide, "rect", (MARGIN, BODY_TOP, ACCENT_H, height), colours.accent)
    _textbox(slide, "Lead", (MARGIN + ACCENT_H, BODY_TOP, BODY_W - ACCENT_H, height),
             [page.lead], Style(page.lead_size, colours.text, bold=page.lead_bold),
             inset=(page.lead_inset, page.lead_inset), fill=colours.light)


def _picture(slide: Any, path: Path, alt: str, full_width: bool) -> None:
    """The picture, as large as its area allows at its own aspect ratio, with the plan's alt
    text (python-pptx would otherwise store the file's name, which can hold a local path)."""
    if full_width:
        left, width = MARGIN, BODY_W
    else:
        left = MARGIN + BODY_W * PICTURE_SHARE + PICTURE_GAP
        width = SLIDE_W - MARGIN - left
    top, height = BODY_TOP + INSET, BODY_BOTTOM - BODY_TOP - 2 * INSET
    shown_w, shown_h = _fit_image(path, width, height)
    _image(slide, path, (left + (width - shown_w) / 2, top, shown_w, shown_h), "Picture", alt)


def _agenda_slide(canvas: Canvas, entry: SessionEntry,
                  page: tuple[AgendaLayout, list[AgendaRow]], continued: bool) -> None:
    layout, rows = page
    colours = canvas.colours
    session = entry.session
    slide = _add_slide(canvas, canvas.content_layout)
    _band(slide, "Agenda (cont.)" if continued else "Agenda", canvas)
    size = layout.size
    dot = size * 0.5
    dot_x = MARGIN + layout.minutes_w + TIMELINE_W / 2
    y = BODY_TOP + INSET
    centres: list[float] = []
    for row in rows:
        height = layout.row_height(row)
        colour = colours.muted if row.muted else colours.text
        _textbox(slide, "Minutes", (MARGIN - INSET, y, layout.minutes_w + 2 * INSET,
                                    size * textfit.LINE_HEIGHT),
                 [row.minutes], Style(size, colours.accent, bold=True, align=PP_ALIGN.RIGHT),
                 inset=(INSET, 0))
        _textbox(slide, "Agenda item", (layout.title_left - INSET, y, layout.title_w + 2 * INSET,
                                        height), [row.title], Style(size, colour),
                 inset=(INSET, 0))
        centres.append(y + size * textfit.LINE_HEIGHT / 2)
        y += height + layout.gap
    if len(centres) > 1:
        _decoration(slide, "rect",
                    (dot_x - 1, centres[0], 2, centres[-1] - centres[0]), colours.rule)
    for centre in centres:
        _decoration(slide, "ellipse", (dot_x - dot / 2, centre - dot / 2, dot, dot),
                    colours.primary)
    _footer(slide, canvas, len(canvas.deck.slides))
    total = sum(item.minutes for item in session.agenda)
    canvas.notes.add(slide, join_notes(
        "Walk the group through today's plan, so nothing comes as a surprise. Say when the "
        "break is, and that anyone may step out at any time.",
        f"RUN OF SHOW ({total} of {session.minutes} minutes)\n" + "\n".join(
            run_of_show(entry))))
    _plain_text(canvas, slide)


# ---- a repeatable file -----------------------------------------------------------------------


def _set_properties(deck: Any, plan: Plan, session: Session) -> None:
    """Fixed metadata: no clock time, no user name from this machine."""
    fixed = datetime.datetime.fromisoformat(plan.document_date)
    properties = deck.core_properties
    # The core properties hold at most 255 characters each (python-pptx refuses more).
    properties.title = clean(session.title)[:255]
    properties.subject = properties.author = clean(plan.course.title)[:255]
    properties.last_modified_by = ""
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = fixed


def _repeatable(deck: Any) -> bytes:
    """The deck's file, with fixed zip dates and permissions: python-pptx would stamp the
    current time. Written once, through python-pptx's own package writer, so nothing is
    compressed twice."""
    package = deck.part.package
    out = io.BytesIO()
    _RepeatableWriter(out, package._rels, tuple(package.iter_parts()))._write()
    return out.getvalue()


class _RepeatableWriter(PackageWriter):
    """python-pptx's package writer with a zip that gives every member the same date."""

    def _write(self) -> None:
        with zipfile.ZipFile(self._pkg_file, "w", zipfile.ZIP_DEFLATED) as archive:
            members: Any = _FixedDateMembers(archive)  # python-pptx types it as its own writer
            self._write_content_types_stream(members)
            self._write_pkg_rels(members)
            self._write_parts(members)


@dataclass(frozen=True)
class _FixedDateMembers:
    """Where python-pptx's writer puts each part: a member dated 1 January 1980, readable by
    all, marked as made on Unix (Windows would write 0), so every machine writes the same."""

    archive: zipfile.ZipFile

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        member = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        member.create_system = 3
        member.external_attr = 0o644 << 16
        self.archive.writestr(member, blob)
