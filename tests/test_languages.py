"""The whole course built in Spanish: no word of the toolkit's own English is left in any
output, dates are written the Spanish way, and the materials are the same files with the same
number of pages and slides as the English build. And the catalogs hold exactly the words the
code prints."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from catalogs import LOCALE, MARKERS, marked
from conftest import run
from pptx import Presentation
from pptx.oxml.ns import qn
from pypdf import PdfReader

from toolkit.glyphs import EVERY_FONT_HAS, covered, missing
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
    code, _, err = run("new-group", "Grupo de Monterrey", "--language", "es_mx")
    assert code == 0, err  # the region is kept: it writes the dates and times
    assert yaml.safe_load((tmp_path / "grupo-de-monterrey.yaml").read_text(
        encoding="utf-8"))["language"] == "es-MX"
    code, _, err = run("new-group", "Otro", "--language", "Spanish")
    assert code == 2 and "Write es, the tag for Spanish." in err, err


def test_spanish_decks_declare_their_language(builds: tuple[Path, Path]) -> None:
    """PowerPoint checks spelling, and a screen reader picks its voice, by each run's language:
    a Spanish deck that said en-US would be read with an English voice."""
    for folder, tag in zip(builds, ("en", "es"), strict=True):
        deck = Presentation(str(next(folder.glob("week-01-*/week-01-slides.pptx"))))
        assert deck.core_properties.language == tag
        runs = [run for slide in deck.slides for part in (slide, slide.notes_slide)
                for run in part.element.iter(qn("a:rPr"))]
        assert len(runs) > 50
        assert {run.get("lang") for run in runs} == {tag}


SHOWN_AS_IS = {
    "Title Only": "a slide layout's name, looked up in the template",
    "Title Slide": "a slide layout's name, looked up in the template",
    "Slide number": "a shape's name in PowerPoint's selection pane, never on the slide",
    "Agenda item": "a shape's name in PowerPoint's selection pane, never on the slide",
    "PDF": "a file format's name, the same in every language",
    "Interdependence Workshop Toolkit": "the program's name, in the PDFs' producer field",
    "FFFFFF": "a colour",
    "img-src data:": "the web page's content security policy",
}
"""Words in the renderers' code that are not for a reader, each with why."""
STYLE_COMMANDS = {"FONTNAME", "LINEBELOW", "LINEABOVE", "LINEBEFORE", "BACKGROUND", "VALIGN",
                  "TOP", "MIDDLE", "BOTTOM", "LEFT", "NOSPLIT", "LEFTPADDING", "RIGHTPADDING",
                  "TOPPADDING", "BOTTOMPADDING", "GRID"}
"""reportlab's table style commands."""


def test_every_word_the_renderers_print_is_marked() -> None:
    """The Spanish build is searched for the marked words only, so a word a renderer prints
    without marking it would pass unseen: none may be written in the renderers unmarked
    (the title slide's notes once said GOALS and MATERIALS in every language)."""
    package = Path(__file__).parent.parent / "toolkit"
    found = []
    for path in sorted([*(package / "render").rglob("*.py"), package / "plan.py"]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _unmarked_strings(tree):
            text = node.value.strip()
            if text in SHOWN_AS_IS or text in STYLE_COMMANDS or \
                    re.search(r"[<>{}=/#\\%_]", text):
                continue
            if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text) or re.fullmatch(r"[A-Z]{3,}", text):
                found.append(f"{path.relative_to(package)}:{node.lineno}: {text[:60]!r}")
    assert not found, found


def _unmarked_strings(tree: ast.AST) -> list[ast.Constant]:
    """The string constants of a module but docstrings, marked words (``_``, ``N_`` and the
    keys of a dict of ``N_`` words), and the terminal's messages (errors and problems)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # docstrings, and the notes under constants
        name = ""
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", "") or getattr(node.func, "attr", "")
        if isinstance(node, ast.Raise) or name in MARKERS or name.endswith("Error") or \
                name in {"Problem", "problem"}:
            skip.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.Dict):
            skip.update(id(key) for key, value in zip(node.keys, node.values, strict=True)
                        if isinstance(value, ast.Call)
                        and getattr(value.func, "id", "") in MARKERS)
    return [node for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in skip]


def test_a_twelve_hour_spanish_time_prints_whole_on_one_line(tmp_path: Path) -> None:
    """Babel writes "6:00 p. m." with a narrow no-break space, which the print font lacks (it
    printed as a box on every handout) and the PDFs' line breaking split at ("p." ending one
    line of the calendar, "m." starting the next)."""
    group = tmp_path / "g.yaml"
    group.write_text("name: Grupo\nlanguage: es\nschedule:\n  first_date: 2027-03-04\n"
                     "  weekday: Thursday\n  start_time: \"6:00 pm\"\n  clock: 12-hour\n",
                     encoding="utf-8")
    code, _, err = run("build", "--group", str(group), "--out", str(tmp_path / "out"))
    assert code == 0, err
    folder = tmp_path / "out" / "grupo"
    guide = PdfReader(folder / "facilitator-guide.pdf")
    calendar = next(page.extract_text() for page in guide.pages
                    if "Nuestras sesiones" in (page.extract_text() or "")
                    and "Índice" not in (page.extract_text() or ""))
    rows = [line.replace("\xa0", " ") for line in calendar.splitlines() if "2027" in line]
    assert len(rows) == 8, calendar
    assert all(re.search(r"2027, 6:00 p\. m\.–7:30 p\. m\.", row) for row in rows), rows
    handout = PdfReader(next(folder.glob("week-01-*/week-01-handouts.pdf")))
    title_slide = handout.pages[0].extract_text()
    # the box the font lacked a glyph for was read back as "\x00"
    assert re.search("6:00 p\\.[ \xa0]m\\.–7:30 p\\.[ \xa0]m\\.", title_slide), title_slide


def test_the_fonts_draw_every_character_of_both_languages() -> None:
    """Every letter of the Spanish course and catalog has a glyph in the print fonts, and the
    characters ``missing`` takes as drawn without reading the fonts are drawn."""
    assert covered() >= EVERY_FONT_HAS
    sessions = Path(__file__).parent.parent / "sessions"
    texts_read = [path.read_text(encoding="utf-8") for path in
                  [*sorted((sessions / "es").glob("*.yaml")), *sorted(LOCALE.glob("*.po"))]]
    assert any("ñ" in text for text in texts_read)
    assert [missing(text) for text in texts_read] == [[] for _ in texts_read]
    assert missing("日本") == ["日", "本"]  # it can fail
