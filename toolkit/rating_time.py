"""Time in the agenda for the self-rating, in the sessions of a group's order that hold it.

Which sessions hold the self-rating depends on the group's order (its first, its middle and its
last), so the course cannot write that time into a session plan. Instead ``course.yaml``
gives the agenda item under ``rating_items``, and it is placed here, before the closing item,
while the session is fitted to its length: the minutes come from its flexible items.
"""

from __future__ import annotations

from toolkit.fitting import Misfit, fit
from toolkit.model import AgendaItem, Course, Session
from toolkit.plan import rating_point_at


def rating_item(course: Course, index: int, count: int) -> AgendaItem | None:
    """The self-rating's agenda item for the session at ``index`` of ``count``, if any."""
    point = rating_point_at(index, count)
    return course.rating_items.get(point) if point is not None else None


def with_rating_item(session: Session, item: AgendaItem | None, target: int,
                     fixed: set[str]) -> Session | Misfit:
    """``session`` with ``item`` before its closing item (the last check-out, else at the end),
    fitted to ``target`` minutes without moving ``fixed`` items or the new one."""
    if item is None:
        return fit(session, target, fixed)
    agenda = list(session.agenda)
    closing = max((index for index, old in enumerate(agenda) if old.kind == "check-out"),
                  default=len(agenda))
    agenda.insert(closing, item)
    return fit(session.model_copy(update={"agenda": tuple(agenda)}), target, fixed | {item.id})


def clashing_id(session: Session, item: AgendaItem | None) -> bool:
    """Whether the session already has an agenda item with the rating item's id."""
    return item is not None and any(old.id == item.id for old in session.agenda)
