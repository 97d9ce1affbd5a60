"""The clean package a slide template becomes: the parts kept from it (``toolkit.template``
reads and chooses them), and how they are written out, under fresh names with fresh content
types and relationships.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any

from toolkit.ooxml import (
    OFFICE_DOCUMENT,
    RELS_TYPE,
    TYPES_NS,
    Role,
    relationships,
    serialize,
)


@dataclass
class Relationship:
    """A relationship of a part of the template, as read."""

    id: str
    type: str
    target: str
    external: bool
    part: str | None = None
    """The zip entry it points to (internal relationships only)."""


@dataclass
class Part:
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


def write_package(parts: list[Part]) -> bytes:
    """The clean package: the parts kept, under their new names, with fresh content types
    and relationships."""
    from lxml import etree

    names = {part.member: part.name for part in parts}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        types = etree.Element(f"{{{TYPES_NS}}}Types", nsmap={None: TYPES_NS})
        etree.SubElement(types, f"{{{TYPES_NS}}}Default", Extension="rels",
                         ContentType=RELS_TYPE)
        etree.SubElement(types, f"{{{TYPES_NS}}}Default", Extension="xml",
                         ContentType="application/xml")
        for part in parts:
            etree.SubElement(types, f"{{{TYPES_NS}}}Override", PartName="/" + part.name,
                             ContentType=part.content_type)
        target.writestr("[Content_Types].xml", serialize(types))
        target.writestr("_rels/.rels", relationships(
            "", [("rId1", OFFICE_DOCUMENT, "ppt/presentation.xml")]))
        for part in parts:
            target.writestr(part.name, part.data if part.element is None
                            else serialize(part.element))
            if part.relationships:
                folder, name = posixpath.split(part.name)
                target.writestr(posixpath.join(folder, "_rels", name + ".rels"),
                                relationships(folder, [(rel_id, rel_type, names[member])
                                                        for rel_id, rel_type, member
                                                        in part.relationships]))
    return out.getvalue()


def place(part: Part) -> str:
    """The part as the subject of a sentence about the template."""
    return {"presentation": "the template's main part", "master": "the template's slide master",
            "layout": "one of the template's slide layouts", "theme": "the template's theme"
            }.get(part.role, "the template's settings")
