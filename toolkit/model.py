"""The typed, frozen objects every stage after loading works with.

A session plan and the course file are validated into these classes. They are the contract
between the stages: loading produces plain data, this module says what that data must look like,
and the renderers only ever see these objects. Unknown keys are rejected (a misspelt key would
otherwise vanish silently) and pydantic never echoes input values in its messages, because plans
and group files may hold names or private notes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from toolkit.assets import drawing_names

MAX_TEXT = 2000
"""Longest single piece of text (a point, a prompt, a paragraph) a plan may hold."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
"""A non-empty piece of text a person wrote: a title, a point, a prompt."""

IDENTIFIER = r"[a-z0-9]+(?:-[a-z0-9]+)*"
"""Lower-case letters and digits in words joined by single hyphens: ids and plans' names."""

Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60,
                      pattern=f"^{IDENTIFIER}$"),
]
"""A stable id such as ``body-signals``: lower-case letters, digits and single hyphens."""

def _language_tag(value: str) -> str:
    from toolkit.i18n import LanguageError, parse_tag

    try:
        return parse_tag(value)
    except LanguageError as error:
        raise ValueError(f"{error.message}: {error.hint[0].lower()}{error.hint[1:]}") from None


LanguageTag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                               max_length=35), AfterValidator(_language_tag)]
"""A BCP 47 language tag, written as usual (``pt-PT``): the language of a course or a group."""

MAX_LIST = 40
"""The most entries of a list a person writes (goals, talking points, agreements...)."""
MAX_SLIDES = 60
"""The most slides of one session's agenda items: a deck stays quick to build and to show."""
MAX_DECK_TEXT = 30_000
"""The most characters of points on one session's slides: ten times a full session's, and a
deck that still builds in seconds however its points are split over slides."""

RatingPoint = Literal["first", "middle", "last"]
"""When in the course members fill in their self-rating: the group's first session, the one
around its middle, and its last."""

AgendaKind = Literal["check-in", "teaching", "activity", "discussion", "break", "check-out"]
AGENDA_KINDS: tuple[str, ...] = AgendaKind.__args__  # type: ignore[attr-defined]


class Strict(BaseModel):
    """Base for every plan object: frozen, unknown keys rejected, input never echoed."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        hide_input_in_errors=True,
        populate_by_name=True,
    )


class Image(Strict):
    """A picture on a slide. The alt text is required: screen readers read it aloud."""

    file: Text = Field(description="Path of the image, relative to the course folder.")
    alt: Text = Field(description="What the picture shows, for people who cannot see it.")


class Slide(Strict):
    """One slide of an agenda item: a title, a few short points and an optional picture."""

    id: Identifier | None = Field(
        default=None, description="Optional id for group files' changes; else 'slide-N'.")
    title: Text
    points: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST)
    image: Image | None = None


class AgendaItem(Strict):
    """One timed part of a session, with what the facilitator says, does and watches for."""

    id: Identifier = Field(description="Stable id, unique in the session, e.g. 'arrival'.")
    title: Text
    kind: AgendaKind
    minutes: int = Field(ge=1, le=240)
    flexible: bool = Field(
        default=False, description="May grow or shrink when a group's sessions are longer or "
        "shorter than the plan's.")
    say: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST,
                                  description="Talking points; also speaker notes.")
    do: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST,
                                 description="The facilitator's steps.")
    watch_for: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST,
                                        description="Risks and what to do about them.")
    slides: tuple[Slide, ...] = Field(default=(), max_length=12)
    worksheet: Identifier | None = Field(
        default=None, description="Id of a worksheet of this session used in this item."
    )


class Homework(Strict):
    """The practice members take away between sessions."""

    text: Text
    worksheet: Identifier | None = None


class Prompt(Strict):
    """A question with ruled lines to write the answer on."""

    text: Text
    lines: int = Field(default=4, ge=1, le=30, description="Ruled lines to write on.")


class Scale(Strict):
    """A rating scale: a row of numbered boxes to circle, with labelled ends."""

    text: Text
    low_value: int = Field(default=0, alias="from", ge=0, le=20)
    high_value: int = Field(default=10, alias="to", ge=0, le=20)
    low: Text = Field(description="What the lowest number means, e.g. 'not at all'.")
    high: Text = Field(description="What the highest number means, e.g. 'completely'.")

    @model_validator(mode="after")
    def _ends_in_order(self) -> Scale:
        if self.high_value <= self.low_value:
            raise ValueError("'to' must be larger than 'from' (for example from: 0, to: 10)")
        if self.high_value - self.low_value > 10:
            raise ValueError("a scale can have at most 11 boxes ('to' minus 'from' at most 10)")
        return self


class Checklist(Strict):
    """A list of options with a box to tick beside each."""

    text: Text
    options: tuple[Text, ...] = Field(min_length=1, max_length=20)


class Table(Strict):
    """A ruled table with column headings and empty rows to fill in."""

    text: Text | None = None
    columns: tuple[Text, ...] = Field(min_length=1, max_length=6)
    rows: int = Field(default=5, ge=1, le=20)
    row_labels: tuple[Text, ...] = Field(
        default=(), max_length=20,
        description="Printed in the first column, one a row (the table then has as many rows "
                    "as labels): what each row is about, so members need not copy it out.")

    @model_validator(mode="after")
    def _labels_fit(self) -> Table:
        if self.row_labels and len(self.columns) < 2:
            raise ValueError("a table with 'row_labels' needs a second column to write in")
        return self


class Drawing(Strict):
    """A drawing to mark or write on (a body outline, circles, a ladder), with writing lines
    beside it if asked; the drawings are the toolkit's own, in ``assets/drawings/``."""

    text: Text
    picture: Identifier = Field(description="Which drawing: " + ", ".join(drawing_names())
                                + " (the SVG files in assets/drawings/).")
    lines: int = Field(default=0, ge=0, le=20,
                       description="Writing lines beside the drawing, which is then drawn as "
                                   "tall as they are; 0 for the drawing alone.")
    height: int = Field(default=90, ge=20, le=200,
                        description="Height of a drawing without lines, in millimetres.")

    @field_validator("picture")
    @classmethod
    def _known_picture(cls, name: str) -> str:
        names = drawing_names()
        if name not in names:
            raise ValueError(f"there is no drawing called '{name}'; the toolkit has: "
                             + ", ".join(names))
        return name


class WorksheetItem(Strict):
    """Exactly one of: prompt, scale, checklist, table, drawing."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1, "maxProperties": 2})

    id: Identifier | None = Field(
        default=None, description="Optional id for group files' changes; else 'item-N'.")
    prompt: Prompt | None = None
    scale: Scale | None = None
    checklist: Checklist | None = None
    table: Table | None = None
    drawing: Drawing | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> WorksheetItem:
        given = [name for name in ITEM_KINDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "each worksheet item is exactly one of: " + ", ".join(ITEM_KINDS)
                + (f" (this one has {' and '.join(given)})" if given else "")
            )
        return self

    @property
    def kind(self) -> str:
        """Which of the four kinds this item is."""
        return next(name for name in ITEM_KINDS if getattr(self, name) is not None)

    @property
    def content(self) -> Prompt | Scale | Checklist | Table | Drawing:
        """The item itself, whichever kind it is."""
        value: Prompt | Scale | Checklist | Table | Drawing = getattr(self, self.kind)
        return value


ITEM_KINDS: tuple[str, ...] = ("prompt", "scale", "checklist", "table", "drawing")


class Worksheet(Strict):
    """A printable sheet members fill in, in the session or between sessions."""

    id: Identifier
    title: Text
    instructions: Text | None = None
    example: Text | None = Field(
        default=None, description="A short, made-up worked example, printed in a tinted box "
                                  "marked as an example, for a task members have not done "
                                  "before.")
    items: tuple[WorksheetItem, ...] = Field(min_length=1, max_length=40)
    name_line: bool = Field(
        default=True, description="false for a form members may hand in without their name: "
                                  "the Name and Date line is left off.")


class Session(Strict):
    """One session plan: a file ``sessions/week-NN-<slug>.yaml``."""

    week: int = Field(ge=1, le=52)
    title: Text
    minutes: int = Field(ge=10, le=480, description="Length of the session in minutes.")
    summary: Text | None = Field(default=None, description="One or two sentences for the notes.")
    goals: tuple[Text, ...] = Field(min_length=1, max_length=MAX_LIST)
    materials: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST)
    preparation: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST)
    safety: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST,
                                     description="Trauma-informed cautions.")
    agenda: tuple[AgendaItem, ...] = Field(min_length=1, max_length=30)
    homework: Homework | None = None
    worksheets: tuple[Worksheet, ...] = Field(default=(), max_length=20)

    @model_validator(mode="after")
    def _a_deck_one_session_can_show(self) -> Session:
        slides = [slide for item in self.agenda for slide in item.slides]
        written = sum(len(point) for slide in slides for point in slide.points)
        if len(slides) > MAX_SLIDES or written > MAX_DECK_TEXT:
            what = (f"{len(slides)} slides ({MAX_SLIDES} at most)" if len(slides) > MAX_SLIDES
                    else f"{written:,} characters of points on its slides ({MAX_DECK_TEXT:,} at "
                    "most)")
            raise ValueError(f"this session has {what}, more than one session's deck can show: "
                             "write some as talking points ('say') instead")
        return self

    def worksheet(self, worksheet_id: str) -> Worksheet | None:
        """The worksheet with this id, or None."""
        return next((w for w in self.worksheets if w.id == worksheet_id), None)


class CrisisResource(Strict):
    """One crisis line. Numbers come only from verified sources or the facilitator."""

    region: Text
    service: Text
    contact: Text = Field(description="How to reach it, e.g. 'Call or text 988 (24/7)'.")


class Section(Strict):
    """A titled piece of course-level writing: part of the introduction or an appendix."""

    title: Text
    paragraphs: tuple[Text, ...] = Field(default=(), max_length=100)
    points: tuple[Text, ...] = Field(default=(), max_length=MAX_LIST,
                                     description="A bulleted list after the text.")

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if not self.paragraphs and not self.points:
            raise ValueError("a section needs 'paragraphs' or 'points' (or both)")
        return self


class Course(Strict):
    """The course file ``sessions/course.yaml``: what every session shares."""

    title: Text
    subtitle: Text | None = None
    language: LanguageTag = Field(
        default="en", description="The language the course is written in (a BCP 47 tag: en, "
                                  "es, pt-PT). A translation is a folder of that name beside "
                                  "the plans (es/), holding the same files with the same ids.")
    translation_note: Text | None = Field(
        default=None, description="In a translation only: a note printed first in the "
                                  "facilitator guide, saying who translated it and whether a "
                                  "clinician has reviewed it.")
    agreements: tuple[Text, ...] = Field(min_length=1, max_length=MAX_LIST)
    disclaimer: Text
    emergency: Text = Field(
        description="The line every participant page carries, e.g. 'If you are in immediate "
        "danger, call your local emergency number.'"
    )
    crisis_resources: tuple[CrisisResource, ...] = Field(min_length=1, max_length=20)
    crisis_note: Text | None = Field(
        default=None, description="e.g. a reminder to confirm the local line before a group."
    )
    sessions: tuple[Identifier, ...] = Field(
        min_length=1, max_length=60,
        description="Session file names without '.yaml', in course order.")
    optional_sessions: tuple[Identifier, ...] = Field(
        default=(), max_length=20,
        description="Sessions the course ships but runs only for a group that lists them "
                    "under sessions: (a booster session some weeks after the last, say).")
    welcome: Text | None = Field(default=None, description="Opens the participant workbook.")
    about: tuple[Section, ...] = Field(
        default=(), max_length=20,
        description="'About this group': what the group is and is not, a session's shape, "
                    "members' choices, confidentiality and its limits. A page for members at "
                    "the front of the workbook and of the first session's worksheets.")
    introduction: tuple[Section, ...] = Field(
        default=(), max_length=60,
        description="The facilitator's introduction, at the front of the guide.")
    appendices: tuple[Section, ...] = Field(
        default=(), max_length=60,
        description="At the back of the facilitator guide (crisis protocol...).")
    forms: tuple[Worksheet, ...] = Field(
        default=(), max_length=20,
        description="Course-wide sheets: the self-reflection check-in, feedback.")
    rating_items: dict[RatingPoint, AgendaItem] = Field(
        default_factory=dict,
        description="The agenda item that gives members time for the self-rating, for the "
                    "first, middle and last session: placed before the closing item of the "
                    "session that holds it (whichever that is in a group's order), its minutes "
                    "taken from that session's flexible items.")


def slide_id(slide: Slide, index: int) -> str:
    """The id a group file uses for a slide: its own, or ``slide-N`` counted from 1."""
    return slide.id or f"slide-{index + 1}"


def item_id(item: WorksheetItem, index: int) -> str:
    """The id a group file uses for a worksheet item: its own, or ``item-N`` counted from 1."""
    return item.id or f"item-{index + 1}"
