"""The XML of a slide's text and shapes, written out whole and parsed once.

python-pptx builds a text box one property at a time, and every setter looks for its element
before making it (a run's font alone takes four lookups); that was most of the time a deck took to
draw. Here a shape's XML is written as one string and parsed once. It is the XML those setters
made: the same elements, attributes in the same order, the same unit conversions (``pptx.util``),
so the decks did not change by a byte. lxml writes the parsed tree out again, so the strings only
have to escape correctly, not match python-pptx's formatting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Pt

from toolkit import textfit
from toolkit.i18n import current
from toolkit.render.deck.layout import BULLET_INDENT, INSET, SPACE_AFTER
from toolkit.theme import SLIDE_FONT

EMU_PER_PT = 12700
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_NAMESPACES = nsdecls("a", "p")
_DEFAULT_INSETS = {"lIns": 91440, "rIns": 91440, "tIns": 45720, "bIns": 45720}
"""PowerPoint's default text insets (0.1 in at the sides, 0.05 in above and below), in EMU:
python-pptx leaves an inset at its default out of the XML."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_LINE_BREAK = re.compile("\n|\v")
_HEX_COLOUR = re.compile("[0-9A-Fa-f]{6}")

Anchor = Literal["t", "ctr"]
"""Where text sits in its box: at the top, or in the middle."""
Geometry = Literal["rect", "roundRect", "ellipse"]


@dataclass(frozen=True)
class Style:
    """How a paragraph's text looks."""

    size: float
    colour: str
    bold: bool = False
    align: Any = PP_ALIGN.LEFT
    bullet: str | None = None
    """The colour of the paragraphs' bullets, or None for no bullets."""
    space_after: float = SPACE_AFTER
    """Gap after each bulleted paragraph, as a fraction of ``size``."""


Box = tuple[float, float, float, float]
"""Left, top, width and height, in points."""


def emu(points: float) -> int:
    """Points to EMU: layout is worked out in points, the XML holds EMU."""
    return round(points * EMU_PER_PT)


def rgb(colour: str) -> str:
    """A palette colour (six hex digits) as python-pptx writes it: in capitals."""
    if not _HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"not a colour: {colour!r}")
    return colour.upper()


def _attribute(value: str) -> str:
    """An attribute's value, quoted and escaped (newlines too, which parsing would flatten)."""
    return quoteattr(value, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _text(text: str) -> str:
    """A run's text escaped for XML; control characters written as PowerPoint's ``_xHHHH_``
    (as python-pptx does), since XML cannot hold them."""
    return escape(_CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text))


def _runs(text: str, properties: str) -> str:
    """A paragraph's runs: a line break (``a:br``) at each newline, no empty runs."""
    parts = []
    for index, piece in enumerate(_LINE_BREAK.split(text)):
        if index:
            parts.append("<a:br/>")
        if piece:
            parts.append(f"<a:r>{properties}<a:t>{_text(piece)}</a:t></a:r>")
    return "".join(parts)


def _run_properties(style: Style) -> str:
    """Size, weight, colour, font and language of every run: nothing is left to the
    template (whose default language says nothing of the group's)."""
    return _run_properties_in(style, current().tag)


@cache
def _run_properties_in(style: Style, language: str) -> str:
    return (f'<a:rPr lang={_attribute(language)} sz="{Pt(style.size).centipoints}" '
            f'b="{int(style.bold)}">'
            f'<a:solidFill><a:srgbClr val="{rgb(style.colour)}"/></a:solidFill>'
            f'<a:latin typeface="{SLIDE_FONT}"/></a:rPr>')


@cache
def _paragraph_properties(style: Style) -> str:
    """Alignment, single line spacing, the gap after, and a real bullet (not a typed character)
    hanging so that wrapped lines align with the text."""
    indent = ""
    bullet = ""
    space_after = 0.0
    if style.bullet is not None:
        margin = round(BULLET_INDENT * EMU_PER_PT)
        indent = f' marL="{margin}" indent="{-margin}"'
        bullet = (f'<a:buClr><a:srgbClr val={_attribute(style.bullet)}/></a:buClr>'
                  f'<a:buFont typeface="{SLIDE_FONT}"/><a:buChar char="•"/>')
        space_after = style.size * style.space_after
    line_spacing = round(textfit.LINE_SPACING * 100000.0)
    return (f'<a:pPr algn="{style.align.xml_value}"{indent}>'
            f'<a:lnSpc><a:spcPct val="{line_spacing}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="0"/></a:spcBef>'
            f'<a:spcAft><a:spcPts val="{Pt(space_after).centipoints}"/></a:spcAft>'
            f'{bullet}</a:pPr>')


def text_body(paragraphs: Sequence[str], style: Style, inset: tuple[float, float] = (INSET, INSET),
              anchor: Anchor = "t", first: Style | None = None) -> str:
    """A ``p:txBody``: wrapping on and autofit off, so that what PowerPoint draws is exactly what
    was measured, and every paragraph in ``style`` (the first in ``first``, if given)."""
    margins = ""
    for name, value in (("lIns", inset[0]), ("rIns", inset[0]), ("tIns", inset[1]),
                        ("bIns", inset[1])):
        if emu(value) != _DEFAULT_INSETS[name]:
            margins += f' {name}="{emu(value)}"'
    body = [f'<p:txBody {_NAMESPACES}><a:bodyPr wrap="square" anchor="{anchor}"{margins}>'
            "<a:noAutofit/></a:bodyPr><a:lstStyle/>"]
    for index, text in enumerate(paragraphs):
        look = first if index == 0 and first is not None else style
        body.append(f"<a:p>{_paragraph_properties(look)}"
                    f"{_runs(text, _run_properties(look))}</a:p>")
    body.append("</p:txBody>")
    return "".join(body)


def notes_paragraphs(text: str, size: float) -> list[Any]:
    """Speaker notes as ``a:p`` elements, a paragraph a line, in the deck's font at ``size``."""
    properties = (f'<a:rPr lang={_attribute(current().tag)} sz="{Pt(size).centipoints}">'
                  f'<a:latin typeface="{SLIDE_FONT}"/></a:rPr>')
    paragraphs = "".join(f"<a:p>{_runs(line, properties)}</a:p>" for line in text.split("\n"))
    return list(parse_xml(f"<p:txBody {_NAMESPACES}>{paragraphs}</p:txBody>"))


def _position(box: Box) -> str:
    left, top, width, height = box
    return (f'<a:xfrm><a:off x="{emu(left)}" y="{emu(top)}"/>'
            f'<a:ext cx="{emu(width)}" cy="{emu(height)}"/></a:xfrm>')


def textbox(shape_id: int, name: str, box: Box, body: str, fill: str | None = None) -> Any:
    """A text box (``p:sp``) holding ``body``, on a background of colour ``fill`` or none."""
    background = ("<a:noFill/>" if fill is None
                  else f'<a:solidFill><a:srgbClr val="{rgb(fill)}"/></a:solidFill>')
    return parse_xml(
        f'<p:sp {_NAMESPACES}><p:nvSpPr><p:cNvPr id="{shape_id}" name={_attribute(name)}/>'
        '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr>{_position(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{background}'
        f"</p:spPr>{body}</p:sp>")


_DECORATIVE = (f'<a:ext uri="{_DECORATIVE_URI}">'
               f'<adec:decorative xmlns:adec="{DECORATIVE_NS}" val="1"/></a:ext>')
"""Marks a shape (in an ``a:extLst`` in its ``cNvPr``) as decorative, so screen readers skip it;
with the prefix PowerPoint writes."""


def decorative_mark() -> Any:
    """The ``a:extLst`` that marks a shape as decorative, to add to its ``cNvPr``."""
    return parse_xml(f'<a:extLst {nsdecls("a")}>{_DECORATIVE}</a:extLst>')


def decoration(shape_id: int, geometry: Geometry, box: Box, colour: str,
               outline: float = 0.0) -> Any:
    """A shape that only decorates (``p:sp``): filled, or with ``outline`` drawn as a line of
    that width; marked decorative; without the theme's style, which would add a shadow and an
    outline. The empty centred paragraph is python-pptx's, kept so the XML is unchanged."""
    colour_fill = f'<a:solidFill><a:srgbClr val="{rgb(colour)}"/></a:solidFill>'
    if outline:
        paint = f'<a:noFill/><a:ln w="{emu(outline)}">{colour_fill}</a:ln>'
    else:
        paint = f"{colour_fill}<a:ln><a:noFill/></a:ln>"
    return parse_xml(
        f'<p:sp {_NAMESPACES}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Decoration">'
        f"<a:extLst>{_DECORATIVE}</a:extLst></p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
        f'<p:spPr>{_position(box)}<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{paint}'
        '</p:spPr><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>')
