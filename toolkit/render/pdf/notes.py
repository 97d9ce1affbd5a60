"""Facilitator notes: one PDF per session to prepare from and keep on the table.

Goals, materials, preparation and safety first; then a timed run of show; then every agenda item
with what to say, do and watch for; then the homework, the group agreements and the crisis lines.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from toolkit.i18n import _, joined
from toolkit.plan import Plan, SessionEntry
from toolkit.render.content import (
    Slot,
    crisis_lines,
    kind_name,
    sheet_name,
    timeline,
)
from toolkit.render.pdf.compat import Paragraph
from toolkit.render.pdf.document import (
    PageFrame,
    PartMark,
    labelled_numbers,
    render_pdf,
    running_header,
)
from toolkit.render.pdf.forms import CheckOption, WriteLines
from toolkit.render.pdf.page import (
    TOP_MARGIN,
    colour,
    frame_width,
    page_size,
    sizes,
    styles,
    tinted_box,
)
from toolkit.render.pdf.text import FONT, markup
from toolkit.theme import COLOURS


def render_notes(plan: Plan, entry: SessionEntry) -> bytes:
    """The facilitator notes of one session as a PDF (large only if the group asks for
    large print for facilitators too)."""
    plan = plan.for_facilitators()
    session = entry.session
    frame = facilitator_page(
        plan, " · ".join(part for part in (plan.header, entry.label, session.title,
                                           entry.meeting.short_day() if entry.meeting else "")
                         if part))
    story = [PartMark(GLANCE), *glance_card(plan, entry), PageBreak(),
             PartMark(SESSION), *session_story(plan, entry), PageBreak(),
             PartMark(CLOSING), *agreements_and_crisis_lines(plan)]
    return render_pdf(plan, story, title=_("{week} facilitator notes: {title}").format(
                          week=entry.label, title=session.title),
                      subject=plan.course.title, frame=frame)


GLANCE, SESSION, CLOSING = "glance", "session", "closing"
"""The parts of a session's notes, each starting a page: the facilitator guide takes the
session itself and prints the closing part (agreements and crisis lines) once, at its back."""


def glance_card(plan: Plan, entry: SessionEntry) -> list[Flowable]:
    """One page to keep on the table: goals, materials and the run of show, shrunk if it must
    be so it never spills onto a second page."""
    session = entry.session
    style = styles(plan)
    parts: list[Flowable] = [
        Paragraph(markup(" · ".join(part for part in (
            _("At a glance"), entry.label, entry.when,
            _("{minutes} minutes").format(minutes=session.minutes)) if part)),
            style["label"]),
        Paragraph(markup(session.title), style["title"]),
    ]
    parts += section(plan, _("Goals"), session.goals)
    if session.materials:
        parts += [Paragraph(markup(_("Materials")), style["heading"]),
                  Paragraph(markup("; ".join(session.materials)), style["body"])]
    parts += [Paragraph(markup(_("Run of show")), style["heading"]), _run_of_show(plan, entry)]
    if session.homework:
        parts += [Paragraph(markup(_("Homework")), style["heading"]),
                  Paragraph(markup(session.homework.text), style["body"])]
    room = page_size(plan)[1] - TOP_MARGIN - 22 * mm - 2
    return [KeepInFrame(frame_width(plan), room, parts, mode="shrink",
                        name="at-a-glance")]


def facilitator_page(plan: Plan, header: str) -> PageFrame:
    """Running header, a not-for-handing-out line and the page number."""
    width, height = page_size(plan)
    top = running_header(plan, header, rule=height - 14 * mm)
    numbers = labelled_numbers(plan, width, _("Facilitator notes: not for handing out"))

    def frame(canvas: Canvas, page: int, pages: int) -> None:
        top(canvas)
        numbers(canvas, page, pages)

    return frame


def session_story(plan: Plan, entry: SessionEntry) -> list[Flowable]:
    """One session's notes as flowables, from its title to the after-session checklist."""
    session = entry.session
    style = styles(plan)
    story: list[Flowable] = [
        Paragraph(markup(" · ".join(part for part in (
            entry.label, entry.when, _("{minutes} minutes").format(minutes=session.minutes))
            if part)), style["label"]),
        Paragraph(markup(session.title), style["title"]),
    ]
    group = plan.group
    details = [part for part in (
        group.name, group.location,
        _("With {names}").format(names=joined(list(group.facilitators)))
        if group.facilitators else None) if part]
    if details:
        story.append(Paragraph(markup(" · ".join(details)), style["small"]))
        story.append(Spacer(1, 4))
    if session.summary:
        story.append(Paragraph(markup(session.summary), style["body"]))
    story += section(plan, _("Goals"), session.goals)
    story += section(plan, _("Materials"), session.materials, checklist=True)
    story += section(plan, _("Preparation"), session.preparation)
    if session.safety:
        story.append(_panel(plan, _("Safety notes"), session.safety))
    story.append(Paragraph(markup(_("Run of show")), style["heading"]))
    story.append(_run_of_show(plan, entry))
    for slot in timeline(entry):
        story += _agenda_item(plan, entry, slot)
    if session.homework:
        story.append(Paragraph(markup(_("Homework")), style["heading"]))
        story.append(Paragraph(markup(session.homework.text), style["body"]))
        if session.homework.worksheet:
            name = sheet_name(entry, session.homework.worksheet)
            if name:
                story.append(Paragraph(markup(name), style["body"]))
    story += _after_session(plan, entry)
    return story




def agreements_and_crisis_lines(plan: Plan) -> list[Flowable]:
    """The group agreements, crisis lines and disclaimer: at the end of each session's own
    notes, and once at the back of the facilitator guide."""
    course = plan.course
    style = styles(plan)
    story = section(plan, _("Group agreements"), course.agreements)
    story.append(Paragraph(markup(_("Crisis resources")), style["heading"]))
    story.append(Paragraph(f"<b>{markup(course.emergency)}</b>", style["body"]))
    story += [Paragraph(f"<b>{markup(line.region)}</b>{markup(line.after_region)}",
                        style["bullet"], bulletText="•") for line in crisis_lines(course)]
    if course.crisis_note:
        story.append(Paragraph(markup(course.crisis_note), style["body"]))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(markup(course.disclaimer), style["small"]))
    return story


def _after_session(plan: Plan, entry: SessionEntry) -> list[Flowable]:
    """A short checklist to fill in after the group, as published group manuals use to keep
    delivery faithful to the plan and to make sure nobody is left at risk."""
    session = entry.session
    last = entry.slug == plan.sessions[-1].slug
    style = styles(plan)
    gap = sizes(plan).line_gap
    parts: list[Flowable] = [
        Paragraph(markup(_("After the session")), style["heading"]),
        Paragraph(markup(_("Did each part happen as planned? Tick it, or note what changed.")),
                  style["body"]),
    ]
    box = plan.colours.primary
    parts += [CheckOption(_("{title} ({minutes} min)").format(title=item.title,
                                                              minutes=item.minutes),
                          style["body"], box)
              for item in session.agenda]
    parts += [
        CheckOption(_("Every member left settled, or has a plan and a contact for tonight"),
                    style["body"], box),
        CheckOption(_("Crisis lines were pointed out"), style["body"], box),
    ]
    notes: list[Flowable] = [
        Paragraph(markup(_("Anyone at risk or distressed, and what was done")), style["label"]),
        WriteLines(2, gap),
        Paragraph(markup(_("Follow-ups and referrals after the course (who, what, by when)")
                         if last else _("Follow-ups before next session (who, what, by when)")),
                  style["label"]),
        WriteLines(3, gap),
        Paragraph(markup(_("What to change next time")), style["label"]),
        WriteLines(2, gap),
    ]
    # Two groups that each stay whole: in large print the checklist and the notes after it
    # fill more than a page, and one group split anywhere left a last label on a page alone.
    return [KeepTogether(parts), KeepTogether(notes)]


def section(plan: Plan, title: str, entries: tuple[str, ...], checklist: bool = False
             ) -> list[Flowable]:
    """A heading (``title``, already in the language being drawn in) and its entries, as
    points or as boxes to tick; nothing when there are no entries."""
    if not entries:
        return []
    style = styles(plan)
    items: list[Flowable] = [
        CheckOption(text, style["body"], plan.colours.primary) if checklist else
        Paragraph(markup(text), style["bullet"], bulletText="•") for text in entries
    ]
    return [Paragraph(markup(title), style["heading"]), *items]


def _panel(plan: Plan, title: str, entries: tuple[str, ...]) -> Table:
    """A tinted box that sets safety notes apart from the rest of the page."""
    style = styles(plan)
    content: list[Flowable] = [Paragraph(markup(title), style["heading"])] + [
        Paragraph(markup(text), style["bullet"], bulletText="•") for text in entries]
    return tinted_box(plan, content, (10, 10, 2, 8), rule=plan.colours.accent)


def _run_of_show(plan: Plan, entry: SessionEntry) -> Table:
    style = styles(plan)
    head = style["item"]
    clock = entry.clock(0) is not None
    rows = [[Paragraph(markup(_("Time") if clock else _("Minutes")), head),
             Paragraph(markup(_("Item")), head), Paragraph(markup(_("Kind")), head)]]
    for slot in timeline(entry):
        rows.append([Paragraph(markup(slot.span), style["body"]),
                     Paragraph(markup(slot.item.title), style["body"]),
                     Paragraph(markup(kind_name(slot.item.kind)), style["body"])])
    # Widths in points, not shares: in the at-a-glance card, which shrinks to fit its page,
    # shares were measured against the card's widened frame while the rows' heights were not,
    # and in large print a two-line row was drawn over the next.
    width = frame_width(plan)
    shares = (0.24, 0.53, 0.23) if clock else (0.18, 0.57, 0.25)
    table = Table(rows, colWidths=[width * share for share in shares], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # plain cells would otherwise use Helvetica
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colour(COLOURS.rule)),
        ("BACKGROUND", (0, 0), (-1, 0), colour(plan.colours.light)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _agenda_item(plan: Plan, entry: SessionEntry, slot: Slot) -> list[Flowable]:
    item = slot.item
    style = styles(plan)
    timing = _("{minutes} min ({span})").format(minutes=item.minutes, span=slot.span)
    heading = Paragraph(
        f"{markup(item.title)} <font color='#{COLOURS.muted}'>· {markup(kind_name(item.kind))} · "
        f"{markup(timing)}</font>", style["heading"])
    parts: list[Flowable] = []
    for label, entries in ((_("SAY"), item.say), (_("DO"), item.do),
                           (_("WATCH FOR"), item.watch_for)):
        if entries:
            bullets = [Paragraph(markup(text), style["bullet"], bulletText="•")
                       for text in entries]
            # Labels and headings keep with what follows (their style says keepWithNext).
            parts.append(Paragraph(markup(label), style["label"]))
            parts += bullets
    tail: list[Flowable] = []
    if item.worksheet and (name := sheet_name(entry, item.worksheet)) is not None:
        tail.append(Paragraph(f"<b>{markup(_('Worksheet:'))}</b> " + markup(name),
                              style["body"]))
    if item.slides:
        titles = "; ".join(markup(slide.title) for slide in item.slides)
        tail.append(Paragraph(f"<b>{markup(_('Slides:'))}</b> " + titles, style["small"]))
    if tail and parts:  # the item's last point keeps its sheet and slides on its page
        tail = [KeepTogether([parts.pop(), *tail])]
    return [heading, *parts, *tail]
