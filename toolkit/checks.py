"""Checks that need more than one field: the mistakes a schema cannot see.

An agenda that runs over the session's length, a worksheet an item names but the session does
not have, two items with one id, weeks out of order, a picture that is missing or lies outside
the course folder. Each becomes a problem at the line to fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from toolkit.files import problem_with, resolved
from toolkit.glyphs import missing, no_glyphs
from toolkit.groupfile import LoadedGroup
from toolkit.images import content_problem
from toolkit.load import LoadedCourse, LoadedSession
from toolkit.nearby import looked_for, shown
from toolkit.placeholders import BUILT_IN, texts, unknown_placeholders
from toolkit.problems import Problem, excerpt
from toolkit.yamlfile import Document

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif"}


def check_course(loaded: LoadedCourse) -> list[Problem]:
    """Every cross-field problem of a loaded course."""
    problems: list[Problem] = []
    for entry in loaded.sessions:
        problems += check_minutes(entry)
        problems += check_unique_ids(entry)
        problems += check_worksheet_references(entry)
        problems += check_images(entry, loaded.root)
        problems += unknown_placeholders(entry.document, set(BUILT_IN))
        problems += text_problems(entry.document)
    if loaded.course_document is not None:
        problems += unknown_placeholders(loaded.course_document, set(BUILT_IN))
        problems += text_problems(loaded.course_document)
    problems += check_weeks(entry for entry in loaded.sessions if not entry.optional)
    return problems


def check_extras(group: LoadedGroup) -> list[Problem]:
    """The same checks for a group's own session plans; their pictures are in the group's
    folder. (Their week numbers do not matter: a group's order decides them.)"""
    problems: list[Problem] = []
    for extra in group.extras:
        entry = LoadedSession(extra.slug, extra.path, extra.document, extra.session)
        problems += check_minutes(entry)
        problems += check_unique_ids(entry)
        problems += check_worksheet_references(entry)
        problems += check_images(entry, group.folder)
        problems += text_problems(extra.document)
    if group.document is not None:
        problems += text_problems(group.document)
    return problems


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters no slide or PDF can carry (tab and line breaks are fine)."""
INVISIBLE = re.compile(r"[\u200b\u2060-\u2064\ufeff\u180e\u115f\u1160\u3164\uffa0]")
"""Characters that print as nothing (zero-width spaces, word joiners, fillers): pasted in,
they make a text look different from what it holds (the joiners of scripts and emoji, U+200C
and U+200D, are left alone: they are part of how some words are written)."""


def text_problems(document: Document) -> list[Problem]:
    """Invisible control characters are dropped from the outputs, and characters no bundled
    font can draw would print as empty boxes: say where each one is."""
    problems = []
    for location, text in texts(document.data):
        found = CONTROL.search(text)
        if found:
            problems.append(document.problem(
                location, f"an invisible control character (U+{ord(found.group()):04X}) is "
                "removed from this text", "Retype the text around it; such characters often "
                "come from copying out of another program.", severity="warning"))
        if text.isascii():
            continue
        unseen = INVISIBLE.search(text)
        if unseen:
            problems.append(document.problem(
                location, f"an invisible character (U+{ord(unseen.group()):04X}) is in this text",
                "Retype the text around it: it prints as nothing, and often comes from copying "
                "out of another program.", severity="warning"))
        unknown = missing(text)
        if unknown:
            message, hint = no_glyphs(unknown, f"\"{excerpt(text, 30)}\"")
            problems.append(document.problem(location, message, hint, severity="warning"))
    return problems


def check_minutes(entry: LoadedSession) -> list[Problem]:
    """The agenda's minutes must add up exactly to the session's length."""
    session = entry.session
    total = sum(item.minutes for item in session.agenda)
    if total == session.minutes:
        return []
    difference = abs(total - session.minutes)
    if total > session.minutes:
        what = f"the agenda runs {difference} minutes over"
        hint = (f"Take {difference} minutes off one or more agenda items, or set 'minutes: "
                f"{total}'.")
    else:
        what = f"the agenda is {difference} minutes short"
        hint = (f"Add {difference} minutes to one or more agenda items, or set 'minutes: "
                f"{total}'.")
    return [entry.document.problem(
        ("minutes",), f"{what}: its items add up to {total} minutes but the session is "
        f"{session.minutes} minutes", hint)]


def check_unique_ids(entry: LoadedSession) -> list[Problem]:
    """Agenda item ids and worksheet ids must each be unique within a session."""
    agenda_ids = [item.id for item in entry.session.agenda]
    worksheet_ids = [sheet.id for sheet in entry.session.worksheets]
    return [
        *_duplicates(entry, "agenda", agenda_ids, "agenda item"),
        *_duplicates(entry, "worksheets", worksheet_ids, "worksheet"),
    ]


def _duplicates(entry: LoadedSession, key: str, ids: list[str], what: str) -> list[Problem]:
    problems = []
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            earlier = entry.document.mark((key, first[item_id], "id"))
            problems.append(entry.document.problem(
                (key, index, "id"), f"the {what} id '{item_id}' is used twice (first at line "
                f"{earlier.line})", f"Give each {what} its own id."))
        else:
            first[item_id] = index
    return problems


def check_worksheet_references(entry: LoadedSession) -> list[Problem]:
    """Every worksheet an item or the homework names exists; every worksheet is used."""
    session = entry.session
    known = [sheet.id for sheet in session.worksheets]
    references: list[tuple[tuple[str | int, ...], str]] = [
        (("agenda", index, "worksheet"), item.worksheet)
        for index, item in enumerate(session.agenda) if item.worksheet
    ]
    if session.homework and session.homework.worksheet:
        references.append((("homework", "worksheet"), session.homework.worksheet))
    problems = []
    for location, name in references:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = (f"Did you mean '{close[0]}'?" if close else
                    "This session's worksheets: " + ", ".join(known) + "." if known else
                    "Add the worksheet under 'worksheets:', or remove this line.")
            problems.append(entry.document.problem(
                location, f"there is no worksheet '{name}' in this session", hint))
    used = {name for _, name in references}
    for index, sheet in enumerate(session.worksheets):
        if sheet.id not in used:
            problems.append(entry.document.problem(
                ("worksheets", index, "id"), f"the worksheet '{sheet.id}' is never used",
                "Name it in an agenda item ('worksheet: "
                f"{sheet.id}') or in the homework, so members are given it.",
                severity="warning"))
    return problems


def check_weeks(sessions: Iterable[LoadedSession]) -> list[Problem]:
    """Week numbers are unique and rise in course order."""
    problems = []
    previous: LoadedSession | None = None
    for entry in sessions:
        if previous is not None and entry.session.week <= previous.session.week:
            same = entry.session.week == previous.session.week
            problems.append(entry.document.problem(
                ("week",),
                f"week {entry.session.week} " + (
                    f"is also the week of {previous.path.name}" if same else
                    f"comes after week {previous.session.week} ({previous.path.name}) in the "
                    "course order"),
                "Number the weeks 1, 2, 3... in the order 'sessions' lists them in course.yaml.",
            ))
        previous = entry
    return problems


def check_images(entry: LoadedSession, root: Path) -> list[Problem]:
    """Every picture exists, is a kind slides can show, and lies inside the course folder."""
    problems = []
    for item_index, item in enumerate(entry.session.agenda):
        for slide_index, slide in enumerate(item.slides):
            if slide.image is None:
                continue
            location = ("agenda", item_index, "slides", slide_index, "image", "file")
            problem = image_problem(root, slide.image.file)
            if problem:
                problems.append(entry.document.problem(location, *problem))
    return problems


def image_problem(root: Path, name: str) -> tuple[str, str] | None:
    """What is wrong with an image path (message, hint), or None if it is fine."""
    relative = Path(name)
    if relative.is_absolute() or name.startswith(("/", "\\")) or ":" in name:
        return ("image paths must be relative to the course folder",
                f"Put the picture inside {root.name}/ and write its path from there, "
                "e.g. images/circle.png.")
    path = resolved(root / relative)
    if not path.is_relative_to(resolved(root)):
        return ("this image path leads outside the course folder",
                f"Copy the picture into {root.name}/ (for example {root.name}/images/) "
                "and write its path from there.")
    unreadable = problem_with(path)
    if unreadable is not None and unreadable.reason == "missing":
        return (f"the image '{name}' does not exist",
                f"{looked_for(path)} The path is counted from the course folder, "
                f"{shown(root)}.")
    if unreadable is not None:
        return (unreadable.describe(f"the image '{name}'"), "Name a PNG or JPEG picture file.")
    if path.suffix.lower() not in IMAGE_TYPES:
        return (f"'{path.suffix}' pictures cannot be placed on slides",
                "Save the picture as PNG or JPEG.")
    return content_problem(path)
