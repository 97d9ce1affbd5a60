"""Write a build's files all or nothing: afterwards either every file is in place, or every file
is byte for byte what it was.

Every new file is first written in full beside its destination under a unique temporary name.
Then one commit: every file about to be replaced or removed is moved aside to a unique backup
name (on Windows this is also the test that it can be replaced: a deck open in PowerPoint
cannot be moved), the new files are renamed into place (a rename is atomic on one file system),
and only then are the backups deleted. If any step fails, what was done is undone in reverse.
A file whose content has not changed is left alone, so its date stays as it was.

A build killed part-way leaves hidden files named ``.NAME.XXXXXXXX.tmp`` (a new file),
``.old`` (a file being replaced) or ``.gone`` (a file being removed). ``clean_leftovers``,
run by the next build while it holds the build lock, removes them and puts back a replaced
file that is missing, so a folder is never left without a file it had.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

Kind = Literal["tmp", "old", "gone"]

_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.(?P<kind>tmp|old|gone)")
"""The names this module makes. The 8 characters are hexadecimal here; earlier versions used
``tempfile.mkstemp``, whose names have 8 characters from ``[a-z0-9_]``, and left such ``.tmp``
files behind when killed: the pattern matches those too, so they are cleaned up as well."""

_CREATE = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
           | getattr(os, "O_NOFOLLOW", 0))

RECORD_HINT = ("The .toolkit-cache folder only remembers what was built: delete it, then build "
               "again.")


class WriteError(Exception):
    """A file could not be written; the message names it and says what to do."""

    def __init__(self, path: Path, error: OSError | None, *, hint: str | None = None,
                 message: str | None = None, verb: str = "write") -> None:
        self.path = path
        self.hint = hint or (_advice(error) if error is not None else "")
        self.outcome: str | None = None
        """What became of the files, said after the hint (e.g. nothing was written)."""
        reason = (error.strerror or str(error)) if error is not None else "it failed"
        super().__init__(message or f"cannot {verb} {path}: {reason}")


def _advice(error: OSError) -> str:
    if error.errno == errno.EEXIST:
        return ("A file with this name is already there and is never overwritten: open it to "
                "edit it, or choose another name.")
    return _build_advice(error)


def _build_advice(error: OSError, *, record: bool = False) -> str:
    """What to do when a build cannot write a file (a build replaces files, so never the
    advice about a file that is never overwritten)."""
    if error.errno == errno.ENOSPC:
        return "The disk is full: free some space, then build again."
    if record:
        return RECORD_HINT
    if error.errno in (errno.EACCES, errno.EPERM):
        return ("The file or folder is read-only or open in another program (such as "
                "PowerPoint or a PDF reader): close it, or choose another folder with --out.")
    if error.errno == errno.EROFS:
        return "This folder cannot be written to: choose another with --out."
    return "Check that the folder exists and can be written to, then try again."


def write_files(folder: Path, files: dict[PurePosixPath, bytes]) -> list[Path]:
    """Write ``files`` (paths relative to ``folder``); return the paths that changed."""
    staging = Staging()
    try:
        for relative, content in sorted(files.items()):
            staging.add(folder.joinpath(*relative.parts), content)
        return staging.commit()
    finally:
        staging.discard()


@dataclass
class _Change:
    """One file of a commit: a new content staged for ``target``, or (no ``temporary``) the
    removal of ``target``."""

    target: Path
    temporary: Path | None
    record: bool = False
    root: Path | None = None
    """For a removal: folders left empty are removed up to (not including) this one."""
    backup: Path | None = None
    placed: bool = False


class Staging:
    """Files written in full under temporary names, then all put in place at once (and files
    removed in the same step); or, if anything fails, every file left exactly as it was."""

    def __init__(self) -> None:
        self.changes: list[_Change] = []
        self.created: list[Path] = []
        """Folders made for staged files: removed again when nothing is committed."""

    def add(self, target: Path, content: bytes, *, record: bool = False) -> None:
        """Stage ``content`` for ``target`` (nothing to do when the file already holds it).
        ``record``: the file is the build record, which only remembers what was built."""
        if target.is_file() and _same_content(target, content):
            return
        if target.is_dir() and not target.is_symlink():
            raise WriteError(target, None, message=f"{target} is a folder, but the build needs "
                             "to write a file there",
                             hint=RECORD_HINT if record else "Move or delete that folder, or "
                             "build into another folder with --out.")
        self.created += make_folders(target.parent, record=record, writing=target)
        self.changes.append(_Change(target, _stage(target, content, record), record))

    def stages(self, target: Path) -> bool:
        """Whether this commit already writes or removes ``target``."""
        return any(change.target == target for change in self.changes)

    def remove(self, target: Path, root: Path) -> None:
        """Remove ``target`` in the commit, and the folders below ``root`` it leaves empty."""
        self.changes.append(_Change(target, None, root=root))

    def commit(self) -> list[Path]:
        """Put every staged file in place and remove those to remove; return the targets
        written. On any failure, undo every step and raise ``WriteError``."""
        try:
            for change in self.changes:
                if os.path.lexists(change.target):
                    _move_aside(change)
            for change in self.changes:
                if change.temporary is not None:
                    _rename(change.temporary, change.target, change)
                    change.placed = True
        except BaseException as error:  # Ctrl-C part-way, too, leaves every file as it was
            complete = self._roll_back()
            if isinstance(error, WriteError):
                error.outcome = ("Nothing was written: every file is as it was." if complete
                                 else "Some files could not be put back as they were: build "
                                 "again to make them.")
            raise
        for change in self.changes:
            if change.backup is not None:
                _unlink_quietly(change.backup)  # a backup left here goes with the next build
        for change in self.changes:
            if change.temporary is None and change.root is not None:
                _remove_empty_folders(change.target.parent, change.root)
        written = [change.target for change in self.changes if change.temporary is not None]
        self.changes, self.created = [], []
        return written

    def _roll_back(self) -> bool:
        """Undo a failed commit in reverse; False if some file could not be put back."""
        complete = True
        for change in reversed(self.changes):
            try:
                if change.backup is not None:
                    os.replace(change.backup, change.target)
                    change.backup = None
                elif change.placed and change.temporary is not None:
                    os.replace(change.target, change.temporary)
                change.placed = False
            except OSError:
                complete = False
        return complete

    def discard(self) -> None:
        """Remove whatever is still staged, and the folders made for it (after a failure)."""
        for change in self.changes:
            if change.temporary is not None:
                _unlink_quietly(change.temporary)
        for folder in sorted(self.created, key=lambda path: len(path.parts), reverse=True):
            with contextlib.suppress(OSError):  # not empty: it holds something else
                folder.rmdir()
        self.changes, self.created = [], []


def make_folders(folder: Path, *, record: bool = False, writing: Path | None = None
                 ) -> list[Path]:
    """Make ``folder`` and any folder above it that is missing; return the folders made.
    A file where a folder must be is named (with the file being ``writing``), with what to
    do."""
    missing = []
    current = folder
    while not current.is_dir():
        if os.path.lexists(current):
            hint = RECORD_HINT if record else ("Move or delete that file, or build into "
                                               "another folder with --out.")
            where = f"cannot write {writing}: " if writing else ""
            raise WriteError(current, None, hint=hint, message=(
                f"{where}{current} is a file, but the build needs a folder there"))
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    made = []
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue  # made meanwhile by someone else: fine, it is a folder now or fails below
        except OSError as error:
            raise WriteError(path, error, hint=_build_advice(error, record=record)) from error
        made.append(path)
    return made


def _unique(folder: Path, name: str, kind: Kind) -> tuple[int, Path]:
    """Create an empty file ``.NAME.XXXXXXXX.KIND`` in ``folder`` that did not exist before:
    two processes never share one."""
    for _ in range(100):
        path = folder / f".{name}.{os.urandom(4).hex()}.{kind}"
        try:
            return os.open(path, _CREATE, 0o644), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(folder))


def _stage(target: Path, content: bytes, record: bool) -> Path:
    """Write ``content`` beside ``target`` under a temporary name and return that name."""
    try:
        handle, temporary = _unique(target.parent, target.name, "tmp")
    except OSError as error:
        raise WriteError(target, error, hint=_build_advice(error, record=record)) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteError(target, error, hint=_build_advice(error, record=record)) from error
    return temporary


def _move_aside(change: _Change) -> None:
    """Rename ``change.target`` to a unique backup name beside it."""
    target = change.target
    try:
        handle, backup = _unique(target.parent, target.name,
                                 "gone" if change.temporary is None else "old")
        os.close(handle)
    except OSError as error:
        raise WriteError(target, error, hint=_build_advice(error, record=change.record),
                         verb="write" if change.temporary is not None else "remove") from error
    _rename(target, backup, change, placeholder=backup)
    change.backup = backup


def _rename(source: Path, destination: Path, change: _Change, *,
            placeholder: Path | None = None) -> None:
    try:
        os.replace(source, destination)
    except OSError as error:
        if placeholder is not None:
            _unlink_quietly(placeholder)
        raise WriteError(change.target, error, hint=_build_advice(error, record=change.record),
                         verb="write" if change.temporary is not None else "remove") from error


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """Remove ``folder`` and the folders above it, up to ``root``, while they are empty."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent


def clean_leftovers(folder: Path, *, below: bool = True) -> set[Path]:
    """Remove what a killed build left in ``folder`` (and the folders below it): temporary
    files and backups, only by the names this module makes. A backup whose file is missing is
    put back instead, and a folder that held nothing but leftovers is removed. Returns the
    files a killed commit had already replaced (their backups were still there): what they
    hold now was written by the toolkit, not by a person."""
    replaced: set[Path] = set()
    if not folder.is_dir():
        return replaced
    walk = os.walk(folder, topdown=False) if below else [
        (str(folder), [], [entry.name for entry in os.scandir(folder)])]
    for directory, _, names in walk:
        cleaned = False
        for name in names:
            match = _LEFTOVER.fullmatch(name)
            path = Path(directory, name)
            if match is None or path.is_symlink() or not path.is_file():
                continue
            original = Path(directory, match["name"])
            try:
                if match["kind"] == "old" and not os.path.lexists(original):
                    os.replace(path, original)
                else:
                    if match["kind"] == "old":
                        replaced.add(original)
                    path.unlink()
            except OSError:
                continue  # left for the next build
            cleaned = True
        if cleaned and Path(directory) != folder:
            with contextlib.suppress(OSError):  # not empty
                os.rmdir(directory)
    return replaced


def _same_content(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False
