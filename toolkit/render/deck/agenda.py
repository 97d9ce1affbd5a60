"""The agenda slide: one row per item as a timeline, over as few slides as the floor size
allows, at the largest size that needs no more (the same search as slides of points)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from toolkit import textfit
from toolkit.i18n import _
from toolkit.plan import SessionEntry
from toolkit.render.content import clean, timeline
from toolkit.render.deck.layout import (
    AGENDA_GAP,
    BODY_BOTTOM,
    BODY_TOP,
    INSET,
    MARGIN,
    SLIDE_W,
    TIMELINE_W,
    largest_as_few,
)
from toolkit.theme import SLIDE_SIZES


@dataclass(frozen=True)
class AgendaRow:
    """One agenda item as a row of the timeline."""

    minutes: str
    title: str
    muted: bool


@dataclass(frozen=True)
class AgendaLayout:
    """The agenda's columns at one type size."""

    size: int
    minutes_w: float
    title_left: float
    title_w: float

    def row_height(self, row: AgendaRow) -> float:
        lines = textfit.wrap(row.title, self.title_w, self.size)
        return len(lines) * self.size * textfit.LINE_HEIGHT

    @property
    def gap(self) -> float:
        return self.size * AGENDA_GAP


def _agenda_layout(rows: Sequence[AgendaRow], size: int) -> AgendaLayout:
    # One point to spare: box sizes are rounded to whole EMUs.
    minutes_w = max(textfit.text_width(row.minutes, size, bold=True) for row in rows) + 1
    title_left = MARGIN + minutes_w + TIMELINE_W
    return AgendaLayout(size, minutes_w, title_left, SLIDE_W - MARGIN - title_left)


def _agenda_rows(entry: SessionEntry) -> list[AgendaRow]:
    """One row per item: its length, or its clock time when the group has a start time."""
    rows = [AgendaRow(slot.begins or _("{minutes} min").format(minutes=slot.item.minutes),
                      clean(slot.item.title), slot.item.kind == "break")
            for slot in timeline(entry)]
    # A title taller than the whole body at the floor size is cut: the agenda is a summary.
    layout = _agenda_layout(rows, SLIDE_SIZES.body_min)
    lines = int((BODY_BOTTOM - BODY_TOP - 2 * INSET) // (layout.size * textfit.LINE_HEIGHT))
    return [replace(row, title=textfit.shorten(row.title, layout.title_w, layout.size,
                                               max_lines=lines)) for row in rows]


def agenda_pages(entry: SessionEntry) -> list[tuple[AgendaLayout, list[AgendaRow]]]:
    """The agenda's rows split over as few slides as the floor size allows, at the largest size
    that needs no more."""
    rows = _agenda_rows(entry)
    height = BODY_BOTTOM - BODY_TOP - 2 * INSET

    def pages_at(size: int) -> list[tuple[AgendaLayout, list[AgendaRow]]]:
        layout = _agenda_layout(rows, size)
        pages: list[list[AgendaRow]] = [[]]
        used = 0.0
        for row in rows:
            needed = layout.row_height(row) + (layout.gap if pages[-1] else 0.0)
            if pages[-1] and used + needed > height:
                pages.append([])
                needed = layout.row_height(row)
                used = 0.0
            pages[-1].append(row)
            used += needed
        return [(layout, page) for page in pages]

    chosen = largest_as_few(pages_at, SLIDE_SIZES.body)
    assert chosen is not None  # rows always go somewhere: one too tall gets a slide alone
    return chosen[0]
