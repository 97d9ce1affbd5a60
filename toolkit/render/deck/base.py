"""What a deck is drawn on: python-pptx's default masters, or a group's template made ready.

A template's clean package (``toolkit.template``) is opened with python-pptx, its masters and
layouts are scaled to the decks' 960 x 540 pt, the layouts of the title slide and of content
slides are chosen, and a trial deck is drawn on them and saved: whatever python-pptx cannot do
with the template shows here, at ``toolkit check``, as a message, not in the middle of a build.
The result is kept per process by the file's content (a build draws eight or more decks from
one template, in each worker). python-pptx is imported only inside these functions, so a check
without a template never loads it.
"""

from __future__ import annotations

import gc
import hashlib
import io
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.files import Unreadable, read_limited
from toolkit.images import MAX_BYTES
from toolkit.ooxml import MASTER_VIEW, TemplateError, damaged
from toolkit.template import clean_package
from toolkit.template_package import Clean


@dataclass(frozen=True)
class Prepared:
    """A template ready to build decks on."""

    package: bytes
    """A .pptx python-pptx opens: the template's masters, layouts, themes and their pictures
    at 960 x 540 pt, with no slides."""
    title_layout: int
    content_layout: int
    """Places in the first master's layouts."""
    warnings: tuple[tuple[str, str], ...] = ()
    """(message, hint) for what was left out of the decks."""


@dataclass(frozen=True)
class Base:
    """What a deck is drawn on: the deck, and the layouts of its title and other slides."""

    deck: Any
    title_layout: Any
    content_layout: Any


_PREPARED: OrderedDict[str, Prepared] = OrderedDict()
_KEEP = 4
"""Templates kept ready per process: a build of many groups uses a few at a time."""


def prepare(path: Path) -> Prepared:
    """The template in ``path``, read, cleaned, scaled and tried: raises ``TemplateError``
    with a message for the group file when it cannot be used. Kept per process by content."""
    try:
        data = read_limited(path, MAX_BYTES)
    except Unreadable as error:
        raise TemplateError(error.describe("the template file"),
                            "Check the path, and that the file is a .pptx saved by "
                            "PowerPoint.", path) from None
    key = hashlib.sha256(data).hexdigest()
    ready = _PREPARED.get(key)
    if ready is None:
        try:
            ready = _ready(clean_package(data))
        except TemplateError as error:
            error.path = path
            raise
        _PREPARED[key] = ready
        while len(_PREPARED) > _KEEP:
            _PREPARED.popitem(last=False)
    _PREPARED.move_to_end(key)
    return ready


def _ready(clean: Clean) -> Prepared:
    """Open the clean package with python-pptx, scale it to the decks' size, choose the
    layouts, and draw a trial deck on them. Everything python-pptx raises about the template's
    content becomes a ``TemplateError``."""
    try:
        ready = _scaled(clean)
        _free_decks()
        _trial(ready)
        _free_decks()
    except TemplateError:
        raise
    except MemoryError:
        raise  # the limits above should make this impossible: a fault of the toolkit
    except Exception as error:
        # python-pptx raises whatever its XML access meets (AttributeError on a missing
        # element, ValueError on a bad number, KeyError on a missing part...): with the
        # template's content checked above, any of them means a part PowerPoint would repair.
        raise damaged("its slide masters or layouts cannot be used") from error
    return ready


def _scaled(clean: Clean) -> Prepared:
    """The clean package scaled to the decks' size, with the layouts chosen."""
    from pptx import Presentation
    from pptx.util import Pt

    from toolkit.render.deck.layout import SLIDE_H, SLIDE_W

    deck = Presentation(io.BytesIO(clean.package))
    _scale_masters(deck, Pt(SLIDE_W) / clean.width, Pt(SLIDE_H) / clean.height)
    deck.slide_width, deck.slide_height = Pt(SLIDE_W), Pt(SLIDE_H)
    layouts = list(deck.slide_layouts)
    content = _content_layout(deck)
    title = _title_slide_layout(deck, content)
    out = io.BytesIO()
    deck.save(out)
    return Prepared(out.getvalue(), layouts.index(title), layouts.index(content),
                    clean.warnings)


def _free_decks() -> None:
    """Free the decks no longer used. A python-pptx deck is a cycle of references (its package
    and parts name each other), so it is freed only when Python's cycle collector runs, and
    that runs by the count of Python objects made, not by the megabytes of XML behind them:
    without this, one process held the XML of three or four decks on a large template at once.
    A full collection takes about 25 ms."""
    gc.collect()


def _trial(ready: Prepared) -> None:
    """Draw what every deck draws on the template: a slide on each layout used, its title
    moved and filled, the other placeholders removed, speaker notes; then save."""
    from pptx.util import Emu

    base = _open_prepared(ready)
    for layout in (base.title_layout, base.content_layout):
        slide = add_slide(base.deck, layout)
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = Emu(0), Emu(0), Emu(914400), \
            Emu(914400)
        title.text_frame.text = "Trial"
        slide.notes_slide.notes_text_frame.text = "Notes"
    base.deck.save(io.BytesIO())


def _open_prepared(ready: Prepared) -> Base:
    """A new deck on a prepared template."""
    from pptx import Presentation

    deck = Presentation(io.BytesIO(ready.package))
    layouts = list(deck.slide_layouts)
    return Base(deck, layouts[ready.title_layout], layouts[ready.content_layout])


def new_deck(template: Path | None) -> Base:
    """A deck to draw on: the group's template, or python-pptx's default made 16:9 with its
    layouts stretched to match."""
    if template is not None:
        _free_decks()  # the deck drawn before this one
        return _open_prepared(prepare(template))
    from pptx import Presentation
    from pptx.util import Pt

    from toolkit.render.deck.layout import SLIDE_H, SLIDE_W

    deck = Presentation()
    _scale_masters(deck, Pt(SLIDE_W) / deck.slide_width, 1.0)
    deck.slide_width, deck.slide_height = Pt(SLIDE_W), Pt(SLIDE_H)
    layout = _content_layout(deck)
    return Base(deck, layout, layout)


def template_warnings(path: Path) -> tuple[tuple[str, str], ...]:
    """(message, hint) for what a usable template's decks are made without."""
    return prepare(path).warnings


# ---- masters and layouts (python-pptx objects) ------------------------------------------------


_SHAPE_TAGS = ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp", "p:pic", "p:contentPart")
"""The shapes of a shape tree, as python-pptx's ``shapes`` lists them."""


def _scale_masters(deck: Any, x_ratio: float, y_ratio: float) -> None:
    """Stretch the shapes of every master and layout to a new slide size. Only shapes with their
    own position: the others inherit their (already scaled) master's. The XML is changed
    directly (``element``: the lxml element behind a python-pptx object, a public property):
    python-pptx's master and layout shapes have no position setters, and making a python-pptx
    object for each shape took 60 microseconds a shape."""
    from pptx.oxml.ns import qn

    owners = [owner for master in deck.slide_masters for owner in (master, *master.slide_layouts)]
    tags = [qn(tag) for tag in _SHAPE_TAGS]
    trees = (owner.element.find(f"{qn('p:cSld')}/{qn('p:spTree')}") for owner in owners)
    for shape in (shape for tree in trees if tree is not None
                  for shape in tree.iterchildren(*tags)):
        xfrm = _own_xfrm(shape)
        if xfrm is None:
            continue
        offset, extent = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        if offset is None or extent is None:
            continue
        for element, name, ratio in ((offset, "x", x_ratio), (extent, "cx", x_ratio),
                                     (offset, "y", y_ratio), (extent, "cy", y_ratio)):
            element.set(name, str(round(int(element.get(name)) * ratio)))


def _own_xfrm(element: Any) -> Any:
    """A master or layout shape's own position and size (``a:xfrm``), or None if it inherits."""
    from pptx.oxml.ns import qn

    for tag in ("p:spPr", "p:grpSpPr"):
        properties = element.find(qn(tag))
        if properties is not None:
            return properties.find(qn("a:xfrm"))
    return element.find(qn("p:xfrm"))  # a graphic frame (table, chart)


def _has_title(layout: Any) -> bool:
    """Whether slides on this layout get a real title placeholder (the one screen readers and
    python-pptx call the slide's title)."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    titles = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    return any(shape.placeholder_format.idx == 0 and shape.placeholder_format.type in titles
               for shape in layout.placeholders)


def _titled(deck: Any) -> Iterator[Any]:
    return (layout for layout in deck.slide_layouts if _has_title(layout))


def _content_layout(deck: Any) -> Any:
    """The layout of content slides: "Title Only", else the layout with a title and the fewest
    other placeholders."""
    layouts = list(_titled(deck))
    if not layouts:
        raise TemplateError("the template has no slide layout with a title",
                            f"{MASTER_VIEW} > Insert Layout (a new layout has a title), then "
                            "save the template.")
    for layout in layouts:
        if layout.name == "Title Only":
            return layout
    return min(layouts, key=lambda layout: len(list(layout.iter_cloneable_placeholders())))


def _title_slide_layout(deck: Any, fallback: Any) -> Any:
    """A template's "Title Slide" layout (or another with a centred title), else ``fallback``."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    layouts = list(_titled(deck))
    for layout in layouts:
        if layout.name == "Title Slide":
            return layout
    for layout in layouts:
        if any(shape.placeholder_format.type == PP_PLACEHOLDER.CENTER_TITLE
               for shape in layout.placeholders):
            return layout
    return fallback


def add_slide(deck: Any, layout: Any) -> Any:
    """A new slide on ``layout`` with its title placeholder only: a template's empty subtitle or
    body placeholders would show "Click to add text" and overlap what is drawn."""
    from toolkit.render.deck.compat import element_of

    slide = deck.slides.add_slide(layout)
    for shape in list(slide.placeholders):
        if shape.placeholder_format.idx != 0:
            # python-pptx cannot delete a shape: its lxml element is removed.
            element = element_of(shape)
            element.getparent().remove(element)
    return slide
