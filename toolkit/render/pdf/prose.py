"""The course's own prose (the guide's introduction and appendices, "About this group") as
flowables: a heading, its paragraphs, then its points."""

from __future__ import annotations

from reportlab.platypus import Flowable

from toolkit.i18n import word
from toolkit.model import Section
from toolkit.plan import Plan
from toolkit.render.content import ABOUT_TITLE
from toolkit.render.pdf.compat import Paragraph
from toolkit.render.pdf.page import styles
from toolkit.render.pdf.text import markup


def section_story(plan: Plan, part: Section) -> list[Flowable]:
    """One section: its title as a heading, then its paragraphs and its points."""
    style = styles(plan)
    flowables: list[Flowable] = [Paragraph(markup(part.title), style["heading"])]
    flowables += [Paragraph(markup(text), style["body"]) for text in part.paragraphs]
    flowables += [Paragraph(markup(text), style["bullet"], bulletText="•")
                  for text in part.points]
    return flowables




def about_story(plan: Plan) -> list[Flowable]:
    """The course's "About this group" page for members, or nothing if it has none."""
    if not plan.course.about:
        return []
    story: list[Flowable] = [Paragraph(markup(word(ABOUT_TITLE)), styles(plan)["title"])]
    for part in plan.course.about:
        story += section_story(plan, part)
    return story
