"""The books are made of the pages the session files drew: each session laid out once, its
pages the very same drawing in the book, with the book's own header, page numbers and
working form fields."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import toolkit.render.pdf.books
import toolkit.render.pdf.notes
import toolkit.render.pdf.worksheets
from toolkit.checked import check
from toolkit.drawing import Work, draw, planned_jobs, render_course, render_job
from toolkit.plan import Plan
from toolkit.render.pdf.assemble import Source
from toolkit.render.pdf.notes import SESSION
from toolkit.render.pdf.worksheets import ABOUT, COMPARE, RATING, sheet_part

SESSIONS = Path(__file__).parent.parent / "sessions"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return check(SESSIONS).plans[0]


@pytest.fixture(scope="module")
def files(plan: Plan) -> dict[str, bytes]:
    return {str(path): content for path, content in render_course(plan).items()}


def contents(pdf: pikepdf.Pdf, index: int) -> bytes:
    """What a page draws, its frame aside (the frame is a form the page calls by name)."""
    return pdf.pages[index].obj.Contents.read_bytes()


def test_a_build_lays_out_each_session_and_each_sheet_once(plan: Plan,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    laid_out: list[str] = []
    session_story = toolkit.render.pdf.notes.session_story
    sheet_story = toolkit.render.pdf.worksheets.sheet_story

    def count_session(plan: Plan, entry: object) -> object:
        laid_out.append(f"notes {entry.slug}")  # type: ignore[attr-defined]
        return session_story(plan, entry)  # type: ignore[arg-type]

    def count_sheet(plan: Plan, kicker: str, sheet: object, **options: str) -> object:
        laid_out.append(f"sheet {options.get('prefix', '')} {sheet.id}")  # type: ignore[attr-defined]
        return sheet_story(plan, kicker, sheet, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(toolkit.render.pdf.notes, "session_story", count_session)
    monkeypatch.setattr(toolkit.render.pdf.worksheets, "sheet_story", count_sheet)
    monkeypatch.setattr(toolkit.render.pdf.books, "sheet_story", count_sheet)
    render_course(plan)
    sessions = [f"notes {entry.slug}" for entry in plan.sessions]
    sheets = [f"sheet week-{entry.week:02d} {sheet.id}" for entry in plan.sessions
              for sheet in entry.session.worksheets]
    assert sorted(line for line in laid_out if line.startswith("notes")) == sorted(sessions)
    session_sheets = [line for line in laid_out if line.startswith("sheet week-")]
    assert sorted(session_sheets) == sorted(sheets)
    assert len(sheets) > 8  # the course has sheets in every session


def test_the_books_pages_are_the_session_files_own_drawing(plan: Plan,
                                                          files: dict[str, bytes]) -> None:
    guide = pikepdf.open(io.BytesIO(files["facilitator-guide.pdf"]))
    workbook = pikepdf.open(io.BytesIO(files["participant-workbook.pdf"]))
    drawn_guide = {contents(guide, index) for index in range(len(guide.pages))}
    drawn_workbook = {contents(workbook, index) for index in range(len(workbook.pages))}
    taken = 0
    for job in planned_jobs(plan):
        if job.output.name not in ("facilitator notes", "worksheets"):
            continue
        session = pikepdf.open(io.BytesIO(files[job.path]))
        book = drawn_guide if job.output.name == "facilitator notes" else drawn_workbook
        found = [contents(session, index) in book for index in range(len(session.pages))]
        # Notes: the session itself, not the at-a-glance card nor the closing part;
        # worksheets: the sheets, "About this group" (at the first session), the self-rating
        # and Then and Now (where the group's order puts them), not the support page.
        source = Source(files[job.path], 1)
        entry = plan.sessions[job.target.session or 0]
        point = plan.rating_point(entry)
        parts = ([SESSION] if job.output.name == "facilitator notes" else
                 [sheet_part(sheet) for sheet in entry.session.worksheets]
                 + ([ABOUT] if entry.slug == plan.sessions[0].slug else [])
                 + ([RATING] if point else []) + ([COMPARE] if point == "last" else []))
        expected = {page for part in parts for page in source.part(part)}
        assert {index for index, taken in enumerate(found) if taken} == expected, job.path
        taken += sum(found)
    assert taken > 60


def test_a_book_page_shows_the_books_header_and_page_number(plan: Plan,
                                                           files: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(files["facilitator-guide.pdf"]))
    total = len(reader.pages)
    first = plan.sessions[0]
    pages = [index for index, page in enumerate(reader.pages)
             if first.session.title in page.extract_text()]
    assert pages
    for index in pages:
        text = reader.pages[index].extract_text()
        # the book's frame, and not the session file's as well
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {index + 1} of {total}"]
        assert "Facilitator guide" in text


def test_the_workbooks_fields_sit_on_their_own_pages_and_take_text(plan: Plan,
                                                                  files: dict[str, bytes],
                                                                  tmp_path: Path) -> None:
    pdf = pikepdf.open(io.BytesIO(files["participant-workbook.pdf"]))
    on_page: dict[tuple[int, int], int] = {}
    for index, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", ()):
            if annotation.get("/Subtype") == "/Widget":
                assert annotation.P.objgen == page.obj.objgen
                on_page[annotation.objgen] = index
    names = []
    for field in pdf.Root.AcroForm.Fields:
        names.append(str(field.T))
        kids = [field] if field.get("/Subtype") == "/Widget" else list(field.Kids)
        assert kids and all(kid.objgen in on_page for kid in kids), str(field.T)
    assert len(names) == len(set(names))
    week = [name for name in names if name.startswith("week-03-")]
    assert week, names[:20]
    prompt = next(name for name in week if name.endswith("-prompt"))
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files["participant-workbook.pdf"])))
    page = next(index for index, page in enumerate(writer.pages) for ref in page.get("/Annots", [])
                if ref.get_object().get("/T") == prompt)
    writer.update_page_form_field_values(writer.pages[page], {prompt: "Asked a neighbour"},
                                         auto_regenerate=False)
    out = tmp_path / "filled.pdf"
    writer.write(out)
    fields = PdfReader(out).get_fields()
    assert fields is not None and fields[prompt]["/V"] == "Asked a neighbour"


def test_a_member_workbook_is_the_workbook_with_their_name(plan: Plan,
                                                         files: dict[str, bytes]) -> None:
    from dataclasses import replace

    named = replace(plan, roster=("Ana Ruiz",))
    job = next(job for job in planned_jobs(named) if job.output.name == "member's workbook")
    worksheets = [files[other.path] for other in planned_jobs(plan)
                  if other.output.name == "worksheets"]
    reader = PdfReader(io.BytesIO(render_job(named, job, [worksheets])))
    book = PdfReader(io.BytesIO(files["participant-workbook.pdf"]))
    assert len(reader.pages) == len(book.pages)
    assert all("Ana Ruiz" in page.extract_text() for page in reader.pages[1:])
    assert len(reader.get_fields() or {}) == len(book.get_fields() or {})


def test_books_are_the_same_bytes_every_time(plan: Plan, files: dict[str, bytes]) -> None:
    jobs = planned_jobs(plan)
    for name in ("facilitator guide", "participant workbook"):
        job = next(job for job in jobs if job.output.name == name)
        parts = [[files[other.path] for other in jobs if other.output.name == need]
                 for need in job.output.needs]
        assert render_job(plan, job, parts) == files[job.path]


def test_a_kept_session_file_that_is_no_longer_as_recorded_is_drawn_again(
        plan: Plan, files: dict[str, bytes]) -> None:
    jobs = planned_jobs(plan)
    guide = next(job for job in jobs if job.output.name == "facilitator guide")
    notes = [job for job in jobs if job.output.name == "facilitator notes"]

    def kept(job: object) -> bytes | None:
        return None if job is notes[2] else files[job.path]  # type: ignore[attr-defined]

    drawn = {path: content for _, path, content in draw([Work(plan, jobs, [guide], kept)], 1)}
    assert set(drawn) == {guide.path, notes[2].path}
    assert drawn[guide.path] == files[guide.path]


def test_every_font_subset_in_a_book_has_a_tag_of_its_own(files: dict[str, bytes]) -> None:
    """reportlab tags every subset AAAAAA+ when it writes reproducibly; a book holds each
    session's subsets beside its own, and two subsets under one name are merged by tools
    that go by the name."""
    for name in ("facilitator-guide.pdf", "participant-workbook.pdf"):
        pdf = pikepdf.open(io.BytesIO(files[name]))
        subsets: dict[str, set[tuple[int, int]]] = {}
        for font in pdf.objects:
            if isinstance(font, pikepdf.Dictionary) and font.get("/Type") == "/FontDescriptor" \
                    and "/FontFile2" in font:
                subsets.setdefault(str(font.FontName), set()).add(font.FontFile2.objgen)
        assert len(subsets) >= 18, sorted(subsets)  # the book's own two and each session's
        assert all(len(files_) == 1 for files_ in subsets.values()), subsets


def test_a_session_file_without_the_parts_a_book_takes_is_refused(plan: Plan) -> None:
    """A book never leaves pages out without a word: a worksheets file drawn without its
    marks (by an older toolkit, say) is the toolkit's own mistake, not a shorter book."""
    from toolkit.render.pdf.assemble import Source

    source = Source(render_job(plan, next(job for job in planned_jobs(plan)
                                          if job.output.name == "handouts")), 1)
    with pytest.raises(ValueError, match="no part 'sheet-"):
        source.part("sheet-reflex-map")
