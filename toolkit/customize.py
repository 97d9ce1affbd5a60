"""Turn a loaded, checked course (and a group file, if there is one) into the one ``Plan`` the
renderers see.

In order: choose and order the sessions, apply the group's changes, fit each agenda to the
group's session length, give each session its date and times, replace the crisis lines, fill in
placeholders, and settle the branding and paper. Every mistake is reported at its line in the
group file; nothing here reads the command line or writes a file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from toolkit.changes import apply_changes
from toolkit.files import resolve_path, resolved
from toolkit.fitting import Misfit
from toolkit.glyphs import visible
from toolkit.group_model import GroupFile
from toolkit.groupfile import LoadedGroup, group_slug
from toolkit.i18n import ENGLISH, N_, Language, _, joined, speaking, word
from toolkit.load import LoadedCourse
from toolkit.model import AgendaItem, Course, Session
from toolkit.placeholders import BUILT_IN, fill_model, unknown_placeholders
from toolkit.plan import Branding, Group, Meeting, Plan, PrintSettings, SessionEntry
from toolkit.problems import Problem
from toolkit.rating_time import clashing_id, rating_item, with_rating_item
from toolkit.schedule import meetings
from toolkit.theme import COLOURS, MIN_CONTRAST, Colours, contrast, darkened, tint
from toolkit.yamlfile import Document


@dataclass(frozen=True)
class Candidate:
    """A session a group may run: from the course folder or from the group's own files."""

    slug: str
    session: Session
    document: Document
    path: Path
    root: Path


def customize(loaded: LoadedCourse, loaded_group: LoadedGroup | None,
              language: Language = ENGLISH) -> tuple[Plan | None, list[Problem]]:
    """The plan for one group (or the default course), in ``language`` (``loaded`` is the
    course's text in it: a translation, or the course's own); or None and what to fix."""
    if loaded.course is None:
        raise ValueError("customize() needs a course that loaded without errors")
    root = resolved(loaded.root)
    candidates = {item.slug: Candidate(item.slug, item.session, item.document, item.path, root)
                  for item in loaded.sessions}
    if loaded_group is None or loaded_group.group is None or loaded_group.document is None:
        assert loaded.course_document is not None
        slugs = [slug for slug in loaded.course.sessions if slug in candidates]
        problems: list[Problem] = []
        entries = []
        for index, slug in enumerate(slugs):
            candidate = candidates[slug]
            item = rating_item(loaded.course, index, len(slugs))
            session = _with_rating_time(candidate.session, item, candidate.session.minutes,
                                        set(), candidate.document, ("agenda",), slug, problems)
            if session is not None:
                entries.append(_entry(candidate, session, 0, None))
        if problems:
            return None, problems
        plan = _filled(Plan(course=loaded.course, sessions=tuple(entries), root=root,
                            language=language))
        problems = _unseen_crisis_lines(plan.course, loaded.course_document)
        return (None if problems else plan), problems
    return _for_group(loaded.course, root, candidates, loaded_group, language)


def _for_group(course: Course, root: Path, candidates: dict[str, Candidate],
               loaded: LoadedGroup, language: Language) -> tuple[Plan | None, list[Problem]]:
    group, document = loaded.group, loaded.document
    assert group is not None and document is not None
    problems: list[Problem] = []
    curriculum = [slug for slug in course.sessions if slug in candidates]
    for extra in loaded.extras:
        if extra.slug in candidates:
            problems.append(document.problem(
                ("extra_sessions", extra.index), f"the course already has a session "
                f"'{extra.slug}'", "Rename the group's file so its name is its own."))
            continue
        candidates[extra.slug] = Candidate(extra.slug, extra.session, extra.document,
                                           extra.path, loaded.folder)
    selected = _selection(group, document, candidates, curriculum, loaded, problems)
    known = set(BUILT_IN) | set(group.placeholders)
    for part in FILLED_PARTS:
        problems += unknown_placeholders(document, known, _part(document.data, part), (part,))
    for extra in loaded.extras:
        problems += unknown_placeholders(extra.document, known)
    sessions = _changed_sessions(course, group, document, candidates, selected, problems)
    schedule, schedule_problems = meetings(group.schedule, len(selected), document)
    problems += schedule_problems
    colours = _colours(group, document, problems)
    if any(problem.severity == "error" for problem in problems) or sessions is None:
        return None, problems
    entries = tuple(
        _entry(candidates[slug], session, number, meeting)
        for number, (slug, session, meeting) in enumerate(
            zip(selected, sessions, schedule, strict=True), start=1))
    course = course.model_copy(update={
        key: value for key, value in (("crisis_resources", group.crisis_resources),
                                      ("crisis_note", group.crisis_note),
                                      ("emergency", group.emergency)) if value is not None})
    branding = Branding(
        colours=colours,
        logo=resolve_path(loaded.folder, group.branding.logo) if group.branding.logo else None,
        template=(resolve_path(loaded.folder, group.branding.template)
                  if group.branding.template else None),
    )
    plan = Plan(
        course=course, sessions=entries, root=root, group_slug=group_slug(loaded),
        print=PrintSettings(paper=group.print.paper, large_print=group.print.large_print,
                            large_print_for_facilitators=group.print.large_print_for_facilitators),
        group=Group(name=group.name, facilitators=group.facilitators,
                    location=group.location, contact=group.contact, records=group.records),
        branding=branding, roster=loaded.roster, register_rows=group.register_rows,
        language=language,
    )
    plan = _filled(plan, group.placeholders)
    problems += _unseen_crisis_lines(plan.course, document, group)
    return (None if any(p.severity == "error" for p in problems) else plan), problems


def _unseen_crisis_lines(course: Course, document: Document, group: GroupFile | None = None
                         ) -> list[Problem]:
    """Every page members read carries the emergency sentence and at least one crisis line: an
    error where one would print as nothing (a placeholder whose value is empty, or only
    invisible characters), at the line that holds it. A group's file is checked for what it
    replaces; the course's own lines are checked with the course."""
    problems = []
    own_emergency = group is None or group.emergency is not None
    own_lines = group is None or group.crisis_resources is not None
    if own_emergency and not visible(course.emergency):
        problems.append(document.problem(
            ("emergency",), "the emergency sentence would print as nothing",
            "Write it in words, e.g. \"If you are in immediate danger, call your local "
            "emergency number.\" (a placeholder in it must not be empty)."))
    if own_emergency and (blank := UNFILLED.search(course.emergency)):
        problems.append(document.problem(
            ("emergency",), f"the emergency sentence still holds the example's blank "
            f"'{blank.group()}'", FILL_IN))
    for index, resource in enumerate(course.crisis_resources if own_lines else ()):
        for name in ("region", "service", "contact"):
            text = getattr(resource, name)
            if not visible(text):
                problems.append(document.problem(
                    ("crisis_resources", index, name), f"this crisis line's '{name}' would "
                    "print as nothing", "Write it in words (a placeholder in it must not be "
                    "empty, and invisible characters do not count)."))
            elif blank := UNFILLED.search(text):
                problems.append(document.problem(
                    ("crisis_resources", index, name), f"this crisis line's '{name}' still "
                    f"holds the example's blank '{blank.group()}'", FILL_IN))
    return problems


UNFILLED = re.compile(r"<[^<>\n]{1,80}>")
"""A blank of the group file's examples (``<your local line>``), left unfilled: printed, it
would be a member's only crisis line."""
FILL_IN = ("Write in what you have confirmed for your own area, from an official source, never "
           "from memory: a wrong or missing number can cost a life.")


FILLED_PARTS = ("changes", "crisis_resources", "crisis_note", "emergency")
"""The parts of a group file that become the course's own text, so their placeholders are
filled in like the course's (the group's name, place and the like are printed as written)."""


def _part(data: object, key: str) -> object:
    return data.get(key, {}) if isinstance(data, dict) else {}


def _selection(group: GroupFile, document: Document, candidates: dict[str, Candidate],
               curriculum: list[str], loaded: LoadedGroup, problems: list[Problem]
               ) -> list[str]:
    """The group's sessions in its order: those it names, or the whole course and its extras."""
    if group.sessions is None:
        return curriculum + [extra.slug for extra in loaded.extras
                             if candidates.get(extra.slug) is not None
                             and extra.slug not in curriculum]
    chosen: list[str] = []
    for index, slug in enumerate(group.sessions):
        if slug not in candidates:
            close = difflib.get_close_matches(slug, list(candidates), n=1, cutoff=0.6)
            hint = (f"Did you mean '{close[0]}'?" if close else
                    "`toolkit list` shows the course's sessions; a group's own sessions are "
                    "named under 'extra_sessions'.")
            problems.append(document.problem(("sessions", index),
                                             f"there is no session '{slug}'", hint))
        elif slug in chosen:
            problems.append(document.problem(
                ("sessions", index), f"'{slug}' is listed twice",
                "List each session once; to run one twice, copy it into an extra session."))
        else:
            chosen.append(slug)
    return chosen


def _changed_sessions(course: Course, group: GroupFile, document: Document,
                      candidates: dict[str, Candidate],
                      selected: list[str], problems: list[Problem]) -> list[Session] | None:
    """Each selected session with the group's changes applied and fitted to its length."""
    for slug in group.changes:
        if slug not in candidates:
            close = difflib.get_close_matches(slug, list(candidates), n=1, cutoff=0.6)
            problems.append(document.problem(
                ("changes", slug), f"there is no session '{slug}' to change",
                f"Did you mean '{close[0]}'?" if close else
                "Name a session by its file name without .yaml.", key=True))
        elif slug not in selected:
            problems.append(document.problem(
                ("changes", slug), f"'{slug}' is not one of this group's sessions, so these "
                "changes are not used", "Add it to 'sessions', or remove these changes.",
                key=True, severity="warning"))
    sessions: list[Session] = []
    failed = False
    for index, slug in enumerate(selected):
        session = candidates[slug].session
        fixed: set[str] = set()
        changes = group.changes.get(slug)
        if changes is not None:
            changed = apply_changes(session, changes, document, ("changes", slug))
            problems += changed.problems
            if changed.session is None:
                failed = True
                continue
            session, fixed = changed.session, changed.fixed
        target = (changes.minutes if changes and changes.minutes else None) or group.minutes \
            or candidates[slug].session.minutes
        location = (("changes", slug, "minutes") if changes and changes.minutes else
                    ("minutes",) if group.minutes else ("changes", slug))
        fitted = _with_rating_time(session, rating_item(course, index, len(selected)), target,
                                   fixed, document, location, slug, problems)
        if fitted is None:
            failed = True
            continue
        sessions.append(fitted)
    return None if failed else sessions


def _with_rating_time(session: Session, item: AgendaItem | None, target: int,
                      fixed: set[str], document: Document, location: tuple[str | int, ...],
                      slug: str, problems: list[Problem]) -> Session | None:
    """The session with the self-rating's time in it (if it holds one) and fitted to
    ``target`` minutes; or None, with the problem added to ``problems``."""
    if item is not None and clashing_id(session, item):
        problems.append(document.problem(
            location, f"'{slug}' already has an agenda item '{item.id}', the id the course "
            "gives the time for the self-rating",
            "Give that item another id; the self-rating's own item is added by the toolkit."))
        return None
    fitted = with_rating_item(session, item, target, fixed)
    if isinstance(fitted, Misfit):
        problems.append(_misfit_problem(document, location, slug, fitted,
                                        item.minutes if item else 0))
        return None
    return fitted


def _misfit_problem(document: Document, location: tuple[str | int, ...], slug: str,
                    misfit: Misfit, rating_minutes: int = 0) -> Problem:
    """Why a session cannot be fitted, counting the self-rating's minutes if it holds one."""
    where = f"changes: → {slug}: → agenda:"
    if misfit.target > misfit.total:
        message = (f"'{slug}' has {misfit.total} minutes of agenda but this group's session is "
                   f"{misfit.target} minutes, and none of its items is flexible")
        hint = (f"Add {misfit.target - misfit.total} minutes to items under {where} "
                "(e.g. 'minutes: 25'), or add an item under 'add_agenda'.")
    else:
        short = misfit.total - misfit.target
        if misfit.flexible:
            message = (f"'{slug}' needs {short} fewer minutes to fit {misfit.target}, but its "
                       f"flexible items ({', '.join(misfit.flexible)}) can give up only "
                       f"{misfit.room} (down to half their length)")
        else:
            message = (f"'{slug}' has {misfit.total} minutes of agenda but this group's session "
                       f"is {misfit.target} minutes, and none of its items is flexible")
        hint = (f"Take {short - misfit.room} more minutes off: under {where} set shorter "
                "'minutes:' on items or write '<item id>: remove'; or choose a longer session.")
    if rating_minutes:
        message += (f" (with the {rating_minutes} minutes the course adds to this session for "
                    "the self-rating)")
    return document.problem(location, message, hint)


def _colours(group: GroupFile, document: Document, problems: list[Problem]) -> Colours:
    """The palette with the group's colours, each readable on white (WCAG AA)."""
    updates: dict[str, str] = {}
    for name in ("primary", "accent"):
        value = getattr(group.branding, name)
        if value is None:
            continue
        ratio = contrast(value, "FFFFFF")
        if ratio < MIN_CONTRAST:
            problems.append(document.problem(
                ("branding", name), f"text in #{value} on white has a contrast of only "
                f"{ratio:.1f}:1; it needs at least {MIN_CONTRAST}:1 to be readable",
                f"Use a darker shade, for example \"#{darkened(value)}\"."))
            continue
        updates[name] = value
    if "primary" in updates:
        updates["light"] = tint(updates["primary"])
    return replace(COLOURS, **updates)


def _entry(candidate: Candidate, session: Session, number: int, meeting: Meeting | None
           ) -> SessionEntry:
    return SessionEntry(session=session, slug=candidate.slug, source=candidate.path,
                        number=number, meeting=meeting, root=candidate.root)


def _filled(plan: Plan, own: dict[str, str] | None = None) -> Plan:
    """Every placeholder in the course and its sessions replaced by this group's values (its
    dates and times written in the plan's language)."""
    with speaking(plan.language):
        return _filled_in(plan, own or {})


def _filled_in(plan: Plan, own: dict[str, str]) -> Plan:
    entries = []
    for index, entry in enumerate(plan.sessions):
        following = plan.sessions[index + 1] if index + 1 < len(plan.sessions) else None
        values = {**_values(plan, entry, following), **own}
        entries.append(replace(entry, session=_filled_session(entry.session, values)))
    first = plan.sessions[0] if plan.sessions else None
    values = {**_values(plan, first, plan.sessions[1] if len(plan.sessions) > 1 else None),
              **own}
    return replace(plan, course=fill_model(plan.course, values), sessions=tuple(entries))


DEFAULT_RECORDS = N_(
    "We keep a register of who came to each session and brief notes of each session, stored "
    "securely. We keep them only as long as our service's records policy requires, and you may "
    "ask us how long that is.")
"""What ``{records}`` says when a group file does not: true of any group, promising no
period the service may not keep to."""


def _filled_session(session: Session, values: dict[str, str]) -> Session:
    """A session with its placeholders filled, ``{minutes}`` being each agenda item's own
    minutes inside it (as the group's changes left them) and the session's elsewhere. Each
    text is filled once, so a value is never read as a placeholder itself."""
    update = {name: fill_model(getattr(session, name), values)
              for name in type(session).model_fields if name != "agenda"}
    update["agenda"] = tuple(fill_model(item, {**values, "minutes": str(item.minutes)})
                             for item in session.agenda)
    return session.model_copy(update=update)


def _values(plan: Plan, entry: SessionEntry | None, following: SessionEntry | None
            ) -> dict[str, str]:
    """What each built-in placeholder becomes for one session (plain words without a group)."""
    group = plan.group
    people = list(group.facilitators)
    meeting = entry.meeting if entry else None
    next_meeting = following.meeting if following else None
    return {
        "group": group.name or _("the group"),
        "facilitator": people[0] if people else _("your facilitator"),
        "facilitators": joined(people) if people else _("your facilitators"),
        "location": group.location or _("the usual place"),
        "contact": group.contact or _("ask your facilitator"),
        "records": group.records or word(DEFAULT_RECORDS),
        "date": (meeting.day() if meeting and meeting.date else "")
        or _("the day of this session"),
        "time": (meeting.time_at(0) if meeting else None) or _("the usual time"),
        "end": (meeting.time_at(entry.session.minutes) if meeting and entry else None)
        or _("the end of the session"),
        "next_date": (next_meeting.day() if next_meeting and next_meeting.date else "")
        or _("the next session"),
        "week": str(entry.week) if entry else "1",
        "minutes": str(entry.session.minutes) if entry else "",
        "course": plan.course.title,
    }
