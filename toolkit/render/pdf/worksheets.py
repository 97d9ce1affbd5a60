"""Participant worksheets: one PDF per session, each sheet on its own page, room to write.

Every page carries the emergency line, the crisis resources and the disclaimer at its foot.
Items never split across pages, so a question and its lines stay together.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    SetTopFlowables,
    Spacer,
    Table,
    TableStyle,
)

from toolkit.i18n import _, word
from toolkit.model import Checklist, Prompt, Scale, Worksheet
from toolkit.model import Drawing as DrawingItem
from toolkit.model import Table as TableItem
from toolkit.plan import Plan, SessionEntry
from toolkit.render.content import (
    EXAMPLE_LABEL,
    MORE_LINES,
    SELF_RATING,
    crisis_footers,
    crisis_lines,
    session_forms,
    sheet_number,
)
from toolkit.render.pdf.compat import Paragraph
from toolkit.render.pdf.document import PageFrame, PartMark, render_pdf, running_header
from toolkit.render.pdf.drawings import Figure, lines_share
from toolkit.render.pdf.forms import (
    CheckOption,
    FieldBox,
    WriteLines,
    radio_button,
    unique_field_name,
)
from toolkit.render.pdf.page import (
    colour,
    frame_width,
    page_margin,
    page_size,
    sizes,
    styles,
    tinted_box,
)
from toolkit.render.pdf.prose import about_story
from toolkit.render.pdf.text import (
    FONT,
    FONT_BOLD,
    draw_words,
    markup,
)
from toolkit.theme import COLOURS


class ScaleBoxes(Flowable):  # type: ignore[misc]
    """A row of numbered boxes to circle, with what the two ends mean beneath them; with a
    ``field_name``, also one radio group with a button over each box (invisible on paper)."""

    def __init__(self, scale: Scale, font_size: float, box_colour: str,
                 field_name: str | None = None, *, ring_colour: str = COLOURS.text,
                 label_size: float | None = None) -> None:
        super().__init__()
        self.label_size = label_size or font_size * 0.85
        self.box_colour = box_colour
        self.field_name = field_name
        self.ring_colour = ring_colour
        self.scale = scale
        self.font_size = font_size
        self.box = font_size * 2.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        count = self.scale.high_value - self.scale.low_value + 1
        self.step = min(self.box * 1.35, available_width / count)
        self.box_size = min(self.box, self.step * 0.85)
        self.low_label = Paragraph(markup(self.scale.low), self._label_style())
        self.high_label = Paragraph(markup(self.scale.high), self._label_style(right=True))
        label_width = max(self.step * count / 2 - 6, 60)
        low_height = self.low_label.wrap(label_width, available_height)[1]
        high_height = self.high_label.wrap(label_width, available_height)[1]
        self.label_width = label_width
        self.label_height = max(low_height, high_height)
        return available_width, self.box_size + 4 + self.label_height

    def _label_style(self, right: bool = False):  # type: ignore[no-untyped-def]
        from reportlab.lib.enums import TA_LEFT, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        return ParagraphStyle("scale-label", fontName=FONT, fontSize=self.label_size,
                              spaceShrinkage=0,
                              leading=self.label_size * 1.25, textColor=colour(COLOURS.muted),
                              alignment=TA_RIGHT if right else TA_LEFT)

    def draw(self) -> None:
        canvas = self.canv
        top = self.label_height + 4
        canvas.setLineWidth(0.9)
        canvas.setStrokeColor(colour(self.box_colour))
        canvas.setFillColor(colour(COLOURS.text))
        canvas.setFont(FONT_BOLD, self.font_size)
        for index, value in enumerate(range(self.scale.low_value, self.scale.high_value + 1)):
            x = index * self.step
            canvas.roundRect(x, top, self.box_size, self.box_size, 3, stroke=1, fill=0)
            canvas.drawCentredString(x + self.box_size / 2,
                                     top + self.box_size / 2 - self.font_size * 0.35, str(value))
        self.low_label.drawOn(canvas, 0, top - 4 - self.low_label.height)
        row_end = (self.scale.high_value - self.scale.low_value) * self.step + self.box_size
        self.high_label.drawOn(canvas, row_end - self.label_width,
                               top - 4 - self.high_label.height)
        if self.field_name:
            group = unique_field_name(canvas, self.field_name)
            tooltip = f"{self.scale.text} ({self.scale.low_value} {self.scale.low}, " \
                      f"{self.scale.high_value} {self.scale.high})"
            for index, value in enumerate(range(self.scale.low_value,
                                                self.scale.high_value + 1)):
                radio_button(canvas, group, str(value), index * self.step, top, self.box_size,
                             ring_colour=self.ring_colour, tooltip=tooltip)


def render_worksheets(plan: Plan, entry: SessionEntry) -> bytes:
    """Every worksheet of one session as a printable PDF."""
    session = entry.session
    story: list[Flowable] = []
    about = about_story(plan) if entry.slug == plan.sessions[0].slug else []
    if about:
        story += [PartMark(ABOUT), *about, PageBreak()]
    for sheet in session.worksheets:
        kicker = " · ".join((_("Sheet {number}").format(number=sheet_number(entry, sheet.id)),
                             entry.label, session.title))
        story += [PartMark(sheet_part(sheet)),
                  *sheet_story(plan, kicker, sheet, prefix=week_prefix(entry)),
                  PageBreak()]
    story += rating_pages(plan, entry)
    story += [PartMark(SUPPORT), *support_page(plan)]
    frame, bottom = participant_page(
        plan, (plan.header, _("{week}: {title}").format(week=entry.label, title=session.title),
               entry.meeting.short_day() if entry.meeting else ""))
    return render_pdf(plan, story, title=_("{week} worksheets: {title}").format(
                          week=entry.label, title=session.title),
                      subject=plan.course.title, frame=frame, bottom=bottom)


ABOUT = "about"
"""The "About this group" page that opens the first session's worksheets (the workbook has
its own, at the front)."""

SUPPORT = "support"
"""The support page that closes a session's worksheets (the workbook has its own, at the
back); each sheet before it starts a page, marked ``sheet_part(sheet)``."""

RATING = "self-rating"
"""The self-rating pages of the sessions that hold one (the workbook takes them from there)."""

COMPARE = "then-and-now"
"""The Then and Now page, after the last session's self-rating."""

def rating_pages(plan: Plan, entry: SessionEntry) -> list[Flowable]:
    """The self-rating (and at the last, the page comparing all three) for a session that
    holds one, each on a page of its own and marked for the workbook to take; nothing for
    the others."""
    story: list[Flowable] = []
    for form in session_forms(plan, entry):
        part = RATING if form.form.id == SELF_RATING else COMPARE
        story += [PartMark(part), *sheet_story(plan, form.kicker, form.form,
                                               prefix=form.prefix), PageBreak()]
    return story


def sheet_part(sheet: Worksheet) -> str:
    """The mark where a sheet starts in its session's worksheets."""
    return f"sheet-{sheet.id}"


def week_prefix(entry: SessionEntry) -> str:
    """What a session's field names start with, so they stay apart in the workbook."""
    return f"week-{entry.week:02d}"


def participant_page(plan: Plan, header: Sequence[str]) -> tuple[PageFrame, float]:
    """Header (made of ``header``'s parts, the first the first to go when the line is too
    long), crisis-line footer and page number for every page a participant is given; returns
    them with the bottom margin the footer needs."""
    footer = _footer(plan)
    width = page_size(plan)[0]
    margin = page_margin(plan)
    footer_height = footer.wrap(width - 2 * margin, 1000)[1]
    bottom = 12 * mm + footer_height + 6 * mm
    top = running_header(plan, header, rule=bottom - 4 * mm)

    def frame(canvas: Canvas, page: int, pages: int) -> None:
        top(canvas)
        canvas.saveState()
        footer.drawOn(canvas, margin, 12 * mm)
        canvas.restoreState()
        size = sizes(plan).small
        canvas.setFont(FONT, size)
        canvas.setFillColor(colour(COLOURS.muted))
        draw_words(canvas, width - margin, 7 * mm,
                   _("Page {page} of {pages}").format(page=page, pages=pages), size, right=True)

    return frame, bottom


FOOTER_LINES = 2
"""The most lines the crisis lines at the foot of a page take (the disclaimer's small print
below them is not counted), unless the emergency sentence and the first place's first line
need more by themselves (in large print, a long emergency sentence can)."""


def _footer(plan: Plan) -> Paragraph:
    """The emergency sentence and the places' lines in brief, at a size a person in distress
    can read, in at most ``FOOTER_LINES`` lines: as many of the lines as fit (every place's,
    else each place's first, else the first places', at least the first place's); then, in
    standard print, the disclaimer in small print. The support page at the back has every
    line in full and the disclaimer (large print leaves the disclaimer there only: at 16 pt
    it would take three more lines off every page)."""
    course = plan.course
    size = sizes(plan)
    crisis = ParagraphStyle("crisis", parent=styles(plan)["small"], fontSize=size.crisis,
                            leading=size.crisis * 1.25, textColor=colour(COLOURS.text))
    width = frame_width(plan)
    emergency = f"<b>{markup(course.emergency)}</b>"
    more = markup(word(MORE_LINES))
    choices = [f"{emergency} {' · '.join(markup(brief) for brief in briefs)}. {more}"
               for briefs in crisis_footers(course)]
    least = Paragraph(choices[-1], crisis)
    least.wrap(width, 1000)
    most = max(FOOTER_LINES, len(least.blPara.lines))
    text = choices[-1]
    for choice in choices:
        trial = Paragraph(choice, crisis)
        trial.wrap(width, 1000)
        if len(trial.blPara.lines) <= most:
            text = choice
            break
    if not plan.print.large_print:
        text += (f'<br/><font size="{size.small}" color="#{COLOURS.muted}">'
                 f"{markup(course.disclaimer)}</font>")
    return Paragraph(text, crisis)


def sheet_story(plan: Plan, kicker: str, sheet: Worksheet, *, prefix: str = ""
                ) -> list[Flowable]:
    """One worksheet as flowables; ``kicker`` is the small line above its title.

    Every place to write or tick is also a PDF form field, named after the sheet and the
    item's number: ``<sheet>-name``, ``<sheet>-date``, ``<sheet>-<n>-prompt``,
    ``<sheet>-<n>-scale``, ``<sheet>-<n>-o<k>`` (k-th option of a checklist) and
    ``<sheet>-<n>-r<row>c<col>`` (table cells, from 1), each after ``<prefix>-`` if given.
    A book holding the same sheet twice should give each a ``prefix``; a name used twice in
    one document gets ``-2``, ``-3``… so that the fields stay apart."""
    style = styles(plan)
    size = sizes(plan)
    base = f"{prefix}-{sheet.id}" if prefix else sheet.id
    ink = plan.colours.text
    # A sheet that runs onto another page says so at the top of it.
    continued = Paragraph(markup(_("{title}, continued")).format(
        title=f"<b>{markup(sheet.title)}</b>"), style["small"])
    parts: list[Flowable] = [
        SetTopFlowables([continued, Spacer(1, 2 * mm)]),
        Paragraph(markup(kicker), style["small"]),
        Paragraph(markup(sheet.title), style["title"]),
    ]
    if sheet.name_line:
        parts.append(_name_and_date(plan, base))
    parts.append(Spacer(1, 3 * mm))
    if sheet.instructions:
        parts.append(Paragraph(markup(sheet.instructions), style["body"]))
        parts.append(Spacer(1, 3 * mm))
    if sheet.example:
        parts += [_example(plan, sheet.example), Spacer(1, 2 * mm)]
    blocks: list[list[Flowable]] = []
    for number, item in enumerate(sheet.items, start=1):
        content = item.content
        block: list[Flowable] = []
        gap = size.line_gap * 0.4
        name = f"{base}-{number}"
        if isinstance(content, Prompt):
            block += [Paragraph(f"{number}. {markup(content.text)}", style["item"]),
                      WriteLines(content.lines, size.line_gap, f"{name}-prompt",
                                 font_size=size.body, text_colour=ink,
                                 tooltip=f"{number}. {content.text}")]
        elif isinstance(content, Scale):
            block += [Paragraph(f"{number}. {markup(content.text)}", style["item"]),
                      Spacer(1, 2), ScaleBoxes(content, size.body, plan.colours.primary,
                                               f"{name}-scale", ring_colour=ink,
                                               label_size=max(size.body * 0.85, size.small))]
            gap = size.line_gap * 0.25  # a scale's labels already leave room below it
        elif isinstance(content, Checklist):
            block.append(Paragraph(f"{number}. {markup(content.text)}", style["item"]))
            block += _check_options(plan, content, name)
        elif isinstance(content, TableItem):
            if content.text:
                block.append(Paragraph(f"{number}. {markup(content.text)}", style["item"]))
            block.append(_ruled_table(plan, content, name))
        elif isinstance(content, DrawingItem):
            block += [Paragraph(f"{number}. {markup(content.text)}", style["item"]),
                      Spacer(1, 2 * mm),
                      _drawing(plan, content, f"{name}-notes", f"{number}. {content.text}")]
        block.append(Spacer(1, gap))
        blocks.append(block)
    # The last question never goes over to a page alone: it keeps the one before it company.
    if len(blocks) > 1:
        blocks[-2:] = [blocks[-2] + blocks[-1]]
    parts += [KeepTogether(block) for block in blocks]
    parts.append(SetTopFlowables([]))
    return parts



def _example(plan: Plan, text: str) -> Table:
    """A worked example in a tinted box, marked as one, so nobody copies it as their own."""
    style = styles(plan)
    return tinted_box(plan, [Paragraph(markup(word(EXAMPLE_LABEL)), style["item"]),
                             Paragraph(markup(text), style["body"])], (8, 8, 2, 4))


PAIRED_OPTIONS = 3
"""A checklist of at least this many short options is set in two columns."""


def _check_options(plan: Plan, checklist: Checklist, name: str) -> list[Flowable]:
    """A checklist's boxes, one under another; or, when there are several and every one fits
    half the column on one line, in two columns read across, which halves their height."""
    style = styles(plan)["body"]
    boxes = [CheckOption(option, style, plan.colours.primary, field_name=f"{name}-o{index}",
                         text_colour=plan.colours.text)
             for index, option in enumerate(checklist.options, start=1)]
    half = frame_width(plan) / 2
    room = half - (style.fontSize * 1.05 + 8) - 3 * mm
    widest = max(stringWidth(option, style.fontName, style.fontSize)
                 for option in checklist.options)
    if len(boxes) < PAIRED_OPTIONS or widest > room:
        return list(boxes)
    rows = [[boxes[index], boxes[index + 1] if index + 1 < len(boxes) else ""]
            for index in range(0, len(boxes), 2)]
    table = Table(rows, colWidths=["50%", "50%"])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),  # else the empty cell
                               # makes the PDF list Helvetica, a font it does not embed
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table]


def _drawing(plan: Plan, item: DrawingItem, field_name: str, tooltip: str) -> Flowable:
    """The drawing alone, or beside its writing lines and exactly as tall as they are (a
    ladder's rungs then meet the lines); the lines are a text field to type into."""
    size = sizes(plan)
    if not item.lines:
        return Figure(item.picture, item.height * mm, size.body)
    figure = Figure(item.picture, item.lines * size.line_gap / lines_share(item.picture),
                    size.body, centred=False)
    lines = WriteLines(item.lines, size.line_gap, field_name, font_size=size.body,
                       text_colour=plan.colours.text, tooltip=tooltip)
    table = Table([[figure, lines]], colWidths=[figure.draw_width + 8 * mm, "*"])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # plain cells would otherwise use Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _name_and_date(plan: Plan, base: str) -> Table:
    style = styles(plan)["body"]
    size = sizes(plan)
    labels = {"name": _("Name"), "date": _("Date")}
    blank = [FieldBox(f"{base}-{key}", size.line_gap, font_size=size.body,
                      text_colour=plan.colours.text, tooltip=label)
             for key, label in labels.items()]
    # Each label's column is as wide as its word (so "Nombre" in large print never wraps into
    # the title above it), and the two lines share what is left, five parts to three.
    width = frame_width(plan)
    label_widths = [stringWidth(labels[key], FONT, size.body) + 6 for key in ("name", "date")]
    lines = width - sum(label_widths)
    table = Table([[Paragraph(markup(labels["name"]), style), blank[0],
                    Paragraph(markup(labels["date"]), style), blank[1]]],
                  colWidths=[label_widths[0], lines * 5 / 8, label_widths[1], lines * 3 / 8],
                  rowHeights=[size.line_gap])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # plain cells would otherwise use Helvetica
        ("LINEBELOW", (1, 0), (1, 0), 0.7, colour(COLOURS.rule)),
        ("LINEBELOW", (3, 0), (3, 0), 0.7, colour(COLOURS.rule)),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _ruled_table(plan: Plan, item: TableItem, name: str) -> Table:
    style = styles(plan)
    size = sizes(plan)
    heading = style["item"]
    header = [Paragraph(markup(column), heading) for column in item.columns]
    labels = item.row_labels
    count = len(labels) or item.rows

    def cell(row: int, column: int, heading_text: str) -> Flowable:
        if labels and column == 1:
            return Paragraph(markup(labels[row - 1]), style["body"])
        return FieldBox(f"{name}-r{row}c{column}", size.line_gap * 1.1, font_size=size.body,
                        text_colour=plan.colours.text,
                        tooltip=_("{column}, row {row}").format(column=heading_text, row=row))

    rows: list[list[Flowable]] = [header] + [
        [cell(row, column, heading_text)
         for column, heading_text in enumerate(item.columns, start=1)]
        for row in range(1, count + 1)]
    if labels:  # the labels' column is wider, and a row grows with a label that wraps
        rest = 60 / (len(item.columns) - 1)
        widths = ["40%"] + [f"{rest:.4f}%"] * (len(item.columns) - 1)
        heights: list[float | None] = [None] * (count + 1)
    else:
        widths = [f"{100 / len(item.columns):.4f}%"] * len(item.columns)
        heights = [None] + [size.line_gap * 1.1] * count
    table = Table(rows, colWidths=widths, rowHeights=heights, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # plain cells would otherwise use Helvetica
        ("GRID", (0, 0), (-1, -1), 0.7, colour(COLOURS.rule)),
        ("BACKGROUND", (0, 0), (-1, 0), colour(plan.colours.light)),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
    ]))
    return table


__all__ = ["render_worksheets"]


def support_page(plan: Plan, with_agreements: bool = True) -> list[Flowable]:
    """The group agreements, every crisis line and the disclaimer, as a page members keep.
    (The workbook prints the agreements at the front, so it leaves them out here.)"""
    course = plan.course
    style = styles(plan)
    parts: list[Flowable] = []
    if with_agreements:
        parts.append(Paragraph(markup(_("Our group agreements")), style["heading"]))
        parts += [Paragraph(markup(text), style["bullet"], bulletText="•")
                  for text in course.agreements]
    parts += [
        Paragraph(markup(_("Support and crisis lines")), style["heading"]),
        Paragraph(f"<b>{markup(course.emergency)}</b>", style["body"]),
    ]
    parts += [Paragraph(f"<b>{markup(line.region)}</b>{markup(line.after_region)}",
                        style["bullet"], bulletText="•") for line in crisis_lines(course)]
    if plan.group.contact:
        parts += [Paragraph(markup(_("Between sessions")), style["heading"]),
                  Paragraph(markup(plan.group.contact), style["body"])]
    parts += [Spacer(1, 6 * mm), Paragraph(markup(course.disclaimer), style["body"])]
    return parts
