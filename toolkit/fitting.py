"""Fit a session's agenda to the length a group meets for.

Items a plan marks ``flexible: true`` absorb the difference in proportion to their length, in
steps of 5 minutes (any odd minutes go to the longest), and never shrink below half their written
length or 5 minutes. Items the group timed itself are never moved. When the flexible items cannot
absorb the change, the caller gets the numbers to say exactly what to fix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from toolkit.model import AgendaItem, Session

STEP = 5
FLOOR = 5


@dataclass(frozen=True)
class Misfit:
    """Why an agenda cannot be made to fit: what is needed and what the flexible items give."""

    total: int
    target: int
    flexible: tuple[str, ...]
    room: int
    """How many minutes the flexible items can give up (when shrinking)."""


def floor(item: AgendaItem) -> int:
    """The shortest a flexible item may become."""
    return max(FLOOR, math.ceil(item.minutes / 2))


def fit(session: Session, target: int, fixed: set[str]) -> Session | Misfit:
    """``session`` lasting ``target`` minutes, or why that cannot be done."""
    total = sum(item.minutes for item in session.agenda)
    if total == target:
        return session if session.minutes == target else session.model_copy(
            update={"minutes": target})
    flexible = [index for index, item in enumerate(session.agenda)
                if item.flexible and item.id not in fixed]
    names = tuple(session.agenda[index].id for index in flexible)
    room = sum(session.agenda[i].minutes - floor(session.agenda[i]) for i in flexible)
    delta = target - total
    if not flexible or -delta > room:
        return Misfit(total, target, names, room if flexible else 0)
    minutes = {index: session.agenda[index].minutes for index in flexible}
    _spread(minutes, delta, {index: floor(session.agenda[index]) for index in flexible})
    agenda = tuple(
        item.model_copy(update={"minutes": minutes[index]}) if index in minutes else item
        for index, item in enumerate(session.agenda))
    return session.model_copy(update={"agenda": agenda, "minutes": target})


def _spread(minutes: dict[int, int], delta: int, floors: dict[int, int]) -> None:
    """Share ``delta`` among the items in proportion to their length, in 5-minute steps,
    keeping each at or above its floor (the caller has checked there is room)."""
    active = dict(minutes)
    remaining = delta
    for _ in range(100):  # each round moves minutes or retires an item; this is a safety net
        if not remaining or not active:
            break
        weight = sum(active.values())
        steps = int(remaining / STEP)
        shares = {index: steps * length / weight for index, length in active.items()}
        given = {index: int(share) for index, share in shares.items()}
        leftover = steps - sum(given.values())
        order = sorted(active, key=lambda i: (-(abs(shares[i] - given[i])), -active[i], i))
        for index in order[:abs(leftover)]:
            given[index] += 1 if leftover > 0 else -1
        moved = 0
        for index, count in given.items():
            change = count * STEP
            if minutes[index] + change < floors[index]:
                change = floors[index] - minutes[index]
            minutes[index] += change
            moved += change
        remaining -= moved
        if abs(remaining) < STEP:
            longest = max((i for i in active if minutes[i] + remaining >= floors[i]),
                          key=lambda i: (minutes[i], -i), default=None)
            if longest is not None:
                minutes[longest] += remaining
                remaining = 0
        active = {index: minutes[index] for index in active if minutes[index] > floors[index]}
        if moved == 0 and remaining:
            # Nothing could move in whole steps: put the rest where it fits, minute by minute.
            for index in sorted(active, key=lambda i: -minutes[i]):
                change = max(remaining, floors[index] - minutes[index]) if remaining < 0 \
                    else remaining
                minutes[index] += change
                remaining -= change
                if not remaining:
                    break
            break
