"""The self-rating: filled in at the group's first session, around its middle and at its
last (whatever order the group runs), compared on the Then and Now page, never scored."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from toolkit.checked import check
from toolkit.drawing import planned_jobs, render_course, render_job

SESSIONS = Path(__file__).parent.parent / "sessions"


def text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)


def test_weeks_one_four_and_eight_hold_it_and_the_workbook_holds_all_three() -> None:
    plan = check(SESSIONS).plans[0]
    files = {str(path): content for path, content in render_course(plan).items()}
    found = {}
    for job in planned_jobs(plan):
        if job.output.name == "worksheets":
            found[plan.sessions[job.target.session or 0].week] = text(files[job.path])
    holding = {week for week, words in found.items() if "My Self-Rating" in words}
    assert holding == {1, 4, 8}
    assert "First session My Self-Rating" in found[1]
    assert "Middle of the course My Self-Rating" in found[4]
    assert "Last session My Self-Rating" in found[8] and "Then and Now" in found[8]
    assert not any("Then and Now" in found[week] for week in found if week != 8)
    workbook = text(files["participant-workbook.pdf"])
    for label in ("first session", "middle of the course", "last session"):
        assert f"My Self-Rating: {label}" in workbook  # in the contents
    notes = {plan.sessions[job.target.session or 0].week: text(files[job.path])
             for job in planned_jobs(plan) if job.output.name == "facilitator notes"}
    assert {week for week, words in notes.items() if "My self-rating" in words} == {1, 4, 8}
    assert "never what anyone answered" in notes[4] and "Then and Now page" in notes[8]


def test_the_self_rating_has_its_own_minutes_before_the_closing() -> None:
    """The time for the rating is an agenda item of its own, before the closing item, taken
    from the session's flexible items: the session keeps its length."""
    checked = check(SESSIONS)
    plan = checked.plans[0]
    written = {item.slug: item.session for item in checked.loaded.sessions}
    for entry in plan.sessions:
        ids = [item.id for item in entry.session.agenda]
        assert sum(item.minutes for item in entry.session.agenda) == entry.session.minutes
        assert entry.session.minutes == written[entry.slug].minutes
        if plan.rating_point(entry) is None:
            assert "self-rating" not in ids, entry.slug
            continue
        item = entry.session.agenda[ids.index("self-rating")]
        assert entry.session.agenda[ids.index("self-rating") + 1].kind == "check-out"
        assert item.minutes == plan.course.rating_items[plan.rating_point(entry)].minutes
        assert str(item.minutes) in " ".join(item.do)  # {minutes} filled in
        shorter = [old for old in written[entry.slug].agenda if old.flexible and
                   old.minutes > next(new.minutes for new in entry.session.agenda
                                      if new.id == old.id)]
        assert shorter, entry.slug


def test_a_group_of_its_own_order_rates_at_its_own_first_middle_and_last(
        tmp_path: Path) -> None:
    group = tmp_path / "group.yaml"
    order = ["week-01-strong-but-at-what-cost", "week-04-the-hidden-costs",
             "week-05-beliefs-that-keep-us-stuck", "week-06-micro-vulnerabilities",
             "week-07-saying-it-out-loud", "week-08-interdependence-for-the-long-run"]
    group.write_text("name: Six\nsessions:\n" + "".join(f"  - {slug}\n" for slug in order),
                     encoding="utf-8")
    plan = check(SESSIONS, [group]).plans[0]
    assert [plan.rating_point(entry) for entry in plan.sessions] == \
        ["first", None, "middle", None, None, "last"]
    assert ["self-rating" in [item.id for item in entry.session.agenda]
            for entry in plan.sessions] == [True, False, True, False, False, True]
    job = next(job for job in planned_jobs(plan)
               if job.output.name == "worksheets" and job.target.session == 2)
    assert "Middle of the course My Self-Rating" in text(render_job(plan, job))


def test_a_session_that_stops_being_the_last_is_drawn_again(tmp_path: Path) -> None:
    """Whether a session holds a self-rating depends on the sessions around it: it is in the
    key of that session's files, so adding a session after the last redraws it."""
    course = [entry.slug for entry in check(SESSIONS).plans[0].sessions]

    def keys(slugs: list[str]) -> dict[str, str]:
        group = tmp_path / "group.yaml"
        group.write_text("name: Keys\nsessions:\n" + "".join(f"  - {s}\n" for s in slugs),
                         encoding="utf-8")
        plan = check(SESSIONS, [group]).plans[0]
        return {job.path: job.key for job in planned_jobs(plan)}

    before, after = keys(course[:7]), keys(course)
    week_seven = [path for path in before if path.startswith("week-07") and "worksheets" in path]
    assert week_seven and all(before[path] != after[path] for path in week_seven)
    week_two = [path for path in before if path.startswith("week-02")]
    assert week_two and all(before[path] == after[path] for path in week_two)
