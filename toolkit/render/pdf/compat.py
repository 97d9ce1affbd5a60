"""The one place that uses reportlab's private parts, each with what it relies on.

- ``Paragraph``: reportlab's Paragraph, overriding its ``_setup`` (to skip the markup parser
  for plain text) and keeping its ``blPara`` and ``_wrapWidths`` between two ``wrap`` calls of
  the same width;
- ``numbered_canvas``: pages held back until the end ("Page X of Y") by saving the canvas's
  ``__dict__`` and starting the next page with ``_startPage``;
- ``text_cursor``: where an ``onDraw`` callback is (``_curr_tx_info``);
- ``pdf_document``, ``last_radio_widget``, ``shared_look``: the canvas's document (``_doc``), a
  radio group's widgets (``_radios``) and the acroform's shared looks (``_refMap``,
  ``_af_refstr``), for form fields.

If a reportlab release renames any of these, the byte-identical tests of the PDFs fail, and
``pyproject.toml`` bounds reportlab below its next major version so that is a deliberate step.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as _MarkupParagraph
from reportlab.platypus.paraparser import ParaParser


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


def text_cursor(canvas: Canvas) -> tuple[float, float]:
    """Where the text being drawn has got to (``_curr_tx_info``), for an ``onDraw`` callback."""
    return canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]


def pdf_document(canvas: Canvas) -> Any:
    """The PDF document a canvas writes to (``_doc``): fields take their page from its page
    counter."""
    return canvas._doc


def last_radio_widget(canvas: Canvas, form: Any, group: str) -> Any:
    """The widget of the button just added to the radio group ``group`` (``_radios``)."""
    return canvas._doc.idToObject[form._radios[group].kids[-1].name]


def shared_look(form: Any, xobject: Any) -> Any:
    """A reference to ``xobject``, shared with any identical look drawn before (the form's
    ``_refMap``, keyed by the stream's ``_af_refstr``, as reportlab's own looks are)."""
    key = xobject._af_refstr
    if key not in form._refMap:
        form._refMap[key] = form.getRef(xobject)
    return form._refMap[key]


def numbered_canvas(number: Callable[[Canvas, int, int], None],
                    finish: Callable[[Canvas], None]) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say "Page X of Y";
    ``finish`` draws whatever else had to wait for the end (a book's contents numbers)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        # The pages are held back by saving the canvas's whole state (``__dict__``) and
        # starting a fresh page with ``_startPage``, as reportlab's own "Page X of Y" recipe
        # does.
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
