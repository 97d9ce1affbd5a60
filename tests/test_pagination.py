"""Slides of points choose their type size by trying sizes from the largest down only until one
needs as few pages as the floor size. The rule they follow is "the largest size that needs no
more pages than any size does"; these tests keep that rule, trying every size, as the
reference, and require the same pages and size for the whole course and for random points."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from toolkit.build import check
from toolkit.render import slide_layout
from toolkit.render.slide_layout import Content, Picture, deck_contents, paginate
from toolkit.theme import SLIDE_SIZES

SESSIONS = Path(__file__).parent.parent / "sessions"
WORDS = ("help", "asking", "interdependence", "a", "to", "hyper-independence", "we", "trust",
         "Sometimes the strongest thing is to say: I could use a hand.", "rest", "—", "ok")


def every_size(pieces: list[str], largest: int, at_floor: list[list[str]],
               first: tuple[float, float], rest: tuple[float, float]
               ) -> tuple[list[list[str]], int]:
    """The reference: fill at every size, then the largest size with the fewest pages."""
    options = [(pages, size) for size in range(largest, SLIDE_SIZES.body_min - 1, -1)
               if (pages := slide_layout._fill(pieces, size, first, rest)) is not None]
    fewest = min(len(pages) for pages, _ in options)
    assert fewest == len(at_floor), "a larger size needed fewer pages than the floor"
    return next(option for option in options if len(option[0]) == fewest)


def both_ways(content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = paginate(content)
    with monkeypatch.context() as patched:
        patched.setattr(slide_layout, "_largest_as_few", every_size)
        reference = paginate(content)
    assert quick == reference


def test_the_course_paginates_as_trying_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = check(SESSIONS).plans[0]
    contents = [content for entry in plan.sessions for content in deck_contents(plan, entry)]
    assert len(contents) > 60
    for content in contents:
        both_ways(content, monkeypatch)


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
        pages = paginate(content)
        spilled += len(pages) > 1
        shrunk += pages[0].size < content.largest
        both_ways(content, monkeypatch)
    assert spilled > 40 and shrunk > 40  # the cases that matter were reached
