"""Where a missing file was looked for, and the names close to it that are there.

"The logo file does not exist" leaves a user guessing which folder was meant and what is wrong
with the name; the folder, written out, and the close names in it (a different case, a
``.jpeg`` for a ``.jpg``, a missing letter) usually show the mistake at once.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

MAX_LOOKED_AT = 2000
"""Names read from one folder at most: a huge folder costs a moment, never a wait."""


def shown(folder: Path) -> str:
    """``folder`` as a person would type it here: from the current folder when inside it,
    else from the home folder (``~/``), else in full; always ending in ``/``."""
    folder = Path(os.path.abspath(folder))
    here = Path.cwd()
    if folder == here:
        return "./"
    if folder.is_relative_to(here):
        return f"{folder.relative_to(here).as_posix()}/"
    try:
        home = Path.home()
    except RuntimeError:  # no home folder to be found
        home = None
    if home is not None and home != Path(home.anchor) and folder.is_relative_to(home):
        inside = folder.relative_to(home).as_posix()
        return "~/" if inside == "." else f"~/{inside}/"
    return f"{folder.as_posix()}/"


def close_names(folder: Path, name: str, *, folders: bool = False) -> list[str]:
    """Up to three names in ``folder`` close to ``name`` (the same name in another case first);
    folders are counted only when ``folders`` is set."""
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_LOOKED_AT:
                    break
                try:
                    wanted = entry.is_dir() if folders else entry.is_file()
                except OSError:
                    continue
                if wanted and not entry.name.startswith("."):
                    names.append(entry.name)
    except OSError:
        return []
    folded = name.casefold()
    stem = Path(folded).stem
    found = [other for other in names if other.casefold() == folded]
    found += [other for other in names
              if Path(other.casefold()).stem == stem and other not in found]
    by_folded = {other.casefold(): other for other in names}
    for close in difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.8):
        if by_folded[close] not in found:
            found.append(by_folded[close])
    return found[:3]


def looked_for(path: Path) -> str:
    """A sentence saying where ``path`` was looked for and what is close to it there."""
    folder = path.parent
    missing: list[str] = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder.name)
        folder = folder.parent
    if missing:
        first = missing[-1]
        sentence = f"There is no folder {shown(folder / first)}"
        close = close_names(folder, first, folders=True)
        if close:
            return f"{sentence}; close names in {_where(folder)}: {_listed(close, '/')}."
        return f"{sentence}."
    close = close_names(folder, path.name)
    if close:
        return f"Looked in {_where(folder)}; close names there: {_listed(close)}."
    below = found_below(folder, path.name)
    if below is not None:
        return (f"Looked in {_where(folder)}; a file of that name is in a folder below it: "
                f"{shown(below.parent)}{below.name}.")
    return f"Looked in {_where(folder)}; no file there has a close name."


def found_below(folder: Path, name: str, depth: int = 3) -> Path | None:
    """A file named ``name`` (in any case) in the folders below ``folder``, at most ``depth``
    down and ``MAX_LOOKED_AT`` names in all: "logo.png" written for "images/logo.png"."""
    wanted = name.casefold()
    looked = 0
    for here, folders, files in os.walk(folder):
        level = len(Path(here).relative_to(folder).parts)
        folders[:] = sorted(f for f in folders if not f.startswith("."))[:50] if level < depth \
            else []
        looked += len(files) + len(folders)
        if level and (match := next((f for f in sorted(files) if f.casefold() == wanted), None)):
            return Path(here) / match
        if looked > MAX_LOOKED_AT:
            return None
    return None


def _where(folder: Path) -> str:
    return "this folder (./)" if shown(folder) == "./" else shown(folder)


def _listed(names: list[str], suffix: str = "") -> str:
    quoted = [f"{name[:60]}{suffix}" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
