"""Slide templates built from hostile parts, made by the tests (never stored in the repo).

``base()`` is a plain 16:9 template as PowerPoint would save it: python-pptx's default masters
and layouts, a picture on the slide master, a slide of its own with speaker notes, a thumbnail
and document properties. Every other template here is that one with one thing wrong.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable, Mapping
from functools import cache

from PIL import Image
from pptx import Presentation
from pptx.util import Emu

WIDE = (12192000, 6858000)
"""13.333 x 7.5 in: PowerPoint's own widescreen size."""
MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
LAYOUT = "ppt/slideLayouts/slideLayout6.xml"
"""python-pptx's "Title Only" layout."""
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout6.xml.rels"
PRESENTATION = "ppt/presentation.xml"
PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels"
TYPES = "[Content_Types].xml"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
BOMB = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a0 "lollollollol">'
        + b"".join(b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10))
        + b"]>")
Change = Callable[[bytes], bytes] | bytes | None


def picture_xml(rel_id: str, attribute: str = "r:embed", extra: str = "") -> bytes:
    """A picture shape on a master or layout, showing the picture of relationship ``rel_id``."""
    return (f'<p:pic><p:nvPicPr><p:cNvPr id="90" name="Brand mark"/><p:cNvPicPr/><p:nvPr/>'
            f'</p:nvPicPr><p:blipFill><a:blip {attribute}="{rel_id}"{extra}/><a:stretch>'
            '<a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="11000000" '
            'y="6000000"/><a:ext cx="900000" cy="600000"/></a:xfrm><a:prstGeom prst="rect">'
            "<a:avLst/></a:prstGeom></p:spPr></p:pic>").encode()


def relationship(rel_id: str, kind: str, target: str, external: bool = False) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    return (f'<Relationship Id="{rel_id}" Type="{RT}{kind}" Target="{target}"{mode}/>').encode()


def add_relationship(rels: bytes, *items: bytes) -> bytes:
    return rels.replace(b"</Relationships>", b"".join(items) + b"</Relationships>")


def add_to_tree(xml: bytes, shape: bytes) -> bytes:
    return xml.replace(b"</p:spTree>", shape + b"</p:spTree>", 1)


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(out, "PNG")
    return out.getvalue()


@cache
def base() -> bytes:
    """A plain widescreen template with a picture on its master and a slide of its own."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(WIDE[0]), Emu(WIDE[1])
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = "The template's own slide"
    slide.notes_slide.notes_text_frame.text = "The template's own notes"
    out = io.BytesIO()
    deck.save(out)
    return rewrite(out.getvalue(), {
        MASTER: lambda xml: add_to_tree(xml, picture_xml("rIdLogo")),
        MASTER_RELS: lambda rels: add_relationship(
            rels, relationship("rIdLogo", "image", "../media/brand.png")),
        TYPES: lambda types: types.replace(
            b"</Types>", b'<Default Extension="png" ContentType="image/png"/></Types>'),
    }, {"ppt/media/brand.png": logo_png()})


def rewrite(data: bytes, changes: Mapping[str, Change], add: Mapping[str, bytes] = {},
            method: Mapping[str, int] = {}) -> bytes:
    """``data`` with members changed (a function of the old bytes, new bytes, or None to leave
    the member out), members added, and members packed with another compression method."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            change = changes.get(info.filename, content)
            if change is None:
                continue
            content = change(content) if callable(change) else change
            target.writestr(info.filename, content,
                            compress_type=method.get(info.filename, zipfile.ZIP_DEFLATED))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def with_huge_member(data: bytes, name: str, size: int, filler: bytes = b" ",
                     split: bytes | None = None) -> bytes:
    """``data`` with member ``name`` grown to about ``size`` bytes unpacked (a few KB packed):
    ``filler`` is inserted before ``split`` in an XML part, or appended to a binary one."""
    out = io.BytesIO()
    chunk = filler * (2**20 // len(filler))
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != name:
                target.writestr(info.filename, content)
                continue
            head, tail = (content.split(split, 1) if split else (content, b""))
            with target.open(name, "w", force_zip64=size >= 2**31) as member:
                member.write(head)
                for _ in range(size // len(chunk)):
                    member.write(chunk)
                member.write((split or b"") + tail)
    return out.getvalue()


def declaring_size(data: bytes, name: str, declared: int) -> bytes:
    """``data`` with member ``name``'s unpacked size, as its headers declare it, set to
    ``declared`` (the real size and content unchanged)."""
    raw = bytearray(data)
    encoded = name.encode()
    for match in re.finditer(rb"PK\x01\x02", raw):  # central directory entries
        start = match.start()
        length = struct.unpack_from("<H", raw, start + 28)[0]
        if bytes(raw[start + 46:start + 46 + length]) == encoded:
            struct.pack_into("<I", raw, start + 24, declared)
            local = struct.unpack_from("<I", raw, start + 42)[0]
            struct.pack_into("<I", raw, local + 22, declared)
    return bytes(raw)


def without_titles(xml: bytes) -> bytes:
    return re.sub(rb'<p:ph type="(title|ctrTitle)"([^/]*)/>', rb'<p:ph type="body"\2/>', xml)


def layouts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [name for name in archive.namelist()
                if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", name)]


def no_title_layout() -> bytes:
    data = base()
    return rewrite(data, {name: without_titles for name in layouts(data)})


def damaged_layout() -> bytes:
    return rewrite(base(), {LAYOUT: lambda xml: xml[: len(xml) // 2]})


def entity_bomb() -> bytes:
    return rewrite(base(), {LAYOUT: lambda xml: BOMB + re.sub(
        rb"^<\?xml[^>]*\?>\s*", b"", xml).replace(b"<a:t>", b"<a:t>&a9;", 1)})


def no_content_types() -> bytes:
    return rewrite(base(), {TYPES: None})


def huge_presentation(size: int = 64 * 2**20) -> bytes:
    """presentation.xml unpacking to ``size`` bytes, its slide size at the top."""
    return with_huge_member(base(), PRESENTATION, size, split=b"</p:presentation>")


def huge_thumbnail(size: int = 64 * 2**20) -> bytes:
    return with_huge_member(base(), "docProps/thumbnail.jpeg", size, filler=b"\0")


MACRO_TYPE = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"


def macro_enabled() -> bytes:
    """A macro-enabled presentation (.pptm) renamed .pptx."""
    return rewrite(base(), {
        TYPES: lambda types: types.replace(
            b"application/vnd.openxmlformats-officedocument.presentationml.presentation."
            b"main+xml", MACRO_TYPE).replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
            b'vbaProject"/></Types>'),
        PRESENTATION_RELS: lambda rels: rels.replace(b"</Relationships>", (
            b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
            b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')),
    }, {"ppt/vbaProject.bin": b"\xd0\xcf\x11\xe0 Attribute VB_Name = \"Module1\"" * 50})


def linked_picture() -> bytes:
    """A picture on a layout fetched from a web address when the deck is opened."""
    return rewrite(base(), {
        LAYOUT: lambda xml: add_to_tree(xml, picture_xml("rIdWeb", "r:link")),
        LAYOUT_RELS: lambda rels: add_relationship(
            rels, relationship("rIdWeb", "image", "https://example.invalid/pixel.png", True)),
    })


def embedded_and_linked_picture() -> bytes:
    """PowerPoint's "Insert and Link": a copy inside, and a link to the file outside."""
    return rewrite(base(), {
        MASTER: lambda xml: add_to_tree(xml, picture_xml(
            "rIdLogo", extra=' r:link="rIdFile"').replace(b'id="90"', b'id="91"')),
        MASTER_RELS: lambda rels: add_relationship(
            rels, relationship("rIdFile", "image", "Brand/logo.png", True)),
    })


def hyperlinked() -> bytes:
    """A link to a web page on the master's title text."""
    return rewrite(base(), {
        MASTER: lambda xml: xml.replace(
            b'<a:rPr lang="en-US" smtClean="0"/>',
            b'<a:rPr lang="en-US" smtClean="0"><a:hlinkClick r:id="rIdWeb"/></a:rPr>', 1),
        MASTER_RELS: lambda rels: add_relationship(
            rels, relationship("rIdWeb", "hyperlink", "https://example.invalid/", True)),
    })


def actions() -> bytes:
    """Clicks on the master that run a macro and a program (no relationship of their own)."""
    return rewrite(base(), {MASTER: lambda xml: xml.replace(
        b'<a:rPr lang="en-US" smtClean="0"/>',
        b'<a:rPr lang="en-US" smtClean="0"><a:hlinkClick r:id="" '
        b'action="ppaction://macro?name=AutoRun"/></a:rPr>', 1).replace(
        b'<p:cNvPr id="90" name="Brand mark"/>',
        b'<p:cNvPr id="90" name="Brand mark"><a:hlinkClick r:id="" '
        b'action="ppaction://program"/></p:cNvPr>')})


def slide_size_cy_first() -> bytes:
    """A valid 16:9 template whose slide size lists its height first."""
    return rewrite(base(), {PRESENTATION: lambda xml: re.sub(
        rb'<p:sldSz cx="(\d+)" cy="(\d+)"', rb'<p:sldSz cy="\2" cx="\1"', xml)})


def word_document() -> bytes:
    """A Word document renamed .pptx."""
    return rewrite(base(), {TYPES: lambda types: types.replace(
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")})


def chart_on_master() -> bytes:
    """A chart on the slide master, which decks cannot carry."""
    frame = (b'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="92" name="Chart"/>'
             b"<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"0\" "
             b'y="0"/><a:ext cx="100" cy="100"/></p:xfrm><a:graphic><a:graphicData uri="'
             b'http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="'
             b'http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdChart"/>'
             b"</a:graphicData></a:graphic></p:graphicFrame>")
    return rewrite(base(), {
        MASTER: lambda xml: add_to_tree(xml, frame),
        MASTER_RELS: lambda rels: add_relationship(
            rels, relationship("rIdChart", "chart", "../charts/chart1.xml")),
    }, {"ppt/charts/chart1.xml": b'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/'
                                 b'drawingml/2006/chart"/>'})


def with_layouts(count: int) -> bytes:
    """The base template with ``count`` more copies of its "Title Only" layout."""
    data = base()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        layout, layout_rels = archive.read(LAYOUT), archive.read(LAYOUT_RELS)
    numbers = range(count)
    ids = b"".join(b'<p:sldLayoutId id="%d" r:id="rIdCopy%d"/>' % (2147490000 + n, n)
                   for n in numbers)
    overrides = b"".join(b'<Override PartName="/ppt/slideLayouts/copy%d.xml" ContentType="'
                         b"application/vnd.openxmlformats-officedocument.presentationml."
                         b'slideLayout+xml"/>' % n for n in numbers)
    added = {}
    for n in numbers:
        added[f"ppt/slideLayouts/copy{n}.xml"] = layout.replace(b'name="Title Only"',
                                                                 b'name="Copy %d"' % n)
        added[f"ppt/slideLayouts/_rels/copy{n}.xml.rels"] = layout_rels
    return rewrite(data, {
        MASTER: lambda xml: xml.replace(b"</p:sldLayoutIdLst>", ids + b"</p:sldLayoutIdLst>"),
        MASTER_RELS: lambda rels: add_relationship(rels, *(
            relationship(f"rIdCopy{n}", "slideLayout", f"../slideLayouts/copy{n}.xml")
            for n in numbers)),
        TYPES: lambda types: types.replace(b"</Types>", overrides + b"</Types>"),
    }, added)


def shape_xml(number: int) -> bytes:
    """A small shape on a master or layout (about 160 bytes)."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{number}" name="S{number}"/><p:cNvSpPr/><p:nvPr/>'
            '</p:nvSpPr><p:spPr><a:xfrm><a:off x="9144" y="9144"/><a:ext cx="9144" cy="9144"/>'
            "</a:xfrm></p:spPr></p:sp>").encode()


def drawing_xml(points: int) -> bytes:
    """A freeform shape of ``points`` points: a drawing traced by hand, or a map."""
    path = b'<a:lnTo><a:pt x="1" y="1"/></a:lnTo>' * points
    return (b'<p:sp><p:nvSpPr><p:cNvPr id="95" name="Drawing"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            b'<p:spPr><a:custGeom><a:pathLst><a:path w="10" h="10"><a:moveTo><a:pt x="0" y="0"/>'
            b"</a:moveTo>" + path + b"</a:path></a:pathLst></a:custGeom></p:spPr></p:sp>")


def all_layouts(data: bytes) -> list[str]:
    """Every slide layout in the package, the copies ``with_layouts`` adds too."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [name for name in archive.namelist()
                if re.fullmatch(r"ppt/slideLayouts/[^/]+\.xml", name)]


def with_shapes(per_layout: int, more_layouts: int = 0, only: str | None = None) -> bytes:
    """The base template with ``more_layouts`` copies of a layout, and ``per_layout`` small
    shapes added to every layout (or to the layout ``only``)."""
    data = with_layouts(more_layouts) if more_layouts else base()
    shapes = b"".join(shape_xml(1000 + n) for n in range(per_layout))
    return rewrite(data, {name: lambda xml: add_to_tree(xml, shapes)
                          for name in ([only] if only else all_layouts(data))})


def with_drawings(points: int, layouts_drawn: int) -> bytes:
    """The base template with a drawing of ``points`` points on each of ``layouts_drawn``
    layouts."""
    data = base()
    drawing = drawing_xml(points)
    return rewrite(data, {name: lambda xml: add_to_tree(xml, drawing)
                          for name in all_layouts(data)[:layouts_drawn]})


def with_attributes(per_layout: int, layouts_given: int) -> bytes:
    """The base template with ``per_layout`` made-up attributes on one element of each of
    ``layouts_given`` layouts."""
    data = base()
    attributes = b"".join(b' x%x=""' % n for n in range(per_layout))
    return rewrite(data, {name: lambda xml: xml.replace(b"<p:cSld", b"<p:cSld" + attributes, 1)
                          for name in all_layouts(data)[:layouts_given]})


def with_namespaces(per_layout: int, layouts_given: int) -> bytes:
    """The base template with ``per_layout`` namespace declarations on one element of each
    of ``layouts_given`` layouts."""
    data = base()
    declared = b"".join(b' xmlns:n%x="u"' % n for n in range(per_layout))
    return rewrite(data, {name: lambda xml: xml.replace(b"<p:cSld", b"<p:cSld" + declared, 1)
                          for name in all_layouts(data)[:layouts_given]})


def with_text(size: int, layouts_given: int) -> bytes:
    """The base template with ``size`` more characters in the first text of each of
    ``layouts_given`` layouts."""
    data = base()
    return rewrite(data, {name: lambda xml: xml.replace(b"<a:t>", b"<a:t>" + b"x" * size, 1)
                          for name in all_layouts(data)[:layouts_given]})


def with_master_pictures(*sizes: int, random: bool = False) -> bytes:
    """The base template with more pictures on its master, unpacking to ``sizes`` bytes each:
    a small PNG followed by zeros (a few KB packed), or by random bytes (as large packed)."""
    import os

    pictures = {f"ppt/media/big{n}.png": logo_png() + (os.urandom(size) if random
                                                       else bytes(size))
                for n, size in enumerate(sizes)}
    shapes = b"".join(picture_xml(f"rIdBig{n}").replace(b'id="90"', b'id="%d"' % (100 + n))
                      for n in range(len(sizes)))
    return rewrite(base(), {
        MASTER: lambda xml: add_to_tree(xml, shapes),
        MASTER_RELS: lambda rels: add_relationship(rels, *(
            relationship(f"rIdBig{n}", "image", f"../media/big{n}.png")
            for n in range(len(sizes)))),
    }, pictures)


def too_many_shapes() -> bytes:
    """Issue 13's tryout: 19 layouts of about 12,000 small shapes each, every one under the 2 MB
    limit of a part (a 1.4 MB file that took a check 16 s and 1.28 GB)."""
    return with_shapes(11500, more_layouts=8)


def too_detailed() -> bytes:
    """Four layouts with a drawing of 26,000 points each: few shapes, 420,000 elements and
    attributes."""
    return with_drawings(26000, 4)


def large_pictures() -> bytes:
    """Two pictures of 6 MB on the slide master."""
    return with_master_pictures(6 * 2**20, 6 * 2**20)


STRICT_NAMES = {
    b"http://schemas.openxmlformats.org/presentationml/2006/main":
        b"http://purl.oclc.org/ooxml/presentationml/main",
    b"http://schemas.openxmlformats.org/drawingml/2006/main":
        b"http://purl.oclc.org/ooxml/drawingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def strict_open_xml() -> bytes:
    """Saved as "Strict Open XML Presentation": the same parts in other namespaces."""
    def strict(content: bytes) -> bytes:
        for old, new in STRICT_NAMES.items():
            content = content.replace(old, new)
        return content

    return rewrite(base(), {name: strict for name in xml_members(base())})


def xml_members(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [name for name in archive.namelist() if name.endswith((".xml", ".rels"))]


HOSTILE: dict[str, Callable[[], bytes]] = {
    "no-title-layout.pptx": no_title_layout,
    "damaged-layout.pptx": damaged_layout,
    "entity-bomb.pptx": entity_bomb,
    "no-content-types.pptx": no_content_types,
    "huge-presentation.pptx": huge_presentation,
    "macro-enabled.pptx": macro_enabled,
    "linked-picture.pptx": linked_picture,
    "hyperlinked.pptx": hyperlinked,
    "embedded-and-linked.pptx": embedded_and_linked_picture,
    "word-document.pptx": word_document,
    "chart-on-master.pptx": chart_on_master,
    "strict-open-xml.pptx": strict_open_xml,
    "too-many-shapes.pptx": too_many_shapes,
    "too-detailed.pptx": too_detailed,
    "large-pictures.pptx": large_pictures,
}
"""The corpus's templates (tests/bad/groups), by the file name a case names."""
