"""The ``toolkit`` command: parse options, call one function, print what happened.

Exit status: 0 success (warnings allowed), 1 the input has errors to fix, 2 wrong usage,
3 a fault inside the toolkit itself. The workers are imported inside each command so that
``toolkit --help`` stays instant.
"""

from __future__ import annotations

import re
import sys
import traceback
import unicodedata
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from toolkit.plan import Plan
    from toolkit.problems import Report

ISSUES_URL = "the project's issue tracker"
F = TypeVar("F", bound=Callable[..., Any])

def _named(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A path option as a Path; an empty name is a usage error, never "this folder" (an empty
    --out would put members' workbooks in whatever folder the command ran in)."""
    if isinstance(value, tuple):
        return tuple(_named(ctx, param, item) for item in value)
    if value is None:
        return None
    if not str(value).strip():
        raise click.BadParameter("give a name, not an empty one", ctx=ctx, param=param)
    return Path(value)


sessions_option = click.option(
    "--sessions", "sessions_dir", type=click.Path(file_okay=False), callback=_named,
    default=None, show_default="the group files' course:, else the toolkit's own course",
    help="The course folder: course.yaml and the session plans.",
)


GROUP_KEYS = re.compile(r"^(?:schedule|changes|crisis_resources|print|branding|roster|"
                        r"facilitators):", re.MULTILINE)
NOT_GROUP_KEYS = re.compile(r"^(?:agenda|agreements|disclaimer|week):", re.MULTILINE)


def mention_group_files_here(named: Path | None, groups: tuple[Path, ...]) -> None:
    """Without --group, a group file in the current folder is easy to think used: say how to
    use it (and say nothing when there is none, or when the command named a course)."""
    if groups or named is not None:
        return
    found: list[str] = []
    for index, path in enumerate(sorted(Path.cwd().glob("*.y*ml"))):
        if index >= 50 or len(found) >= 3:
            break
        try:
            text = path.read_bytes()[:65536].decode("utf-8", errors="replace")
        except OSError:
            continue
        looks = GROUP_KEYS.search(text) or "GROUP FILE" in text[:1000]
        if looks and not NOT_GROUP_KEYS.search(text):
            found.append(path.name)
    if len(found) == 1:
        click.echo(f"Note: that was the course without a group. {found[0]} here looks like a "
                   f"group file: to use it, add --group {found[0]}.", err=True)
    elif found:
        click.echo(f"Note: that was the course without a group. {', '.join(found)} here look "
                   f"like group files: to use one, add --group and its name, as in --group "
                   f"{found[0]}.", err=True)


def course_for(named: Path | None, groups: tuple[Path, ...]) -> Path:
    """The course this run uses: --sessions, else the group files' ``course:``, else the
    course that comes with the toolkit (``toolkit.course_choice``)."""
    from toolkit.course_choice import choose_course
    from toolkit.problems import InputError, Report

    folder, problems = choose_course(named, groups)
    if problems:
        raise InputError(Report(problems))
    return folder


class Command(click.Command):
    """A command that, given a group file without --group (the commonest slip), says so."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            stray = re.search(r"unexpected extra arguments? \(([^)\s]+)", error.message)
            takes_groups = any(param.name == "groups" for param in self.params)
            if stray and takes_groups and stray.group(1).lower().endswith((".yaml", ".yml")):
                raise click.UsageError(
                    f"{error.message}: to name a group file, write --group before its name "
                    f"(--group {stray.group(1)})", ctx) from None
            raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="interdependence-toolkit", prog_name="toolkit")
@click.option("--debug", is_flag=True, help="Show the full traceback if the toolkit fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compile the course's session plans into slide decks, facilitator notes and worksheets.

    Run `toolkit build` in any folder to build the course that comes with the toolkit into
    output/ there; add --group FILE for a group's own materials.
    """
    ctx.obj = {"debug": debug}


main.command_class = Command


def friendly_errors(command: F) -> F:
    """Turn every failure into a message for a person: their mistakes, or ours."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from toolkit.problems import InputError
        from toolkit.write import WriteError

        try:
            return command(*args, **kwargs)
        except InputError as error:
            print_report(error.report)
            sys.exit(1)
        except WriteError as error:
            click.echo(f"error: {error}\n    {error.hint}", err=True)
            if error.outcome:
                click.echo(error.outcome, err=True)
            sys.exit(1)
        except BrokenPipeError:
            # The reader went away (`toolkit list | head`): stop quietly, as other tools do.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as error:  # the file system refused a path the user named
            where = f" {error.filename}" if error.filename else ""
            click.echo(f"error: cannot use{where}: {error.strerror or error}\n    Check the "
                       "name, and that you may read and write the folders it is in.", err=True)
            sys.exit(1)
        except Exception:
            debug = bool((click.get_current_context().find_root().obj or {}).get("debug"))
            if debug:
                traceback.print_exc()
            click.echo(
                "Sorry: the toolkit failed because of a fault in the toolkit itself, not in your "
                f"files. Nothing was overwritten.\nPlease report it on {ISSUES_URL}, with the "
                "output of the same command run with --debug (for example `toolkit --debug "
                "build`).", err=True)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


def print_report(report: Report) -> None:
    """Every problem, sorted by file and line, then a one-line summary."""
    for problem in report.sorted():
        click.echo(problem.format(), err=True)
    errors, warnings = len(report.errors), len(report.warnings)
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    if parts:
        click.echo(" and ".join(parts) + (": nothing was written." if errors else "."), err=True)


group_option = click.option(
    "--group", "groups", type=click.Path(dir_okay=False), callback=_named, multiple=True,
    metavar="FILE", help="A group file (repeat for several groups). Without it: the default "
    "course.",
)


@main.command()
@sessions_option
@group_option
@click.option("--out", "out_dir", type=click.Path(), callback=_named, metavar="FOLDER",
              default="output", show_default=True, help="Where the materials go.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--force", is_flag=True,
              help="Draw every file again, even those whose inputs have not changed.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes to draw with (default: one per core).")
@click.option("--quiet", is_flag=True,
              help="No progress bar while drawing (there is none when not on a terminal).")
@friendly_errors
def build(sessions_dir: Path | None, groups: tuple[Path, ...], out_dir: Path, strict: bool,
          force: bool, jobs: int | None, quiet: bool) -> None:
    """Build every session's slides, facilitator notes, worksheets and handouts, and the
    course's books.

    With --group, each group's materials go into a folder of its own under --out. Files whose
    inputs have not changed since the last build are kept as they are.
    """
    from toolkit.problems import Report, display_path

    course = course_for(sessions_dir, groups)
    if not force:
        # Checked before the models and renderers are imported: an unchanged rebuild is instant.
        from toolkit.cache import unchanged_builds

        found = unchanged_builds(course, out_dir, groups)
        if found is not None and not (strict and found[1]):
            print_report(Report(found[1]))
            for cached in found[0]:
                _built(cached.sessions, cached.folder, len(cached.files), 0, display_path)
            return
    from toolkit.build import build as build_course

    bar = ProgressBar() if not quiet and sys.stderr.isatty() else None
    try:
        results, report = build_course(course, out_dir, strict=strict, groups=groups,
                                       force=force, workers=jobs, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    print_report(report)
    for result in results:
        _built(result.sessions, result.folder, len(result.files), len(result.changed),
               display_path, len(result.removed))
    mention_group_files_here(sessions_dir, groups)


class ProgressBar:
    """Click's progress bar on the terminal's error stream while files are drawn: files done
    of the total and the group being drawn; started at the first file, so a build with
    nothing to draw shows none."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, done: int, total: int, group: str) -> None:
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Drawing", file=sys.stderr,
                                          show_pos=True, show_percent=False, show_eta=False,
                                          item_show_func=lambda name: name)
            self._bar.__enter__()
        self._bar.update(1, group)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _built(sessions: int, folder: Path, files: int, changed: int,
           display_path: Callable[[Path], str], removed: int = 0) -> None:
    gone = f"; removed {removed} it no longer makes" if removed else ""
    click.echo(f"Built {sessions} session{'s' if sessions != 1 else ''} into "
               f"{display_path(folder)}/ ({files} files, {changed} changed{gone}).")


@main.command()
@sessions_option
@group_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@friendly_errors
def check(sessions_dir: Path | None, groups: tuple[Path, ...], strict: bool) -> None:
    """Check every plan (and each group file) for mistakes; write nothing."""
    from toolkit.checked import check as check_course

    checked = check_course(course_for(sessions_dir, groups), groups, translations=True)
    report = checked.report
    print_report(report)
    mention_group_files_here(sessions_dir, groups)
    if report.errors or (strict and report.warnings):
        sys.exit(1)
    count = len(checked.loaded.sessions) + checked.extra_sessions
    what = f"{count} session{'s' if count != 1 else ''}"
    if groups:
        what += f" and {len(groups)} group file{'s' if len(groups) != 1 else ''}"
    click.echo(f"Checked {what}: {clean_check(len(report.warnings))}")


def clean_check(warnings: int) -> str:
    """How every command says a check found no errors: the one wording the README shows."""
    if not warnings:
        return "no problems found."
    return f"no errors, {warnings} warning{'s' if warnings != 1 else ''} (above)."


@main.command(name="list")
@sessions_option
@group_option
@friendly_errors
def list_sessions(sessions_dir: Path | None, groups: tuple[Path, ...]) -> None:
    """List the sessions in course order; with --group, the group's schedule."""
    from toolkit.checked import check as check_course
    from toolkit.problems import InputError

    checked = check_course(course_for(sessions_dir, groups), groups)
    if checked.report.errors:
        raise InputError(checked.report)
    for index, (plan, group) in enumerate(zip(checked.plans, checked.groups, strict=True)):
        if group is not None:
            if index:
                click.echo()
            click.echo(f"{group.path.name}: {len(plan.sessions)} sessions")
        for line in session_lines(plan, grouped=group is not None):
            click.echo(line)
    click.echo("Under each title: its name, as a group file's sessions: and changes: take it.")


def session_lines(plan: Plan, *, grouped: bool) -> list[str]:
    """Two lines for each session: its place, date and time, minutes and title; then, below
    it, the plan's file name, which a group file uses. A group's sessions are counted
    in its own order, beside the course week each one is ("Session 2 · course week 4")."""
    dated = any(entry.meeting for entry in plan.sessions)
    widest = max(len(str(entry.session.week)) for entry in plan.sessions)
    lines = []
    for entry in plan.sessions:
        session = entry.session
        if grouped:
            columns = [f"Session {entry.week:>{len(str(len(plan.sessions)))}} · "
                       f"course week {session.week:<{widest}}"]
        else:
            columns = [f"Week {entry.week:>2}"]
        if dated:
            meeting = entry.meeting
            columns.append(f"{meeting.short_day() if meeting else '':<15}")
            start = entry.clock(0) or ""
            columns.append(f"{start:>8}")
        columns.append(f"{session.minutes:>3} min")
        lead = "  ".join(columns) + "  "
        # The name under the title, or (a group's longer lines) indented under the session,
        # so that the lines stay within 80 columns.
        indent = len(lead) if len(lead) <= NAME_UNDER_TITLE else 4
        lines += [lead + session.title, " " * indent + entry.slug]
    return lines


NAME_UNDER_TITLE = 24
"""A session's name goes under its title when the title starts within this many columns."""


@main.command(name="show")
@click.argument("session_name", metavar="SESSION")
@sessions_option
@group_option
@friendly_errors
def show(session_name: str, sessions_dir: Path | None, groups: tuple[Path, ...]) -> None:
    """Show one session's ids, as a group file's changes: takes them.

    SESSION is its name, as `toolkit list` shows it under the title. With --group, the
    session as that group runs it, with the group's changes made.
    """
    import difflib

    from toolkit.checked import check as check_course
    from toolkit.outline import outline
    from toolkit.plan import SessionEntry
    from toolkit.problems import InputError

    checked = check_course(course_for(sessions_dir, groups), groups)
    if checked.report.errors:
        raise InputError(checked.report)
    for index, (plan, group) in enumerate(zip(checked.plans, checked.groups, strict=True)):
        entries = {entry.slug: entry for entry in plan.sessions}
        if group is None:  # the course's optional sessions can be shown too
            for loaded in checked.loaded.sessions:
                entries.setdefault(loaded.slug, SessionEntry(loaded.session, loaded.slug,
                                                             loaded.path))
        entry = entries.get(session_name)
        if entry is None:
            week = re.fullmatch(r"(?:week)?[- ]?0*(\d{1,2})", session_name.strip().lower())
            close = [name for name, found in entries.items()
                     if week and found.session.week == int(week.group(1))] or \
                [name for name in entries if session_name in name][:3] or \
                difflib.get_close_matches(session_name, list(entries), n=3, cutoff=0.7)
            runs = f"{group.path.name} does not run a session" if group else \
                "the course has no session"
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            listing = f"toolkit list --group {group.path.name}" if group else "toolkit list"
            raise click.BadParameter(f"{runs} called '{session_name}'.{hint} "
                                     f"`{listing}` shows every name.",
                                     param_hint="SESSION")
        if index:
            click.echo()
        if group is not None:
            number = plan.sessions.index(entry) + 1
            place = f"{group.path.name}: session {number} of {len(plan.sessions)} · " \
                    f"course week {entry.session.week}"
        else:
            place = f"Course week {entry.session.week}"
        added = frozenset(item.id for item in plan.course.rating_items.values())
        course_minutes = None
        if group is not None:
            own = next((loaded.session for loaded in checked.loaded.sessions
                        if loaded.slug == entry.slug), None)
            course_minutes = {item.id: item.minutes for item in own.agenda} if own else None
        for line in outline(entry, place, added, course_minutes):
            click.echo(line)


@main.command(name="copy-course")
@click.argument("folder", type=click.Path(file_okay=False), callback=_named)
@friendly_errors
def copy_course(folder: Path) -> None:
    """Copy the course that comes with the toolkit into FOLDER, to edit as your own.

    FOLDER must be new or empty. Name it in a group file with `course: FOLDER`, or give
    --sessions FOLDER, and every command uses your copy.
    """
    from toolkit.assets import course_folder
    from toolkit.copycourse import copy_course as copy
    from toolkit.problems import display_path

    copied = copy(course_folder(), folder)
    click.echo(f"Copied the course ({copied} session plans) to {display_path(folder)}/. "
               "To use it, write in your group file:")
    click.echo(f"  course: {display_path(folder)}")
    click.echo("(counted from the group file's folder), or add "
               f"--sessions {display_path(folder)} to each command.")


@main.command(name="new-group")
@click.argument("name")
@click.option("--folder", type=click.Path(file_okay=False), callback=_named, default=".",
              show_default=True, help="Where to write the group file.")
@click.option("--language", default="en", show_default=True, metavar="TAG",
              help="The language of the file's notes, and of the group's materials (es: "
                   "Spanish).")
@friendly_errors
def new_group(name: str, folder: Path, language: str) -> None:
    """Write a commented group file NAME.yaml to fill in for one group.

    NAME is the group's name, e.g. "Tuesday Evening". An existing file is never overwritten.
    """
    from toolkit.i18n import LanguageError, base, parse_tag
    from toolkit.newgroup import TEMPLATES, write_group_file
    from toolkit.problems import display_path

    if not name.strip():
        raise click.UsageError('give the group a name, for example: toolkit new-group '
                               '"Tuesday Evening"')
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes the terminal sent that are not text (not UTF-8)
        raise click.UsageError(
            "the name holds characters that are not valid text: this terminal may not be set "
            "to UTF-8. Type the name with plain letters, or set the terminal to UTF-8, then try "
            "again.") from None
    if any(unicodedata.category(character) == "Cc" for character in name):
        raise click.UsageError("the name holds an invisible control character: type the name "
                               "again with letters, digits, spaces and punctuation only.")
    try:
        tag = parse_tag(language)
    except LanguageError as error:
        raise click.BadParameter(f"{error.message}. {error.hint}.",
                                 param_hint="--language") from None
    if base(tag) not in TEMPLATES:
        raise click.BadParameter(f"there is no group file in '{language}'; there is one in "
                                 f"{', '.join(sorted(TEMPLATES))}.", param_hint="--language")
    path = write_group_file(name, folder, tag)
    click.echo(f"Wrote {display_path(path)}. Open it in a text editor, fill in what you need, "
               f"then run:\n  toolkit check --group {display_path(path)}\n"
               f"  toolkit build --group {display_path(path)}")


@main.command()
@click.argument("kind", type=click.Choice(["session", "course"]), default="session")
def schema(kind: str) -> None:
    """Print the JSON Schema of a session plan (or of course.yaml), for editors."""
    import json

    from toolkit.model import Course, Session

    model = Session if kind == "session" else Course
    click.echo(json.dumps(model.model_json_schema(by_alias=True), indent=2))
