"""One session's outline as a group file addresses it, for ``toolkit show``.

A facilitator changing one question should not have to read a long plan and count questions
(tick-lists and scales included) to find ``reflex-map/item-4``. The outline prints every id a
``changes:`` block takes, exactly as it takes them: agenda items with their minutes and kind,
slides as ``item-id/slide-id`` and worksheet items as ``worksheet-id/item-id``, each with
enough of its words to recognise it.
"""

from __future__ import annotations

from toolkit.model import Checklist, Drawing, Prompt, Scale, Table, item_id, slide_id
from toolkit.plan import SessionEntry

WORDS = 50
"""How much of a title or question is shown, in characters, before "…"."""


ADDED = "  [added by the toolkit: set in course.yaml, not here]"
"""After an agenda item (and its slides) that the toolkit adds, which changes: cannot name."""


def outline(entry: SessionEntry, place: str, added: frozenset[str] = frozenset(),
            course_minutes: dict[str, int] | None = None) -> list[str]:
    """The session's ids and what each names; ``place`` says where it sits (its course week,
    or a group's session number beside it). ``added`` are the ids of agenda items the
    toolkit adds (the self-rating's time), marked as such. ``course_minutes`` (for a group's
    version) are the course's own minutes by item: an item whose time the group's length or
    changes moved says what it was, since fitting a session moves flexible items silently."""
    session = entry.session
    lines = [f"{entry.slug}: {session.title}", f"{place} · {session.minutes} minutes"]
    kinds = max(len(item.kind) for item in session.agenda)
    was = course_minutes or {}
    agenda = [(item.id, f"{item.minutes:>3} min  {item.kind:<{kinds}}  ",
               item.title + (f"  [{was[item.id]} min in the course]"
                             if was.get(item.id, item.minutes) != item.minutes else ""),
               item.id in added) for item in session.agenda]
    lines += _part("Agenda items (changes: agenda:)", agenda)
    slides = [(f"{item.id}/{slide_id(slide, index)}", "", slide.title, item.id in added)
              for item in session.agenda for index, slide in enumerate(item.slides)]
    lines += _part("Slides (changes: slides:)", slides)
    items = [(f"{sheet.id}/{item_id(item, index)}", *_question(item.content), False)
             for sheet in session.worksheets for index, item in enumerate(sheet.items)]
    lines += _part("Worksheet items (changes: worksheet_items:)", items)
    if session.homework is not None:
        lines += ["", "Homework (changes: homework:)", f"  {_short(session.homework.text)}"]
    return lines


def _part(heading: str, rows: list[tuple[str, str, str, bool]]) -> list[str]:
    """A heading, then one row per id: the id in a column of its own, its details (minutes
    and kind) in columns of their own, then its words (a note in [brackets] after them is
    kept whole), and whether the toolkit adds it."""
    if not rows:
        return []
    width = max(len(row[0]) for row in rows)
    return ["", heading, *(f"  {name:<{width}}  {details}{_with_note(words)}"
                           f"{ADDED if toolkit else ''}"
                           for name, details, words, toolkit in rows)]


def _with_note(words: str) -> str:
    text, bracket, note = words.partition("  [")
    return _short(text) + (f"  [{note}" if bracket else "")


def _question(content: object) -> tuple[str, str]:
    """The item's kind, and what it asks (for a table without a question, its columns)."""
    kind = f"{type(content).__name__.lower():<9} "
    if isinstance(content, Table) and not content.text:
        return kind, ", ".join(content.columns)
    if isinstance(content, Prompt | Scale | Checklist | Table | Drawing) and content.text:
        return kind, content.text
    return kind, ""


def _short(text: str) -> str:
    """``text`` on one line, cut to ``WORDS`` characters with "…" when longer."""
    flat = " ".join(text.split())
    return flat if len(flat) <= WORDS else flat[:WORDS - 1].rstrip() + "…"
