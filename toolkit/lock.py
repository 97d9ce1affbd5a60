"""One build at a time writes into an output folder.

Two builds into the same ``--out`` at once would each stage files, clean up "leftovers" that are
really the other's files in progress, and replace each other's records. So a build holds a lock
on ``.toolkit-cache/lock`` from before it reads what the last build made until its files are in
place. A second build waits a little, then stops with a message.

The lock belongs to the build's own process, and the operating system releases it when that
process ends, however it ends, so a killed build never leaves the folder locked. On POSIX that
is a record lock (``fcntl.lockf``), not ``flock``: an ``flock`` lock is shared with the drawing
processes the build forks, and when only the build itself is killed they live on (waiting for
work that never comes) and would hold the lock for ever. On Windows, ``msvcrt.locking``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.write import RECORD_HINT, WriteError, make_folders

WAIT = 5.0
"""Seconds a build waits for another to finish writing before it gives up."""
_POLL = 0.1
_BUSY = {errno.EAGAIN, errno.EACCES, getattr(errno, "EWOULDBLOCK", errno.EAGAIN),
         getattr(errno, "EDEADLOCK", errno.EDEADLK)}


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock of ``out_dir`` (made if it is not there yet) for the ``with`` block."""
    cache = out_dir / ".toolkit-cache"
    check_out_folder(out_dir)
    # Advice about deleting the cache only if something is there; else it is about --out.
    make_folders(cache, record=os.path.lexists(cache))
    descriptor = _open(cache / "lock")
    try:
        deadline = time.monotonic() + WAIT
        while not _try_lock(descriptor):
            if time.monotonic() >= deadline:
                busy = WriteError(out_dir, None, message=(
                    f"another build is writing into {out_dir} right now"),
                    hint="Wait for it to finish, then build again.")
                busy.outcome = "Nothing was written."
                raise busy
            time.sleep(_POLL)
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


def check_out_folder(out_dir: Path) -> None:
    """``--out`` must be a folder, or a place where one can be made."""
    current = out_dir
    while not current.is_dir():
        # Asked again: another build may have made the folder since is_dir() said no.
        if os.path.lexists(current) and not current.is_dir():
            what = "is a file" if current == out_dir else f"cannot be made: {current} is a file"
            raise WriteError(current, None, message=f"--out {out_dir} {what}, not a folder",
                             hint="Name a folder for the materials with --out (it is made if it "
                             "is not there yet).")
        if current.parent == current:
            return
        current = current.parent


def _open(path: Path) -> int:
    try:
        # Never waits, even if something other than a file has been put here.
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), 0o644)
    except OSError as error:
        raise WriteError(path, error, hint=RECORD_HINT) from error
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise WriteError(path, None, message=f"{path} is not an ordinary file",
                         hint=RECORD_HINT)
    return descriptor


if sys.platform == "win32":
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        """Lock the first byte (msvcrt locks from the current position)."""
        os.lseek(descriptor, 0, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            # Busy; any other failure means no locks here: build unlocked, as before.
            return error.errno not in _BUSY
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):  # closing the file releases it too
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            # Busy; any other failure means a file system without locks (some network
            # drives): build unlocked, as before.
            return error.errno not in _BUSY
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.lockf(descriptor, fcntl.LOCK_UN)
