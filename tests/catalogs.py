"""The words the toolkit marks for translation, and the catalogs that translate them.

``marked()`` reads every ``_("...")`` and ``N_("...")`` in the package's code (with Python's
own parser, so a word is found exactly as written), in its HTML templates and in its drawings
(``assets/drawings/*.svg``: each label, ``<title>``, ``data-on-screen`` sentence and
``data-parts`` name, on one line, as ``toolkit.assets.drawing_words`` looks them up). Run

    .venv/bin/python tests/catalogs.py

after marking or changing words: it writes ``toolkit/locale/en.po`` (the English words as they
are) and brings every other catalog in line, keeping each translation whose English is
unchanged, adding new words untranslated and dropping words the code no longer uses.
``tests/test_languages.py`` fails until the catalogs match the code.
"""

from __future__ import annotations

import ast
import datetime
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "toolkit"
DRAWINGS = PACKAGE.parent / "assets" / "drawings"
SVG = "{http://www.w3.org/2000/svg}"
LOCALE = PACKAGE / "locale"
MARKERS = {"_", "N_"}
FIXED = datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
"""The catalogs' header dates: fixed, so that running this changes a catalog only when a word
changes."""
TEMPLATE_WORD = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")


def marked() -> dict[str, list[str]]:
    """Every marked word, with where it is marked (``file:line``), in the order first found."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "i18n.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                if len(node.args) != 1 or not isinstance(node.args[0], ast.Constant) or \
                        not isinstance(node.args[0].value, str):
                    raise ValueError(f"{where}: {node.func.id}() takes one literal string")
                found.setdefault(node.args[0].value, []).append(where)
    for path in sorted((PACKAGE / "templates").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_WORD.finditer(text):
            word = (match.group(1) if match.group(1) is not None else match.group(2))
            word = word.encode().decode("unicode_escape") if "\\" in word else word
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(word, []).append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    for path, line, word in drawing_words():
        found.setdefault(word, []).append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return found


def drawing_words() -> list[tuple[Path, int, str]]:
    """The words of the drawings, each on one line, with the SVG and the line it is on."""
    from lxml import etree

    words: list[tuple[Path, int, str]] = []
    for path in sorted(DRAWINGS.glob("*.svg")):
        root = etree.parse(str(path)).getroot()
        texts = [(root.sourceline, root.get("data-on-screen", "")),
                 *((root.sourceline, part) for part in root.get("data-parts", "").split("|")),
                 *((node.sourceline, node.text or "")
                   for node in root.iter(f"{SVG}title", f"{SVG}text"))]
        words += [(path, line or 1, " ".join(text.split())) for line, text in texts
                  if text.strip()]
    return words


def update() -> None:
    """Write en.po from the code, and bring every other catalog in line with it."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    words = marked()
    LOCALE.mkdir(exist_ok=True)
    languages = sorted({path.stem for path in LOCALE.glob("*.po")} | {"en"})
    for language in languages:
        path = LOCALE / f"{language}.po"
        old: dict[str, str] = {}
        if path.is_file():
            with path.open("rb") as handle:
                old = {str(m.id): str(m.string) for m in read_po(handle) if m.id}
        catalog = Catalog(locale=language, project="Interdependence Workshop Toolkit",
                          version="", copyright_holder="the project's authors",
                          msgid_bugs_address="the project's issue tracker",
                          creation_date=FIXED, revision_date=FIXED,
                          last_translator="the project's authors",
                          language_team="the project's authors", fuzzy=False)
        for word, places in words.items():
            text = word if language == "en" else old.get(word, "")
            catalog.add(word, text, locations=[(place.rsplit(":", 1)[0],
                                                int(place.rsplit(":", 1)[1]))
                                               for place in places[:3]])
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=False,
                     no_location=False)
        missing = sum(1 for word in words if language != "en" and not old.get(word))
        print(f"{path.relative_to(PACKAGE.parent)}: {len(words)} words, {missing} to translate")


if __name__ == "__main__":
    sys.exit(update())
