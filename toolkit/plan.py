"""The resolved plan: everything a renderer needs, and nothing it must look up elsewhere.

The customize stage turns the validated course and an optional group file into one ``Plan``.
Renderers receive a ``Plan`` and one ``SessionEntry`` and return the bytes of a file; they never
read YAML, never look at the command line and never write to disk. Placeholders are already
filled in, sessions already selected, ordered and fitted to the group's length, and every date
and clock time already worked out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from toolkit import i18n
from toolkit.files import resolved
from toolkit.i18n import ENGLISH, Language, _
from toolkit.model import Course, Image, RatingPoint, Session
from toolkit.theme import COLOURS, Colours

Paper = Literal["letter", "a4"]
Clock = Literal["24-hour", "12-hour"]




@dataclass(frozen=True)
class PrintSettings:
    """How the PDFs are laid out on paper."""

    paper: Paper = "letter"
    large_print: bool = False
    """Large print on everything members read."""
    large_print_for_facilitators: bool = False
    """Large print on the facilitators' notes, guide and register too."""
    landscape: bool = False
    """Sideways pages (the attendance register)."""


@dataclass(frozen=True)
class Branding:
    """The group's look: colours for every output, a logo, and a deck template."""

    colours: Colours = COLOURS
    logo: Path | None = None
    """A PNG or JPEG shown on title slides and on the PDFs' first pages."""
    template: Path | None = None
    """A .pptx whose slide masters and layouts the decks are built on."""


@dataclass(frozen=True)
class Group:
    """Who the materials are for. Empty for the default course."""

    name: str | None = None
    facilitators: tuple[str, ...] = ()
    location: str | None = None
    contact: str | None = None
    """A line telling members how to reach the facilitators between sessions."""
    records: str | None = None
    """What records the facilitators keep and for how long, as members read it."""


@dataclass(frozen=True)
class Meeting:
    """When one session meets: its date and, when the group has one, its start time."""

    date: datetime.date | None
    """None when the group gave a start time but no first date."""
    start: datetime.time | None = None
    clock: Clock = "24-hour"

    def day(self) -> str:
        """The date written out, e.g. ``Tuesday 12 January 2027`` (no locale surprises)."""
        return long_date(self.date) if self.date else ""

    def short_day(self) -> str:
        """A compact date for tables and footers, e.g. ``Tue 12 Jan 2027``."""
        return i18n.short_date(self.date) if self.date else ""

    def time_at(self, offset_minutes: int) -> str | None:
        """The clock time ``offset_minutes`` after the start, or None without a start time."""
        if self.start is None:
            return None
        moment = datetime.datetime.combine(self.date or datetime.date(2000, 1, 3), self.start)
        return format_time((moment + datetime.timedelta(minutes=offset_minutes)).time(),
                           self.clock)


def long_date(day: datetime.date) -> str:
    """``Tuesday 12 January 2027`` (in the language being drawn in: ``toolkit.i18n``)."""
    return i18n.long_date(day)


def format_time(moment: datetime.time, clock: Clock) -> str:
    """``18:30`` on a 24-hour clock, ``6:30 pm`` on a 12-hour one (in the language being drawn
    in)."""
    return i18n.clock_time(moment, clock)


@dataclass(frozen=True)
class SessionEntry:
    """One session as it takes part in a build: the plan plus where and when it happens."""

    session: Session
    slug: str
    """The plan's file name without ``.yaml``, e.g. ``week-01-strong-but-at-what-cost``."""
    source: Path
    """The plan file, for messages."""
    number: int = 0
    """Its place in this group's course, from 1; 0 means "use the plan's own week"."""
    meeting: Meeting | None = None
    root: Path | None = None
    """The folder the plan's image paths start from (the course folder, or the group's)."""

    @property
    def week(self) -> int:
        """The week number shown on every output: the session's place in this course."""
        return self.number or self.session.week

    @property
    def label(self) -> str:
        """A short label such as ``Week 1``."""
        return _("Week {week}").format(week=self.week)

    @property
    def when(self) -> str | None:
        """``Tuesday 12 January 2027, 18:30–20:00``, or None for a course with no dates."""
        if self.meeting is None:
            return None
        start, end = self.meeting.time_at(0), self.meeting.time_at(self.session.minutes)
        times = f"{start}–{end}" if start and end else ""
        return ", ".join(part for part in (self.meeting.day(), times) if part)

    def clock(self, offset_minutes: int) -> str | None:
        """The clock time of a moment in the session, or None without a start time."""
        return self.meeting.time_at(offset_minutes) if self.meeting else None

    def image_path(self, image: Image) -> Path:
        """Where an image of this plan lives on disk (already checked to exist)."""
        if self.root is None:
            raise ValueError(f"no image folder for {self.slug}")
        return resolved(self.root / image.file)


@dataclass(frozen=True)
class Plan:
    """One resolved course, ready to render."""

    course: Course
    sessions: tuple[SessionEntry, ...]
    root: Path
    """The course folder (``sessions/``)."""
    group_slug: str = "default"
    """Name of the output folder for this build."""
    print: PrintSettings = field(default_factory=PrintSettings)
    document_date: str = "2026-01-01"
    """Fixed date stored in document metadata, so two builds are byte-identical."""
    group: Group = field(default_factory=Group)
    branding: Branding = field(default_factory=Branding)
    roster: tuple[str, ...] = ()
    """Members' first names or initials, for named workbooks. Never logged."""
    register_rows: int = 12
    """Blank rows in the attendance register when there is no roster."""
    language: Language = ENGLISH
    """The language of the materials: the course's text (a translation when the group asked
    for one) and the toolkit's own words, dates and times."""

    @property
    def colours(self) -> Colours:
        """The palette every renderer draws with."""
        return self.branding.colours

    @property
    def header(self) -> str:
        """What running headers name: the group if there is one, else the course."""
        return self.group.name or self.course.title

    def for_facilitators(self) -> Plan:
        """This plan as the facilitators' materials print it: in large print only when the
        group asks for it there too."""
        return replace(self, print=replace(
            self.print, large_print=self.print.large_print_for_facilitators))

    def rating_point(self, entry: SessionEntry) -> RatingPoint | None:
        """Whether members fill in their self-rating in this session: at the first, around
        the middle (week 4 of 8) and at the last, whatever order the group runs."""
        slugs = [session.slug for session in self.sessions]
        if entry.slug not in slugs:
            return None
        return rating_point_at(slugs.index(entry.slug), len(slugs))


def rating_point_at(index: int, count: int) -> RatingPoint | None:
    """Whether the session at ``index`` (from 0) of a group's ``count`` holds a self-rating."""
    if index == 0:
        return "first"
    if index == count - 1:
        return "last"
    if count >= 3 and index == count // 2 - 1 + count % 2:
        return "middle"
    return None
