"""Slide decks: one 16:9 .pptx per session, with the facilitator's talking points as notes.

Every slide has a real title placeholder, because screen readers navigate a deck by its slide
titles. python-pptx never measures text, so every piece of text is measured first (see
``toolkit.textfit``): it shrinks down to a floor, then continues on a "(cont.)" slide, and is never
drawn past its box or over another shape. Pictures carry the plan's alt text, never a file name.
The file is written with fixed dates, so the same plan always gives the same bytes.

Everything is drawn in the plan's palette (``plan.colours``). A group's decks also carry its name,
meeting dates and times, place and facilitators, its logo, and can be built on its own PowerPoint
template. The template is read, cleaned, scaled to this module's 960 x 540 pt slide and tried by
``toolkit.render.deck.base`` (and refused there, at ``toolkit check``, when it cannot be built
on). On a template the title band and the title slide's background are not painted, so the
template's masters show through; text keeps the palette's colours, so a template is assumed to
have a light background.

Slides take their layout from what the plan says, with no extra fields: the title slide; the
agenda as a timeline; slides of points (beside a picture, under a shaded lead panel); an
activity's slides with its minutes in a badge beside the title; a discussion's lone question,
large and centred; a quotation on its own with an accent rule and its attribution; a statement
slide for a break without slides of its own (or a question asked by a slide's title); and the
closing slide with the emergency line and crisis lines. Every slide but the first has a footer
with the course (or group), week, session and date, and the slide's number.

What each slide says comes from ``toolkit.render.content``; how its text is split and at what
size, and where the agenda's rows go, is planned in ``layout`` and ``agenda``. This module only
draws that plan, with the shapes of ``shapes``, written as XML (``slide_xml``) rather than with
python-pptx's property setters, which took most of the time. Only this package imports
``pptx``, so commands that do not build decks (or check a template) stay fast.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path
from typing import Any

from pptx.enum.text import PP_ALIGN

from toolkit import textfit
from toolkit.i18n import _, word
from toolkit.model import Session
from toolkit.plan import Plan, SessionEntry
from toolkit.render.content import (
    AGENDA_TITLE,
    bullets,
    clean,
    deck_contents,
    group_details,
    join_notes,
    run_of_show,
)
from toolkit.render.deck.agenda import AgendaLayout, AgendaRow, agenda_pages
from toolkit.render.deck.base import new_deck
from toolkit.render.deck.compat import deck_bytes, speed_up
from toolkit.render.deck.layout import (
    ACCENT_H,
    ACCENT_W,
    ATTRIBUTION_SIZE,
    BODY_BOTTOM,
    BODY_TOP,
    BODY_W,
    BULLET_INDENT,
    CAPTION_GAP,
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
    Page,
    fit_title,
    paginate,
    points_width,
    statement_area,
)
from toolkit.render.deck.shapes import (
    Canvas,
    Footer,
    add_decoration,
    add_image,
    add_line_box,
    add_textbox,
    add_title_text,
    draw_band,
    draw_footer,
    draw_rings,
    fit_image,
    line_box_height,
    new_slide,
    plain_text,
    speaker_notes,
    write_title,
)
from toolkit.render.deck.slide_xml import Style
from toolkit.textfit import Block
from toolkit.theme import SLIDE_SIZES, Colours

TITLE_LOGO_W, TITLE_LOGO_H = 120.0, 80.0
"""The most room a logo takes at the top right of the title slide."""
LOGO_PAD = 8.0
"""Padding of the light tile a logo sits on when the title slide is dark."""
DETAILS_SIZE, DETAILS_MIN = 20, 14
"""Type sizes of the group's details (name, date, place, facilitators) on the title slide."""
DETAILS_GAP = 20.0

speed_up()


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
    return deck_bytes(deck)


def _title_slide(canvas: Canvas, plan: Plan, entry: SessionEntry) -> None:
    session = entry.session
    colours = canvas.colours
    slide = new_slide(canvas, canvas.title_layout)
    full = SLIDE_W - 2 * MARGIN + 2 * INSET
    column = full * 0.7
    if canvas.templated:  # the template's own background: assumed light, so dark text
        soft, strong, week_colour = colours.muted, colours.text, colours.primary
    else:
        soft, strong, week_colour = colours.light, colours.background, colours.light
        add_decoration(slide, "rect", (0, 0, SLIDE_W, SLIDE_H), colours.primary)
    logo_bottom = 0.0
    if plan.branding.logo is not None:
        logo_bottom = _title_logo(slide, plan.branding.logo,
                                  _("{name} logo").format(name=clean(plan.header)),
                                  None if canvas.templated else colours.background)
    if not canvas.templated:
        draw_rings(slide, colours.light, logo_bottom)

    course, course_block = _fitted(clean(plan.course.title), column, 18, 14, max_lines=2)
    course_h = course_block.height + 2 * INSET
    add_textbox(slide, "Course", (MARGIN - INSET, 40, column, course_h), [course],
             Style(course_block.size, soft))

    # A disclaimer longer than five small lines is cut here; the guide prints it whole.
    disclaimer, block = _fitted(clean(plan.course.disclaimer), full, 14, 10, max_lines=5)
    disclaimer_h = block.height + 2 * INSET
    disclaimer_top = SLIDE_H - 28 - disclaimer_h

    week = Style(24, week_colour, bold=True)
    week_h = line_box_height(week.size)
    _size, title = fit_title(clean(session.title), column, 3 * SLIDE_SIZES.title
                         * textfit.LINE_HEIGHT + 2 * INSET)
    title_h = title.height + 2 * INSET
    stack = week_h + title_h + 16 + ACCENT_H
    space_top = 40 + course_h + 24
    details = _fit_details(group_details(plan, entry), column,
                           disclaimer_top - 24 - space_top - stack - DETAILS_GAP)
    if details is not None:
        stack += DETAILS_GAP + details[1].height
    top = max(space_top, (space_top + disclaimer_top - 24 - stack) / 2)
    add_line_box(slide, "Week", entry.label, MARGIN - INSET, top, column, week)
    add_title_text(slide, clean(session.title), (MARGIN - INSET, top + week_h, column, title_h),
                strong, "t")
    accent_top = top + week_h + title_h + 16
    add_decoration(slide, "rect", (MARGIN, accent_top, ACCENT_W, ACCENT_H),
                colours.accent)
    if details is not None:
        lines, details_block = details
        style = Style(details_block.size, strong if canvas.templated else soft)
        # The group's name first, in bold (measured bold throughout).
        name = replace(style, bold=True, colour=strong) if plan.group.name else None
        add_textbox(slide, "Group", (MARGIN - INSET, accent_top + ACCENT_H + DETAILS_GAP, column,
                                  details_block.height), lines, style, inset=(INSET, 0),
                 first=name)
    add_textbox(slide, "Disclaimer", (MARGIN - INSET, disclaimer_top, full, disclaimer_h),
             [disclaimer], Style(block.size, soft))

    notes = [_("{week}: {title} ({minutes} minutes)").format(
        week=entry.label, title=clean(session.title), minutes=session.minutes)]
    if session.summary:
        notes.append(clean(session.summary))
    notes += [bullets(_("GROUP"), group_details(plan, entry)),
              bullets(_("GOALS"), session.goals), bullets(_("SAFETY"), session.safety),
              bullets(_("MATERIALS"), session.materials),
              bullets(_("BEFORE THE GROUP"), session.preparation)]
    speaker_notes(canvas, slide, join_notes(*notes))
    plain_text(canvas, slide)


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
    width, height = fit_image(path, TITLE_LOGO_W, TITLE_LOGO_H)
    right, top = SLIDE_W - MARGIN, 40.0
    if tile is not None:
        add_decoration(slide, "rect",
                    (right - width - 2 * pad, top, width + 2 * pad, height + 2 * pad), tile)
    add_image(slide, path, (right - pad - width, top + pad, width, height), "Logo", alt)
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


def _content_slide(canvas: Canvas, page: Page) -> None:
    colours = canvas.colours
    slide = new_slide(canvas, canvas.content_layout)
    if page.layout == "statement":
        _statement(slide, page, canvas)
    else:
        draw_band(slide, page.title, canvas, page.badge)
    if page.layout == "question":
        _question(slide, page, colours)
    elif page.layout == "quote":
        _quote(slide, page, colours)
    elif page.layout == "points":
        _points_body(slide, page, colours)
    draw_footer(slide, canvas, len(canvas.deck.slides))
    speaker_notes(canvas, slide, page.notes)
    plain_text(canvas, slide)


def _question(slide: Any, page: Page, colours: Colours) -> None:
    """A discussion question, large, in the primary colour, centred in the body."""
    height = page.text_height + 2 * INSET
    top = BODY_TOP + (BODY_BOTTOM - BODY_TOP - height) / 2
    add_textbox(slide, "Question", (MARGIN - INSET, top, QUESTION_BOX_W, height), page.points,
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
    add_decoration(slide, "rect", (MARGIN, top + INSET, ACCENT_H, page.text_height),
                colours.accent)
    add_textbox(slide, "Quote", (left, top, QUOTE_BOX_W, quote_h), page.points,
             Style(page.size, colours.text))
    if page.caption is not None:
        add_textbox(slide, "Attribution", (left, top + quote_h + QUOTE_GAP, QUOTE_BOX_W,
                                        page.caption_height + 2 * INSET),
                 [page.caption], Style(ATTRIBUTION_SIZE, colours.muted))


def _statement(slide: Any, page: Page, canvas: Canvas) -> None:
    """A slide that is one statement (a break, or a question asked by its title): the title
    large and centred on the palette's light tint, a warm bar above it, a caption below."""
    colours = canvas.colours
    area_top, area_bottom = statement_area()
    if not canvas.templated:
        add_decoration(slide, "rect", (0, 0, SLIDE_W, area_bottom), colours.light)
    title_h = page.text_height + 2 * INSET
    height = ACCENT_H + STATEMENT_RULE_GAP + title_h
    if page.caption is not None:
        height += CAPTION_GAP + page.caption_height + 2 * INSET
    top = area_top + (area_bottom - area_top - height) / 2
    add_decoration(slide, "rect", ((SLIDE_W - ACCENT_W) / 2, top, ACCENT_W, ACCENT_H),
                colours.accent)
    title_top = top + ACCENT_H + STATEMENT_RULE_GAP
    write_title(slide, (MARGIN - INSET, title_top, STATEMENT_BOX_W, title_h), [page.title],
                 Style(page.title_size, colours.primary, bold=True, align=PP_ALIGN.CENTER))
    if page.caption is not None:
        add_textbox(slide, "Caption", (MARGIN - INSET, title_top + title_h + CAPTION_GAP,
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
        add_textbox(slide, "Points", (MARGIN - INSET, top, width, BODY_BOTTOM - top), page.points,
                 Style(page.size, colours.text, bullet=colours.accent,
                       space_after=page.spacing))
    if page.picture is not None and page.picture.path is not None:
        _picture(slide, page.picture.path, page.picture.alt, full_width=not page.points)


def _lead(slide: Any, page: Page, colours: Colours) -> None:
    """The lead text in a shaded panel, with a warm bar beside it."""
    assert page.lead is not None
    height = page.lead_height
    add_decoration(slide, "rect", (MARGIN, BODY_TOP, ACCENT_H, height), colours.accent)
    add_textbox(slide, "Lead", (MARGIN + ACCENT_H, BODY_TOP, BODY_W - ACCENT_H, height),
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
    shown_w, shown_h = fit_image(path, width, height)
    add_image(slide, path, (left + (width - shown_w) / 2, top, shown_w, shown_h), "Picture", alt)


def _agenda_slide(canvas: Canvas, entry: SessionEntry,
                  page: tuple[AgendaLayout, list[AgendaRow]], continued: bool) -> None:
    layout, rows = page
    colours = canvas.colours
    session = entry.session
    slide = new_slide(canvas, canvas.content_layout)
    draw_band(slide, _("Agenda (cont.)") if continued else word(AGENDA_TITLE), canvas)
    size = layout.size
    dot = size * 0.5
    dot_x = MARGIN + layout.minutes_w + TIMELINE_W / 2
    y = BODY_TOP + INSET
    centres: list[float] = []
    # Each row's boxes reach a little into the gap below it: a margin for a renderer that sets
    # lines a little taller (textfit.HEIGHT_SLACK), without moving the rows.
    slack = min(layout.gap, textfit.HEIGHT_SLACK * size * textfit.LINE_HEIGHT)
    for row in rows:
        height = layout.row_height(row)
        colour = colours.muted if row.muted else colours.text
        add_textbox(slide, "Minutes", (MARGIN - INSET, y, layout.minutes_w + 2 * INSET,
                                    size * textfit.LINE_HEIGHT + slack),
                 [row.minutes], Style(size, colours.accent, bold=True, align=PP_ALIGN.RIGHT),
                 inset=(INSET, 0))
        add_textbox(slide, "Agenda item", (layout.title_left - INSET, y, layout.title_w + 2 * INSET,
                                        height + slack), [row.title], Style(size, colour),
                 inset=(INSET, 0))
        centres.append(y + size * textfit.LINE_HEIGHT / 2)
        y += height + layout.gap
    if len(centres) > 1:
        add_decoration(slide, "rect",
                    (dot_x - 1, centres[0], 2, centres[-1] - centres[0]), colours.rule)
    for centre in centres:
        add_decoration(slide, "ellipse", (dot_x - dot / 2, centre - dot / 2, dot, dot),
                    colours.primary)
    draw_footer(slide, canvas, len(canvas.deck.slides))
    total = sum(item.minutes for item in session.agenda)
    speaker_notes(canvas, slide, join_notes(
        _("Walk the group through today's plan, so nothing comes as a surprise. Say when the "
          "break is, and that anyone may step out at any time."),
        _("RUN OF SHOW ({total} of {minutes} minutes)").format(
            total=total, minutes=session.minutes) + "\n" + "\n".join(run_of_show(entry))))
    plain_text(canvas, slide)


def _set_properties(deck: Any, plan: Plan, session: Session) -> None:
    """Fixed metadata: no clock time, no user name from this machine."""
    fixed = datetime.datetime.fromisoformat(plan.document_date)
    properties = deck.core_properties
    # The core properties hold at most 255 characters each (python-pptx refuses more).
    properties.title = clean(session.title)[:255]
    properties.subject = properties.author = clean(plan.course.title)[:255]
    properties.last_modified_by = ""
    properties.language = plan.language.tag  # spelling and screen readers' voice
    properties.revision = 1
    properties.created = properties.modified = properties.last_printed = fixed
