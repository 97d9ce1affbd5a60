"""A group's changes to one session, addressed by the ids the session already has.

Each change names exactly what it touches: an agenda item by its id, a slide as
``item-id/slide-id``, a worksheet item as ``worksheet-id/item-id`` (slides and worksheet items
without an ``id:`` of their own are ``slide-1``, ``item-2``... counted from 1). Whatever a change
does not name is left exactly as it was. A name that does not exist is an error with a "did you
mean" hint; a change that would leave the session invalid is an error at the change's line.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from toolkit.group_model import Changes
from toolkit.model import (
    ITEM_KINDS,
    AgendaItem,
    Homework,
    Session,
    Slide,
    WorksheetItem,
    item_id,
    slide_id,
)
from toolkit.problems import Problem
from toolkit.validate import validate_part
from toolkit.yamlfile import Document, Location

SIMPLE_FIELDS = ("title", "summary", "goals", "materials", "preparation", "safety")


@dataclass
class Changed:
    """A session after its changes, and which agenda items the group timed itself."""

    session: Session | None
    fixed: set[str] = field(default_factory=set)
    """Agenda item ids whose minutes the group set: fitting a new length never moves them."""
    problems: list[Problem] = field(default_factory=list)


def apply_changes(session: Session, changes: Changes, document: Document, at: Location
                  ) -> Changed:
    """``session`` with ``changes`` (found at ``at`` in the group file) applied."""
    result = Changed(session=None)
    data: dict[str, Any] = session.model_dump(by_alias=True, exclude_none=True)
    for name in SIMPLE_FIELDS:
        value = getattr(changes, name)
        if value is not None:
            data[name] = value
    _homework(data, changes, document, at, result)
    agenda = [dict(item) for item in data["agenda"]]
    _agenda(agenda, changes, document, at, result)
    _slides(agenda, changes, document, at, result)
    _add_agenda(agenda, changes, document, at, result)
    data["agenda"] = agenda
    sheets = [dict(sheet) for sheet in data.get("worksheets", [])]
    _worksheet_items(sheets, changes, document, at, result)
    data["worksheets"] = sheets
    if result.problems:
        return result
    _references(data, document, at, result)
    if result.problems:
        return result
    changed, problems = validate_part(document, Session, data, at, written=set())
    if changed is None:
        result.problems += [document.problem(at, p.message, p.hint) for p in problems]
        return result
    result.session = changed
    return result


def _not_found(document: Document, location: Location, what: str, name: str,
               known: list[str], why: str = "") -> Problem:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if close:
        hint = f"Did you mean '{close[0]}'?"
    elif known:
        shown = known[:12]
        hint = "Known here: " + ", ".join(shown) + (" ..." if len(known) > 12 else "") + "."
    else:
        hint = "There is nothing of that kind here to change."
    return document.problem(location, f"there is no {what} '{name[:60]}'{why}", hint, key=True)


def _merged(document: Document, model: type[BaseModel], old: dict[str, Any],
            change: dict[str, Any], location: Location, result: Changed
            ) -> dict[str, Any] | None:
    """``old`` with ``change``'s fields written over it, if the result is valid."""
    merged = {**old, **change}
    valid, problems = validate_part(document, model, merged, location, written=set(change))
    result.problems += problems
    if valid is None:
        return None
    dumped: dict[str, Any] = valid.model_dump(by_alias=True, exclude_none=True)
    return dumped


def _homework(data: dict[str, Any], changes: Changes, document: Document, at: Location,
              result: Changed) -> None:
    if changes.homework is None:
        return
    if changes.homework == "remove":
        data.pop("homework", None)
        return
    merged = _merged(document, Homework, data.get("homework", {}), changes.homework,
                     (*at, "homework"), result)
    if merged is not None:
        data["homework"] = merged


def _agenda(agenda: list[dict[str, Any]], changes: Changes, document: Document,
            at: Location, result: Changed) -> None:
    ids = [item["id"] for item in agenda]
    removed = []
    for name, change in changes.agenda.items():
        location = (*at, "agenda", name)
        if name not in ids:
            result.problems.append(_not_found(document, location, "agenda item", name, ids))
            continue
        index = ids.index(name)
        if change == "remove":
            removed.append(index)
            continue
        merged = _merged(document, AgendaItem, agenda[index], change, location, result)
        if merged is not None:
            agenda[index] = merged
            if "minutes" in change:
                result.fixed.add(merged["id"])
    for index in sorted(removed, reverse=True):
        del agenda[index]


def _add_agenda(agenda: list[dict[str, Any]], changes: Changes, document: Document,
                at: Location, result: Changed) -> None:
    for number, addition in enumerate(changes.add_agenda):
        location = (*at, "add_agenda", number)
        addition = dict(addition)
        places = [key for key in ("after", "before") if key in addition]
        if len(places) != 1:
            result.problems.append(document.problem(
                location, "a new agenda item needs either 'after:' or 'before:' (one of them)",
                "Add 'after: <id of an item>' to say where it goes."))
            continue
        place = places[0]
        anchor = addition.pop(place)
        ids = [item["id"] for item in agenda]
        if not isinstance(anchor, str) or not anchor.strip():
            result.problems.append(document.problem(
                (*location, place), f"'{place}' must name one agenda item by its id",
                f"Write the id of the item it goes {place}, for example '{place}: {ids[0]}'. "
                "This session's items: " + ", ".join(ids) + "."))
            continue
        anchor = anchor.strip()
        if anchor not in ids:
            result.problems.append(_not_found(document, (*location, place), "agenda item",
                                              anchor, ids))
            continue
        item, problems = validate_part(document, AgendaItem, addition, location)
        result.problems += problems
        if item is None:
            continue
        if item.id in ids:
            result.problems.append(document.problem(
                (*location, "id"), f"this session already has an agenda item '{item.id}'",
                "Give the new item an id of its own."))
            continue
        index = ids.index(anchor) + (1 if place == "after" else 0)
        agenda.insert(index, item.model_dump(by_alias=True, exclude_none=True))
        result.fixed.add(item.id)


def _slides(agenda: list[dict[str, Any]], changes: Changes, document: Document,
            at: Location, result: Changed) -> None:
    ids = [item["id"] for item in agenda]
    removed: dict[int, list[int]] = {}
    for address, change in changes.slides.items():
        location = (*at, "slides", address)
        owner, _, name = address.partition("/")
        if owner not in ids:
            result.problems.append(_not_found(
                document, location, "agenda item", owner,
                [f"{i}/{slide_id(Slide.model_validate(s), n)}"
                 for i, item in zip(ids, agenda, strict=True)
                 for n, s in enumerate(item.get("slides", ()))]))
            continue
        item = agenda[ids.index(owner)]
        slides = [dict(slide) for slide in item.get("slides", ())]
        index = _child_index([slide_id(Slide.model_validate(slide), n)
                              for n, slide in enumerate(slides)],
                             "slide", owner, name, document, location, result)
        if index is None:
            continue
        if change == "remove":
            removed.setdefault(ids.index(owner), []).append(index)
            continue
        merged = _merged(document, Slide, slides[index], change, location, result)
        if merged is not None:
            slides[index] = merged
            item["slides"] = slides
    for owner_index, indexes in removed.items():
        agenda[owner_index]["slides"] = _without(agenda[owner_index].get("slides", ()), indexes)


def _worksheet_items(sheets: list[dict[str, Any]], changes: Changes, document: Document,
                     at: Location, result: Changed) -> None:
    ids = [sheet["id"] for sheet in sheets]
    removed: dict[int, list[int]] = {}
    for address, change in changes.worksheet_items.items():
        location = (*at, "worksheet_items", address)
        owner, _, name = address.partition("/")
        if owner not in ids:
            result.problems.append(_not_found(document, location, "worksheet", owner, ids))
            continue
        sheet = sheets[ids.index(owner)]
        items = [dict(item) for item in sheet["items"]]
        index = _child_index([item_id(WorksheetItem.model_validate(item), n)
                              for n, item in enumerate(items)],
                             "item", owner, name, document, location, result)
        if index is None:
            continue
        if change == "remove":
            removed.setdefault(ids.index(owner), []).append(index)
            continue
        old = items[index]
        if any(kind in change for kind in ITEM_KINDS):
            old = {key: value for key, value in old.items() if key not in ITEM_KINDS}
        merged = _merged(document, WorksheetItem, old, change, location, result)
        if merged is not None:
            items[index] = merged
            sheet["items"] = items
    for owner_index, indexes in removed.items():
        items = _without(sheets[owner_index]["items"], indexes)
        if not items:
            result.problems.append(document.problem(
                (*at, "worksheet_items"), f"removing these items leaves the worksheet "
                f"'{ids[owner_index]}' empty", "Keep at least one item, or change one instead."))
            continue
        sheets[owner_index]["items"] = items


def _child_index(names: list[str], noun: str, owner: str, name: str, document: Document,
                 location: Location, result: Changed) -> int | None:
    """Where the slide or worksheet item ``owner/name`` is among its owner's ``names``; None,
    with the problem noted and the owner's other children suggested, when there is none."""
    if name not in names:
        result.problems.append(_not_found(document, location, f"{noun} in '{owner}' called",
                                          name, [f"{owner}/{n}" for n in names]))
        return None
    return names.index(name)


def _without(children: Sequence[Any], indexes: list[int]) -> list[Any]:
    """``children`` with those at ``indexes`` removed."""
    gone = set(indexes)
    return [child for index, child in enumerate(children) if index not in gone]


def _references(data: dict[str, Any], document: Document, at: Location,
                result: Changed) -> None:
    """Changed and added items may only name worksheets the session has."""
    known = [sheet["id"] for sheet in data.get("worksheets", [])]
    for item in data["agenda"]:
        name = item.get("worksheet")
        if name and name not in known:
            result.problems.append(_not_found(
                document, at, "worksheet", name, known,
                f" in this session (the agenda item '{item['id']}' names it)"))
    name = data.get("homework", {}).get("worksheet")
    if name and name not in known:
        result.problems.append(_not_found(document, (*at, "homework", "worksheet"), "worksheet",
                                          name, known, " in this session (the homework names it)"))
    if not data["agenda"]:
        result.problems.append(document.problem(
            at, "these changes remove every agenda item of the session",
            "Keep at least one item, or leave the session out of 'sessions'."))
