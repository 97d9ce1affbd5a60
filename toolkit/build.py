"""Build a course: load, check, resolve, render every output in memory, then write them all.

Nothing is written unless every file read without errors and every output rendered, so a
mistake in one plan never leaves a half-built course behind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from toolkit.checks import check_course
from toolkit.customize import resolve
from toolkit.load import LoadedCourse, load_course
from toolkit.plan import Plan, SessionEntry
from toolkit.problems import InputError, Report
from toolkit.write import write_files

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
)

OUTPUTS = (
    Output("slides.pptx", "toolkit.render.slides", "render_deck"),
    Output("facilitator-notes.pdf", "toolkit.render.notes", "render_notes"),
    Output("worksheets.pdf", "toolkit.render.worksheets", "render_worksheets"),
)


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and the warnings it found on the way."""

    folder: Path
    files: tuple[Path, ...]
    changed: tuple[Path, ...]
    report: Report


def check(sessions_dir: Path) -> tuple[LoadedCourse, Report]:
    """Read and check everything a build would read; write nothing."""
    loaded = load_course(sessions_dir)
    report = Report(list(loaded.report.problems))
    if loaded.course is not None:
        report.extend(check_course(loaded))
    return loaded, report


def build(sessions_dir: Path, out_dir: Path, *, strict: bool = False) -> BuildResult:
    """Build every session of the course in ``sessions_dir`` into ``out_dir/<group>/``."""
    loaded, report = check(sessions_dir)
    if report.errors or (strict and report.warnings):
        raise InputError(report)
    plan = resolve(loaded)
    files = render_course(plan)
    folder = out_dir / plan.group_slug
    changed = write_files(folder, files)
    return BuildResult(
        folder=folder,
        files=tuple(folder.joinpath(*path.parts) for path in sorted(files)),
        changed=tuple(changed),
        report=report,
    )


def render_course(plan: Plan) -> dict[PurePosixPath, bytes]:
    """Every output of every session, as file contents keyed by their path in the group folder."""
    renderers = [(output, output.renderer()) for output in OUTPUTS]
    files: dict[PurePosixPath, bytes] = {}
    for entry in plan.sessions:
        prefix = f"week-{entry.session.week:02d}"
        for output, render in renderers:
            files[PurePosixPath(entry.slug, f"{prefix}-{output.suffix}")] = render(plan, entry)
    for book in BOOKS:
        files[PurePosixPath(book.name)] = book.renderer()(plan)
    return files
