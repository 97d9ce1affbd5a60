"""The XML ``toolkit.render.deck.slide_xml`` writes is the XML python-pptx's setters make, byte for
byte, for awkward text: markup characters, line breaks, blank runs, control characters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from toolkit import textfit
from toolkit.render.deck import slide_xml
from toolkit.render.deck.layout import BULLET_INDENT, INSET
from toolkit.render.deck.slide_xml import Style
from toolkit.theme import SLIDE_FONT

TEXTS = [
    "Plain words",
    "Markup & <tags> \"quoted\" 'single' ]]>",
    "Two\nlines",
    "Soft\vbreak and\n\nan empty line",
    " ",
    "a\n \nb",
    "ends with a break\n",
    "bell\x07 tab\t return\r",
    "",
    "Typographic – ‘quotes’ • and ü",
]


def pt(value: float) -> Emu:
    return Emu(round(value * slide_xml.EMU_PER_PT))


def reference_textbox(slide: Any, name: str, box: slide_xml.Box, paragraphs: Sequence[str],
                      style: Style, inset: tuple[float, float], anchor: Any,
                      fill: str | None) -> None:
    """A text box drawn the way the decks were drawn before, with python-pptx's setters."""
    shape = slide.shapes.add_textbox(*(pt(value) for value in box))
    shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = pt(inset[0])
    frame.margin_top = frame.margin_bottom = pt(inset[1])
    frame.text = ""
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.alignment = style.align
        paragraph.line_spacing = textfit.LINE_SPACING
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(style.size * style.space_after if style.bullet is not None
                                   else 0)
        if style.bullet is not None:
            properties = paragraph._p.get_or_add_pPr()
            properties.set("marL", str(round(BULLET_INDENT * slide_xml.EMU_PER_PT)))
            properties.set("indent", str(-round(BULLET_INDENT * slide_xml.EMU_PER_PT)))
            colour = properties.makeelement(qn("a:buClr"), {})
            colour.append(colour.makeelement(qn("a:srgbClr"), {"val": style.bullet}))
            properties.append(colour)
            properties.append(properties.makeelement(qn("a:buFont"), {"typeface": SLIDE_FONT}))
            properties.append(properties.makeelement(qn("a:buChar"), {"char": "•"}))
        for run in paragraph.runs:
            run._r.get_or_add_rPr().set("lang", "en")  # the language drawn in (python-pptx
            # names languages by Microsoft's ids, which have no plain "en")
            run.font.name = SLIDE_FONT
            run.font.size = Pt(style.size)
            run.font.bold = style.bold
            run.font.color.rgb = RGBColor.from_string(style.colour)
    if fill is not None:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(fill)


def slide_xml_of(slide: Any) -> bytes:
    return bytes(etree.tostring(slide.shapes._spTree))


def two_slides() -> tuple[Any, Any]:
    deck = Presentation()
    layout = deck.slide_layouts[6]  # blank
    return deck.slides.add_slide(layout), deck.slides.add_slide(layout)


STYLES = [
    Style(26, "1e2a2f", bullet="B5532B", space_after=0.4),
    Style(12, "55626A", bold=True, align=PP_ALIGN.RIGHT),
    Style(40.5, "1F5C63", align=PP_ALIGN.CENTER),
]


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("inset", [(INSET, INSET), (11.0, INSET), (16.0, 16.0), (INSET, 0.0)])
def test_a_text_box_is_what_python_pptx_made(style: Style, inset: tuple[float, float]) -> None:
    old, new = two_slides()
    for index, (anchor, fill) in enumerate(((MSO_ANCHOR.TOP, None),
                                            (MSO_ANCHOR.MIDDLE, "eaf2f2"))):
        box = (40.0 + index, 80.25, 400.0, 120.5)
        reference_textbox(old, "Points & <more>", box, TEXTS, style, inset, anchor, fill)
        body = slide_xml.text_body(TEXTS, style, inset, anchor=anchor.xml_value)
        new.shapes._spTree.append(
            slide_xml.textbox(new.shapes._spTree.max_shape_id + 1, "Points & <more>", box,
                              body, fill))
    assert slide_xml_of(new) == slide_xml_of(old)


def test_the_first_paragraph_may_have_a_style_of_its_own() -> None:
    old, new = two_slides()
    style, first = Style(20, "55626A"), Style(20, "1E2A2F", bold=True)
    reference_textbox(old, "Group", (1, 2, 3, 4), ["Group"], first, (INSET, 0), MSO_ANCHOR.TOP,
                      None)
    old_paragraphs = old.shapes[-1].text_frame
    for text in ("Tuesday", "Hall"):
        paragraph = old_paragraphs.add_paragraph()
        paragraph.text = text
        paragraph.alignment = style.align
        paragraph.line_spacing = textfit.LINE_SPACING
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(0)
        for run in paragraph.runs:
            run._r.get_or_add_rPr().set("lang", "en")  # the language drawn in (python-pptx
            # names languages by Microsoft's ids, which have no plain "en")
            run.font.name = SLIDE_FONT
            run.font.size = Pt(style.size)
            run.font.bold = style.bold
            run.font.color.rgb = RGBColor.from_string(style.colour)
    body = slide_xml.text_body(["Group", "Tuesday", "Hall"], style, (INSET, 0), first=first)
    new.shapes._spTree.append(slide_xml.textbox(2, "Group", (1, 2, 3, 4), body))
    assert slide_xml_of(new) == slide_xml_of(old)


def test_notes_are_what_python_pptx_made() -> None:
    old, new = two_slides()
    text = "\n".join(TEXTS)
    frame = old.notes_slide.notes_text_frame
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run._r.get_or_add_rPr().set("lang", "en")  # the language drawn in (python-pptx
            # names languages by Microsoft's ids, which have no plain "en")
            run.font.name = SLIDE_FONT
            run.font.size = Pt(12)
    body = new.notes_slide.notes_placeholder._element.txBody
    for paragraph in body.findall(qn("a:p")):
        body.remove(paragraph)
    body.extend(slide_xml.notes_paragraphs(text, 12))
    assert (etree.tostring(new.notes_slide.shapes._spTree)
            == etree.tostring(old.notes_slide.shapes._spTree))


@pytest.mark.parametrize(("kind", "geometry"), [(MSO_SHAPE.RECTANGLE, "rect"),
                                                (MSO_SHAPE.OVAL, "ellipse"),
                                                (MSO_SHAPE.ROUNDED_RECTANGLE, "roundRect")])
@pytest.mark.parametrize("outline", [0.0, 5.0])
def test_a_decoration_is_what_python_pptx_made(kind: Any, geometry: slide_xml.Geometry,
                                               outline: float) -> None:
    old, new = two_slides()
    box = (10.5, 20.0, 30.25, 1.0)
    shape = old.shapes.add_shape(kind, *(pt(value) for value in box))
    shape.name = "Decoration"
    if outline:
        shape.fill.background()
        shape.line.color.rgb = RGBColor.from_string("b5532b")
        shape.line.width = pt(outline)
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string("b5532b")
        shape.line.fill.background()
    shape._element.remove(shape._element.find(qn("p:style")))
    properties = shape._element.nvSpPr.cNvPr
    ext_list = properties.makeelement(qn("a:extLst"), {})
    ext = ext_list.makeelement(qn("a:ext"), {"uri": "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"})
    ext.append(ext.makeelement(f"{{{slide_xml.DECORATIVE_NS}}}decorative", {"val": "1"},
                               nsmap={"adec": slide_xml.DECORATIVE_NS}))
    ext_list.append(ext)
    properties.append(ext_list)
    new.shapes._spTree.append(slide_xml.decoration(2, geometry, box, "b5532b", outline))
    assert slide_xml_of(new) == slide_xml_of(old)


def test_a_paragraph_may_start_with_a_line_break() -> None:
    """python-pptx put such a break before the paragraph's properties, which the schema does not
    allow (no deck's text has one); here the properties come first."""
    body = etree.fromstring(slide_xml.text_body(["\nafter a break"], Style(20, "1E2A2F")))
    paragraph = body.find(qn("a:p"))
    assert [child.tag for child in paragraph] == [qn("a:pPr"), qn("a:br"), qn("a:r")]


def test_a_colour_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError):
        slide_xml.rgb("12345")
