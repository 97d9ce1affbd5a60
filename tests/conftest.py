"""Shared fixtures: a small plan built in Python, with the awkward text real plans can hold."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.model import Course, Session
from toolkit.ownership import MARKER
from toolkit.plan import Plan, SessionEntry

ROOTS = Path(__file__).parent / "roots"
T = TypeVar("T")


def sample_course() -> Course:
    return Course.model_validate(
        {
            "title": "From Hyper-Independence to Interdependence",
            "subtitle": "A group course",
            "agreements": ["What is shared here stays here.", "You may always pass."],
            "disclaimer": "Educational material, not a substitute for professional care.",
            "emergency": "If you are in immediate danger, call your local emergency number.",
            "crisis_resources": [
                {
                    "region": "United States",
                    "service": "988 Suicide & Crisis Lifeline",
                    "contact": "Call or text 988",
                }
            ],
            "crisis_note": "Confirm your local line before the group starts.",
            "sessions": ["week-01-sample"],
        }
    )


def sample_session() -> Session:
    return Session.model_validate(
        {
            "week": 1,
            "title": "Strong & <b>steady</b>: Ελληνικά, Кириллица, Tiếng Việt",
            "minutes": 30,
            "goals": ["Name the 'I've got this' reflex", "Tell <img src=x> & </para> apart"],
            "materials": ["Pens", "Name cards"],
            "preparation": ["Arrange chairs in a circle"],
            "safety": ["Nobody is asked to share a painful story."],
            "agenda": [
                {
                    "id": "arrival",
                    "title": "Arrival and grounding",
                    "kind": "check-in",
                    "minutes": 10,
                    "say": ["Welcome everyone."],
                    "do": ["Light the room softly."],
                    "watch_for": ["A member who goes quiet: check in gently at the break."],
                    "slides": [{"title": "Welcome", "points": ["Settle in", "Feet on the floor"]}],
                },
                {
                    "id": "reflex",
                    "title": "The reflex",
                    "kind": "activity",
                    "minutes": 20,
                    "say": ["Think of the last time someone offered help."],
                    "slides": [
                        {
                            "title": "The 'I've got this' reflex",
                            "points": ["A point " + "that keeps going " * 12 + "to the end"],
                        }
                    ],
                    "worksheet": "reflex-map",
                },
            ],
            "homework": {"text": "Notice one offer of help this week.", "worksheet": "reflex-map"},
            "worksheets": [
                {
                    "id": "reflex-map",
                    "title": "My Reflex Map",
                    "instructions": "Answer what you like; skip what you like.",
                    "items": [
                        {"prompt": {"text": "When did you last say 'I've got this'?", "lines": 3}},
                        {
                            "scale": {
                                "text": "How easy is it to ask for help today?",
                                "low": "very hard",
                                "high": "very easy",
                            }
                        },
                        {"checklist": {"text": "I noticed:", "options": ["Tension", "Relief"]}},
                        {"table": {"columns": ["Day", "Offer", "What I did"], "rows": 4}},
                    ],
                }
            ],
        }
    )


@pytest.fixture
def sample_plan(tmp_path: Path) -> Plan:
    session = sample_session()
    entry = SessionEntry(session=session, slug="week-01-sample", source=tmp_path / "w.yaml",
                         root=tmp_path)
    return Plan(course=sample_course(), sessions=(entry,), root=tmp_path)


def tool_missing(tool: str, reason: str) -> None:
    """A system tool a test needs is not installed: skip with a visible reason. In CI the tool
    must be there, unless .ci/run reported that it could not be installed on this machine
    (it lists such tools in TOOLKIT_UNINSTALLABLE); then the skip says so."""
    uninstallable = os.environ.get("TOOLKIT_UNINSTALLABLE", "").split()
    if os.environ.get("CI") == "true" and tool not in uninstallable:
        pytest.fail(f"{reason}: CI installs {tool} (.ci/run), so this test must run")
    pytest.skip(f"{reason} ({tool} is not installed here)")


def run(*args: str) -> tuple[int, str, str]:
    """Run the toolkit's command line: exit code, standard output, standard error."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with a hash of its content, except a group folder's
    marker, which is not one of the materials (toolkit.ownership)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def with_session(plan: Plan, **changes: object) -> Plan:
    """``plan`` with fields of its first session replaced (validated as a plan would be)."""
    entry = plan.sessions[0]
    data = entry.session.model_dump(by_alias=True, exclude_none=True)
    data.update(changes)
    session = Session.model_validate(data)
    return dataclasses.replace(plan, sessions=(dataclasses.replace(entry, session=session),))


def count_drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the outputs drawn from now on (in this process: use workers=1)."""
    import toolkit.drawing

    drawn: list[str] = []
    real = toolkit.drawing.render_job

    def counting(plan: object, job: toolkit.drawing.Job, parts: object = ()) -> bytes:
        drawn.append(job.path)
        return real(plan, job, parts)  # type: ignore[arg-type]

    monkeypatch.setattr(toolkit.drawing, "render_job", counting)
    return drawn


def peak_memory(work: Callable[[], T]) -> tuple[T, int]:
    """What ``work`` returns, and the most memory Python held for it at any moment (bytes)."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def render_output(plan: Plan, name: str) -> bytes:
    """The course file of the output called ``name`` (a book: with the session files it is
    made from drawn first), as a build draws it."""
    from toolkit.drawing import planned_jobs, render_job

    jobs = planned_jobs(plan)
    job = next(job for job in jobs if job.output.name == name)
    parts = [[render_job(plan, part) for part in jobs if part.output.name == need]
             for need in job.output.needs]
    return render_job(plan, job, parts)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Headless Chromium, for the tests that open a page as a person would."""
    import shutil

    found = shutil.which("chromium")
    if found is None:
        tool_missing("chromium", "a web page was not opened in a browser")
    assert found is not None
    return found
