"""The shipped curriculum's invariants: every session has each part a facilitator relies on.

These pin the shape of the course, not its wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.checked import check
from toolkit.load import LoadedSession

SESSIONS = Path(__file__).parent.parent / "sessions"
PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|lorem|ipsum|xxx)\b", re.IGNORECASE)


def loaded_sessions() -> list[LoadedSession]:
    checked = check(SESSIONS)
    loaded, report = checked.loaded, checked.report
    assert not report.problems, [p.format() for p in report.problems]
    return loaded.sessions


def test_the_course_has_eight_weekly_sessions_of_ninety_minutes() -> None:
    sessions = [entry for entry in loaded_sessions() if not entry.optional]
    assert [entry.session.week for entry in sessions] == list(range(1, 9))
    assert {entry.session.minutes for entry in sessions} == {90}


@pytest.mark.parametrize("entry", loaded_sessions(), ids=lambda entry: entry.slug)
def test_every_session_has_each_part(entry: LoadedSession) -> None:
    session = entry.session
    assert session.goals and session.materials and session.preparation and session.safety
    assert session.summary
    kinds = [item.kind for item in session.agenda]
    assert kinds[0] == "check-in" and kinds[-1] == "check-out"
    assert {"teaching", "activity", "discussion", "break"} <= set(kinds)
    assert sum(item.minutes for item in session.agenda) == session.minutes
    for item in session.agenda:
        assert item.say and item.do and item.watch_for, item.id
        assert item.slides, item.id
    in_session = {item.worksheet for item in session.agenda if item.worksheet}
    assert session.homework is not None and session.homework.worksheet
    assert in_session, "an in-session worksheet"
    if session.week < 8:  # week 8's and the booster's sheets are started there, kept at home
        assert session.homework.worksheet not in in_session, "a separate between-session sheet"
    assert {sheet.id for sheet in session.worksheets} == in_session | {session.homework.worksheet}


@pytest.mark.parametrize("path", sorted(SESSIONS.glob("*.yaml")), ids=lambda path: path.name)
def test_no_placeholder_text(path: Path) -> None:
    assert not PLACEHOLDER.search(path.read_text())


VERIFIED = SESSIONS / "crisis-resources.md"
"""The verified crisis lines, kept in the project with their sources."""
NUMBER = re.compile(r"\d[\d ]{1,}\d|\b\d{3}\b")


def verified_rows() -> dict[str, str]:
    """Each service of the verified list, with its whole table row (sources included)."""
    rows = {line.split("|")[2].strip(): line for line in
            VERIFIED.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and not line.startswith(("| where", "| ---"))}
    assert len(rows) >= 5
    return rows


def numbers_in(text: str) -> set[str]:
    return {number.strip() for number in NUMBER.findall(text)}


def test_crisis_numbers_come_from_the_verified_list() -> None:
    loaded = check(SESSIONS).loaded
    assert loaded.course is not None
    rows = verified_rows()
    for resource in loaded.course.crisis_resources:
        numbers = numbers_in(resource.contact)
        assert numbers, resource.service
        row = rows.get(resource.service)
        assert row is not None, f"{resource.service} is not in the verified list"
        for number in numbers:
            assert number in row, (resource.service, number)
    assert "call your local emergency number" in loaded.course.emergency


@pytest.mark.parametrize("path", sorted(SESSIONS.glob("*/course.yaml")),
                         ids=lambda path: path.parent.name)
def test_a_translations_crisis_lines_are_the_verified_ones(path: Path) -> None:
    """A translation's crisis lines are the course's, service by service, with their numbers
    from the verified list: only the words around them are translated."""
    import yaml

    course = yaml.safe_load((SESSIONS / "course.yaml").read_text(encoding="utf-8"))
    translated = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = verified_rows()
    assert [line["service"] for line in translated["crisis_resources"]] == \
        [line["service"] for line in course["crisis_resources"]]
    for resource in translated["crisis_resources"]:
        numbers = numbers_in(str(resource["contact"]))
        assert numbers, resource["service"]
        for number in numbers:
            assert number in rows[resource["service"]], (resource["service"], number)
    assert not numbers_in(str(translated["emergency"]))


@pytest.mark.parametrize("path", sorted((SESSIONS / "groups").glob("*.yaml")),
                         ids=lambda path: path.name)
def test_example_groups_print_only_verified_numbers(path: Path) -> None:
    """An example group's own crisis lines and emergency sentence are checked the same way."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = verified_rows()
    table = "\n".join(rows.values())
    for resource in data.get("crisis_resources") or []:
        row = rows[resource["service"]]
        for number in numbers_in(str(resource["contact"])):
            assert number in row, (path.name, resource["service"], number)
    for number in numbers_in(str(data.get("emergency") or "")):
        assert number in table, (path.name, number)
    if data.get("emergency"):
        assert "call your local emergency number" in data["emergency"]


NUMBER_WORDS = {word: value for value, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))} | {"thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
                               "sixty": 60}
MINUTE_COUNT = re.compile(r"\b(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
                          + r")[- ]minutes?\b", re.IGNORECASE)


def texts_of(value: object) -> list[str]:
    """Every text in a model, a tuple or a dict, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for part in value.values() for text in texts_of(part)]
    if isinstance(value, (list, tuple)):
        return [text for part in value for text in texts_of(part)]
    if hasattr(value, "model_dump"):
        return texts_of(value.model_dump())
    return []


def named_minutes(text: str) -> list[int]:
    return [int(found) if found.isdigit() else NUMBER_WORDS[found.lower()]
            for found in MINUTE_COUNT.findall(text)]


def test_text_that_names_minutes_follows_the_items_own_minutes(tmp_path: Path) -> None:
    """A group that shortens every session (so its flexible items shrink) and every break
    finds no text in an item naming another number of minutes than the item now has."""
    group = tmp_path / "short.yaml"
    lines = ["name: Short", "minutes: 75", "changes:"]
    for entry in loaded_sessions():
        lines += [f"  {entry.slug}:", "    agenda:", "      break:", "        minutes: 5"]
    group.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = check(SESSIONS, [group])
    assert not checked.report.errors, [p.format() for p in checked.report.problems]
    default = check(SESSIONS).plans[0]
    changed = 0
    for plan in (default, checked.plans[0]):
        for entry in plan.sessions:
            for item in entry.session.agenda:
                for text in texts_of(item):
                    for minutes in named_minutes(text):
                        assert minutes == item.minutes, (entry.slug, item.id, text)
                        changed += plan is not default and minutes != 10
    assert changed >= 8 * 3  # every break's title, what to say and its slide say 5


CRISIS_WORDS = re.compile(r"\b(call|text|emergency|lifeline|helpline|samaritans|crisis)\b",
                          re.IGNORECASE)


def test_every_page_prints_only_verified_crisis_numbers() -> None:
    """Every line of every built page and slide that speaks of calling, texting or a crisis
    prints only numbers from the verified list, and the Crisis Text Line is given in its own
    words on every participant's and facilitator's file."""
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    from toolkit.drawing import render_course

    table = numbers_in("\n".join(verified_rows().values()))
    plan = check(SESSIONS).plans[0]
    checked_lines = 0
    for path, content in render_course(plan).items():
        if path.suffix == ".pdf":
            pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
        elif path.suffix == ".pptx":
            pages = ["\n".join(shape.text_frame.text for shape in slide.shapes
                               if shape.has_text_frame)
                     for slide in Presentation(io.BytesIO(content)).slides]
        else:
            continue
        for text in pages:
            for line in text.splitlines():
                if CRISIS_WORDS.search(line):
                    checked_lines += 1
                    assert numbers_in(line) <= table, (str(path), line)
        if "register" not in path.name:
            assert "Text HOME to 741741" in "\n".join(pages).replace("\n", " "), path
    assert checked_lines > 200


@pytest.mark.parametrize("entry", loaded_sessions(), ids=lambda entry: entry.slug)
def test_every_session_opens_and_closes_with_an_optional_grounding(entry: LoadedSession) -> None:
    """The guide promises a grounding at the start and the close of every session: what to
    say and what to do, offered, never required."""
    grounding = re.compile(r"\b(ground|settl)", re.IGNORECASE)
    for item in (entry.session.agenda[0], entry.session.agenda[-1]):
        assert any(grounding.search(line) for line in item.say), (entry.slug, item.id)
        assert any(grounding.search(line) for line in item.do), (entry.slug, item.id)
    closing = " ".join(entry.session.agenda[-1].say + entry.session.agenda[-1].do)
    assert re.search(r"if you'd like|optional", closing), entry.slug


@pytest.mark.parametrize("entry", loaded_sessions()[1:], ids=lambda entry: entry.slug)
def test_weeks_two_to_eight_review_the_practice_right_after_the_check_in(
        entry: LoadedSession) -> None:
    """A fixed, timed slot (never shrunk for a shorter session) that reviews last week's
    practice without shaming anyone who did not do it."""
    item = entry.session.agenda[1]
    assert entry.session.agenda[0].kind == "check-in"
    assert item.id == "practice-review" and not item.flexible and item.minutes >= 5
    assert "last week's practice" in item.say[0]
    assert any("never a failure" in line for line in item.watch_for)
    assert item.slides


def test_the_booster_ships_with_the_course_and_runs_only_when_a_group_lists_it(
        tmp_path: Path) -> None:
    """An optional session is checked with the course, left out of the default build, and
    built as the group's last session when its group file lists it."""
    loaded = check(SESSIONS).loaded
    assert loaded.course is not None
    assert loaded.course.optional_sessions == ("booster-keeping-it-going",)
    default = check(SESSIONS).plans[0]
    assert "booster-keeping-it-going" not in [entry.slug for entry in default.sessions]
    group = tmp_path / "group.yaml"
    group.write_text("name: Reunion\nsessions:\n" + "".join(
        f"  - {slug}\n" for slug in (*loaded.course.sessions, "booster-keeping-it-going")),
        encoding="utf-8")
    checked = check(SESSIONS, [group])
    assert not checked.report.problems, [p.format() for p in checked.report.problems]
    last = checked.plans[0].sessions[-1]
    assert last.slug == "booster-keeping-it-going" and last.week == 9
    assert last.session.agenda[0].kind == "check-in"


@pytest.mark.parametrize("entry", loaded_sessions(), ids=lambda entry: entry.slug)
def test_every_activity_ends_with_a_debrief_given_its_time(entry: LoadedSession) -> None:
    """Each activity says when its debrief happens (a share of its own time, or the next
    part), so the minutes for it are planned rather than squeezed out."""
    for item in entry.session.agenda:
        if item.kind == "activity":
            debriefs = [line for line in item.do if line.startswith("Debrief")]
            assert debriefs, (entry.slug, item.id)
            assert re.search(r"last|rest of the time|next part", debriefs[0]), debriefs[0]
