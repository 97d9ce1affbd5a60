"""What the last build made from what, so an unchanged output is never made twice.

In ``.toolkit-cache/`` under ``--out``, one build record per course folder and group file
records:
- a fingerprint of the toolkit itself (its source, the versions of the libraries and fonts
  that draw the files): a new toolkit rebuilds everything;
- every input file the build read, with a hash of its content: when none changed and every
  output is still as written, a rebuild only says so, without reading a single plan;
- the group folder, by its name under ``--out`` (never a path: a copied ``--out`` is its own);
- for every output, a key made from exactly what went into it, and a hash of the file: when a
  plan changes, only the outputs whose key changed are drawn again;
- the warnings the build reported, so an unchanged rebuild repeats them.

The cache can never serve a stale file: a key covers everything its output is made from, and a
file that was edited or deleted since is drawn again. ``--force`` ignores the cache. A record
is trusted only when it is exactly what the toolkit writes (every field of its type, within a
size limit); anything else is ignored and the build is done in full.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.assets import drawings_folder
from toolkit.files import Unreadable, file_digest, read_limited, resolved
from toolkit.lock import build_lock
from toolkit.ownership import MARKER, is_output_path, is_plain_name
from toolkit.problems import Mark, Problem
from toolkit.write import clean_leftovers

CACHE = ".toolkit-cache"
FORMAT = 2
MAX_RECORD_BYTES = 8 * 2**20
"""A record of the largest course is tens of kilobytes; anything larger is not ours."""
MAX_INPUT_BYTES = 32 * 2**20
"""No file a build reads is larger (pictures and templates are at most 20 MB, plans 2 MB): one
that has grown past this has changed, and is never read to find out."""
MAX_OUTPUT_BYTES = 512 * 2**20
"""Far more than any file a build writes: one larger was not written by it."""
LIBRARIES = ("python-pptx", "reportlab", "rl_accel", "pikepdf", "svglib", "lxml", "pillow",
             "pydantic", "jinja2", "markupsafe", "babel",
             "fontpkg-atkinson-hyperlegible",
             "fontpkg-noto-sans", "fontpkg-arimo")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


DRAWN_FROM = (".py", ".yaml", ".json", ".ttf", ".html", ".css", ".js", ".po")
"""The package's files an output depends on: code, the group template, the measured widths,
the form fields' font and the HTML pages' templates (with their style sheets and script)."""


@cache
def toolkit_fingerprint() -> str:
    """Changes whenever the toolkit's code or anything that draws the outputs changes."""
    from importlib import metadata

    parts = [f"python {sys.version_info[:2]}"]
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    package = Path(__file__).parent
    for source in sorted(package.rglob("*")):
        if source.is_file() and source.suffix in DRAWN_FROM:
            parts.append(f"{source.relative_to(package)} {digest(source.read_bytes())}")
    for drawing in sorted(drawings_folder().iterdir()):
        parts.append(f"drawings/{drawing.name} {digest(drawing.read_bytes())}")
    return digest("\n".join(parts).encode())


@dataclass
class Manifest:
    """The record of one group's last build."""

    toolkit: str
    folder: str
    """The group folder's name under ``--out``."""
    inputs: dict[str, str | None]
    """Absolute path of every file read, and its hash (None: it did not exist)."""
    listing: dict[str, list[str]]
    """For each folder whose plan files were listed: the ``*.yaml`` names in it."""
    outputs: dict[str, list[str]]
    """Output path in the folder: [key, hash of the file as written]."""
    marker: str
    """The hash of the group folder's marker (``toolkit.ownership``) as written."""
    warnings: list[dict[str, Any]] = field(default_factory=list)
    sessions: int = 0
    format: int = FORMAT

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), indent=1, sort_keys=True).encode()


def manifest_path(out_dir: Path, sessions_dir: Path, group: Path | None) -> Path:
    """Where the record of this build lives: one per course folder and group file, so the fast
    path finds it without reading the group file to learn its output folder."""
    source = f"{resolved(sessions_dir)}\n{resolved(group) if group else ''}"
    return out_dir / CACHE / f"{digest(source.encode())[:24]}.json"


def read_manifest(path: Path) -> Manifest | None:
    """The record at ``path`` if it is exactly what the toolkit writes; else None (a missing,
    damaged, foreign or oversized record only means the build is done in full)."""
    try:
        data = json.loads(read_limited(path, MAX_RECORD_BYTES))
    except (Unreadable, ValueError, RecursionError):
        return None
    return _manifest(data)


_FIELDS = {"toolkit", "folder", "inputs", "listing", "outputs", "marker", "warnings",
           "sessions", "format"}
_WARNING_FIELDS = {"file", "line", "column", "message", "hint", "severity"}


def _manifest(data: object) -> Manifest | None:
    """Every field checked for exactly the type and shape the toolkit writes."""
    if not isinstance(data, dict) or set(data) != _FIELDS:
        return None
    inputs, listing, outputs = data["inputs"], data["listing"], data["outputs"]
    valid = (
        _integer(data["format"]) and data["format"] == FORMAT
        and isinstance(data["toolkit"], str) and _DIGEST.fullmatch(data["toolkit"])
        and is_plain_name(data["folder"])
        and isinstance(data["marker"], str) and _DIGEST.fullmatch(data["marker"])
        and _integer(data["sessions"]) and data["sessions"] >= 0
        and isinstance(inputs, dict)
        and all((isinstance(value, str) and _DIGEST.fullmatch(value)) or value is None
                for value in inputs.values())
        and isinstance(listing, dict)
        and all(isinstance(names, list) and all(isinstance(name, str) for name in names)
                for names in listing.values())
        and isinstance(outputs, dict)
        and all(is_output_path(path) and path != MARKER and isinstance(entry, list)
                and len(entry) == 2 and all(isinstance(part, str) and _DIGEST.fullmatch(part)
                                            for part in entry)
                for path, entry in outputs.items())
        and isinstance(data["warnings"], list)
        and all(_warning(item) for item in data["warnings"])
    )
    return Manifest(**data) if valid else None


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _warning(item: object) -> bool:
    if not isinstance(item, dict) or set(item) != _WARNING_FIELDS:
        return False
    line, column = item["line"], item["column"]
    return (isinstance(item["file"], str) and isinstance(item["message"], str)
            and (item["hint"] is None or isinstance(item["hint"], str))
            and item["severity"] in ("error", "warning")
            and ((line is None and column is None)
                 or (_integer(line) and _integer(column) and line >= 1 and column >= 1)))


_OLD_TEMPORARY = re.compile(r"[0-9a-f]{24}\.tmp")
"""The fixed name earlier versions wrote every record through."""


def clean_cache(out_dir: Path) -> None:
    """Remove what killed builds left in ``.toolkit-cache`` (call holding the build lock)."""
    folder = out_dir / CACHE
    clean_leftovers(folder, below=False)
    for path in folder.iterdir():
        if _OLD_TEMPORARY.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)


def unchanged(manifest: Manifest, folder: Path) -> bool:
    """True when no input changed, no plan file appeared or went, the toolkit is the same,
    and every output (and the folder's marker) is still exactly as this toolkit wrote it."""
    if manifest.toolkit != toolkit_fingerprint():
        return False
    for directory, names in manifest.listing.items():
        if sorted(p.name for p in Path(directory).glob("*.yaml")) != names:
            return False
    for name, expected in manifest.inputs.items():
        if file_digest(Path(name), MAX_INPUT_BYTES) != expected:
            return False
    if file_digest(folder / MARKER, MAX_RECORD_BYTES) != manifest.marker:
        return False
    for relative, (_, expected) in manifest.outputs.items():
        if file_digest(folder / relative, MAX_OUTPUT_BYTES) != expected:
            return False
    return True


@dataclass(frozen=True)
class CachedBuild:
    """One folder the last build made, found unchanged."""

    folder: Path
    files: tuple[Path, ...]
    sessions: int


def unchanged_builds(sessions_dir: Path, out_dir: Path, groups: Sequence[Path]
                     ) -> tuple[list[CachedBuild], list[Problem]] | None:
    """What the last build of these groups made, with its warnings, if nothing it read or wrote
    has changed since; else None. Reads no plan, so an unchanged rebuild is nearly free. Done
    while holding the build lock, after cleaning up what a killed build left behind."""
    if not (out_dir / CACHE).is_dir():
        return None  # never built here
    with build_lock(out_dir):
        clean_cache(out_dir)
        builds = []
        warnings: dict[tuple[str, int, str], Problem] = {}
        sources: list[Path | None] = list(groups) or [None]
        for group in sources:
            manifest = read_manifest(manifest_path(out_dir, sessions_dir, group))
            if manifest is None:
                return None
            where = out_dir / manifest.folder
            clean_leftovers(where)
            if not unchanged(manifest, where):
                return None
            builds.append(CachedBuild(where, tuple(sorted(where / name
                                                          for name in manifest.outputs)),
                                      manifest.sessions))
            for problem in problems_from_json(manifest.warnings):
                warnings.setdefault((str(problem.file), problem.mark.line if problem.mark
                                     else 0, problem.message), problem)
    return builds, list(warnings.values())


def problems_to_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"file": str(p.file), "line": p.mark.line if p.mark else None,
             "column": p.mark.column if p.mark else None, "message": p.message,
             "hint": p.hint, "severity": p.severity} for p in problems]


def problems_from_json(data: list[dict[str, Any]]) -> list[Problem]:
    return [Problem(Path(item["file"]),
                    Mark(item["line"], item["column"]) if item["line"] is not None else None,
                    item["message"], item["hint"], item["severity"]) for item in data]


# Keys: exactly what each output is made from ---------------------------------------------------


class KeyMaker:
    """Cache keys made from data: a hash of every field of every pydantic model and dataclass
    in it (their class names too), and of the content of every file a ``Path`` in it names.
    Nothing is listed by hand, so a field added to the plan changes the key of every output
    that reads it. A file's content is hashed once per build however many keys name it."""

    def __init__(self) -> None:
        self._files: dict[Path, str | None] = {}
        self._fingerprint = toolkit_fingerprint()

    def key(self, name: str, data: object) -> str:
        """The key of the output ``name`` made from ``data``."""
        hasher = hashlib.sha256(f"{self._fingerprint}\n{name}\n".encode())
        self._feed(hasher, data)
        return hasher.hexdigest()

    def _feed(self, hasher: Any, value: object) -> None:
        if isinstance(value, (str, int, float, bool)) or value is None:
            hasher.update(f"{type(value).__name__}:{value!r};".encode("utf-8", "surrogatepass"))
        elif hasattr(value, "model_dump_json"):  # a pydantic model (not imported here)
            hasher.update(f"model {type(value).__name__}:".encode())
            hasher.update(value.model_dump_json().encode("utf-8", "surrogatepass"))
        elif is_dataclass(value) and not isinstance(value, type):
            hasher.update(f"dataclass {type(value).__name__}(".encode())
            for field_ in fields(value):
                hasher.update(f"{field_.name}=".encode())
                self._feed(hasher, getattr(value, field_.name))
            hasher.update(b")")
        elif isinstance(value, (tuple, list)):
            hasher.update(f"[{len(value)}".encode())
            for item in value:
                self._feed(hasher, item)
            hasher.update(b"]")
        elif isinstance(value, dict):
            hasher.update(f"{{{len(value)}".encode())
            for key in sorted(value, key=repr):
                self._feed(hasher, key)
                self._feed(hasher, value[key])
            hasher.update(b"}")
        elif isinstance(value, Path):
            hasher.update(f"path {value}:{self._file(value)};".encode("utf-8", "surrogatepass"))
        elif isinstance(value, (datetime.date, datetime.time)):
            hasher.update(f"{type(value).__name__}:{value.isoformat()};".encode())
        else:
            raise TypeError(f"no cache key for a {type(value).__name__}: teach KeyMaker it")

    def _file(self, path: Path) -> str | None:
        """The hash of a file's content (None for a folder or a missing file)."""
        if path not in self._files:
            self._files[path] = file_digest(path, MAX_INPUT_BYTES)
        return self._files[path]
