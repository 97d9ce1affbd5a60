"""What a group file may say: the typed, frozen models a group file is validated into, and the
validators that read dates, times, colours and weekdays however a facilitator writes them.

Everything is optional. A group file names the group, its dates and times, which sessions it
runs and for how long, its own crisis lines, branding and paper, and changes to the curriculum
addressed by id. ``toolkit.groupfile`` reads a file into these; ``toolkit.customize`` applies it.
"""


from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from toolkit.model import (
    MAX_LIST,
    MAX_TEXT,
    CrisisResource,
    Identifier,
    LanguageTag,
    Text,
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_COLOUR = re.compile(r"^#?[0-9a-fA-F]{6}$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(?:([ap])\.?\s*m\.?)?$", re.IGNORECASE)
"""``18:30``, ``6:30 pm``, ``6.30pm``, ``6:30 p.m.``, ``6:30 p. m.`` (as Spanish prints it)."""


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
                f"'{value.strip()[:20]}' is not a date: write it "
                f"{_iso_readings(value.strip())}") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(
                f"{day.isoformat()} is not a date a group can meet on: write a date between "
                f"{FIRST_YEAR} and {LAST_YEAR}, year-month-day, for example 2027-01-12")
        return day
    return value


_OTHER_ORDER = re.compile(r"(\d{1,4})[/.\- ](\d{1,2})[/.\- ](\d{1,4})")


def _iso_readings(text: str) -> str:
    """How to write ``text`` as a date: year-month-day for each way it can be read
    (12/01/2027 is 12 January in most of the world and December 1 in the United States), or
    an example."""
    match = _OTHER_ORDER.fullmatch(text)
    readings: list[datetime.date] = []
    if match:
        first, middle, last = (int(part) for part in match.groups())
        if len(match.group(1)) == 4:  # 2027/01/12: year first, in another separator
            orders = [(first, middle, last)]
        else:
            year = last + 2000 if len(match.group(3)) == 2 else last
            orders = [(year, middle, first), (year, first, middle)]  # day first, month first
        for year, month, day in orders:
            try:
                reading = datetime.date(year, month, day)
            except ValueError:
                continue
            if reading not in readings:
                readings.append(reading)
    if len(readings) == 2:
        one, other = readings
        return (f"as year-month-day: {one.isoformat()} if you mean {one.day} {one:%B} "
                f"{one.year}, or {other.isoformat()} if you mean {other.day} {other:%B} "
                f"{other.year}")
    if readings:
        return f"as year-month-day: {readings[0].isoformat()}"
    return "as year-month-day, for example 2027-01-12"


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
            half = (match.group(3) or "").lower()
            if half and 1 <= hour <= 12:
                hour = hour % 12 + (12 if half == "p" else 0)
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
        if len(match) != 1 and _plain(text) in _day_names():
            match = [_day_names()[_plain(text)]]
        if len(match) != 1:
            raise ValueError(f"'{value.strip()[:20]}' is not a day of the week: write it in "
                             "full, for example Tuesday")
        return match[0]
    return value


@cache
def _day_names() -> dict[str, str]:
    """Every day's full name in each language the toolkit has words for (``jueves``,
    ``miercoles``: accents optional), to its English name: a facilitator writes the day in
    their own language."""
    from babel.dates import get_day_names

    from toolkit.i18n import available

    return {_plain(name): WEEKDAYS[index] for tag in available()
            for index, name in get_day_names("wide", locale=tag).items()}


def _plain(text: str) -> str:
    """``miercoles`` for ``Miércoles``: lower case, without accents."""
    return "".join(char for char in unicodedata.normalize("NFD", text.strip().lower())
                   if not unicodedata.combining(char))


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
    large_print: bool = Field(default=False, description="Large print on everything members "
                              "read: worksheets, handouts, the workbook.")
    large_print_for_facilitators: bool = Field(
        default=False, description="Large print on the facilitator notes, guide and register "
                                   "too.")


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
    records: Text | None = Field(
        default=None, description="What records you keep about the group and for how long, "
                                  "for members to read ({records} in the course's text).")
    schedule: Schedule = Field(default_factory=Schedule)
    sessions: Annotated[tuple[Identifier, ...] | None, _not_empty(
        "'sessions' is empty, so nothing would be built", "the sessions this group runs, one "
        "per line starting with '- ', or remove 'sessions:' to run the whole course")] = Field(
        default=None, description="Which sessions, in which order (file names without .yaml).")
    minutes: int | None = Field(default=None, ge=10, le=480,
                                description="Every session's length for this group.")
    language: LanguageTag | None = Field(
        default=None, description="The language of the materials (a BCP 47 tag: en, es, "
                                  "pt-PT): the course's translation in it, and the toolkit's "
                                  "own words, dates and times.")
    course: FilePath | None = Field(
        default=None, description="Another course folder (one holding course.yaml), relative "
                                  "to this file; --sessions wins over it.")
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
