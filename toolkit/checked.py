"""Check everything a build would read, and write nothing: the course, each group file and
the files it names, the plans made from them, slides that had to shrink or continue, and groups
that would share a folder. ``toolkit check`` is this; a build starts with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.checks import check_course, check_extras
from toolkit.customize import customize
from toolkit.files import resolved
from toolkit.groupfile import LoadedGroup, load_group, resolve_path
from toolkit.load import LoadedCourse, load_course
from toolkit.plan import Plan
from toolkit.problems import Problem, Report, display_path
from toolkit.yamlfile import Document


@dataclass(frozen=True)
class Checked:
    """Everything a build would read, checked: the course, each group's plan, the problems."""

    loaded: LoadedCourse
    plans: tuple[Plan, ...]
    report: Report
    group_files: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    """For each group's output folder: the group file and every file it names."""
    groups: tuple[LoadedGroup | None, ...] = ()
    """For each plan, the group file it was made from (None: the default course)."""
    extra_sessions: int = 0
    """The group files' own session plans that were read."""


def check(sessions_dir: Path, groups: Sequence[Path] = ()) -> Checked:
    """Read and check the course and every group file; write nothing.

    Without group files the plan is the default course's. Plans are made only when nothing has
    an error, so a build can trust them.
    """
    loaded = load_course(sessions_dir)
    report = Report(list(loaded.report.problems))
    if loaded.course is not None:
        report.extend(check_course(loaded))
    course_ok = loaded.course is not None and not report.errors
    groups_read = []
    for path in groups:
        group = load_group(path)
        report.extend(group.report.problems)
        report.extend(check_extras(group))
        groups_read.append(group)
    extras = sum(len(group.extras) for group in groups_read)
    if not course_ok:
        return Checked(loaded, (), report, extra_sessions=extras)
    made: list[tuple[Plan, LoadedGroup | None]] = []
    if not groups:
        plan, problems = customize(loaded, None)
        report.extend(problems)
        made += [(plan, None)] if plan else []
    group_files: dict[str, tuple[Path, ...]] = {}
    for group in groups_read:
        if group.report.errors or group.group is None:
            continue
        plan, problems = customize(loaded, group)
        report.extend(problems)
        if plan:
            made.append((plan, group))
            group_files[plan.group_slug] = _named_files(group)
    documents = {item.slug: item.document for item in loaded.sessions}
    for group in groups_read:
        documents.update({extra.slug: extra.document for extra in group.extras})
    report.extend(_fit_warnings([plan for plan, _ in made], documents))
    report.extend(_clashing_folders(made))
    if report.errors:
        return Checked(loaded, (), report, group_files, extra_sessions=extras)
    return Checked(loaded, tuple(plan for plan, _ in made), report, group_files,
                   tuple(group for _, group in made), extras)


def _named_files(group: LoadedGroup) -> tuple[Path, ...]:
    """A group file and the files it names (logo, template, roster, extra sessions)."""
    assert group.group is not None
    names = [group.group.branding.logo, group.group.branding.template, group.group.roster,
             *group.group.extra_sessions]
    return (group.path, *(resolve_path(group.folder, name) for name in names if name))


def _fit_warnings(plans: list[Plan], documents: dict[str, Document]) -> list[Problem]:
    """A warning for every slide that had to shrink below the normal type size or continue on
    a "(cont.)" slide, at the line that holds it, once however many groups show it."""
    from toolkit.render.content import HOMEWORK_TITLE
    from toolkit.render.deck.fit import SlideFit, fit_report

    found: dict[tuple[str, int, str], Problem] = {}
    measured: dict[tuple[str, str, str], list[SlideFit]] = {}
    for plan in plans:
        course = plan.course.model_dump_json()
        for entry in plan.sessions:
            document = documents.get(entry.slug)
            if document is None:
                continue
            ids = [item.id for item in entry.session.agenda]
            # A deck's fit depends on its session, its clock times and the course's crisis
            # lines only; groups that share them are measured once.
            key = (course, entry.session.model_dump_json(), repr(entry.meeting))
            if key not in measured:
                measured[key] = fit_report(plan, entry)
            for fit in measured[key]:
                location: tuple[str | int, ...] = ("agenda",)
                if fit.item_id in ids and fit.slide_index is not None:
                    location = ("agenda", ids.index(fit.item_id), "slides", fit.slide_index,
                                "title")
                elif fit.item_id is None and fit.title != "Agenda":
                    location = ("homework", "text") if entry.session.homework and \
                        fit.title.startswith(HOMEWORK_TITLE) else ()
                what = " and ".join(
                    part for part in (f"its text shrank to {fit.size} pt" if fit.shrunk else "",
                                      f"it continues on {fit.slides} slides" if fit.split
                                      else "") if part)
                problem = document.problem(
                    location, f"the slide '{fit.title[:60]}' is too full: {what}",
                    "Shorten its points, or split it into two slides with titles of their own.",
                    severity="warning")
                found.setdefault((str(problem.file), problem.mark.line if problem.mark else 0,
                                  problem.message), problem)
    return list(found.values())


def _clashing_folders(made: list[tuple[Plan, LoadedGroup | None]]) -> list[Problem]:
    """Groups of one run that would be built into one folder: each named at its own file, with
    the group it clashes with, and a hint that fits why their folder names are the same."""
    seen: dict[str, LoadedGroup] = {}
    problems = []
    for plan, group in made:
        if group is None:
            continue
        first = seen.setdefault(plan.group_slug, group)
        if first is not group:
            problems.append(_clash(first, group, plan.group_slug))
    return problems


def _clash(first: LoadedGroup, second: LoadedGroup, slug: str) -> Problem:
    folder = f"output folder '{slug}/'"
    other = display_path(first.path)
    if resolved(first.path) == resolved(second.path):
        message = f"this group file is named twice, so it would be built twice into {folder}"
        hint = "Name each group file once with --group."
    elif group_name(first) == group_name(second):
        message = (f"this group has the same name as {other}, so both would be built into "
                   f"{folder}")
        hint = ("Give each group a name of its own under name: (a copy of a group file, for "
                "large print for example, needs one too).")
    elif _letters(group_name(first)) == _letters(group_name(second)):
        message = (f"this group's name differs from the name in {other} only in capitals, "
                   f"spaces or punctuation, so both would be built into {folder}")
        hint = "Folder names leave those out: make the names differ in a letter or a digit."
    else:
        message = f"this group would be built into {folder}, like {other}"
        hint = ("A folder name keeps only the letters and digits of a name, in lower case, and "
                "adds '-group' to names a folder cannot have (such as Default or CON): give the "
                "groups names that differ more, for example by adding a number.")
    return at_name(second, message, hint)


def group_name(group: LoadedGroup) -> str:
    """The name a group's folder is made from: its ``name:``, or its file's name."""
    return group.group.name if group.group and group.group.name else group.path.stem


def _letters(name: str) -> str:
    return "".join(character for character in name.casefold() if character.isalnum())


def at_name(group: LoadedGroup, message: str, hint: str) -> Problem:
    """A problem about a group as a whole, at its ``name:`` line when it has one."""
    if group.document is not None and group.group is not None and group.group.name:
        return group.document.problem(("name",), message, hint)
    return Problem(group.path, None, message, hint)
