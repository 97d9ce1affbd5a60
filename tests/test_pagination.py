"""Slides of points and the agenda choose their type size by trying sizes from the largest down
only until one needs as few pages as the floor size. The rule they follow is "the largest size
that needs no more pages than any size does"; these tests keep that rule, trying every size, as
the reference, and require the same pages and size for the course, the example groups and
random points and agendas."""

from __future__ import annotations

import random
from collections.abc import Callable, Sized
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest

from toolkit.checked import check
from toolkit.plan import SessionEntry
from toolkit.render.content import Content, Picture, deck_contents
from toolkit.render.deck import agenda as agenda_module
from toolkit.render.deck import layout as layout_module
from toolkit.render.deck.agenda import agenda_pages
from toolkit.render.deck.layout import paginate
from toolkit.theme import SLIDE_SIZES

T = TypeVar("T")

SESSIONS = Path(__file__).parent.parent / "sessions"
WORDS = ("help", "asking", "interdependence", "a", "to", "hyper-independence", "we", "trust",
         "Sometimes the strongest thing is to say: I could use a hand.", "rest", "—", "ok")


def every_size(pages_at: Callable[[int], Sized | None], largest: int
               ) -> tuple[Sized, int] | None:
    """The reference: lay out at every size, then the largest size with the fewest pages."""
    options = [(pages, size) for size in range(largest, SLIDE_SIZES.body_min - 1, -1)
               if (pages := pages_at(size)) is not None]
    if not options:
        return None
    fewest = min(len(pages) for pages, _ in options)
    assert fewest == len(options[-1][0]), "a larger size needed fewer pages than the floor"
    return next(option for option in options if len(option[0]) == fewest)


def both_ways(lay_out: Callable[[], T], monkeypatch: pytest.MonkeyPatch) -> T:
    quick = lay_out()
    with monkeypatch.context() as patched:
        patched.setattr(layout_module, "largest_as_few", every_size)
        patched.setattr(agenda_module, "largest_as_few", every_size)
        reference = lay_out()
    assert quick == reference
    return quick


def entries() -> list[SessionEntry]:
    """Every session of the course and of the example groups (clock times, other lengths)."""
    groups = sorted((SESSIONS / "groups").glob("*.yaml"))
    plans = [*check(SESSIONS).plans, *check(SESSIONS, groups).plans]
    return [entry for plan in plans for entry in plan.sessions]


def test_the_course_paginates_as_trying_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = check(SESSIONS).plans[0]
    contents = [content for entry in plan.sessions for content in deck_contents(plan, entry)]
    assert len(contents) > 60
    for content in contents:
        both_ways(partial(paginate, content), monkeypatch)


def test_the_agendas_split_as_trying_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = entries()
    assert len(sessions) > 20
    for entry in sessions:
        both_ways(partial(agenda_pages, entry), monkeypatch)


def test_random_agendas_split_as_trying_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    chance = random.Random(11)
    entry = entries()[0]
    item = entry.session.agenda[0]
    spilled = shrunk = 0
    for _ in range(150):
        agenda = tuple(item.model_copy(update={
            "id": f"item-{number}", "minutes": chance.randint(1, 90),
            "title": " ".join(chance.choice(WORDS) for _ in range(chance.randint(1, 25)))})
            for number in range(chance.randint(1, 16)))
        changed = replace(entry, session=entry.session.model_copy(update={"agenda": agenda}))
        pages = both_ways(partial(agenda_pages, changed), monkeypatch)
        spilled += len(pages) > 1
        shrunk += pages[0][0].size < SLIDE_SIZES.body
    assert spilled > 20 and shrunk > 20  # the cases that matter were reached


def test_random_points_paginate_as_trying_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    chance = random.Random(7)
    spilled = shrunk = 0
    for _ in range(400):
        points = tuple(" ".join(chance.choice(WORDS) for _ in range(chance.randint(1, 60)))
                       for _ in range(chance.randint(1, 9)))
        content = Content("Title", "", points,
                          picture=Picture(Path("x.png"), "x") if chance.random() < 0.3 else None,
                          lead="Lead text " * chance.randint(0, 12) or None)
        if chance.random() < 0.2:
            content = replace(content, largest=22)
        pages = both_ways(partial(paginate, content), monkeypatch)
        spilled += len(pages) > 1
        shrunk += pages[0].size < content.largest
    assert spilled > 40 and shrunk > 40  # the cases that matter were reached
