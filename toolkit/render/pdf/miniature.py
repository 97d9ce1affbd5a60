"""One slide drawn small for the handouts: its title band, points, lead panel and picture,
fitted to the miniature with the one text fitter (``toolkit.textfit``): text shrinks down to a
floor, and what still does not fit is cut with an ellipsis, so nothing is ever drawn past the
miniature's frame."""


from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from toolkit import textfit
from toolkit.i18n import _
from toolkit.images import upright
from toolkit.plan import Plan
from toolkit.render.pdf.page import (
    colour,
)
from toolkit.render.pdf.text import (
    FACE,
    baseline_drop,
    clean,
    draw_line,
)
from toolkit.theme import Colours

SLIDE_SHARE = 0.55
"""Share of the text column's width a miniature takes in normal print; the notes lines get the
rest. In large print a slide takes the full width, one to a page, so its text stays at least
16 pt as large-print guidance asks."""
STEP = 0.5
"""How much the type shrinks per try while fitting."""
LEADING = 1.2
PICTURE_SHARE = 0.58
"""Share of a miniature's body the points keep when the slide has a picture."""


@dataclass(frozen=True)
class TypeScale:
    """Type sizes inside a miniature, in points: where fitting starts and its floor."""

    title: float
    title_min: float
    body: float
    body_min: float
    per_page: int
    share: float
    """Share of the column's width the miniature takes."""


NORMAL = TypeScale(title=13, title_min=9, body=10, body_min=7, per_page=3, share=SLIDE_SHARE)
LARGE = TypeScale(title=28, title_min=20, body=20, body_min=16, per_page=1, share=1.0)


def type_scale(plan: Plan) -> TypeScale:
    return LARGE if plan.print.large_print else NORMAL


@dataclass(frozen=True)
class HandoutSlide:
    """What one miniature shows. ``opening`` is the session's title slide."""

    title: str
    points: tuple[str, ...] = ()
    lead: str | None = None
    """Text shown in a shaded panel above the points (homework, the emergency line)."""
    lead_bold: bool = False
    picture: Path | None = None
    alt: str | None = None
    opening: bool = False
    kicker: tuple[str, ...] = field(default=())
    """On the title slide: the course title and the week label, above the session's title."""
    details: tuple[str, ...] = field(default=())
    """On the title slide: the group's name and the date and times, below the session's title."""


# ---- fitting text (with the one fitter, toolkit.textfit) --------------------------------------


@dataclass(frozen=True)
class Piece:
    """One paragraph to fit: its text and how it looks, relative to the size being tried."""

    text: str
    colour: str
    bold: bool = False
    bullet: str | None = None
    """The bullet's colour, for a point."""
    panel: str | None = None
    """The panel's colour, for a lead."""
    ratio: float = 1.0
    """Its size relative to the size being tried."""
    align: int = 0
    """0: from the left; 1: centred."""
    after: float = 0.35
    """The gap after it, as a share of the size being tried."""

    def pad(self, size: float) -> float:
        """Inset of a lead's panel around its text, at the piece's own ``size``."""
        return size * 0.45 if self.panel else 0.0

    def indent(self, size: float) -> float:
        """Room at the left of a point for its bullet."""
        return size * 1.1 if self.bullet is not None else 0.0

    def text_width(self, width: float, size: float) -> float:
        """The width its lines wrap to in a box ``width`` wide."""
        return width - 2 * self.pad(size) - self.indent(size)

    def height(self, lines: Sequence[str], size: float) -> float:
        return len(lines) * size * LEADING + 2 * self.pad(size)


@dataclass
class Placed:
    """A fitted paragraph: its lines at ``size``, from ``top`` (down from the top of its box),
    ``height`` tall."""

    piece: Piece
    lines: tuple[str, ...]
    size: float
    top: float
    height: float
    cut: bool = False
    """Whether its text was cut short (and the pieces after it left out)."""


def _wrapped(piece: Piece, text: str, size: float, width: float) -> tuple[str, ...]:
    return tuple(textfit.wrap(text, piece.text_width(width, size), size, piece.bold,
                              face=FACE))


def fit(pieces: Sequence[Piece], width: float, height: float, largest: float,
        smallest: float) -> list[Placed]:
    """Stack ``pieces`` in a box: the largest size from ``largest`` down to ``smallest`` at which
    they all fit; at the floor, the piece that does not fit is cut with an ellipsis and the
    ones after it are left out."""
    size = largest
    while True:
        placed = _stack(pieces, width, height, size)
        if placed is not None:
            return placed
        if size - STEP < smallest - 1e-6:
            return _cut_to_fit(pieces, width, height, smallest)
        size -= STEP


def _stack(pieces: Sequence[Piece], width: float, height: float,
           size: float) -> list[Placed] | None:
    placed: list[Placed] = []
    top = 0.0
    for piece in pieces:
        if placed:
            top += placed[-1].piece.after * size
        own = piece.ratio * size
        lines = _wrapped(piece, clean(piece.text), own, width)
        needed = piece.height(lines, own)
        if top + needed > height + 1e-6:
            return None
        placed.append(Placed(piece, lines, own, top, needed))
        top += needed
    return placed


def _cut_to_fit(pieces: Sequence[Piece], width: float, height: float,
                size: float) -> list[Placed]:
    placed: list[Placed] = []
    top = 0.0
    for piece in pieces:
        start = top + (placed[-1].piece.after * size if placed else 0.0)
        own = piece.ratio * size
        lines = _wrapped(piece, clean(piece.text), own, width)
        needed = piece.height(lines, own)
        if start + needed <= height + 1e-6:
            placed.append(Placed(piece, lines, own, start, needed))
            top = start + needed
            continue
        room_lines = int((height - start - 2 * piece.pad(own) + 1e-6) // (own * LEADING))
        if room_lines >= 1:
            short = textfit.shorten(clean(piece.text), piece.text_width(width, own), own,
                                    piece.bold, max_lines=room_lines, face=FACE)
            lines = _wrapped(piece, short, own, width)
            placed.append(Placed(piece, lines, own, start, piece.height(lines, own), cut=True))
        elif placed:
            placed[-1].cut = True
        break
    return placed


def draw_placed(canvas: Canvas, item: Placed, x: float, top: float, width: float) -> None:
    """A fitted paragraph, its box's top-left corner at ``x``, ``top``: panel, bullet, lines."""
    piece, size = item.piece, item.size
    pad, indent = piece.pad(size), piece.indent(size)
    if piece.panel:
        canvas.setFillColor(colour(piece.panel))
        canvas.rect(x, top - item.height, width, item.height, stroke=0, fill=1)
    room = piece.text_width(width, size)
    line_top = top - pad
    for index, line in enumerate(item.lines):
        baseline = line_top - baseline_drop(size, size * LEADING, piece.bold)
        if index == 0 and piece.bullet is not None:
            canvas.setFillColor(colour(piece.bullet))
            draw_line(canvas, x + pad + size * 0.1, baseline, "•", size)
        shift = (room - textfit.text_width(line, size, piece.bold, face=FACE)) / 2 \
            if piece.align == 1 else 0.0
        canvas.setFillColor(colour(piece.colour))
        draw_line(canvas, x + pad + indent + shift, baseline, line, size, bold=piece.bold)
        line_top -= size * LEADING


class Miniature:
    """One slide drawn small, inside a frame it never draws past."""

    def __init__(self, plan: Plan, slide: HandoutSlide, width: float, height: float) -> None:
        self.plan = plan
        self.slide = slide
        self.width = width
        self.height = height
        self.scale = type_scale(plan)
        self.colours: Colours = plan.colours
        self.margin = width * 0.05

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        colours = self.colours
        canvas.translate(x, y)
        path = canvas.beginPath()
        path.rect(0, 0, self.width, self.height)
        canvas.clipPath(path, stroke=0, fill=0)
        fill = colours.primary if self.slide.opening else colours.background
        canvas.setFillColor(colour(fill))
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.slide.opening:
            self._opening(canvas)
        else:
            self._content(canvas)
        canvas.setStrokeColor(colour(colours.rule))
        canvas.setLineWidth(1)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)

    # -- the title slide

    def _opening(self, canvas: Canvas) -> None:
        slide, colours, scale = self.slide, self.colours, self.scale
        margin = self.margin * 1.4
        width = self.width - 2 * margin
        # Large print keeps the lines' sizes closer together, so the smallest stays 16 pt.
        small, week, title, detail = (0.8, 0.9, 1.2, 0.8) if scale.per_page == 1 else \
            (0.62, 0.85, 1.35, 0.7)
        pieces = [Piece(slide.kicker[0], colours.light, ratio=small),
                  Piece(slide.kicker[1], colours.light, bold=True, ratio=week),
                  Piece(slide.title, colours.background, bold=True, ratio=title, after=1.1)]
        pieces += [Piece(text, colours.light, ratio=detail) for text in slide.details]
        room = self.height - 2 * margin
        smallest_ratio = min(piece.ratio for piece in pieces)
        # The smallest line (the course's name) may not fall below the body's floor: 16 pt in
        # large print.
        floor = max(scale.title_min * 0.8, scale.body_min / smallest_ratio)
        placed = fit(pieces, width, room, max(scale.title, floor), floor)
        used = placed[-1].top + placed[-1].height if placed else 0.0
        top = self.height - margin - max(0.0, (room - used) / 2)
        for index, item in enumerate(placed):
            draw_placed(canvas, item, margin, top - item.top, width)
            if index == 2:  # the short warm bar under the session's title
                bar = top - item.top - item.height - item.size * 0.35
                canvas.setFillColor(colour(colours.accent))
                canvas.rect(margin, bar - 2.5, self.width * 0.1, 2.5, stroke=0, fill=1)

    # -- every other slide

    def _band_height(self) -> float:
        inner = 2 * self.scale.title_min * LEADING
        return max(self.height * 0.22, inner + 2 * self.height * 0.04)

    def _content(self, canvas: Canvas) -> None:
        slide, colours, scale = self.slide, self.colours, self.scale
        band = self._band_height()
        canvas.setFillColor(colour(colours.primary))
        canvas.rect(0, self.height - band, self.width, band, stroke=0, fill=1)
        canvas.setFillColor(colour(colours.accent))
        canvas.rect(self.margin, self.height - band - 2.5, self.width * 0.1, 2.5, stroke=0,
                    fill=1)
        pad = self.height * 0.04
        title_room = band - 2 * pad
        title = fit([Piece(slide.title, colours.background, bold=True)],
                    self.width - 2 * self.margin, title_room, scale.title, scale.title_min)
        if title:
            used = title[0].height
            draw_placed(canvas, title[0], self.margin, self.height - (band - used) / 2,
                        self.width - 2 * self.margin)

        body_top = self.height - band - 2.5 - self.height * 0.06
        body_height = body_top - self.height * 0.05
        body_width = self.width - 2 * self.margin
        pictured = slide.picture is not None or slide.alt is not None
        points_width = body_width * PICTURE_SHARE if pictured else body_width
        lead: list[Piece] = []
        if slide.lead:
            lead.append(Piece(slide.lead, colours.text, bold=slide.lead_bold,
                              panel=colours.light))
        pieces = lead + [Piece(point, colours.text, bullet=colours.primary)
                         for point in slide.points]
        placed = fit(pieces, points_width, body_height, scale.body, scale.body_min)
        for item in placed:
            draw_placed(canvas, item, self.margin, body_top - item.top, points_width)
        if pictured:
            gap = body_width * 0.04
            box = (self.margin + points_width + gap, self.height * 0.05,
                   body_width - points_width - gap, body_height)
            self._picture(canvas, box)

    def _picture(self, canvas: Canvas, box: tuple[float, float, float, float]) -> None:
        """The slide's picture scaled into ``box``, or a framed box with its alt text when the
        picture cannot be read."""
        x, y, width, height = box
        slide = self.slide
        if slide.picture is not None:
            try:
                picture = upright(slide.picture)
                reader = ImageReader(picture.stream())
            except (OSError, ValueError):
                picture = None
            if picture is not None:
                ratio = min(width / picture.width, height / picture.height)
                shown_w, shown_h = picture.width * ratio, picture.height * ratio
                canvas.drawImage(reader, x + (width - shown_w) / 2, y + height - shown_h,
                                 shown_w, shown_h, mask="auto")
                return
        canvas.setFillColor(colour(self.colours.light))
        canvas.setStrokeColor(colour(self.colours.rule))
        canvas.rect(x, y, width, height, stroke=1, fill=1)
        pad = width * 0.08
        placed = fit([Piece(_("Picture: {alt}").format(alt=slide.alt or ""), self.colours.muted,
                            align=1)],
                     width - 2 * pad, height - 2 * pad, self.scale.body_min,
                     self.scale.body_min)
        used = placed[-1].top + placed[-1].height if placed else 0.0
        top = y + height - pad - (height - 2 * pad - used) / 2
        for item in placed:
            draw_placed(canvas, item, x + pad, top - item.top, width - 2 * pad)

