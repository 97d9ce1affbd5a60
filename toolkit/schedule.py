"""Dates and clock times for a group's sessions, from its schedule.

Sessions meet every ``weeks_apart`` weeks from the first date; a date listed under ``skip`` has no
session, and everything after it moves on one meeting. Mistakes a facilitator can make here (a
first date that is not the weekday they said, a skipped date that is not a meeting day) are
reported at the line that holds them.
"""

from __future__ import annotations

import datetime

from toolkit.group_model import Schedule
from toolkit.plan import Meeting, long_date
from toolkit.problems import Problem
from toolkit.yamlfile import Document

MAX_SKIPS_IN_A_ROW = 26
"""More skipped meetings than this in a row is surely a mistake (a skip list of every week)."""


def meetings(schedule: Schedule, count: int, document: Document
             ) -> tuple[list[Meeting | None], list[Problem]]:
    """One meeting for each of ``count`` sessions (None when the group has no schedule)."""
    problems = _weekday_problems(schedule, document)
    if schedule.first_date is None:
        if schedule.start_time is None:
            return [None] * count, problems
        return [Meeting(None, schedule.start_time, schedule.clock)] * count, problems
    skipped = set(schedule.skip)
    step = datetime.timedelta(weeks=schedule.weeks_apart)
    result: list[Meeting | None] = []
    day, used, in_a_row = schedule.first_date, set(), 0
    while len(result) < count:
        if day in skipped:
            used.add(day)
            in_a_row += 1
            if in_a_row > MAX_SKIPS_IN_A_ROW:
                problems.append(document.problem(
                    ("schedule", "skip"), f"more than {MAX_SKIPS_IN_A_ROW} meetings in a row "
                    "are skipped", "Check the dates under 'skip'."))
                return [None] * count, problems
        else:
            in_a_row = 0
            result.append(Meeting(day, schedule.start_time, schedule.clock))
        day += step
    last = result[-1].date if result and result[-1] else None
    for index, skip in enumerate(schedule.skip):
        if skip == schedule.first_date and result and result[0] is not None:
            problems.append(document.problem(
                ("schedule", "skip", index), f"the first date, {long_date(skip)}, is also "
                f"skipped, so the first session is on {result[0].day()}",
                "If the group starts on the first date, take it out of 'skip'; else set "
                "first_date to the day of the first session.", severity="warning"))
        if skip in used:
            continue
        if skip < schedule.first_date or (last is not None and skip > last):
            why = "is outside the course's dates"
        else:
            why = "is not a day the group meets"
        problems.append(document.problem(
            ("schedule", "skip", index), f"{long_date(skip)} {why}, so skipping it changes "
            "nothing", "Check the date: skip only dates the group would otherwise meet.",
            severity="warning"))
    return result, problems


def _weekday_problems(schedule: Schedule, document: Document) -> list[Problem]:
    if schedule.weekday is None or schedule.first_date is None:
        return []
    actual = f"{schedule.first_date:%A}".lower()
    if actual == schedule.weekday:
        return []
    return [document.problem(
        ("schedule", "first_date"), f"{schedule.first_date.day} "
        f"{schedule.first_date:%B %Y} is a {actual.title()}, "
        f"but the group meets on {schedule.weekday.title()}s",
        "Correct the first date, or the weekday.")]
