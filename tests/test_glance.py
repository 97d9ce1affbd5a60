"""The "at a glance" card: the first page of every session's notes, and only one page."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from toolkit.checked import check
from toolkit.plan import Plan
from toolkit.render.pdf.notes import render_notes

SESSIONS = Path(__file__).parent.parent / "sessions"


def pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split())
            for page in PdfReader(io.BytesIO(data)).pages]


def test_every_session_opens_with_a_one_page_card() -> None:
    plan = check(SESSIONS).plans[0]
    for entry in plan.sessions:
        text = pages(render_notes(plan, entry))
        card = text[0]
        assert card.count("At a glance") == 1
        for goal in entry.session.goals:
            assert " ".join(goal.split()) in card
        for item in entry.session.agenda:
            assert " ".join(item.title.split()) in card
        assert "At a glance" not in text[1]
        assert f"{entry.label} · {entry.session.minutes} minutes" in text[1]  # notes begin


def test_a_long_agenda_still_fits_on_one_card(sample_plan: Plan) -> None:
    entry = sample_plan.sessions[0]
    item = entry.session.agenda[0]
    agenda = tuple(item.model_copy(update={"id": f"part-{n}", "title": f"Part number {n} "
                                           "with a fairly long descriptive title", "minutes": 2})
                   for n in range(40))
    session = entry.session.model_copy(update={"agenda": agenda, "minutes": 80})
    plan = replace(sample_plan, sessions=(replace(entry, session=session),))
    text = pages(render_notes(plan, plan.sessions[0]))
    assert "Part number 39" in text[0]
    assert "At a glance" not in text[1]
