"""A translation of the course: a folder beside the plans, named by its language (``es/``),
holding the same files with the same ids and every text in the other language.

Group files address a session's parts by id, so a translation must keep the course's shape:
the same files, the same keys, the same number of items in every list, and the same ids,
kinds, minutes and other values that are not text. Those come from the course; only the text
is taken from the translation. A translation that misses a file, a part or an id, or adds one,
is an error at its own file and line; a text it leaves out prints in the course's language,
with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.checks import text_problems
from toolkit.files import exists
from toolkit.i18n import fallbacks
from toolkit.load import COURSE_FILE, LoadedCourse, LoadedSession
from toolkit.model import Course, Session
from toolkit.placeholders import BUILT_IN, unknown_placeholders
from toolkit.problems import Problem, Report
from toolkit.validate import validate_part
from toolkit.yamlfile import Document, Location, read_yaml

KEPT = {"id", "kind", "minutes", "week", "flexible", "lines", "rows", "min", "max", "file",
        "picture", "worksheet", "height", "sessions", "optional_sessions", "after", "before",
        "anchor", "columns_width"}
"""Keys whose values are not text: a translation keeps the course's."""
ONLY_IN_TRANSLATION = {"language", "translation_note"}
"""What a translation's ``course.yaml`` may hold that the course's has not."""
_NOT_TEXT = re.compile(r"-?\d+(?:\.\d+)?|true|false", re.IGNORECASE)


@dataclass
class _Merge:
    """One file's translation laid over the course's, and what was wrong with it."""

    translated: Document
    course: Any = None
    """The course's data, for naming a part by its id."""
    problems: list[Problem] = field(default_factory=list)
    untranslated: list[Location] = field(default_factory=list)

    def named(self, at: Location) -> str:
        """A part as a person finds it in the file: ``'do' of agenda item 'pull-away'``, an
        item of a list by its id where it has one, else by its place from 1."""
        words: list[str] = []
        data = self.course
        for part in at:
            if isinstance(part, int) and isinstance(data, list) and part < len(data):
                data = data[part]
                name = data.get("id") if isinstance(data, dict) else None
                words.append(f"'{name}'" if name else f"number {part + 1}")
            else:
                data = data.get(part) if isinstance(data, dict) else None
                words.append(f"'{part}'")
        return " in ".join(reversed(words)) if words else "the file"


def translation_folder(root: Path, tag: str) -> Path | None:
    """The folder of the course's translation into ``tag`` (``es-MX`` falls back to ``es``),
    or None when the course has none."""
    for name in fallbacks(tag):
        if (root / name / COURSE_FILE).is_file():
            return root / name
    return None


def load_translation(loaded: LoadedCourse, folder: Path, language_name: str
                     ) -> LoadedCourse:
    """The course with its text taken from the translation in ``folder``: every session the
    course has, shaped as the course is, or the problems that stop it (in its report)."""
    assert loaded.course is not None and loaded.course_document is not None
    result = LoadedCourse(root=loaded.root)
    course = _translated(loaded.course_document, folder / COURSE_FILE, Course, language_name,
                         result.report)
    if course is not None:
        result.course, result.course_document = course
    for session in loaded.sessions:
        path = folder / f"{session.slug}.yaml"
        translated = _translated(session.document, path, Session, language_name,
                                 result.report)
        if translated is not None:
            result.sessions.append(LoadedSession(session.slug, path, translated[1],
                                                 translated[0], session.optional))
    known = {f"{session.slug}.yaml" for session in loaded.sessions} | {COURSE_FILE}
    for extra in sorted(folder.glob("*.y*ml")):
        if extra.name not in known:
            result.report.add(Problem(
                extra, None, f"the {language_name} translation has a file the course has not",
                "A translation holds the course's own files under the same names: rename it "
                "to the course file it translates, or move it out of this folder."))
    return result


def _translated(original: Document, path: Path, model: type[Course] | type[Session],
                language_name: str, report: Report
                ) -> tuple[Any, Document] | None:
    """One file of the translation over the course's: the validated result and the
    translation's document (for positions), or None with the problems in ``report``."""
    if not exists(path):
        report.add(Problem(
            path, None, f"the {language_name} translation has no {path.name}",
            f"Copy {path.name} from the course's folder into {path.parent.name}/ and translate "
            "its text, keeping every key and id."))
        return None
    document, problems = read_yaml(path)
    report.extend(problems)
    if document is None:
        return None
    # A translation's text is checked as the course's is: a misspelt {placeholder} would
    # print as written, a character no font has as a box.
    report.extend(unknown_placeholders(document, set(BUILT_IN)))
    report.extend(text_problems(document))
    merge = _Merge(document, original.data)
    data = _lay_over(original.data, document.data, (), merge, top=True)
    report.extend(merge.problems)
    if merge.untranslated:
        first = merge.untranslated[0]
        count = len(merge.untranslated)
        report.add(document.problem(
            first[:-1] if len(first) > 1 else first,
            f"{count} text{'s' if count != 1 else ''} of the course {'are' if count != 1 else 'is'}"
            f" not in this translation, so {'they print' if count != 1 else 'it prints'} in "
            f"the course's language (the first: {merge.named(first)})",
            "Translate each into this file, under the same key as in the course's file.",
            severity="warning"))
    if merge.problems:
        return None
    validated, problems = validate_part(document, model, data, (), written=set())
    report.extend(problems)
    if validated is None:
        return None
    return validated, document


def _lay_over(course: Any, translated: Any, at: Location, merge: _Merge, *,
              top: bool = False) -> Any:
    """The course's value at ``at`` with the translation's text in it."""
    document = merge.translated
    if isinstance(course, dict):
        if not isinstance(translated, dict):
            merge.problems.append(document.problem(
                at, f"{merge.named(at)} is a list of settings in the course, not "
                f"{_kind(translated)}", "Write it with the same keys as the course's file."))
            return course
        result = {}
        for key, value in course.items():
            if key in translated:
                result[key] = _lay_over(value, translated[key], (*at, key), merge)
            elif key in ONLY_IN_TRANSLATION:
                result[key] = value
            elif _holds_text(key, value):
                merge.untranslated.append((*at, key))
                result[key] = value
            else:
                merge.problems.append(document.problem(
                    at, f"'{key}' is in the course's file here but not in the translation",
                    f"Copy it from the course's file as it is ({key}: {str(value)[:40]})."
                    if not isinstance(value, dict | list) else
                    f"Copy '{key}' from the course's file, translating only its text."))
                result[key] = value
        for key in translated:
            if key in course or (top and key in ONLY_IN_TRANSLATION):
                if key not in course:
                    result[key] = translated[key]
                continue
            merge.problems.append(document.problem(
                (*at, key), f"'{key}' is not in the course's file here, so a translation "
                "cannot add it", "A translation holds the course's parts, translated: remove "
                "it, or add it to the course first.", key=True))
        return result
    if isinstance(course, list):
        if not isinstance(translated, list):
            merge.problems.append(document.problem(
                at, f"{merge.named(at)} is a list in the course, not {_kind(translated)}",
                "Write it as a list with the same items as the course's."))
            return course
        if len(translated) != len(course):
            merge.problems.append(document.problem(
                at, f"{merge.named(at)} has {len(translated)} item"
                f"{'s' if len(translated) != 1 else ''} here and {len(course)} in the course",
                "Translate each of the course's items, in the same order: no more, no fewer "
                "(group files address them by their place)."))
            return course
        return [_lay_over(value, other, (*at, index), merge)
                for index, (value, other) in enumerate(zip(course, translated, strict=True))]
    name = next((part for part in reversed(at) if isinstance(part, str)), "")
    if not isinstance(course, str) or name in KEPT or _NOT_TEXT.fullmatch(course or ""):
        if translated != course and str(translated).strip() != str(course).strip():
            what = "id" if name == "id" else f"'{name}'"
            merge.problems.append(document.problem(
                at, f"this {what} is '{str(translated)[:40]}' here but '{str(course)[:40]}' "
                "in the course", "Keep the course's value: only text is translated (group "
                "files address parts by their ids)."))
        return course
    if not isinstance(translated, str) or not translated.strip():
        merge.untranslated.append(at)
        return course
    return translated


def _holds_text(key: str, value: Any) -> bool:
    """Whether a part the translation left out holds words a reader would see."""
    if key in KEPT:
        return False
    if isinstance(value, str):
        return not _NOT_TEXT.fullmatch(value)
    if isinstance(value, dict):
        return any(_holds_text(str(k), v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_text(key, v) for v in value)
    return False




def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a list of settings"
    if isinstance(value, list):
        return "a list"
    return "one value"
