"""What every PDF shares: embedded fonts, safe text, paper, type sizes, reproducible documents.

User text reaches reportlab's Paragraph, which parses markup; ``markup()`` escapes it so that
``<img src=...>`` or ``&`` print literally, and switches to Noto Sans for characters Atkinson
Hyperlegible cannot draw. Documents are built with ``invariant=1`` so two builds are identical.
"""

from __future__ import annotations

import io
import re
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus import Paragraph as _MarkupParagraph
from reportlab.platypus.paraparser import ParaParser

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


class Paragraph(_MarkupParagraph):  # type: ignore[misc]
    """reportlab's Paragraph, without running the markup parser on text that has no markup.

    Nine in ten of the paragraphs in a course are plain text (no ``<`` and no ``&``): for those
    the parser's answer is always one fragment carrying the style, so the fragment it made for
    the style once is copied with the new text. Everything drawn is exactly what the parser
    would have produced (the PDFs are byte-identical); parsing was an eighth of drawing them.
    """

    def _setup(self, text: object, style: ParagraphStyle, bulletText: object,
               frags: object, cleaner: Callable[[str], str]) -> None:
        if frags is None and isinstance(text, str) and "<" not in text and "&" not in text \
                and not getattr(style, "textTransform", None):
            cleaned = cleaner(text)
            if cleaned:
                super()._setup(cleaned, style, bulletText, [_style_fragment(style).clone(
                    text=cleaned)], cleaner)
                return
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the lines once per width: platypus often asks twice (to keep things together,
        then to place them), and a paragraph's lines depend on nothing but the width."""
        last = self.__dict__.get("_last_wrap")
        if last is not None and last[0] == availWidth and self.__dict__.get("blPara") is last[1]:
            _, _, widths, height = last
            self.width, self._wrapWidths, self.height = availWidth, list(widths), height
            return availWidth, height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if "blPara" in self.__dict__:
            self._last_wrap = (availWidth, self.blPara, list(self._wrapWidths), self.height)
        return size

    def draw(self) -> None:
        self.__dict__.pop("_last_wrap", None)  # drawing may change the lines: break them again
        super().draw()


_FRAGMENTS: weakref.WeakKeyDictionary[ParagraphStyle, object] = weakref.WeakKeyDictionary()


def _style_fragment(style: ParagraphStyle) -> Any:
    """The fragment reportlab's parser makes for a plain word in ``style``."""
    fragment = _FRAGMENTS.get(style)
    if fragment is None:
        _, fragments, _ = ParaParser().parse("x", style)
        fragment = _FRAGMENTS[style] = fragments[0]
    return fragment


def clean(text: str) -> str:
    """Drop characters a PDF string cannot carry (control characters)."""
    return _CONTROL.sub("", text)


def markup(text: str) -> str:
    """User text as safe Paragraph markup: escaped, with a fallback font where needed."""
    text = clean(text)
    if _drawable().issuperset(text):  # the usual case, decided without a loop in Python
        return escape(text)
    covered = register_fonts()
    parts: list[str] = []
    run: list[str] = []
    run_fallback = False
    for char in text:
        fallback = ord(char) not in covered and not char.isspace()
        if run and fallback != run_fallback:
            parts.append(_run("".join(run), run_fallback))
            run = []
        run.append(char)
        run_fallback = fallback
    if run:
        parts.append(_run("".join(run), run_fallback))
    return "".join(parts)


@cache
def _drawable() -> frozenset[str]:
    """The characters the main font draws."""
    return frozenset(map(chr, register_fonts()))


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
    """Ruled lines to write on, the full width of the text column; with a ``field_name``, also
    a multi-line text field over the lines, to type into on a screen (invisible on paper)."""

    def __init__(self, count: int, gap: float, field_name: str | None = None, *,
                 font_size: float = 11.5, text_colour: str = COLOURS.text,
                 tooltip: str = "") -> None:
        super().__init__()
        self.count = count
        self.gap = gap
        self.field_name = field_name
        self.font_size = font_size
        self.text_colour = text_colour
        self.tooltip = tooltip

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
        if self.field_name:
            text_field(canvas, self.field_name, 0, 0, self.width, self.count * self.gap,
                       font_size=self.font_size, text_colour=self.text_colour,
                       multiline=True, tooltip=self.tooltip)


class CheckOption(Flowable):  # type: ignore[misc]
    """An empty box to tick, followed by the option's text; with a ``field_name``, the box is
    also a check box to tick on a screen (invisible on paper until ticked)."""

    def __init__(self, text: str, style,  # type: ignore[no-untyped-def]
                 box_colour: str = COLOURS.primary, *, field_name: str | None = None,
                 text_colour: str = COLOURS.text) -> None:
        super().__init__()
        self.box_colour = box_colour
        self.text = text
        self.paragraph = Paragraph(markup(text), style)
        self.box = style.fontSize * 1.05
        self.field_name = field_name
        self.text_colour = text_colour

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
        if self.field_name:
            check_box(canvas, self.field_name, 0, top - self.box - 1, self.box,
                      text_colour=self.text_colour, tooltip=self.text)


class FieldBox(Flowable):  # type: ignore[misc]
    """A single-line text field filling the room it is given (at most ``height`` high), for
    the blank cells of a table: draws nothing on paper."""

    def __init__(self, field_name: str, height: float, *, font_size: float = 11.5,
                 text_colour: str = COLOURS.text, tooltip: str = "") -> None:
        super().__init__()
        self.field_name = field_name
        self.most = height
        self.font_size = font_size
        self.text_colour = text_colour
        self.tooltip = tooltip

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, min(available_height, self.most)
        return self.width, self.height

    def draw(self) -> None:
        text_field(self.canv, self.field_name, 0, 0, self.width, self.height,
                   font_size=self.font_size, text_colour=self.text_colour,
                   tooltip=self.tooltip)


# Form fields. They are drawn on screen from their own appearance streams: no border, no
# background, empty until filled, so a printed blank form looks exactly like the page beneath.
# Field appearance text uses Helvetica (reportlab's form fields take only the standard 14 fonts).

_FIELD_NAMES: weakref.WeakKeyDictionary[Canvas, set[str]] = weakref.WeakKeyDictionary()


def unique_field_name(canvas: Canvas, name: str) -> str:
    """``name``, or ``name-2``, ``name-3``… if the document already has a field so named; the
    same sheet can appear twice in a book. (A "." would nest fields, so it becomes "-".)"""
    taken = _FIELD_NAMES.setdefault(canvas, set())
    base = clean(name).replace(".", "-") or "field"
    unique, count = base, 1
    while unique in taken:
        count += 1
        unique = f"{base}-{count}"
    taken.add(unique)
    return unique


@contextmanager
def _on_this_page(canvas: Canvas) -> Iterator[None]:
    """Fields record the page they are on (``/P``) from the document's page counter, which a
    canvas that holds pages back (for "Page X of Y") has not advanced yet: point it at the
    page being drawn."""
    document = canvas._doc
    counter = document.pageCounter
    document.pageCounter = canvas.getPageNumber()
    try:
        yield
    finally:
        document.pageCounter = counter


def text_field(canvas: Canvas, name: str, x: float, y: float, width: float, height: float, *,
               font_size: float, text_colour: str = COLOURS.text, multiline: bool = False,
               tooltip: str = "") -> str:
    """An invisible text field at ``x, y`` in the current coordinates; returns its name."""
    unique = unique_field_name(canvas, name)
    with _on_this_page(canvas):
        canvas.acroForm.textfield(
            name=unique, tooltip=clean(tooltip) or None, x=x, y=y, width=width, height=height,
            relative=True, borderWidth=0, borderColor=None, fillColor=None,
            textColor=colour(text_colour), fontName="Helvetica", fontSize=round(font_size),
            fieldFlags="multiline" if multiline else "", maxlen=None)
    return unique


def check_box(canvas: Canvas, name: str, x: float, y: float, size: float, *,
              text_colour: str = COLOURS.text, tooltip: str = "") -> str:
    """An invisible check box (a tick when ticked) at ``x, y``; returns its name."""
    unique = unique_field_name(canvas, name)
    with _on_this_page(canvas):
        _remember_looks(canvas.acroForm).checkbox(
            name=unique, tooltip=clean(tooltip) or None, x=x, y=y, size=size, relative=True,
            buttonStyle="check", shape="square", borderWidth=0, borderColor=None,
            fillColor=None, textColor=colour(text_colour), fieldFlags="")
    return unique


def radio_button(canvas: Canvas, group: str, value: str, x: float, y: float, size: float, *,
                 ring_colour: str = COLOURS.text, tooltip: str = "") -> None:
    """One button of the radio group ``group`` (name it with ``unique_field_name`` first):
    invisible until chosen, then a ring drawn around what lies beneath, so a number stays
    readable."""
    form = _remember_looks(canvas.acroForm)
    with _on_this_page(canvas):
        form.radio(name=group, value=value, tooltip=clean(tooltip) or None, x=x, y=y,
                   size=size, relative=True, buttonStyle="circle", shape="circle",
                   borderWidth=0, borderColor=None, fillColor=None,
                   textColor=colour(ring_colour), fieldFlags="radio")
    # reportlab's chosen look is a filled dot that would hide the number: use a ring instead.
    widget = canvas._doc.idToObject[form._radios[group].kids[-1].name]
    states = PDFDictionary({value: _appearance(form, size, _ring(size, ring_colour)),
                            "Off": _appearance(form, size, "")})
    widget["AP"] = PDFDictionary({"N": states, "D": states})


def _remember_looks(form: Any) -> Any:
    """``form``, made to draw each distinct button look once. reportlab draws the four looks
    (on and off, normal and pressed) of every check box and radio button afresh and only then
    notices it already has an identical one; a workbook has hundreds of buttons that all look
    alike. The looks it returns are the very objects it would have matched, so the PDF is
    the same byte for byte."""
    if "checkboxAP" not in vars(form):
        draw = form.checkboxAP
        looks: dict[str, object] = {}

        def remembered(*args: object, **kwargs: object) -> object:
            key = repr((args, sorted(kwargs.items())))
            if key not in looks:
                looks[key] = draw(*args, **kwargs)
            return looks[key]

        form.checkboxAP = remembered
    return form


def _ring(size: float, hex_value: str) -> str:
    """PDF operators for a circle inside a ``size`` square, stroked in ``hex_value``."""
    red, green, blue = (int(hex_value[index:index + 2], 16) / 255 for index in (0, 2, 4))
    line = max(size * 0.06, 1.2)
    radius = size * 0.4 - line / 2
    centre = size / 2
    k = 0.5523 * radius
    points = [
        f"{centre + radius:.2f} {centre:.2f} m",
        f"{centre + radius:.2f} {centre + k:.2f} {centre + k:.2f} {centre + radius:.2f} "
        f"{centre:.2f} {centre + radius:.2f} c",
        f"{centre - k:.2f} {centre + radius:.2f} {centre - radius:.2f} {centre + k:.2f} "
        f"{centre - radius:.2f} {centre:.2f} c",
        f"{centre - radius:.2f} {centre - k:.2f} {centre - k:.2f} {centre - radius:.2f} "
        f"{centre:.2f} {centre - radius:.2f} c",
        f"{centre + k:.2f} {centre - radius:.2f} {centre + radius:.2f} {centre - k:.2f} "
        f"{centre + radius:.2f} {centre:.2f} c",
    ]
    return "\n".join([f"q {red:.3f} {green:.3f} {blue:.3f} RG {line:.2f} w", *points, "s Q"])


def _appearance(form, size: float, stream: str):  # type: ignore[no-untyped-def]
    """A form XObject for a widget's look, shared between widgets that look the same."""
    from reportlab.pdfbase.acroform import PDFFromString

    xobject = form.makeStream(size, size, stream or "q Q",
                              Resources=PDFFromString("<< /ProcSet [/PDF] >>"))
    key = xobject._af_refstr
    if key not in form._refMap:
        form._refMap[key] = form.getRef(xobject)
    return form._refMap[key]


PageDecorator = Callable[[Canvas, BaseDocTemplate], None]
PageNumberer = Callable[[Canvas, int, int], None]


def labelled_numbers(plan: Plan, width: float, label: str) -> PageNumberer:
    """A private document's footer: a bold label on the left, "Page X of Y" on the right."""
    margin = page_margin(plan)

    def number(canvas: Canvas, page: int, pages: int) -> None:
        canvas.setFont(FONT_BOLD, sizes(plan).small)
        canvas.setFillColor(colour(COLOURS.muted))
        canvas.drawString(margin, 10 * mm, label)
        canvas.drawRightString(width - margin, 10 * mm, f"Page {page} of {pages}")

    return number


def _numbered_canvas(number: PageNumberer, finish: Callable[[Canvas], None]) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "Page X of Y";
    ``finish`` draws whatever else had to wait for the end (a book's contents numbers)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, object]] = []
            self.bookmarks: list[tuple[str, str, int]] = []
            """This page's ``Outline`` marks: a bookmark names the page it is made on, which
            exists only once the page is really shown."""

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self.bookmarks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for index, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                for key, text, level in self.bookmarks:
                    self.bookmarkPage(key)
                    self.addOutlineEntry(text, key, level=level, closed=False)
                number(self, index, total)
                super().showPage()
            finish(self)
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
        self.canv.bookmarks.append((self.key, self.text, self.level))


class Contents(Flowable):  # type: ignore[misc]
    """The contents page, laid out in the same single pass as the rest of the book.

    Its entries (the book's ``Outline`` marks) are known before layout; only their page
    numbers are not. Each entry's dot leader and number are therefore drawn as a named PDF
    form that is filled in once the book is finished (``fill_in``, called by ``render_pdf``).
    """

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        style = styles(plan)
        self.level_styles = [
            ParagraphStyle("contents-0", parent=style["body"], fontName=FONT_BOLD,
                           spaceBefore=4),
            ParagraphStyle("contents-1", parent=style["body"], leftIndent=14, spaceBefore=0),
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
        for level, text, key in self.entries:
            style = self._style(level)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            rows.append([Paragraph(f'<a href="#{key}">{text}</a>'
                                   f'<onDraw name="contents_leader" label="{key}"/>', style)])
        # Without a font the table's cells fall back to unembedded Helvetica.
        self._table = Table(rows or [[""]], colWidths=(available_width,), style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
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
        levels = {key: level for level, _, key in self.entries}

        def leader(canvas: Canvas, kind: str, key: str) -> None:
            style = self._style(levels[key])
            x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
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


TOP_MARGIN = 22 * mm


def _document(plan: Plan, buffer: io.BytesIO, *, title: str, subject: str,
              on_page: PageDecorator, bottom: float, pages: dict[str, int]) -> _Document:
    """A reproducible document on the plan's paper with one full-width frame: the one place
    every PDF gets its margins, metadata, invariant mode and embedded initial font."""
    register_fonts()
    width, height = page_size(plan)
    margin = page_margin(plan)
    document = _Document(
        buffer, pagesize=(width, height), leftMargin=margin, rightMargin=margin,
        topMargin=TOP_MARGIN, bottomMargin=bottom, title=title, author=plan.course.title,
        subject=subject, creator="Interdependence Workshop Toolkit", lang="en",
        invariant=1, initialFontName=FONT, initialFontSize=10, pages=pages,
    )
    frame = Frame(margin, bottom, width - 2 * margin, height - TOP_MARGIN - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    return document


def render_pdf(plan: Plan, story: list[Flowable], *, title: str, subject: str,
               decorate: PageDecorator, number: PageNumberer,
               bottom: float = 22 * mm) -> bytes:
    """Lay out ``story`` on the plan's paper, once; ``decorate(canvas, doc)`` draws header and
    footer, ``number(canvas, page, pages)`` the page number once the total is known. A book's
    ``Outline`` marks become bookmarks, and its ``Contents`` page gets their page numbers when
    the last page is done."""
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
    document = _document(plan, buffer, title=title, subject=subject, on_page=decorate,
                         bottom=bottom, pages=pages)
    document.build(list(story), canvasmaker=_numbered_canvas(number, finish))
    return buffer.getvalue()
