"""The course's two books: the facilitator guide and the participant workbook.

Each is one PDF for the whole course, with a cover, a contents page with page numbers and a
bookmark for every part. A session's pages are the very pages its own files drew (the notes,
the worksheets), taken as they are (``toolkit.render.pdf.assemble``): drawn once, they read the
same wherever they are printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from toolkit.i18n import N_, _, joined, word
from toolkit.images import upright
from toolkit.model import RatingPoint, Section
from toolkit.plan import Plan
from toolkit.render.content import (
    ABOUT_TITLE,
    SELF_RATING,
    THEN_AND_NOW,
    course_form,
    sheet_name,
)
from toolkit.render.pdf.assemble import Borrowing
from toolkit.render.pdf.compat import Paragraph
from toolkit.render.pdf.document import Contents, Outline, render_pdf
from toolkit.render.pdf.notes import (
    SESSION,
    agreements_and_crisis_lines,
    facilitator_page,
    section,
)
from toolkit.render.pdf.page import colour, frame_width, styles, tinted_box
from toolkit.render.pdf.prose import about_story, section_story
from toolkit.render.pdf.text import FONT, markup
from toolkit.render.pdf.worksheets import (
    ABOUT,
    COMPARE,
    RATING,
    participant_page,
    sheet_part,
    sheet_story,
    support_page,
)
from toolkit.theme import COLOURS


def render_guide(plan: Plan, notes: Sequence[bytes]) -> bytes:
    """The facilitator guide: introduction, every session's notes (from each session's
    facilitator notes, ``notes``, in the plan's order), appendices."""
    plan = plan.for_facilitators()
    course = plan.course
    style = styles(plan)
    borrowing = Borrowing()
    story: list[Flowable] = _front(plan, _("Facilitator guide"), note=course.translation_note)
    schedule = schedule_table(plan)
    if schedule:
        story += [Outline(_("Our sessions"), "schedule"), *schedule, PageBreak()]
    introduction = list(course.introduction)
    if course.translation_note:  # first, where nobody can miss it
        introduction.insert(0, Section(title=_("About this translation"),
                                       paragraphs=(course.translation_note,)))
    if introduction:
        story += [Outline(_("Introduction"), "introduction"),
                  Paragraph(markup(_("Introduction")), style["title"])]
        for index, part in enumerate(introduction):
            story += _section(plan, part, f"introduction-{index}")
        story.append(PageBreak())
    for entry, data in zip(plan.sessions, notes, strict=True):
        story.append(Outline(_("{week}: {title}").format(week=entry.label,
                                                         title=entry.session.title),
                             entry.slug))
        story += borrowing.pages(borrowing.source(data), SESSION)
        story.append(PageBreak())
    story += [Outline(_("Appendices"), "appendices"),
              Paragraph(markup(_("Appendices")), style["title"])]
    for index, part in enumerate(course.appendices):
        story += _section(plan, part, f"appendix-{index}")
    story += [Outline(_("Group agreements and crisis lines"), "agreements", level=1),
              *agreements_and_crisis_lines(plan)]
    frame = facilitator_page(plan, " · ".join((course.title, _("Facilitator guide"))))
    return borrowing.assemble(render_pdf(
        plan, story, title=_("{course}: facilitator guide").format(course=course.title),
        subject=_("Facilitator guide"), frame=frame, book=True))


def render_workbook(plan: Plan, worksheets: Sequence[bytes]) -> bytes:
    """The participant workbook: welcome, agreements, every week's sheets (from each session's
    worksheets, ``worksheets``, in the plan's order), resources."""
    return _workbook(plan, worksheets, None)


def render_member_workbook(plan: Plan, member: str, worksheets: Sequence[bytes]) -> bytes:
    """A member's own workbook: their name is on the cover and at the top of every page."""
    return _workbook(plan, worksheets, member)


def _workbook(plan: Plan, worksheets: Sequence[bytes], member: str | None) -> bytes:
    course = plan.course
    style = styles(plan)
    borrowing = Borrowing()
    story: list[Flowable] = [
        *_front(plan, _("Participant workbook"), name_line=True, member=member),
        Outline(_("Welcome and group agreements"), "welcome"),
        Paragraph(markup(_("Welcome")), style["title"]),
    ]
    if course.welcome:
        story.append(Paragraph(markup(course.welcome), style["body"]))
    story += schedule_table(plan)
    # The agreements stay together: on the welcome page, or all of them on the next.
    story.append(KeepTogether(section(plan, _("Our group agreements"), course.agreements)))
    # The pages the sessions' worksheets already drew ("About this group" at the first, the
    # self-ratings and Then and Now where the group's order puts them) are taken from there.
    sources = [borrowing.source(data) for data in worksheets]
    rated = {point: source for entry, source in zip(plan.sessions, sources, strict=True)
             if (point := plan.rating_point(entry)) is not None}
    if about_story(plan):
        story += [PageBreak(), Outline(word(ABOUT_TITLE), "about"),
                  *borrowing.pages(sources[0], ABOUT)]
    others = [form for form in course.forms if form.id not in (SELF_RATING, THEN_AND_NOW)]
    rating = course_form(course, SELF_RATING)

    def rating_pages(point: RatingPoint) -> list[Flowable]:
        if rating is None or point not in rated:
            return []
        return [PageBreak(),
                Outline(word(RATING_OUTLINES[point]).format(form=rating.title),
                        f"rating-{point}"),
                *borrowing.pages(rated[point], RATING)]

    story += rating_pages("first")
    for entry, source in zip(plan.sessions, sources, strict=True):
        for index, sheet in enumerate(entry.session.worksheets):
            story.append(PageBreak())
            if index == 0:
                story.append(Outline(_("{week}: {title}").format(
                    week=entry.label, title=entry.session.title), entry.slug))
            story.append(Outline(sheet_name(entry, sheet.id) or sheet.title,
                                 f"{entry.slug}-{sheet.id}", level=1))
            story += borrowing.pages(source, sheet_part(sheet))
        if plan.rating_point(entry) == "middle":
            story += rating_pages("middle")
    story += rating_pages("last")
    compare = course_form(course, THEN_AND_NOW)
    if compare is not None and rating is not None and "last" in rated:
        story += [PageBreak(), Outline(compare.title, f"form-{compare.id}"),
                  *borrowing.pages(rated["last"], COMPARE)]
    for form in others:
        story += [PageBreak(), Outline(form.title, f"form-{form.id}"),
                  *sheet_story(plan, _("For any session"), form)]
    story += [PageBreak(), Outline(_("Support and crisis lines"), "resources"),
              *support_page(plan, with_agreements=False)]
    frame, bottom = participant_page(plan, (plan.header, _("Workbook"), member or ""))
    return borrowing.assemble(render_pdf(
        plan, story, title=_("{course}: participant workbook").format(course=course.title),
        subject=_("Participant workbook"), frame=frame, bottom=bottom, book=True))


RATING_OUTLINES: dict[RatingPoint, str] = {
    "first": N_("{form}: first session"), "middle": N_("{form}: middle of the course"),
    "last": N_("{form}: last session")}
"""A self-rating's entry in the workbook's contents: the form's title, and when in the
course it is filled in."""


def _front(plan: Plan, kind: str, name_line: bool = False, member: str | None = None,
           note: str | None = None) -> list[Flowable]:
    """The cover and the contents page every book opens with (``kind`` already in the
    language being drawn in)."""
    return [*_cover(plan, kind, name_line, member, note),
            Paragraph(markup(_("Contents")), styles(plan)["title"]), Contents(plan), PageBreak()]


def _cover(plan: Plan, kind: str, name_line: bool = False, member: str | None = None,
           note: str | None = None) -> list[Flowable]:
    """A book's cover; ``note`` (a translation's note) is boxed on it, where whoever opens
    the guide sees it before anything else."""
    course = plan.course
    style = styles(plan)
    parts: list[Flowable] = []
    if plan.branding.logo:
        parts += [_logo(plan.branding.logo, 60 * mm, 25 * mm), Spacer(1, 15 * mm)]
    else:
        parts.append(Spacer(1, 40 * mm))
    parts.append(Paragraph(markup(course.title), style["title"]))
    if course.subtitle:
        parts.append(Paragraph(markup(course.subtitle), style["heading"]))
    parts += [Spacer(1, 8 * mm), Paragraph(markup(kind), style["label"])]
    group = plan.group
    first, last = plan.sessions[0] if plan.sessions else None, \
        plan.sessions[-1] if plan.sessions else None
    details = [
        group.name,
        group.location,
        _("With {names}").format(names=joined(list(group.facilitators)))
        if group.facilitators else None,
        (_("{first} to {last}").format(first=first.meeting.day(), last=last.meeting.day())
         if first and last and first.meeting and last.meeting and first.meeting.date
         else None),
    ]
    parts += [Paragraph(markup(text), style["body"]) for text in details if text]
    if name_line:
        line = markup(_("This workbook belongs to: {name}")).format(
            name=f"<b>{markup(member)}</b>" if member else "______________________________")
        parts += [Spacer(1, 15 * mm), Paragraph(line, style["body"])]
    if note:
        parts += [Spacer(1, 12 * mm), tinted_box(plan, [
            Paragraph(markup(_("About this translation")), style["item"]),
            Paragraph(markup(note), style["body"])], (10, 10, 6, 4), rule=plan.colours.accent)]
    parts += [Spacer(1, 12 * mm if note else 30 * mm),
              Paragraph(markup(course.disclaimer), style["small"]), PageBreak()]
    return parts


def _section(plan: Plan, part: Section, key: str) -> list[Flowable]:
    return [Outline(part.title, key, level=1), *section_story(plan, part)]


def _logo(path: Path, width: float, height: float) -> Flowable:
    """The group's logo, scaled to fit the box with its shape kept, at the left margin."""
    picture = upright(path)
    scale = min(width / picture.width, height / picture.height)
    return Image(picture.stream(), picture.width * scale, picture.height * scale, hAlign="LEFT")


def schedule_table(plan: Plan) -> list[Flowable]:
    """"Our sessions": week, date, time and title, when the group has dates or times."""
    if not any(entry.meeting for entry in plan.sessions):
        return []
    style = styles(plan)
    head = style["item"]
    rows = [[Paragraph(markup(_("Week")), head), Paragraph(markup(_("Date and time")), head),
             Paragraph(markup(_("Session")), head)]]
    for entry in plan.sessions:
        rows.append([Paragraph(str(entry.week), style["body"]),
                     Paragraph(markup(entry.when or ""), style["body"]),
                     Paragraph(markup(entry.session.title), style["body"])])
    # The week column as wide as its heading, the dates as wide as the longest (a 12-hour
    # Spanish date, "jueves, 4 de marzo de 2027, 6:00 p. m.–7:30 p. m.", wrapped in a fixed
    # share), up to 60% of the page; the titles take the rest.
    width = frame_width(plan)
    padding = 12  # a table cell's own left and right padding
    week = stringWidth(_("Week"), head.fontName, head.fontSize) + padding + 1
    dates = max(stringWidth(entry.when or "", style["body"].fontName, style["body"].fontSize)
                for entry in plan.sessions) + padding + 1
    dates = min(max(dates, 0.3 * width), 0.6 * width)
    table = Table(rows, colWidths=[week, dates, width - week - dates], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colour(COLOURS.rule)),
        ("BACKGROUND", (0, 0), (-1, 0), colour(plan.colours.light)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    parts: list[Flowable] = [Paragraph(markup(_("Our sessions")), style["heading"]), table]
    if plan.group.contact:
        parts.append(Spacer(1, 3 * mm))
        parts.append(Paragraph(markup(plan.group.contact), style["body"]))
    return parts
