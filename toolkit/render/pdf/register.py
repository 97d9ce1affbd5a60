"""The attendance register: one sheet for the whole course, members down, sessions across.

With a roster the members' names are printed; without one the rows are blank to write in. It is
a facilitator's record, so every page says to keep it private. Pages are turned sideways so
each session's column has room for a tick and its date.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from toolkit.i18n import _, short_date
from toolkit.plan import Plan, SessionEntry
from toolkit.render.pdf.compat import Paragraph
from toolkit.render.pdf.document import (
    labelled_numbers,
    render_pdf,
)
from toolkit.render.pdf.page import (
    colour,
    page_size,
    sizes,
    styles,
)
from toolkit.render.pdf.text import FONT, markup
from toolkit.theme import COLOURS

SESSIONS_PER_PAGE = 8
"""More columns than this leave no room to tick; a longer course continues on the next page."""


def render_register(plan: Plan) -> bytes:
    """The attendance register of the whole course as a PDF, landscape."""
    plan = plan.for_facilitators()
    style = styles(plan)
    rows = list(plan.roster) or [""] * plan.register_rows
    story: list[Flowable] = []
    chunks = [plan.sessions[i:i + SESSIONS_PER_PAGE]
              for i in range(0, len(plan.sessions), SESSIONS_PER_PAGE)] or [()]
    for index, chunk in enumerate(chunks):
        if index:
            story.append(PageBreak())
        story += [
            Paragraph(markup(_("Attendance register")), style["title"]),
            Paragraph(markup(" · ".join(part for part in (
                plan.group.name, plan.course.title, plan.group.location) if part)),
                style["body"]),
            Paragraph(markup(_("Tick who came; note follow-ups in the facilitator notes. Keep "
                               "this sheet private and store it securely.")), style["small"]),
            Spacer(1, 4 * mm),
            _table(plan, chunk, rows),
        ]
    landscape = _landscape(plan)
    width = page_size(landscape)[0]
    return render_pdf(landscape, story,
                      title=_("{course}: attendance register").format(course=plan.course.title),
                      subject=_("Attendance register"), frame=labelled_numbers(
                          plan, width, _("Attendance register: private, keep securely")))


def _landscape(plan: Plan) -> Plan:
    """The same plan, for a register printed sideways."""
    from dataclasses import replace

    return replace(plan, print=replace(plan.print, landscape=True))


def _table(plan: Plan, sessions: tuple[SessionEntry, ...], rows: list[str]) -> Table:
    style = styles(plan)
    head = style["item"]
    small = style["small"]
    header: list[Flowable] = [Paragraph(markup(_("Name")), head)]
    for entry in sessions:
        day = entry.meeting.date if entry.meeting else None
        when = short_date(day, year=False) if day else ""
        header.append(Paragraph(f"<b>{markup(entry.label)}</b>" + (
            f"<br/>{markup(when)}" if when else ""), small))
    body = [[Paragraph(markup(name), style["body"]), *[""] * len(sessions)] for name in rows]
    size = sizes(plan)
    row_height = max(size.line_gap * 0.9, size.body * 2)
    name_share = 0.24
    table = Table([header, *body], colWidths=[f"{name_share * 100:.0f}%"] + [
        f"{(1 - name_share) * 100 / max(len(sessions), 1):.2f}%"] * len(sessions),
        rowHeights=[None] + [row_height] * len(body), repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.7, colour(COLOURS.rule)),
        ("BACKGROUND", (0, 0), (-1, 0), colour(plan.colours.light)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table
