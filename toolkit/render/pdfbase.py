"""What every PDF shares: embedded fonts, safe text, paper, type sizes, reproducible documents.

User text reaches reportlab's Paragraph, which parses markup; ``markup()`` escapes it so that
``<img src=...>`` or ``&`` print literally, and switches to Noto Sans for characters Atkinson
Hyperlegible cannot draw. Documents are built with ``invariant=1`` so two builds are identical.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from toolkit import fonts
from toolkit.plan import Plan
from toolkit.theme import COLOURS, LARGE_PRINT, NORMAL_PRINT, Colours, PrintSizes

FONT = "Atkinson"
FONT_BOLD = "Atkinson-Bold"
FALLBACK = "NotoSans"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@cache
def register_fonts() -> frozenset[int]:
    """Register the bundled fonts once; return the code points the main font covers."""
    family = fonts.atkinson()
    pdfmetrics.registerFont(TTFont(FONT, str(family.regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(family.bold)))
    pdfmetrics.registerFont(TTFont("Atkinson-Italic", str(family.italic)))
    pdfmetrics.registerFont(TTFont("Atkinson-BoldItalic", str(family.bold_italic)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic="Atkinson-Italic",
                                  boldItalic="Atkinson-BoldItalic")
    pdfmetrics.registerFont(TTFont(FALLBACK, str(fonts.noto_sans().regular)))
    face = pdfmetrics.getFont(FONT).face
    return frozenset(face.charToGlyph)


def clean(text: str) -> str:
    """Drop characters a PDF string cannot carry (control characters)."""
    return _CONTROL.sub("", text)


def markup(text: str) -> str:
    """User text as safe Paragraph markup: escaped, with a fallback font where needed."""
    covered = register_fonts()
    parts: list[str] = []
    run: list[str] = []
    run_fallback = False
    for char in clean(text):
        fallback = ord(char) not in covered and not char.isspace()
        if run and fallback != run_fallback:
            parts.append(_run("".join(run), run_fallback))
            run = []
        run.append(char)
        run_fallback = fallback
    if run:
        parts.append(_run("".join(run), run_fallback))
    return "".join(parts)


def _run(text: str, fallback: bool) -> str:
    escaped = escape(text)
    return f'<font name="{FALLBACK}">{escaped}</font>' if fallback else escaped


def one_line(text: str, width: float, size: float) -> str:
    """Shorten a running header so it fits on one line within ``width``, ending in "…"."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = clean(text)
    if stringWidth(text, FONT, size) <= width:
        return text
    text = text[:int(width / (size * 0.25))]  # no glyph is narrower than a quarter em
    while text and stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def page_size(plan: Plan) -> tuple[float, float]:
    """Letter or A4, as the plan says."""
    width, height = A4 if plan.print.paper == "a4" else LETTER
    if plan.print.landscape:
        width, height = height, width
    return float(width), float(height)


def page_margin(plan: Plan) -> float:
    """Side margins: more generous in large print."""
    return float(20 * mm if plan.print.large_print else 18 * mm)


def sizes(plan: Plan) -> PrintSizes:
    """Type sizes for normal or large print."""
    return LARGE_PRINT if plan.print.large_print else NORMAL_PRINT


def colour(hex_value: str) -> HexColor:
    return HexColor("#" + hex_value)


@cache
def _styles(large: bool, palette: Colours) -> dict[str, ParagraphStyle]:
    register_fonts()
    size = LARGE_PRINT if large else NORMAL_PRINT
    body = ParagraphStyle("body", fontName=FONT, fontSize=size.body, leading=size.body * 1.4,
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


class WriteLines(Flowable):  # type: ignore[misc]
    """Ruled lines to write on, the full width of the text column."""

    def __init__(self, count: int, gap: float) -> None:
        super().__init__()
        self.count = count
        self.gap = gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.count * self.gap

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colour(COLOURS.rule))
        canvas.setLineWidth(0.7)
        for index in range(self.count):
            y = self.count * self.gap - (index + 1) * self.gap
            canvas.line(0, y, self.width, y)


class CheckOption(Flowable):  # type: ignore[misc]
    """An empty box to tick, followed by the option's text."""

    def __init__(self, text: str, style,  # type: ignore[no-untyped-def]
                 box_colour: str = COLOURS.primary) -> None:
        super().__init__()
        self.box_colour = box_colour
        self.paragraph = Paragraph(markup(text), style)
        self.box = style.fontSize * 1.05

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        indent = self.box + 8
        _, height = self.paragraph.wrap(available_width - indent, available_height)
        self.width, self.height = available_width, max(height, self.box) + 5
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colour(self.box_colour))
        canvas.setLineWidth(0.9)
        top = self.height - 5
        canvas.rect(0, top - self.box - 1, self.box, self.box, stroke=1, fill=0)
        self.paragraph.drawOn(canvas, self.box + 8, top - self.paragraph.height)


PageDecorator = Callable[[Canvas, BaseDocTemplate], None]
PageNumberer = Callable[[Canvas, int, int], None]


def _numbered_canvas(number: PageNumberer) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "Page X of Y"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for index, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                number(self, index, total)
                super().showPage()
            super().save()

    return NumberedCanvas


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


class _PageCount(Flowable):  # type: ignore[misc]
    """Asks for one more pass until the page count is stable, so pages can say "of Y"."""

    def __init__(self, state: dict[str, int]) -> None:
        super().__init__()
        self.state = state

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None

    def isIndexing(self) -> int:
        return 1

    def beforeBuild(self) -> None:
        self.state["previous"] = self.state.get("pages", 0)

    def afterBuild(self) -> None:
        return None

    def notify(self, kind: str, stuff: object) -> None:
        """Contents entries are for the contents page, not for the page count."""

    def isSatisfied(self) -> bool:
        return self.state.get("previous") == self.state.get("pages")


class _IndexedDocument(BaseDocTemplate):  # type: ignore[misc]
    """A document with a contents page and bookmarks, laid out in as many passes as needed."""

    def __init__(self, *args: object, state: dict[str, int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.state = state

    def afterPage(self) -> None:
        self.state["pages"] = self.page

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Outline):
            # The contents page draws entries as markup: the text must be escaped for it.
            self.notify("TOCEntry", (flowable.level, markup(flowable.text), self.page,
                                     flowable.key))


def contents(plan: Plan) -> Flowable:
    """A contents page filled in from the ``Outline`` marks of the document."""
    from reportlab.platypus.tableofcontents import TableOfContents

    style = styles(plan)
    from reportlab.platypus import TableStyle

    table = TableOfContents(dotsMinLevel=0)
    # The contents is a table; without a font its cells fall back to unembedded Helvetica.
    table.tableStyle = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *[(side, (0, 0), (-1, -1), 0) for side in
          ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")],
    ])
    table.levelStyles = [
        ParagraphStyle("contents-0", parent=style["body"], fontName=FONT_BOLD, spaceBefore=4),
        ParagraphStyle("contents-1", parent=style["body"], leftIndent=14, spaceBefore=0),
    ]
    return table


TOP_MARGIN = 22 * mm


def _document(plan: Plan, buffer: io.BytesIO, document_class: type[BaseDocTemplate], *,
              title: str, subject: str, on_page: PageDecorator, bottom: float,
              **extra: object) -> BaseDocTemplate:
    """A reproducible document on the plan's paper with one full-width frame: the one place
    every PDF gets its margins, metadata, invariant mode and embedded initial font."""
    register_fonts()
    width, height = page_size(plan)
    margin = page_margin(plan)
    document = document_class(
        buffer, pagesize=(width, height), leftMargin=margin, rightMargin=margin,
        topMargin=TOP_MARGIN, bottomMargin=bottom, title=title, author=plan.course.title,
        subject=subject, creator="Interdependence Workshop Toolkit", lang="en",
        invariant=1, initialFontName=FONT, initialFontSize=10, **extra,
    )
    frame = Frame(margin, bottom, width - 2 * margin, height - TOP_MARGIN - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    return document


def render_indexed_pdf(plan: Plan, story: list[Flowable], *, title: str, subject: str,
                       decorate: PageDecorator, number: PageNumberer,
                       bottom: float = 22 * mm) -> bytes:
    """Like ``render_pdf``, for books: bookmarks at each ``Outline``, a contents page, and
    "Page X of Y" from the previous layout pass."""
    state: dict[str, int] = {}

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        decorate(canvas, doc)
        number(canvas, doc.page, state.get("previous") or doc.page)

    buffer = io.BytesIO()
    document = _document(plan, buffer, _IndexedDocument, title=title, subject=subject,
                         on_page=on_page, bottom=bottom, state=state)
    document.multiBuild([_PageCount(state), *story], maxPasses=6)
    return buffer.getvalue()


def render_pdf(plan: Plan, story: list[Flowable], *, title: str, subject: str,
               decorate: PageDecorator, number: PageNumberer,
               bottom: float = 22 * mm) -> bytes:
    """Lay out ``story`` on the plan's paper; ``decorate(canvas, doc)`` draws header and footer,
    ``number(canvas, page, pages)`` the page number once the total is known."""
    buffer = io.BytesIO()
    document = _document(plan, buffer, BaseDocTemplate, title=title, subject=subject,
                         on_page=decorate, bottom=bottom)
    document.build(list(story), canvasmaker=_numbered_canvas(number))
    return buffer.getvalue()
