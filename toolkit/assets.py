"""Where the toolkit's own source material lives: the drawings worksheets print.

The drawings are SVG files in the top-level ``assets/drawings/`` folder, so that they can be
opened and changed in any drawing program. An installed toolkit carries them inside the
package (``toolkit/assets/``, mapped in ``pyproject.toml``); a clone or an editable install
reads them where they are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
