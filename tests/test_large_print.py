"""Large print that is large everywhere a member reads, measured in the built PDFs: body text,
running heads, the crisis lines at the foot, page numbers, labels and covers."""

from __future__ import annotations

import dataclasses
import io
import math
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.checked import check
from toolkit.drawing import render_course
from toolkit.plan import Plan
from toolkit.render.pdf.page import TOP_MARGIN, page_size
from toolkit.render.pdf.worksheets import participant_page

ROOT = Path(__file__).parent.parent
SESSIONS = ROOT / "sessions"
GROUPS = sorted((SESSIONS / "groups").glob("*.yaml"))
LARGE = 16.0
MEMBERS_FILES = ("worksheets.pdf", "handouts.pdf", "workbook")

LONG_GROUP = """\
name: Riverside Community Wellbeing Partnership, Thursday Evening Group
location: The Old Library Meeting Room, 14 Long Harbour Road, Second Floor, Riverside
contact: Ask a facilitator at the end of any session
minutes: 75
print:
  paper: a4
  large_print: true
sessions:
  - week-01-strong-but-at-what-cost
  - week-02-where-it-comes-from
  - week-04-the-hidden-costs
  - week-06-micro-vulnerabilities
  - week-07-saying-it-out-loud
  - week-08-interdependence-for-the-long-run
schedule:
  first_date: 2027-03-04
  weekday: Thursday
  start_time: "18:00"
"""


def large_plans(tmp: Path) -> list[Plan]:
    """Every example group in large print, and a long-named A4 group of six shorter sessions."""
    long_group = tmp / "long.yaml"
    long_group.write_text(LONG_GROUP, encoding="utf-8")
    checked = check(SESSIONS, [*GROUPS, long_group])
    assert not checked.report.errors, [problem.format() for problem in checked.report.errors]
    return [dataclasses.replace(plan, print=dataclasses.replace(plan.print, large_print=True))
            for plan in checked.plans]


def sizes_by_place(plan: Plan, data: bytes) -> tuple[list[tuple[str, float]],
                                                     list[tuple[str, float]]]:
    """Every piece of text drawn, with its size: (all of it, the part in the margins: running
    head, footer and page number)."""
    _, height = page_size(plan)
    _, bottom = participant_page(plan, ())
    everything: list[tuple[str, float]] = []
    margins: list[tuple[str, float]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        def visit(text: str, cm: list[float], tm: list[float], font: object,
                  size: float) -> None:
            if not text.strip():
                return
            shown = size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            everything.append((text.strip(), shown))
            if y < bottom or y > height - TOP_MARGIN:
                margins.append((text.strip(), shown))

        page.extract_text(visitor_text=visit)
    return everything, margins


def test_every_members_page_is_large_in_large_print(tmp_path: Path) -> None:
    for plan in large_plans(tmp_path):
        files = render_course(plan)
        members = [path for path in files if any(part in path.name for part in MEMBERS_FILES)]
        assert len(members) >= 2 * len(plan.sessions) + 1, plan.group_slug
        for path in members:
            everything, margins = sizes_by_place(plan, files[path])
            characters = sum(len(text) for text, _ in everything)
            large = sum(len(text) for text, size in everything if size >= LARGE - 0.01)
            assert large / characters >= 0.98, (plan.group_slug, str(path), large / characters)
            assert margins, (plan.group_slug, str(path))
            small = [(text, round(size, 1)) for text, size in margins if size < LARGE - 0.01]
            assert not small, (plan.group_slug, str(path), small[:5])


def test_the_running_head_keeps_the_date_and_drops_the_course_name_first(
        tmp_path: Path) -> None:
    plan = next(plan for plan in large_plans(tmp_path)
                if (plan.group.name or "").startswith("Riverside"))
    files = render_course(plan)
    path = next(path for path in files if path.name.endswith("worksheets.pdf"))
    first = PdfReader(io.BytesIO(files[path])).pages[0].extract_text()
    head = first.splitlines()[0]
    assert "Thu 4 Mar 2027" in head, head
    assert "Riverside" not in head and "…" not in head, head


@pytest.mark.parametrize("large", [False, True])
def test_facilitator_materials_follow_their_own_setting(large: bool) -> None:
    base = check(SESSIONS).plans[0]
    plan = dataclasses.replace(base, print=dataclasses.replace(
        base.print, large_print=True, large_print_for_facilitators=large))
    files = render_course(plan)
    notes = next(path for path in files if path.name.endswith("facilitator-notes.pdf"))
    everything, _ = sizes_by_place(plan, files[notes])
    body = sorted(size for _, size in everything)[len(everything) // 2]
    assert (body >= LARGE) == large, body


def test_every_contents_page_number_is_drawn_full_size(tmp_path: Path) -> None:
    """A contents title long enough to reach the right edge once left its page number no
    room: the number was shrunk to a dot (a long Spanish title in large print). Titles now
    wrap short of the numbers' column."""
    for plan in large_plans(tmp_path):
        plan = dataclasses.replace(plan, print=dataclasses.replace(
            plan.print, large_print_for_facilitators=True, paper="a4"))  # the narrower
        files = render_course(plan)
        for path in files:
            if path.name not in ("facilitator-guide.pdf", "participant-workbook.pdf"):
                continue
            numbers = contents_numbers(PdfReader(io.BytesIO(files[path])))
            assert len(numbers) >= len(plan.sessions), (plan.group_slug, path.name)
            small = [(number, round(size, 1)) for number, size in numbers
                     if size < LARGE - 0.01]
            assert not small, (plan.group_slug, path.name, small)


def contents_numbers(reader: PdfReader) -> list[tuple[str, float]]:
    """Each contents entry's dot leader and page number, with the size it is drawn at."""
    numbers: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if re.fullmatch(r"[ .]*\d+", text.strip()):  # one shrunk to nothing has no dots
            numbers.append((text.strip()[-3:],
                            size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])))

    for page in reader.pages[1:3]:  # the contents, after the cover
        page.extract_text(visitor_text=visit)
    return numbers
