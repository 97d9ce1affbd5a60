"""Build a course: load, check, customize, render every output in memory, then write them all.

Nothing is written unless every file read without errors and every output rendered, so a
mistake in one plan or group file never leaves a half-built course behind. Several groups build
in one run, each into its own folder.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.checks import check_course, check_extras
from toolkit.customize import customize
from toolkit.groupfile import load_group
from toolkit.load import LoadedCourse, load_course
from toolkit.plan import Plan, SessionEntry
from toolkit.problems import InputError, Problem, Report
from toolkit.write import write_files
from toolkit.yamlfile import Document

Renderer = Callable[[Plan, SessionEntry], bytes]
BookRenderer = Callable[[Plan], bytes]


def _load(module: str, function: str) -> Any:
    """A renderer, imported only when a build needs it: python-pptx and reportlab are slow to
    load, and `toolkit check` and `--help` never need them."""
    return getattr(importlib.import_module(module), function)


@dataclass(frozen=True)
class Output:
    """One kind of file made for every session."""

    suffix: str
    """File name after ``week-NN-``, e.g. ``slides.pptx``."""
    module: str
    function: str

    def renderer(self) -> Renderer:
        function: Renderer = _load(self.module, self.function)
        return function


@dataclass(frozen=True)
class Book:
    """One file made for the whole course, in the group folder itself."""

    name: str
    module: str
    function: str

    def renderer(self) -> BookRenderer:
        function: BookRenderer = _load(self.module, self.function)
        return function


BOOKS = (
    Book("facilitator-guide.pdf", "toolkit.render.books", "render_guide"),
    Book("participant-workbook.pdf", "toolkit.render.books", "render_workbook"),
    Book("attendance-register.pdf", "toolkit.render.register", "render_register"),
    Book("index.html", "toolkit.render.index", "render_index"),
)

OUTPUTS = (
    Output("slides.pptx", "toolkit.render.slides", "render_deck"),
    Output("facilitator-notes.pdf", "toolkit.render.notes", "render_notes"),
    Output("worksheets.pdf", "toolkit.render.worksheets", "render_worksheets"),
    Output("handouts.pdf", "toolkit.render.handouts", "render_handouts"),
)


@dataclass(frozen=True)
class BuildResult:
    """What a build made for one group (or the default course)."""

    folder: Path
    files: tuple[Path, ...]
    changed: tuple[Path, ...]
    sessions: int


@dataclass(frozen=True)
class Checked:
    """Everything a build would read, checked: the course, each group's plan, the problems."""

    loaded: LoadedCourse
    plans: tuple[Plan, ...]
    report: Report


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
    if not course_ok:
        return Checked(loaded, (), report)
    plans: list[Plan] = []
    if not groups:
        plan, problems = customize(loaded, None)
        report.extend(problems)
        plans += [plan] if plan else []
    for group in groups_read:
        if group.report.errors or group.group is None:
            continue
        plan, problems = customize(loaded, group)
        report.extend(problems)
        plans += [plan] if plan else []
    documents = {item.slug: item.document for item in loaded.sessions}
    for group in groups_read:
        documents.update({extra.slug: extra.document for extra in group.extras})
    report.extend(_fit_warnings(plans, documents))
    report.extend(_clashing_folders(plans, groups))
    return Checked(loaded, tuple(plans) if not report.errors else (), report)


def _fit_warnings(plans: list[Plan], documents: dict[str, Document]) -> list[Problem]:
    """A warning for every slide that had to shrink below the normal type size or continue on
    a "(cont.)" slide, at the line that holds it, once however many groups show it."""
    from toolkit.render.slide_layout import fit_report

    found: dict[tuple[str, int, str], Problem] = {}
    for plan in plans:
        for entry in plan.sessions:
            document = documents.get(entry.slug)
            if document is None:
                continue
            ids = [item.id for item in entry.session.agenda]
            for fit in fit_report(plan, entry):
                location: tuple[str | int, ...] = ("agenda",)
                if fit.item_id in ids and fit.slide_index is not None:
                    location = ("agenda", ids.index(fit.item_id), "slides", fit.slide_index,
                                "title")
                elif fit.item_id is None and fit.title != "Agenda":
                    location = ("homework",) if entry.session.homework and \
                        fit.title.startswith("Homework") else ()
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


def _clashing_folders(plans: list[Plan], groups: Sequence[Path]) -> list[Problem]:
    seen: dict[str, Path] = {}
    problems = []
    for plan, path in zip(plans, groups, strict=False):
        if plan.group_slug in seen:
            problems.append(Problem(
                path, None, f"this group would be built into output folder '{plan.group_slug}/',"
                f" like {seen[plan.group_slug].name}", "Give the groups different names."))
        seen.setdefault(plan.group_slug, path)
    return problems


def build(sessions_dir: Path, out_dir: Path, *, strict: bool = False,
          groups: Sequence[Path] = ()) -> tuple[list[BuildResult], Report]:
    """Build the default course, or each group, into ``out_dir/<group>/``.

    Every plan is checked and every file rendered before anything is written."""
    checked = check(sessions_dir, groups)
    report = checked.report
    if report.errors or (strict and report.warnings) or not checked.plans:
        raise InputError(report)
    rendered = [(plan, render_course(plan)) for plan in checked.plans]
    results = []
    for plan, files in rendered:
        folder = out_dir / plan.group_slug
        changed = write_files(folder, files)
        results.append(BuildResult(
            folder=folder,
            files=tuple(folder.joinpath(*path.parts) for path in sorted(files)),
            changed=tuple(changed),
            sessions=len(plan.sessions),
        ))
    return results, report


def session_folder(entry: SessionEntry) -> str:
    """``week-03-the-avoidant-trap``: the week number in this course, then the plan's name."""
    return f"week-{entry.week:02d}-{re.sub(r'^week-[0-9]+-', '', entry.slug)}"


def render_course(plan: Plan) -> dict[PurePosixPath, bytes]:
    """Every output of every session, as file contents keyed by their path in the group folder."""
    renderers = [(output, output.renderer()) for output in OUTPUTS]
    files: dict[PurePosixPath, bytes] = {}
    for entry in plan.sessions:
        prefix = f"week-{entry.week:02d}"
        for output, render in renderers:
            files[PurePosixPath(session_folder(entry), f"{prefix}-{output.suffix}")] = \
                render(plan, entry)
    for book in BOOKS:
        files[PurePosixPath(book.name)] = book.renderer()(plan)
    workbook = _load("toolkit.render.books", "render_workbook")
    for number, member in enumerate(plan.roster, start=1):
        files[PurePosixPath("workbooks", f"workbook-{number:02d}.pdf")] = workbook(plan, member)
    return files
