"""Turn a YAML document into a typed model object, or into problems an author can act on.

pydantic finds what is wrong; this module says it in words a curriculum author understands,
points at the line, and never repeats the whole value (it may hold private text).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ValidationError

from toolkit.problems import Problem, excerpt
from toolkit.yamlfile import Document, Location

M = TypeVar("M", bound=BaseModel)


def validate(document: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a document's data as ``model``; on failure, one problem per mistake."""
    if not isinstance(document.data, dict):
        found = "a list" if isinstance(document.data, list) else "a single value"
        return None, [document.problem(
            (), f"the file should hold 'key: value' lines, but it holds {found}",
            "Start with the fields of a plan, e.g. 'title: ...' on the first line.",
        )]
    return validate_part(document, model, document.data)


def validate_part(
    document: Document, model: type[M], data: Any, at: Location = (),
    written: set[str] | None = None,
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (a part of ``document`` found at ``at``) as ``model``.

    ``written`` names the top-level keys the author actually wrote at ``at`` when ``data`` merges
    them over something else (a group file's change over a curriculum item): a mistake in any
    other key is reported at ``at`` itself, since that is where the author can fix it.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for details in exc.errors():
            error: dict[str, Any] = dict(details)
            if _is_echo(error):
                continue
            loc = tuple(error["loc"])
            if written is not None and loc and loc[0] not in written and \
                    error["type"] != "missing":
                error["loc"] = ()
            problems.append(_problem(document, model, error, at))
        return None, _without_echoed_missing(exc, problems)


def _without_echoed_missing(exc: ValidationError, problems: list[Problem]) -> list[Problem]:
    """A misspelt key ('goalz') is reported as unknown with "did you mean 'goals'"; the missing
    'goals' that follows from it is the same mistake, so it is not reported again."""
    misspelt = set()
    for error in exc.errors():
        if error["type"] == "extra_forbidden":
            misspelt.add((tuple(error["loc"][:-1]), str(error["loc"][-1])))
    if not misspelt:
        return problems
    drop = set()
    for error in exc.errors():
        if error["type"] != "missing":
            continue
        parent, name = tuple(error["loc"][:-1]), str(error["loc"][-1])
        if any(p == parent and difflib.get_close_matches(name, [key], n=1, cutoff=0.6)
               for p, key in misspelt):
            drop.add(f"missing required field '{name}'")
    return [p for p in problems if not any(p.message.startswith(d) for d in drop)]


def _is_echo(error: dict[str, Any]) -> bool:
    """pydantic adds "needs at least N entries" to a list whose entries had errors of their own,
    counting only the valid ones; the list itself is then fine and the message misleads."""
    given = error.get("input")
    needed = (error.get("ctx") or {}).get("min_length", 0)
    return error["type"] == "too_short" and isinstance(given, list) and len(given) >= needed


def _problem(document: Document, model: type[BaseModel], error: dict[str, Any],
             at: Location = ()) -> Problem:
    problem = _located_problem(document, model, error)
    if not at:
        return problem
    inner: Location = tuple(error["loc"])
    key = error["type"] == "extra_forbidden"
    where = at + (inner[:-1] if error["type"] == "missing" else inner)
    return document.problem(where, problem.message, problem.hint, key=key)


def _located_problem(document: Document, model: type[BaseModel], error: dict[str, Any]
                     ) -> Problem:
    loc: Location = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    name = _field_name(loc)
    if kind == "missing":
        parent = loc[:-1]
        return document.problem(
            parent, f"missing required field '{loc[-1]}'{_inside(parent)}",
            f"Add a line '{loc[-1]}: ...' here.",
        )
    if kind == "extra_forbidden":
        allowed = allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.7)
        hint = (f"Did you mean '{close[0]}'?" if close else
                "Allowed here: " + ", ".join(allowed) + "." if allowed else None)
        return document.problem(loc, f"unknown field '{excerpt(str(loc[-1]))}'", hint, key=True)
    if kind == "literal_error":
        expected = _choices(str(ctx.get("expected", "")))
        value = error.get("input")
        close = difflib.get_close_matches(str(value), expected, n=1, cutoff=0.5)
        hint = (f"Did you mean '{close[0]}'?" if close else
                "Write one of these, exactly as shown.")
        return document.problem(
            loc, f"{name} must be one of: {', '.join(expected)}", _quotes(error) or hint)
    message, hint = _describe(kind, name, ctx, error)
    return document.problem(loc, message, _quotes(error) or hint)


CURLY_QUOTES = "“”‘’„\u201a«»"
"""Quotes a word processor or phone puts in for straight ones: YAML reads them as text."""


def _quotes(error: dict[str, Any]) -> str | None:
    """For a value that is wrong because it is in curly quotes, the way out: straight quotes.
    (Only the quotes are looked at; the value itself is never repeated.)"""
    given = error.get("input")
    first = given.strip()[:1] if isinstance(given, str) else ""
    if first and first in CURLY_QUOTES:
        return ("It is in curly quotes (“ ”), which YAML reads as part of the value: use "
                "straight quotes \" instead (a word processor or phone may have changed them).")
    return None


def _describe(
    kind: str, name: str, ctx: dict[str, Any], error: dict[str, Any]
) -> tuple[str, str | None]:
    """A plain sentence for each kind of mistake pydantic reports."""
    if kind in ("int_parsing", "int_type", "int_from_float"):
        given = error.get("input")
        if isinstance(given, str) and re.fullmatch(r"\s*\d{1,2}[:.]\d{2}\s*", given):
            return (f"{name} must be a number of minutes, not a clock time",
                    "Write the minutes as one number: 90 for an hour and a half.")
        return f"{name} must be a whole number", "Write digits only, e.g. 10."
    if kind in ("string_type",):
        return f"{name} must be text", "Write the text on the same line after the ':'."
    if kind in ("tuple_type", "list_type"):
        return (f"{name} must be a list",
                "Put each entry on its own line, starting with '- '.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (f"{name} must be a group of 'key: value' lines",
                "Indent its fields under it, one per line.")
    if kind.startswith("date_"):
        return (f"{name} must be a date",
                "Write it as year-month-day on the same line, for example 2027-01-12.")
    if kind.startswith("time_"):
        return (f"{name} must be a time of day",
                "Write it in quotes on the same line, like \"18:30\" or \"6:30 pm\".")
    if kind.startswith("bool_"):
        return f"{name} must be true or false", "Write true or false on the same line."
    if kind in ("greater_than_equal", "greater_than"):
        least = ctx.get('ge', ctx.get('gt'))
        return f"{name} must be at least {least}", f"Write a whole number of {least} or more."
    if kind in ("less_than_equal", "less_than"):
        most = ctx.get('le', ctx.get('lt'))
        return (f"{name} must be at most {most}",
                f"Write a whole number no larger than {most}.")
    if kind == "string_too_short":
        return f"{name} is empty", "Write something, or remove the line."
    if kind == "string_too_long":
        return (f"{name} is too long (at most {ctx.get('max_length')} characters)",
                "Shorten it, or split it into several entries.")
    if kind == "string_pattern_mismatch":
        return (f"{name} must be an id: lower-case letters, digits and hyphens",
                "For example 'body-signals' or 'check-in-2'.")
    if kind == "too_short":
        needed = ctx.get("min_length", 1)
        return (f"{name} needs at least {needed} {'entry' if needed == 1 else 'entries'}",
                "Add entries, each on its own line starting with '- '.")
    if kind == "too_long":
        most = ctx.get("max_length")
        return (f"{name} can have at most {most} entries",
                f"Remove some, so that no more than {most} are left.")
    if kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        if ": write " in message:
            what, advice = message.split(": write ", 1)
            return what, f"Write {advice}."
        return message, next(
            (hint for phrase, hint in _VALUE_HINTS.items() if phrase in message), None)
    said = str(error.get("msg", "")).replace("Input should be", "it must be")
    return f"{name} is not valid here" + (f": {said}" if said else ""), None


_VALUE_HINTS = {
    "exactly one of": "Split it into separate items, each starting with '- ' and one kind.",
    "'to' must be larger": "Swap the two numbers, or check them.",
    "at most 11 boxes": "Use a shorter range, for example from: 0, to: 10.",
    "needs 'paragraphs'": "Add a line 'paragraphs:' with the text under it.",
}
"""What to do about the mistakes our own validators describe, by a phrase of their message."""


def _last_name(loc: Location) -> tuple[str, bool] | None:
    """The last field name in ``loc``, and whether ``loc`` is one entry of it."""
    names = [part for part in loc if isinstance(part, str)]
    return (names[-1], isinstance(loc[-1], int)) if names else None


def _field_name(loc: Location) -> str:
    """``'minutes'`` of ``('agenda', 2, 'minutes')``, described for a person."""
    found = _last_name(loc)
    if found is None:
        return "this value"
    name, entry = found
    return f"each entry of '{name}'" if entry else f"'{name}'"


def _inside(parent: Location) -> str:
    found = _last_name(parent)
    if found is None:
        return ""
    name, entry = found
    return f" in this entry of '{name}'" if entry else f" in '{name}'"


def _choices(expected: str) -> list[str]:
    """pydantic says ``'a', 'b' or 'c'``; we want the list."""
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def allowed_fields(model: type[BaseModel], loc: Location) -> list[str]:
    """The keys the model accepts at ``loc`` (for "did you mean" hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if typing.get_origin(current) is dict:  # a key of the user's (a session's name)
            current = typing.get_args(current)[1]
            continue
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = next((f for n, f in current.model_fields.items()
                      if (f.alias or n) == part), None)
        if field is None:
            return []
        current = field.annotation
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """The model class inside ``tuple[X, ...]``, ``X | None`` and ``Annotated[X, ...]``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        elif origin in (tuple, list, typing.Annotated):
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation
