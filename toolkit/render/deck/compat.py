"""The one place that uses python-pptx's private parts, each with what it relies on.

python-pptx has no public way to do four things the decks need, so this module reaches in:
- ``speed_up``: caches for its tag-name and XPath lookups (``pptx.oxml.ns.qn`` and ``_nsmap``,
  ``xmlchemy.BaseOxmlElement.xpath``), about a quarter faster, byte for byte the same;
- ``NotesPages``: a deck's notes pages made by copying the first (a part's ``_element``,
  ``partname.idx``, ``NotesSlidePart(...)`` and ``relate_to``), instead of cloning the notes
  master's placeholders for every page;
- ``deck_bytes``: the deck written through python-pptx's own ``PackageWriter`` (its ``_write``,
  ``_pkg_file``, ``_write_*`` methods and the package's ``_rels``) with fixed zip dates;
- ``shape_tree`` and ``element_of``: a slide's ``p:spTree`` (``shapes._spTree``) and a shape's
  XML (``_element``), where shapes are written as XML or removed.
If a python-pptx release renames any of these, the byte-identical tests of the decks fail, and
``pyproject.toml`` bounds python-pptx below its next major version so that is a deliberate step.
"""

from __future__ import annotations

import copy
import io
import sys
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart

_done = False


def speed_up() -> None:
    """Install the caches once per process."""
    global _done
    if _done:
        return
    _done = True
    from lxml import etree
    from pptx.oxml import ns, xmlchemy

    original = getattr(ns, "qn", None)
    namespaces = getattr(ns, "_nsmap", None)
    if original is not None:
        cached = lru_cache(maxsize=None)(original)
        for name, module in list(sys.modules.items()):
            if name.startswith("pptx") and getattr(module, "qn", None) is original:
                module.qn = cached  # type: ignore[attr-defined]
    element = getattr(xmlchemy, "BaseOxmlElement", None)
    if namespaces is None or element is None or not hasattr(element, "xpath"):
        return
    compiled: dict[str, Any] = {}

    def xpath(self: Any, xpath_str: str) -> Any:
        search = compiled.get(xpath_str)
        if search is None:
            search = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=namespaces)
        return search(self)

    element.xpath = xpath


def shape_tree(slide: Any) -> Any:
    """A slide's ``p:spTree``, to add shapes written as XML."""
    return slide.shapes._spTree


def element_of(shape: Any) -> Any:
    """A shape's XML element."""
    return shape._element


class NotesPages:
    """Makes a deck's notes pages. python-pptx makes the first from the notes master; the others
    are copies of it, taken before it had text. (python-pptx would clone the master's
    placeholders again for each page, and look through every part of the deck for the next free
    part name.) A copy is named and related as python-pptx would: the next number after the
    first page's, related to the notes master, then to its slide, which is related to it."""

    def __init__(self) -> None:
        self._first: Any = None
        self._blank: Any = None
        self._made = 0

    def add(self, slide: Any, paragraphs: list[Any]) -> None:
        """The slide's speaker notes: ``paragraphs`` (``a:p`` elements) in its body."""
        if self._first is None:
            self._first = slide.notes_slide.part
            self._blank = copy.deepcopy(self._first._element)
            element = self._first._element
        else:
            element = copy.deepcopy(self._blank)
            self._add_part(slide.part, element)
        self._made += 1
        body = element.xpath("p:cSld/p:spTree/p:sp[p:nvSpPr/p:nvPr/p:ph[@type='body']]/p:txBody")
        if not body:
            raise ValueError("the slide template's notes master has no notes placeholder")
        for paragraph in body[0].findall(qn("a:p")):
            body[0].remove(paragraph)
        body[0].extend(paragraphs)

    def _add_part(self, slide_part: Any, element: Any) -> None:
        """Put ``element`` in the deck as the notes page of the slide in ``slide_part``."""
        first = self._first
        name = PackURI(f"/ppt/notesSlides/notesSlide{first.partname.idx + self._made}.xml")
        part = NotesSlidePart(name, first.content_type, first.package, element)
        part.relate_to(first.part_related_by(RT.NOTES_MASTER), RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)


def deck_bytes(deck: Any) -> bytes:
    """The deck's file, with fixed zip dates and permissions: python-pptx would stamp the
    current time. Written once, through python-pptx's own package writer, so nothing is
    compressed twice."""
    package = deck.part.package
    out = io.BytesIO()
    _RepeatableWriter(out, package._rels, tuple(package.iter_parts()))._write()
    return out.getvalue()


class _RepeatableWriter(PackageWriter):
    """python-pptx's package writer with a zip that gives every member the same date."""

    def _write(self) -> None:
        with zipfile.ZipFile(self._pkg_file, "w", zipfile.ZIP_DEFLATED) as archive:
            members: Any = _FixedDateMembers(archive)  # python-pptx types it as its own writer
            self._write_content_types_stream(members)
            self._write_pkg_rels(members)
            self._write_parts(members)


@dataclass(frozen=True)
class _FixedDateMembers:
    """Where python-pptx's writer puts each part: a member dated 1 January 1980, readable by
    all, marked as made on Unix (Windows would write 0), so every machine writes the same."""

    archive: zipfile.ZipFile

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        member = zipfile.ZipInfo(pack_uri.membername, date_time=(1980, 1, 1, 0, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        member.create_system = 3
        member.external_attr = 0o644 << 16
        self.archive.writestr(member, blob)
