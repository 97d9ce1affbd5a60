"""What a session's outputs say, worked out once from the plan and read by all of them.

The deck, the slide handouts, the facilitator notes and the check's report on slides that had
to shrink all read the same things: the agenda in time (``timeline``: each item's start and end,
in minutes and, with a start time, on the clock), the crisis lines (``crisis_lines``: one long
form for slides and lists, one short form for page footers), and what each slide says
(``deck_contents``: titles, points, lead panels, pictures, speaker notes). Nothing here knows
about pptx or PDF; sizes here are only each slide's normal type size, before fitting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from toolkit.i18n import N_, _, joined, word
from toolkit.model import AgendaItem, Course, RatingPoint, Worksheet
from toolkit.plan import Plan, SessionEntry
from toolkit.theme import SLIDE_SIZES

AGENDA_TITLE = N_("Agenda")
"""The title of the agenda slide, which the toolkit makes from the agenda."""
HOMEWORK_TITLE = N_("Between sessions")
"""The title of the homework slide (a plan slide with the same title gets "(2)")."""
CLOSING_TITLE = N_("Support between sessions")
PANEL_INSET = 16.0
"""Inset of the shaded panel that carries a slide's lead text (homework, emergency line)."""
LEAD_GAP = 22.0
LEAD_SIZE = 28
CRISIS_SIZE = 21
"""The closing slide's crisis lines are a reference list, not talking points: five lines with
their hours and numbers cannot be read at 26 pt on one slide, and splitting them would hide some
behind a "(cont.)". So this is their normal size, and they shrink from here like any points.
(21 rather than 22 since every text box keeps a margin: ``textfit.WIDTH_SLACK``.)"""
CLOSING_PANEL_INSET = 10.0
CLOSING_LEAD_GAP = 16.0
"""The closing slide's emergency panel is kept compact, to leave the crisis lines room."""

Layout = Literal["points", "question", "quote", "statement"]
"""How a slide's body is drawn: bullet points (with an optional lead panel and picture); one
discussion question, large and centred; one quotation with an accent rule and attribution; or
one statement in place of the title band (a break, or a question asked by the title)."""

_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Picture:
    """A picture to place: where it is and what it shows."""

    path: Path | None
    """None only for a plan made without an image folder: the alt text then stands in."""
    alt: str


@dataclass(frozen=True)
class Content:
    """What one planned slide says, before it is split over slides and laid out."""

    title: str
    notes: str
    points: tuple[str, ...] = ()
    lead: str | None = None
    """Text shown large in a shaded panel above the points (homework, emergency line)."""
    lead_bold: bool = False
    lead_max: int = LEAD_SIZE
    picture: Picture | None = None
    largest: int = SLIDE_SIZES.body
    """The size the points are set at when they fit: this slide's normal size."""
    lead_inset: float = PANEL_INSET
    lead_gap: float = LEAD_GAP
    """The lead panel's inset, and the gap between it and the points."""
    layout: Layout = "points"
    badge: str | None = None
    """A short label beside the title, such as an activity's "15 min"."""
    caption: str | None = None
    """A quotation's attribution, or the line under a statement."""
    item_id: str | None = None
    """The agenda item the slide belongs to; None for the homework and closing slides."""
    slide_index: int | None = None
    """Its place among the item's ``slides``, from 0."""
    generated: Literal["homework", "closing"] | None = None
    """Which slide the toolkit makes itself, when it is one."""


def unique_titles(contents: Sequence[Content], taken: set[str]) -> list[Content]:
    """Screen readers move through a deck by slide titles, so no two may be the same: a
    repeated title gets "(2)", "(3)"... (continuation slides add "(cont.)" to these)."""
    seen = {title.casefold() for title in taken}
    unique = []
    for content in contents:
        title, number = content.title, 2
        while title.casefold() in seen:
            title = f"{content.title} ({number})"
            number += 1
        seen.add(title.casefold())
        unique.append(content if title == content.title else replace(content, title=title))
    return unique


def clean(text: str) -> str:
    """Text as a slide can carry it: characters XML cannot hold are dropped (python-pptx would
    otherwise write them as visible ``_x0007_`` escapes, or fail to save)."""
    return _XML_UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))




# ---- the agenda in time -----------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One agenda item in time: its minutes from the session's start, and its clock times when
    the group has a start time."""

    item: AgendaItem
    start: int
    end: int
    begins: str | None = None
    ends: str | None = None

    @property
    def span(self) -> str:
        """``18:40–19:00`` with clock times, else minutes from the start: ``20–40``."""
        if self.begins and self.ends:
            return f"{self.begins}–{self.ends}"
        return f"{self.start}–{self.end}"


def timeline(entry: SessionEntry) -> tuple[Slot, ...]:
    """Every agenda item of a session with when it starts and ends."""
    slots = []
    start = 0
    for item in entry.session.agenda:
        end = start + item.minutes
        slots.append(Slot(item, start, end, entry.clock(start), entry.clock(end)))
        start = end
    return tuple(slots)


# ---- crisis lines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CrisisLine:
    """One crisis line, in the forms the outputs print it in."""

    region: str
    service: str
    contact: str

    @property
    def long(self) -> str:
        """``United States — 988 Suicide & Crisis Lifeline: Call or text 988``: for slides
        and lists."""
        return f"{self.region}{self.after_region}"

    @property
    def after_region(self) -> str:
        """The long form without its region, for outputs that set the region apart."""
        return f" — {self.service}: {self.contact}"


    @property
    def brief(self) -> str:
        """How to reach the line, in its first few words (``Call or text 988``): the contact
        up to its first comma or semicolon, or all of it if that part holds no number."""
        first = re.split(r"[;,]", self.contact, maxsplit=1)[0].strip()
        return first if any(char.isdigit() for char in first) else self.contact


def crisis_briefs(course: Course) -> tuple[str, ...]:
    """Each place's lines in brief, ``United States: Call or text 988; Text HOME to 741741``:
    the foot of a member's page, where the support page at the back has them in full."""
    return tuple(f"{region}: {'; '.join(briefs)}" for region, briefs in _places(course))


def crisis_footers(course: Course) -> tuple[tuple[str, ...], ...]:
    """What the foot of a member's page may say after the emergency sentence, from the most
    to the least: every place's lines in brief; each place's first line; the first places'
    first lines, down to the first place's alone, never less (the support page at the back
    always has every line in full). The page takes the first that fits its lines."""
    places = _places(course)
    firsts = tuple(f"{region}: {briefs[0]}" for region, briefs in places)
    choices = [crisis_briefs(course), firsts]
    choices += [firsts[:count] for count in range(len(firsts) - 1, 0, -1)]
    unique: list[tuple[str, ...]] = []
    for choice in choices:
        if choice not in unique:
            unique.append(choice)
    return tuple(unique)


def _places(course: Course) -> list[tuple[str, list[str]]]:
    places: dict[str, list[str]] = {}
    for line in crisis_lines(course):
        places.setdefault(line.region, []).append(line.brief)
    return list(places.items())


def crisis_lines(course: Course) -> tuple[CrisisLine, ...]:
    """The course's (or the group's) crisis lines, as every output prints them."""
    return tuple(CrisisLine(clean(line.region), clean(line.service), clean(line.contact))
                 for line in course.crisis_resources)


# ---- what each slide says -------------------------------------------------------------------


def bullets(label: str, entries: Sequence[str]) -> str:
    """A labelled list for the notes, or nothing when the list is empty."""
    return f"{label}\n" + "\n".join(f"• {clean(text)}" for text in entries) if entries else ""


def join_notes(*parts: str) -> str:
    """Notes sections with a blank line between them, skipping empty ones."""
    return "\n\n".join(part for part in parts if part)


KIND_NAMES = {"check-in": N_("check-in"), "teaching": N_("teaching"),
              "activity": N_("activity"), "discussion": N_("discussion"),
              "break": N_("break"), "check-out": N_("check-out")}
"""An agenda item's kind as the notes name it."""


def kind_name(kind: str) -> str:
    """An agenda item's kind in the language being drawn in."""
    return word(KIND_NAMES.get(kind, kind))


def _kind(item: AgendaItem) -> str:
    """The item's kind in brackets, unless its title says it already (as "Break" does)."""
    name = kind_name(item.kind)
    return "" if name.replace("-", " ") in item.title.lower() else f" ({name})"


SELF_RATING, THEN_AND_NOW = "self-reflection", "then-and-now"
"""The course forms members fill in at the first, middle and last sessions, and compare at
the last."""


RATING_LABELS: dict[RatingPoint, str] = {
    "first": N_("First session"), "middle": N_("Middle of the course"),
    "last": N_("Last session")}
"""The line above a self-rating's title: when in the course it is filled in."""

ABOUT_TITLE = N_("About this group")
"""The title of the course's page for members (course.yaml's ``about:``)."""

EXAMPLE_LABEL = N_("An example (made up)")
"""What marks a sheet's worked example, so that nobody copies it as their own."""

MORE_LINES = N_("More lines: back page.")
"""What the foot of a member's page says of the support page that closes every file."""


@dataclass(frozen=True)
class CourseForm:
    """One of the course's own forms as a session's worksheets carry it."""

    kicker: str
    """The line above its title: when in the course it is filled in."""
    form: Worksheet
    prefix: str
    """What its field names start with, so the three self-ratings stay apart in a book."""


def session_forms(plan: Plan, entry: SessionEntry) -> list[CourseForm]:
    """The course forms that close a session's worksheets: the self-rating in the sessions
    that hold one, and at the last the page comparing all three (when the course has both
    forms); nothing for the others. The worksheet PDF and the web page both ask here."""
    point = plan.rating_point(entry)
    rating = course_form(plan.course, SELF_RATING)
    if point is None or rating is None:
        return []
    forms = [CourseForm(word(RATING_LABELS[point]), rating, point)]
    compare = course_form(plan.course, THEN_AND_NOW)
    if point == "last" and compare is not None:
        forms.append(CourseForm(word(RATING_LABELS["last"]), compare, ""))
    return forms


def course_form(course: Course, form_id: str) -> Worksheet | None:
    """One of the course's own forms, by its id."""
    return next((form for form in course.forms if form.id == form_id), None)


def sheet_number(entry: SessionEntry, sheet_id: str) -> str | None:
    """A session's sheet as members find it in their pages: ``6.2`` is week 6's second."""
    ids = [sheet.id for sheet in entry.session.worksheets]
    return f"{entry.week}.{ids.index(sheet_id) + 1}" if sheet_id in ids else None


def sheet_name(entry: SessionEntry, sheet_id: str) -> str | None:
    """How the notes, the slides and the workbook's contents refer to a session's sheet:
    ``Sheet 6.2: My Asking Ladder``."""
    sheet = entry.session.worksheet(sheet_id)
    if sheet is None:
        return None
    return _("Sheet {number}: {title}").format(number=sheet_number(entry, sheet_id),
                                               title=clean(sheet.title))


def _item_notes(entry: SessionEntry, item: AgendaItem) -> str:
    """Speaker notes for an agenda item's slides: what to say, do and watch for, and the time."""
    heading = _("{title} — {minutes} min").format(title=clean(item.title),
                                                  minutes=item.minutes) + _kind(item)
    worksheet = ""
    if item.worksheet and (name := sheet_name(entry, item.worksheet)) is not None:
        worksheet = _("WORKSHEET") + f"\n• {name}"
    return join_notes(heading, bullets(_("SAY"), item.say), bullets(_("DO"), item.do),
                      bullets(_("WATCH FOR"), item.watch_for), worksheet)


def run_of_show(entry: SessionEntry) -> list[str]:
    """Each agenda item with its start and end minute (and clock times, when the group has a
    start time), for the facilitator."""
    lines: list[str] = []
    for slot in timeline(entry):
        minutes = _("{start}–{end} min").format(start=slot.start, end=slot.end)
        if slot.begins and slot.ends:
            minutes = f"{slot.begins}–{slot.ends} ({minutes})"
        lines.append(f"• {minutes}  {clean(slot.item.title)}{_kind(slot.item)}")
    return lines


def _facilitators(names: Sequence[str]) -> str | None:
    """``With Sam and Jo``, or None when no facilitator is named."""
    named = [clean(name).strip() for name in names if clean(name).strip()]
    if not named:
        return None
    return _("With {names}").format(names=joined(named))


def group_details(plan: Plan, entry: SessionEntry) -> list[str]:
    """The group's name, the meeting's date and times, its place and its facilitators: what the
    title slide says under the session's title, for a group that has them."""
    group = plan.group
    meeting = entry.meeting
    when: str | None = None
    if meeting is not None:
        if meeting.date is not None:
            when = entry.when
        else:  # a start time but no date: the times alone
            start, end = entry.clock(0), entry.clock(entry.session.minutes)
            when = f"{start}–{end}" if start and end else None
    lines = [group.name, when, group.location, _facilitators(group.facilitators)]
    return [text for line in lines if line and (text := clean(line).strip())]


def deck_contents(plan: Plan, entry: SessionEntry) -> list[Content]:
    """Every slide after the agenda, in order, with unique titles: each agenda item's slides,
    the homework and the closing slide."""
    session = entry.session
    contents: list[Content] = []
    for slot in timeline(entry):
        contents += item_contents(entry, slot)
    if session.homework is not None:
        contents.append(homework_content(entry))
    contents.append(closing_content(plan))
    return unique_titles(contents, {clean(session.title), word(AGENDA_TITLE)})


def _quoted(text: str) -> bool:
    """Whether a point is wholly a quotation: in curly or straight double quotes."""
    return len(text) > 2 and (text[0], text[-1]) in {("“", "”"), ('"', '"')}


def _slide_layout(item: AgendaItem, title: str, points: tuple[str, ...],
                  picture: bool) -> tuple[Layout, str | None]:
    """The layout a slide's content asks for, and its caption (a quotation's attribution)."""
    if picture:
        return "points", None
    if item.kind == "discussion":
        if len(points) == 1 and points[0].rstrip().endswith("?"):
            return "question", None
        if not points and title.rstrip().endswith("?"):
            return "statement", None
    if len(points) == 1 and _quoted(points[0].strip()):
        return "quote", None
    if len(points) == 2 and _quoted(points[0].strip()) and points[1].startswith("—"):
        return "quote", points[1]
    return "points", None


def _break_content(entry: SessionEntry, slot: Slot) -> Content:
    """A break without slides of its own: its title, big and calm, with how long it lasts (and
    when the group meets again, when it has a start time)."""
    item = slot.item
    caption = _("{minutes} minutes").format(minutes=item.minutes)
    if slot.ends is not None:
        caption += " · " + _("back at {time}").format(time=clean(slot.ends))
    return Content(clean(item.title), _item_notes(entry, item), layout="statement",
                   caption=caption, item_id=item.id)


def item_contents(entry: SessionEntry, slot: Slot) -> list[Content]:
    """What an agenda item's slides say (a break without slides gets one of its own)."""
    item = slot.item
    notes = _item_notes(entry, item)
    if item.kind == "break" and not item.slides:
        return [_break_content(entry, slot)]
    badge = f"{item.minutes} min" if item.kind == "activity" else None
    contents: list[Content] = []
    for index, slide in enumerate(item.slides):
        picture, described = None, ""
        if slide.image is not None:
            path = entry.image_path(slide.image) if entry.root is not None else None
            picture = Picture(path, clean(slide.image.alt))
            # Said aloud, the description serves members who cannot see the screen well.
            described = _("THE PICTURE SHOWS") + f"\n• {picture.alt}"
        where = (_("Slide {number} of {count} for this part.").format(
                     number=index + 1, count=len(item.slides))
                 if len(item.slides) > 1 else "")
        title, points = clean(slide.title), tuple(clean(point) for point in slide.points)
        layout, caption = _slide_layout(item, title, points, picture is not None)
        if caption is not None:
            points = points[:1]
        contents.append(Content(title, join_notes(where, notes, described), points,
                                picture=picture, layout=layout, badge=badge, caption=caption,
                                item_id=item.id, slide_index=index))
    return contents


def homework_content(entry: SessionEntry) -> Content:
    homework = entry.session.homework
    assert homework is not None
    points: tuple[str, ...] = ()
    hand_out = ""
    if homework.worksheet and (name := sheet_name(entry, homework.worksheet)) is not None:
        points = (name,)
        hand_out = _("Hand out {sheet} and show where to start.").format(sheet=name)
    notes = join_notes(
        _("Introduce the practice for the week. It is an invitation, not a test: doing a "
          "little, or choosing not to, is fine, and nobody will be asked to report on it."),
        _("BETWEEN SESSIONS") + "\n" + clean(homework.text), hand_out)
    return Content(word(HOMEWORK_TITLE), notes, points, lead=clean(homework.text),
                   generated="homework")


def closing_content(plan: Plan) -> Content:
    course = plan.course
    points = tuple(line.long for line in crisis_lines(course))
    # The crisis note speaks to facilitators ("confirm your local line"), so it goes in the
    # notes, where they will read it, rather than on the screen the group sees.
    notes = join_notes(
        _("Before members leave, point out the crisis lines on this slide and say that they "
          "are also printed on every worksheet. Say how members can reach you between "
          "sessions, and what to do if they need help sooner."),
        clean(course.crisis_note or ""),
        bullets(_("CRISIS LINES"), points))
    # The emergency line a little smaller than a homework lead: room for every crisis line.
    return Content(word(CLOSING_TITLE), notes, points, lead=clean(course.emergency),
                   generated="closing", lead_bold=True, lead_max=24, largest=CRISIS_SIZE,
                   lead_inset=CLOSING_PANEL_INSET, lead_gap=CLOSING_LEAD_GAP)


