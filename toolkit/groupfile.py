"""A group file: one group's overlay on the shared course, read and validated.

This module reads a group file into its model (``toolkit.group_model``) and checks the files it
names: extra session plans, the roster, the logo and the slide template; it also makes the
group's folder name. ``toolkit.customize`` applies the group to the course. Paths in a group
file (logo, template, roster, extra sessions) are relative to the group file's own folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.files import (
    Unreadable,
    exists,
    problem_with,
    read_limited,
    resolve_path,
    resolved,
)
from toolkit.glyphs import missing as missing_glyphs
from toolkit.glyphs import visible
from toolkit.group_model import GroupFile
from toolkit.images import content_problem, size_problem
from toolkit.model import (
    IDENTIFIER,
    Session,
)
from toolkit.nearby import looked_for
from toolkit.problems import Mark, Problem, Report
from toolkit.validate import validate
from toolkit.yamlfile import Document, read_yaml


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
            f"{looked_for(path)} Check the name, or create one with "
            "`toolkit new-group \"Group name\"`."))
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


ASSET_TYPES = {"logo": {".png", ".jpg", ".jpeg"}, "template": {".pptx", ".potx"}}


def asset_problem(folder: Path, name: str, kind: str) -> tuple[str, str] | None:
    """What is wrong with a logo or template path (message, hint), or None."""
    path = resolve_path(folder, name)
    if not path.is_relative_to(folder):
        return (f"the {kind} must be in the group file's folder or below it",
                f"Copy it next to the group file (into {folder.name}/) and write its name.")
    unreadable = problem_with(path)
    if unreadable is not None and unreadable.reason == "missing":
        return (f"the {kind} file '{name[:80]}' does not exist",
                f"{looked_for(path)} The path is counted from the group file's folder.")
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
                location, f"the session plan '{name[:80]}' does not exist",
                f"{looked_for(path)} The path is counted from the group file's folder."))
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
        loaded.report.add(document.problem(location, *_roster_problem(error, name)))
        return ()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        loaded.report.add(document.problem(
            location, "the roster file is not plain text (UTF-8)",
            "Save it as plain text (UTF-8), one first name or initials per line."))
        return ()
    names: list[str] = []
    blank: list[int] = []
    first_line: dict[str, int] = {}
    repeated: list[tuple[int, int]] = []
    unprintable: list[tuple[int, list[str]]] = []
    lines = text.splitlines()
    last_written = max((number for number, line in enumerate(lines, start=1) if line.strip()),
                       default=0)
    for number, line in enumerate(lines, start=1):
        entry = " ".join(line.split())
        if not entry:
            if number < last_written:  # blank lines at the very end are how files end
                blank.append(number)
            continue
        if entry.startswith("#"):
            continue
        if len(entry) > 40:
            loaded.report.add(Problem(
                path, Mark(number, 1), f"line {number} of the roster is longer than 40 "
                "characters", "Write one first name or initials per line."))
            continue
        folded = entry.casefold()
        if folded in first_line:
            repeated.append((first_line[folded], number))
        else:
            first_line[folded] = number
        if missing_glyphs(entry) or not visible(entry):
            unprintable.append((number, missing_glyphs(entry)))
        names.append(entry)
    loaded.report.extend(_roster_warnings(path, blank, repeated, unprintable))
    if len(names) > MAX_ROSTER:
        loaded.report.add(document.problem(
            location, f"the roster has more than {MAX_ROSTER} names",
            "A roster is one group's members, one per line."))
        return ()
    return tuple(names)


def _roster_warnings(path: Path, blank: list[int], repeated: list[tuple[int, int]],
                     unprintable: list[tuple[int, list[str]]]) -> list[Problem]:
    """Roster lines that would not print as the facilitator expects, by line number only:
    a name is never put into a message."""
    warnings: list[Problem] = []
    if blank:
        warnings.append(Problem(
            path, Mark(blank[0], 1), f"{_lines(blank)} of the roster {_is(blank)} blank, so "
            f"{_it(blank)} {_is(blank, 'gives', 'give')} no workbook and no row in the register",
            "Write a name there, or delete the blank line. (Lines starting with # are notes "
            "and are skipped without a word.)", "warning"))
    for first, again in repeated:
        warnings.append(Problem(
            path, Mark(again, 1), f"line {again} of the roster holds the same name as line "
            f"{first}", "Tell them apart (add an initial, say), or delete one: each line is one "
            "member's workbook and register row.", "warning"))
    for number, characters in unprintable:
        shown = ", ".join(f"U+{ord(character):04X}" for character in characters[:4])
        what = (f"characters the printed materials have no letter shapes for ({shown})"
                if characters else "only characters that print as nothing")
        warnings.append(Problem(
            path, Mark(number, 1), f"line {number} of the roster holds {what}: they would be "
            "left out of the workbook and the register", "Write the name with letters the "
            "PDFs can show (Latin, Greek, Cyrillic, Vietnamese), without emoji.", "warning"))
    return warnings


def _lines(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    return "lines " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _is(numbers: list[int], one: str = "is", several: str = "are") -> str:
    return one if len(numbers) == 1 else several


def _it(numbers: list[int]) -> str:
    return "it" if len(numbers) == 1 else "they"


def _roster_problem(error: Unreadable, name: str) -> tuple[str, str]:
    """What is wrong with the roster file, without a word of what it holds."""
    plain = "A roster is a plain text file with one first name or initials per line."
    if error.reason == "missing":
        return (f"the roster file '{name[:80]}' does not exist",
                f"{looked_for(error.path)} The path is counted from the group file's folder "
                "(~ means your home folder).")
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
