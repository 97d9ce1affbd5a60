"""A group file: one group's overlay on the shared course, read and validated.

Everything in a group file is optional. It names the group, its dates and times, which sessions
it runs and for how long, its own crisis lines, branding and paper, and any changes to the
curriculum addressed by id. This module only reads and validates it; ``toolkit.customize``
applies it to the course. Paths in a group file (logo, template, roster, extra sessions) are
relative to the group file's own folder.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from toolkit.files import Unreadable, exists, problem_with, read_limited, resolved
from toolkit.images import content_problem, size_problem
from toolkit.model import (
    IDENTIFIER,
    MAX_LIST,
    MAX_TEXT,
    CrisisResource,
    Identifier,
    Session,
    Text,
)
from toolkit.problems import Problem, Report
from toolkit.validate import validate
from toolkit.yamlfile import Document, read_yaml

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_COLOUR = re.compile(r"^#?[0-9a-fA-F]{6}$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


FIRST_YEAR, LAST_YEAR = 2000, 2199
"""Dates a group can meet on: far wider than any real schedule, and far enough from the
calendar's end (9999) that counting weeks on from them never runs off it."""


def _date(value: Any) -> Any:
    """YAML dates arrive as text (the loader keeps every scalar as written): parse ISO dates."""
    if isinstance(value, str):
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"'{value.strip()[:20]}' is not a date: write it as year-month-day, for example "
                "2027-01-12") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(
                f"{day.isoformat()} is not a date a group can meet on: write a date between "
                f"{FIRST_YEAR} and {LAST_YEAR}, year-month-day, for example 2027-01-12")
        return day
    return value


def _not_empty(message: str, advice: str) -> Any:
    """A validator for a list that may be left out but never written empty: an empty list
    would silently take away something every group needs."""

    def check(value: Any) -> Any:
        if isinstance(value, (list, tuple)) and not value:
            raise ValueError(f"{message}: write {advice}")
        return value

    return BeforeValidator(check)


def _change_or_remove(value: Any) -> Any:
    """A change is the fields to change, or the word ``remove``: said once, in words, instead
    of pydantic's report on each half of the union."""
    if isinstance(value, dict) or value == "remove":
        return value
    raise ValueError("this change must be the fields to change or the word remove: write the "
                     "fields indented under it, one 'key: value' per line, or write remove")


def _time(value: Any) -> Any:
    """``18:30``, ``6:30 pm``, ``6.30pm``: a start time however a facilitator writes it."""
    if isinstance(value, str):
        match = _TIME.match(value.strip())
        if match:
            hour, minute = int(match.group(1)), int(match.group(2))
            half = (match.group(3) or "").lower().replace(".", "")
            if half and 1 <= hour <= 12:
                hour = hour % 12 + (12 if half == "pm" else 0)
            elif half:
                hour = 99
            if hour < 24 and minute < 60:
                return datetime.time(hour, minute)
        raise ValueError(
            f"'{value.strip()[:20]}' is not a time of day: write it like \"18:30\" or "
            "\"6:30 pm\" (in quotes)")
    return value


def _colour(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not _COLOUR.match(text):
            raise ValueError(f"'{text[:20]}' is not a colour: write six hex digits in quotes, "
                             "for example \"#1F5C63\"")
        return text.lstrip("#").upper()
    return value


def _weekday(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        match = [day for day in WEEKDAYS if day.startswith(text[:3])] if len(text) >= 3 else []
        if len(match) != 1:
            raise ValueError(f"'{value.strip()[:20]}' is not a day of the week: write it in "
                             "full, for example Tuesday")
        return match[0]
    return value


Date = Annotated[datetime.date, BeforeValidator(_date)]
Time = Annotated[datetime.time, BeforeValidator(_time)]
Colour = Annotated[str, BeforeValidator(_colour)]
Weekday = Annotated[str, BeforeValidator(_weekday)]
FilePath = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
PlaceholderName = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
Remove = Literal["remove"]
MAX_PLACEHOLDERS = 100
"""A group's own placeholders: a room, a break time... never more than a few dozen."""
Change = Annotated[dict[str, Any] | Remove, BeforeValidator(_change_or_remove)]
"""What a group file says about one part of a session: the fields to change, or remove."""


class Strict(BaseModel):
    """Frozen, unknown keys rejected, input never echoed (group files hold names)."""

    # Built on first use: a check or build without a group file never pays for it.
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True,
                              populate_by_name=True, defer_build=True)


class Schedule(Strict):
    """When the group meets. Without ``first_date`` the materials carry no dates."""

    first_date: Date | None = Field(default=None, description="The first session's date.")
    weekday: Weekday | None = Field(
        default=None, description="The day the group meets; checked against first_date.")
    start_time: Time | None = Field(default=None, description="e.g. \"18:30\" or \"6:30 pm\".")
    skip: tuple[Date, ...] = Field(default=(), max_length=104,
                                   description="Dates with no session (holidays).")
    weeks_apart: int = Field(default=1, ge=1, le=4, description="1 weekly, 2 fortnightly.")
    clock: Literal["24-hour", "12-hour"] = "24-hour"


class Branding(Strict):
    """The group's colours, logo and slide template."""

    primary: Colour | None = None
    accent: Colour | None = None
    logo: FilePath | None = None
    template: FilePath | None = None


class Print(Strict):
    """Paper and type size for every PDF."""

    paper: Literal["letter", "a4"] = "letter"
    large_print: bool = False


class Changes(Strict):
    """Changes to one session, every one addressed by an id the session already has."""

    minutes: int | None = Field(default=None, ge=10, le=480,
                                description="This session's length, for this group only.")
    title: Text | None = None
    summary: Text | None = None
    goals: tuple[Text, ...] | None = Field(default=None, max_length=MAX_LIST)
    materials: tuple[Text, ...] | None = Field(default=None, max_length=MAX_LIST)
    preparation: tuple[Text, ...] | None = Field(default=None, max_length=MAX_LIST)
    safety: tuple[Text, ...] | None = Field(default=None, max_length=MAX_LIST)
    homework: Change | None = None
    agenda: dict[str, Change] = Field(
        default_factory=dict, description="Agenda item id: the fields to change, or remove.")
    add_agenda: tuple[dict[str, Any], ...] = Field(
        default=(), max_length=20,
        description="New agenda items, each with 'after:' or 'before:' an id.")
    slides: dict[str, Change] = Field(
        default_factory=dict, description="'item-id/slide-id': a new slide, or remove.")
    worksheet_items: dict[str, Change] = Field(
        default_factory=dict, description="'worksheet-id/item-id': a new item, or remove.")


class GroupFile(Strict):
    """The whole group file."""

    name: Text | None = Field(default=None, description="The group's name.")
    facilitators: tuple[Text, ...] = Field(default=(), max_length=12)
    location: Text | None = None
    contact: Text | None = Field(default=None, description="How members reach you between "
                                 "sessions.")
    schedule: Schedule = Field(default_factory=Schedule)
    sessions: Annotated[tuple[Identifier, ...] | None, _not_empty(
        "'sessions' is empty, so nothing would be built", "the sessions this group runs, one "
        "per line starting with '- ', or remove 'sessions:' to run the whole course")] = Field(
        default=None, description="Which sessions, in which order (file names without .yaml).")
    minutes: int | None = Field(default=None, ge=10, le=480,
                                description="Every session's length for this group.")
    extra_sessions: tuple[FilePath, ...] = Field(
        default=(), max_length=20,
        description="The group's own session plans, relative to this file.")
    emergency: Text | None = None
    crisis_resources: Annotated[tuple[CrisisResource, ...] | None, _not_empty(
        "'crisis_resources' is empty, so members' pages would carry no crisis line",
        "at least one crisis line you have confirmed for your area, or remove "
        "'crisis_resources:' to keep the course's lines")] = Field(default=None, max_length=20)
    crisis_note: Text | None = None
    branding: Branding = Field(default_factory=Branding)
    print: Print = Field(default_factory=Print)
    roster: FilePath | None = Field(
        default=None, description="A text file outside the repo, one first name per line.")
    register_rows: int = Field(default=12, ge=1, le=40,
                               description="Blank rows in the register without a roster.")
    placeholders: dict[PlaceholderName, Annotated[str, StringConstraints(
        strip_whitespace=True, max_length=MAX_TEXT)]] = Field(default_factory=dict,
                                                              max_length=MAX_PLACEHOLDERS)
    changes: dict[Identifier, Changes] = Field(default_factory=dict)


@dataclass(frozen=True)
class ExtraSession:
    """A session plan from the group's own folder."""

    slug: str
    path: Path
    document: Document
    session: Session
    index: int
    """Its place in ``extra_sessions``, for messages."""


@dataclass
class LoadedGroup:
    """A group file as read, with its document for error positions."""

    path: Path
    document: Document | None = None
    group: GroupFile | None = None
    extras: list[ExtraSession] = field(default_factory=list)
    roster: tuple[str, ...] = ()
    report: Report = field(default_factory=Report)

    @property
    def folder(self) -> Path:
        return resolved(self.path.parent)


MAX_ROSTER = 60
MAX_ROSTER_BYTES = 64 * 1024


def load_group(path: Path) -> LoadedGroup:
    """Read and validate a group file and the files it names; collect every problem."""
    loaded = LoadedGroup(path=path)
    if not exists(path):
        loaded.report.add(Problem(
            path, None, "no group file here",
            "Create it with `toolkit new-group \"Group name\"`, or check the path."))
        return loaded
    document, problems = read_yaml(path)
    loaded.report.extend(problems)
    if document is None:
        return loaded
    loaded.document = document
    if document.data is None:
        document.data = {}
    group, problems = validate(document, GroupFile)
    loaded.report.extend(problems)
    loaded.group = group
    # The files a group file names are checked even when another line of it has a mistake,
    # so one run reports everything.
    paths = _written_paths(document.data)
    _load_extras(loaded, document, paths.get("extra_sessions", []))
    roster = paths.get("roster")
    if roster:
        loaded.roster = _read_roster(loaded, document, roster[0])
    for name in ("logo", "template"):
        value = paths.get(name)
        if value:
            problem = asset_problem(loaded.folder, value[0], name)
            if problem:
                loaded.report.add(document.problem(("branding", name), *problem))
            elif name == "template":  # what its decks are made without (macros, links)
                from toolkit.render.deck.base import template_warnings

                for message, hint in template_warnings(resolve_path(loaded.folder, value[0])):
                    loaded.report.add(document.problem(("branding", name), message, hint,
                                                       severity="warning"))
    return loaded


def _written_paths(data: object) -> dict[str, list[str]]:
    """The file names a group file's text holds (extra sessions, roster, logo, template),
    read from the text itself so they can be checked whatever else is wrong."""
    if not isinstance(data, dict):
        return {}
    raw_branding = data.get("branding")
    branding: dict[str, object] = raw_branding if isinstance(raw_branding, dict) else {}
    found: dict[str, list[str]] = {}
    extras = data.get("extra_sessions")
    if isinstance(extras, list):
        found["extra_sessions"] = [name.strip() if isinstance(name, str) else "" for name in
                                   extras]
    for key, value in (("roster", data.get("roster")), ("logo", branding.get("logo")),
                       ("template", branding.get("template"))):
        if isinstance(value, str) and value.strip():
            found[key] = [value.strip()]
    return found


def resolve_path(folder: Path, name: str) -> Path:
    """A path written in a group file, counted from the group file's folder (``~`` is the home
    folder, where there is one)."""
    written = Path(name)
    with contextlib.suppress(RuntimeError):  # no home folder to be found: ~ stays as written
        written = written.expanduser()
    return resolved(folder / written)


ASSET_TYPES = {"logo": {".png", ".jpg", ".jpeg"}, "template": {".pptx", ".potx"}}


def asset_problem(folder: Path, name: str, kind: str) -> tuple[str, str] | None:
    """What is wrong with a logo or template path (message, hint), or None."""
    path = resolve_path(folder, name)
    if not path.is_relative_to(folder):
        return (f"the {kind} must be in the group file's folder or below it",
                f"Copy it next to the group file (into {folder.name}/) and write its name.")
    unreadable = problem_with(path)
    if unreadable is not None and unreadable.reason == "missing":
        return (f"the {kind} file '{Path(name).name[:60]}' does not exist",
                f"Check the spelling; the path is counted from {folder.name}/.")
    if unreadable is not None:
        return unreadable.describe(f"the {kind} file '{Path(name).name[:60]}'"), unreadable.hint
    if path.suffix.lower() not in ASSET_TYPES[kind]:
        wanted = "PNG or JPEG" if kind == "logo" else "a PowerPoint .pptx file"
        return (f"a {kind} must be {wanted}, not '{path.suffix or 'no extension'}'",
                f"Save it as {wanted}.")
    smaller = ("a logo needs no more than 1000 pixels across" if kind == "logo"
               else "with smaller pictures on its slide masters")
    problem = size_problem(path, f"the {kind} file",
                           "Save it again from the program that made it.",
                           f"Save a smaller copy ({smaller}).")
    if problem is not None:
        return problem
    if kind == "logo":
        return content_problem(path)
    return template_problem(path)


def template_problem(path: Path) -> tuple[str, str] | None:
    """What keeps a slide template from being built on (message, hint), or None. It is read,
    cleaned and tried exactly as a build uses it (``toolkit.render.deck.base``), so a template that
    passes the check builds."""
    from toolkit.ooxml import TemplateError
    from toolkit.render.deck.base import prepare

    try:
        prepare(path)
    except TemplateError as error:
        return error.message, error.hint
    return None


def _load_extras(loaded: LoadedGroup, document: Document, names: list[str]) -> None:
    for index, name in enumerate(names):
        if not name or len(name) > 500:
            continue  # validation has said what is wrong with it
        path = resolve_path(loaded.folder, name)
        location = ("extra_sessions", index)
        if not path.is_relative_to(loaded.folder):
            loaded.report.add(document.problem(
                location, "an extra session must be in the group file's folder or below it",
                f"Copy the plan next to the group file (into {loaded.folder.name}/) and write "
                "its name."))
            continue
        if path.suffix.lower() not in (".yaml", ".yml"):
            loaded.report.add(document.problem(
                location, "an extra session must be a .yaml plan",
                "Name a session plan written like the ones in sessions/."))
            continue
        if not re.fullmatch(IDENTIFIER, path.stem):
            loaded.report.add(document.problem(
                location, f"the plan's file name '{path.name[:60]}' names its session's folder, "
                "so it may hold only lower-case letters, digits and hyphens",
                f"Rename the file, for example to {slugify(path.stem)[:40] or 'reunion'}.yaml, "
                "and write the new name here."))
            continue
        if not exists(path):
            loaded.report.add(document.problem(
                location, f"no session plan '{Path(name).name[:60]}' here",
                f"Check the spelling; the path is counted from {loaded.folder.name}/."))
            continue
        extra_document, problems = read_yaml(path)
        loaded.report.extend(problems)
        if extra_document is None:
            continue
        session, problems = validate(extra_document, Session)
        loaded.report.extend(problems)
        if session is not None:
            loaded.extras.append(ExtraSession(path.stem, path, extra_document, session, index))


def _read_roster(loaded: LoadedGroup, document: Document, name: str) -> tuple[str, ...]:
    """One name per line; blank lines and lines starting with # are skipped. Names are never
    put into a message: problems say which line, not what it holds."""
    path = resolve_path(loaded.folder, name)
    location = ("roster",)
    try:
        raw = read_limited(path, MAX_ROSTER_BYTES)
    except Unreadable as error:
        loaded.report.add(document.problem(location, *_roster_problem(error)))
        return ()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        loaded.report.add(document.problem(
            location, "the roster file is not plain text (UTF-8)",
            "Save it as plain text (UTF-8), one first name or initials per line."))
        return ()
    names: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = " ".join(line.split())
        if not entry or entry.startswith("#"):
            continue
        if len(entry) > 40:
            loaded.report.add(Problem(
                path, None, f"line {number} of the roster is longer than 40 characters",
                "Write one first name or initials per line."))
            continue
        names.append(entry)
    if len(names) > MAX_ROSTER:
        loaded.report.add(document.problem(
            location, f"the roster has more than {MAX_ROSTER} names",
            "A roster is one group's members, one per line."))
        return ()
    return tuple(names)


def _roster_problem(error: Unreadable) -> tuple[str, str]:
    """What is wrong with the roster file, without a word of what it holds."""
    plain = "A roster is a plain text file with one first name or initials per line."
    if error.reason == "missing":
        return ("the roster file does not exist",
                "Check the path; it is counted from the group file's folder (~ means your home "
                "folder).")
    if error.reason == "folder":
        return ("the roster is a folder, not a file",
                "Name the roster file itself, for example ~/private/tuesday-roster.txt. " + plain)
    if error.reason == "too_large":
        return f"the roster file is larger than {MAX_ROSTER_BYTES // 1024} KB", plain
    if error.reason == "special":
        return error.describe("the roster"), "Name a file you saved yourself. " + plain
    return error.describe("the roster file"), error.hint


def group_slug(loaded: LoadedGroup) -> str:
    """The output folder's name: the group's name (or the file's), made safe for any disk."""
    name = (loaded.group.name if loaded.group and loaded.group.name else loaded.path.stem)
    return slugify(name)


_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
             *(f"lpt{n}" for n in range(10)), "default"}
MAX_SLUG = 60


def slugify(text: str) -> str:
    """A folder or file name for ``text`` that every common file system accepts and that keeps
    different names apart: lower-case letters, digits and hyphens, at most 60 characters.

    Latin letters lose their accents (``Café`` is ``cafe``, as before); letters of other
    scripts are kept as they are (``Группа`` stays ``группа``, ``火曜日`` stays ``火曜日``), so
    two groups named in Greek, Cyrillic or Japanese never share a folder. A name with no
    letters or digits at all (only emoji, say) is ``group-`` and a short hash of itself. Never a
    name Windows reserves, and never ``default``, the folder of the course without a group."""
    import hashlib
    import unicodedata

    name = unicodedata.normalize("NFC", text)
    kept = []
    for character in name:
        if character.isascii():
            kept.append(character.lower() if character.isalnum() else "-")
            continue
        plain = "".join(part for part in unicodedata.normalize("NFKD", character)
                        if not unicodedata.combining(part))
        if plain and plain.isascii():
            kept.append(plain.lower() if plain.isalnum() else "-")
        elif unicodedata.category(character)[0] in "LNM":
            kept.append(character.lower())
        else:
            kept.append("-")
    slug = re.sub(r"-+", "-", "".join(kept)).strip("-")[:MAX_SLUG].strip("-")
    if not slug:
        slug = "group-" + hashlib.sha256(name.strip().encode("utf-8", "surrogatepass")
                                         ).hexdigest()[:8]
    if slug in _RESERVED:
        slug += "-group"
    return unicodedata.normalize("NFC", slug)
