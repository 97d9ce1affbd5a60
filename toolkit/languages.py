"""Which language a group's materials are made in, and which course text they use.

A group's ``language:`` (else the course's own) picks both: the course's translation into it
(``sessions/es/``), and the toolkit's catalog of its own words. A language with a catalog but
no translation builds the course's own text with that language's words, dates and times, and
says so; a language with neither is an error naming the languages there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from toolkit.groupfile import LoadedGroup
from toolkit.i18n import Language, available, base, language
from toolkit.load import LoadedCourse
from toolkit.problems import Problem
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
        if base(wanted) == base(own):
            return course, chosen, []
        folder = translation_folder(course.root, wanted)
        problems: list[Problem] = []
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
        if chosen.catalog is None:
            problems.append(self._at_language(group, (
                f"the toolkit's own words (headings, dates) have no '{wanted}' catalog, so "
                "they print in English"), "Add a catalog for the language to the course's "
                "locale/ folder (see the README).", "warning"))
        if folder not in self.translated:  # its problems are said once, however many use it
            self.translated[folder] = load_translation(course, folder, wanted)
            problems += self.translated[folder].report.problems
        return self.translated[folder], chosen, problems

    def languages(self) -> list[str]:
        """Every language the materials can be made in here: catalogs and translations."""
        own = self.course.course.language if self.course.course else "en"
        return sorted({own, *available(self.course.root / LOCALE_FOLDER),
                       *self.translations()})

    def translations(self) -> list[str]:
        """The course's translations (its folders holding a course.yaml)."""
        root = self.course.root
        return sorted(path.parent.name for path in root.glob("*/course.yaml"))

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
        if group is not None and group.document is not None:
            return group.document.problem(("language",), message, hint, severity=severity)
        document = self.course.course_document
        assert document is not None
        return document.problem(("language",), message, hint, severity=severity)

