"""Named placeholders such as ``{group}`` or ``{date}`` in any text of a plan, filled in safely.

Only ``{name}`` with a lower-case name is a placeholder; ``{{`` and ``}}`` print one brace and any
other brace is left as written. Values are inserted as plain text exactly once: a value that
itself looks like a placeholder, markup or code is never looked at again (unlike ``str.format``,
which would let ``{0.__class__}`` reach into Python objects).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from toolkit.problems import Problem, excerpt
from toolkit.yamlfile import Document, Location

PATTERN = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_-]*)\}")

BUILT_IN: dict[str, str] = {
    "group": "the group's name",
    "facilitator": "the first facilitator",
    "facilitators": "every facilitator, e.g. 'Sam and Jo'",
    "location": "where the group meets",
    "contact": "how members reach the facilitators",
    "date": "this session's date",
    "time": "this session's start time",
    "end": "this session's end time",
    "next_date": "the next session's date",
    "week": "this session's week number",
    "minutes": "an agenda item's own minutes (as the group's changes leave them); elsewhere, "
               "the session's",
    "course": "the course's title",
    "records": "what records the facilitators keep and for how long",
}
"""Every placeholder a plan may use without a group defining it, and what it becomes."""

T = TypeVar("T")


def names_in(text: str) -> list[str]:
    """The placeholder names a text uses, in order."""
    return [match.group(1) for match in PATTERN.finditer(text) if match.group(1)]


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every known placeholder replaced; unknown ones are left as written (the
    check stage has already reported them)."""
    if "{" not in text and "}" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        return values.get(match.group(1), token)

    return PATTERN.sub(replace, text)


def fill_model(value: T, values: Mapping[str, str]) -> T:
    """A copy of a frozen model (or tuple, or text) with placeholders filled in every text."""
    result: Any = value
    if isinstance(value, str):
        result = fill(value, values)
    elif isinstance(value, tuple):
        result = tuple(fill_model(part, values) for part in value)
    elif isinstance(value, BaseModel):
        update = {name: fill_model(getattr(value, name), values)
                  for name in type(value).model_fields}
        result = value.model_copy(update=update)
    return result  # type: ignore[no-any-return]


def unknown_placeholders(document: Document, known: set[str], data: Any = None,
                         at: Location = ()) -> list[Problem]:
    """A problem at each text that uses a placeholder nobody defines."""
    problems = []
    hints: dict[str, str] = {}
    for location, text in texts(document.data if data is None else data, at):
        for name in names_in(text):
            if name in known:
                continue
            if name not in hints:
                hints[name] = _hint(name, known)
            problems.append(document.problem(
                location, f"unknown placeholder '{{{excerpt(name, 30)}}}'", hints[name]))
    return problems


SHOWN_IN_HINTS = 6
"""The most of a group's own placeholder names a hint lists (a group may set up to 100)."""


def _hint(name: str, known: set[str]) -> str:
    """The closest few known names, or the first few of them (built-in ones first)."""
    import difflib

    ordered = [key for key in BUILT_IN if key in known] + sorted(known - set(BUILT_IN))
    close = difflib.get_close_matches(name, ordered, n=3, cutoff=0.6)
    if close:
        shown = [f"'{{{key}}}'" for key in close]
        return f"Did you mean {' or '.join(shown)}?"
    # The group's own first, as the likeliest meant (a renamed one, say); then every
    # built-in one.
    own = sorted(known - set(BUILT_IN))
    listed = ", ".join(f"{{{key}}}" for key in own[:SHOWN_IN_HINTS])
    more = len(own) - SHOWN_IN_HINTS
    built_in = ", ".join(f"{{{key}}}" for key in BUILT_IN if key in known)
    return ((f"Set under 'placeholders:': {listed}" + (f" and {more} more" if more > 0 else "")
             + ". " if own else "") + f"Built in: {built_in}. Write {{{{ and }}}} for a "
            "literal brace.")


def texts(data: Any, at: Location = ()) -> Iterator[tuple[Location, str]]:
    """Every text in parsed YAML data, with where it is."""
    if isinstance(data, str):
        yield at, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, (*at, index))
