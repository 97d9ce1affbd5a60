"""Group files end to end: each option reaches the outputs, read back from the real files."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import run, tree
from pptx import Presentation
from pypdf import PdfReader

from toolkit.checked import check
from toolkit.model import Session

REPO = Path(__file__).parent.parent
SESSIONS = REPO / "sessions"
GROUPS = SESSIONS / "groups"
EXAMPLES = ("tuesday-evening", "workplace-six-weeks", "large-print-uk")
A4 = (595, 842)
LETTER = (612, 792)
DEFAULT_LINE = "988 Suicide & Crisis Lifeline"




def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def deck_text(path: Path) -> str:
    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return " ".join(" ".join(parts).split())


def page_sizes(path: Path) -> set[tuple[int, int]]:
    return {(round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            for page in PdfReader(path).pages}


def font_sizes(path: Path) -> list[float]:
    """Every text size used on every page (the text matrix scale times the font size)."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.append(round(abs(size * tm[3]) * abs(cm[3] or 1), 2))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three example groups, built in one command; sessions/ must not change."""
    before = tree(SESSIONS)
    out = tmp_path_factory.mktemp("out")
    args = ["build", "--sessions", str(SESSIONS), "--out", str(out)]
    for name in EXAMPLES:
        args += ["--group", str(GROUPS / f"{name}.yaml")]
    code, stdout, stderr = run(*args)
    assert code == 0, stderr
    assert stdout.count("Built ") == 3
    assert tree(SESSIONS) == before, "a build changed the shared sessions/ folder"
    return out


def decks(folder: Path) -> list[Path]:
    return sorted(folder.glob("week-*/week-*-slides.pptx"))


def test_each_group_builds_into_its_own_folder(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir() if not p.name.startswith(".")) == sorted(EXAMPLES)
    for name in EXAMPLES:
        assert (built / name / "attendance-register.pdf").is_file()
        assert (built / name / "facilitator-guide.pdf").is_file()


def test_a4_group_has_a4_pages(built: Path) -> None:
    folder = built / "workplace-six-weeks"
    for pdf in folder.rglob("*.pdf"):
        sizes = page_sizes(pdf)
        if pdf.name == "attendance-register.pdf":
            assert sizes == {(A4[1], A4[0])}, pdf
        else:
            assert sizes == {A4}, pdf
    assert page_sizes(next((built / "tuesday-evening").glob("week-01*/*notes.pdf"))) == {LETTER}


def test_large_print_worksheets_are_at_least_16_pt(built: Path) -> None:
    sheets = sorted((built / "large-print-uk").glob("week-*/*-worksheets.pdf"))
    assert len(sheets) == 9
    for sheet in sheets:
        sizes = font_sizes(sheet)
        assert sizes
        # Body text is 16 pt; only the running header, page numbers and the crisis footer are
        # smaller (12 pt), and they are at least 12.
        assert min(sizes) >= 12, sheet
        assert sorted(sizes)[len(sizes) // 2] >= 16, sheet
    normal = font_sizes(next((built / "tuesday-evening").glob("week-01*/*-worksheets.pdf")))
    assert sorted(normal)[len(normal) // 2] < 16


def test_group_crisis_line_replaces_the_default_everywhere(built: Path) -> None:
    folder = built / "large-print-uk"
    samaritans = "116 123"
    for week in sorted(folder.glob("week-*")):
        deck = deck_text(next(week.glob("*-slides.pptx")))
        notes = pdf_text(next(week.glob("*-facilitator-notes.pdf")))
        sheets = pdf_text(next(week.glob("*-worksheets.pdf")))
        for text in (deck, notes, sheets):
            assert samaritans in text, week.name
            assert DEFAULT_LINE not in text, week.name
    for book in ("facilitator-guide.pdf", "participant-workbook.pdf"):
        text = pdf_text(folder / book)
        assert samaritans in text and DEFAULT_LINE not in text
    # The default course still carries its own lines.
    tuesday = built / "tuesday-evening"
    assert DEFAULT_LINE in pdf_text(next(tuesday.glob("week-01*/*-worksheets.pdf")))


def test_six_session_selection_in_order_with_dates(built: Path) -> None:
    folder = built / "workplace-six-weeks"
    group = yaml.safe_load((GROUPS / "workplace-six-weeks.yaml").read_text())
    chosen = group["sessions"]
    found = decks(folder)
    assert len(found) == 6
    titles = []
    for number, (deck, slug) in enumerate(zip(found, chosen, strict=True), start=1):
        assert deck.name == f"week-{number:02d}-slides.pptx"
        assert deck.parent.name == f"week-{number:02d}-" + slug.split("-", 2)[2]
        title_slide = Presentation(str(deck)).slides[0]
        titles.append(title_slide.shapes.title.text)
    expected = [Session.model_validate(yaml.safe_load((SESSIONS / f"{s}.yaml").read_text()))
                .title for s in chosen]
    assert [" ".join(t.split()) for t in titles] == expected
    # Every other Wednesday from 3 March 2027.
    first = datetime.date(2027, 3, 3)
    for number, deck in enumerate(found):
        day = first + datetime.timedelta(weeks=2 * number)
        assert f"{day:%A} {day.day} {day:%B %Y}" in deck_text(deck)


def test_skipped_dates_are_honoured(built: Path) -> None:
    folder = built / "tuesday-evening"
    texts = [deck_text(deck) for deck in decks(folder)]
    assert "Tuesday 9 February 2027" in texts[4]
    assert not any("16 February 2027" in text for text in texts)
    assert "Tuesday 23 February 2027" in texts[5]
    notes = pdf_text(next(folder.glob("week-06*/*-facilitator-notes.pdf")))
    assert "Tuesday 23 February 2027, 6:30 pm–8:00 pm" in notes
    # The run of show is in clock time: the first item starts at the start time.
    assert "Time Item Kind" in notes and "6:30 pm–" in notes


def test_branded_deck_uses_the_colours_and_the_logo(built: Path) -> None:
    deck = Presentation(str(decks(built / "tuesday-evening")[0]))
    fills = set()
    pictures = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:
                pictures.append(shape)
            try:
                if shape.fill.type == 1:  # solid
                    fills.add(str(shape.fill.fore_color.rgb))
            except (AttributeError, TypeError):
                continue
    assert "2B4C7E" in fills
    assert "1F5C63" not in fills
    assert any("logo" in shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0].lower()
               for shape in pictures)
    title_slide = deck.slides[0]
    text = " ".join(shape.text_frame.text for shape in title_slide.shapes if shape.has_text_frame)
    assert "Tuesday Evening" in " ".join(text.split())
    assert "Riverside Community Center" in " ".join(text.split())


def test_placeholders_are_filled(built: Path) -> None:
    deck = deck_text(decks(built / "tuesday-evening")[0])
    assert "Welcome to the Tuesday Evening group" in deck
    assert "Room 4" in deck
    assert "{" not in deck
    assert "Tuesday 19 January 2027" in deck  # {next_date} in the closing's notes


def test_extra_session_from_the_group_folder(built: Path) -> None:
    folder = built / "large-print-uk"
    deck = decks(folder)[-1]
    assert deck.parent.name == "week-09-reunion"
    assert "Coming back together" in deck_text(deck)


def test_register_has_blank_rows_without_a_roster(built: Path) -> None:
    reader = PdfReader(built / "tuesday-evening" / "attendance-register.pdf")
    text = pdf_text(built / "tuesday-evening" / "attendance-register.pdf")
    assert "Attendance register" in text and "Week 8" in text and "Tue 12 Jan" in text
    assert len(reader.pages) == 1
    assert not (built / "tuesday-evening" / "workbooks").exists()


# Groups made for one test each, in a temporary folder -------------------------------------


def write_group(tmp_path: Path, text: str, name: str = "group.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_names_workbooks_and_register_but_never_messages(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    (private / "roster.txt").write_text("# first names\nZephyrine\n\nQuillon B.\n")
    group = write_group(tmp_path, "name: Roster Test\nroster: private/roster.txt\n"
                        "sessions: [week-01-strong-but-at-what-cost]\n")
    out = tmp_path / "out"
    code, stdout, stderr = run("build", "--sessions", str(SESSIONS), "--out", str(out),
                               "--group", str(group))
    assert code == 0, stderr
    assert "Zephyrine" not in stdout + stderr and "Quillon" not in stdout + stderr
    folder = out / "roster-test"
    workbooks = sorted((folder / "workbooks").iterdir())
    assert [p.name for p in workbooks] == ["workbook-01.pdf", "workbook-02.pdf"]
    assert "Zephyrine" in pdf_text(workbooks[0]) and "Quillon B." in pdf_text(workbooks[1])
    assert "Quillon" not in pdf_text(workbooks[0])
    register = pdf_text(folder / "attendance-register.pdf")
    assert "Zephyrine" in register and "Quillon B." in register
    assert not any("Zephyrine" in p.name for p in folder.rglob("*"))


def test_override_changes_exactly_what_it_names(tmp_path: Path) -> None:
    slug = "week-03-the-avoidant-trap"
    base = check(SESSIONS).plans[0]
    original = next(e.session for e in base.sessions if e.slug == slug)
    item = next(i for i in original.agenda if i.slides)
    group = write_group(tmp_path, f"""
changes:
  {slug}:
    agenda:
      {item.id}:
        title: A new title for this item
""")
    checked = check(SESSIONS, [group])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    changed = next(e.session for e in checked.plans[0].sessions if e.slug == slug)
    before, after = original.model_dump(), changed.model_dump()
    index = [i.id for i in original.agenda].index(item.id)
    assert after["agenda"][index]["title"] == "A new title for this item"
    after["agenda"][index]["title"] = before["agenda"][index]["title"]
    assert after == before
    others = [e.session for e in checked.plans[0].sessions if e.slug != slug]
    assert others == [e.session for e in base.sessions if e.slug != slug]


def test_override_remove_add_and_worksheet_item(tmp_path: Path) -> None:
    slug = "week-03-the-avoidant-trap"
    original = next(e.session for e in check(SESSIONS).plans[0].sessions if e.slug == slug)
    first, second = original.agenda[0], original.agenda[1]
    sheet = original.worksheets[0]
    first_item = sheet.items[0].id or "item-1"
    group = write_group(tmp_path, f"""
changes:
  {slug}:
    agenda:
      {second.id}:
        minutes: {second.minutes + 5}
    add_agenda:
      - after: {first.id}
        id: stretch
        title: A short stretch
        kind: break
        minutes: 5
    worksheet_items:
      {sheet.id}/{first_item}: remove
""")
    checked = check(SESSIONS, [group])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    changed = next(e.session for e in checked.plans[0].sessions if e.slug == slug)
    ids = [i.id for i in changed.agenda]
    assert ids[:3] == [first.id, "stretch", second.id]
    assert changed.agenda[2].minutes == second.minutes + 5
    assert sum(i.minutes for i in changed.agenda) == original.minutes
    assert changed.worksheets[0].items == sheet.items[1:]


@pytest.mark.parametrize(("text", "message", "hint"), [
    ("changes:\n  week-03-the-avoidant-trap:\n    agenda:\n      arivval: remove\n",
     "group.yaml:4:7: error: there is no agenda item 'arivval'", "Did you mean 'arrival'?"),
    ("sessions: [week-01-strong-but-at-what-cost, week-02-where-it-come-from]\n",
     "group.yaml:1:", "Did you mean 'week-02-where-it-comes-from'?"),
    ("changes:\n  week-01-strong-but-at-what-cost:\n    summary: See you in {rooom}\n"
     "placeholders:\n  room: Room 4\n",
     "group.yaml:3:14: error: unknown placeholder '{rooom}'", "Did you mean '{room}'?"),
    ("schedule:\n  first_date: 2027-01-13\n  weekday: Tuesday\n",
     "group.yaml:2:15: error: 13 January 2027 is a Wednesday, but the group meets on "
     "Tuesdays", "Correct the first date"),
    ("minutes: 20\n", "group.yaml:1:10: error: 'week-01-strong-but-at-what-cost' needs",
     "more minutes off"),
    ("branding:\n  primary: \"#F5D76E\"\n", "group.yaml:2:12: error: text in #F5D76E on white "
     "has a contrast of only", "Use a darker shade"),
    ("schedule:\n  start_time: 25:00\n", "group.yaml:2:15: error:", "\"18:30\""),
    ("colour: blue\n", "group.yaml:1:1: error: unknown field 'colour'", None),
])
def test_group_mistakes_are_reported_at_their_line(tmp_path: Path, text: str, message: str,
                                                   hint: str | None) -> None:
    group = write_group(tmp_path, text)
    code, _, stderr = run("check", "--sessions", str(SESSIONS), "--group", str(group))
    assert code == 1
    assert message in stderr, stderr
    if hint:
        assert hint in stderr, stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(("weekday", "start", "expected"), [
    ("jueves", "6:00 p. m.", datetime.time(18, 0)),  # as the Spanish materials print them
    ("Miércoles", "9:15 a.m.", datetime.time(9, 15)),
    ("miercoles", "9.15am", datetime.time(9, 15)),
    ("Thursday", "6:00\u00a0p.\u00a0m.", datetime.time(18, 0)),
])
def test_a_day_and_time_are_read_as_a_facilitator_writes_them(
        tmp_path: Path, weekday: str, start: str, expected: datetime.time) -> None:
    day = "2027-03-03" if weekday.lower().startswith("mi") else "2027-03-04"
    group = write_group(tmp_path, f"schedule:\n  first_date: {day}\n  weekday: {weekday}\n"
                        f"  start_time: \"{start}\"\n")
    checked = check(SESSIONS, [group])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    assert checked.plans[0].sessions[0].meeting is not None
    assert checked.plans[0].sessions[0].meeting.start == expected


def test_a_shorter_session_is_fitted_by_its_flexible_items(tmp_path: Path) -> None:
    group = write_group(tmp_path, "minutes: 75\n")
    checked = check(SESSIONS, [group])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    base = check(SESSIONS).plans[0]
    for entry, original in zip(checked.plans[0].sessions, base.sessions, strict=True):
        session = entry.session
        assert session.minutes == 75
        assert sum(item.minutes for item in session.agenda) == 75
        # The self-rating's time (sessions 1, 4 and 8) is fixed, like the items below.
        for new, old in zip(session.agenda, original.session.agenda, strict=True):
            if not old.flexible:
                assert new.minutes == old.minutes
            else:
                assert old.minutes / 2 <= new.minutes <= old.minutes


def test_unknown_placeholder_in_the_curriculum_is_an_error(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "roots" / "minimal", course)
    plan = next(course.glob("week-*.yaml"))
    plan.write_text(plan.read_text().replace("title: ", "title: Hello {grupo} ", 1))
    code, _, stderr = run("check", "--sessions", str(course))
    assert code == 1
    assert "unknown placeholder '{grupo}'" in stderr and "Did you mean '{group}'?" in stderr


def test_new_group_writes_a_commented_file_and_never_overwrites(tmp_path: Path) -> None:
    code, stdout, _ = run("new-group", 'Thursday: "Morning" Group', "--folder", str(tmp_path))
    assert code == 0
    assert "toolkit build --group" in stdout
    path = tmp_path / "thursday-morning-group.yaml"
    text = path.read_text()
    assert text.count("#") > 40
    assert yaml.safe_load(text)["name"] == 'Thursday: "Morning" Group'
    checked = check(SESSIONS, [path])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    assert checked.plans[0].group_slug == "thursday-morning-group"
    path.write_text("name: mine\n")
    code, _, stderr = run("new-group", 'Thursday: "Morning" Group', "--folder", str(tmp_path))
    assert code == 1
    assert "already there" in stderr
    assert path.read_text() == "name: mine\n"


def test_list_prints_the_schedule() -> None:
    code, stdout, _ = run("list", "--sessions", str(SESSIONS), "--group",
                          str(GROUPS / "tuesday-evening.yaml"))
    assert code == 0
    lines = stdout.splitlines()
    assert lines[1].split()[:10] == ["Session", "1", "·", "course", "week", "1", "Tue", "12",
                                     "Jan", "2027"]
    assert lines[1].endswith("6:30 pm   90 min  Strong, but at what cost?")
    assert lines[2] == "    week-01-strong-but-at-what-cost"
    assert "Tue 23 Feb 2027" in lines[11]


def test_list_shows_a_groups_own_numbering_beside_the_course_week() -> None:
    """A group that skips sessions counts its own; the course week and the name to type
    stand beside each (pinned whole)."""
    code, stdout, _ = run("list", "--sessions", str(SESSIONS), "--group",
                          str(GROUPS / "workplace-six-weeks.yaml"))
    assert code == 0
    assert stdout == (
        "workplace-six-weeks.yaml: 6 sessions\n"
        "Session 1 · course week 1  Wed 3 Mar 2027      12:30   75 min  Strong, but at what cost?\n"
        "    week-01-strong-but-at-what-cost\n"
        "Session 2 · course week 4  Wed 17 Mar 2027     12:30   60 min  The hidden costs\n"
        "    week-04-the-hidden-costs\n"
        "Session 3 · course week 5  Wed 31 Mar 2027     12:30   60 min  Beliefs that keep us stuck\n"
        "    week-05-beliefs-that-keep-us-stuck\n"
        "Session 4 · course week 6  Wed 14 Apr 2027     12:30   60 min  Micro-vulnerabilities\n"
        "    week-06-micro-vulnerabilities\n"
        "Session 5 · course week 7  Wed 28 Apr 2027     12:30   60 min  Saying it out loud\n"
        "    week-07-saying-it-out-loud\n"
        "Session 6 · course week 8  Wed 12 May 2027     12:30   75 min  Interdependence for the long run\n"
        "    week-08-interdependence-for-the-long-run\n"
        "Under each title: its name, as a group file's sessions: and changes: take it.\n")
    for line in stdout.splitlines():
        assert len(line) <= 100, line


def test_every_name_list_shows_is_one_a_group_file_takes(tmp_path: Path) -> None:
    """The names under the titles, typed into a group file's sessions: in reverse order,
    give a group that checks clean and runs them in that order."""
    code, stdout, _ = run("list", "--sessions", str(SESSIONS))
    assert code == 0
    names = [line.strip() for line in stdout.splitlines()[1:-1:2]]
    assert len(names) == 8 and all(name.startswith("week-0") for name in names)
    group = write_group(tmp_path, "name: Backwards\nsessions:\n" +
                        "".join(f"  - {name}\n" for name in reversed(names)))
    checked = check(SESSIONS, [group])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    assert [entry.slug for entry in checked.plans[0].sessions] == list(reversed(names))


def test_two_groups_with_one_folder_name_are_refused(tmp_path: Path) -> None:
    first = write_group(tmp_path, "name: Same Name\n", "a.yaml")
    second = write_group(tmp_path, "name: Same  name\n", "b.yaml")
    code, _, stderr = run("build", "--sessions", str(SESSIONS), "--out", str(tmp_path / "o"),
                          "--group", str(first), "--group", str(second))
    assert code == 1
    assert "output folder 'same-name/'" in stderr
    assert not (tmp_path / "o").exists()


def test_a_template_that_is_not_widescreen_is_refused_at_check(tmp_path: Path) -> None:
    deck = Presentation()  # python-pptx's default is 4:3
    deck.save(str(tmp_path / "old.pptx"))
    (tmp_path / "broken.pptx").write_bytes(b"PK\x03\x04 not really")
    group = write_group(tmp_path, "branding:\n  template: old.pptx\n")
    code, _, stderr = run("check", "--sessions", str(SESSIONS), "--group", str(group))
    assert code == 1
    assert "group.yaml:2:13: error: the template's slides are not widescreen (16:9)" in stderr
    group = write_group(tmp_path, "branding:\n  template: broken.pptx\n")
    code, _, stderr = run("check", "--sessions", str(SESSIONS), "--group", str(group))
    assert "cannot be read as a PowerPoint file" in stderr


@pytest.mark.parametrize(("name", "folder"), [
    ("CON", "con-group"),
    ("lpt1", "lpt1-group"),
    ("Default", "default-group"),
    ("Tuesday: 6.30 pm...", "tuesday-6-30-pm"),
    ("../../etc", "etc"),
    ("Café Séance — Ünïcode", "cafe-seance-unicode"),
    ("日本語", "日本語"),
    ("Группа по вторникам", "группа-по-вторникам"),
    ("Ομάδα Τρίτης", "ομάδα-τρίτης"),
    ("हिन्दी समूह", "हिन्दी-समूह"),
    ("ＦＵＬＬ width", "full-width"),
    ("x" * 300, "x" * 60),
])
def test_output_folder_names_are_safe_everywhere(name: str, folder: str) -> None:
    from toolkit.groupfile import slugify

    assert slugify(name) == folder


def test_names_in_other_scripts_keep_their_folders_apart() -> None:
    """Every Cyrillic, Greek, CJK or emoji name was once the folder 'group/', so a second such
    group overwrote the first's books."""
    from toolkit.groupfile import slugify

    names = ["Группа А", "Группа Б", "Ομάδα Α", "Ομάδα Β", "火曜日のグループ", "木曜日のグループ",
             "🌻🌼", "🌷🌸", "🌻", "Tuesday Evening"]
    folders = [slugify(name) for name in names]
    assert len(set(folders)) == len(names), folders
    assert all(folder and "/" not in folder and "\\" not in folder and folder not in (".", "..")
               for folder in folders)
    assert slugify("🌻🌼") == slugify("🌻🌼")  # the same name always has the same folder
    assert slugify("🌻🌼").startswith("group-")


def test_an_optional_session_that_is_not_there_is_named_at_its_line(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(REPO / "tests" / "roots" / "minimal", course)
    (course / "course.yaml").write_text(
        (course / "course.yaml").read_text() + "optional_sessions:\n  - boostr\n",
        encoding="utf-8")
    (course / "booster.yaml").write_text(
        (course / "week-01-hello.yaml").read_text().replace("week: 1", "week: 2"),
        encoding="utf-8")
    code, _, stderr = run("check", "--sessions", str(course))
    assert code == 1
    assert "course.yaml:14:5: error: no session plan 'boostr.yaml' in this folder" in stderr
    assert "Did you mean 'booster'?" in stderr
