"""Slide decks: one 16:9 .pptx per session, with the facilitator's talking points as notes.

Every slide has a real title placeholder, because screen readers navigate a deck by its slide
titles. python-pptx never measures text, so every piece of text is measured first (see
``toolkit.textfit``): it shrinks down to a floor, then continues on a "(cont.)" slide, and is never
drawn past its box or over another shape. Pictures carry the plan's alt text, never a file name.
The file is written with fixed dates, so the same plan always gives the same bytes.

Everything is drawn in the plan's palette (``plan.colours``). A group's decks also carry its name,
meeting dates and times, place and facilitators, its logo, and can be built on its own PowerPoint
template. A template must be 16:9: its masters and layouts are scaled to this module's 960 x 540 pt
slide when it uses another 16:9 size (such as 10 x 5.625 in), and a template of any other shape is
refused with a ValueError. On a template the title band and the title slide's background are not
painted, so the template's masters show through; text keeps the palette's colours, so a template
is assumed to have a light background.

This is the only module that imports ``pptx``, so commands that do not build decks stay fast.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from toolkit import textfit
from toolkit.images import upright
from toolkit.model import AgendaItem, Session
from toolkit.plan import Plan, SessionEntry
from toolkit.textfit import Block
from toolkit.theme import SLIDE_FONT, SLIDE_SIZES, Colours

# Geometry, in points (a 16:9 slide is 960 x 540 pt). Text boxes are placed so that their text,
# inside the frame's inset, lines up with MARGIN.
EMU_PER_PT = 12700
SLIDE_W, SLIDE_H = 960.0, 540.0
MARGIN = 48.0
INSET = 7.2
"""Text frame margin on every side (PowerPoint's default left/right inset)."""
BAND_H = 104.0
"""The title band across the top of every content slide."""
ACCENT_W, ACCENT_H = 96.0, 6.0
"""The short warm bar under the title band."""
FOOTER_H = 30.0
FOOTER_TOP = SLIDE_H - FOOTER_H - 6
BODY_TOP = BAND_H + ACCENT_H + 20
"""Top of the body's text boxes."""
BODY_BOTTOM = FOOTER_TOP - 16
"""Bottom of the body's text boxes; the footer rule sits in the gap below."""
BODY_W = SLIDE_W - 2 * MARGIN
"""Width of the body's text (boxes are wider by their insets)."""
BULLET_INDENT = 28.0
SPACE_AFTER = 0.45
"""Gap after each bullet, as a fraction of the type size: the least, used to fit."""
ROOMY_SPACE_AFTER = 0.8
"""The gap a short list gets when it has room: easier to read across a room."""
PICTURE_SHARE = 0.58
"""Share of the body's width the points keep when the slide has a picture."""
PICTURE_GAP = 28.0
PANEL_INSET = 16.0
"""Inset of the shaded panel that carries a slide's lead text (homework, emergency line)."""
LEAD_GAP = 22.0
LEAD_SHARE = 0.6
"""The most of the body a lead panel may take before its text becomes an ordinary point."""
LEAD_SIZE = 28
TITLE_FALLBACK_MIN = 16
"""Titles too long for two lines at the 28 pt floor get up to three lines, down to this size."""
AGENDA_GAP = 0.55
"""Gap between agenda rows, as a fraction of the type size."""
TIMELINE_W = 40.0
"""Room between the minutes column and the titles for the timeline's line and dots."""
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

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_DECK_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


@dataclass(frozen=True)
class Picture:
    """A picture to place: where it is and what it shows."""

    path: Path
    alt: str


@dataclass(frozen=True)
class Content:
    """What one planned slide says, before it is split over slides and laid out."""

    title: str
    notes: str
    points: tuple[str, ...] = ()
    lead: str | None = None
    """Text shown large in a shaded panel above the points (homework, emergency line)."""
    lead_bold: bool = False
    lead_max: int = LEAD_SIZE
    picture: Picture | None = None


@dataclass(frozen=True)
class Page:
    """One content slide, ready to draw: its points already fit at ``size``."""

    title: str
    notes: str
    points: tuple[str, ...]
    size: int
    spacing: float = SPACE_AFTER
    """Gap after each point, as a fraction of ``size``."""
    lead: str | None = None
    lead_size: int = LEAD_SIZE
    lead_height: float = 0.0
    """Height of the lead's panel, insets included."""
    lead_bold: bool = False
    picture: Picture | None = None


@dataclass(frozen=True)
class Footer:
    """What the footer of every content slide says."""

    course: str
    """The course title, or the group's name when it has one."""
    session: str
    date: str | None = None
    """The meeting's short date, kept whole when the session's title is cut to fit."""
    logo: Path | None = None


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


def render_deck(plan: Plan, entry: SessionEntry) -> bytes:
    """The slide deck of one session, as the bytes of a .pptx file."""
    session = entry.session
    template = plan.branding.template
    deck = _new_deck() if template is None else _open_template(template)
    content_layout = _content_layout(deck, template)
    title_layout = content_layout if template is None else _title_slide_layout(deck,
                                                                               content_layout)
    meeting = entry.meeting
    date = meeting.short_day() if meeting is not None and meeting.date is not None else None
    footer = Footer(clean(plan.header), f"{entry.label} · {clean(session.title)}",
                    clean(date) if date else None, plan.branding.logo)
    canvas = Canvas(deck, plan.colours, footer, title_layout, content_layout,
                    templated=template is not None)
    _title_slide(canvas, plan, entry)
    for rows in _agenda_pages(entry):
        _agenda_slide(canvas, entry, rows, continued=len(deck.slides) > 1)
    contents: list[Content] = []
    for item in session.agenda:
        contents += _item_contents(entry, session, item)
    if session.homework is not None:
        contents.append(_homework_content(session))
    contents.append(_closing_content(plan))
    for content in _unique_titles(contents, {clean(session.title), "Agenda"}):
        for page in _paginate(content):
            _content_slide(canvas, page)
    _set_properties(deck, plan, session)
    return _repeatable(deck)


def _unique_titles(contents: Sequence[Content], taken: set[str]) -> list[Content]:
    """Screen readers move through a deck by slide titles, so no two may be the same: a
    repeated title gets "(2)", "(3)"... (continuation slides add "(cont.)" to these)."""
    seen = {title.casefold() for title in taken}
    unique = []
    for content in contents:
        title, number = content.title, 2
        while title.casefold() in seen:
            title = f"{content.title} ({number})"
            number += 1
        seen.add(title.casefold())
        unique.append(content if title == content.title else replace(content, title=title))
    return unique


def clean(text: str) -> str:
    """Text as a slide can carry it: characters XML cannot hold are dropped (python-pptx would
    otherwise write them as visible ``_x0007_`` escapes, or fail to save)."""
    return _XML_UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# ---- what each slide says -------------------------------------------------------------------


def _bullets(label: str, entries: Sequence[str]) -> str:
    """A labelled list for the notes, or nothing when the list is empty."""
    return f"{label}\n" + "\n".join(f"• {clean(text)}" for text in entries) if entries else ""


def _join(*parts: str) -> str:
    """Notes sections with a blank line between them, skipping empty ones."""
    return "\n\n".join(part for part in parts if part)


def _kind(item: AgendaItem) -> str:
    """The item's kind in brackets, unless its title says it already (as "Break" does)."""
    return "" if item.kind.replace("-", " ") in item.title.lower() else f" ({item.kind})"


def _item_notes(session: Session, item: AgendaItem) -> str:
    """Speaker notes for an agenda item's slides: what to say, do and watch for, and the time."""
    heading = f"{clean(item.title)} — {item.minutes} min{_kind(item)}"
    worksheet = ""
    if item.worksheet and (sheet := session.worksheet(item.worksheet)) is not None:
        worksheet = f"WORKSHEET\n• {clean(sheet.title)}"
    return _join(heading, _bullets("SAY", item.say), _bullets("DO", item.do),
                 _bullets("WATCH FOR", item.watch_for), worksheet)


def _run_of_show(entry: SessionEntry) -> list[str]:
    """Each agenda item with its start and end minute (and clock times, when the group has a
    start time), for the facilitator."""
    lines: list[str] = []
    start = 0
    for item in entry.session.agenda:
        end = start + item.minutes
        minutes = f"{start}–{end} min"
        begins, ends = entry.clock(start), entry.clock(end)
        if begins and ends:
            minutes = f"{begins}–{ends} ({minutes})"
        lines.append(f"• {minutes}  {clean(item.title)}{_kind(item)}")
        start = end
    return lines


def _facilitators(names: Sequence[str]) -> str | None:
    """``With Sam and Jo``, or None when no facilitator is named."""
    named = [clean(name).strip() for name in names if clean(name).strip()]
    if not named:
        return None
    return "With " + (named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and "
                      + named[-1])


def _details(plan: Plan, entry: SessionEntry) -> list[str]:
    """The group's name, the meeting's date and times, its place and its facilitators: what the
    title slide says under the session's title, for a group that has them."""
    group = plan.group
    meeting = entry.meeting
    when: str | None = None
    if meeting is not None:
        if meeting.date is not None:
            when = entry.when
        else:  # a start time but no date: the times alone
            start, end = entry.clock(0), entry.clock(entry.session.minutes)
            when = f"{start}–{end}" if start and end else None
    lines = [group.name, when, group.location, _facilitators(group.facilitators)]
    return [text for line in lines if line and (text := clean(line).strip())]


def _item_contents(entry: SessionEntry, session: Session, item: AgendaItem) -> list[Content]:
    notes = _item_notes(session, item)
    contents: list[Content] = []
    for index, slide in enumerate(item.slides):
        picture, described = None, ""
        if slide.image is not None:
            picture = Picture(entry.image_path(slide.image), clean(slide.image.alt))
            # Said aloud, the description serves members who cannot see the screen well.
            described = f"THE PICTURE SHOWS\n• {picture.alt}"
        where = (f"Slide {index + 1} of {len(item.slides)} for this part."
                 if len(item.slides) > 1 else "")
        contents.append(Content(clean(slide.title), _join(where, notes, described),
                                tuple(clean(point) for point in slide.points), picture=picture))
    return contents


def _homework_content(session: Session) -> Content:
    homework = session.homework
    assert homework is not None
    points: tuple[str, ...] = ()
    hand_out = ""
    if homework.worksheet and (sheet := session.worksheet(homework.worksheet)) is not None:
        points = (f"Worksheet: {clean(sheet.title)}",)
        hand_out = f"Hand out '{clean(sheet.title)}' and show where to start."
    notes = _join(
        "Introduce the practice for the week. It is an invitation, not a test: doing a little, "
        "or choosing not to, is fine, and nobody will be asked to report on it.",
        "BETWEEN SESSIONS\n" + clean(homework.text), hand_out)
    return Content("Between sessions", notes, points, lead=clean(homework.text))


def _closing_content(plan: Plan) -> Content:
    course = plan.course
    points = tuple(f"{clean(r.region)} — {clean(r.service)}: {clean(r.contact)}"
                   for r in course.crisis_resources)
    # The crisis note speaks to facilitators ("confirm your local line"), so it goes in the
    # notes, where they will read it, rather than on the screen the group sees.
    notes = _join(
        "Before members leave, point out the crisis lines on this slide and say that they are "
        "also printed on every worksheet. Say how members can reach you between sessions, and "
        "what to do if they need help sooner.",
        clean(course.crisis_note or ""),
        _bullets("CRISIS LINES", [f"{r.region} — {r.service}: {r.contact}"
                                  for r in course.crisis_resources]))
    # The emergency line a little smaller than a homework lead: room for every crisis line.
    return Content("Support between sessions", notes, points, lead=clean(course.emergency),
                   lead_bold=True, lead_max=24)


# ---- fitting text onto slides ----------------------------------------------------------------


def _points_width(picture: bool) -> float:
    """Width of a bullet's text: the body (or its share beside a picture) minus the indent."""
    return (BODY_W * PICTURE_SHARE if picture else BODY_W) - BULLET_INDENT


def _fits(points: Sequence[str], size: int, room: tuple[float, float]) -> bool:
    """Whether points fit ``room`` (text width, height) at ``size`` with the tightest spacing."""
    width, height = room
    return textfit.measure(points, width, size, space_after=SPACE_AFTER).height <= height


def _pieces(point: str, width: float, height: float) -> list[str]:
    """A point too long for a whole slide, cut at word boundaries into pieces that each fit."""
    floor = SLIDE_SIZES.body_min
    if _fits([point], floor, (width, height)):
        return [point]
    lines = textfit.wrap(point, width, floor)
    per_piece = max(int(height // (floor * textfit.LINE_HEIGHT)), 1)
    return [" ".join(lines[i:i + per_piece]) for i in range(0, len(lines), per_piece)]


def _fill(pieces: Sequence[str], size: int, first: tuple[float, float],
          rest: tuple[float, float]) -> list[list[str]] | None:
    """Pieces poured into pages in order at ``size``; None if one cannot fit even alone."""
    pages: list[list[str]] = [[]]
    for piece in pieces:
        while True:
            room = first if len(pages) == 1 else rest
            if _fits([*pages[-1], piece], size, room):
                pages[-1].append(piece)
                break
            if not pages[-1] and len(pages) > 1:
                return None
            pages.append([])
    return pages


def _lead_block(content: Content) -> Block | None:
    """The lead's layout in its panel, or None if it would take too much of the slide."""
    if content.lead is None:
        return None
    return textfit.fit([content.lead], BODY_W - ACCENT_H, (BODY_BOTTOM - BODY_TOP) * LEAD_SHARE,
                       content.lead_max, SLIDE_SIZES.body_min, bold=content.lead_bold,
                       inset=PANEL_INSET)


def _paginate(content: Content) -> list[Page]:
    """The slide as one page, or as several "(cont.)" pages when its points cannot fit one.

    All pages of one slide share a type size: the largest that needs no more pages than the
    floor size does, so text shrinks before it spills, and never below the floor.
    """
    lead = _lead_block(content)
    points = content.points
    if content.lead is not None and lead is None:  # too long for a panel: an ordinary point
        points = (content.lead, *points)
    body_h = BODY_BOTTOM - BODY_TOP - 2 * INSET
    rest = (_points_width(False), body_h)
    first = (_points_width(content.picture is not None and bool(points)), body_h)
    if lead is not None:
        first = (first[0], body_h - _panel_height(lead) - LEAD_GAP)
    pieces = [piece for point in points
              for piece in _pieces(point, min(first[0], rest[0]), body_h)]
    options = [(pages, size) for size in range(SLIDE_SIZES.body, SLIDE_SIZES.body_min - 1, -1)
               if (pages := _fill(pieces, size, first, rest)) is not None]
    first_page = Page(content.title, content.notes, (), SLIDE_SIZES.body, picture=content.picture)
    if lead is not None:
        first_page = replace(first_page, lead=content.lead, lead_size=int(lead.size),
                             lead_height=_panel_height(lead), lead_bold=content.lead_bold)
    if not pieces or not options:  # (no options cannot happen: pieces fit a page at the floor)
        return [first_page]
    fewest = min(len(pages) for pages, _ in options)
    pages, size = next(option for option in options if len(option[0]) == fewest)
    result: list[Page] = []
    for index, points_on_page in enumerate(pages):
        page = replace(first_page, points=tuple(points_on_page), size=size) if index == 0 else \
            Page(f"{content.title} (cont.)", content.notes, tuple(points_on_page), size)
        width, height = first if index == 0 else rest
        roomy = textfit.measure(page.points, width, size, space_after=ROOMY_SPACE_AFTER)
        result.append(replace(page, spacing=ROOMY_SPACE_AFTER) if roomy.height <= height
                      else page)
    return result


def _panel_height(lead: Block) -> float:
    """The lead panel's height: its text and the panel's inset above and below."""
    return lead.height + 2 * PANEL_INSET


def _fit_title(text: str, width: float, height: float) -> tuple[str, Block]:
    """A title's text and layout in a box: 36 pt down to 28 pt on at most two lines. A longer
    title gets three lines and smaller type, and past that it is cut with an ellipsis."""
    block = textfit.fit([text], width, height, SLIDE_SIZES.title, SLIDE_SIZES.title_min,
                        bold=True, max_lines=2, inset=INSET)
    if block is None:
        block = textfit.fit([text], width, height, SLIDE_SIZES.title_min - 1, TITLE_FALLBACK_MIN,
                            bold=True, max_lines=3, inset=INSET)
    if block is not None:
        return text, block
    lines = max(1, min(3, int((height - 2 * INSET) // (TITLE_FALLBACK_MIN * textfit.LINE_HEIGHT))))
    short = textfit.shorten(text, width - 2 * INSET, TITLE_FALLBACK_MIN, bold=True,
                            max_lines=lines)
    return short, textfit.measure([short], width - 2 * INSET, TITLE_FALLBACK_MIN, bold=True)


# ---- the agenda ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as a row of the timeline."""

    minutes: str
    title: str
    muted: bool


@dataclass(frozen=True)
class AgendaLayout:
    """The agenda's columns at one type size."""

    size: int
    minutes_w: float
    title_left: float
    title_w: float

    def row_height(self, row: AgendaRow) -> float:
        lines = textfit.wrap(row.title, self.title_w, self.size)
        return len(lines) * self.size * textfit.LINE_HEIGHT

    @property
    def gap(self) -> float:
        return self.size * AGENDA_GAP


def _agenda_layout(rows: Sequence[AgendaRow], size: int) -> AgendaLayout:
    # One point to spare: box sizes are rounded to whole EMUs.
    minutes_w = max(textfit.text_width(row.minutes, size, bold=True) for row in rows) + 1
    title_left = MARGIN + minutes_w + TIMELINE_W
    return AgendaLayout(size, minutes_w, title_left, SLIDE_W - MARGIN - title_left)


def _agenda_rows(entry: SessionEntry) -> list[AgendaRow]:
    """One row per item: its length, or its clock time when the group has a start time."""
    rows: list[AgendaRow] = []
    start = 0
    for item in entry.session.agenda:
        rows.append(AgendaRow(entry.clock(start) or f"{item.minutes} min", clean(item.title),
                              item.kind == "break"))
        start += item.minutes
    # A title taller than the whole body at the floor size is cut: the agenda is a summary.
    layout = _agenda_layout(rows, SLIDE_SIZES.body_min)
    lines = int((BODY_BOTTOM - BODY_TOP - 2 * INSET) // (layout.size * textfit.LINE_HEIGHT))
    return [replace(row, title=textfit.shorten(row.title, layout.title_w, layout.size,
                                               max_lines=lines)) for row in rows]


def _agenda_pages(entry: SessionEntry) -> list[tuple[AgendaLayout, list[AgendaRow]]]:
    """The agenda's rows split over as few slides as the floor size allows, at the largest size
    that needs no more."""
    rows = _agenda_rows(entry)
    height = BODY_BOTTOM - BODY_TOP - 2 * INSET
    options: list[tuple[AgendaLayout, list[list[AgendaRow]]]] = []
    for size in range(SLIDE_SIZES.body, SLIDE_SIZES.body_min - 1, -1):
        layout = _agenda_layout(rows, size)
        pages: list[list[AgendaRow]] = [[]]
        used = 0.0
        for row in rows:
            needed = layout.row_height(row) + (layout.gap if pages[-1] else 0.0)
            if pages[-1] and used + needed > height:
                pages.append([])
                needed = layout.row_height(row)
                used = 0.0
            pages[-1].append(row)
            used += needed
        options.append((layout, pages))
    fewest = min(len(pages) for _, pages in options)
    layout, pages = next(option for option in options if len(option[1]) == fewest)
    return [(layout, page) for page in pages]


# ---- drawing ---------------------------------------------------------------------------------


def _pt(value: float) -> Emu:
    """Points to EMU: layout is worked out in points, pptx stores EMU."""
    return Emu(round(value * EMU_PER_PT))


def _rgb(hex_value: str) -> RGBColor:
    """A theme colour (hex without '#') as pptx wants it."""
    colour: RGBColor = RGBColor.from_string(hex_value)
    return colour


def _new_deck() -> Any:
    """python-pptx's default template, made 16:9 with its layouts stretched to match."""
    deck = Presentation()
    _scale_masters(deck, SLIDE_W / (deck.slide_width / EMU_PER_PT), 1.0)
    deck.slide_width, deck.slide_height = _pt(SLIDE_W), _pt(SLIDE_H)
    return deck


def _open_template(path: Path) -> Any:
    """A group's template (.pptx or .potx) to build on: its masters and layouts, at 960 x 540 pt,
    with any slides it holds removed."""
    try:
        deck = Presentation(io.BytesIO(_as_presentation(path.read_bytes())))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as error:
        raise ValueError(f"the slide template {path.name} cannot be read as a PowerPoint file "
                         f"({error})") from error
    _drop_slides(deck)
    width, height = (deck.slide_width or 0) / EMU_PER_PT, (deck.slide_height or 0) / EMU_PER_PT
    if not width or not height or abs(width / height - SLIDE_W / SLIDE_H) > 0.01:
        raise ValueError(
            f"the slide template {path.name} is {width:.0f} x {height:.0f} pt, not 16:9: "
            "choose Design > Slide Size > Widescreen (16:9) in PowerPoint and save it again")
    _scale_masters(deck, SLIDE_W / width, SLIDE_H / height)
    deck.slide_width, deck.slide_height = _pt(SLIDE_W), _pt(SLIDE_H)
    return deck


def _as_presentation(data: bytes) -> bytes:
    """A .potx's bytes relabelled as a presentation (python-pptx opens only those); anything
    else unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        if _TEMPLATE_TYPE not in source.read("[Content_Types].xml"):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_TYPE, _DECK_TYPE)
                target.writestr(info, content)
    return out.getvalue()


def _drop_slides(deck: Any) -> None:
    """Remove a template's own slides: their ids, their relationships (so their parts are not
    saved), and the sections and custom shows that name them."""
    id_list = deck.slides._sldIdLst
    for slide_id in list(id_list):
        id_list.remove(slide_id)
        deck.part.drop_rel(slide_id.rId)
    presentation = deck.part._element
    for sections in list(presentation.iter(f"{{{_P14_NS}}}sectionLst")):
        extension = sections.getparent()
        extension.getparent().remove(extension)
    for shows in presentation.findall(qn("p:custShowLst")):
        presentation.remove(shows)


def _scale_masters(deck: Any, x_ratio: float, y_ratio: float) -> None:
    """Stretch the shapes of every master and layout to a new slide size. Only shapes with their
    own position: the others inherit their (already scaled) master's."""
    owners = [owner for master in deck.slide_masters for owner in (master, *master.slide_layouts)]
    for shape in (shape for owner in owners for shape in owner.shapes):
        xfrm = _own_xfrm(shape._element)
        if xfrm is None:
            continue
        offset, extent = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        if offset is None or extent is None:
            continue
        for element, name, ratio in ((offset, "x", x_ratio), (extent, "cx", x_ratio),
                                     (offset, "y", y_ratio), (extent, "cy", y_ratio)):
            element.set(name, str(round(int(element.get(name)) * ratio)))


def _own_xfrm(element: Any) -> Any:
    """A master or layout shape's own position and size (``a:xfrm``), or None if it inherits."""
    for tag in ("p:spPr", "p:grpSpPr"):
        properties = element.find(qn(tag))
        if properties is not None:
            return properties.find(qn("a:xfrm"))
    return element.find(qn("p:xfrm"))  # a graphic frame (table, chart)


_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _has_title(layout: Any) -> bool:
    """Whether slides on this layout get a real title placeholder (the one screen readers and
    python-pptx call the slide's title)."""
    return any(shape.placeholder_format.idx == 0 and shape.placeholder_format.type in _TITLES
               for shape in layout.placeholders)


def _content_layout(deck: Any, template: Path | None) -> Any:
    """The layout of content slides: "Title Only", else the layout with a title and the fewest
    other placeholders."""
    layouts = [layout for layout in deck.slide_layouts if _has_title(layout)]
    if not layouts:
        name = template.name if template is not None else "python-pptx's default"
        raise ValueError(f"the slide template {name} has no layout with a title placeholder: "
                         "add a \"Title Only\" layout to its slide master")
    for layout in layouts:
        if layout.name == "Title Only":
            return layout
    return min(layouts, key=lambda layout: len(list(layout.iter_cloneable_placeholders())))


def _title_slide_layout(deck: Any, fallback: Any) -> Any:
    """A template's "Title Slide" layout (or another with a centred title), else ``fallback``."""
    layouts = [layout for layout in deck.slide_layouts if _has_title(layout)]
    for layout in layouts:
        if layout.name == "Title Slide":
            return layout
    for layout in layouts:
        if any(shape.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE
               for shape in layout.placeholders):
            return layout
    return fallback


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
    """A new slide on ``layout`` with its title placeholder only: a template's empty subtitle or
    body placeholders would show "Click to add text" and overlap what is drawn."""
    slide = canvas.deck.slides.add_slide(layout)
    for shape in list(slide.placeholders):
        if shape.placeholder_format.idx != 0:
            shape._element.getparent().remove(shape._element)
    return slide


def _frame(frame: Any, inset: tuple[float, float] = (INSET, INSET),
           anchor: Any = MSO_ANCHOR.TOP) -> None:
    """Wrap on, autofit off: what PowerPoint draws is exactly what was measured."""
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = _pt(inset[0])
    frame.margin_top = frame.margin_bottom = _pt(inset[1])


@dataclass(frozen=True)
class Style:
    """How a paragraph's text looks."""

    size: float
    colour: str
    bold: bool = False
    align: Any = PP_ALIGN.LEFT
    bullet: str | None = None
    """The colour of the paragraphs' bullets, or None for no bullets."""
    space_after: float = SPACE_AFTER
    """Gap after each bulleted paragraph, as a fraction of ``size``."""


def _write(frame: Any, paragraphs: Sequence[str], style: Style) -> None:
    """Fill a text frame, setting the font on every run (nothing is left to the template)."""
    frame.text = ""
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.alignment = style.align
        paragraph.line_spacing = textfit.LINE_SPACING
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(style.size * style.space_after if style.bullet is not None
                                   else 0)
        if style.bullet is not None:
            _bullet(paragraph, style.bullet)
        _style_runs(paragraph, style)


def _style_runs(paragraph: Any, style: Style) -> None:
    """Font, size, weight and colour on every run, so the template's fonts never show."""
    for run in paragraph.runs:
        run.font.name = SLIDE_FONT
        run.font.size = Pt(style.size)
        run.font.bold = style.bold
        run.font.color.rgb = _rgb(style.colour)


def _bullet(paragraph: Any, colour: str) -> None:
    """A real bullet (not a typed character) in ``colour``, hanging so wrapped lines align with
    the text."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(round(BULLET_INDENT * EMU_PER_PT)))
    properties.set("indent", str(-round(BULLET_INDENT * EMU_PER_PT)))
    bullet_colour = properties.makeelement(qn("a:buClr"), {})
    bullet_colour.append(bullet_colour.makeelement(qn("a:srgbClr"), {"val": colour}))
    font = properties.makeelement(qn("a:buFont"), {"typeface": SLIDE_FONT})
    char = properties.makeelement(qn("a:buChar"), {"char": "•"})
    for element in (bullet_colour, font, char):
        properties.append(element)


def _textbox(slide: Any, name: str, box: tuple[float, float, float, float],
             paragraphs: Sequence[str], style: Style,
             inset: tuple[float, float] = (INSET, INSET), fill: str | None = None) -> Any:
    left, top, width, height = box
    shape = slide.shapes.add_textbox(_pt(left), _pt(top), _pt(width), _pt(height))
    shape.name = name
    _frame(shape.text_frame, inset)
    _write(shape.text_frame, paragraphs, style)
    if fill is not None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
    return shape


def _line_box(slide: Any, name: str, text: str, left: float, top: float, width: float,
              style: Style) -> Any:
    """A one-line label, cut with an ellipsis if it is wider than its box."""
    text = textfit.shorten(text, width - 2 * INSET, style.size, style.bold)
    height = style.size * textfit.LINE_HEIGHT + 2 * INSET
    return _textbox(slide, name, (left, top, width, height), [text], style)


def _decoration(slide: Any, kind: Any, box: tuple[float, float, float, float],
                colour: str, outline: float = 0.0) -> None:
    """A shape that only decorates: filled (or, with ``outline``, drawn as a line of that
    width), behind the text, and marked decorative so screen readers skip it."""
    left, top, width, height = box
    shape = slide.shapes.add_shape(kind, _pt(left), _pt(top), _pt(width), _pt(height))
    shape.name = "Decoration"
    if outline:
        shape.fill.background()
        shape.line.color.rgb = _rgb(colour)
        shape.line.width = _pt(outline)
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
        shape.line.fill.background()
    element = shape._element
    style = element.find(qn("p:style"))
    if style is not None:  # the theme style would add a shadow and an outline
        element.remove(style)
    _mark_decorative(element.nvSpPr.cNvPr)
    # Behind the title placeholder (and so behind all text), in the order they were added.
    tree = slide.shapes._spTree
    tree.remove(element)
    tree.insert(tree.index(slide.shapes.title._element), element)


def _mark_decorative(properties: Any) -> None:
    """Mark a shape (by its ``cNvPr``) as decorative, so screen readers skip it."""
    ext_list = properties.makeelement(qn("a:extLst"), {})
    ext = ext_list.makeelement(qn("a:ext"), {"uri": _DECORATIVE_URI})
    ext.append(ext.makeelement(f"{{{_DECORATIVE_NS}}}decorative", {"val": "1"}))
    ext_list.append(ext)
    properties.append(ext_list)


def _image(slide: Any, path: Path, box: tuple[float, float, float, float], name: str,
           alt: str | None) -> Any:
    """A picture in ``box`` with the plan's alt text (python-pptx would otherwise store the
    file's name, which can hold a local path), or marked decorative when ``alt`` is None."""
    left, top, width, height = box
    shape = slide.shapes.add_picture(upright(path).stream(), _pt(left), _pt(top), _pt(width),
                                     _pt(height))
    properties = shape._element.nvPicPr.cNvPr
    properties.set("descr", alt or "")
    properties.set("name", name)
    if alt is None:
        _mark_decorative(properties)
    return shape


def _fit_image(path: Path, width: float, height: float) -> tuple[float, float]:
    """The size of an image scaled to fill ``width`` x ``height`` at its own aspect ratio."""
    picture = upright(path)
    pixels_w, pixels_h = picture.width, picture.height
    scale = min(width / pixels_w, height / pixels_h)
    return pixels_w * scale, pixels_h * scale


def _notes(slide: Any, text: str) -> None:
    """The slide's speaker notes, in the deck's font."""
    frame = slide.notes_slide.notes_text_frame
    frame.text = clean(text)
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.name = SLIDE_FONT
            run.font.size = Pt(NOTES_SIZE)


def _title_text(slide: Any, text: str, box: tuple[float, float, float, float], colour: str,
                anchor: Any = MSO_ANCHOR.MIDDLE) -> None:
    """Move the title placeholder to ``box`` and put ``text`` in it at the size that fits."""
    left, top, width, height = box
    text, block = _fit_title(text, width, height)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (_pt(left), _pt(top), _pt(width),
                                                        _pt(height))
    _frame(title.text_frame, anchor=anchor)
    _write(title.text_frame, [text], Style(block.size, colour, bold=True))


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
        _decoration(slide, MSO_SHAPE.RECTANGLE, (0, 0, SLIDE_W, SLIDE_H), colours.primary)
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
    _, title = _fit_title(clean(session.title), column, 3 * SLIDE_SIZES.title
                         * textfit.LINE_HEIGHT + 2 * INSET)
    title_h = title.height + 2 * INSET
    stack = week_h + title_h + 16 + ACCENT_H
    space_top = 40 + course_h + 24
    details = _fit_details(_details(plan, entry), column,
                           disclaimer_top - 24 - space_top - stack - DETAILS_GAP)
    if details is not None:
        stack += DETAILS_GAP + details[1].height
    top = max(space_top, (space_top + disclaimer_top - 24 - stack) / 2)
    _line_box(slide, "Week", entry.label, MARGIN - INSET, top, column, week)
    _title_text(slide, clean(session.title), (MARGIN - INSET, top + week_h, column, title_h),
                strong, MSO_ANCHOR.TOP)
    accent_top = top + week_h + title_h + 16
    _decoration(slide, MSO_SHAPE.RECTANGLE, (MARGIN, accent_top, ACCENT_W, ACCENT_H),
                colours.accent)
    if details is not None:
        lines, details_block = details
        shape = _textbox(slide, "Group", (MARGIN - INSET, accent_top + ACCENT_H + DETAILS_GAP,
                                          column, details_block.height), lines,
                         Style(details_block.size, strong if canvas.templated else soft),
                         inset=(INSET, 0))
        if plan.group.name:  # the group's name first, in bold (measured bold throughout)
            for run in shape.text_frame.paragraphs[0].runs:
                run.font.bold = True
                run.font.color.rgb = _rgb(strong)
    _textbox(slide, "Disclaimer", (MARGIN - INSET, disclaimer_top, full, disclaimer_h),
             [disclaimer], Style(block.size, soft))

    notes = [f"{entry.label}: {clean(session.title)} ({session.minutes} minutes)"]
    if session.summary:
        notes.append(clean(session.summary))
    notes += [_bullets("GROUP", _details(plan, entry)),
              _bullets("GOALS", session.goals), _bullets("SAFETY", session.safety),
              _bullets("MATERIALS", session.materials),
              _bullets("BEFORE THE GROUP", session.preparation)]
    _notes(slide, _join(*notes))
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
        _decoration(slide, MSO_SHAPE.RECTANGLE,
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
        _decoration(slide, MSO_SHAPE.OVAL, (centre_x + dx - radius, centre_y + dy - radius,
                                            2 * radius, 2 * radius), colour, outline=5)


def _band(slide: Any, title: str, canvas: Canvas) -> None:
    """The coloured title band of a content slide, with its title (on a template, the title in
    the primary colour over the template's own background)."""
    colours = canvas.colours
    if not canvas.templated:
        _decoration(slide, MSO_SHAPE.RECTANGLE, (0, 0, SLIDE_W, BAND_H), colours.primary)
    _decoration(slide, MSO_SHAPE.RECTANGLE, (MARGIN, BAND_H, ACCENT_W, ACCENT_H), colours.accent)
    _title_text(slide, title, (MARGIN - INSET, 4, SLIDE_W - 2 * MARGIN + 2 * INSET, BAND_H - 8),
                colours.primary if canvas.templated else colours.background)


def _footer(slide: Any, canvas: Canvas, number: int) -> None:
    """Course title (or group name), week, session and date, a small logo, and the slide number,
    under a thin rule."""
    footer, colours = canvas.footer, canvas.colours
    _decoration(slide, MSO_SHAPE.RECTANGLE, (MARGIN, FOOTER_TOP - 4, BODY_W, 1), colours.rule)
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
    _band(slide, page.title, canvas)
    top = BODY_TOP
    if page.lead is not None:
        _lead(slide, page, colours)
        top += page.lead_height + LEAD_GAP
    if page.points:
        width = _points_width(page.picture is not None) + BULLET_INDENT + 2 * INSET
        _textbox(slide, "Points", (MARGIN - INSET, top, width, BODY_BOTTOM - top), page.points,
                 Style(page.size, colours.text, bullet=colours.accent,
                       space_after=page.spacing))
    if page.picture is not None:
        _picture(slide, page.picture, full_width=not page.points)
    _footer(slide, canvas, len(canvas.deck.slides))
    _notes(slide, page.notes)
    _plain_text(canvas, slide)


def _lead(slide: Any, page: Page, colours: Colours) -> None:
    """The lead text in a shaded panel, with a warm bar beside it."""
    assert page.lead is not None
    height = page.lead_height
    _decoration(slide, MSO_SHAPE.RECTANGLE, (MARGIN, BODY_TOP, ACCENT_H, height), colours.accent)
    _textbox(slide, "Lead", (MARGIN + ACCENT_H, BODY_TOP, BODY_W - ACCENT_H, height),
             [page.lead], Style(page.lead_size, colours.text, bold=page.lead_bold),
             inset=(PANEL_INSET, PANEL_INSET), fill=colours.light)


def _picture(slide: Any, picture: Picture, full_width: bool) -> None:
    """The picture, as large as its area allows at its own aspect ratio, with the plan's alt
    text (python-pptx would otherwise store the file's name, which can hold a local path)."""
    if full_width:
        left, width = MARGIN, BODY_W
    else:
        left = MARGIN + BODY_W * PICTURE_SHARE + PICTURE_GAP
        width = SLIDE_W - MARGIN - left
    top, height = BODY_TOP + INSET, BODY_BOTTOM - BODY_TOP - 2 * INSET
    shown_w, shown_h = _fit_image(picture.path, width, height)
    _image(slide, picture.path, (left + (width - shown_w) / 2, top, shown_w, shown_h),
           "Picture", picture.alt)


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
        _decoration(slide, MSO_SHAPE.RECTANGLE,
                    (dot_x - 1, centres[0], 2, centres[-1] - centres[0]), colours.rule)
    for centre in centres:
        _decoration(slide, MSO_SHAPE.OVAL, (dot_x - dot / 2, centre - dot / 2, dot, dot),
                    colours.primary)
    _footer(slide, canvas, len(canvas.deck.slides))
    total = sum(item.minutes for item in session.agenda)
    _notes(slide, _join(
        "Walk the group through today's plan, so nothing comes as a surprise. Say when the "
        "break is, and that anyone may step out at any time.",
        f"RUN OF SHOW ({total} of {session.minutes} minutes)\n" + "\n".join(
            _run_of_show(entry))))
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
            entry.create_system = 3  # the same on every platform (Windows would write 0)
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
