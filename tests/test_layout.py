"""No layout faults at any size, measured in every PDF of the default course and of each
example group, on both papers and in both print sizes: no text past the page's margins, no
two lines drawn over each other, no page holding fewer than three lines of text."""

from __future__ import annotations

import dataclasses
import io
import math
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from toolkit.checked import check
from toolkit.drawing import render_course
from toolkit.plan import Plan
from toolkit.render.pdf.page import TOP_MARGIN, page_margin
from toolkit.render.pdf.text import FALLBACK, FONT, FONT_BOLD, register_fonts

SESSIONS = Path(__file__).parent.parent / "sessions"
GROUPS = sorted((SESSIONS / "groups").glob("*.yaml"))
FACILITATORS = ("facilitator-notes", "facilitator-guide", "attendance-register")
TOLERANCE = 0.5
"""Points a line may reach past the margin (rounding)."""
BODY_LINES = 3
LEADER = re.compile(r"[\s.·\d]*")
"""A contents page's dot leader and page number, drawn in a form of their own (whose place on
the page the text visitor does not see)."""

Piece = tuple[str, float, float, float, float]
"""Text, left, baseline, right, type size."""


def face(font: object) -> str:
    name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""  # type: ignore[union-attr]
    if "Noto" in name:
        return FALLBACK
    return FONT_BOLD if "Bold" in name else FONT


def pages_of(data: bytes) -> list[tuple[float, float, list[Piece]]]:
    register_fonts()
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        pieces: list[Piece] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  pieces: list[Piece] = pieces) -> None:
            if LEADER.fullmatch(text):
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            shown = size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            right = x + stringWidth(text.strip("\n").rstrip(), face(font), shown)
            pieces.append((text.strip(), x, y, right, shown))

        page.extract_text(visitor_text=visit)
        found.append((float(page.mediabox.width), float(page.mediabox.height), pieces))
    return found


def faults(plan: Plan, name: str, data: bytes) -> list[str]:
    """What is wrong with one PDF's layout."""
    own = plan.for_facilitators() if any(kind in name for kind in FACILITATORS) else plan
    margin = page_margin(own) if "register" not in name else 0.0
    problems = []
    for number, (width, height, pieces) in enumerate(pages_of(data), start=1):
        where = f"{name} page {number}"
        for text, left, _, right, _ in pieces:
            if left < margin - TOLERANCE or right > width - margin + TOLERANCE:
                problems.append(f"{where}: past the margin: {text[:40]!r}")
        lines = sorted(pieces, key=lambda piece: -piece[2])
        for index, upper in enumerate(lines):
            for lower in lines[index + 1:]:
                if upper[2] - lower[2] > max(upper[4], lower[4]) * 1.1:
                    break
                if abs(upper[2] - lower[2]) < 0.5:
                    continue  # one line (a table's cells side by side)
                top, bottom = lower[2] + 0.75 * lower[4], upper[2] - 0.2 * upper[4]
                if bottom < top and upper[1] < lower[3] - 1 and lower[1] < upper[3] - 1:
                    problems.append(f"{where}: lines drawn over each other: "
                                    f"{upper[0][:30]!r} and {lower[0][:30]!r}")
        body = {round(piece[2]) for piece in pieces if 0.16 * height < piece[2] < height
                - TOP_MARGIN}
        # Page 1 of a book is its cover; the register's pages are rows to write in.
        if number > 1 and len(body) < BODY_LINES and "register" not in name:
            problems.append(f"{where}: only {len(body)} lines of text")
    return problems


@pytest.mark.parametrize(("paper", "large"), [("letter", False), ("a4", False),
                                              ("letter", True), ("a4", True)])
def test_no_layout_faults_on_either_paper_in_either_print_size(paper: str, large: bool) -> None:
    checked = check(SESSIONS, GROUPS)
    assert not checked.report.errors
    found: list[str] = []
    pdfs = 0
    for base in (check(SESSIONS).plans[0], *checked.plans):
        plan = dataclasses.replace(base, print=dataclasses.replace(
            base.print, paper=paper, large_print=large, large_print_for_facilitators=large))
        for path, data in render_course(plan).items():
            if path.suffix == ".pdf":
                pdfs += 1
                found += faults(plan, f"{plan.group_slug or 'default'}/{path}", data)
    assert pdfs > 60
    assert found == []


def test_the_measure_finds_a_line_past_the_margin_and_lines_drawn_over_each_other() -> None:
    """The checks themselves, on a page drawn to have both faults."""
    from reportlab.pdfgen.canvas import Canvas

    plan = check(SESSIONS).plans[0]
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(612, 792))
    canvas.setFont(FONT, 12)
    for y in range(700, 600, -20):
        canvas.drawString(60, y, "An ordinary line of body text.")
    canvas.drawString(60, 560, "needs")
    canvas.drawString(62, 555, "Break")
    canvas.drawString(540, 500, "runs past the right margin")
    canvas.showPage()
    canvas.drawString(60, 700, "A lonely line")
    canvas.save()
    problems = " ".join(faults(plan, "test.pdf", out.getvalue()))
    assert "drawn over each other: 'needs' and 'Break'" in problems
    assert "past the margin: 'runs past" in problems
    assert "test.pdf page 2: only 1 lines of text" in problems
