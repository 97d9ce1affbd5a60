"""'About this group': what the group is and is not, members' choices, and confidentiality
with its limits, on a page at the front of the workbook and of the first session's sheets."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from toolkit.checked import check
from toolkit.customize import DEFAULT_RECORDS
from toolkit.drawing import planned_jobs, render_course, render_job

SESSIONS = Path(__file__).parent.parent / "sessions"
LIMITS = ("serious harm", "a child or a vulnerable adult", "a court orders us")


def pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_first_sessions_sheets_and_the_workbook_open_with_it() -> None:
    plan = check(SESSIONS).plans[0]
    files = {str(path): content for path, content in render_course(plan).items()}
    worksheets = [job.path for job in planned_jobs(plan) if job.output.name == "worksheets"]
    first = pages(files[worksheets[0]])
    assert first[0].count("About this group") == 1
    assert all(limit in first[0] for limit in LIMITS)
    assert " ".join(DEFAULT_RECORDS.split()) in first[0]
    assert "not therapy" in first[0] and "time-out" in first[0] and "pass" in first[0]
    for path in worksheets[1:]:
        assert not any("About this group" in page for page in pages(files[path])), path
    workbook = pages(files["participant-workbook.pdf"])
    holding = [index for index, page in enumerate(workbook)
               if page.startswith("From Hyper-Independence") and "About this group What" in page]
    assert len(holding) == 1 and holding[0] < 6
    assert "About this group" in workbook[1]  # the contents page
    assert all(limit in workbook[holding[0]] for limit in LIMITS)


def test_a_groups_own_records_and_contact_are_what_members_read(tmp_path: Path) -> None:
    group = tmp_path / "group.yaml"
    group.write_text(
        "name: Thursday\n"
        "contact: Call Ana on 555 0100 (weekdays)\n"
        "records: We keep the register and our notes for one year after the group ends, then "
        "shred them.\n"
        "sessions: [week-02-where-it-comes-from, week-01-strong-but-at-what-cost]\n",
        encoding="utf-8")
    checked = check(SESSIONS, [group])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    plan = checked.plans[0]
    job = next(job for job in planned_jobs(plan) if job.output.name == "worksheets")
    first = pages(render_job(plan, job))[0]
    assert plan.sessions[0].slug == "week-02-where-it-comes-from"
    assert "About this group" in first
    assert "for one year after the group ends, then shred them." in first
    assert DEFAULT_RECORDS[:30] not in first
    assert "To reach a facilitator: Call Ana on 555 0100 (weekdays). If things get hard" in first


def test_every_sheet_of_the_weekly_sessions_has_a_worked_example() -> None:
    """Each weekly sheet asks for something members have not done on paper before (a body
    map, a ladder, a thought tested, an "I" statement...), so each shows a made-up example."""
    plan = check(SESSIONS).plans[0]
    for entry in plan.sessions:
        for sheet in entry.session.worksheets:
            assert sheet.example, (entry.slug, sheet.id)


def test_a_worked_example_is_printed_in_its_box_marked_as_made_up() -> None:
    """Sheets with an example show it under the instructions, labelled so nobody takes it for
    their own answer; sheets without one show none."""
    plan = check(SESSIONS).plans[0]
    for job in planned_jobs(plan):
        if job.output.name != "worksheets":
            continue
        entry = plan.sessions[job.target.session or 0]
        words = " ".join(pages(render_job(plan, job)))
        with_example = [sheet for sheet in entry.session.worksheets if sheet.example]
        assert words.count("An example (made up)") == len(with_example), entry.slug
        for sheet in with_example:
            assert " ".join(sheet.example.split())[:40] in words, sheet.id


def test_sheets_are_numbered_and_named_alike_in_the_notes_slides_and_workbook() -> None:
    """'Sheet 6.2' is week 6's second sheet wherever it is named: on the sheet itself, in the
    facilitator notes, on the homework slide and in the workbook's contents."""
    import io as _io

    from pptx import Presentation

    plan = check(SESSIONS).plans[0]
    files = {str(path): content for path, content in render_course(plan).items()}
    contents = pages(files["participant-workbook.pdf"])[1]
    for job in planned_jobs(plan):
        if job.output.name != "worksheets":
            continue
        entry = plan.sessions[job.target.session or 0]
        sheets = " ".join(pages(files[job.path]))
        notes = " ".join(pages(files[job.path.replace("worksheets", "facilitator-notes")]))
        deck = Presentation(_io.BytesIO(files[job.path.replace("worksheets.pdf", "slides.pptx")]))
        slides = " ".join(shape.text_frame.text for slide in deck.slides
                          for shape in slide.shapes if shape.has_text_frame)
        for number, sheet in enumerate(entry.session.worksheets, start=1):
            label = f"Sheet {entry.week}.{number}"
            assert f"{label} · {entry.label}" in sheets, label
            assert f"{label}: {sheet.title}" in contents, label
            assert f"{label}: {sheet.title}" in notes, label
        homework = entry.session.homework
        if homework and homework.worksheet:
            index = [sheet.id for sheet in entry.session.worksheets].index(homework.worksheet)
            assert f"Sheet {entry.week}.{index + 1}:" in slides, entry.slug
