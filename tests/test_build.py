"""End to end: `toolkit build` on the shipped course and on sample courses, outputs read back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, run, tree
from pptx import Presentation
from pypdf import PdfReader

from toolkit.checked import check

REPO = Path(__file__).parent.parent
SESSIONS = REPO / "sessions"
LETTER = (612, 792)




@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    code, stdout, stderr = run("build", "--sessions", str(SESSIONS), "--out", str(out))
    assert code == 0, stderr
    assert stderr == ""
    assert stdout.startswith("Built ")
    return out / "default"


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(text.split())


def squash(text: str) -> str:
    return " ".join(text.split())


def session_entries():  # type: ignore[no-untyped-def]
    checked = check(SESSIONS)
    loaded, report = checked.loaded, checked.report
    assert not report.errors
    return [entry for entry in loaded.sessions if not entry.optional]  # the default build's


def test_default_course_checks_clean() -> None:
    code, out, err = run("check", "--sessions", str(SESSIONS))
    assert code == 0
    assert err == ""
    assert "no problems found" in out


def test_every_session_gets_a_deck_notes_and_worksheets(built: Path) -> None:
    entries = session_entries()
    assert len(entries) >= 2
    for entry in entries:
        folder = built / entry.slug
        prefix = f"week-{entry.session.week:02d}"
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted([f"{prefix}-slides.pptx", f"{prefix}-facilitator-notes.pdf",
                                f"{prefix}-worksheets.pdf", f"{prefix}-worksheets.html",
                                f"{prefix}-handouts.pdf"])


def test_decks_have_the_expected_slides_and_notes(built: Path) -> None:
    for entry in check(SESSIONS).plans[0].sessions:  # placeholders filled, as the decks show
        session = entry.session
        deck = Presentation(str(built / entry.slug / f"week-{session.week:02d}-slides.pptx"))
        assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
        titles = [squash(s.shapes.title.text_frame.text) for s in deck.slides
                  if s.shapes.title is not None]
        assert len(titles) == len(deck.slides), "every slide has a title placeholder"
        joined = " | ".join(titles)
        assert squash(session.title) in joined
        assert any(t.startswith("Agenda") for t in titles)
        for item in session.agenda:
            for slide in item.slides:
                assert squash(slide.title) in joined
        for slide in deck.slides:
            notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
            assert notes.strip(), f"slide '{slide.shapes.title.text}' has no speaker notes"
        every_text = squash(" ".join(shape.text_frame.text for slide in deck.slides
                                     for shape in slide.shapes if shape.has_text_frame))
        for resource in entry_course().crisis_resources:
            assert squash(resource.contact) in every_text


def entry_course():  # type: ignore[no-untyped-def]
    loaded = check(SESSIONS).loaded
    return loaded.course


def test_notes_hold_goals_and_run_of_show(built: Path) -> None:
    for entry in session_entries():
        session = entry.session
        path = built / entry.slug / f"week-{session.week:02d}-facilitator-notes.pdf"
        reader = PdfReader(path)
        text = pdf_text(path)
        for goal in session.goals:
            assert squash(goal) in text
        for item in session.agenda:
            assert squash(item.title) in text
        assert all(tuple(map(round, page.mediabox[2:])) == LETTER for page in reader.pages)
        assert len(reader.pages) >= 2
        assert re.search(r"Page 1 of \d+", text)


def test_worksheets_hold_every_prompt_and_the_crisis_line(built: Path) -> None:
    course = entry_course()
    for entry in session_entries():
        session = entry.session
        path = built / entry.slug / f"week-{session.week:02d}-worksheets.pdf"
        reader = PdfReader(path)
        text = pdf_text(path)
        for sheet in session.worksheets:
            assert squash(sheet.title) in text
            for item in sheet.items:
                assert squash(item.content.text or "") in text
        assert squash(course.emergency) in text
        assert squash(course.agreements[0]) in text
        assert squash(course.disclaimer) in text
        assert all(tuple(map(round, page.mediabox[2:])) == LETTER for page in reader.pages)


def test_fonts_are_embedded_truetype(built: Path) -> None:
    for pdf in sorted(built.rglob("*.pdf")):
        for page in PdfReader(pdf).pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in \
                    font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, f"{pdf.name}: {font['/BaseFont']} not embedded"
                assert "Helvetica" not in str(font["/BaseFont"])


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    code, _, err = run("build", "--sessions", str(SESSIONS), "--out", str(tmp_path))
    assert code == 0, err
    assert tree(tmp_path / "default") == tree(built)


def test_building_does_not_touch_the_sessions_folder(tmp_path: Path) -> None:
    before = tree(SESSIONS)
    code, _, _ = run("build", "--sessions", str(SESSIONS), "--out", str(tmp_path))
    assert code == 0
    assert tree(SESSIONS) == before


def test_a_plan_with_an_error_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("build", "--sessions", str(ROOTS / "broken"), "--out", str(out))
    assert code == 1
    assert re.search(r"week-01-over\.yaml:\d+:\d+: error: ", stderr)
    assert stderr.rstrip().endswith("nothing was written.")
    assert not out.exists()
    assert stdout == ""


def test_a_failed_build_keeps_the_last_good_output(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", course)
    out = tmp_path / "out"
    assert run("build", "--sessions", str(course), "--out", str(out))[0] == 0
    good = tree(out)
    plan = course / "week-01-hello.yaml"
    plan.write_text(plan.read_text().replace("minutes: 30", "minutes: 3O"))
    code, _, err = run("build", "--sessions", str(course), "--out", str(out))
    assert code == 1
    assert "week-01-hello.yaml:3:10: error: 'minutes' must be a whole number" in err
    assert tree(out) == good


def test_rebuild_reports_nothing_changed(tmp_path: Path) -> None:
    args = ("build", "--sessions", str(ROOTS / "minimal"), "--out", str(tmp_path))
    assert "(9 files, 9 changed)" in run(*args)[1]
    assert "(9 files, 0 changed)" in run(*args)[1]


def test_picture_alt_text_comes_from_the_plan(tmp_path: Path) -> None:
    assert run("build", "--sessions", str(ROOTS / "minimal"), "--out", str(tmp_path))[0] == 0
    deck = Presentation(str(tmp_path / "default/week-01-hello/week-01-slides.pptx"))
    pictures = [shape for slide in deck.slides for shape in slide.shapes
                if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    descr = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    assert descr == "Chairs in a circle"


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def outline_pages(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page number) of every bookmark, in order."""
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def contents_numbers(reader: PdfReader) -> list[int]:
    """The page numbers that end the contents page's dotted lines, top to bottom."""
    numbers: list[int] = []

    def visit(text: str, *_: object) -> None:
        found = re.fullmatch(r"[ .]*\.\s*(\d+)", text.strip())
        if found:
            numbers.append(int(found.group(1)))

    reader.pages[1].extract_text(visitor_text=visit)
    return numbers


@pytest.mark.parametrize("book", ["facilitator-guide.pdf", "participant-workbook.pdf"])
def test_the_contents_page_numbers_are_the_pages_the_bookmarks_open(built: Path,
                                                                     book: str) -> None:
    """The book is laid out once: its contents numbers are filled in at the end, and its
    bookmarks are made as each page is finally written. Both must name the same pages,
    and each session's bookmark must open the page its title is on."""
    reader = PdfReader(built / book)
    bookmarks = outline_pages(reader)
    assert contents_numbers(reader) == [page for _, page in bookmarks]
    assert [page for _, page in bookmarks] == sorted(page for _, page in bookmarks)
    for title, page in bookmarks:
        if title.startswith("Week "):
            assert squash(title.split(": ", 1)[1]) in squash(
                reader.pages[page - 1].extract_text()), title


def test_facilitator_guide_has_contents_bookmarks_and_every_session(built: Path) -> None:
    course = entry_course()
    path = built / "facilitator-guide.pdf"
    reader = PdfReader(path)
    text = pdf_text(path)
    bookmarks = outline_titles(reader)
    contents_page = squash(reader.pages[1].extract_text())
    assert contents_page.startswith(squash(f"{course.title} · Facilitator guide")) or \
        "Contents" in contents_page
    for entry in session_entries():
        title = f"Week {entry.session.week}: {squash(entry.session.title)}"
        assert title in bookmarks
        assert re.search(re.escape(title) + r"[ .]*\d+", contents_page), title
        for goal in entry.session.goals:
            assert squash(goal) in text
    for part in (*course.introduction, *course.appendices):
        assert part.title in bookmarks
        assert squash(part.title) in text
    assert reader.metadata is not None and "facilitator guide" in (reader.metadata.title or "")
    assert all(tuple(map(round, page.mediabox[2:])) == LETTER for page in reader.pages)
    assert re.search(rf"Page 1 of {len(reader.pages)}\b", pdf_text(path))


def test_participant_workbook_has_every_sheet_and_the_crisis_lines_on_every_page(
    built: Path,
) -> None:
    course = entry_course()
    path = built / "participant-workbook.pdf"
    reader = PdfReader(path)
    bookmarks = outline_titles(reader)
    text = pdf_text(path)
    for entry in session_entries():
        assert f"Week {entry.session.week}: {squash(entry.session.title)}" in bookmarks
        for number, sheet in enumerate(entry.session.worksheets, start=1):
            assert f"Sheet {entry.session.week}.{number}: {sheet.title}" in bookmarks
            assert squash(sheet.title) in text
    for form in course.forms:
        assert squash(form.title) in text
    assert "Support and crisis lines" in bookmarks
    for page in reader.pages:
        assert squash(course.emergency) in squash(page.extract_text())
    # Nothing meant only for facilitators reaches the participants' book.
    assert "WATCH FOR" not in text and "not for handing out" not in text


def test_guide_prints_the_agreements_and_crisis_lines_once(built: Path) -> None:
    course = entry_course()
    text = pdf_text(built / "facilitator-guide.pdf")
    assert text.count(squash(course.agreements[0])) == 1
    assert text.count(squash(course.crisis_resources[0].contact)) == 1
    assert "Group agreements and crisis lines" in outline_titles(
        PdfReader(built / "facilitator-guide.pdf"))


def test_a_build_that_fails_while_rendering_leaves_the_last_output_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert run("build", "--sessions", str(ROOTS / "minimal"), "--out", str(out))[0] == 0
    good = tree(out)
    plan = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", plan)
    (plan / "week-01-hello.yaml").write_text(
        (plan / "week-01-hello.yaml").read_text().replace("Hello & welcome", "Changed"))

    def broken(*args: object) -> bytes:
        raise RuntimeError("a renderer failed half way")

    import toolkit.render.pdf.books

    monkeypatch.setattr(toolkit.render.pdf.books, "render_workbook", broken)
    code, _, stderr = run("build", "--sessions", str(plan), "--out", str(out))
    assert code == 3
    assert "Nothing was overwritten" in stderr and "Traceback" not in stderr
    assert tree(out) == good


def test_running_headers_stay_on_one_line_however_long_the_title(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", course)
    plan = course / "week-01-hello.yaml"
    plan.write_text(plan.read_text().replace("title: Hello & welcome",
                                             "title: " + "Averylongtitlewithoutspaces" * 6, 1))
    assert run("build", "--sessions", str(course), "--out", str(tmp_path / "out"))[0] == 0
    for pdf in (tmp_path / "out" / "default").rglob("week-01-*.pdf"):
        page = PdfReader(pdf).pages[0]
        top = float(page.mediabox.height) - 16 * 72 / 25.4  # above the header rule
        rows: set[float] = set()

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  rows: set[float] = rows, top: float = top) -> None:
            y = cm[5] + tm[5] * cm[3]
            if text.strip() and y > top:
                rows.add(round(y))

        page.extract_text(visitor_text=visit)
        assert len(rows) == 1, (pdf.name, rows)
