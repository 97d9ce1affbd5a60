"""Worksheets as members get them, read back from the built PDFs: the drawings are vector
graphics from assets/, short checklists sit in two columns, the crisis lines at the foot are
readable and in full at the back, and no sheet leaves a near-empty page behind it."""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from toolkit.checked import check
from toolkit.drawing import planned_jobs, render_job
from toolkit.i18n import speaking, word
from toolkit.plan import Plan
from toolkit.render.content import MORE_LINES, crisis_footers
from toolkit.render.pdf.page import TOP_MARGIN, page_size, sizes
from toolkit.render.pdf.worksheets import participant_page
from toolkit.theme import NORMAL_PRINT

ROOT = Path(__file__).parent.parent
SESSIONS = ROOT / "sessions"
GROUPS = sorted((SESSIONS / "groups").glob("*.yaml"))
MIN_BODY_LINES = 6
"""A page of a sheet holds at least this many lines of text: a page holding only a sheet's
last scale (four lines: its question, the numbers and the two end labels) is a spill."""


def plans() -> list[Plan]:
    checked = check(SESSIONS, GROUPS)
    assert not checked.report.errors
    return [check(SESSIONS).plans[0], *checked.plans]


def worksheet_files(plan: Plan) -> Iterator[tuple[str, bytes]]:
    for job in planned_jobs(plan):
        if job.output.name == "worksheets":
            yield job.path, render_job(plan, job)


def lines_by_page(plan: Plan, data: bytes) -> list[dict[int, list[tuple[str, float]]]]:
    """For each page: the text drawn between the running header and the footer, by baseline
    (rounded to a point), with its type size; and under the key -1, the footer's text."""
    _, height = page_size(plan)
    _, bottom = participant_page(plan, ())
    found: list[dict[int, list[tuple[str, float]]]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lines: dict[int, list[tuple[str, float]]] = {}

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  lines: dict[int, list[tuple[str, float]]] = lines) -> None:
            if not text.strip():
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            shown = size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            if bottom <= y <= height - TOP_MARGIN:
                lines.setdefault(round(y), []).append((text, shown))
            elif y < bottom:
                lines.setdefault(-1, []).append((text, shown))

        page.extract_text(visitor_text=visit)
        found.append(lines)
    return found


def footer_baselines(plan: Plan, data: bytes) -> list[set[int]]:
    """For each page, the baselines of the crisis lines at its foot (text at the crisis size,
    not the disclaimer's small print or the page number)."""
    _, bottom = participant_page(plan, ())
    crisis = sizes(plan).crisis
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        baselines: set[int] = set()

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  baselines: set[int] = baselines) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            shown = size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            if text.strip() and y < bottom and abs(shown - crisis) < 0.05 \
                    and "Page " not in text:
                baselines.add(round(y))

        page.extract_text(visitor_text=visit)
        found.append(baselines)
    return found


def operators(data: bytes, page: int) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(operator) for _, operator in pikepdf.parse_content_stream(pdf.pages[page])]


def sheet_page(plan: Plan, data: bytes, title: str) -> int:
    reader = PdfReader(io.BytesIO(data))
    return next(index for index, page in enumerate(reader.pages)
                if title in (page.extract_text() or ""))


@pytest.mark.parametrize(("session", "title", "curves", "words"), [
    ("week-03-the-avoidant-trap", "Body Signals Map", 10, ()),
    ("week-08-interdependence-for-the-long-run", "My Support Map", 16,
     ("Me", "Closest to me", "Friends and family", "Groups and services")),
    ("week-06-micro-vulnerabilities", "My Asking Ladder", 0, ()),
])
def test_the_drawings_are_vector_graphics_in_the_documents_font(
        session: str, title: str, curves: int, words: tuple[str, ...]) -> None:
    plan = check(SESSIONS).plans[0]
    data = next(data for path, data in worksheet_files(plan) if session in path)
    page = sheet_page(plan, data, title)
    ops = operators(data, page)
    reader = PdfReader(io.BytesIO(data))
    assert not reader.pages[page].images, "a drawing must not be a picture of pixels"
    assert ops.count("c") >= curves
    if not curves:  # the ladder: two rails and six rungs, besides the six writing lines
        assert ops.count("l") >= 2 + 6 + 6
    text = reader.pages[page].extract_text()
    for label in words:
        assert label in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = pdf.pages[page].Resources.Font
        for name in fonts:
            assert "/FontFile2" in fonts[name].get("/FontDescriptor", {}), (name, "not embedded")


def test_a_drawing_name_that_does_not_exist_names_the_ones_that_do(tmp_path: Path) -> None:
    group = tmp_path / "group.yaml"
    group.write_text(
        "changes:\n  week-03-the-avoidant-trap:\n    worksheet_items:\n"
        "      body-signals/body-map:\n        drawing:\n          text: Mark it\n"
        "          picture: body-outlin\n", encoding="utf-8")
    problems = [problem.format() for problem in check(SESSIONS, [group]).report.errors]
    assert problems, "an unknown drawing must be an error"
    assert "group.yaml:" in problems[0]
    assert "no drawing called 'body-outlin'" in problems[0]
    assert "body-outline" in problems[0] and "support-circles" in problems[0]


def test_short_checklists_sit_in_two_columns_and_long_ones_in_one() -> None:
    plan = check(SESSIONS).plans[0]
    data = next(data for path, data in worksheet_files(plan) if "week-04" in path)
    fields = {str(annotation["/T"]): [float(value) for value in annotation["/Rect"]]
              for page in PdfReader(io.BytesIO(data)).pages
              for annotation in (ref.get_object() for ref in page.get("/Annots", []))
              if "/T" in annotation}
    first, second = fields["week-04-cost-map-1-o1"], fields["week-04-cost-map-1-o2"]
    assert first[1] == pytest.approx(second[1]) and second[0] > first[0] + 100
    third = fields["week-04-cost-map-1-o3"]
    assert third[1] < first[1] and third[0] == pytest.approx(first[0])


@pytest.mark.parametrize("plan", plans(), ids=lambda plan: plan.group_slug or "default")
def test_the_foot_of_every_page_gives_readable_crisis_lines_and_the_back_every_line(
        plan: Plan) -> None:
    smallest = 16 if plan.print.large_print else NORMAL_PRINT.crisis
    for path, data in worksheet_files(plan):
        pages = lines_by_page(plan, data)
        for number, page in enumerate(pages, start=1):
            footer = " ".join(text for text, _ in page[-1])
            assert " ".join(plan.course.emergency.split()) in " ".join(footer.split()), (
                path, number)
            first = crisis_footers(plan.course)[-1][0]  # the first place's first line
            assert " ".join(first.split(": ", 1)[1].split()) in " ".join(footer.split()), (
                path, number, first)
            with speaking(plan.language):
                assert word(MORE_LINES) in footer
            opening = " ".join(plan.course.emergency.split()[:4])  # "If you are in"
            danger = [size for text, size in page[-1] if opening in text]
            assert danger and min(danger) >= smallest - 0.01, (path, number)
        # The crisis lines take two lines at the foot; more only when the emergency sentence
        # and the first place's first line need more by themselves, and then nothing else.
        least = crisis_footers(plan.course)[-1]
        others = [brief for briefs in crisis_footers(plan.course) for brief in briefs
                  if brief not in least]
        for number, baselines in enumerate(footer_baselines(plan, data), start=1):
            if len(baselines) > 2:
                footer = " ".join(" ".join(text for text, _ in pages[number - 1][-1]).split())
                assert not any(" ".join(brief.split(": ", 1)[1].split()) in footer
                               for brief in others), (path, number)
        last = 2 if plan.print.large_print else 1  # the support page, two in large print
        back = " ".join(" ".join(page.extract_text().split())
                        for page in PdfReader(io.BytesIO(data)).pages[-last:])
        for line in plan.course.crisis_resources:
            assert " ".join(line.contact.split()) in back, (path, line.service)


@pytest.mark.parametrize("plan", [plan for plan in plans() if not plan.print.large_print],
                         ids=lambda plan: plan.group_slug or "default")
def test_no_sheet_leaves_a_near_empty_page(plan: Plan) -> None:
    """Standard print; large print's own layout is checked where it is built."""
    for path, data in worksheet_files(plan):
        for number, page in enumerate(lines_by_page(plan, data), start=1):
            body = [line for line in page if line != -1]
            assert len(body) >= MIN_BODY_LINES, (path, number, len(body))
