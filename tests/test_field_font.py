"""Form fields in the document's own embedded font: no PDF the toolkit writes lists a font it
does not carry, and a member can type Polish, Greek or Russian into a field."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import tool_missing
from field_font_maker import FONT_FILE, RANGES, TABLE_FILE, source, source_digest, write
from pypdf import PdfReader, PdfWriter
from pypdf.generic._font import Font

from toolkit.checked import check
from toolkit.drawing import render_course

SESSIONS = Path(__file__).parent.parent / "sessions"
GROUPS = sorted((SESSIONS / "groups").glob("*.yaml"))
TYPED = "Łódź Ελλάδα Жизнь"


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    checked = check(SESSIONS, GROUPS)
    assert not checked.report.errors
    found = {}
    for plan in (check(SESSIONS).plans[0], *checked.plans):
        for path, data in render_course(plan).items():
            if path.suffix == ".pdf":
                found[f"{plan.group_slug or 'default'}/{path}"] = data
    return found


def test_the_fields_font_is_made_from_the_installed_noto_sans() -> None:
    """Remade with TOOLKIT_PIN=1 (needs fontTools, a test dependency)."""
    if os.environ.get("TOOLKIT_PIN"):
        write()
    table = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    assert table["source"] == f"{source().name} sha256 {source_digest()}"
    covered = {int(code) for code in table["cmap"]}
    for character in TYPED.replace(" ", "") + "ĘőŒ€–“”":
        assert ord(character) in covered, character
    assert all(any(low <= code <= high for low, high in RANGES) for code in covered)
    assert FONT_FILE.stat().st_size < 150_000
    assert len(table["widths"]) > max(table["cmap"].values())


def fonts_of(data: bytes) -> list[tuple[str, bool]]:
    """Every font the PDF names anywhere (pages, forms, fields' appearances, the form's
    resources): its name and whether the file carries it."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.Font \
                    and obj.get("/Subtype") != pikepdf.Name.Type0:
                descriptor = obj.get("/FontDescriptor", pikepdf.Dictionary())
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                             "/FontFile3"))
                found.append((str(obj.get("/BaseFont")), embedded))
    return found


def test_no_pdf_names_a_font_it_does_not_carry(pdfs: dict[str, bytes]) -> None:
    assert len(pdfs) > 60
    for name, data in pdfs.items():
        fonts = fonts_of(data)
        assert fonts, name
        assert [font for font, embedded in fonts if not embedded] == [], name
        if b"/AcroForm" in data:
            assert any(font.endswith("NotoSans-Fields") for font, _ in fonts), name


def test_pdffonts_lists_every_font_as_embedded(pdfs: dict[str, bytes], tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        tool_missing("poppler", "the PDFs' fonts were not listed by pdffonts")
    names = [name for name in pdfs if "worksheets" in name or "workbook" in name][:12]
    for name in names:
        path = tmp_path / "file.pdf"
        path.write_bytes(pdfs[name])
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing, name
        for line in listing:
            assert line.split()[-5] == "yes", (name, line)  # the "emb" column


def test_a_member_can_type_polish_greek_and_russian_into_a_field(
        pdfs: dict[str, bytes]) -> None:
    data = next(data for name, data in pdfs.items()
                if name.startswith("default/") and name.endswith("week-01-worksheets.pdf"))
    writer = PdfWriter(clone_from=io.BytesIO(data))
    field_name = "week-01-reflex-map-name"
    page = next(page for page in writer.pages for annotation in page.get("/Annots", ())
                if annotation.get_object().get("/T") == field_name)
    writer.update_page_form_field_values(page, {field_name: TYPED}, auto_regenerate=False)
    widget = next(annotation.get_object() for annotation in page["/Annots"]
                  if annotation.get_object().get("/T") == field_name)
    appearance = widget["/AP"]["/N"].get_object()
    fonts = list(appearance["/Resources"]["/Font"].values())
    assert len(fonts) == 1
    font = fonts[0].get_object()
    assert font["/Subtype"] == "/Type0"
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor
    assert Font.from_font_resource(font).can_encode(TYPED)
    assert b"Tj" in appearance.get_data()
    out = io.BytesIO()
    writer.write(out)
    assert PdfReader(io.BytesIO(out.getvalue())).get_fields()[field_name]["/V"] == TYPED
