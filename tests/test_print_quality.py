"""Printed materials: metadata, language, and the usual large-print guidance, read back from the
real PDFs."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from conftest import render_output
from pypdf import PdfReader
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm

from toolkit.plan import Plan, PrintSettings
from toolkit.render.pdf.notes import render_notes
from toolkit.render.pdf.page import page_margin, styles
from toolkit.render.pdf.register import render_register
from toolkit.render.pdf.worksheets import render_worksheets


def every_pdf(plan: Plan) -> dict[str, bytes]:
    entry = plan.sessions[0]
    return {
        "notes": render_notes(plan, entry),
        "worksheets": render_worksheets(plan, entry),
        "guide": render_output(plan, "facilitator guide"),
        "workbook": render_output(plan, "participant workbook"),
        "register": render_register(plan),
    }


def fonts_used(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_every_pdf_has_title_author_subject_and_language(sample_plan: Plan) -> None:
    for name, data in every_pdf(sample_plan).items():
        reader = PdfReader(io.BytesIO(data))
        metadata = reader.metadata
        assert metadata is not None, name
        assert metadata.title and metadata.author and metadata.subject, name
        assert reader.trailer["/Root"]["/Lang"] == "en", name


def test_large_print_styles_follow_the_guidance(sample_plan: Plan) -> None:
    plan = replace(sample_plan, print=PrintSettings(large_print=True))
    for name, style in styles(plan).items():
        assert style.alignment == TA_LEFT, name
        assert "Italic" not in style.fontName, name
        assert style.fontSize >= 12, name
        assert style.leading >= style.fontSize * 1.2, name
    assert styles(plan)["body"].fontSize >= 16
    assert styles(plan)["body"].leading >= 16 * 1.35
    assert page_margin(plan) >= 20 * mm


def test_large_print_participant_pages_have_no_italics_or_capitals(sample_plan: Plan) -> None:
    plan = replace(sample_plan, print=PrintSettings(large_print=True))
    entry = plan.sessions[0]
    for data in (render_worksheets(plan, entry), render_output(plan, "participant workbook")):
        reader = PdfReader(io.BytesIO(data))
        assert not [font for font in fonts_used(reader) if "Italic" in font]
        text = " ".join(page.extract_text() or "" for page in reader.pages)
        shouting = re.findall(r"\b[A-Z]{4,}\b", text)
        assert shouting == [], shouting
