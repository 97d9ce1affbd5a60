"""What members write in and tick: ruled lines, tick boxes and table cells, each also a PDF form
field, so a sheet can be filled in on a screen as well as on paper.

Fields are drawn on screen from their own appearance streams: no border, no background, empty
until filled, so a printed blank form looks exactly like the page beneath.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDictionary
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from toolkit.render.pdf.compat import Paragraph, last_radio_widget, pdf_document, shared_look
from toolkit.render.pdf.page import colour
from toolkit.render.pdf.text import clean, markup
from toolkit.theme import COLOURS

# Form fields. They are drawn on screen from their own appearance streams: no border, no
# background, empty until filled, so a printed blank form looks exactly like the page beneath.
# Field appearance text uses Helvetica (reportlab's form fields take only the standard 14 fonts).


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
    document = pdf_document(canvas)
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
    widget = last_radio_widget(canvas, form, group)
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
    return shared_look(form, xobject)
