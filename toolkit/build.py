"""Build a course: load, check, customize, render every output, then write them all at once.

Nothing is written unless every file read without errors and every output rendered, and then
every group's files, removals, folder marker and build record go in place in one commit that is
all or nothing (``toolkit.write``), so a mistake, a file open elsewhere or a full disk never
leaves a half-built course behind. Several groups build in one run, each into its own folder;
a folder that holds another group's materials is refused (``toolkit.ownership``).
"""

from __future__ import annotations

from collections.abc import Sequence
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
from toolkit.checks import check_course, check_extras
from toolkit.customize import customize
from toolkit.drawing import Job, Work, draw, planned_jobs
from toolkit.files import Unreadable, exists, file_digest, read_limited, resolved
from toolkit.groupfile import LoadedGroup, load_group, resolve_path
from toolkit.load import LoadedCourse, load_course
from toolkit.lock import build_lock
from toolkit.ooxml import TemplateError
from toolkit.ownership import MARKER, Marker, identity, read_marker
from toolkit.plan import Plan
from toolkit.problems import InputError, Problem, Report, display_path
from toolkit.write import Staging, WriteError, clean_leftovers
from toolkit.yamlfile import Document


@dataclass(frozen=True)
class BuildResult:
    """What a build made for one group (or the default course)."""

    folder: Path
    files: tuple[Path, ...]
    changed: tuple[Path, ...]
    sessions: int
    removed: tuple[Path, ...] = ()
    """Files an earlier build made that this one no longer makes (a roster taken away...)."""


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
    return _at_name(second, message, hint)


def group_name(group: LoadedGroup) -> str:
    """The name a group's folder is made from: its ``name:``, or its file's name."""
    return group.group.name if group.group and group.group.name else group.path.stem


def _letters(name: str) -> str:
    return "".join(character for character in name.casefold() if character.isalnum())


def _at_name(group: LoadedGroup, message: str, hint: str) -> Problem:
    """A problem about a group as a whole, at its ``name:`` line when it has one."""
    if group.document is not None and group.group is not None and group.group.name:
        return group.document.problem(("name",), message, hint)
    return Problem(group.path, None, message, hint)


def build(sessions_dir: Path, out_dir: Path, *, strict: bool = False,
          groups: Sequence[Path] = (), force: bool = False,
          workers: int | None = None) -> tuple[list[BuildResult], Report]:
    """Build the default course, or each group, into ``out_dir/<group>/``.

    Every plan is checked and every file rendered before anything is written, and then all are
    put in place at once or not at all. Outputs whose inputs have not changed since the last
    build are kept (``force`` draws everything again); when nothing at all changed, no plan is
    even read. Rendering runs in ``workers`` processes (default: one per core).
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
            return _write(checked, sessions_dir, out_dir, strict, force, workers)
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
           workers: int | None) -> tuple[list[BuildResult], Report]:
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
            for index, path, content in draw([_work(f) for f in folders], workers):
                staging.add(folders[index].folder.joinpath(*PurePosixPath(path).parts),
                            content)
                folders[index].hashes[path] = digest(content)
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
    return _at_name(folder.group, message, hint)


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
    record = Manifest(
        toolkit=toolkit_fingerprint(), folder=plan.group_slug,
        inputs=_inputs(checked, plan, sessions_dir),
        listing={str(resolved(sessions_dir)): _listing(sessions_dir)},
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


def _listing(sessions_dir: Path) -> list[str]:
    return sorted(path.name for path in sessions_dir.glob("*.yaml"))


def _inputs(checked: Checked, plan: Plan, sessions_dir: Path) -> dict[str, str | None]:
    """Every file this plan's build read, with its hash."""
    paths = {sessions_dir / "course.yaml", *(item.path for item in checked.loaded.sessions)}
    for entry in plan.sessions:
        paths.add(entry.source)
        paths.update(entry.image_path(slide.image) for item in entry.session.agenda
                     for slide in item.slides if slide.image is not None)
    paths.update(checked.group_files.get(plan.group_slug, ()))
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
