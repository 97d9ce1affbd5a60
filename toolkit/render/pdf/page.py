"""The page every PDF is laid out on: paper, margins, type sizes, colours and paragraph styles,
for normal or large print."""

from __future__ import annotations

from functools import cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from toolkit.plan import Plan
from toolkit.render.pdf.text import FONT, FONT_BOLD, register_fonts
from toolkit.theme import LARGE_PRINT, NORMAL_PRINT, Colours, PrintSizes


def page_size(plan: Plan) -> tuple[float, float]:
    """Letter or A4, as the plan says."""
    width, height = A4 if plan.print.paper == "a4" else LETTER
    if plan.print.landscape:
        width, height = height, width
    return float(width), float(height)


def page_margin(plan: Plan) -> float:
    """Side margins: more generous in large print."""
    return float(20 * mm if plan.print.large_print else 18 * mm)


def frame_width(plan: Plan) -> float:
    """The width between the side margins: what a full-width table or box has."""
    return page_size(plan)[0] - 2 * page_margin(plan)


def sizes(plan: Plan) -> PrintSizes:
    """Type sizes for normal or large print."""
    return LARGE_PRINT if plan.print.large_print else NORMAL_PRINT


def colour(hex_value: str) -> HexColor:
    return HexColor("#" + hex_value)


@cache
def _styles(large: bool, palette: Colours) -> dict[str, ParagraphStyle]:
    register_fonts()
    size = LARGE_PRINT if large else NORMAL_PRINT
    # spaceShrinkage 0: reportlab otherwise lets a left-aligned line run up to 5% of its
    # spaces' width past the frame (3 pt into the margin, measured), as if it could squeeze
    # the spaces, which it does only for justified text.
    body = ParagraphStyle("body", fontName=FONT, fontSize=size.body, leading=size.body * 1.4,
                          spaceShrinkage=0,
                          textColor=colour(palette.text), alignment=TA_LEFT, spaceAfter=4,
                          bulletFontName=FONT, bulletFontSize=size.body)
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=size.body * 1.3,
                                 bulletIndent=size.body * 0.2, spaceAfter=3),
        "title": ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=size.title,
                                leading=size.title * 1.2, textColor=colour(palette.primary),
                                spaceAfter=6),
        "heading": ParagraphStyle("heading", parent=body, fontName=FONT_BOLD,
                                  fontSize=size.heading, leading=size.heading * 1.25,
                                  textColor=colour(palette.primary), spaceBefore=10,
                                  spaceAfter=4, keepWithNext=1),
        "label": ParagraphStyle("label", parent=body, fontName=FONT_BOLD,
                                textColor=colour(palette.accent), spaceBefore=4, spaceAfter=2,
                                keepWithNext=1),
        "small": ParagraphStyle("small", parent=body, fontSize=size.small,
                                leading=size.small * 1.3, textColor=colour(palette.muted),
                                spaceAfter=0),
        "item": ParagraphStyle("item", parent=body, fontName=FONT_BOLD, spaceBefore=2,
                               spaceAfter=4),
    }


def styles(plan: Plan) -> dict[str, ParagraphStyle]:
    """The paragraph styles for this plan's print settings."""
    return _styles(plan.print.large_print, plan.colours)


TOP_MARGIN = 22 * mm


def tinted_box(plan: Plan, content: list[Flowable], padding: tuple[float, float, float, float],
               rule: str | None = None) -> Table:
    """``content`` set apart in a box of the plan's light colour, as wide as the frame, with
    ``padding`` (left, right, top, bottom) and, if given, a rule of colour ``rule`` down its
    left side."""
    left, right, top, bottom = padding
    box = Table([[content]], colWidths=["100%"])
    box.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # plain cells would otherwise use Helvetica
        ("BACKGROUND", (0, 0), (-1, -1), colour(plan.colours.light)),
        *([("LINEBEFORE", (0, 0), (0, -1), 3, colour(rule))] if rule else []),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]))
    return box
