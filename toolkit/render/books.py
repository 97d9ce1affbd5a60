"""The course's two books: the facilitator guide and the participant workbook.

Each is one PDF for the whole course, with a cover, a contents page with page numbers and a
bookmark for every part, built from the same stories as the per-session PDFs so a session reads
the same wherever it is printed.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from toolkit.model import Section
from toolkit.plan import Plan
from toolkit.render.notes import (
    agreements_and_crisis_lines,
    facilitator_page,
    section,
    session_story,
)
from toolkit.render.pdfbase import (
    Outline,
    contents,
    markup,
    render_indexed_pdf,
    styles,
)
from toolkit.render.worksheets import participant_page, sheet_story, support_page


def render_guide(plan: Plan) -> bytes:
    """The facilitator guide: introduction, every session's notes, appendices."""
    course = plan.course
    style = styles(plan)
    story: list[Flowable] = _front(plan, "Facilitator guide")
    if course.introduction:
        story += [Outline("Introduction", "introduction"),
                  Paragraph("Introduction", style["title"])]
        for index, part in enumerate(course.introduction):
            story += _section(plan, part, f"introduction-{index}")
        story.append(PageBreak())
    for entry in plan.sessions:
        story.append(Outline(f"{entry.label}: {entry.session.title}", entry.slug))
        story += session_story(plan, entry, standalone=False)
        story.append(PageBreak())
    story += [Outline("Appendices", "appendices"), Paragraph("Appendices", style["title"])]
    for index, part in enumerate(course.appendices):
        story += _section(plan, part, f"appendix-{index}")
    story += [Outline("Group agreements and crisis lines", "agreements", level=1),
              *agreements_and_crisis_lines(plan)]
    decorate, number = facilitator_page(plan, f"{course.title} · Facilitator guide")
    return render_indexed_pdf(plan, story, title=f"{course.title}: facilitator guide",
                              subject="Facilitator guide", decorate=decorate, number=number)


def render_workbook(plan: Plan) -> bytes:
    """The participant workbook: welcome, agreements, every week's sheets, resources."""
    course = plan.course
    style = styles(plan)
    story: list[Flowable] = [
        *_front(plan, "Participant workbook", name_line=True),
        Outline("Welcome and group agreements", "welcome"),
        Paragraph("Welcome", style["title"]),
    ]
    if course.welcome:
        story.append(Paragraph(markup(course.welcome), style["body"]))
    story += section(plan, "Our group agreements", course.agreements)
    reflection = next((form for form in course.forms if form.id == "self-reflection"), None)
    others = [form for form in course.forms if form is not reflection]
    if reflection:
        story += [PageBreak(), Outline(f"{reflection.title}: first session", "reflection-first"),
                  *sheet_story(plan, "First session", reflection)]
    for entry in plan.sessions:
        for index, sheet in enumerate(entry.session.worksheets):
            story.append(PageBreak())
            if index == 0:
                story.append(Outline(f"{entry.label}: {entry.session.title}", entry.slug))
            story.append(Outline(sheet.title, f"{entry.slug}-{sheet.id}", level=1))
            story += sheet_story(plan, f"{entry.label} · {entry.session.title}", sheet)
    if reflection:
        story += [PageBreak(), Outline(f"{reflection.title}: last session", "reflection-last"),
                  *sheet_story(plan, "Last session", reflection)]
    for form in others:
        story += [PageBreak(), Outline(form.title, f"form-{form.id}"),
                  *sheet_story(plan, course.title, form)]
    story += [PageBreak(), Outline("Support and crisis lines", "resources"),
              *support_page(plan, with_agreements=False)]
    decorate, number, bottom = participant_page(plan, f"{course.title} · Workbook")
    return render_indexed_pdf(plan, story, title=f"{course.title}: participant workbook",
                              subject="Participant workbook", decorate=decorate,
                              number=number, bottom=bottom)


def _front(plan: Plan, kind: str, name_line: bool = False) -> list[Flowable]:
    """The cover and the contents page every book opens with."""
    return [*_cover(plan, kind, name_line), Paragraph("Contents", styles(plan)["title"]),
            contents(plan), PageBreak()]


def _cover(plan: Plan, kind: str, name_line: bool = False) -> list[Flowable]:
    course = plan.course
    style = styles(plan)
    parts: list[Flowable] = [
        Spacer(1, 50 * mm),
        Paragraph(markup(course.title), style["title"]),
    ]
    if course.subtitle:
        parts.append(Paragraph(markup(course.subtitle), style["heading"]))
    parts += [Spacer(1, 8 * mm), Paragraph(kind, style["label"])]
    if name_line:
        parts += [Spacer(1, 20 * mm),
                  Paragraph("This workbook belongs to: ______________________________",
                            style["body"])]
    parts += [Spacer(1, 30 * mm), Paragraph(markup(course.disclaimer), style["small"]),
              PageBreak()]
    return parts


def _section(plan: Plan, part: Section, key: str) -> list[Flowable]:
    style = styles(plan)
    flowables: list[Flowable] = [Outline(part.title, key, level=1),
                                 Paragraph(markup(part.title), style["heading"])]
    flowables += [Paragraph(markup(text), style["body"]) for text in part.paragraphs]
    flowables += [Paragraph(markup(text), style["bullet"], bulletText="•")
                  for text in part.points]
    return flowables
