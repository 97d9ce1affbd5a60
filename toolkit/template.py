"""A group's slide template, read safely: the one place that reads a template's package.

A template is a zip of XML parts and pictures that anyone can make by hand, so nothing in it is
trusted. Only the parts a deck needs are read (zipfile and lxml, no python-pptx): the main part,
its slide masters, their layouts and themes, the pictures those use, and the presentation's
settings. Every part is unpacked in pieces and counted as it comes, never trusting the sizes the
zip claims, within a limit for each part and for all of them; an XML part with a document type
(DOCTYPE: entity bombs; OOXML never has one) is refused.

What a template costs grows with what its XML holds, not with its bytes: lxml and python-pptx
keep 100 to 300 bytes for every element, attribute and namespace declaration, every deck parses
and writes them all again, and python-pptx looks through a layout's shapes one by one for each
slide added on it (a 1.4 MB template of 19 layouts of 11,500 shapes took a check 14 s and 1.2 GB,
a build 27 s and 2.3 GB). So besides bytes (2 MB for an XML part, 8 MB of XML and 10 MB of
pictures in all), what is kept may hold at most 400,000 elements, attributes and namespace
declarations, and 5000 shapes. Measured against LibreOffice's 23 bundled presentation templates
saved as .pptx, the largest holds 90,000 of them, 974 shapes, 1.3 MB of XML and 2.6 MB of
pictures; a template just within any one limit costs a check at most 1.3 s and 165 MB, and a
build of the course at most 4.4 s and 171 MB in any of its processes (2 cores; 2.5 s and 100 MB
without a template).

From them a clean package is written: fresh part names, relationships and content types, with a
plain presentation as its main part (so a .potx or a macro-enabled file becomes a plain .pptx),
and without the template's slides, notes, thumbnail, document properties, macros, embedded
fonts, sections or custom shows. Links to web pages are left out with a warning; a picture or
object fetched from outside the file when a deck opens is an error saying how to remove it.
``toolkit.render.deck.base`` opens that package with python-pptx and tries it.

Every problem is a ``TemplateError`` with a message and a hint for the group file's
``template:`` line.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
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
_CHUNK = 64 * 1024
_DOCTYPE = "<!DOCTYPE"

AGAIN = "Open it in PowerPoint and save it again as a .pptx."
MASTER_VIEW = "In PowerPoint choose View > Slide Master"
SMALLER = (f"{MASTER_VIEW}, select each large picture and choose Picture Format > Compress "
           "Pictures (Web, 150 ppi, is plenty for slides), then save the template.")
SIMPLER = (f"{MASTER_VIEW}, delete the layouts no one uses and any drawing made of very many "
           "shapes or points (or copy it and paste it back as a picture: Home > Paste > Paste "
           "Special > Picture), then save the template.")

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_STRICT = "http://purl.oclc.org/ooxml/"
_RT = _R + "/"
_OFFICE_DOCUMENT = _RT + "officeDocument"
_IMAGE = _RT + "image"
_HDPHOTO = "http://schemas.microsoft.com/office/2007/relationships/hdphoto"
_HYPERLINK = _RT + "hyperlink"
_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_MAIN_TYPES = {
    _PML + "presentation.main+xml", _PML + "template.main+xml", _PML + "slideshow.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.addin.macroEnabled.main+xml",
}
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"

Role = Literal["presentation", "master", "layout", "theme", "presProps", "viewProps",
               "tableStyles", "picture"]


@dataclass(frozen=True)
class _Kind:
    """What one kind of part is: its root element, content type, name in the clean package,
    and the words a message uses for it."""

    root: str | None
    content_type: str | None
    name: str
    words: str


_KINDS: dict[Role, _Kind] = {
    "presentation": _Kind(f"{{{_P}}}presentation", _PML + "presentation.main+xml",
                          "ppt/presentation.xml", "its main part (presentation.xml)"),
    "master": _Kind(f"{{{_P}}}sldMaster", _PML + "slideMaster+xml",
                    "ppt/slideMasters/slideMaster{n}.xml", "its slide master"),
    "layout": _Kind(f"{{{_P}}}sldLayout", _PML + "slideLayout+xml",
                    "ppt/slideLayouts/slideLayout{n}.xml", "one of its slide layouts"),
    "theme": _Kind(f"{{{_A}}}theme", "application/vnd.openxmlformats-officedocument.theme+xml",
                   "ppt/theme/theme{n}.xml", "its theme"),
    "presProps": _Kind(f"{{{_P}}}presentationPr", _PML + "presProps+xml",
                       "ppt/presProps.xml", "its presentation settings"),
    "viewProps": _Kind(f"{{{_P}}}viewPr", _PML + "viewProps+xml", "ppt/viewProps.xml",
                       "its view settings"),
    "tableStyles": _Kind(f"{{{_A}}}tblStyleLst", _PML + "tableStyles+xml",
                         "ppt/tableStyles.xml", "its table styles"),
    "picture": _Kind(None, None, "ppt/media/image{n}.{ext}", "a picture on its slide master"),
}

_STRUCTURAL: dict[Role, dict[str, Role]] = {
    # Relationships found by their type, not named in the part's XML: exactly one of each.
    "presentation": {_RT + "theme": "theme", _RT + "presProps": "presProps",
                     _RT + "viewProps": "viewProps", _RT + "tableStyles": "tableStyles"},
    "master": {_RT + "theme": "theme"},
    "layout": {_RT + "slideMaster": "master"},
}
_REQUIRED: dict[Role, tuple[str, ...]] = {
    "presentation": (_RT + "theme",), "master": (_RT + "theme",),
    "layout": (_RT + "slideMaster",),
}
_NAMED: dict[Role, dict[str, Role]] = {
    # Relationships a part's XML names by id (r:id, r:embed): kept only when named.
    "presentation": {_RT + "slideMaster": "master"},
    "master": {_RT + "slideLayout": "layout", _IMAGE: "picture", _HDPHOTO: "picture"},
    "layout": {_IMAGE: "picture", _HDPHOTO: "picture"},
    "theme": {_IMAGE: "picture", _HDPHOTO: "picture"},
    "tableStyles": {_IMAGE: "picture"},
}
_OPTIONAL = {"presProps", "viewProps", "tableStyles"}
_HYPERLINKS = {f"{{{_A}}}hlinkClick", f"{{{_A}}}hlinkHover", f"{{{_A}}}hlinkMouseOver"}
_RUNS = ("ppaction://macro", "ppaction://program", "ppaction://ole")
"""Actions of a click that run something: a macro, a program, an embedded object's verb."""
_LEFT_OUT = {
    # Parts of presentation.xml that name what a deck does not carry: the template's slides,
    # notes and handout masters, fonts, custom shows, add-in data, and a password to modify.
    "presentation": ("sldIdLst", "notesMasterIdLst", "handoutMasterIdLst", "embeddedFontLst",
                     "custShowLst", "photoAlbum", "custDataLst", "smartTags", "modifyVerifier"),
    # A slide show's own settings (kiosk mode, slide ranges), web publishing and printing.
    "presProps": ("htmlPubPr", "webPr", "prnPr", "showPr"),
}
_PICTURE_TYPES = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif",
                  "image/bmp": "bmp", "image/tiff": "tiff", "image/x-emf": "emf",
                  "image/x-wmf": "wmf", "image/svg+xml": "svg", "image/vnd.ms-photo": "wdp"}
_EXTENSIONS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
               "gif": "image/gif", "bmp": "image/bmp", "tif": "image/tiff",
               "tiff": "image/tiff", "emf": "image/x-emf", "wmf": "image/x-wmf",
               "svg": "image/svg+xml", "wdp": "image/vnd.ms-photo"}
_CONTENT_TYPE = re.compile(r"^image/[a-z0-9.+-]{1,60}$")
_SHAPES = " | ".join(f"//p:{tag}" for tag in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame",
                                               "contentPart"))
"""Every shape in a master or layout, grouped or not (python-pptx's shape elements)."""


class TemplateError(ValueError):
    """A template the toolkit cannot build on: what is wrong, and what to do."""

    def __init__(self, message: str, hint: str = AGAIN) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


STRICT = TemplateError(
    "the template is saved as Strict Open XML, which the toolkit cannot read",
    "In PowerPoint choose File > Save As > PowerPoint Presentation (.pptx), not Strict Open "
    "XML Presentation.")


def damaged(what: str, hint: str = AGAIN) -> TemplateError:
    return TemplateError(f"the template is damaged: {what}", hint)


def too_detailed() -> TemplateError:
    return TemplateError("the template's slide masters and layouts are far too detailed for its "
                         "decks to carry", SIMPLER)


class _Archive:
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
                while piece := member.read(_CHUNK):
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


def _parser() -> Any:
    from lxml import etree

    # No entity is expanded, no DTD or network file is loaded; trees stay within libxml2's
    # ordinary limits (huge_tree off).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _xml(data: bytes, words: str, root: str | None) -> Any:
    """A part's XML tree, refused when it is not well formed, declares a document type, or is
    not the kind of part it should be."""
    from lxml import etree

    unsafe = TemplateError(
        f"the template is damaged or unsafe: there is a document type (DOCTYPE) in {words}, "
        "which PowerPoint files never have",
        "Use a template saved by PowerPoint, Keynote or LibreOffice.")
    try:
        element = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        # libxml2 stops an entity bomb itself; say what it was rather than "cannot be read".
        if any(_DOCTYPE.encode(encoding) in data for encoding in ("utf-8", "utf-16-le",
                                                                   "utf-16-be")):
            raise unsafe from error
        raise damaged(f"{words} cannot be read") from error
    info = element.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise unsafe
    if not isinstance(element.tag, str):
        raise damaged(f"{words} cannot be read")
    if root is not None and element.tag != root:
        if element.tag.startswith("{" + _STRICT):
            raise STRICT
        raise damaged(f"{words} cannot be read")
    return element


@dataclass
class _Relationship:
    id: str
    type: str
    target: str
    external: bool
    part: str | None = None
    """The zip entry it points to (internal relationships only)."""


@dataclass
class _Part:
    """A part the clean package keeps."""

    member: str
    role: Role
    name: str
    words: str
    element: Any = None
    data: bytes = b""
    content_type: str = ""
    relationships: list[tuple[str, str, str]] = field(default_factory=list)
    """(id, type, zip entry of the target) for each relationship kept."""


@dataclass(frozen=True)
class Clean:
    """The clean package, and the warnings about what was left out of it."""

    package: bytes
    warnings: tuple[tuple[str, str], ...]
    width: int
    height: int
    """The template's slide size, in EMU."""


class _Reader:
    """Walks the template from its main part, keeping only what a deck needs."""

    def __init__(self, data: bytes) -> None:
        self.archive = _Archive(data)
        self.xml_read = 0
        """Bytes of XML read, unpacked."""
        self.nodes = 0
        """Elements, attributes and namespace declarations in the XML kept."""
        self.shapes = 0
        """Shapes on the masters and layouts kept."""
        self.pictures = 0
        """Bytes of pictures kept."""
        self.parts: dict[str, _Part] = {}
        self.counts: dict[Role, int] = {}
        self.warnings: dict[str, tuple[str, str]] = {}
        self.types = self._content_types()

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """The template's own content types: (by part name, by extension), lower-cased."""
        info = self.archive.find("[Content_Types].xml")
        if info is None:
            raise damaged("its list of parts ([Content_Types].xml) is missing")
        words = "its list of parts ([Content_Types].xml)"
        root = _xml(self._read_xml(info, words), words, f"{{{_TYPES_NS}}}Types")
        overrides = {(item.get("PartName") or "").lstrip("/").lower():
                     (item.get("ContentType") or "").strip()
                     for item in root.iter(f"{{{_TYPES_NS}}}Override")}
        defaults = {(item.get("Extension") or "").lower(): (item.get("ContentType") or "").strip()
                    for item in root.iter(f"{{{_TYPES_NS}}}Default")}
        return overrides, defaults

    def content_type(self, member: str) -> str | None:
        overrides, defaults = self.types
        found = overrides.get(member.lower())
        if found is None:
            found = defaults.get(posixpath.splitext(member)[1].lstrip(".").lower())
        return found

    def relationships(self, member: str, words: str) -> list[_Relationship]:
        """The relationships of the part in ``member`` (none when it has no .rels part)."""
        folder, name = posixpath.split(member)
        info = self.archive.find(posixpath.join(folder, "_rels", name + ".rels"))
        if info is None:
            return []
        rels_words = f"the links of {words}" if member else "its list of links (_rels/.rels)"
        root = _xml(self._read_xml(info, rels_words), rels_words,
                    f"{{{_RELS_NS}}}Relationships")
        found: dict[str, _Relationship] = {}
        for item in root.iter(f"{{{_RELS_NS}}}Relationship"):
            rel_id, rel_type, target = item.get("Id"), item.get("Type"), item.get("Target")
            if not rel_id or not rel_type or target is None or rel_id in found:
                raise damaged(f"{rels_words} cannot be read")
            external = (item.get("TargetMode") or "").lower() == "external"
            relationship = _Relationship(rel_id, rel_type.strip(), target, external)
            if not external:
                relationship.part = self._target(folder, target)
            found[rel_id] = relationship
        return list(found.values())

    def _target(self, folder: str, target: str) -> str | None:
        """The zip entry an internal relationship points to, or None when there is none."""
        path = target.split("#", 1)[0]
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        normal = posixpath.normpath(joined)
        if normal.startswith("..") or normal in (".", ""):
            return None
        info = self.archive.find(normal)
        return info.filename if info is not None else None

    def main_part(self) -> str:
        """The zip entry of the presentation, checked to be one."""
        package = self.relationships("", "")
        if any(rel.type.startswith(_STRICT) for rel in package):
            raise STRICT
        main = [rel for rel in package if rel.type == _OFFICE_DOCUMENT and not rel.external]
        if not main or main[0].part is None:
            raise TemplateError("the template cannot be read as a PowerPoint file", AGAIN)
        member = main[0].part
        declared = (self.content_type(member) or "").lower()
        if "wordprocessingml" in declared:
            raise TemplateError("the template is a Word document, not a PowerPoint file",
                                "Name a PowerPoint template (.pptx or .potx).")
        if "spreadsheetml" in declared:
            raise TemplateError("the template is an Excel workbook, not a PowerPoint file",
                                "Name a PowerPoint template (.pptx or .potx).")
        if declared not in {kind.lower() for kind in _MAIN_TYPES}:
            raise TemplateError("the template cannot be read as a PowerPoint file", AGAIN)
        if "macroenabled" in declared:
            self.warn_macros()
        return member

    def warn_macros(self) -> None:
        self.warnings["macros"] = (
            "the template holds macros (VBA): the decks are made without them",
            "Nothing to do. To be rid of this warning, save the template as a PowerPoint "
            "Presentation (.pptx), not a macro-enabled one.")

    def warn_links(self) -> None:
        self.warnings["links"] = (
            "the template's slide master has links to web pages, files or programs: the "
            "decks are made without them",
            "Nothing to do. To be rid of this warning, choose View > Slide Master in "
            "PowerPoint and remove each link (right-click > Remove Link; for an action, "
            "Insert > Action > None).")

    def add(self, member: str, role: Role) -> _Part:
        """Keep the part in ``member`` as a ``role``, read and cleaned, with what it uses."""
        known = self.parts.get(member)
        if known is not None:
            if known.role != role:
                raise damaged(f"{_KINDS[role].words} cannot be read")
            return known
        if len(self.parts) >= MAX_KEPT:
            raise TemplateError(f"the template has more than {MAX_KEPT} slide masters, layouts "
                                "and pictures, far more than its decks can carry",
                                f"{MASTER_VIEW}, delete the layouts no one uses, then save "
                                "the template.")
        kind = _KINDS[role]
        number = self.counts[role] = self.counts.get(role, 0) + 1
        part = _Part(member, role, kind.name, kind.words)
        self.parts[member] = part
        info = self.archive.find(member)
        if info is None:
            raise damaged(f"{kind.words} cannot be found")
        if role == "picture":
            part.data = self.archive.read(info, MAX_PICTURES - self.pictures, kind.words,
                                          TemplateError(
                                              "the pictures on the template's slide masters and "
                                              "layouts are too large: over "
                                              f"{size_text(MAX_PICTURES)} in all, unpacked",
                                              SMALLER))
            self.pictures += len(part.data)
            part.content_type = self._picture_type(member)
            part.name = kind.name.format(n=number, ext=_PICTURE_TYPES.get(part.content_type,
                                                                           "bin"))
            return part
        part.name = kind.name.format(n=number)
        part.content_type = kind.content_type or ""
        data = self._read_xml(info, kind.words)
        part.element = _xml(data, kind.words, kind.root)
        for child in _LEFT_OUT.get(role, ()):
            for element in part.element.findall(f"{{{_P}}}{child}"):
                part.element.remove(element)
        if role == "presentation":
            for sections in list(part.element.iter(f"{{{_P14}}}sectionLst")):
                extension = sections.getparent()
                if extension is not None and extension.getparent() is not None:
                    extension.getparent().remove(extension)
        for data in list(part.element.iter(f"{{{_P}}}custDataLst")):  # add-ins' tags
            data.getparent().remove(data)
        self._drop_actions(part.element)
        self._weigh(part, data)
        self._relate(part, self.relationships(member, kind.words))
        return part

    def _read_xml(self, info: zipfile.ZipInfo, words: str) -> bytes:
        """An XML part's bytes, within the limits of one part and of all the XML read."""
        data = self.archive.read(info, MAX_XML, words)
        self.xml_read += len(data)
        if self.xml_read > MAX_XML_TOTAL:
            raise too_detailed()
        return data

    def _weigh(self, part: _Part, data: bytes) -> None:
        """Count what a part kept will cost: its elements and attributes (counted in C by
        libxml2's XPath) and its namespace declarations (which XPath sees once for every element
        they apply to, so they are counted in the text, as PowerPoint writes it: UTF-8 or
        UTF-16)."""
        declarations = sum(data.count("xmlns".encode(encoding))
                           for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
        self.nodes += int(part.element.xpath("count(//*) + count(//@*)")) + declarations
        if self.nodes > MAX_NODES:
            raise too_detailed()
        if part.role in ("master", "layout"):
            self.shapes += int(part.element.xpath(f"count({_SHAPES})", namespaces={"p": _P}))
            if self.shapes > MAX_SHAPES:
                raise TemplateError(f"the template's slide masters and layouts hold more than "
                                    f"{MAX_SHAPES} shapes, far more than its decks can carry",
                                    SIMPLER)

    def _drop_actions(self, element: Any) -> None:
        """Remove clicks that run a macro, a program or an embedded object: PowerPoint names
        them in the link's action, with no relationship of their own to leave out."""
        for link in list(element.iter(*_HYPERLINKS)):
            action = (link.get("action") or "").strip().lower()
            if action.startswith(_RUNS):
                link.getparent().remove(link)
                if action.startswith("ppaction://macro"):
                    self.warn_macros()
                else:
                    self.warn_links()

    def _picture_type(self, member: str) -> str:
        declared = (self.content_type(member) or "").lower()
        if _CONTENT_TYPE.match(declared):
            return declared
        guessed = _EXTENSIONS.get(posixpath.splitext(member)[1].lstrip(".").lower())
        if guessed is None:
            raise damaged("a picture on its slide master is not a picture")
        return guessed

    def _relate(self, part: _Part, relationships: list[_Relationship]) -> None:
        """Keep the relationships a deck needs; leave out (or refuse) the rest."""
        named = _named_ids(part.element)
        structural = _STRUCTURAL.get(part.role, {})
        allowed = _NAMED.get(part.role, {})
        seen_types: set[str] = set()
        for rel in relationships:
            uses = named.pop(rel.id, [])
            if rel.type == _VBA:
                self.warn_macros()
                continue
            if rel.external:
                self._external(part, rel, uses)
                continue
            role = allowed.get(rel.type) if uses else structural.get(rel.type)
            if role is None:
                if uses and all(element.tag in _HYPERLINKS for element, _ in uses):
                    _remove(uses)  # a jump to one of the template's own slides, which are gone
                elif uses:
                    raise TemplateError(
                        f"{_place(part)} holds something the toolkit cannot copy into decks "
                        "(a chart, diagram, sound, video, embedded file or control)",
                        f"{MASTER_VIEW}, delete the chart, diagram, sound, video or object "
                        "there, then save the template.")
                continue  # nothing in the part uses it: left out
            if not uses:
                if rel.type in seen_types:
                    continue  # python-pptx expects one of each; PowerPoint uses the first
                seen_types.add(rel.type)
            if rel.part is None:
                if role in _OPTIONAL:
                    continue  # PowerPoint makes its settings afresh
                raise damaged(f"{_KINDS[role].words} cannot be found")
            self.add(rel.part, role)
            part.relationships.append((rel.id, rel.type, rel.part))
        for rel_type in _REQUIRED.get(part.role, ()):
            if rel_type not in seen_types:
                needed = "theme" if structural[rel_type] == "theme" else "slide master"
                raise damaged(f"{part.words} has no {needed}")
        for uses in named.values():  # ids that name no relationship at all
            if all(element.tag in _HYPERLINKS for element, _ in uses):
                _remove(uses)
            else:
                raise damaged(f"a part named in {part.words} is not there")

    def _external(self, part: _Part, rel: _Relationship,
                  uses: list[tuple[Any, str]]) -> None:
        """A link to a web address or a file outside the template: links are left out with a
        warning, a linked copy of an embedded picture is dropped, anything fetched is refused."""
        if not uses:
            return
        if all(element.tag in _HYPERLINKS for element, _ in uses):
            _remove(uses)
            self.warn_links()
            return
        if all(attribute == f"{{{_R}}}link" and element.get(f"{{{_R}}}embed")
               for element, attribute in uses):
            for element, attribute in uses:  # "Insert and Link": the copy inside stays
                del element.attrib[attribute]
            self.warnings["linked"] = (
                "the template's slide master has pictures linked to files outside it: the "
                "decks use the copies inside the template",
                "Nothing to do. To be rid of this warning, choose View > Slide Master in "
                "PowerPoint and insert those pictures again with Insert > Pictures (not "
                "\"Insert and Link\").")
            return
        picture = all(element.tag == f"{{{_A}}}blip" for element, _ in uses)
        what = ("shows a picture fetched from outside the file (a web address or another file)"
                if picture else "uses a file or web address outside itself (a linked video, "
                "sound or object)")
        how = ("delete the linked picture and insert it again with Insert > Pictures > This "
               "Device (not \"Link to File\")" if picture
               else "delete the linked item, or insert it again without linking it")
        raise TemplateError(f"{_place(part)} {what}: decks must not fetch "
                            "anything when they are opened", f"{MASTER_VIEW}, {how}, then "
                            "save the template.")

    def clean(self) -> Clean:
        """Read everything a deck needs and write the clean package."""
        main = self.add(self.main_part(), "presentation")
        width, height = _slide_size(main.element)
        masters = main.element.find(f"{{{_P}}}sldMasterIdLst")
        if masters is None or not len(masters) or not any(
                part.role == "master" for part in self.parts.values()):
            raise damaged("it has no slide master")
        return Clean(self._write(), tuple(self.warnings.values()), width, height)

    def _write(self) -> bytes:
        from lxml import etree

        names = {member: part.name for member, part in self.parts.items()}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            types = etree.Element(f"{{{_TYPES_NS}}}Types", nsmap={None: _TYPES_NS})
            etree.SubElement(types, f"{{{_TYPES_NS}}}Default", Extension="rels",
                             ContentType=_RELS_TYPE)
            etree.SubElement(types, f"{{{_TYPES_NS}}}Default", Extension="xml",
                             ContentType="application/xml")
            for part in self.parts.values():
                etree.SubElement(types, f"{{{_TYPES_NS}}}Override", PartName="/" + part.name,
                                 ContentType=part.content_type)
            target.writestr("[Content_Types].xml", _serialize(types))
            target.writestr("_rels/.rels", _relationships(
                "", [("rId1", _OFFICE_DOCUMENT, "ppt/presentation.xml")]))
            for part in self.parts.values():
                target.writestr(part.name, part.data if part.element is None
                                else _serialize(part.element))
                if part.relationships:
                    folder, name = posixpath.split(part.name)
                    target.writestr(posixpath.join(folder, "_rels", name + ".rels"),
                                    _relationships(folder, [(rel_id, rel_type, names[member])
                                                            for rel_id, rel_type, member
                                                            in part.relationships]))
        return out.getvalue()


def _named_ids(element: Any) -> dict[str, list[tuple[Any, str]]]:
    """Every relationship id the XML names (r:id, r:embed, r:link...), with where. Found by
    XPath, whose results know their element and name: lxml's ``attrib.items()`` looks each
    value up by name again, so an element of 20,000 attributes took 2 s."""
    found: dict[str, list[tuple[Any, str]]] = {}
    for value in element.xpath("//@r:*", namespaces={"r": _R}):
        if value:
            found.setdefault(str(value), []).append((value.getparent(), value.attrname))
    return found


def _remove(uses: list[tuple[Any, str]]) -> None:
    for element, _ in uses:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _place(part: _Part) -> str:
    """The part as the subject of a sentence about the template."""
    return {"presentation": "the template's main part", "master": "the template's slide master",
            "layout": "one of the template's slide layouts", "theme": "the template's theme"
            }.get(part.role, "the template's settings")


def _slide_size(presentation: Any) -> tuple[int, int]:
    """The slide size presentation.xml gives, in EMU, checked to be widescreen (16:9)."""
    size = presentation.find(f"{{{_P}}}sldSz")
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


def _serialize(element: Any) -> bytes:
    from lxml import etree

    data: bytes = etree.tostring(element, xml_declaration=True, encoding="UTF-8",
                                 standalone=True)
    return data


def _relationships(folder: str, items: list[tuple[str, str, str]]) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{_RELS_NS}}}Relationships", nsmap={None: _RELS_NS})
    for rel_id, rel_type, target in items:
        etree.SubElement(root, f"{{{_RELS_NS}}}Relationship", Id=rel_id, Type=rel_type,
                         Target=posixpath.relpath(target, folder or "."))
    return _serialize(root)


def clean_package(data: bytes) -> Clean:
    """The parts of the template in ``data`` that a deck needs, as a clean package
    (``TemplateError`` when the template cannot be used)."""
    return _Reader(data).clean()
