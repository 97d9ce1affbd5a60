"""The file `toolkit new-group` writes, read back as its reader would use it: as written, and
with each of its examples switched on the way the file says, it checks clean and builds, and the
example reaches the materials. It is most facilitators' first contact with the toolkit, so an
example that fails there is a broken promise, found by a user rather than by us."""

from __future__ import annotations

import datetime
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader

from toolkit.cli import main
from toolkit.group_model import GroupFile

SESSIONS = Path(__file__).parent.parent / "sessions"
NAME = "Tuesday group"
FILE = "tuesday-group.yaml"
FOLDER = "tuesday-group"
"""What `toolkit new-group "Tuesday group"` writes, and the group's output folder."""

HEADING = re.compile(r"# ([a-z_]+):(?: |$)")
"""An example's first line: "# key:" at column 0."""
BELONGS = re.compile(r"# {3,}\S")
"""A line of the example under it: "#" then the one space, then indentation."""

# The files the examples name, which a fresh machine does not have.
ROSTER = Path("private", "tuesday-roster.txt")  # under the home folder: "~/private/..."
LOGO = Path("images", "our-logo.png")
TEMPLATE = Path("our-template.pptx")
REUNION = Path("extras", "reunion.yaml")
ROSTER_NAMES = ("Avery", "Jo K.")
MASTER = "Tuesday group master"
"""The name of the made template's slide master: seen in a deck, the template was used."""
REUNION_TITLE = "Tuesday group reunion"
COURSE = Path("our-course")
OWN_TITLE = "Our own first week"
"""The course copy's folder, and week 1's title in it: seen in a deck, the copy was used."""

TOGETHER = {
    # Its note: 'Add each one's name (its file name without ".yaml") to "sessions:" above,
    # where it runs.' So "sessions:" is switched on too, with the extra's name added.
    "extra_sessions": "sessions",
    # Its note: 'The example uses {room}, so switch on "placeholders:" above with it', since
    # {room} is not a placeholder of the toolkit's own.
    "changes": "placeholders",
}
"""Examples that work only with another switched on, as the file says before the example."""

FAKE = {
    # "The examples below are NOT real numbers": the crisis examples hold <...> for the reader's
    # own confirmed lines. Put in, as the file asks, but made up: 555-01xx numbers are reserved
    # for fiction. (Left as <...>, the check refuses them: tests/bad/groups/
    # crisis-line-example-blank.yaml.)
    "<number>": "555-0100",
    "<your area>": "Testland",
    "<name of your local crisis line>": "Testland Listening Line",
    "<your local line>": "555-0101",
    "<a text or chat service you have checked>": "Testland Text Service",
    "<the number>": "555-0102",
    "<the website>": "chat.example.org",
    # The same blanks in the Spanish file.
    "<número>": "555-0100",
    "<su zona>": "Testland",
    "<nombre de su línea de crisis local>": "Línea de Escucha de Testland",
    "<su línea local>": "555-0101",
    "<un servicio de mensajes de texto o chat que usted haya comprobado>": "Mensajes Testland",
    "<el número>": "555-0102",
    "<el sitio web>": "chat.example.org",
}
FILL = re.compile(r"<[^<>\n]+>")


@dataclass(frozen=True)
class Example:
    """One example: its lines are ``start`` up to (not including) ``end``."""

    key: str
    start: int
    end: int


def find_examples(text: str) -> dict[str, Example]:
    """Every example in a group file, in file order: a "# key:" line at column 0 that names a
    setting of the group file, and the indented commented lines under it. A line of prose that
    wraps onto "word:" ("# notes: keep the course's own", "# large_print: true makes the type
    bigger") names no setting, so it is not taken for one."""
    lines = text.splitlines()
    found: dict[str, Example] = {}
    for start, line in enumerate(lines):
        heading = HEADING.match(line)
        if heading is None or heading[1] not in GroupFile.model_fields:
            continue
        end = start + 1
        while end < len(lines) and BELONGS.match(lines[end]):
            end += 1
        # An example ends where its paragraph does: a line of it indented wrongly would
        # otherwise be cut off here unseen.
        assert end == len(lines) or lines[end] in ("", "#"), (start + 1, lines[end])
        assert heading[1] not in found, f"two examples of {heading[1]}:"
        found[heading[1]] = Example(heading[1], start, end)
    return found


def written_by_new_group(language: str = "en") -> str:
    """The file the command writes, for the test ids (each test writes its own again)."""
    with tempfile.TemporaryDirectory() as folder:
        result = CliRunner().invoke(main, ["new-group", NAME, "--folder", folder,
                                           "--language", language])
        assert result.exit_code == 0, result.output
        return Path(folder, FILE).read_text(encoding="utf-8")


KEYS = list(find_examples(written_by_new_group()))
SPANISH_KEYS = list(find_examples(written_by_new_group("es")))


def invoke(*args: str) -> tuple[int, str]:
    """Run the command line as a user would: exit code and everything it printed."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def new_group(folder: Path, monkeypatch: pytest.MonkeyPatch, language: str = "en") -> Path:
    """`toolkit new-group "Tuesday group"` in ``folder``: the file it wrote."""
    folder.mkdir(exist_ok=True)
    monkeypatch.chdir(folder)
    code, output = invoke("new-group", NAME, "--language", language)
    assert code == 0, output
    return folder / FILE


def check_is_clean(group: Path) -> None:
    """`toolkit check --strict` passes with not a single warning."""
    code, output = invoke("check", "--strict", "--group", group.name)
    assert code == 0, output
    assert "warning" not in output.lower(), output
    assert "no problems found" in output


def make_named_files(home: Path, folder: Path) -> None:
    """The roster, logo, slide template and extra session the examples name, made as a user
    would have them: each small but valid."""
    roster = home / ROSTER
    roster.parent.mkdir(parents=True)
    roster.write_text("\n".join(ROSTER_NAMES) + "\n", encoding="utf-8")
    (folder / LOGO).parent.mkdir(parents=True)
    Image.new("RGB", (240, 120), (43, 76, 126)).save(folder / LOGO)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)  # widescreen, 16:9
    deck.slide_master._element.cSld.set("name", MASTER)
    deck.save(str(folder / TEMPLATE))
    # An extra session as the course's own example of one, retitled so its deck is known.
    reunion = (SESSIONS / "groups" / REUNION).read_text(encoding="utf-8")
    retitled, count = re.subn(r"^title: .*$", f"title: {REUNION_TITLE}", reunion, count=1,
                              flags=re.MULTILINE)
    assert count == 1
    (folder / REUNION).parent.mkdir(parents=True)
    (folder / REUNION).write_text(retitled, encoding="utf-8")
    # The organisation's own course, copied as the example says, with week 1 retitled.
    code, output = invoke("copy-course", str(folder / COURSE))
    assert code == 0, output
    week_1 = next((folder / COURSE).glob("week-01-*.yaml"))
    plan, count = re.subn(r"^title: .*$", f"title: {OWN_TITLE}",
                          week_1.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    assert count == 1
    week_1.write_text(plan, encoding="utf-8")


def note_before(lines: list[str], example: Example) -> str:
    """The comment paragraph just above an example: what the file tells its reader about it."""
    start = example.start
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    return "\n".join(lines[start:example.start])


def switch_on(lines: list[str], example: Example) -> None:
    """What the file says: delete the # and the one space after it, heading included."""
    for number in range(example.start, example.end):
        assert lines[number].startswith("# "), lines[number]
        lines[number] = lines[number][2:]


def put_in_own_values(lines: list[str], example: Example) -> None:
    """Each <...> of the example replaced as its note asks (made-up values: see FAKE); one the
    test does not know fails here rather than going through unfilled."""
    for number in range(example.start, example.end):
        lines[number] = FILL.sub(lambda found: FAKE[found[0]], lines[number])


def as_the_file_says(text: str, key: str) -> str:
    """The group file with the example ``key`` switched on, and any it needs."""
    lines = text.splitlines()
    examples = find_examples(text)
    switch_on(lines, examples[key])
    put_in_own_values(lines, examples[key])
    partner = TOGETHER.get(key)
    if partner is not None:
        assert f'"{partner}:"' in note_before(lines, examples[key]), (
            f"the file does not tell its reader that {key}: needs {partner}:")
        switch_on(lines, examples[partner])
    if key == "extra_sessions":
        extras = yaml.safe_load("\n".join(lines))["extra_sessions"]
        # "its file name without .yaml", added to the end of the list under "sessions:"
        lines[examples["sessions"].end:examples["sessions"].end] = [
            f"  - {Path(extra).stem}" for extra in extras]
    return "\n".join(lines) + "\n"


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def deck_text(path: Path) -> str:
    parts = []
    for slide in Presentation(str(path)).slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return " ".join(" ".join(parts).split())


def session_folders(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.is_dir() and path.name != "workbooks")


def session_file(folder: Path, week: str, kind: str) -> Path:
    """One session's file of a kind ("slides.pptx"), by the course week ("week-01")."""
    [found] = [path for path in folder.glob(f"{week}-*/{week}-{kind}")]
    return found


def expected_sessions(group: dict[str, Any]) -> list[str]:
    """The sessions a group runs: those it lists, else the course's and then its extras."""
    if "sessions" in group:
        return list(group["sessions"])
    course = yaml.safe_load((SESSIONS / "course.yaml").read_text(encoding="utf-8"))
    return [*course["sessions"], *(Path(extra).stem for extra in group.get("extra_sessions", []))]


def assert_built(folder: Path, group: dict[str, Any]) -> None:
    """The group's folder holds every book and, for each session it runs, its five files."""
    for name in ("attendance-register.pdf", "facilitator-guide.pdf", "participant-workbook.pdf",
                 "index.html"):
        assert (folder / name).is_file(), name
    sessions = expected_sessions(group)
    folders = session_folders(folder)
    assert len(folders) == len(sessions), [path.name for path in folders]
    for number, (path, name) in enumerate(zip(folders, sessions, strict=True), start=1):
        # Numbered in the group's own order; a course session's name keeps its title part.
        week = f"week-{number:02d}"
        assert path.name == f"{week}-{re.sub(r'^week-[0-9]+-', '', name)}", (path.name, name)
        kinds = ("facilitator-notes.pdf", "handouts.pdf", "worksheets.pdf", "worksheets.html",
                 "slides.pptx")
        assert sorted(p.name for p in path.iterdir()) == sorted(f"{week}-{k}" for k in kinds)
        for pdf in path.glob("*.pdf"):
            assert pdf.read_bytes()[:5] == b"%PDF-", pdf
        assert zipfile.is_zipfile(path / f"{week}-slides.pptx")


# What each example changes in the materials, read back from them --------------------------


def notes(folder: Path) -> str:
    return pdf_text(session_file(folder, "week-01", "facilitator-notes.pdf"))


def worksheets(folder: Path) -> str:
    return pdf_text(session_file(folder, "week-01", "worksheets.pdf"))


def facilitators(folder: Path, group: dict[str, Any]) -> None:
    assert all(name in notes(folder) for name in group["facilitators"])


def location(folder: Path, group: dict[str, Any]) -> None:
    deck = Presentation(str(session_file(folder, "week-01", "slides.pptx")))
    cover = " ".join(" ".join(shape.text_frame.text for shape in deck.slides[0].shapes
                              if shape.has_text_frame).split())
    assert NAME in cover and group["location"] in cover
    assert group["location"] in notes(folder)


def contact(folder: Path, group: dict[str, Any]) -> None:
    assert group["contact"] in worksheets(folder)


def records(folder: Path, group: dict[str, Any]) -> None:
    assert group["records"] in worksheets(folder)


def schedule(folder: Path, group: dict[str, Any]) -> None:
    """Every session's date in the register, weekly from the first, the skipped one left out."""
    plan = group["schedule"]
    skip = set(plan["skip"])
    dates: list[datetime.date] = []
    day = plan["first_date"]
    while len(dates) < len(expected_sessions(group)):
        if day not in skip:
            dates.append(day)
        day += datetime.timedelta(weeks=plan["weeks_apart"])
    register = pdf_text(folder / "attendance-register.pdf")
    for day in dates:
        assert f"{day:%a} {day.day} {day:%b}" in register, day
    for day in skip:
        assert f"{day:%a} {day.day} {day:%b}" not in register, day
    assert plan["start_time"] in notes(folder)


def sessions(folder: Path, group: dict[str, Any]) -> None:
    """The course's other sessions are left out (every one listed is there: assert_built)."""
    course = yaml.safe_load((SESSIONS / "course.yaml").read_text(encoding="utf-8"))["sessions"]
    left_out = [name.split("-", 2)[2] for name in course if name not in group["sessions"]]
    names = [path.name.split("-", 2)[2] for path in session_folders(folder)]
    assert left_out and not set(left_out) & set(names), names


def minutes(folder: Path, group: dict[str, Any]) -> None:
    assert f"{group['minutes']} min" in notes(folder)


def extra_sessions(folder: Path, group: dict[str, Any]) -> None:
    last = session_folders(folder)[-1]
    assert last.name.endswith("reunion")
    assert REUNION_TITLE in deck_text(next(last.glob("*-slides.pptx")))


def emergency(folder: Path, group: dict[str, Any]) -> None:
    assert group["emergency"] in worksheets(folder)


def crisis_resources(folder: Path, group: dict[str, Any]) -> None:
    text = worksheets(folder)
    assert all(line["service"] in text for line in group["crisis_resources"])
    assert "988 Suicide & Crisis Lifeline" not in text  # the course's own lines are replaced


def crisis_note(folder: Path, group: dict[str, Any]) -> None:
    assert group["crisis_note"] in notes(folder)


def branding(folder: Path, group: dict[str, Any]) -> None:
    deck = Presentation(str(session_file(folder, "week-01", "slides.pptx")))
    fills = set()
    logos = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:  # a picture
                logos += [d for d in shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr")
                          if "logo" in d.lower()]
            if getattr(shape, "fill", None) is not None and shape.fill.type == 1:  # solid
                fills.add(str(shape.fill.fore_color.rgb))
    assert group["branding"]["primary"].lstrip("#") in fills
    assert logos
    assert [master.name for master in deck.slide_masters] == [MASTER]


def print_(folder: Path, group: dict[str, Any]) -> None:
    a4 = {(595, 842), (842, 595)}
    for path in (session_file(folder, "week-01", "worksheets.pdf"),
                 folder / "attendance-register.pdf"):
        sizes = {(round(float(page.mediabox.width)), round(float(page.mediabox.height)))
                 for page in PdfReader(path).pages}
        assert sizes <= a4, (path.name, sizes)


def roster(folder: Path, group: dict[str, Any]) -> None:
    workbooks = sorted((folder / "workbooks").iterdir())
    assert [path.name for path in workbooks] == ["workbook-01.pdf", "workbook-02.pdf"]
    assert ROSTER_NAMES[0] in pdf_text(workbooks[0])


def language(folder: Path, group: dict[str, Any]) -> None:
    deck = deck_text(session_file(folder, "week-01", "slides.pptx"))
    assert "Semana 1" in deck and "Week 1" not in deck


def course(folder: Path, group: dict[str, Any]) -> None:
    assert OWN_TITLE in deck_text(session_file(folder, "week-01", "slides.pptx"))


def changes(folder: Path, group: dict[str, Any]) -> None:
    deck = deck_text(session_file(folder, "week-03", "slides.pptx"))
    assert "Finding your way around" in deck
    assert "This week we are in Room 4" in deck  # {room}, from "placeholders:"
    assert "What pulling away can look like" in deck


EFFECTS: dict[str, Callable[[Path, dict[str, Any]], None]] = {
    "facilitators": facilitators, "location": location, "contact": contact,
    "records": records, "schedule": schedule, "sessions": sessions, "minutes": minutes,
    "course": course, "extra_sessions": extra_sessions, "language": language,
    "emergency": emergency,
    "crisis_resources": crisis_resources, "crisis_note": crisis_note, "branding": branding,
    "print": print_, "roster": roster, "changes": changes,
}
NO_EFFECT_TO_SEE = {
    "register_rows",  # the example's 12 rows are what a register has without it
    "placeholders",  # no text of the course uses {room} or {parking}: see "changes"
}


# The tests ----------------------------------------------------------------------------------


def test_the_file_as_written_checks_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """No edits at all: a new user's first `toolkit check` has nothing to complain about."""
    group = new_group(tmp_path, monkeypatch)
    assert [path.name for path in tmp_path.iterdir()] == [FILE]
    assert yaml.safe_load(group.read_text(encoding="utf-8")) == {"name": NAME}
    check_is_clean(group)


def test_every_setting_has_an_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every setting a group file takes is either on (the name) or shown by an example, so the
    examples below are all of them and a parser that finds too few fails here."""
    text = new_group(tmp_path, monkeypatch).read_text(encoding="utf-8")
    found = find_examples(text)
    switched_on = set(yaml.safe_load(text))
    assert len(found) >= len(GroupFile.model_fields) - len(switched_on) >= 17  # as of now
    assert set(found) == set(GroupFile.model_fields) - switched_on
    assert list(found) == KEYS
    assert "changes" in found  # the one inside a block of prose
    assert set(EFFECTS) | NO_EFFECT_TO_SEE == set(found)


def switched_on_and_built(key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          language: str = "en") -> tuple[Path, dict[str, Any]]:
    """The file in ``language`` with the example ``key`` switched on as it says (with any it
    needs, and the files it names made first), checked clean and built: the group's output
    folder, and its settings."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))  # for "~" in the roster's path
    group = new_group(tmp_path / "group", monkeypatch, language)
    make_named_files(home, group.parent)
    text = as_the_file_says(group.read_text(encoding="utf-8"), key)
    group.write_text(text, encoding="utf-8")
    settings = yaml.safe_load(text)
    assert key in settings
    assert language == "en" or settings["language"] == language
    check_is_clean(group)
    out = tmp_path / "out"
    code, output = invoke("build", "--group", group.name, "--out", str(out))
    assert code == 0, output
    assert "warning" not in output.lower(), output
    assert_built(out / FOLDER, settings)
    return out / FOLDER, settings


@pytest.mark.parametrize("key", KEYS)
def test_each_example_switched_on_checks_and_builds(
        key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example ``key``, switched on as the file says, checks clean, builds every file,
    and shows in the materials."""
    folder, settings = switched_on_and_built(key, tmp_path, monkeypatch)
    effect = EFFECTS.get(key)
    if effect is not None:
        effect(folder, settings)


def test_the_spanish_file_has_the_same_examples() -> None:
    """Every setting has its example in the Spanish file too; language: is already on."""
    assert [key for key in KEYS if key != "language"] == SPANISH_KEYS


@pytest.mark.parametrize("key", SPANISH_KEYS)
def test_each_spanish_example_switched_on_checks_and_builds(
        key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Spanish file's examples, switched on as its notes say, check clean and build
    every file. (What each example changes in the materials is read back above, from the
    English file's; here, that none stops a Spanish-speaking facilitator's first build.)"""
    switched_on_and_built(key, tmp_path, monkeypatch, "es")
