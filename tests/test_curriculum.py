"""The shipped curriculum's invariants: every session has each part a facilitator relies on.

These pin the shape of the course, not its wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.build import check
from toolkit.load import LoadedSession

SESSIONS = Path(__file__).parent.parent / "sessions"
PLACEHOLDER = re.compile(r"\b(TODO|TBD|FIXME|lorem|ipsum|xxx)\b", re.IGNORECASE)


def loaded_sessions() -> list[LoadedSession]:
    checked = check(SESSIONS)
    loaded, report = checked.loaded, checked.report
    assert not report.problems, [p.format() for p in report.problems]
    return loaded.sessions


def test_the_course_has_eight_weekly_sessions_of_ninety_minutes() -> None:
    sessions = loaded_sessions()
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
    assert session.homework.worksheet not in in_session, "a separate between-session sheet"
    assert {sheet.id for sheet in session.worksheets} == in_session | {session.homework.worksheet}


@pytest.mark.parametrize("path", sorted(SESSIONS.glob("*.yaml")), ids=lambda path: path.name)
def test_no_placeholder_text(path: Path) -> None:
    assert not PLACEHOLDER.search(path.read_text())


def test_crisis_numbers_come_from_the_verified_list() -> None:
    loaded = check(SESSIONS).loaded
    assert loaded.course is not None
    verified = (Path(__file__).parent.parent.parent / "shared" / "crisis-resources.md")
    numbers = {n for r in loaded.course.crisis_resources
               for n in re.findall(r"\d[\d ]{1,}\d|\b\d{3}\b", r.contact)}
    assert numbers
    # shared/ sits beside the repository on developer machines and in CI.
    text = verified.read_text()
    for number in numbers:
        assert number in text, number
    assert "call your local emergency number" in loaded.course.emergency
