"""What a slide template's package holds that a deck may keep, and reading it safely.

A template is an Office Open XML package: a zip of XML parts and pictures tied together by
relationships and content types. This module knows the parts a deck keeps (``KINDS``: the main
part, slide masters, layouts, themes, their pictures and the presentation's settings) and how
each relates to the others, reads the zip within limits (``Archive``: every part unpacked in
pieces and counted, never trusting the sizes the zip claims) and parses XML safely (``xml``: a
document type is refused, as OOXML never has one, which stops entity bombs). ``toolkit.template``
walks a template with it and writes the clean package.
"""


from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from toolkit.files import size_text

MAX_MEMBERS = 5000
"""Files in the template's zip: a large corporate template has a few hundred."""
MAX_KEPT = 400
"""Masters, layouts, themes and pictures kept: every deck carries them all, and python-pptx
reads each one per deck (a few masters of a dozen layouts each is usual)."""
MAX_XML = 2 * 2**20
"""The largest XML part read, unpacked: a busy slide master is a few hundred KB."""
MAX_XML_TOTAL = 8 * 2**20
"""All the XML read from one template, unpacked (its parts, their links, its list of parts):
the largest of LibreOffice's templates has 1.3 MB."""
MAX_NODES = 400_000
"""Elements, attributes and namespace declarations in all the XML kept: the largest of
LibreOffice's templates has 90,000."""
MAX_SHAPES = 5000
"""Shapes on all the masters and layouts kept: python-pptx looks through a layout's shapes one
by one each time a slide is added on it, and through all of them to choose the layouts. The
largest of LibreOffice's templates has 974."""
MAX_PICTURES = 10 * 2**20
"""The pictures of the masters, layouts and themes kept, unpacked, in all: every deck carries
(and compresses again) them all. The largest of LibreOffice's templates has 2.6 MB."""
CHUNK = 64 * 1024
DOCTYPE = "<!DOCTYPE"

AGAIN = "Open it in PowerPoint and save it again as a .pptx."
MASTER_VIEW = "In PowerPoint choose View > Slide Master"
SMALLER = (f"{MASTER_VIEW}, select each large picture and choose Picture Format > Compress "
           "Pictures (Web, 150 ppi, is plenty for slides), then save the template.")
SIMPLER = (f"{MASTER_VIEW}, delete the layouts no one uses and any drawing made of very many "
           "shapes or points (or copy it and paste it back as a picture: Home > Paste > Paste "
           "Special > Picture), then save the template.")

NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
STRICT_NS = "http://purl.oclc.org/ooxml/"
RT = NS_R + "/"
OFFICE_DOCUMENT = RT + "officeDocument"
IMAGE = RT + "image"
HDPHOTO = "http://schemas.microsoft.com/office/2007/relationships/hdphoto"
HYPERLINK = RT + "hyperlink"
VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

PML = "application/vnd.openxmlformats-officedocument.presentationml."
MAIN_TYPES = {
    PML + "presentation.main+xml", PML + "template.main+xml", PML + "slideshow.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.addin.macroEnabled.main+xml",
}
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"

Role = Literal["presentation", "master", "layout", "theme", "presProps", "viewProps",
               "tableStyles", "picture"]


@dataclass(frozen=True)
class Kind:
    """What one kind of part is: its root element, content type, name in the clean package,
    and the words a message uses for it."""

    root: str | None
    content_type: str | None
    name: str
    words: str


KINDS: dict[Role, Kind] = {
    "presentation": Kind(f"{{{NS_P}}}presentation", PML + "presentation.main+xml",
                          "ppt/presentation.xml", "its main part (presentation.xml)"),
    "master": Kind(f"{{{NS_P}}}sldMaster", PML + "slideMaster+xml",
                    "ppt/slideMasters/slideMaster{n}.xml", "its slide master"),
    "layout": Kind(f"{{{NS_P}}}sldLayout", PML + "slideLayout+xml",
                    "ppt/slideLayouts/slideLayout{n}.xml", "one of its slide layouts"),
    "theme": Kind(f"{{{NS_A}}}theme", "application/vnd.openxmlformats-officedocument.theme+xml",
                   "ppt/theme/theme{n}.xml", "its theme"),
    "presProps": Kind(f"{{{NS_P}}}presentationPr", PML + "presProps+xml",
                       "ppt/presProps.xml", "its presentation settings"),
    "viewProps": Kind(f"{{{NS_P}}}viewPr", PML + "viewProps+xml", "ppt/viewProps.xml",
                       "its view settings"),
    "tableStyles": Kind(f"{{{NS_A}}}tblStyleLst", PML + "tableStyles+xml",
                         "ppt/tableStyles.xml", "its table styles"),
    "picture": Kind(None, None, "ppt/media/image{n}.{ext}", "a picture on its slide master"),
}

STRUCTURAL: dict[Role, dict[str, Role]] = {
    # Relationships found by their type, not named in the part's XML: exactly one of each.
    "presentation": {RT + "theme": "theme", RT + "presProps": "presProps",
                     RT + "viewProps": "viewProps", RT + "tableStyles": "tableStyles"},
    "master": {RT + "theme": "theme"},
    "layout": {RT + "slideMaster": "master"},
}
REQUIRED: dict[Role, tuple[str, ...]] = {
    "presentation": (RT + "theme",), "master": (RT + "theme",),
    "layout": (RT + "slideMaster",),
}
NAMED: dict[Role, dict[str, Role]] = {
    # Relationships a part's XML names by id (r:id, r:embed): kept only when named.
    "presentation": {RT + "slideMaster": "master"},
    "master": {RT + "slideLayout": "layout", IMAGE: "picture", HDPHOTO: "picture"},
    "layout": {IMAGE: "picture", HDPHOTO: "picture"},
    "theme": {IMAGE: "picture", HDPHOTO: "picture"},
    "tableStyles": {IMAGE: "picture"},
}
OPTIONAL = {"presProps", "viewProps", "tableStyles"}
HYPERLINKS = {f"{{{NS_A}}}hlinkClick", f"{{{NS_A}}}hlinkHover", f"{{{NS_A}}}hlinkMouseOver"}
RUNS = ("ppaction://macro", "ppaction://program", "ppaction://ole")
"""Actions of a click that run something: a macro, a program, an embedded object's verb."""
LEFT_OUT = {
    # Parts of presentation.xml that name what a deck does not carry: the template's slides,
    # notes and handout masters, fonts, custom shows, add-in data, and a password to modify.
    "presentation": ("sldIdLst", "notesMasterIdLst", "handoutMasterIdLst", "embeddedFontLst",
                     "custShowLst", "photoAlbum", "custDataLst", "smartTags", "modifyVerifier"),
    # A slide show's own settings (kiosk mode, slide ranges), web publishing and printing.
    "presProps": ("htmlPubPr", "webPr", "prnPr", "showPr"),
}
PICTURE_TYPES = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif",
                  "image/bmp": "bmp", "image/tiff": "tiff", "image/x-emf": "emf",
                  "image/x-wmf": "wmf", "image/svg+xml": "svg", "image/vnd.ms-photo": "wdp"}
EXTENSIONS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
               "gif": "image/gif", "bmp": "image/bmp", "tif": "image/tiff",
               "tiff": "image/tiff", "emf": "image/x-emf", "wmf": "image/x-wmf",
               "svg": "image/svg+xml", "wdp": "image/vnd.ms-photo"}
CONTENT_TYPE = re.compile(r"^image/[a-z0-9.+-]{1,60}$")
SHAPES = " | ".join(f"//p:{tag}" for tag in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame",
                                               "contentPart"))
"""Every shape in a master or layout, grouped or not (python-pptx's shape elements)."""


class TemplateError(ValueError):
    """A template the toolkit cannot build on: what is wrong, and what to do (and, once known,
    which file: a build reports it at the template's path)."""

    def __init__(self, message: str, hint: str = AGAIN, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path

    def __reduce__(self) -> tuple[type[TemplateError], tuple[str, str, Path | None]]:
        """Whole across processes (a deck drawn in a worker raises it in the build)."""
        return TemplateError, (self.message, self.hint, self.path)


STRICT = TemplateError(
    "the template is saved as Strict Open XML, which the toolkit cannot read",
    "In PowerPoint choose File > Save As > PowerPoint Presentation (.pptx), not Strict Open "
    "XML Presentation.")


def damaged(what: str, hint: str = AGAIN) -> TemplateError:
    return TemplateError(f"the template is damaged: {what}", hint)


def too_detailed() -> TemplateError:
    return TemplateError("the template's slide masters and layouts are far too detailed for its "
                         "decks to carry", SIMPLER)


class Archive:
    """The template's zip, read only as far as asked and only within the limits."""

    def __init__(self, data: bytes) -> None:
        # Every entry of the zip's directory starts with these four bytes: counting them bounds
        # the entries before zipfile builds an object for each (a 20 MB file holds 250,000).
        if data.count(b"PK\x01\x02") > MAX_MEMBERS:
            raise TemplateError(f"the template has more than {MAX_MEMBERS} parts, far more than "
                                "a slide template needs", AGAIN)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, struct.error, OSError, ValueError,
                EOFError, IndexError, KeyError, NotImplementedError) as error:
            raise TemplateError("the template cannot be read as a PowerPoint file",
                                AGAIN) from error
        self._members = {info.filename: info for info in infos}
        self._folded = {info.filename.lower(): info for info in infos}

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The zip entry of a part (OPC part names ignore case; a target may be %-escaped)."""
        for candidate in (name, unquote(name)):
            info = self._members.get(candidate) or self._folded.get(candidate.lower())
            if info is not None:
                return info
        return None

    def read(self, info: zipfile.ZipInfo, limit: int, words: str,
             too_large: TemplateError | None = None) -> bytes:
        """A part's bytes, unpacked in pieces and counted as they come: never more than
        ``limit`` is held, whatever the zip says the size is. Over it, ``too_large`` is raised
        (by default: too large when unpacked, in this part)."""
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or \
                info.flag_bits & 0x1:
            # PowerPoint only stores or deflates, and never encrypts a part; other methods
            # (bzip2, lzma) could unpack without bound before zipfile returns.
            raise damaged(f"{words} cannot be unpacked (PowerPoint never packs a file this way)")
        pieces: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as member:
                while piece := member.read(CHUNK):
                    size += len(piece)
                    if size > limit:
                        raise too_large or TemplateError(
                            f"the template is too large when unpacked: over "
                            f"{size_text(limit)} in {words}", AGAIN)
                    pieces.append(piece)
        except TemplateError:
            raise
        except (zipfile.BadZipFile, zlib.error, struct.error, OSError, ValueError, EOFError,
                RuntimeError, NotImplementedError) as error:
            raise damaged(f"{words} cannot be unpacked") from error
        return b"".join(pieces)


def parser() -> Any:
    from lxml import etree

    # No entity is expanded, no DTD or network file is loaded; trees stay within libxml2's
    # ordinary limits (huge_tree off).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def xml(data: bytes, words: str, root: str | None) -> Any:
    """A part's XML tree, refused when it is not well formed, declares a document type, or is
    not the kind of part it should be."""
    from lxml import etree

    unsafe = TemplateError(
        f"the template is damaged or unsafe: there is a document type (DOCTYPE) in {words}, "
        "which PowerPoint files never have",
        "Use a template saved by PowerPoint, Keynote or LibreOffice.")
    try:
        element = etree.fromstring(data, parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        # libxml2 stops an entity bomb itself; say what it was rather than "cannot be read".
        if any(DOCTYPE.encode(encoding) in data for encoding in ("utf-8", "utf-16-le",
                                                                   "utf-16-be")):
            raise unsafe from error
        raise damaged(f"{words} cannot be read") from error
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise unsafe
    if not isinstance(element.tag, str):
        raise damaged(f"{words} cannot be read")
    if root is not None and element.tag != root:
        if element.tag.startswith("{" + STRICT_NS):
            raise STRICT
        raise damaged(f"{words} cannot be read")
    return element


def named_ids(element: Any) -> dict[str, list[tuple[Any, str]]]:
    """Every relationship id the XML names (r:id, r:embed, r:link...), with where. Found by
    XPath, whose results know their element and name: lxml's ``attrib.items()`` looks each
    value up by name again, so an element of 20,000 attributes took 2 s."""
    found: dict[str, list[tuple[Any, str]]] = {}
    for value in element.xpath("//@r:*", namespaces={"r": NS_R}):
        if value:
            found.setdefault(str(value), []).append((value.getparent(), value.attrname))
    return found


def remove(uses: list[tuple[Any, str]]) -> None:
    for element, _ in uses:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def slide_size(presentation: Any) -> tuple[int, int]:
    """The slide size presentation.xml gives, in EMU, checked to be widescreen (16:9)."""
    size = presentation.find(f"{{{NS_P}}}sldSz")
    try:
        width, height = int(size.get("cx")), int(size.get("cy"))
    except (AttributeError, TypeError, ValueError):
        raise TemplateError("the template does not say its slide size", AGAIN) from None
    # PowerPoint's own limits: 1 to 56 inches a side.
    if not (914400 <= width <= 51206400 and 914400 <= height <= 51206400):
        raise TemplateError("the template does not say its slide size", AGAIN)
    if abs(width / height - 16 / 9) > 0.01:
        raise TemplateError("the template's slides are not widescreen (16:9)",
                            "In PowerPoint choose Design > Slide Size > Widescreen (16:9), then "
                            "save it again.")
    return width, height


def serialize(element: Any) -> bytes:
    from lxml import etree

    data: bytes = etree.tostring(element, xml_declaration=True, encoding="UTF-8",
                                 standalone=True)
    return data


def relationships(folder: str, items: list[tuple[str, str, str]]) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    for rel_id, rel_type, target in items:
        etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rel_id, Type=rel_type,
                         Target=posixpath.relpath(target, folder or "."))
    return serialize(root)


