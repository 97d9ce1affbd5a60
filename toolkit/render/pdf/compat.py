"""The one place that uses reportlab's private parts, each with what it relies on.

- ``Paragraph``: reportlab's Paragraph, overriding its ``_setup`` (to skip the markup parser
  for plain text) and keeping its ``blPara`` and ``_wrapWidths`` between two ``wrap`` calls of
  the same width;
- ``text_cursor``: where an ``onDraw`` callback is (``_curr_tx_info``);
- ``pdf_document``, ``last_radio_widget``, ``shared_look``: the canvas's document (``_doc``), a
  radio group's widgets (``_radios``) and the acroform's shared looks (``_refMap``,
  ``_af_refstr``), for form fields;
- ``xobject_name``: how reportlab names a form in a page's resources (``xObjectName``), where
  a book finds a page's frame and marks.

If a reportlab release renames any of these, the byte-identical tests of the PDFs fail, and
``pyproject.toml`` bounds reportlab below its next major version so that is a deliberate step.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import xObjectName
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


def xobject_name(form: str) -> str:
    """The key under which a page's resources hold the form named ``form``
    (``pdfdoc.xObjectName``: reportlab's own naming, ``/FormXob.<name>``)."""
    name: str = xObjectName(form)
    return "/" + name
