"""Write a build's files so that a failure never leaves half a file or loses the last good one.

Every file is first written in full next to its destination under a temporary name; only when
all of them are on disk are they renamed into place (a rename is atomic on one file system).
A file whose content has not changed is left alone, so its date stays as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path, PurePosixPath


class WriteError(Exception):
    """A file could not be written; the message names it and says what to do."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.hint = _advice(error)
        super().__init__(f"cannot write {path}: {error.strerror or error}")


def _advice(error: OSError) -> str:
    if error.errno == errno.EEXIST:
        return ("A file with this name is already there and is never overwritten: open it to "
                "edit it, or choose another name.")
    if error.errno == errno.ENOSPC:
        return "The disk is full: free some space, then build again."
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


class Staging:
    """Files written in full under temporary names, then all renamed into place at once; or,
    if anything fails first, all removed, leaving the previous files exactly as they were."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []

    def add(self, target: Path, content: bytes) -> None:
        """Stage ``content`` for ``target`` (nothing to do when the file already holds it)."""
        if target.is_file() and _same_content(target, content):
            return
        self.staged.append((_stage(target, content), target))

    def commit(self) -> list[Path]:
        """Rename every staged file into place; return the targets."""
        for temporary, target in self.staged:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise WriteError(target, error) from error
        done = [target for _, target in self.staged]
        self.staged = []
        return done

    def discard(self) -> None:
        """Remove whatever is still staged (after a failure)."""
        for temporary, _ in self.staged:
            temporary.unlink(missing_ok=True)
        self.staged = []


def _stage(target: Path, content: bytes) -> Path:
    """Write ``content`` beside ``target`` under a temporary name and return that name."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".tmp")
    except OSError as error:
        raise WriteError(target, error) from error
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; outputs are ordinary files
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteError(target, error) from error
    return temporary


def _same_content(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False
