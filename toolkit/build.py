"""Build a course: load, check, customize, render every output, then write them all at once.

Nothing is written unless every file read without errors and every output rendered, and then
every group's files, removals, folder marker and build record go in place in one commit that is
all or nothing (``toolkit.write``), so a mistake, a file open elsewhere or a full disk never
leaves a half-built course behind. Several groups build in one run, each into its own folder;
a folder that holds another group's materials is refused (``toolkit.ownership``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from toolkit.cache import (
    MAX_INPUT_BYTES,
    MAX_OUTPUT_BYTES,
    Manifest,
    clean_cache,
    digest,
    manifest_path,
    problems_to_json,
    read_manifest,
    toolkit_fingerprint,
    unchanged_builds,
)
from toolkit.checked import Checked, at_name, check, group_name
from toolkit.drawing import Job, Work, draw, planned_jobs
from toolkit.files import Unreadable, exists, file_digest, read_limited, resolved
from toolkit.groupfile import LoadedGroup
from toolkit.i18n import fallbacks
from toolkit.languages import LOCALE_FOLDER
from toolkit.load import COURSE_FILE
from toolkit.lock import build_lock
from toolkit.ooxml import TemplateError
from toolkit.ownership import MARKER, Marker, identity, read_marker
from toolkit.plan import Plan
from toolkit.problems import InputError, Problem, Report, display_path
from toolkit.translation import translation_folder
from toolkit.write import Staging, WriteError, clean_leftovers


@dataclass(frozen=True)
class BuildResult:
    """What a build made for one group (or the default course)."""

    folder: Path
    files: tuple[Path, ...]
    changed: tuple[Path, ...]
    sessions: int
    removed: tuple[Path, ...] = ()
    """Files an earlier build made that this one no longer makes (a roster taken away...)."""


Progress = Callable[[int, int, str], None]
"""Told, as each file is drawn, how many are done, of how many, and the group folder's name."""


def build(sessions_dir: Path, out_dir: Path, *, strict: bool = False,
          groups: Sequence[Path] = (), force: bool = False,
          workers: int | None = None, progress: Progress | None = None
          ) -> tuple[list[BuildResult], Report]:
    """Build the default course, or each group, into ``out_dir/<group>/``.

    Every plan is checked and every file rendered before anything is written, and then all are
    put in place at once or not at all. Outputs whose inputs have not changed since the last
    build are kept (``force`` draws everything again); when nothing at all changed, no plan is
    even read. Rendering runs in ``workers`` processes (default: one per core); ``progress``
    hears of each file drawn.
    """
    try:
        if not force:
            cached = _unchanged_builds(sessions_dir, out_dir, groups)
            if cached is not None and not (strict and cached[1].warnings):
                return cached
        checked = check(sessions_dir, groups)
        report = checked.report
        if report.errors or (strict and report.warnings) or not checked.plans:
            raise InputError(report)
        with build_lock(out_dir):
            return _write(checked, sessions_dir, out_dir, strict, force, workers, progress)
    except WriteError as error:
        error.outcome = error.outcome or "Nothing was written."
        raise


@dataclass
class _Folder:
    """One group's folder as this build finds it, and what it will make there."""

    plan: Plan
    group: LoadedGroup | None
    folder: Path
    record: Path
    marker: Marker | None
    jobs: list[Job]
    stale: list[Job]
    hashes: dict[str, str]
    """Output path -> hash of its content, for the outputs kept and, as drawn, the others."""
    removed: list[Path] = field(default_factory=list)
    """Files made before and no longer made, removed in the commit."""
    edited: list[str] = field(default_factory=list)
    """Outputs to draw again that someone changed since the toolkit made them."""

    @property
    def owner(self) -> str:
        return identity(group_name(self.group) if self.group else None)


def _write(checked: Checked, sessions_dir: Path, out_dir: Path, strict: bool, force: bool,
           workers: int | None, progress: Progress | None = None
           ) -> tuple[list[BuildResult], Report]:
    """Draw what changed and put it all in place; called holding the build lock."""
    report = checked.report
    clean_cache(out_dir)
    folders = [_folder(plan, group, sessions_dir, out_dir, force)
               for plan, group in zip(checked.plans, checked.groups, strict=True)]
    refused = [_refusal(folder, sessions_dir) for folder in folders
               if folder.marker is not None and folder.marker.group != folder.owner]
    if refused:
        raise InputError(Report(refused))
    warnings = report.warnings
    staging = Staging()
    try:
        try:
            total = sum(len(folder.stale) for folder in folders)
            drawing = draw([_work(f) for f in folders], workers)
            for drawn, (index, path, content) in enumerate(drawing, start=1):
                staging.add(folders[index].folder.joinpath(*PurePosixPath(path).parts),
                            content)
                folders[index].hashes[path] = digest(content)
                if progress is not None:
                    progress(drawn, total, folders[index].folder.name)
        except (TemplateError, Unreadable) as error:
            raise InputError(Report([_changed_since_checked(error)])) from None
        for folder in folders:
            report.extend(_keep_edits(folder, staging))  # said once: not in the record
            report.extend(_finish(folder, staging, checked, sessions_dir, warnings))
        if strict and report.warnings:
            raise InputError(report)  # a file kept because it was changed by hand
        changed = set(staging.commit())
    finally:
        staging.discard()
    results = []
    for folder in folders:
        files = tuple(folder.folder.joinpath(*PurePosixPath(job.path).parts)
                      for job in folder.jobs)
        results.append(BuildResult(folder=folder.folder, files=tuple(sorted(files)),
                                   changed=tuple(sorted(p for p in files if p in changed)),
                                   sessions=len(folder.plan.sessions),
                                   removed=tuple(folder.removed)))
    return results, report


def _work(folder: _Folder) -> Work:
    """What a folder's build draws, and how it reads back a file it keeps."""

    def kept(job: Job) -> bytes | None:
        try:
            content = read_limited(folder.folder.joinpath(*job.path.split("/")),
                                   MAX_OUTPUT_BYTES)
        except Unreadable:
            return None
        return content if digest(content) == folder.hashes.get(job.path) else None

    return Work(folder.plan, folder.jobs, folder.stale, kept)


def _changed_since_checked(error: TemplateError | Unreadable) -> Problem:
    """A file the check found good that could not be used while drawing: it changed (or went)
    between the two. A user's matter, said as the check would have said it."""
    again = "It changed while the materials were being built: check it, then build again."
    if isinstance(error, Unreadable):
        return Problem(error.path, None, error.describe("this file"), again)
    return Problem(error.path or Path("the slide template"), None, error.message,
                   f"{error.hint} {again}")


def _folder(plan: Plan, group: LoadedGroup | None, sessions_dir: Path, out_dir: Path,
            force: bool) -> _Folder:
    """What the last build left in a group's folder, and which outputs must be drawn again."""
    folder = out_dir / plan.group_slug
    replaced = clean_leftovers(folder)
    record = manifest_path(out_dir, sessions_dir, group.path if group else None)
    previous = None if force else read_manifest(record)
    if previous is not None and previous.folder != plan.group_slug:
        previous = None  # the group was renamed: its old record describes another folder
    jobs = planned_jobs(plan)
    stale = _stale(jobs, folder, previous)
    # A kept output is exactly what the last record says (``_stale`` checked it); a drawn one
    # is hashed as it is staged: no output is read back to record it.
    redrawn = {job.path for job in stale}
    hashes = {job.path: previous.outputs[job.path][1] for job in jobs
              if previous is not None and job.path not in redrawn}
    marker = read_marker(folder)
    made = marker.files if marker is not None else {}
    # Changed since the toolkit made it: not as the marker says, and not a file a killed
    # commit had already put in place (the toolkit's own, newer than the marker).
    edited = [job.path for job in stale if job.path in made
              and folder.joinpath(*job.path.split("/")) not in replaced
              and file_digest(folder / job.path, MAX_OUTPUT_BYTES) not in (None, made[job.path])]
    return _Folder(plan, group, folder, record, marker, jobs, stale, hashes, edited=edited)


def _refusal(folder: _Folder, sessions_dir: Path) -> Problem:
    where = display_path(folder.folder)
    message = f"the folder {where}/ holds another group's materials, so this group is not " \
        "built into it"
    hint = (f"Give this group another name (under name:), build it into another folder with "
            f"--out, or delete {where}/ if those materials are no longer needed.")
    if folder.group is None:
        return Problem(sessions_dir / "course.yaml", None, message, hint)
    return at_name(folder.group, message, hint)


def _keep_edits(folder: _Folder, staging: Staging) -> list[Problem]:
    """Keep, beside its new version, each file someone changed since the toolkit made it (a
    deck reworked in PowerPoint, a form filled in and saved): it is copied to "NAME (your
    edits)" in the same commit, never overwritten unseen."""
    notices = []
    for path in folder.edited:
        target = folder.folder.joinpath(*path.split("/"))
        try:
            theirs = read_limited(target, MAX_OUTPUT_BYTES)
        except Unreadable:
            continue
        if digest(theirs) == folder.hashes.get(path):
            continue  # it already holds exactly what the toolkit makes now
        keep = _free_name(target, staging)
        staging.add(keep, theirs)
        notices.append(Problem(
            target, None, f"this file was changed since the toolkit made it, so your version "
            f"is kept beside the new one, as '{keep.name}'",
            "Copy what you need from your version, then delete it.", "warning"))
    return notices


def _free_name(target: Path, staging: Staging) -> Path:
    """``week-01-slides (your edits).pptx``, or ``(your edits 2)`` and on when that is taken."""
    number = 1
    while True:
        label = "your edits" if number == 1 else f"your edits {number}"
        candidate = target.with_name(f"{target.stem} ({label}){target.suffix}")
        if not exists(candidate) and not staging.stages(candidate):
            return candidate
        number += 1


def _finish(folder: _Folder, staging: Staging, checked: Checked, sessions_dir: Path,
            warnings: list[Problem]) -> list[Problem]:
    """Stage the removal of the files this folder's group made before and no longer makes,
    then its marker and its build record; return a warning for each file kept because it was
    changed since the toolkit made it."""
    made = {job.path for job in folder.jobs}
    kept: dict[str, str] = {}
    problems = []
    for path, recorded in sorted((folder.marker.files if folder.marker else {}).items()):
        target = folder.folder.joinpath(*path.split("/"))
        if path in made or not resolved(target).is_relative_to(resolved(folder.folder)):
            continue
        now = file_digest(target, MAX_OUTPUT_BYTES)
        if now == recorded:
            staging.remove(target, folder.folder)
            folder.removed.append(target)
        elif now is not None:
            kept[path] = recorded
            problems.append(Problem(
                target, None, "the build no longer makes this file, which an earlier build "
                "made, but it was changed since, so it is kept",
                "Delete it yourself if it is no longer needed.", "warning"))
    files = {job.path: folder.hashes[job.path] for job in folder.jobs}
    marker = Marker(folder.owner, {**kept, **files}).to_bytes()
    staging.add(folder.folder / MARKER, marker)
    plan = folder.plan
    translation = translation_folder(sessions_dir, plan.language.tag)
    record = Manifest(
        toolkit=toolkit_fingerprint(), folder=plan.group_slug,
        inputs=_inputs(checked, plan, sessions_dir, translation),
        listing=_listings(sessions_dir, translation),
        outputs={job.path: [job.key, folder.hashes[job.path]] for job in folder.jobs},
        marker=digest(marker), warnings=problems_to_json([*warnings, *problems]),
        sessions=len(plan.sessions))
    staging.add(folder.record, record.to_bytes(), record=True)
    return problems


def _stale(jobs: list[Job], folder: Path, previous: Manifest | None) -> list[Job]:
    """The jobs whose output is missing, was changed by hand, or has a new key."""
    if previous is None:
        return jobs
    stale = []
    for job in jobs:
        recorded = previous.outputs.get(job.path)
        if recorded is None or recorded[0] != job.key or \
                file_digest(folder / job.path, MAX_OUTPUT_BYTES) != recorded[1]:
            stale.append(job)
    return stale


def _listings(sessions_dir: Path, translation: Path | None) -> dict[str, list[str]]:
    """The plan files in the course folder, and in the translation the group uses: a file
    added or removed there changes the build."""
    folders = [sessions_dir, translation]
    return {str(resolved(folder)): sorted(path.name for path in folder.glob("*.yaml"))
            for folder in folders if folder is not None}


def _inputs(checked: Checked, plan: Plan, sessions_dir: Path, translation: Path | None
            ) -> dict[str, str | None]:
    """Every file this plan's build read, with its hash."""
    paths = {sessions_dir / "course.yaml", *(item.path for item in checked.loaded.sessions)}
    for entry in plan.sessions:
        paths.add(entry.source)
        paths.update(entry.image_path(slide.image) for item in entry.session.agenda
                     for slide in item.slides if slide.image is not None)
    paths.update(checked.group_files.get(plan.group_slug, ()))
    # The translations' course files and the course's own catalogs: a group's language may
    # read any of them. Those its language would read if they were there are recorded too (as
    # missing), so a catalog or translation added later is seen; and every file of the
    # translation it uses, as the check reads them all.
    paths.update(sessions_dir.glob("*/course.yaml"))
    paths.update(sessions_dir.glob(f"{LOCALE_FOLDER}/*.po"))
    for name in fallbacks(plan.language.tag):
        paths.update({sessions_dir / LOCALE_FOLDER / f"{name}.po",
                      sessions_dir / name / COURSE_FILE})
    if translation is not None:
        paths.update(translation.glob("*.yaml"))
    return {str(resolved(path)): file_digest(path, MAX_INPUT_BYTES) for path in sorted(paths)}


def _unchanged_builds(sessions_dir: Path, out_dir: Path, groups: Sequence[Path]
                      ) -> tuple[list[BuildResult], Report] | None:
    """The results of the last build, if nothing it read or wrote has changed since."""
    found = unchanged_builds(sessions_dir, out_dir, groups)
    if found is None:
        return None
    builds, warnings = found
    return [BuildResult(folder=b.folder, files=b.files, changed=(), sessions=b.sessions)
            for b in builds], Report(warnings)
