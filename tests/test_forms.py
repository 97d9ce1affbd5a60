"""Worksheets are fillable PDF forms that print exactly like the blank sheets.

Every place to write or tick is a form field: the files are read back with pypdf, and pages
are rendered with pdftoppm to check that the fields add nothing to the printed page.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import render_output, tool_missing, with_session
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from toolkit.checked import check
from toolkit.plan import Plan, PrintSettings
from toolkit.render.pdf.document import render_pdf
from toolkit.render.pdf.notes import render_notes
from toolkit.render.pdf.page import TOP_MARGIN, page_margin, page_size
from toolkit.render.pdf.worksheets import participant_page, render_worksheets, sheet_story

SESSIONS = Path(__file__).parent.parent / "sessions"
MULTILINE = 1 << 12
RADIO = 1 << 15
PUSHBUTTON = 1 << 16


@pytest.fixture
def needs_pdftoppm() -> None:
    """The page pictures come from poppler's pdftoppm: a visible skip where it is missing,
    a failure in CI unless .ci/run said it cannot be installed there."""
    if shutil.which("pdftoppm") is None:
        tool_missing("poppler", "the worksheets were not drawn as pictures to compare")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def widgets(reader: PdfReader) -> list[tuple[int, Any]]:
    """(page index, widget annotation) for every form widget in the file."""
    found = []
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots", []):
            annotation = ref.get_object()
            if annotation.get("/Subtype") == "/Widget":
                found.append((index, annotation))
    return found


def field_names(reader: PdfReader) -> list[str]:
    """The names of the document's top-level fields, repeats included."""
    return [str(ref.get_object()["/T"]) for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]


def render_page(pdf: Path, page: int = 1, resolution: int = 60) -> Image.Image:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(prefix)], check=True)
    with Image.open(prefix.with_suffix(".png")) as image:
        return image.convert("RGB")


def without_fields(pdf: Path) -> Path:
    writer = PdfWriter(clone_from=str(pdf))
    writer.remove_annotations(subtypes="/Widget")
    del writer._root_object["/AcroForm"]
    out = pdf.with_name(pdf.stem + "-bare.pdf")
    writer.write(str(out))
    return out



def test_every_write_in_area_is_a_field_of_the_right_kind(sample_plan: Plan,
                                                          tmp_path: Path) -> None:
    reader = PdfReader(write(tmp_path, "sheets.pdf",
                             render_worksheets(sample_plan, sample_plan.sessions[0])))
    fields = reader.get_fields()
    assert fields is not None
    cells = {f"week-01-reflex-map-4-r{row}c{column}" for row in range(1, 5) for column in range(1, 4)}
    assert set(fields) == {"week-01-reflex-map-name", "week-01-reflex-map-date", "week-01-reflex-map-1-prompt",
                           "week-01-reflex-map-2-scale", "week-01-reflex-map-3-o1", "week-01-reflex-map-3-o2", *cells}
    names = field_names(reader)
    assert len(names) == len(set(names)) == len(fields)

    def flags(name: str) -> int:
        return int(fields[name].get("/Ff", 0))

    prompt = fields["week-01-reflex-map-1-prompt"]
    assert prompt["/FT"] == "/Tx" and flags("week-01-reflex-map-1-prompt") & MULTILINE
    assert all("/MaxLen" not in annotation for _, annotation in widgets(reader))
    for name in ("week-01-reflex-map-name", "week-01-reflex-map-date", *cells):
        assert fields[name]["/FT"] == "/Tx", name
        assert not flags(name) & MULTILINE, name
    for name in ("week-01-reflex-map-3-o1", "week-01-reflex-map-3-o2"):
        assert fields[name]["/FT"] == "/Btn" and not flags(name) & (RADIO | PUSHBUTTON)
        assert set(fields[name]["/_States_"]) == {"/Yes", "/Off"}
    scale = fields["week-01-reflex-map-2-scale"]
    assert scale["/FT"] == "/Btn" and flags("week-01-reflex-map-2-scale") & RADIO
    group = next(ref.get_object() for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]
                 if ref.get_object()["/T"] == "week-01-reflex-map-2-scale")
    assert len(group["/Kids"]) == 10 - 0 + 1
    assert set(scale["/_States_"]) == {"/Off", *(f"/{value}" for value in range(11))}
    # One widget per field, one per number of the scale: nothing drawn twice.
    assert len(widgets(reader)) == len(fields) - 1 + 11


def test_checklist_and_prompt_fields_carry_their_text_as_tooltips(sample_plan: Plan,
                                                                  tmp_path: Path) -> None:
    data = sample_plan.sessions[0].session.model_dump(by_alias=True, exclude_none=True)
    sheet = data["worksheets"][0]
    sheet["items"][2]["checklist"]["options"] = ["Ελληνικά & <b>bold</b>", "Кириллица"]
    plan = with_session(sample_plan, worksheets=[sheet])
    reader = PdfReader(write(tmp_path, "sheets.pdf", render_worksheets(plan, plan.sessions[0])))
    tips = {str(annotation.get("/T")): str(annotation.get("/TU")) for _, annotation in
            widgets(reader) if "/T" in annotation}
    assert tips["week-01-reflex-map-3-o1"] == "Ελληνικά & <b>bold</b>"
    assert tips["week-01-reflex-map-3-o2"] == "Кириллица"
    assert tips["week-01-reflex-map-1-prompt"] == "1. When did you last say 'I've got this'?"


@pytest.mark.parametrize("settings", [PrintSettings(), PrintSettings(paper="a4"),
                                      PrintSettings(large_print=True)])
def test_fields_lie_inside_the_margins_of_their_own_page(sample_plan: Plan, tmp_path: Path,
                                                         settings: PrintSettings) -> None:
    plan = dataclasses.replace(sample_plan, print=settings)
    reader = PdfReader(write(tmp_path, "sheets.pdf", render_worksheets(plan, plan.sessions[0])))
    width, height = page_size(plan)
    margin = page_margin(plan)
    _, bottom = participant_page(plan, ())
    found = widgets(reader)
    assert len(found) == 28
    for index, annotation in found:
        page = reader.pages[index]
        assert annotation.raw_get("/P") == page.indirect_reference
        left, low, right, high = (float(value) for value in annotation["/Rect"])
        assert margin - 0.01 <= left < right <= width - margin + 0.01
        assert bottom - 0.01 <= low < high <= height - TOP_MARGIN + 0.01


def test_fields_have_no_border_or_background(sample_plan: Plan, tmp_path: Path) -> None:
    reader = PdfReader(write(tmp_path, "sheets.pdf",
                             render_worksheets(sample_plan, sample_plan.sessions[0])))
    for _, annotation in widgets(reader):
        look = annotation.get("/MK", {})
        assert "/BC" not in look and "/BG" not in look
        assert float(annotation.get("/BS", {}).get("/W", 0)) == 0
        assert int(annotation["/F"]) & 4  # printed when filled in


@pytest.mark.usefixtures("needs_pdftoppm")
def test_blank_form_prints_exactly_like_the_page_without_fields(sample_plan: Plan,
                                                                tmp_path: Path) -> None:
    pdf = write(tmp_path, "sheets.pdf", render_worksheets(sample_plan, sample_plan.sessions[0]))
    with_fields = render_page(pdf)
    bare = render_page(without_fields(pdf))
    assert with_fields.size == bare.size
    assert ImageChops.difference(with_fields, bare).getbbox() is None


@pytest.mark.usefixtures("needs_pdftoppm")
def test_a_chosen_number_is_ringed_and_stays_readable(sample_plan: Plan,
                                                      tmp_path: Path) -> None:
    pdf = write(tmp_path, "sheets.pdf", render_worksheets(sample_plan, sample_plan.sessions[0]))
    writer = PdfWriter(clone_from=str(pdf))
    seven = None
    for ref in writer.pages[0]["/Annots"]:
        annotation = ref.get_object()
        parent = annotation.get("/Parent")
        if parent is not None and parent.get_object()["/T"] == "week-01-reflex-map-2-scale":
            if "/7" in annotation["/AP"]["/N"]:
                annotation[NameObject("/AS")] = NameObject("/7")
                parent.get_object()[NameObject("/V")] = NameObject("/7")
                seven = [float(value) for value in annotation["/Rect"]]
        elif annotation.get("/T") == "week-01-reflex-map-3-o1":
            annotation[NameObject("/AS")] = NameObject("/Yes")
            annotation[NameObject("/V")] = NameObject("/Yes")
    assert seven is not None
    filled = tmp_path / "filled.pdf"
    writer.write(str(filled))
    resolution = 144
    before, after = render_page(pdf, resolution=resolution), render_page(filled,
                                                                         resolution=resolution)
    scale = resolution / 72
    page_height = float(writer.pages[0].mediabox.height)

    def box(left: float, low: float, right: float, high: float) -> tuple[int, int, int, int]:
        return (round(left * scale), round((page_height - high) * scale),
                round(right * scale), round((page_height - low) * scale))

    left, low, right, high = seven
    inset = (right - left) * 0.3
    centre = box(left + inset, low + inset, right - inset, high - inset)
    # The digit in the middle of the box is untouched; the ring around it is drawn.
    assert ImageChops.difference(before.crop(centre), after.crop(centre)).getbbox() is None
    assert ImageChops.difference(before.crop(box(*seven)), after.crop(box(*seven))).getbbox()
    # Only the chosen number and the ticked box changed.
    changed = ImageChops.difference(before, after).getbbox()
    assert changed is not None and changed[1] >= box(*seven)[1] - 2


def test_facilitator_notes_have_no_fields(sample_plan: Plan, tmp_path: Path) -> None:
    reader = PdfReader(write(tmp_path, "notes.pdf",
                             render_notes(sample_plan, sample_plan.sessions[0])))
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert widgets(reader) == []


def test_a_sheet_used_twice_in_one_document_keeps_its_fields_apart(sample_plan: Plan,
                                                                   tmp_path: Path) -> None:
    from reportlab.platypus import PageBreak

    sheet = sample_plan.sessions[0].session.worksheets[0]
    story = [*sheet_story(sample_plan, "First", sheet, prefix="first"), PageBreak(),
             *sheet_story(sample_plan, "Last", sheet, prefix="last"), PageBreak(),
             *sheet_story(sample_plan, "Again", sheet), PageBreak(),
             *sheet_story(sample_plan, "And again", sheet)]
    frame, bottom = participant_page(sample_plan, ("Test",))
    pdf = render_pdf(sample_plan, story, title="t", subject="s", frame=frame, bottom=bottom)
    reader = PdfReader(write(tmp_path, "twice.pdf", pdf))
    names = field_names(reader)
    assert len(names) == len(set(names)) == 4 * 18
    assert {"first-reflex-map-name", "last-reflex-map-2-scale", "reflex-map-4-r4c3",
            "reflex-map-4-r4c3-2", "reflex-map-1-prompt-2"} <= set(names)
    pages = Counter(index for index, _ in widgets(reader))
    assert sorted(pages) == [0, 1, 2, 3] and set(pages.values()) == {28}


def test_the_workbook_is_one_form_with_unique_field_names(tmp_path: Path) -> None:
    result = check(SESSIONS)
    plan = result.plans[0]
    reader = PdfReader(write(tmp_path, "workbook.pdf", render_output(plan, "participant workbook")))
    names = field_names(reader)
    assert len(names) > 50
    assert len(names) == len(set(names))
    fields = reader.get_fields()
    assert fields is not None
    kids = sum(len(field.get("/Kids", [])) or 1 for field in
               (ref.get_object() for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]))
    found = widgets(reader)
    # Laid out in several passes, but each field is in the file once, on its own page.
    assert len(found) == kids
    for index, annotation in found:
        assert annotation.raw_get("/P") == reader.pages[index].indirect_reference
    # The self-rating is in the workbook three times: at the first, the middle and the last.
    if any(form.id == "self-reflection" for form in plan.course.forms):
        assert sum(name.endswith("self-reflection-name") or
                   name == "self-reflection-name-2" for name in names) == 3  # first, middle, last
