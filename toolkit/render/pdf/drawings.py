"""The toolkit's drawings (``assets/drawings/*.svg``) placed on a page as vector graphics.

svglib reads an SVG into reportlab shapes, so a drawing prints as sharp lines at any size and
any zoom, not as a picture of pixels. Its words are set in the document's own embedded font at
the size of the body text, whatever size the drawing is printed at, so that they stay readable
and no viewer has to substitute a font. Its words are in the language being drawn in (the
SVG's English, through the catalogs: ``toolkit.assets.drawing_words``).
"""

from __future__ import annotations

import copy
import math
from functools import cache

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing as Shapes
from reportlab.graphics.shapes import Group, Rect, String
from reportlab.lib.colors import white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from toolkit.assets import drawing_path, drawing_words
from toolkit.render.pdf.text import FONT


@cache
def lines_share(name: str) -> float:
    """What part of the drawing's height, from its top, writing lines beside it take (the
    SVG's ``data-lines-share``; all of it if the SVG does not say): a ladder's rails stand on
    below its lowest rung, which meets the last line."""
    from lxml import etree  # here: only a session with a drawing needs it

    root = etree.parse(str(drawing_path(name))).getroot()
    share = float(root.get("data-lines-share", "1"))
    return share if 0 < share <= 1 else 1.0


@cache
def _shapes(name: str) -> Shapes:
    from svglib.svglib import svg2rlg  # here: only a session with a drawing needs it

    shapes = svg2rlg(str(drawing_path(name)))
    if shapes is None:
        raise ValueError(f"the drawing '{name}' could not be read")
    return shapes


def _words(group: Group, scale: float = 1.0) -> list[tuple[Group, String, float]]:
    """Every piece of text in the drawing, with the group holding it and the scale its groups
    draw it at (svglib turns an SVG's pixels into points by scaling its outer group to three
    quarters)."""
    found: list[tuple[Group, String, float]] = []
    for shape in getattr(group, "contents", ()):
        if isinstance(shape, String):
            found.append((group, shape, scale))
        else:
            a, b, c, d, *_ = getattr(shape, "transform", (1, 0, 0, 1, 0, 0))
            found += _words(shape, scale * math.sqrt(abs(a * d - b * c)))
    return found


def _ground(word: String) -> Rect:
    """A white patch behind a word, so that no line of the drawing runs through it."""
    width = stringWidth(word.text, word.fontName, word.fontSize) + word.fontSize * 0.6
    left = {"middle": word.x - width / 2, "end": word.x - width}.get(
        word.textAnchor, word.x - word.fontSize * 0.3)
    return Rect(left, word.y - word.fontSize * 0.35, width, word.fontSize * 1.3,
                fillColor=white, strokeColor=None)


class Figure(Flowable):  # type: ignore[misc]
    """One drawing, ``height`` points tall (its width follows its proportions), with its words
    at ``font_size`` points; centred in the column when ``centred``."""

    def __init__(self, name: str, height: float, font_size: float, *,
                 centred: bool = True) -> None:
        super().__init__()
        self.shapes = copy.deepcopy(_shapes(name))
        self.scale = height / self.shapes.height
        self.draw_width = self.shapes.width * self.scale
        self.draw_height = height
        self.centred = centred
        self.shapes.initialFontName = FONT  # else reportlab starts every drawing in Helvetica,
        # which the PDF would then list as a font it does not embed
        for group, piece, inner in _words(self.shapes):
            piece.text = drawing_words(piece.text)
            piece.fontName = FONT
            piece.fontSize = font_size / (self.scale * inner)
            group.contents.insert(group.contents.index(piece), _ground(piece))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width if self.centred else self.draw_width
        return self.width, self.draw_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate((self.width - self.draw_width) / 2 if self.centred else 0, 0)
        canvas.scale(self.scale, self.scale)
        renderPDF.draw(self.shapes, canvas, 0, 0)
        canvas.restoreState()
