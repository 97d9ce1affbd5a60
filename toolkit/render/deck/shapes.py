"""The shapes every slide is drawn with: text boxes, titles, decorations, pictures, the title
band, the activity badge and the footer, each written as XML (``slide_xml``) and placed in the
slide's shape tree; and what a deck being drawn shares (``Canvas``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu

from toolkit import textfit
from toolkit.images import upright
from toolkit.render.content import (
    clean,
)
from toolkit.render.deck import slide_xml
from toolkit.render.deck.base import add_slide
from toolkit.render.deck.compat import NotesPages, element_of, shape_tree
from toolkit.render.deck.layout import (
    ACCENT_H,
    ACCENT_W,
    BADGE_GAP,
    BADGE_PAD,
    BADGE_SIZE,
    BAND_H,
    BODY_W,
    FOOTER_TOP,
    INSET,
    MARGIN,
    SLIDE_H,
    SLIDE_W,
    badge_width,
    fit_title,
)
from toolkit.render.deck.slide_xml import Anchor, Box, Geometry, Style
from toolkit.theme import SLIDE_SIZES, Colours

EMU_PER_PT = slide_xml.EMU_PER_PT
NOTES_SIZE = 12
FOOTER_LOGO_W, FOOTER_LOGO_H = 60.0, 20.0
"""The most room a logo takes in a footer, beside the slide number."""




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
    notes: NotesPages = field(default_factory=NotesPages)
    """Makes the notes page of each slide in turn."""


def pt(value: float) -> Emu:
    """Points to EMU: layout is worked out in points, pptx stores EMU."""
    return Emu(slide_xml.emu(value))


def plain_text(canvas: Canvas, slide: Any) -> None:
    """On a template, undo what its masters' text styles may add that the measuring does not
    know about: capitals, letter spacing and paragraph indents."""
    if not canvas.templated:
        return
    for paragraph in shape_tree(slide).iter(qn("a:p")):
        properties = paragraph.get_or_add_pPr()
        if properties.get("marL") is None:  # bullets set their own
            properties.set("marL", "0")
            properties.set("indent", "0")
        for run in paragraph.iter(qn("a:rPr")):
            run.set("cap", "none")
            run.set("spc", "0")


def new_slide(canvas: Canvas, layout: Any) -> Any:
    """A new slide on ``layout`` with its title placeholder only (see ``template.add_slide``)."""
    return add_slide(canvas.deck, layout)


def add_shape(slide: Any, element: Any, behind_text: bool = False) -> None:
    """Put a shape on the slide: last, as python-pptx adds shapes, or with ``behind_text``
    just before the title placeholder (and so behind all text), in the order they come."""
    tree = shape_tree(slide)
    if behind_text:
        tree.insert(tree.index(title_element(tree)), element)
    else:
        tree.insert_element_before(element, "p:extLst")


def title_element(tree: Any) -> Any:
    """The title placeholder's ``p:sp``: the only placeholder ``_add_slide`` leaves (looked for
    directly: ``slide.shapes.title`` wraps every shape on the slide to find it)."""
    return tree.xpath("p:sp[p:nvSpPr/p:nvPr/p:ph]")[0]


def next_id(slide: Any) -> int:
    """The id for a new shape: one more than any id on the slide, as python-pptx numbers."""
    return int(shape_tree(slide).max_shape_id) + 1


def add_textbox(slide: Any, name: str, box: Box, paragraphs: Sequence[str], style: Style,
             inset: tuple[float, float] = (INSET, INSET), fill: str | None = None,
             first: Style | None = None) -> None:
    """A text box of ``paragraphs`` (the first in ``first``, if given) that PowerPoint draws
    exactly as measured, on a background of colour ``fill`` or none."""
    body = slide_xml.text_body(paragraphs, style, inset, first=first)
    add_shape(slide, slide_xml.textbox(next_id(slide), name, box, body, fill))


def line_box_height(size: float) -> float:
    """The height of a one-line label's box: the line, a margin (``textfit.HEIGHT_SLACK``)
    and the insets."""
    return size * textfit.LINE_HEIGHT * (1 + textfit.HEIGHT_SLACK) + 2 * INSET


def add_line_box(slide: Any, name: str, text: str, left: float, top: float, width: float,
              style: Style) -> None:
    """A one-line label, cut with an ellipsis if it is wider than its box."""
    text = textfit.shorten(text, width - 2 * INSET, style.size, style.bold)
    height = line_box_height(style.size)
    add_textbox(slide, name, (left, top, width, height), [text], style)


def add_decoration(slide: Any, geometry: Geometry, box: Box, colour: str,
                outline: float = 0.0) -> None:
    """A shape that only decorates: filled (or, with ``outline``, drawn as a line of that
    width), behind the text, and marked decorative so screen readers skip it."""
    add_shape(slide, slide_xml.decoration(next_id(slide), geometry, box, colour, outline),
         behind_text=True)


def add_image(slide: Any, path: Path, box: Box, name: str, alt: str | None) -> Any:
    """A picture in ``box`` with the plan's alt text (python-pptx would otherwise store the
    file's name, which can hold a local path), or marked decorative when ``alt`` is None."""
    left, top, width, height = box
    shape = slide.shapes.add_picture(upright(path).stream(), pt(left), pt(top), pt(width),
                                     pt(height))
    properties = element_of(shape).nvPicPr.cNvPr
    properties.set("descr", alt or "")
    properties.set("name", name)
    if alt is None:
        properties.append(slide_xml.decorative_mark())
    return shape


def fit_image(path: Path, width: float, height: float) -> tuple[float, float]:
    """The size of an image scaled to fill ``width`` x ``height`` at its own aspect ratio."""
    picture = upright(path)
    pixels_w, pixels_h = picture.width, picture.height
    scale = min(width / pixels_w, height / pixels_h)
    return pixels_w * scale, pixels_h * scale


def add_title_text(slide: Any, text: str, box: Box, colour: str, anchor: Anchor = "ctr") -> None:
    """Move the title placeholder to ``box`` and put ``text`` in it at the size that fits."""
    text, block = fit_title(text, box[2], box[3])
    write_title(slide, box, [text], Style(block.size, colour, bold=True), anchor)


def write_title(slide: Any, box: Box, paragraphs: Sequence[str], style: Style,
                 anchor: Anchor = "t") -> None:
    """Move the title placeholder to ``box`` and fill it as a text box is filled (its text
    body replaced whole)."""
    title = slide.shapes.title
    left, top, width, height = box
    title.left, title.top, title.width, title.height = (pt(left), pt(top), pt(width),
                                                        pt(height))
    body = slide_xml.text_body(paragraphs, style, anchor=anchor)
    element = element_of(title)
    old = element.txBody
    if old is None:
        element.append(parse_xml(body))
    else:
        element.replace(old, parse_xml(body))


def draw_rings(slide: Any, colour: str, clear_of: float = 0.0) -> None:
    """Three linked rings on the title slide: people holding each other up, below
    ``clear_of`` (the logo's bottom)."""
    radius = 70.0
    centre_x, centre_y = SLIDE_W - MARGIN - radius * 1.62, SLIDE_H * 0.45
    centre_y = max(centre_y, clear_of + 16 + radius * 1.72)  # the top ring's top, 16 pt below
    for dx, dy in ((-radius * 0.62, radius * 0.36), (radius * 0.62, radius * 0.36),
                   (0.0, -radius * 0.72)):
        add_decoration(slide, "ellipse", (centre_x + dx - radius, centre_y + dy - radius,
                                            2 * radius, 2 * radius), colour, outline=5)


def draw_band(slide: Any, title: str, canvas: Canvas, badge: str | None = None) -> None:
    """The coloured title band of a content slide, with its title (on a template, the title in
    the primary colour over the template's own background) and, at its right, a badge such as
    an activity's minutes."""
    colours = canvas.colours
    if not canvas.templated:
        add_decoration(slide, "rect", (0, 0, SLIDE_W, BAND_H), colours.primary)
    add_decoration(slide, "rect", (MARGIN, BAND_H, ACCENT_W, ACCENT_H), colours.accent)
    width = SLIDE_W - 2 * MARGIN + 2 * INSET
    if badge is not None:
        width -= draw_badge(slide, badge, colours) + BADGE_GAP
    add_title_text(slide, title, (MARGIN - INSET, 4, width, BAND_H - 8),
                colours.primary if canvas.templated else colours.background)


def draw_badge(slide: Any, text: str, colours: Colours) -> float:
    """A small rounded badge at the right of the title band (the primary colour on the palette's
    light tint), centred on the band. Returns its width."""
    style = Style(BADGE_SIZE, colours.primary, bold=True, align=PP_ALIGN.CENTER)
    width = badge_width(text)
    height = BADGE_SIZE * textfit.LINE_HEIGHT * (1 + textfit.HEIGHT_SLACK) + 2 * INSET
    left, top = SLIDE_W - MARGIN - width, (BAND_H - height) / 2
    add_decoration(slide, "roundRect", (left, top, width, height), colours.light)
    add_textbox(slide, "Badge", (left, top, width, height), [text], style,
             inset=(BADGE_PAD - 1, INSET))
    return width


def draw_footer(slide: Any, canvas: Canvas, number: int) -> None:
    """Course title (or group name), week, session and date, a small logo, and the slide number,
    under a thin rule."""
    footer, colours = canvas.footer, canvas.colours
    add_decoration(slide, "rect", (MARGIN, FOOTER_TOP - 4, BODY_W, 1), colours.rule)
    style = Style(SLIDE_SIZES.footer, colours.muted)
    number_style = Style(SLIDE_SIZES.footer, colours.primary, bold=True, align=PP_ALIGN.RIGHT)
    number_w = 56.0
    right = SLIDE_W - MARGIN + INSET
    logo_w = 0.0
    if footer.logo is not None:
        # The number's box just wide enough, so the logo sits close beside the number.
        number_w = textfit.text_width(str(number), number_style.size, bold=True) + 2 * INSET + 2
        width, height = fit_image(footer.logo, FOOTER_LOGO_W, FOOTER_LOGO_H)
        line_h = style.size * textfit.LINE_HEIGHT + 2 * INSET
        add_image(slide, footer.logo, (right - number_w - 4 - width,
                                    FOOTER_TOP + (line_h - height) / 2, width, height),
               "Logo", None)  # the title slide names it; here it only repeats
        logo_w = width + 4
    add_line_box(slide, "Slide number", str(number), right - number_w, FOOTER_TOP, number_w,
              number_style)
    room = right - number_w - logo_w - 12 - (MARGIN - INSET)
    course_w = min(textfit.text_width(footer.course, style.size) + 2 * INSET + 2, room * 0.45)
    add_line_box(slide, "Course", footer.course, MARGIN - INSET, FOOTER_TOP, course_w, style)
    session_w = room - course_w - 12
    session = footer.session
    if footer.date:  # the date is kept whole: the session's title is cut instead
        suffix = f" · {footer.date}"
        session = textfit.shorten(session, session_w - 2 * INSET - 1
                                  - textfit.text_width(suffix, style.size), style.size) + suffix
    add_line_box(slide, "Session", session, MARGIN - INSET + course_w + 12, FOOTER_TOP,
              session_w, replace(style, align=PP_ALIGN.RIGHT))


def speaker_notes(canvas: Canvas, slide: Any, text: str) -> None:
    """The slide's notes page, holding ``text`` in the deck's font."""
    canvas.notes.add(slide, slide_xml.notes_paragraphs(clean(text), NOTES_SIZE))
