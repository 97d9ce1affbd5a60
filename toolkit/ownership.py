"""Which group made an output folder, and which files it made there.

Each group folder holds a small hidden file, ``.toolkit-folder.json``: a hash of the name of the
group whose materials it holds (a hash, because group details are never copied where they are
not needed) and every file the toolkit made there, with a hash of its content. It lives in the
folder itself, so it travels with the folder and survives deleting ``.toolkit-cache``. With it a
build:
- refuses a folder another group made, so two groups whose names give one folder name never
  overwrite or mix each other's materials (a folder without one, made by an older toolkit, is
  adopted);
- removes the files it made before and no longer makes (a member's workbook after the roster
  is removed), but only those still exactly as it made them.
The group is known by its name rather than its file, so moving a group file, or the whole
checkout, changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from toolkit.files import Unreadable, read_limited

MARKER = ".toolkit-folder.json"
FORMAT = 1
MAX_MARKER_BYTES = 2**20
"""A marker lists at most a few hundred files; anything larger is not ours."""
_DIGEST = re.compile(r"[0-9a-f]{64}")
_FORBIDDEN = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def identity(name: str | None) -> str:
    """Who a folder belongs to: a hash of the group's name as written, or the default
    course (``None``)."""
    text = "the default course" if name is None else f"group\n{name}"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Marker:
    """The owner of one group folder and the files the toolkit made in it."""

    group: str
    files: dict[str, str]
    """Path in the folder (``/``-separated) -> hash of the file as the toolkit wrote it."""

    def to_bytes(self) -> bytes:
        return json.dumps({"format": FORMAT, "group": self.group, "files": self.files},
                          indent=1, sort_keys=True).encode()


def read_marker(folder: Path) -> Marker | None:
    """The folder's marker if it is exactly what the toolkit writes; None when there is none
    (or one the toolkit cannot trust, which is the same: the folder's maker is unknown)."""
    try:
        data = json.loads(read_limited(folder / MARKER, MAX_MARKER_BYTES))
    except (Unreadable, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or set(data) != {"format", "group", "files"}:
        return None
    group, files = data["group"], data["files"]
    if (data["format"] != FORMAT or isinstance(data["format"], bool)
            or not isinstance(group, str) or not _DIGEST.fullmatch(group)
            or not isinstance(files, dict)
            or not all(is_output_path(path) and path != MARKER and isinstance(value, str)
                       and _DIGEST.fullmatch(value) for path, value in files.items())):
        return None
    return Marker(group, files)


def is_plain_name(name: object) -> bool:
    """One file or folder name, the same on every system: no separators, no ``..``, nothing
    Windows forbids. Names read back from the toolkit's own records must be this before they
    are joined to a folder, so a damaged record never reaches outside it."""
    return (isinstance(name, str) and 0 < len(name) <= 255 and name not in (".", "..")
            and not _FORBIDDEN.search(name) and name == name.strip()
            and PurePosixPath(name).name == name and PureWindowsPath(name).name == name)


def is_output_path(path: object) -> bool:
    """A relative ``/``-separated path of plain names, as outputs are recorded."""
    return isinstance(path, str) and 0 < len(path) <= 1000 and all(
        is_plain_name(part) for part in path.split("/"))
