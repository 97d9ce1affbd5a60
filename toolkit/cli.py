"""The ``toolkit`` command: parse options, call one function, print what happened.

Exit status: 0 success (warnings allowed), 1 the input has errors to fix, 2 wrong usage,
3 a fault inside the toolkit itself. The workers are imported inside each command so that
``toolkit --help`` stays instant.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from toolkit.problems import Report

ISSUES_URL = "the project's issue tracker"
F = TypeVar("F", bound=Callable[..., Any])

sessions_option = click.option(
    "--sessions", "sessions_dir", type=click.Path(path_type=Path, file_okay=False),
    default=Path("sessions"), show_default=True,
    help="The course folder: course.yaml and the session plans.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="interdependence-toolkit", prog_name="toolkit")
@click.option("--debug", is_flag=True, help="Show the full traceback if the toolkit fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compile the course's session plans into slide decks, facilitator notes and worksheets.

    Run `toolkit build` in the toolkit's folder to build the default course into output/.
    """
    ctx.obj = {"debug": debug}


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
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
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


@main.command()
@sessions_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("output"), show_default=True, help="Where the materials go.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@friendly_errors
def build(sessions_dir: Path, out_dir: Path, strict: bool) -> None:
    """Build every session's slides, facilitator notes and worksheets."""
    from toolkit.build import build as build_course
    from toolkit.problems import display_path

    result = build_course(sessions_dir, out_dir, strict=strict)
    print_report(result.report)
    sessions = len({path.parent for path in result.files} - {result.folder})
    click.echo(
        f"Built {sessions} session{'s' if sessions != 1 else ''} into "
        f"{display_path(result.folder)}/ ({len(result.files)} files, {len(result.changed)} "
        "changed)."
    )


@main.command()
@sessions_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
@friendly_errors
def check(sessions_dir: Path, strict: bool) -> None:
    """Check every plan for mistakes; write nothing."""
    from toolkit.build import check as check_course

    loaded, report = check_course(sessions_dir)
    print_report(report)
    if report.errors or (strict and report.warnings):
        sys.exit(1)
    count = len(loaded.sessions)
    click.echo(f"Checked {count} session{'s' if count != 1 else ''}: "
               + ("no problems found." if not report.problems else "no errors."))


@main.command(name="list")
@sessions_option
@friendly_errors
def list_sessions(sessions_dir: Path) -> None:
    """List the sessions in course order: week, title and minutes."""
    from toolkit.build import check as check_course
    from toolkit.problems import InputError

    loaded, report = check_course(sessions_dir)
    if report.errors:
        raise InputError(report)
    for entry in loaded.sessions:
        session = entry.session
        click.echo(f"Week {session.week:>2}  {session.minutes:>3} min  {session.title}")


@main.command()
@click.argument("kind", type=click.Choice(["session", "course"]), default="session")
def schema(kind: str) -> None:
    """Print the JSON Schema of a session plan (or of course.yaml), for editors."""
    import json

    from toolkit.model import Course, Session

    model = Session if kind == "session" else Course
    click.echo(json.dumps(model.model_json_schema(by_alias=True), indent=2))
