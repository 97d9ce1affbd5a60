"""Reading a user's files safely: only ordinary files, and never more than a limit.

A name in a plan or group file can point at anything: a folder, a named pipe (which would make a
plain ``open`` wait forever for a writer), a device such as ``/dev/zero`` (which never ends), or
a file of gigabytes. Every file the toolkit reads goes through here: it is opened without
waiting, refused unless it is an ordinary file, and read only up to its limit, so a mistake
costs a message, never a hang or the machine's memory.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import Literal

Reason = Literal["missing", "folder", "special", "too_large", "denied", "loop", "long",
                 "failed"]

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""Opening a named pipe without O_NONBLOCK waits until something writes to it."""
_CHUNK = 1 << 20


class Unreadable(Exception):
    """A file that cannot be read as an ordinary file of at most the allowed size."""

    def __init__(self, path: Path, reason: Reason, limit: int | None = None,
                 detail: str | None = None) -> None:
        self.path = path
        self.reason: Reason = reason
        self.limit = limit
        self.detail = detail
        super().__init__(self.describe("the file"))

    def __reduce__(self) -> tuple[type[Unreadable], tuple[Path, Reason, int | None, str | None]]:
        """Whole across processes (a file read while drawing in a worker)."""
        return Unreadable, (self.path, self.reason, self.limit, self.detail)

    def describe(self, what: str) -> str:
        """A sentence about the file, e.g. ``the roster file is a folder, not a file``."""
        if self.reason == "missing":
            return f"{what} does not exist"
        if self.reason == "folder":
            return f"{what} is a folder, not a file"
        if self.reason == "special":
            return f"{what} is not an ordinary file (it is a device, a pipe or a socket)"
        if self.reason == "too_large":
            return f"{what} is larger than {size_text(self.limit or 0)}"
        if self.reason == "denied":
            return f"{what} cannot be opened: permission denied"
        if self.reason == "loop":
            return f"{what} is a link that leads round in a circle"
        if self.reason == "long":
            return f"{what} has a name too long for this computer's file system"
        return f"{what} cannot be read ({self.detail or 'input/output error'})"

    @property
    def hint(self) -> str:
        """What to do, for the reasons every kind of file shares."""
        if self.reason == "denied":
            return ("Check that you may read it and the folders above it (their permissions), "
                    "or copy it somewhere you can.")
        if self.reason == "loop":
            return "Name the file itself, not a link to it."
        if self.reason == "long":
            return "Give it (or a folder above it) a shorter name."
        return "Check the name and the folder."


def unreadable(path: Path, error: OSError | RuntimeError | ValueError) -> Unreadable:
    """Why ``path`` cannot be used, from the error the system gave: one mapping for every
    place that looks at a user's file."""
    number = getattr(error, "errno", None)
    if isinstance(error, RuntimeError) or number == errno.ELOOP:  # pathlib's loop in resolve()
        return Unreadable(path, "loop")
    if number in (errno.ENOENT, errno.ENOTDIR):
        return Unreadable(path, "missing")
    if number == errno.EISDIR:
        return Unreadable(path, "folder")
    if number in (errno.EACCES, errno.EPERM):
        return Unreadable(path, "denied")
    if number == errno.ENAMETOOLONG:
        return Unreadable(path, "long")
    return Unreadable(path, "failed", detail=getattr(error, "strerror", None) or str(error))


def resolved(path: Path) -> Path:
    """``path`` made absolute with its links followed; a link in a circle, or a folder that
    cannot be looked into, leaves the rest as written (what is wrong with it is said when it
    is looked at)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def resolve_path(folder: Path, name: str) -> Path:
    """A path written in a group file, counted from the group file's folder (``~`` is the home
    folder, where there is one)."""
    written = Path(name)
    with contextlib.suppress(RuntimeError):  # no home folder to be found: ~ stays as written
        written = written.expanduser()
    return resolved(folder / written)


def size_text(size: int) -> str:
    """``64 KB``, ``2 MB``: a limit as people say it."""
    if size >= 2**20 and size % 2**20 == 0:
        return f"{size // 2**20} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KB"
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000} MB"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000} kB"
    return f"{size} bytes"


def problem_with(path: Path) -> Unreadable | None:
    """Why ``path`` is not an ordinary file, without opening it (None when it is one)."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError) as error:
        return unreadable(path, error)
    if stat.S_ISDIR(mode):
        return Unreadable(path, "folder")
    if not stat.S_ISREG(mode):
        return Unreadable(path, "special")
    return None


def exists(path: Path) -> bool:
    """Whether anything is at ``path`` (a broken link counts): never an error, whatever the
    folders above it allow."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def _open(path: Path) -> int:
    """A descriptor of ``path`` if it is an ordinary file; else ``Unreadable``."""
    try:
        descriptor = os.open(path, _FLAGS)
    except (OSError, ValueError) as error:
        raise unreadable(path, error) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise Unreadable(path, "folder" if stat.S_ISDIR(mode) else "special")
    return descriptor


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the ordinary file ``path``, refused (``Unreadable``) when it is anything
    else or larger than ``limit``: never more than ``limit`` + 1 bytes are read, whatever the
    file claims its size is."""
    descriptor = _open(path)
    try:
        if os.fstat(descriptor).st_size > limit:
            raise Unreadable(path, "too_large", limit)
        chunks, total = [], 0
        while True:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise Unreadable(path, "too_large", limit)
    except OSError as error:
        raise Unreadable(path, "failed", detail=error.strerror or str(error)) from None
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def file_digest(path: Path, limit: int | None = None) -> str | None:
    """The SHA-256 of an ordinary file's content, read in pieces; None if it cannot be read
    (missing, a folder, a pipe or a device). A file larger than ``limit`` is not read at all:
    its "digest" says so, and matches no real one."""
    try:
        descriptor = _open(path)
    except Unreadable:
        return None
    hasher = hashlib.sha256()
    try:
        size = os.fstat(descriptor).st_size
        if limit is not None and size > limit:
            return f"larger than {limit} bytes: {size}"
        while chunk := os.read(descriptor, _CHUNK):
            hasher.update(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return hasher.hexdigest()
