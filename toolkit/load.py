"""Load a course folder: ``course.yaml`` and the session plans it lists, each validated.

Loading never stops at the first mistake: every file is read and every problem collected, so an
author sees all of them in one run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.files import exists, problem_with, resolved
from toolkit.model import Course, Session
from toolkit.nearby import looked_for
from toolkit.problems import Problem, Report
from toolkit.validate import validate
from toolkit.yamlfile import Document, read_yaml

COURSE_FILE = "course.yaml"


@dataclass(frozen=True)
class LoadedSession:
    """A session plan as read from disk, with its document kept for error positions."""

    slug: str
    path: Path
    document: Document
    session: Session
    optional: bool = False
    """Listed under ``optional_sessions``: built only for a group that asks for it."""


@dataclass
class LoadedCourse:
    """Everything read from a course folder, and the problems found while reading it."""

    root: Path
    course: Course | None = None
    course_document: Document | None = None
    sessions: list[LoadedSession] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def load_course(root: Path) -> LoadedCourse:
    """Read ``root/course.yaml`` and every session it lists, validating each."""
    loaded = LoadedCourse(root=root)
    problem = _folder_problem(root)
    if problem is not None:
        loaded.report.add(problem)
        return loaded
    course_path = root / COURSE_FILE
    if _leads_outside(course_path, root):
        loaded.report.add(Problem(course_path, None, f"this file {OUTSIDE}", OUTSIDE_HINT))
        return loaded
    document, problems = read_yaml(course_path)
    loaded.report.extend(problems)
    if document is None:
        return loaded
    loaded.course_document = document
    course, problems = validate(document, Course)
    loaded.report.extend(problems)
    if course is None:
        return loaded
    loaded.course = course
    listed = [("sessions", index, slug) for index, slug in enumerate(course.sessions)]
    listed += [("optional_sessions", index, slug)
               for index, slug in enumerate(course.optional_sessions)]
    for key, index, slug in listed:
        path = root / f"{slug}.yaml"
        if not exists(path):
            loaded.report.add(_missing_session(document, root, key, index, slug))
            continue
        if _leads_outside(path, root):
            loaded.report.add(document.problem((key, index), f"{slug}.yaml {OUTSIDE}",
                                               OUTSIDE_HINT))
            continue
        session_document, problems = read_yaml(path)
        loaded.report.extend(problems)
        if session_document is None:
            continue
        session, problems = validate(session_document, Session)
        loaded.report.extend(problems)
        if session is not None:
            loaded.sessions.append(LoadedSession(slug, path, session_document, session,
                                                 optional=key == "optional_sessions"))
    loaded.report.extend(_unlisted_plans(document, root, course))
    return loaded


def _folder_problem(root: Path) -> Problem | None:
    """What is wrong with the course folder, or None when it is a folder."""
    unreadable = problem_with(root)
    if unreadable is not None and unreadable.reason == "folder":
        return None
    if unreadable is not None and unreadable.reason == "missing":
        return Problem(root, None, "the course folder does not exist",
                       f"{looked_for(root / 'course.yaml')} "
                       "Name the course's folder (the one holding course.yaml), or leave "
                       "--sessions out to use the course that comes with the toolkit.")
    if unreadable is None or unreadable.reason == "special":
        return Problem(root, None, "the sessions folder is a file, not a folder",
                       "Name the course's folder with --sessions DIR.")
    return Problem(root, None, unreadable.describe("the sessions folder"), unreadable.hint)


OUTSIDE = "is a link to a file outside the course folder"
OUTSIDE_HINT = "Copy the file itself into the course folder instead of linking to it."


def _leads_outside(path: Path, root: Path) -> bool:
    """A plan is read only from inside its course folder, as pictures are: a link that leads
    elsewhere could put any file's text into the materials."""
    return not resolved(path).is_relative_to(resolved(root))


def session_files(root: Path) -> list[str]:
    """Names (without ``.yaml``) of the plan files in a course folder."""
    return sorted(p.stem for p in root.glob("*.yaml") if p.name != COURSE_FILE)


def _missing_session(document: Document, root: Path, key: str, index: int, slug: str
                     ) -> Problem:
    close = difflib.get_close_matches(slug, session_files(root), n=1, cutoff=0.6)
    hint = (f"Did you mean '{close[0]}'?" if close
            else f"Create {slug}.yaml in {root.name}/, or remove this line.")
    return document.problem((key, index), f"no session plan '{slug}.yaml' in this folder", hint)


def _unlisted_plans(document: Document, root: Path, course: Course) -> list[Problem]:
    """A plan file the course does not list would silently never be built: say so."""
    listed = set(course.sessions) | set(course.optional_sessions)
    return [
        document.problem(
            ("sessions",), f"'{name}.yaml' is in the folder but not in 'sessions', so it is "
            "not built", f"Add '- {name}' to 'sessions' where it belongs in the course, or move "
            "the file out of the folder.", key=True, severity="warning",
        )
        for name in session_files(root) if name not in listed
    ]
