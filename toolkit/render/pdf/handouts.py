"""Slide handouts: one PDF per session for members who like to follow along on paper.

Each page shows three slides (in large print, one at full width) as 16:9 miniatures, with ruled
lines to write on beside and below them. The slides say what the deck's say
(``toolkit.render.content``): the title slide, every agenda item's slides, the homework and the
closing slide with the crisis lines. Facilitator notes (what to say, do and watch for) are never
printed here. Each miniature is drawn by ``miniature``. Every page carries the participant
header and the crisis-line footer, like the worksheets.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from toolkit.i18n import _
from toolkit.plan import Plan, SessionEntry
from toolkit.render.content import deck_contents
from toolkit.render.pdf.document import render_pdf
from toolkit.render.pdf.miniature import HandoutSlide, Miniature, type_scale
from toolkit.render.pdf.page import (
    TOP_MARGIN,
    colour,
    page_size,
    sizes,
)
from toolkit.render.pdf.worksheets import participant_page, support_page

RATIO = 9 / 16
GUTTER = 14.0
"""Gap between a miniature and its notes lines."""
SLOT_GAP = 12.0
"""Blank space closing each slide's slot, so one slide's lines never run into the next."""
def handout_slides(plan: Plan, entry: SessionEntry) -> list[HandoutSlide]:
    """The slides a member sees, in order: the title slide, then what the deck's slides say
    (``toolkit.render.content``), never the facilitator notes. A break's own statement slide is
    left out: it is the deck's, not a slide of the plan. So is the closing slide of crisis
    lines: the support page after the slides has every line in full, at a size to read."""
    session = entry.session
    slides = [HandoutSlide(
        title=session.title, opening=True, kicker=(plan.course.title, entry.label),
        details=tuple(part for part in (plan.group.name, entry.when) if part))]
    contents = deck_contents(plan, entry)
    for content in contents[:-1]:
        if content.item_id is not None and content.slide_index is None:
            continue
        picture = content.picture
        slides.append(HandoutSlide(
            title=content.title,
            points=content.points + ((content.caption,) if content.layout == "quote" and
                                     content.caption else ()),
            lead=content.lead, lead_bold=content.lead_bold,
            picture=picture.path if picture else None, alt=picture.alt if picture else None))
    return slides


def render_handouts(plan: Plan, entry: SessionEntry) -> bytes:
    """The slide handouts of one session as a PDF: miniatures on the left, notes lines beside."""
    session = entry.session
    frame, bottom = participant_page(
        plan, (plan.header, _("{week}: {title}").format(week=entry.label, title=session.title),
               _("Handouts")))
    scale = type_scale(plan)
    height = page_size(plan)[1]
    slot = (height - TOP_MARGIN - bottom) / scale.per_page - 0.01
    story: list[Flowable] = []
    for index, slide in enumerate(handout_slides(plan, entry)):
        if index and index % scale.per_page == 0:
            story.append(PageBreak())
        story.append(HandoutSlot(plan, slide, slot))
    story += [PageBreak(), *support_page(plan)]
    return render_pdf(plan, story, title=_("{week} handouts: {title}").format(
                          week=entry.label, title=session.title),
                      subject=plan.course.title, frame=frame, bottom=bottom)


# ---- drawing ----------------------------------------------------------------------------------


class HandoutSlot(Flowable):  # type: ignore[misc]
    """One slide's share of a page: its miniature on the left, lines to write on beside it and
    below it."""

    def __init__(self, plan: Plan, slide: HandoutSlide, height: float) -> None:
        super().__init__()
        self.plan = plan
        self.slide = slide
        self.slot_height = height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.slot_height
        return self.width, self.height

    @property
    def slide_width(self) -> float:
        return float(self.width * type_scale(self.plan).share)

    def draw(self) -> None:
        canvas: Canvas = self.canv
        width = self.slide_width
        height = width * RATIO
        left, bottom = 0.0, self.height - height
        miniature = Miniature(self.plan, self.slide, width, height)
        canvas.saveState()
        miniature.draw(canvas, left, bottom)
        canvas.restoreState()
        self._lines(canvas, width, height)

    def _lines(self, canvas: Canvas, slide_width: float, slide_height: float) -> None:
        """Ruled lines in the look of the worksheets' ``WriteLines``: beside the miniature, then
        the full width of the column below it."""
        gap = sizes(self.plan).line_gap
        canvas.saveState()
        canvas.setStrokeColor(colour(self.plan.colours.rule))
        canvas.setLineWidth(0.7)
        y = self.height - gap
        while y >= SLOT_GAP - 1e-6:
            beside = y >= self.height - slide_height - gap * 0.4
            start = slide_width + GUTTER if beside else 0.0
            if start < self.width:  # a full-width slide (large print) leaves no room beside
                canvas.line(start, y, self.width, y)
            y -= gap
        canvas.restoreState()




__all__ = ["handout_slides", "render_handouts"]
