"""Where everything on a content slide goes, worked out before anything is drawn.

A session's slides are planned here from what each says (``toolkit.render.content``): how its
points are split over pages and at what size (``Page``). Text is measured with
``toolkit.textfit``: points shrink from 26 pt down to a floor of 18 pt, and then continue on
"(cont.)" slides; titles shrink from 36 pt down to 28 pt. The slide's geometry (margins, the
title band, the body, the footer) is defined here for every module of the deck. ``slides``
draws the result; ``agenda`` lays out the agenda and ``fit`` reports what gave. No pptx here,
so ``toolkit check`` can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from dataclasses import dataclass, replace
from typing import TypeVar

from toolkit import textfit
from toolkit.i18n import _
from toolkit.render.content import (
    LEAD_GAP,
    LEAD_SIZE,
    PANEL_INSET,
    Content,
    Layout,
    Picture,
)
from toolkit.textfit import Block
from toolkit.theme import SLIDE_SIZES

# Geometry, in points (a 16:9 slide is 960 x 540 pt). Text boxes are placed so that their text,
# inside the frame's inset, lines up with MARGIN.
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
LEAD_SHARE = 0.6
"""The most of the body a lead panel may take before its text becomes an ordinary point."""
TITLE_FALLBACK_MIN = 16
"""Titles too long for two lines at the 28 pt floor get up to three lines, down to this size."""
AGENDA_GAP = 0.5
"""Gap between agenda rows, as a fraction of the type size."""
TIMELINE_W = 40.0
"""Room between the minutes column and the titles for the timeline's line and dots."""


QUESTION_SIZE = 40
"""A discussion question shown on its own: this large, down to the normal body size."""
QUOTE_SIZE = 36
"""A quotation shown on its own: this large, down to the normal body size."""
QUOTE_INDENT = 30.0
"""Room at the left of a quotation for its accent rule."""
ATTRIBUTION_SIZE = 22
QUOTE_GAP = 14.0
"""Between a quotation and its attribution."""
STATEMENT_SIZE = 44
"""A slide that is one statement (a break, a question in the title): this large, down to the
titles' floor."""
STATEMENT_TOP = 40.0
"""Top of a statement slide's tinted area (there is no title band)."""
STATEMENT_RULE_GAP = 20.0
"""Between the accent bar and the statement."""
CAPTION_GAP = 12.0
"""Between a statement and its caption ("10 minutes")."""
BADGE_SIZE = 18
"""An activity's minutes, in a small badge at the right of the title band."""
BADGE_PAD = 12.0
BADGE_GAP = 16.0
"""Between the title and the badge."""


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
    lead_inset: float = PANEL_INSET
    lead_gap: float = LEAD_GAP
    picture: Picture | None = None
    layout: Layout = "points"
    """"question" and "quote" pages hold their text as their one point, set at ``size``;
    a "statement" page's text is its title, set at ``title_size``."""
    badge: str | None = None
    caption: str | None = None
    caption_size: int = ATTRIBUTION_SIZE
    text_height: float = 0.0
    """Height of the question, quotation or statement's lines (insets not included)."""
    caption_height: float = 0.0
    title_size: int = STATEMENT_SIZE


# ---- fitting text onto slides ----------------------------------------------------------------


def points_width(picture: bool) -> float:
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


PagesT = TypeVar("PagesT", bound=Sized)


def largest_as_few(pages_at: Callable[[int], PagesT | None], largest: int
                    ) -> tuple[PagesT, int] | None:
    """The pages at the largest size from ``largest`` down that need no more pages than at the
    floor size, and that size; None if nothing fits even at the floor. ``pages_at`` lays the
    text out at one size (None if it cannot). Smaller type never needs more pages: nothing
    wraps to more lines and pages are filled in order. So the floor needs the fewest, and the
    sizes are tried from the largest down only until one matches it, not all of them."""
    at_floor = pages_at(SLIDE_SIZES.body_min)
    if at_floor is None:
        return None
    for size in range(largest, SLIDE_SIZES.body_min, -1):
        pages = pages_at(size)
        if pages is not None and len(pages) == len(at_floor):
            return pages, size
    return at_floor, SLIDE_SIZES.body_min


def _lead_block(content: Content) -> Block | None:
    """The lead's layout in its panel, or None if it would take too much of the slide."""
    if content.lead is None:
        return None
    return textfit.fit([content.lead], BODY_W - ACCENT_H, (BODY_BOTTOM - BODY_TOP) * LEAD_SHARE,
                       content.lead_max, SLIDE_SIZES.body_min, bold=content.lead_bold,
                       inset=content.lead_inset)


def paginate(content: Content) -> list[Page]:
    """The slide as one page, or as several "(cont.)" pages when its points cannot fit one.

    All pages of one slide share a type size: the largest that needs no more pages than the
    floor size does, so text shrinks before it spills, and never below the floor. A question,
    quotation or statement that does not fit its own layout at the normal size (or, for a
    statement, the titles' floor) becomes an ordinary slide of points instead.
    """
    if content.layout != "points":
        page = {"question": _question, "quote": _quote, "statement": _statement}[
            content.layout](content)
        if page is not None:
            return [page]
        points = content.points if content.caption is None else (*content.points,
                                                                  content.caption)
        content = replace(content, layout="points", points=points, caption=None)
    return _points_pages(content)


def _points_pages(content: Content) -> list[Page]:
    """``paginate`` for a slide of points."""
    lead = _lead_block(content)
    points = content.points
    if content.lead is not None and lead is None:  # too long for a panel: an ordinary point
        points = (content.lead, *points)
    body_h = BODY_BOTTOM - BODY_TOP - 2 * INSET
    rest = (points_width(False), body_h)
    first = (points_width(content.picture is not None and bool(points)), body_h)
    if lead is not None:
        first = (first[0], body_h - _panel_height(lead, content.lead_inset) - content.lead_gap)
    pieces = [piece for point in points
              for piece in _pieces(point, min(first[0], rest[0]), body_h)]
    first_page = Page(content.title, content.notes, (), SLIDE_SIZES.body, picture=content.picture,
                      badge=content.badge)
    if lead is not None:
        first_page = replace(first_page, lead=content.lead, lead_size=int(lead.size),
                             lead_height=_panel_height(lead, content.lead_inset),
                             lead_bold=content.lead_bold, lead_inset=content.lead_inset,
                             lead_gap=content.lead_gap)
    chosen = largest_as_few(lambda size: _fill(pieces, size, first, rest), content.largest)
    if not pieces or chosen is None:  # (None cannot happen: pieces fit a page at the floor)
        return [first_page]
    pages, size = chosen
    result: list[Page] = []
    for index, points_on_page in enumerate(pages):
        page = replace(first_page, points=tuple(points_on_page), size=size) if index == 0 else \
            Page(_("{title} (cont.)").format(title=content.title), content.notes,
                 tuple(points_on_page), size, badge=content.badge)
        width, height = first if index == 0 else rest
        roomy = textfit.measure(page.points, width, size, space_after=ROOMY_SPACE_AFTER)
        result.append(replace(page, spacing=ROOMY_SPACE_AFTER) if roomy.height <= height
                      else page)
    return result


def _measure_box(text: str, width: float, height: float, largest: int, smallest: int,
                 bold: bool = False, max_lines: int | None = None) -> Block | None:
    """``text`` in a box ``width`` x ``height`` with the usual insets, measured a point narrower
    than the box so that rounding to whole EMUs can never add a line."""
    return textfit.fit([text], width - 1, height, largest, smallest, bold=bold,
                       max_lines=max_lines, inset=INSET)


QUESTION_BOX_W = BODY_W + 2 * INSET
QUOTE_BOX_W = BODY_W - QUOTE_INDENT + 2 * INSET
STATEMENT_BOX_W = BODY_W + 2 * INSET


def _question(content: Content) -> Page | None:
    """One discussion question, as large as fits the body, centred."""
    block = _measure_box(content.points[0], QUESTION_BOX_W, BODY_BOTTOM - BODY_TOP,
                         QUESTION_SIZE, SLIDE_SIZES.body)
    if block is None:
        return None
    return Page(content.title, content.notes, content.points[:1], int(block.size),
                layout="question", badge=content.badge, text_height=block.height)


def _quote(content: Content) -> Page | None:
    """One quotation as large as fits, with its attribution (if any) below it."""
    room = BODY_BOTTOM - BODY_TOP
    caption_h = 0.0
    if content.caption is not None:
        caption = textfit.measure([content.caption], QUOTE_BOX_W - 2 * INSET - 1,
                                  ATTRIBUTION_SIZE)
        if len(caption.lines) > 2:
            return None
        caption_h = caption.height
        room -= caption_h + 2 * INSET + QUOTE_GAP
    block = _measure_box(content.points[0], QUOTE_BOX_W, room, QUOTE_SIZE, SLIDE_SIZES.body)
    if block is None:
        return None
    return Page(content.title, content.notes, content.points[:1], int(block.size),
                layout="quote", badge=content.badge, caption=content.caption,
                text_height=block.height, caption_height=caption_h)


def statement_area() -> tuple[float, float]:
    """Top and bottom of a statement slide's tinted area, where its text is centred."""
    return STATEMENT_TOP, BODY_BOTTOM


def _statement(content: Content) -> Page | None:
    """The title, large and centred where the band would be, with its caption below."""
    top, bottom = statement_area()
    room = bottom - top - 2 * STATEMENT_RULE_GAP - ACCENT_H
    caption_h = 0.0
    if content.caption is not None:
        caption = textfit.measure([content.caption], STATEMENT_BOX_W - 2 * INSET - 1,
                                  SLIDE_SIZES.body)
        caption_h = caption.height
        room -= caption_h + 2 * INSET + CAPTION_GAP
    block = _measure_box(content.title, STATEMENT_BOX_W, room, STATEMENT_SIZE,
                         SLIDE_SIZES.title_min, bold=True, max_lines=4)
    if block is None:
        return None
    return Page(content.title, content.notes, (), SLIDE_SIZES.body, layout="statement",
                caption=content.caption, caption_size=SLIDE_SIZES.body,
                text_height=block.height, caption_height=caption_h,
                title_size=int(block.size))


def badge_width(text: str) -> float:
    """The width of a badge holding ``text``."""
    return textfit.text_width(text, BADGE_SIZE, bold=True) + 2 * BADGE_PAD + 2


def _panel_height(lead: Block, inset: float) -> float:
    """The lead panel's height: its text and the panel's inset above and below."""
    return lead.height + 2 * inset


def fit_title(text: str, width: float, height: float) -> tuple[str, Block]:
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
