"""Check everything a build would read, and write nothing: the course, each group file and
the files it names, the plans made from them, slides that had to shrink or continue, and groups
that would share a folder. ``toolkit check`` is this; a build starts with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.checks import check_course, check_extras
from toolkit.customize import customize
from toolkit.files import resolve_path, resolved
from toolkit.groupfile import LoadedGroup, load_group
from toolkit.i18n import speaking
from toolkit.languages import Languages
from toolkit.load import LoadedCourse, load_course
from toolkit.model import Session, slide_id
from toolkit.plan import Plan
from toolkit.problems import Problem, Report, display_path
from toolkit.yamlfile import Document

if TYPE_CHECKING:
    from toolkit.render.deck.fit import SlideFit


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


def check(sessions_dir: Path, groups: Sequence[Path] = (), *,
          translations: bool = False) -> Checked:
    """Read and check the course and every group file; write nothing.

    Without group files the plan is the default course's. Plans are made only when nothing has
    an error, so a build can trust them. With ``translations``, every translation of the course
    is checked too (a build reads only those its groups use).
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
    languages = Languages(loaded)
    report.extend(languages.catalog_problems())
    if not groups:
        course, language, problems = languages.for_group(None)
        report.extend(problems)
        plan, problems = customize(course, None, language)
        report.extend(problems)
        made += [(plan, None)] if plan else []
    group_files: dict[str, tuple[Path, ...]] = {}
    for group in groups_read:
        if group.report.errors or group.group is None:
            continue
        course, language, problems = languages.for_group(group)
        report.extend(problems)
        if any(problem.severity == "error" for problem in problems):
            continue
        plan, problems = customize(course, group, language)
        report.extend(problems)
        if plan:
            made.append((plan, group))
            group_files[plan.group_slug] = _named_files(group)
    if translations:
        report.extend(languages.all_translations())
    documents = {item.path: item.document for item in loaded.sessions}
    for translated in languages.translated.values():
        documents.update({item.path: item.document for item in translated.sessions})
    for group in groups_read:
        documents.update({extra.path: extra.document for extra in group.extras})
    report.extend(_fit_warnings(made, documents))
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


def _fit_warnings(made: list[tuple[Plan, LoadedGroup | None]], documents: dict[Path, Document]
                  ) -> list[Problem]:
    """A warning for every slide that had to shrink below the normal type size or continue on
    a "(cont.)" slide, once however many groups show it: at the group file's change when a
    group's change made or fills the slide (that is where its facilitator can act), else at the
    course's line that holds it."""
    from toolkit.render.deck.fit import fit_report

    found: dict[tuple[str, int, str], Problem] = {}
    measured: dict[tuple[str, str, str, str], list[SlideFit]] = {}
    for plan, group in made:
        course = plan.course.model_dump_json()
        for entry in plan.sessions:
            document = documents.get(entry.source)
            if document is None:
                continue
            # A deck's fit depends on its session, its clock times and the course's crisis
            # lines only; groups that share them are measured once.
            key = (course, entry.session.model_dump_json(), repr(entry.meeting),
                   plan.language.tag)
            if key not in measured:
                with speaking(plan.language):  # measured in the words the deck will have
                    measured[key] = fit_report(plan, entry)
            for fit in measured[key]:
                problem = (_at_group_change(group, entry.slug, entry.session, fit)
                           or _at_course_line(document, entry.session, fit))
                found.setdefault((str(problem.file), problem.mark.line if problem.mark else 0,
                                  problem.message), problem)
    return list(found.values())


def _too_full(fit: SlideFit) -> str:
    """``the agenda slide (made by the toolkit) is too full: it continues on 2 slides``."""
    what = " and ".join(
        part for part in (f"its text shrank to {fit.size} pt" if fit.shrunk else "",
                          f"it continues on {fit.slides} slides" if fit.split else "") if part)
    kind = fit.generated
    name = (f"the {kind} slide (the toolkit makes it from the {_MADE_FROM[kind]})" if kind
            else f"the slide '{fit.title[:60]}'")
    return f"{name} is too full: {what}"


_MADE_FROM = {"agenda": "agenda items' titles", "homework": "homework",
              "closing": "emergency sentence and crisis lines"}


def _at_course_line(document: Document, session: Session, fit: SlideFit) -> Problem:
    """The warning at the line of the session plan that holds the slide."""
    ids = [item.id for item in session.agenda]
    kind = fit.generated
    location: tuple[str | int, ...] = ("agenda",)
    hint = "Shorten its points, or split it into two slides with titles of their own."
    if fit.item_id in ids and fit.slide_index is not None:
        location = ("agenda", ids.index(fit.item_id), "slides", fit.slide_index, "title")
    elif kind == "agenda":
        hint = "Shorten the longest agenda item titles, or combine two short items into one."
    elif kind == "homework":
        location = ("homework", "text") if session.homework else ()
        hint = "Shorten the homework's text: the facilitator notes can hold the rest."
    elif kind == "closing":
        location = ()
        hint = ("Write the crisis lines more briefly in course.yaml: the support page of every "
                "handout has them in full.")
    return document.problem(location, _too_full(fit), hint, severity="warning")


def _at_group_change(group: LoadedGroup | None, slug: str, session: Session, fit: SlideFit
                     ) -> Problem | None:
    """The warning at the group file's line whose change made or fills the slide, with what to
    change there; None when no change of the group's touches it."""
    if group is None or group.group is None or group.document is None:
        return None
    document, kind = group.document, fit.generated
    changes = group.group.changes.get(slug)
    at: tuple[str | int, ...] = ("changes", slug)
    if kind == "closing":
        if group.group.crisis_resources is None and group.group.emergency is not None:
            return document.problem(
                ("emergency",), _too_full(fit), "Write the emergency sentence more briefly: "
                "the slide holds it with every crisis line.", key=True, severity="warning")
        if not group.group.crisis_resources:
            return None
        return document.problem(
            ("crisis_resources",), _too_full(fit),
            "Write these lines more briefly (the 'contact:' text most of all): the support "
            "page of every handout has the same lines, and room for more.", key=True,
            severity="warning")
    if changes is None:
        return None
    if kind == "agenda" and (changes.add_agenda or changes.agenda):
        where = "add_agenda" if changes.add_agenda else "agenda"
        return document.problem(
            (*at, where), _too_full(fit),
            "Your changes here add to the agenda or rename its items: give the items you add "
            "or rename shorter titles, or leave one out (write 'ID: remove' under 'agenda:').",
            key=True, severity="warning")
    if kind == "homework" and changes.homework is not None:
        return document.problem((*at, "homework"), _too_full(fit),
                                "Shorten the homework text you wrote here.", key=True,
                                severity="warning")
    if fit.item_id is None or fit.slide_index is None:
        return None
    added = [entry.get("id") for entry in changes.add_agenda]
    if fit.item_id in added:
        index = added.index(fit.item_id)
        return document.problem(
            (*at, "add_agenda", index, "slides", fit.slide_index), _too_full(fit),
            "Shorten this slide's points, or split them over two slides.", severity="warning")
    item = next((item for item in session.agenda if item.id == fit.item_id), None)
    if item is None or fit.slide_index >= len(item.slides):
        return None
    name = f"{fit.item_id}/{slide_id(item.slides[fit.slide_index], fit.slide_index)}"
    if name in changes.slides:
        return document.problem(
            (*at, "slides", name), _too_full(fit),
            "Shorten the points you wrote for this slide, or split them over two slides.",
            key=True, severity="warning")
    if fit.item_id in changes.agenda:
        return document.problem(
            (*at, "agenda", fit.item_id), _too_full(fit),
            "Your change to this item fills the slide: shorten what you wrote here.",
            key=True, severity="warning")
    return None


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
