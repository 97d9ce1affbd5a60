"""The language of the materials: every word the toolkit itself prints in them, and the way
dates, weekdays, months and times are written.

Words come from gettext message catalogs (``toolkit/locale/LANG.po``, read directly with Babel,
so there is nothing to compile; a course folder may add its own in ``locale/``). Code marks a
word with ``_("Week {week}")`` where it is printed, or with ``N_()`` where it is only named
(a constant), and ``tests/test_languages.py`` holds every catalog to exactly the words the code
marks. Dates and times are written by Babel for the language (``jueves, 4 de marzo de 2027``);
English keeps the toolkit's own unambiguous forms (``Thursday 4 March 2027``).

A renderer runs inside ``speaking(language)`` (``toolkit.drawing`` does it for every file), so
the words of one build are one language's however the files are shared among processes.
Messages on the terminal stay English.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

SOURCE = "en"
"""The language the toolkit's own words are written in (each catalog's msgids)."""
CATALOGS = Path(__file__).parent / "locale"
Clock = Literal["24-hour", "12-hour"]


class LanguageError(ValueError):
    """A language tag that is not one, or one the materials cannot be made in."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Language:
    """One language of the materials: its BCP 47 tag and its words (msgid to text)."""

    tag: str = SOURCE
    words: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    catalog: str | None = SOURCE
    """The catalog the words came from (``es`` for ``es-MX``), None when there is none."""

    @property
    def locale(self) -> str:
        """The tag as Babel names it: ``pt_PT`` for ``pt-PT``."""
        return self.tag.replace("-", "_")


ENGLISH = Language()
_current: ContextVar[Language] = ContextVar("language", default=ENGLISH)


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Everything drawn inside uses ``language``'s words and its way of writing dates."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def base(tag: str) -> str:
    """The language of a tag without its region or script: ``es`` for ``es-MX``."""
    return tag.split("-")[0].lower()


def _in_english() -> bool:
    return base(_current.get().tag) == SOURCE


def current() -> Language:
    """The language being drawn in."""
    return _current.get()


def _(text: str) -> str:
    """``text`` (an English msgid) in the language being drawn in; English when the catalog
    has no translation for it."""
    return _current.get().words.get(text) or text


def N_(text: str) -> str:
    """Marks ``text`` for the catalogs without translating it: a constant translated later,
    where it is printed, with ``_()``."""
    return text


def word(text: str) -> str:
    """An ``N_``-marked constant in the language being drawn in (``_()`` takes only literal
    words, so that every word can be found in the code)."""
    return _current.get().words.get(text) or text


def joined(names: list[str]) -> str:
    """``Sam, Jo and Al`` in English; the language's own way of listing elsewhere
    (``Sam, Jo y Al``)."""
    language = _current.get()
    if len(names) < 2 or _in_english():
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    from babel.lists import format_list

    return format_list(names, locale=language.locale)


def available(extra: Path | None = None) -> list[str]:
    """The languages with a catalog: the toolkit's own, and those in ``extra`` (a course's
    ``locale/`` folder)."""
    folders = [CATALOGS, *([extra] if extra is not None else [])]
    return sorted({path.stem for folder in folders if folder.is_dir()
                   for path in folder.glob("*.po")})


def parse_tag(tag: str) -> str:
    """A BCP 47 tag in its usual form (``pt-PT``, ``es``), or ``LanguageError``."""
    from babel import Locale, UnknownLocaleError

    written = tag.strip()
    try:
        locale = Locale.parse(written.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        named = _tag_named(written)
        raise LanguageError(
            f"'{written[:20]}' is not a language tag this toolkit knows",
            f"Write {named}" if named else "Write a BCP 47 tag such as en, es or pt-PT (the "
            "language, then a region if it matters)") from None
    if locale.character_order == "right-to-left":
        raise LanguageError(
            f"{locale.english_name} is written right to left, which the materials cannot "
            "print yet", "Choose a language written left to right, such as en or es.")
    return _normal(written)


def _normal(tag: str) -> str:
    """A tag as written, in the usual case (``zh-Hant-TW``, ``pt-PT``): a folder or catalog
    is named as the user names it, not as Babel expands it (``zh-TW`` is not ``zh-Hant-TW``
    on disk)."""
    first, *rest = tag.replace("_", "-").split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def fallbacks(tag: str) -> list[str]:
    """The names a translation or catalog for ``tag`` may have, closest first: ``es-MX``,
    then ``es``. A written script is never dropped (``sr-Latn`` does not fall back to ``sr``,
    which may be written in another script)."""
    parts = tag.split("-")
    names = ["-".join(parts[:end]) for end in range(len(parts), 0, -1)]
    if len(parts) > 1 and len(parts[1]) == 4 and parts[1].isalpha():
        return [name for name in names if "-" in name]
    return names


def _tag_named(name: str) -> str | None:
    """``es`` for "Spanish" or "español": the tag a language's name stands for."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    wanted = name.strip().casefold()
    for identifier in locale_identifiers():
        if "_" in identifier:
            continue
        locale = Locale.parse(identifier)
        names = {(locale.english_name or "").casefold(), (locale.display_name or "").casefold()}
        if wanted in names:
            return f"{identifier}, the tag for {locale.english_name}"
    return None


def language(tag: str, extra: Path | None = None) -> Language:
    """The language ``tag`` with the words of its closest catalog (``es`` for ``es-MX``), from
    ``extra`` (a course's ``locale/`` folder) before the toolkit's own; ``catalog`` is None
    when no catalog has the language (its words stay English)."""
    tag = parse_tag(tag)
    for name in fallbacks(tag):
        for folder in (extra, CATALOGS):
            if folder is not None and (folder / f"{name}.po").is_file():
                return Language(tag, read_catalog(folder / f"{name}.po"), name)
    return Language(tag, {}, None)


@cache
def read_catalog(path: Path) -> dict[str, str]:
    """A ``.po`` file's translations: msgid to msgstr, leaving out untranslated and fuzzy
    entries, and any whose ``{fields}`` differ from the English (they fall back to English;
    ``catalog_problems`` says why). A file Babel cannot read gives no words."""
    try:
        catalog = parse_po(path)
    except (OSError, ValueError):
        return {}
    return {str(message.id): str(message.string) for message in catalog
            if message.id and message.string and not message.fuzzy
            and fields(str(message.string)) == fields(str(message.id))}


def parse_po(path: Path) -> Any:
    """A ``.po`` file as Babel reads it (a ``Catalog``), or ``ValueError`` (for Babel's
    ``PoFileError``) where it is not one."""
    import logging

    from babel.messages.pofile import PoFileError, read_po

    logging.getLogger("babel").setLevel(logging.ERROR)  # its line warnings are ours to say
    with path.open("rb") as handle:
        try:
            return read_po(handle, abort_invalid=True)
        except PoFileError as error:
            raise ValueError(str(error)) from None


def fields(text: str) -> frozenset[str] | None:
    """The ``{fields}`` a word fills in, or None when its braces do not pair up."""
    from string import Formatter

    try:
        return frozenset(name for _, name, _, _ in Formatter().parse(text) if name is not None)
    except ValueError:
        return None


def long_date(day: datetime.date) -> str:
    """``Tuesday 12 January 2027`` in English; Babel's full date elsewhere
    (``jueves, 4 de marzo de 2027``)."""
    language = _current.get()
    if _in_english():
        return f"{day:%A} {day.day} {day:%B %Y}"
    from babel.dates import format_date

    return _unbroken(format_date(day, "full", locale=language.locale))


def short_date(day: datetime.date, *, year: bool = True) -> str:
    """``Tue 12 Jan 2027`` (or ``Tue 12 Jan``) in English; the same parts in the language's
    own order elsewhere (``jue, 4 mar 2027``)."""
    language = _current.get()
    if _in_english():
        return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")
    from babel.dates import format_skeleton

    return _unbroken(format_skeleton("yMMMEd" if year else "MMMEd", day,
                                     locale=language.locale))


def clock_time(moment: datetime.time, clock: Clock) -> str:
    """``18:30`` on a 24-hour clock in every language; on a 12-hour one ``6:30 pm`` in
    English and the language's own form elsewhere (``6:30 p. m.``)."""
    if clock == "24-hour":
        return f"{moment:%H:%M}"
    language = _current.get()
    if _in_english():
        hour = moment.hour % 12 or 12
        return f"{hour}:{moment.minute:02d} {'am' if moment.hour < 12 else 'pm'}"
    from babel.dates import format_time

    return _unbroken(format_time(moment, "h:mm a", locale=language.locale))


def _unbroken(text: str) -> str:
    """Babel's text with its narrow no-break spaces (``p.\u202fm.``) made plain no-break
    spaces: the print font has no narrow one (it printed as a box), and the PDFs' line
    breaking split at it (``p.`` at a line's end, ``m.`` on the next); both fonts and
    line breaking know U+00A0."""
    return text.replace("\u202f", "\u00a0")
