"""Which course a command uses: the folder named with ``--sessions``, else the one the group
files name with ``course:``, else the course that comes with the toolkit.

A facilitator works from a folder of their own; an organisation may keep its own edited copy of
the course (``toolkit copy-course``) and name it once in each group file, so no command needs
``--sessions``. One run builds against one course, so group files that name different courses
are an error at each one's ``course:`` line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.assets import course_folder
from toolkit.files import resolve_path, resolved
from toolkit.nearby import looked_for, shown
from toolkit.problems import Problem
from toolkit.yamlfile import Document, read_yaml

COURSE_FILE = "course.yaml"


@dataclass(frozen=True)
class Named:
    """A course folder a group file names, and where it names it."""

    folder: Path
    document: Document


def choose_course(named: Path | None, groups: Sequence[Path]) -> tuple[Path, list[Problem]]:
    """The course folder for this run, and the problems with the group files' ``course:``.

    ``named`` (``--sessions``) wins over every group file. Problems in a group file other than
    its ``course:`` are left for the group's own check to report.
    """
    if named is not None:
        return named, []
    chosen: list[tuple[Path, Named | None]] = []
    problems: list[Problem] = []
    for group in groups:
        found = _named_course(group)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            chosen.append((group, found))
    if problems or not chosen:
        return course_folder(), problems
    first_group, first = chosen[0]
    first_folder = resolved(first.folder) if first else resolved(course_folder())
    for group, other in chosen[1:]:
        folder = resolved(other.folder) if other else resolved(course_folder())
        if folder != first_folder:
            problems.append(_clash(group, other, first_group, first))
    if problems:
        return course_folder(), problems
    return (first.folder if first else course_folder()), []


def _named_course(group: Path) -> Named | Problem | None:
    """The course a group file names, a problem with it, or None (the toolkit's course, or a
    file whose mistakes its own check will report)."""
    document, _ = read_yaml(group)
    if document is None or not isinstance(document.data, dict):
        return None
    written = document.data.get("course")
    if not isinstance(written, str) or not written.strip():
        return None  # not a name: the group file's check says so
    folder = resolve_path(group.parent, written.strip())
    if (folder / COURSE_FILE).is_file():
        return Named(folder, document)
    hint = (f"{looked_for(folder / COURSE_FILE)} The path is counted from the group file's "
            "folder. Name the folder that holds course.yaml, or remove 'course:' to use the "
            "course that comes with the toolkit.")
    if folder.is_dir():
        return document.problem(("course",), f"the folder '{written.strip()[:80]}' holds no "
                                "course.yaml, so it is not a course", hint)
    return document.problem(("course",), f"the course folder '{written.strip()[:80]}' does "
                            "not exist", hint)


def _clash(group: Path, named: Named | None, first_group: Path, first: Named | None
           ) -> Problem:
    """Two group files of one run that name different courses, reported at the second."""
    def which(course: Named | None) -> str:
        return shown(course.folder) if course else "the course that comes with the toolkit"

    message = (f"this group file uses {which(named)}, but {first_group.name} uses "
               f"{which(first)}: one build uses one course")
    hint = ("Build these groups with separate commands, or name the same course in both "
            "(with 'course:', or with --sessions, which wins over every group file).")
    if named is not None:
        return named.document.problem(("course",), message, hint)
    return Problem(group, None, message, hint)
