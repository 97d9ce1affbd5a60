"""Which slides had to give: the check's report on slides whose text shrank below the normal
size or continued on "(cont.)" slides, from the same computation the deck is drawn from, so
``toolkit check`` can say so without building a deck (this module does not import pptx)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from toolkit.i18n import word
from toolkit.plan import Plan, SessionEntry
from toolkit.render.content import AGENDA_TITLE, deck_contents
from toolkit.render.deck.agenda import agenda_pages
from toolkit.render.deck.layout import paginate


@dataclass(frozen=True)
class SlideFit:
    """A planned slide that did not fit at the normal size: its text shrank, or it continues on
    "(cont.)" slides, or both."""

    item_id: str | None
    """The agenda item's id; None for the agenda, homework and closing slides."""
    slide_index: int | None
    """The slide's place among the item's ``slides``, from 0; None when not an item's slide."""
    title: str
    """The slide's title as the deck shows it ("Agenda" for the agenda)."""
    slides: int
    """How many slides it became."""
    size: int
    """The type size its points were set at (or its lead panel's, when that is what shrank)."""
    shrunk: bool
    """Set smaller than normal: points below 26 pt (the closing slide's crisis lines below
    ``CRISIS_SIZE``), or a lead panel below its usual size."""
    split: bool
    """Continued on "(cont.)" slides."""
    generated: Literal["agenda", "homework", "closing"] | None = None
    """Which slide the toolkit makes itself, when it is one."""


AGENDA_QUIET = 22
"""The agenda's rows are short, one line each, read at a glance: set at 22 pt or more on one
slide they read well across a room, so only a smaller or split agenda is reported (a session
holding the self-rating has nine rows, which fit at 23 pt)."""


def fit_report(plan: Plan, entry: SessionEntry) -> list[SlideFit]:
    """The slides of one session's deck that had to shrink or split, in deck order: the same
    computation the renderer draws from, without building the deck."""
    report: list[SlideFit] = []
    agenda = agenda_pages(entry)
    size = agenda[0][0].size
    if len(agenda) > 1 or size < AGENDA_QUIET:
        report.append(SlideFit(None, None, word(AGENDA_TITLE), len(agenda), size,
                               size < AGENDA_QUIET, len(agenda) > 1, "agenda"))
    for content in deck_contents(plan, entry):
        pages = paginate(content)
        size = min((page.size for page in pages if page.points), default=content.largest)
        shrunk = size < content.largest
        first = pages[0]
        if first.lead is not None and first.lead_size < content.lead_max:
            shrunk, size = True, min(size, first.lead_size)
        if shrunk or len(pages) > 1:
            report.append(SlideFit(content.item_id, content.slide_index, content.title,
                                   len(pages), size, shrunk, len(pages) > 1,
                                   content.generated))
    return report
