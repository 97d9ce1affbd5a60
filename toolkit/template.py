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

import posixpath
import zipfile
from typing import Any

from toolkit.files import size_text
from toolkit.ooxml import (
    AGAIN,
    CONTENT_TYPE,
    EXTENSIONS,
    HYPERLINKS,
    KINDS,
    LEFT_OUT,
    MAIN_TYPES,
    MASTER_VIEW,
    MAX_KEPT,
    MAX_NODES,
    MAX_PICTURES,
    MAX_SHAPES,
    MAX_XML,
    MAX_XML_TOTAL,
    NAMED,
    NS_A,
    NS_P,
    NS_R,
    OFFICE_DOCUMENT,
    OPTIONAL,
    P14,
    PICTURE_TYPES,
    RELS_NS,
    REQUIRED,
    RUNS,
    SHAPES,
    SIMPLER,
    SMALLER,
    STRICT,
    STRICT_NS,
    STRUCTURAL,
    TYPES_NS,
    VBA,
    Archive,
    Role,
    TemplateError,
    damaged,
    named_ids,
    remove,
    slide_size,
    too_detailed,
    xml,
)
from toolkit.template_package import Clean, Part, Relationship, place, write_package


class _Reader:
    """Walks the template from its main part, keeping only what a deck needs."""

    def __init__(self, data: bytes) -> None:
        self.archive = Archive(data)
        self.xml_read = 0
        """Bytes of XML read, unpacked."""
        self.nodes = 0
        """Elements, attributes and namespace declarations in the XML kept."""
        self.shapes = 0
        """Shapes on the masters and layouts kept."""
        self.pictures = 0
        """Bytes of pictures kept."""
        self.parts: dict[str, Part] = {}
        self.counts: dict[Role, int] = {}
        self.warnings: dict[str, tuple[str, str]] = {}
        self.types = self._content_types()

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """The template's own content types: (by part name, by extension), lower-cased."""
        info = self.archive.find("[Content_Types].xml")
        if info is None:
            raise damaged("its list of parts ([Content_Types].xml) is missing")
        words = "its list of parts ([Content_Types].xml)"
        root = xml(self._read_xml(info, words), words, f"{{{TYPES_NS}}}Types")
        overrides = {(item.get("PartName") or "").lstrip("/").lower():
                     (item.get("ContentType") or "").strip()
                     for item in root.iter(f"{{{TYPES_NS}}}Override")}
        defaults = {(item.get("Extension") or "").lower(): (item.get("ContentType") or "").strip()
                    for item in root.iter(f"{{{TYPES_NS}}}Default")}
        return overrides, defaults

    def content_type(self, member: str) -> str | None:
        overrides, defaults = self.types
        found = overrides.get(member.lower())
        if found is None:
            found = defaults.get(posixpath.splitext(member)[1].lstrip(".").lower())
        return found

    def relationships(self, member: str, words: str) -> list[Relationship]:
        """The relationships of the part in ``member`` (none when it has no .rels part)."""
        folder, name = posixpath.split(member)
        info = self.archive.find(posixpath.join(folder, "_rels", name + ".rels"))
        if info is None:
            return []
        rels_words = f"the links of {words}" if member else "its list of links (_rels/.rels)"
        root = xml(self._read_xml(info, rels_words), rels_words,
                    f"{{{RELS_NS}}}Relationships")
        found: dict[str, Relationship] = {}
        for item in root.iter(f"{{{RELS_NS}}}Relationship"):
            rel_id, rel_type, target = item.get("Id"), item.get("Type"), item.get("Target")
            if not rel_id or not rel_type or target is None or rel_id in found:
                raise damaged(f"{rels_words} cannot be read")
            external = (item.get("TargetMode") or "").lower() == "external"
            relationship = Relationship(rel_id, rel_type.strip(), target, external)
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
        if any(rel.type.startswith(STRICT_NS) for rel in package):
            raise STRICT
        main = [rel for rel in package if rel.type == OFFICE_DOCUMENT and not rel.external]
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
        if declared not in {kind.lower() for kind in MAIN_TYPES}:
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

    def add(self, member: str, role: Role) -> Part:
        """Keep the part in ``member`` as a ``role``, read and cleaned, with what it uses."""
        known = self.parts.get(member)
        if known is not None:
            if known.role != role:
                raise damaged(f"{KINDS[role].words} cannot be read")
            return known
        if len(self.parts) >= MAX_KEPT:
            raise TemplateError(f"the template has more than {MAX_KEPT} slide masters, layouts "
                                "and pictures, far more than its decks can carry",
                                f"{MASTER_VIEW}, delete the layouts no one uses, then save "
                                "the template.")
        kind = KINDS[role]
        number = self.counts[role] = self.counts.get(role, 0) + 1
        part = Part(member, role, kind.name, kind.words)
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
            part.name = kind.name.format(n=number, ext=PICTURE_TYPES.get(part.content_type,
                                                                           "bin"))
            return part
        part.name = kind.name.format(n=number)
        part.content_type = kind.content_type or ""
        data = self._read_xml(info, kind.words)
        part.element = xml(data, kind.words, kind.root)
        for child in LEFT_OUT.get(role, ()):
            for element in part.element.findall(f"{{{NS_P}}}{child}"):
                part.element.remove(element)
        if role == "presentation":
            for sections in list(part.element.iter(f"{{{P14}}}sectionLst")):
                extension = sections.getparent()
                if extension is not None and extension.getparent() is not None:
                    extension.getparent().remove(extension)
        for data in list(part.element.iter(f"{{{NS_P}}}custDataLst")):  # add-ins' tags
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

    def _weigh(self, part: Part, data: bytes) -> None:
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
            self.shapes += int(part.element.xpath(f"count({SHAPES})", namespaces={"p": NS_P}))
            if self.shapes > MAX_SHAPES:
                raise TemplateError(f"the template's slide masters and layouts hold more than "
                                    f"{MAX_SHAPES} shapes, far more than its decks can carry",
                                    SIMPLER)

    def _drop_actions(self, element: Any) -> None:
        """Remove clicks that run a macro, a program or an embedded object: PowerPoint names
        them in the link's action, with no relationship of their own to leave out."""
        for link in list(element.iter(*HYPERLINKS)):
            action = (link.get("action") or "").strip().lower()
            if action.startswith(RUNS):
                link.getparent().remove(link)
                if action.startswith("ppaction://macro"):
                    self.warn_macros()
                else:
                    self.warn_links()

    def _picture_type(self, member: str) -> str:
        declared = (self.content_type(member) or "").lower()
        if CONTENT_TYPE.match(declared):
            return declared
        guessed = EXTENSIONS.get(posixpath.splitext(member)[1].lstrip(".").lower())
        if guessed is None:
            raise damaged("a picture on its slide master is not a picture")
        return guessed

    def _relate(self, part: Part, relationships: list[Relationship]) -> None:
        """Keep the relationships a deck needs; leave out (or refuse) the rest."""
        named = named_ids(part.element)
        structural = STRUCTURAL.get(part.role, {})
        allowed = NAMED.get(part.role, {})
        seen_types: set[str] = set()
        for rel in relationships:
            uses = named.pop(rel.id, [])
            if rel.type == VBA:
                self.warn_macros()
                continue
            if rel.external:
                self._external(part, rel, uses)
                continue
            role = allowed.get(rel.type) if uses else structural.get(rel.type)
            if role is None:
                if uses and all(element.tag in HYPERLINKS for element, _ in uses):
                    remove(uses)  # a jump to one of the template's own slides, which are gone
                elif uses:
                    raise TemplateError(
                        f"{place(part)} holds something the toolkit cannot copy into decks "
                        "(a chart, diagram, sound, video, embedded file or control)",
                        f"{MASTER_VIEW}, delete the chart, diagram, sound, video or object "
                        "there, then save the template.")
                continue  # nothing in the part uses it: left out
            if not uses:
                if rel.type in seen_types:
                    continue  # python-pptx expects one of each; PowerPoint uses the first
                seen_types.add(rel.type)
            if rel.part is None:
                if role in OPTIONAL:
                    continue  # PowerPoint makes its settings afresh
                raise damaged(f"{KINDS[role].words} cannot be found")
            self.add(rel.part, role)
            part.relationships.append((rel.id, rel.type, rel.part))
        for rel_type in REQUIRED.get(part.role, ()):
            if rel_type not in seen_types:
                needed = "theme" if structural[rel_type] == "theme" else "slide master"
                raise damaged(f"{part.words} has no {needed}")
        for uses in named.values():  # ids that name no relationship at all
            if all(element.tag in HYPERLINKS for element, _ in uses):
                remove(uses)
            else:
                raise damaged(f"a part named in {part.words} is not there")

    def _external(self, part: Part, rel: Relationship,
                  uses: list[tuple[Any, str]]) -> None:
        """A link to a web address or a file outside the template: links are left out with a
        warning, a linked copy of an embedded picture is dropped, anything fetched is refused."""
        if not uses:
            return
        if all(element.tag in HYPERLINKS for element, _ in uses):
            remove(uses)
            self.warn_links()
            return
        if all(attribute == f"{{{NS_R}}}link" and element.get(f"{{{NS_R}}}embed")
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
        picture = all(element.tag == f"{{{NS_A}}}blip" for element, _ in uses)
        what = ("shows a picture fetched from outside the file (a web address or another file)"
                if picture else "uses a file or web address outside itself (a linked video, "
                "sound or object)")
        how = ("delete the linked picture and insert it again with Insert > Pictures > This "
               "Device (not \"Link to File\")" if picture
               else "delete the linked item, or insert it again without linking it")
        raise TemplateError(f"{place(part)} {what}: decks must not fetch "
                            "anything when they are opened", f"{MASTER_VIEW}, {how}, then "
                            "save the template.")

    def clean(self) -> Clean:
        """Read everything a deck needs and write the clean package."""
        main = self.add(self.main_part(), "presentation")
        width, height = slide_size(main.element)
        masters = main.element.find(f"{{{NS_P}}}sldMasterIdLst")
        if masters is None or not len(masters) or not any(
                part.role == "master" for part in self.parts.values()):
            raise damaged("it has no slide master")
        return Clean(write_package(list(self.parts.values())), tuple(self.warnings.values()),
                     width, height)


def clean_package(data: bytes) -> Clean:
    """The parts of the template in ``data`` that a deck needs, as a clean package
    (``TemplateError`` when the template cannot be used)."""
    return _Reader(data).clean()
