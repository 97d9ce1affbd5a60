"""Where the toolkit's own source material lives: the drawings worksheets print, and the
course itself.

The drawings are SVG files in the top-level ``assets/drawings/`` folder, so that they can be
opened and changed in any drawing program, and the course is the top-level ``sessions/``
folder. An installed toolkit carries both inside the package (``toolkit/assets/`` and
``toolkit/course/``, mapped in ``pyproject.toml``); a clone or an editable install reads them
where they are. So the course travels with the toolkit: a facilitator can work in a folder of
their own and never name the course.

A drawing's words (its labels, its ``<title>``, its ``data-on-screen`` sentence and its
``data-parts`` names) are written in English in the SVG; whatever draws one gives each through
``drawing_words``, so that it is in the language being drawn in, and ``tests/catalogs.py``
gathers them from the SVGs into the catalogs.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from toolkit.i18n import word

DRAWING_SUFFIX = ".svg"


@cache
def drawings_folder() -> Path:
    """The folder of drawings, inside the installed package or beside it in a clone."""
    package = Path(__file__).resolve().parent
    for folder in (package / "assets" / "drawings", package.parent / "assets" / "drawings"):
        if folder.is_dir():
            return folder
    raise FileNotFoundError("the toolkit's drawings are missing: reinstall the toolkit")


def drawing_names() -> tuple[str, ...]:
    """The names a worksheet may give as ``picture``, in alphabetical order."""
    return tuple(sorted(path.stem for path in drawings_folder().glob(f"*{DRAWING_SUFFIX}")))


def drawing_path(name: str) -> Path:
    """The SVG source of the drawing called ``name`` (a name from ``drawing_names``)."""
    return drawings_folder() / f"{name}{DRAWING_SUFFIX}"


def drawing_words(text: str) -> str:
    """Words from a drawing's SVG in the language being drawn in: the catalogs hold them on
    one line (``tests/catalogs.py`` joins the lines of each); ``text`` as it is, untouched,
    when the language has no translation of them."""
    english = " ".join(text.split())
    translated = word(english)
    return text if translated == english else translated


@cache
def course_folder() -> Path:
    """The toolkit's own course (``course.yaml`` and the session plans), inside the installed
    package or beside it in a clone: what every command uses unless told another."""
    package = Path(__file__).resolve().parent
    for folder in (package / "course", package.parent / "sessions"):
        if (folder / "course.yaml").is_file():
            return folder
    return package.parent / "sessions"  # missing: the check says so, naming this folder
