"""A PDF laid out once, reproducibly: its running header and footer, "Page X of Y", bookmarks,
and a book's contents page. Documents are built with ``invariant=1`` so two builds are
identical.

What frames each page (running header, footer, page number) is drawn into a form of its own,
named after the page (``page_form``), and a part a book may take starts with a ``PartMark``: so
a book can take a session file's pages as they were drawn and give each its own frame
(``toolkit.render.pdf.assemble``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from toolkit import i18n
from toolkit.i18n import _
from toolkit.plan import Plan
from toolkit.render.pdf.compat import Paragraph, text_cursor
from toolkit.render.pdf.fieldfont import with_field_font
from toolkit.render.pdf.page import TOP_MARGIN, colour, page_margin, page_size, sizes, styles
from toolkit.render.pdf.text import (
    FONT,
    FONT_BOLD,
    clean,
    draw_words,
    header_line,
    markup,
    one_line,
    register_fonts,
)
from toolkit.theme import COLOURS

PageFrame = Callable[[Canvas, int, int], None]
"""Draws what frames a page (running header, footer, "Page X of Y"), given the page's number
and the document's page count."""


def labelled_numbers(plan: Plan, width: float, label: str) -> PageFrame:
    """A private document's footer: a bold label on the left (already in the language being
    drawn in), "Page X of Y" on the right."""
    margin = page_margin(plan)

    def number(canvas: Canvas, page: int, pages: int) -> None:
        size = sizes(plan).small
        canvas.setFont(FONT_BOLD, size)
        canvas.setFillColor(colour(COLOURS.muted))
        draw_words(canvas, margin, 10 * mm, label, size, bold=True)
        draw_words(canvas, width - margin, 10 * mm,
                   _("Page {page} of {pages}").format(page=page, pages=pages), size,
                   bold=True, right=True)

    return number


def running_header(plan: Plan, text: str | Sequence[str], rule: float | None
                   ) -> Callable[[Canvas], None]:
    """The line at the top of every page, fitted to one line of the page's width (``text``, or
    made of parts with ``header_line``), with a rule under it (at ``rule`` from the bottom of
    the page, if given)."""
    width, height = page_size(plan)
    margin = page_margin(plan)
    line = (one_line(text, width - 2 * margin, sizes(plan).small * 1.1) if isinstance(text, str)
            else header_line(text, width - 2 * margin, sizes(plan).small * 1.1))

    def draw(canvas: Canvas) -> None:
        canvas.saveState()
        running = Paragraph(markup(line), styles(plan)["small"])
        running.wrap(width - 2 * margin, 100)
        running.drawOn(canvas, margin, height - 12 * mm)
        if rule is not None:
            canvas.setStrokeColor(colour(COLOURS.rule))
            canvas.line(margin, rule, width - margin, rule)
        canvas.restoreState()

    return draw


def page_form(page: int) -> str:
    """The name of the form that frames page ``page`` (from 1)."""
    return f"page-{page}"


def mark_form(key: str) -> str:
    """The name of the (empty) form a ``PartMark`` leaves on its page."""
    return "part-" + re.sub(r"[^A-Za-z0-9-]", "_", key)


class PartMark(Flowable):  # type: ignore[misc]
    """An invisible mark where a part a book may take starts (on the page it is drawn on):
    an empty form named after it (``mark_form``) in that page's resources, where
    ``toolkit.render.pdf.assemble`` finds it. Put it first on a page of its own."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.doForm(mark_form(self.key))
        self.canv.part_marks.add(mark_form(self.key))


class Outline(Flowable):  # type: ignore[misc]
    """An invisible mark: a PDF bookmark here, and an entry in the contents page."""

    def __init__(self, text: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.text, self.key, self.level = clean(text), key, level

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.text, self.key, level=self.level, closed=False)


CONTENTS_TAIL = 3
"""The fewest entries of a contents page that runs over onto its last page."""


class Contents(Flowable):  # type: ignore[misc]
    """The contents page, laid out in the same single pass as the rest of the book.

    Its entries (the book's ``Outline`` marks) are known before layout; only their page
    numbers are not. Each entry's dot leader and number are therefore drawn as a named PDF
    form that is filled in once the book is finished (``fill_in``, called by ``render_pdf``).
    """

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        style = styles(plan)
        # A title wraps short of the right edge, leaving room for its page number: a title
        # that ran to the edge left its number no room (drawn shrunk to a dot, in large
        # print, for a long Spanish title).
        size = style["body"].fontSize
        room = pdfmetrics.stringWidth(" . 000", FONT_BOLD, size)
        self.level_styles = [
            ParagraphStyle("contents-0", parent=style["body"], fontName=FONT_BOLD,
                           spaceBefore=2, rightIndent=room),
            ParagraphStyle("contents-1", parent=style["body"], leftIndent=14, spaceBefore=0,
                           rightIndent=room),
        ]
        self.entries: list[tuple[int, str, str]] = []
        """(level, escaped text, key) of every entry, set by ``render_pdf``."""
        self.leaders: dict[str, tuple[float, ParagraphStyle]] = {}
        """Each drawn entry's leader form: its width and its level's style."""
        self._table: Any = None

    def _style(self, level: int) -> ParagraphStyle:
        return self.level_styles[min(level, len(self.level_styles) - 1)]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        from reportlab.platypus import Spacer, Table, TableStyle

        self.canv.setNamedCB("contents_leader", self._leader_callback(available_width))
        rows: list[list[Flowable]] = []
        starts: list[int] = []
        for level, text, key in self.entries:
            style = self._style(level)
            starts.append(len(rows))
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([Paragraph(f'<a href="#{key}">{text}</a>'
                                   f'<onDraw name="contents_leader" label="{key}"/>', style)])
        # The last few entries stay together, so a page never holds one entry alone.
        tail = starts[-CONTENTS_TAIL] if len(starts) > 2 * CONTENTS_TAIL else len(rows)
        # Without a font the table's cells fall back to unembedded Helvetica.
        self._table = Table(rows or [[""]], colWidths=(available_width,), style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *([("NOSPLIT", (0, tail), (-1, -1))] if tail < len(rows) else []),
            *[(side, (0, 0), (-1, -1), 0) for side in
              ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")],
        ]))
        self.width, self.height = self._table.wrapOn(self.canv, available_width,
                                                     available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return list(self._table.splitOn(self.canv, available_width, available_height))

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self._table.drawOn(canvas, x, y, _sW)

    def _leader_callback(self, available_width: float) -> Callable[[Canvas, str, str], None]:
        levels = {key: level for level, _text, key in self.entries}

        def leader(canvas: Canvas, kind: str, key: str) -> None:
            style = self._style(levels[key])
            x, y = text_cursor(canvas)
            width = max(0.0, available_width - x)
            self.leaders[key] = (width, style)
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm(_leader_form(key))
            canvas.restoreState()
            canvas.linkRect("", key, (x, y, x + width, y + style.leading), relative=1)

        return leader

    def fill_in(self, canvas: Canvas, pages: dict[str, int]) -> None:
        """Define every leader form now that each entry's page is known: dots, then the
        page number right-aligned, as reportlab's own contents page draws them."""
        for key, (width, style) in self.leaders.items():
            number = str(pages.get(key, ""))
            size = style.fontSize
            number_width = pdfmetrics.stringWidth(number, style.fontName, size)
            while number_width > width and size >= 1.0:
                size *= 0.9
                number_width = pdfmetrics.stringWidth(number, style.fontName, size)
            dot = " . "
            dot_width = pdfmetrics.stringWidth(dot, style.fontName, size)
            dots = int((width - number_width) / dot_width) if dot_width else 0
            canvas.beginForm(_leader_form(key), 0, -style.leading, max(width, 1),
                             style.leading * 2)
            text = canvas.beginText(width - dots * dot_width - number_width, 0)
            text.setFont(style.fontName, size)
            text.setFillColor(style.textColor)
            text.textLine(dots * dot + number)
            canvas.drawText(text)
            canvas.endForm()


def _leader_form(key: str) -> str:
    return "contents-" + re.sub(r"[^A-Za-z0-9-]", "_", key)


class _Document(BaseDocTemplate):  # type: ignore[misc]
    """Records the page of every ``Outline`` mark, for a book's contents page."""

    def __init__(self, *args: object, pages: dict[str, int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.outline_pages = pages

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Outline):
            self.outline_pages[flowable.key] = self.page


def _document(plan: Plan, buffer: io.BytesIO, *, title: str, subject: str,
              bottom: float, pages: dict[str, int]) -> _Document:
    """A reproducible document on the plan's paper with one full-width frame: the one place
    every PDF gets its margins, metadata, invariant mode and embedded initial font."""
    register_fonts()
    width, height = page_size(plan)
    margin = page_margin(plan)
    document = _Document(
        buffer, pagesize=(width, height), leftMargin=margin, rightMargin=margin,
        topMargin=TOP_MARGIN, bottomMargin=bottom, title=title, author=plan.course.title,
        subject=subject, creator="Interdependence Workshop Toolkit",
        lang=i18n.current().tag, invariant=1, initialFontName=FONT, initialFontSize=10,
        pages=pages,
    )
    frame = Frame(margin, bottom, width - 2 * margin, height - TOP_MARGIN - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_framed)])
    return document


def _framed(canvas: Canvas, document: BaseDocTemplate) -> None:
    """Each page starts by drawing its frame's form, defined once the page count is known."""
    canvas.doForm(page_form(canvas.getPageNumber()))


def render_pdf(plan: Plan, story: list[Flowable], *, title: str, subject: str,
               frame: PageFrame, bottom: float = 22 * mm, book: bool = False) -> bytes:
    """Lay out ``story`` on the plan's paper, once; ``frame(canvas, page, pages)`` draws each
    page's header, footer and number once the total is known. A book's ``Outline`` marks
    become bookmarks, and its ``Contents`` page gets their page numbers when the last page is
    done. The form fields are given their embedded font here, except in a ``book``, whose
    borrowed pages are still to come: ``Borrowing.assemble`` does it once for the whole."""
    entries = [(mark.level, markup(mark.text), mark.key) for mark in story
               if isinstance(mark, Outline)]
    tables = [flowable for flowable in story if isinstance(flowable, Contents)]
    for table in tables:
        table.entries = entries
    pages: dict[str, int] = {}

    def finish(canvas: Canvas) -> None:
        for table in tables:
            table.fill_in(canvas, pages)

    buffer = io.BytesIO()
    document = _document(plan, buffer, title=title, subject=subject, bottom=bottom,
                         pages=pages)
    document.build(list(story), canvasmaker=_framed_canvas(frame, finish))
    return buffer.getvalue() if book else with_field_font(buffer.getvalue())


def _framed_canvas(frame: PageFrame, finish: Callable[[Canvas], None]) -> type[Canvas]:
    """A canvas that draws every page's frame once the page count is known, so each can say
    "Page X of Y": into the form ``page_form(page)`` each page drew first. Every ``PartMark``'s
    form is defined (empty), and ``finish`` draws whatever else had to wait for the end (a
    book's contents numbers)."""

    class FramedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.part_marks: set[str] = set()

        def save(self) -> None:
            pages = self.getPageNumber() - 1  # the page after the last one shown
            for page in range(1, pages + 1):
                self.beginForm(page_form(page))
                frame(self, page, pages)
                self.endForm()
            for name in sorted(self.part_marks):
                self.beginForm(name)
                self.endForm()
            finish(self)
            super().save()

    return FramedCanvas
