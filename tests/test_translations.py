"""A translation of the course (``sessions/es/``): a group with ``language: es`` builds from it,
its changes still address the course's ids, and a translation that has lost or gained a file,
a part or an id is an error at its own file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import run
from pptx import Presentation

from toolkit.i18n import fallbacks, language

SESSIONS = Path(__file__).parent.parent / "sessions"
WEEK_3 = "week-03-the-avoidant-trap.yaml"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the course and its translations, to spoil one thing in."""
    copy = tmp_path / "course"
    shutil.copytree(SESSIONS, copy, ignore=shutil.ignore_patterns("groups"))
    return copy


def spoil(course: Path, old: str, new: str, name: str = WEEK_3) -> Path:
    path = course / "es" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def slide_texts(deck: Path) -> list[str]:
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in Presentation(str(deck)).slides]


def test_the_translation_matches_the_course(course: Path) -> None:
    code, out, err = run("check", "--strict", "--sessions", str(course))
    assert (code, err) == (0, ""), err
    assert out == "Checked 9 sessions: no problems found.\n"


def test_a_group_in_spanish_builds_the_spanish_course_with_its_changes(tmp_path: Path) -> None:
    group = tmp_path / "martes.yaml"
    group.write_text(
        "name: Grupo del martes\nlanguage: es\nsessions: [week-03-the-avoidant-trap]\n"
        "changes:\n  week-03-the-avoidant-trap:\n    slides:\n"
        "      \"pull-away/slide-2\":\n        title: Cómo se ve alejarse\n"
        "        points: [Quedarse en silencio, Llenarse de tareas]\n"
        "    agenda:\n      pairs: remove\n", encoding="utf-8")
    code, _, err = run("build", "--group", str(group), "--out", str(tmp_path / "out"))
    assert code == 0, err
    deck = next((tmp_path / "out").glob("*/week-01-*/week-01-slides.pptx"))
    texts = slide_texts(deck)
    assert any("Cómo se ve alejarse" in text and "Llenarse de tareas" in text for text in texts)
    assert any("Por qué nos alejamos bajo estrés" in text for text in texts)  # the course's
    assert not any("Why we pull away under stress" in text for text in texts)
    code, out, _ = run("show", "week-03-the-avoidant-trap", "--group", str(group))
    assert code == 0 and "pairs" not in out.split("Slides")[0]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("  - id: pull-away\n", "  - id: pull-awy\n",
     "week-03-the-avoidant-trap.yaml:80:9: error: this id is 'pull-awy' here but 'pull-away' "
     "in the course\n    Keep the course's value: only text is translated (group files "
     "address parts by their ids).\n"),
    ("    minutes: 15\n    say:\n      - \"La distancia",
     "    say:\n      - \"La distancia",
     "week-03-the-avoidant-trap.yaml:80:5: error: 'minutes' is in the course's file here but "
     "not in the translation\n    Copy it from the course's file as it is (minutes: 15).\n"),
    ("  worksheet: pause-and-notice\n", "  worksheet: pause-and-notice\n  extra: no\n",
     "week-03-the-avoidant-trap.yaml:228:3: error: 'extra' is not in the course's file here, "
     "so a translation cannot add it\n"),
])
def test_a_translation_that_lost_or_gained_a_part_is_an_error_at_its_line(
        course: Path, old: str, new: str, expected: str) -> None:
    spoil(course, old, new)
    code, out, err = run("check", "--sessions", str(course))
    assert code == 1 and out == ""
    assert f"es/{expected}" in err, err


def test_a_translation_missing_a_session_or_with_a_list_of_another_length(course: Path) -> None:
    (course / "es" / "week-05-beliefs-that-keep-us-stuck.yaml").unlink()
    lines = spoil(course, "  - Enseñe a partir de las diapositivas, con un lenguaje sencillo y "
                  "no clínico.\n", "")
    code, _, err = run("check", "--sessions", str(course))
    assert code == 1
    assert "es/week-05-beliefs-that-keep-us-stuck.yaml: error: the es translation has no " \
        "week-05-beliefs-that-keep-us-stuck.yaml" in err
    assert f"es/{lines.name}:90:11: error: 'do' in 'pull-away' in 'agenda' has 1 item here " \
        "and 2 in the course" in err, err


def test_text_the_translation_lacks_prints_in_english_with_a_warning(course: Path,
                                                                      tmp_path: Path) -> None:
    spoil(course, "  text: >-\n    Cuando note el impulso", "  note: >-\n    Cuando note el impulso")
    code, _, err = run("check", "--sessions", str(course))
    assert code == 1 and "'note' is not in the course's file here" in err
    spoil(course, "  note: >-\n    Cuando note el impulso", "  text: >-\n    Cuando note el impulso")
    spoil(course, "    title: Por qué nos alejamos bajo estrés\n", "")
    code, _, err = run("check", "--sessions", str(course))
    assert code == 0, err
    assert "es/week-03-the-avoidant-trap.yaml:80:5: warning: 1 text of the course is not in " \
        "this translation, so it prints in the course's language (the first: " \
        "'title' in 'pull-away' in 'agenda')" in err, err
    group = tmp_path / "es.yaml"
    group.write_text("name: ES\nlanguage: es\nsessions: [week-03-the-avoidant-trap]\n")
    code, _, err = run("build", "--sessions", str(course), "--group", str(group), "--out",
                       str(tmp_path / "out"))
    assert code == 0, err
    deck = next((tmp_path / "out").glob("*/week-01-*/week-01-slides.pptx"))
    notes = [slide.notes_slide.notes_text_frame.text
             for slide in Presentation(str(deck)).slides]
    assert any("Why we pull away under stress — 15 min" in note for note in notes), notes


def test_a_language_with_a_catalog_but_no_translation_builds_the_course_in_english(
        course: Path, tmp_path: Path) -> None:
    """A small Portuguese catalog of the test's own, in the course's locale/ folder."""
    (course / "locale").mkdir()
    (course / "locale" / "pt.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Week {week}"\nmsgstr "Semana {week}"\n\n'
        'msgid "Agenda"\nmsgstr "Programa"\n', encoding="utf-8")
    group = tmp_path / "lisboa.yaml"
    group.write_text("name: Lisboa\nlanguage: pt-PT\nsessions: [week-01-strong-but-at-what-cost]"
                     "\nschedule:\n  first_date: 2027-03-04\n  start_time: \"18:00\"\n"
                     "  clock: 24-hour\n", encoding="utf-8")
    code, _, err = run("build", "--sessions", str(course), "--group", str(group), "--out",
                       str(tmp_path / "out"))
    assert code == 0, err
    assert "lisboa.yaml:2:11: warning: the course has no translation into 'pt-PT', so its " \
        "text prints in 'en'; the toolkit's own words, dates and times are in 'pt-PT'" in err
    deck = next((tmp_path / "out").glob("*/week-01-*/week-01-slides.pptx"))
    texts = slide_texts(deck)
    assert "Semana 1" in texts[0] and "quinta-feira, 4 de março de 2027" in texts[0], texts[0]
    assert "Strong, but at what cost?" in texts[0]  # the course's own text
    assert "Programa" in texts[1].split()


def test_a_language_with_neither_is_an_error_naming_those_there_are(tmp_path: Path) -> None:
    group = tmp_path / "g.yaml"
    group.write_text("name: G\nlanguage: fr\n")
    code, _, err = run("check", "--group", str(group))
    assert code == 1
    assert "g.yaml:2:11: error: there is neither a translation of the course into 'fr' nor a " \
        "catalog of the toolkit's words in it\n    Languages there are: en, es." in err, err


def test_groups_sharing_a_broken_translation_each_get_an_error(course: Path,
                                                               tmp_path: Path) -> None:
    """The translation's own errors are said once, at its files; every group using it is
    told, and none is built from it (before, the second group crashed the toolkit)."""
    path = course / "es" / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("disclaimer:", "disclamer:", 1),
                    encoding="utf-8")
    groups = []
    for name in ("a", "b"):
        groups += ["--group", str(tmp_path / f"{name}.yaml")]
        (tmp_path / f"{name}.yaml").write_text(f"name: {name.upper()}\nlanguage: es\n")
    code, _, err = run("check", "--sessions", str(course), *groups)
    assert code == 1, err
    assert "fault in the toolkit" not in err and "Traceback" not in err
    assert err.count("'disclamer' is not in the course's file here") == 1, err
    assert "b.yaml:2:11: error: the course's translation in es/ has errors (above), so this " \
        "group's materials cannot be made" in err, err


def test_a_misspelt_placeholder_in_a_translation_is_an_error_at_its_line(course: Path) -> None:
    spoil(course, "empezar en {minutes} minutos", "empezar en {minutos} minutos",
          "week-01-strong-but-at-what-cost.yaml")
    code, _, err = run("check", "--sessions", str(course))
    assert code == 1
    assert re.search(r"es/week-01-strong-but-at-what-cost\.yaml:\d+:\d+: error: unknown "
                     r"placeholder '\{minutos\}'", err), err


def test_a_course_catalog_that_cannot_print_is_reported_never_a_crash(course: Path,
                                                                      tmp_path: Path) -> None:
    catalog = course / "locale" / "pt.po"
    catalog.parent.mkdir()
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Week {week}"\nmsgstr "Semana {semana}"\n\n'
        'msgid "Agenda"\nmsgstr "Programa"\n', encoding="utf-8")
    group = tmp_path / "lisboa.yaml"
    group.write_text("name: Lisboa\nlanguage: pt\nsessions: [week-01-strong-but-at-what-cost]\n")
    code, _, err = run("build", "--sessions", str(course), "--group", str(group), "--out",
                       str(tmp_path / "out"))
    assert code == 0, err
    assert "locale/pt.po:5:1: warning: the translation of 'Week {week}' does not fill in the " \
        "same {fields} as the English word, so it prints in English\n    Write exactly the " \
        "English word's {week}, spelt the same." in err, err
    deck = next((tmp_path / "out").glob("*/week-01-*/week-01-slides.pptx"))
    texts = slide_texts(deck)
    assert "Week 1" in texts[0] and "Programa" in texts[1].split()  # the rest still Portuguese
    catalog.write_text('garbage "\n', encoding="utf-8")
    code, _, err = run("build", "--sessions", str(course), "--group", str(group), "--out",
                       str(tmp_path / "out"))
    assert code == 1 and "Traceback" not in err and "fault in the toolkit" not in err
    assert "locale/pt.po:1:1: error: this is not a gettext catalog the toolkit can read" in err


def test_a_rebuild_sees_a_catalog_or_translation_file_added_or_changed(course: Path,
                                                                       tmp_path: Path) -> None:
    """An unchanged rebuild checks every file the group's language would read, including ones
    that were not there, and every file of the translation it uses."""
    group = tmp_path / "mx.yaml"
    group.write_text("name: MX\nlanguage: es-MX\nsessions: [week-01-strong-but-at-what-cost]\n")
    build = ("build", "--sessions", str(course), "--group", str(group), "--out",
             str(tmp_path / "out"))
    code, _, err = run(*build)
    assert code == 0, err
    (course / "locale").mkdir()
    (course / "locale" / "es-MX.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Week {week}"\nmsgstr "Semanita {week}"\n', encoding="utf-8")
    code, _, err = run(*build)
    assert code == 0, err
    deck = next((tmp_path / "out").glob("*/week-01-*/week-01-slides.pptx"))
    assert "Semanita 1" in slide_texts(deck)[0]
    spoil(course, "  - id: pull-away\n", "  - id: pull-awy\n")  # a session the group skips
    code, _, err = run(*build)
    assert code == 1 and "this id is 'pull-awy' here but 'pull-away'" in err, err


def test_a_course_in_a_language_without_a_catalog_says_its_words_are_english(
        course: Path) -> None:
    path = course / "course.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\nlanguage: en\n") == 1
    path.write_text(text.replace("\nlanguage: en\n", "\nlanguage: pt\n"), encoding="utf-8")
    code, _, err = run("check", "--sessions", str(course))
    assert code == 0, err
    assert re.search(r"course\.yaml:\d+:11: warning: the toolkit's own words \(headings, page "
                     r"numbers\) have no 'pt' catalog, so they print in English", err), err


def test_a_tag_finds_the_catalog_named_as_written(tmp_path: Path) -> None:
    """Babel expands zh-TW to zh-Hant-TW; the folder and the catalog keep the user's name.
    A written script is never dropped: sr-Latn does not fall back to sr (maybe Cyrillic)."""
    (tmp_path / "zh-TW.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Agenda"\nmsgstr "AGENDA-TW"\n', encoding="utf-8")
    (tmp_path / "sr.po").write_text((tmp_path / "zh-TW.po").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    chosen = language("zh-tw", tmp_path)
    assert (chosen.tag, chosen.catalog, chosen.words.get("Agenda")) == \
        ("zh-TW", "zh-TW", "AGENDA-TW")
    assert language("sr-Latn", tmp_path).catalog is None
    assert language("sr-RS", tmp_path).catalog == "sr"
    assert fallbacks("es-MX") == ["es-MX", "es"] and fallbacks("sr-Latn-RS") == \
        ["sr-Latn-RS", "sr-Latn"]


def test_a_folder_not_named_by_a_language_is_not_a_translation(course: Path) -> None:
    """An organisation's own copy kept inside the course folder is not taken for a
    translation (it was checked as one, and every file it lacked was an error)."""
    (course / "our-copy").mkdir()
    shutil.copy(course / "course.yaml", course / "our-copy" / "course.yaml")
    code, out, err = run("check", "--strict", "--sessions", str(course))
    assert (code, err) == (0, ""), err
    assert out == "Checked 9 sessions: no problems found.\n"
