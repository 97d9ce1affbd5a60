"""Form fields typed in a font the PDF carries, so what a member types shows the same in every
viewer, prints, and can be any letter of Latin, Greek or Cyrillic.

reportlab's form fields can name only the fourteen standard PDF fonts, which a PDF never
embeds: its worksheets listed Helvetica unembedded, typed text fell back to whatever font the
viewer had ("Ł" could not be typed at all), and print-shop preflight rejected the files. So after
a PDF is written, every field is pointed, with pikepdf, at one font the file carries whole:
Noto Sans cut to the scripts members may type (``toolkit/field-font.ttf``, made from the
installed Noto Sans by ``tests/field_font_maker.py``; its widths and character map are in
``field-font.json``). It is a composite (Type 0) font with Identity-H encoding, the PDF way of
typing any of its characters, with a ToUnicode map so typed text can be searched and copied.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf

PACKAGE = Path(__file__).resolve().parent.parent.parent
FONT_FILE = PACKAGE / "field-font.ttf"
TABLE_FILE = PACKAGE / "field-font.json"
FIELD_FONT = "/TkFieldSans"
"""The fields' font's name in the form's resources and in each field's default appearance."""
_TF = re.compile(rb"/[^\s/<>\[\]()]+(\s+[-\d.]+\s+Tf)")


@cache
def _program() -> tuple[bytes, dict[str, Any]]:
    table: dict[str, Any] = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    return FONT_FILE.read_bytes(), table


@cache
def _to_unicode() -> bytes:
    """The CMap from the font's glyph ids (its codes, with Identity-H) to the characters."""
    _, table = _program()
    pairs = sorted({gid: int(code) for code, gid in reversed(table["cmap"].items())}.items())
    chunks = []
    for start in range(0, len(pairs), 100):
        part = pairs[start:start + 100]
        chunks.append(f"{len(part)} beginbfchar\n" + "".join(
            f"<{gid:04X}> <{code:04X}>\n" if code <= 0xFFFF else
            f"<{gid:04X}> <{_surrogates(code)}>\n" for gid, code in part) + "endbfchar\n")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "".join(chunks) + "endcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend\n").encode("ascii")


def _surrogates(code: int) -> str:
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def _font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The fields' font as objects of ``pdf``."""
    data, table = _program()
    name = pikepdf.Name("/" + table["name"])
    program = pikepdf.Stream(pdf, data)
    program.Length1 = len(data)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=32,
        FontBBox=pikepdf.Array(table["bbox"]), ItalicAngle=0, Ascent=table["ascent"],
        Descent=table["descent"], CapHeight=table["cap_height"], StemV=80,
        FontFile2=program)
    glyphs = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=name,
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                         Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor),
        W=pikepdf.Array([0, pikepdf.Array(table["widths"])]),
        CIDToGIDMap=pikepdf.Name.Identity)
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=name,
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=pikepdf.Array([pdf.make_indirect(glyphs)]),
        ToUnicode=pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode()))))


def embed_field_font(pdf: pikepdf.Pdf) -> None:
    """Point every form field of ``pdf`` at one embedded font (nothing if it has no form).
    Safe to repeat: a book assembled from files that had it once ends with one copy."""
    form = pdf.Root.get("/AcroForm")
    if form is None:
        return
    font = _font(pdf)
    fonts = pikepdf.Dictionary({FIELD_FONT: font})
    form.DR = pikepdf.Dictionary(Font=fonts)
    form.DA = pikepdf.String(f"{FIELD_FONT} 0 Tf 0 g")
    for field in _all_fields(form.get("/Fields", ())):
        if "/DA" in field:
            field.DA = pikepdf.String(_TF.sub(FIELD_FONT.encode() + rb"\1",
                                              bytes(field.DA)).decode("latin-1"))
        for stream in _appearances(field):
            resources = stream.get("/Resources")
            if resources is not None and "/Font" in resources:
                resources.Font = fonts
                content = stream.read_bytes()
                if b"Tf" in content:
                    stream.write(_TF.sub(FIELD_FONT.encode() + rb"\1", content))


def _all_fields(fields: Any) -> list[pikepdf.Object]:
    found: list[pikepdf.Object] = []
    for field in fields:
        found.append(field)
        found += _all_fields(field.get("/Kids", ()))
    return found


def _appearances(field: pikepdf.Object) -> list[pikepdf.Object]:
    """The appearance streams of a widget: normal, down and rollover, each one stream or a
    stream per state."""
    found: list[pikepdf.Object] = []
    for kind in ("/N", "/D", "/R"):
        entry = field.get("/AP", pikepdf.Dictionary()).get(kind)
        if isinstance(entry, pikepdf.Stream):
            found.append(entry)
        elif isinstance(entry, pikepdf.Dictionary):
            found += [state for state in entry.values() if isinstance(state, pikepdf.Stream)]
    return found


def with_field_font(data: bytes) -> bytes:
    """A PDF written by reportlab, with its form fields in the embedded font (unchanged if it
    has no form)."""
    if b"/AcroForm" not in data:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        embed_field_font(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()
