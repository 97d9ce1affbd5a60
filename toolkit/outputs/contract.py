"""The contract every output keeps, as Sphinx's builders keep theirs.

An output is one kind of file a build makes. It declares:
- its **scope**: one file for the whole course, one for each session, or one for each member of
  the roster;
- its **path** in the group's folder;
- what it **reads**: the part of the plan it is made from. Its cache key is a hash of that data
  (``toolkit.cache.data_key``), worked out from the data itself: every field of every model and
  dataclass in it, and the content of every file it names. A field added to the plan is in the
  key of every output that reads it, with nothing listed by hand;
- the function that **draws** it, named as ``module:function`` and imported only when a build
  draws it (python-pptx and reportlab are slow to load; ``toolkit check`` never needs them);
- what it **needs**: other outputs (of session scope) whose files it is made from, as a book
  is made of the pages its sessions' files drew. The build draws those first.

Renderers take ``(plan)``, ``(plan, entry)`` or ``(plan, member)`` by scope, then for each
output it needs the bytes of that output's files in the plan's session order, and return
bytes; they never import the build.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from toolkit.plan import Plan, SessionEntry

Scope = Literal["course", "session", "member"]


@dataclass(frozen=True)
class Target:
    """Which file of an output: the course's one, a session's (by its place in the plan) or a
    member's (by their place in the roster)."""

    session: int | None = None
    member: int | None = None


@dataclass(frozen=True)
class Output:
    """One kind of file a build makes."""

    name: str
    """A short name for messages and the cache, e.g. ``slides``."""
    scope: Scope
    path: Callable[[Plan, Target], str]
    """Where the file goes, relative to the group's folder, with ``/`` between folders."""
    reads: Callable[[Plan, Target], object]
    """The data the file is made from: its cache key is a hash of it."""
    draws: str
    """The renderer, as ``module:function``."""
    needs: tuple[str, ...] = ()
    """The names of the session outputs whose files this one is made from."""

    def targets(self, plan: Plan) -> Iterator[Target]:
        """One target per file this output makes for ``plan``."""
        if self.scope == "session":
            yield from (Target(session=index) for index in range(len(plan.sessions)))
        elif self.scope == "member":
            yield from (Target(member=index) for index in range(len(plan.roster)))
        else:
            yield Target()

    def draw(self, plan: Plan, target: Target, parts: Sequence[Sequence[bytes]] = ()) -> bytes:
        """The file's bytes; ``parts`` holds, for each output it ``needs``, the bytes of that
        output's files in session order."""
        module, _, function = self.draws.partition(":")
        renderer: Any = getattr(importlib.import_module(module), function)
        if len(parts) != len(self.needs):
            raise ValueError(f"{self.name} needs {self.needs}, given {len(parts)} parts")
        if target.session is not None:
            data: bytes = renderer(plan, plan.sessions[target.session], *parts)
        elif target.member is not None:
            data = renderer(plan, plan.roster[target.member], *parts)
        else:
            data = renderer(plan, *parts)
        return data


# ---- paths -----------------------------------------------------------------------------------


def session_folder(entry: SessionEntry) -> str:
    """``week-03-the-avoidant-trap``: the week number in this course, then the plan's name."""
    return f"week-{entry.week:02d}-{re.sub(r'^week-[0-9]+-', '', entry.slug)}"


@dataclass(frozen=True)
class SessionFile:
    """A session's file: ``week-03-the-avoidant-trap/week-03-<suffix>``."""

    suffix: str

    def __call__(self, plan: Plan, target: Target) -> str:
        assert target.session is not None
        entry = plan.sessions[target.session]
        return f"{session_folder(entry)}/week-{entry.week:02d}-{self.suffix}"


@dataclass(frozen=True)
class CourseFile:
    """A file for the whole course, in the group's folder itself."""

    name: str

    def __call__(self, plan: Plan, target: Target) -> str:
        return self.name


def member_file(plan: Plan, target: Target) -> str:
    """A member's own workbook, numbered in roster order: never named after the member."""
    assert target.member is not None
    return f"workbooks/workbook-{target.member + 1:02d}.pdf"


# ---- what outputs read -----------------------------------------------------------------------


def without_roster(plan: Plan) -> Plan:
    """The plan without the members' names, for the files that never print them."""
    return dataclasses.replace(plan, roster=())


def one_session(plan: Plan, target: Target) -> object:
    """A session's file reads the plan-wide settings and that session alone (with the pictures
    its slides show, whether it holds the group's first, middle or last self-rating, and
    whether it is the first session or the last): changing one session never redraws another's
    files, except the one that stops or starts being the first or the last."""
    assert target.session is not None
    entry = plan.sessions[target.session]
    return (dataclasses.replace(plan, sessions=(entry,), roster=()), pictures(entry),
            plan.rating_point(entry), entry.slug == plan.sessions[0].slug,
            entry.slug == plan.sessions[-1].slug)


def whole_course(plan: Plan, target: Target) -> object:
    """A book reads every session (and their pictures), but never the roster."""
    return (without_roster(plan), [pictures(entry) for entry in plan.sessions])


def whole_course_and_roster(plan: Plan, target: Target) -> object:
    """The register prints the members' names."""
    return (plan, [pictures(entry) for entry in plan.sessions])


def one_member(plan: Plan, target: Target) -> object:
    """A member's workbook: the whole course and that one name."""
    assert target.member is not None
    return (whole_course(plan, target), plan.roster[target.member])


def listing(plan: Plan, target: Target) -> object:
    """The index page: the course and how many members' workbooks there are, never names."""
    return (without_roster(plan), len(plan.roster))


def pictures(entry: SessionEntry) -> tuple[Path, ...]:
    """The pictures a session's slides show, where they are on disk."""
    return tuple(entry.image_path(slide.image) for item in entry.session.agenda
                 for slide in item.slides if slide.image is not None)
