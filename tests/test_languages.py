"""The whole course built in Spanish: no word of the toolkit's own English is left in any
output, dates are written the Spanish way, and the materials are the same files with the same
number of pages and slides as the English build. And the catalogs hold exactly the words the
code prints."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from catalogs import LOCALE, marked
from conftest import run
from pptx import Presentation
from pypdf import PdfReader

from toolkit.i18n import read_catalog

SCHEDULE = ("schedule:\n  first_date: 2027-03-04\n  weekday: Thursday\n  start_time: \"18:00\"\n"
            "  clock: 24-hour\n")


@cache
def texts(folder: Path) -> dict[str, str]:
    """Every output's words, as a reader (or a screen reader) meets them."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.suffix == ".pptx":
            deck = Presentation(str(path))
            parts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame]
            parts += [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
            found[name] = "\n".join(parts)
        elif path.suffix == ".pdf":
            reader = PdfReader(path)
            parts = [page.extract_text() or "" for page in reader.pages]
            parts += [str(value) for value in (reader.metadata or {}).values()]
            parts += [str(field.get("/TU", "")) for field in (reader.get_fields() or {}).values()]
            parts += [str(item.title) for item in _outline(reader.outline)]
            found[name] = "\n".join(parts)
        elif path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
            found[name] = re.sub(r"<[^>]+>", " ", html) + " ".join(
                re.findall(r'(?:aria-label|title|alt|placeholder|data-[a-z-]+)="([^"]*)"', html))
    return found


def _outline(items: list[object]) -> list[object]:
    flat: list[object] = []
    for item in items:
        flat += _outline(item) if isinstance(item, list) else [item]
    return flat


def counts(folder: Path) -> dict[str, int]:
    """Every file, with its pages (PDF) or slides (deck), or 1."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = str(path.relative_to(folder))
            if path.suffix == ".pdf":
                found[name] = len(PdfReader(path).pages)
            elif path.suffix == ".pptx":
                found[name] = len(Presentation(str(path)).slides)
            else:
                found[name] = 1
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The default course built for one group in English and the same group in Spanish."""
    folder = tmp_path_factory.mktemp("languages")
    for language in ("en", "es"):
        (folder / f"{language}.yaml").write_text(
            f"name: Grupo B\nlanguage: {language}\n{SCHEDULE}", encoding="utf-8")
        code, _, err = run("build", "--group", str(folder / f"{language}.yaml"), "--out",
                           str(folder / language))
        assert code == 0, err
        assert "warning" not in err, err
    return folder / "en" / "grupo-b", folder / "es" / "grupo-b"


def english_words() -> list[tuple[str, re.Pattern[str]]]:
    """Each of the toolkit's words that Spanish writes differently, as a pattern that finds it
    in a text with its {fields} filled in."""
    spanish = read_catalog(LOCALE / "es.po")
    patterns = []
    for word in marked():
        if spanish.get(word, word) == word:
            continue  # written the same in both (a symbol, say)
        pieces = re.split(r"\{[a-z_]+\}", word)
        if max(len(piece.strip(" ().,:;·–")) for piece in pieces) < 3:
            continue  # "Me", "DO", "{name} ({kind})": too little to tell from Spanish
        body = r".{1,80}?".join(re.escape(piece) for piece in pieces)
        patterns.append((word, re.compile(rf"(?<![\w]){body}(?![\w])")))
    return patterns


def test_no_english_word_of_the_toolkits_is_left_in_spanish(builds: tuple[Path, Path]
                                                            ) -> None:
    english, spanish = builds
    outputs, originals = texts(spanish), texts(english)
    assert len(outputs) == len(originals) > 40
    words = english_words()
    left = [(word, name) for word, pattern in words
            for name, text in outputs.items() if pattern.search(text)]
    assert not left, left[:20]
    # ...and the same search finds them in the English build: it can fail.
    found = {word for word, pattern in words
             if any(pattern.search(text) for text in originals.values())}
    assert len(found) > 40


def test_spanish_dates_and_weekdays_where_dates_print(builds: tuple[Path, Path]) -> None:
    _, spanish = builds
    outputs = texts(spanish)
    notes = outputs["week-01-strong-but-at-what-cost/week-01-facilitator-notes.pdf"]
    assert "jueves, 4 de marzo de 2027" in " ".join(notes.split())
    assert "18:00" in notes
    index = outputs["index.html"]
    assert "jue, 4 mar 2027" in index and "Thu" not in index
    assert 'lang="es"' in (spanish / "index.html").read_text(encoding="utf-8")


def test_spanish_has_the_same_files_pages_and_slides(builds: tuple[Path, Path]) -> None:
    english, spanish = builds
    assert counts(spanish) == counts(english)


def test_every_catalog_holds_exactly_the_words_the_code_prints() -> None:
    words = set(marked())
    assert len(words) > 100
    for catalog in sorted(LOCALE.glob("*.po")):
        from babel.messages.pofile import read_po

        with catalog.open("rb") as handle:
            entries = {str(message.id): str(message.string) for message in read_po(handle)
                       if message.id}
        assert set(entries) == words, (catalog.name, sorted(set(entries) ^ words)[:10])
        untranslated = [word for word, text in entries.items() if not text.strip()]
        assert not untranslated, (catalog.name, untranslated[:10])
        for word, text in entries.items():  # a field left out or renamed would print wrong
            assert set(re.findall(r"\{[a-z_]+\}", word)) == \
                set(re.findall(r"\{[a-z_]+\}", text)), (catalog.name, word, text)
    assert {path.stem for path in LOCALE.glob("*.po")} >= {"en", "es"}


def test_new_group_writes_the_group_file_in_spanish(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.chdir(tmp_path)
    code, _, err = run("new-group", "Grupo del martes", "--language", "es")
    assert code == 0, err
    text = (tmp_path / "grupo-del-martes.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"name": "Grupo del martes", "language": "es"}
    notes = [line for line in text.splitlines() if line.startswith("# ")]
    assert len(notes) > 150
    english = (Path(__file__).parent.parent / "toolkit" / "group-template.yaml").read_text(
        encoding="utf-8")
    shared = set(notes) & {line for line in english.splitlines() if line.startswith("# ")}
    assert len(shared) < len(notes) // 4, sorted(shared)[:10]  # the notes are not English
    code, _, err = run("check", "--strict", "--group", "grupo-del-martes.yaml")
    assert (code, err) == (0, ""), err
    code, _, err = run("new-group", "Otro", "--language", "fr")
    assert code == 2 and "there is no group file in 'fr'; there is one in en, es." in err
