"""Which language a group's materials are made in, and which course text they use.

A group's ``language:`` (else the course's own) picks both: the course's translation into it
(``sessions/es/``), and the toolkit's catalog of its own words. A language with a catalog but
no translation builds the course's own text with that language's words, dates and times, and
says so; a language with neither is an error naming the languages there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.glyphs import missing, no_glyphs
from toolkit.groupfile import LoadedGroup
from toolkit.i18n import (
    Language,
    LanguageError,
    available,
    base,
    fields,
    language,
    parse_po,
    parse_tag,
)
from toolkit.load import LoadedCourse
from toolkit.problems import Mark, Problem
from toolkit.translation import load_translation, translation_folder

LOCALE_FOLDER = "locale"
"""A course folder's own catalogs (``locale/pt.po``), beside the toolkit's."""


@dataclass
class Languages:
    """The course in each language a run needs, read once however many groups use it."""

    course: LoadedCourse
    translated: dict[Path, LoadedCourse] = field(default_factory=dict)

    def for_group(self, group: LoadedGroup | None
                  ) -> tuple[LoadedCourse, Language, list[Problem]]:
        """The course text and the language of one group's materials (None: the course
        without a group), and what to say about them."""
        course = self.course
        assert course.course is not None
        own = course.course.language
        wanted = group.group.language if group and group.group and group.group.language else own
        chosen = language(wanted, course.root / LOCALE_FOLDER)
        problems = [] if chosen.catalog is not None else [self._at_language(group, (
            f"the toolkit's own words (headings, page numbers) have no '{wanted}' catalog, "
            "so they print in English"), "Add a catalog for the language to the course's "
            "locale/ folder (see the README).", "warning")]
        if base(wanted) == base(own):
            return course, chosen, problems
        folder = translation_folder(course.root, wanted)
        if folder is None and chosen.catalog is None:
            return course, chosen, [self._at_language(group, (
                f"there is neither a translation of the course into '{wanted}' nor a catalog "
                "of the toolkit's words in it"), (
                f"Languages there are: {', '.join(self.languages())}. Write one of them, or "
                "leave 'language:' out for the course's own."), "error")]
        if folder is None:
            return course, chosen, [self._at_language(group, (
                f"the course has no translation into '{wanted}', so its text prints in "
                f"'{own}'; the toolkit's own words, dates and times are in '{wanted}'"), (
                f"Translations there are: {', '.join(self.translations()) or 'none'}. To "
                f"translate the course, copy its files into {course.root.name}/{wanted}/ (see "
                "the README)."), "warning")]
        if folder not in self.translated:  # its problems are said once, however many use it
            self.translated[folder] = load_translation(course, folder, wanted)
            problems += self.translated[folder].report.problems
        elif self.translated[folder].report.errors:
            problems.append(self._at_language(group, (
                f"the course's translation in {folder.name}/ has errors (above), so this "
                "group's materials cannot be made"),
                "Correct the translation's errors; they are reported once, at its files.",
                "error"))
        return self.translated[folder], chosen, problems

    def languages(self) -> list[str]:
        """Every language the materials can be made in here: catalogs and translations."""
        own = self.course.course.language if self.course.course else "en"
        return sorted({own, *available(self.course.root / LOCALE_FOLDER),
                       *self.translations()})

    def translations(self) -> list[str]:
        """The course's translations: its folders named by a language (``es/``) holding a
        course.yaml. (An organisation's own copy of the course kept inside it, say, is not
        one.)"""
        root = self.course.root
        return sorted(path.parent.name for path in root.glob("*/course.yaml")
                      if _is_tag(path.parent.name))

    def catalog_problems(self) -> list[Problem]:
        """What is wrong with the course's own catalogs (``locale/*.po``), used or not."""
        folder = self.course.root / LOCALE_FOLDER
        return [problem for path in sorted(folder.glob("*.po")) if folder.is_dir()
                for problem in problems_in_catalog(path)]

    def all_translations(self) -> list[Problem]:
        """What is wrong with each of the course's translations, whether or not a group uses
        it: ``toolkit check`` says so before a group needs it."""
        problems: list[Problem] = []
        for name in self.translations():
            folder = self.course.root / name
            if folder not in self.translated:
                self.translated[folder] = load_translation(self.course, folder, name)
                problems += self.translated[folder].report.problems
        return problems

    def _at_language(self, group: LoadedGroup | None, message: str, hint: str,
                     severity: str) -> Problem:
        # At the group's language: line where it has one, else at the course's (said once,
        # however many groups leave it out).
        if group is not None and group.document is not None and group.group is not None \
                and group.group.language:
            return group.document.problem(("language",), message, hint, severity=severity)
        document = self.course.course_document
        assert document is not None
        return document.problem(("language",), message, hint, severity=severity)


def problems_in_catalog(path: Path) -> list[Problem]:
    """What is wrong with a catalog: a file Babel cannot read (an error: none of its words
    would print), or a word whose ``{fields}`` are not the English word's (a warning: that
    word prints in English, as it would fail to print otherwise)."""
    try:
        catalog = parse_po(path)
    except OSError as error:
        return [Problem(path, None, f"the catalog cannot be read ({error.strerror})",
                        "Check the file is there and readable.")]
    except ValueError as error:
        line = re.search(r" on (\d+)$", str(error))  # Babel counts lines from 0
        return [Problem(path, Mark(int(line.group(1)) + 1, 1) if line else None,
                        "this is not a gettext catalog the toolkit can read",
                        "Write each word as msgid \"English\" then msgstr \"translation\", "
                        "each in straight double quotes, with a blank line between words.")]
    found = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        if fields(str(message.id)) != fields(str(message.string)):
            wanted = ", ".join(f"{{{name}}}" for name in sorted(fields(str(message.id)) or ()))
            found.append(Problem(
                path, Mark(message.lineno, 1), f"the translation of '{str(message.id)[:40]}' "
                "does not fill in the same {fields} as the English word, so it prints in "
                "English", f"Write exactly the English word's {wanted}, spelt the same."
                if wanted else "The English word fills in nothing: write no {name} in braces.",
                "warning"))
        unknown = missing(str(message.string))
        if unknown:
            found.append(Problem(path, Mark(message.lineno, 1), *no_glyphs(
                unknown, f"the translation of '{str(message.id)[:40]}'"), "warning"))
    return found


def _is_tag(name: str) -> bool:
    try:
        return parse_tag(name) == name
    except LanguageError:
        return False
