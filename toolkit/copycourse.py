"""``toolkit copy-course``: an organisation's own, editable copy of the course.

The copy holds what a course folder needs (``course.yaml``, the session plans, the pictures
they name, the notes beside them) and leaves out the example group files, which are the
toolkit's to keep up to date. Nothing already in the folder is ever overwritten.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from toolkit.write import WriteError

LEFT_OUT = ("groups", "__pycache__", "__init__.py")
"""The example group files, and what Python adds to an installed package."""


def copy_course(course: Path, folder: Path) -> int:
    """Copy ``course`` into ``folder`` (new or empty); return how many plans were copied."""
    try:
        taken = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
    except OSError as error:
        raise WriteError(folder, error) from error
    if taken:
        raise WriteError(folder, None, message=f"cannot copy the course into {folder}: it is "
                         "not an empty folder", hint="Name a new folder; nothing in this one was "
                         "changed.")
    try:
        shutil.copytree(course, folder, ignore=shutil.ignore_patterns(*LEFT_OUT),
                        dirs_exist_ok=True)
    except OSError as error:
        raise WriteError(folder, error) from error
    return sum(1 for plan in folder.glob("*.yaml") if plan.name != "course.yaml")
