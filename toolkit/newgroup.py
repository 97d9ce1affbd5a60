"""``toolkit new-group``: write a commented group file for a facilitator to fill in.

The file is the packaged template with the group's name filled in as a quoted YAML string, so any
name (with colons, quotes or a leading dash) reads back as exactly what was typed.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

from toolkit.groupfile import slugify
from toolkit.write import WriteError

TEMPLATE = "group-template.yaml"


def group_file_text(name: str) -> str:
    """The template with ``name`` in it, safely quoted."""
    template = resources.files("toolkit").joinpath(TEMPLATE).read_text(encoding="utf-8")
    quoted = json.dumps(" ".join(name.split())[:200], ensure_ascii=False)
    return template.replace("__NAME__", quoted)


def write_group_file(name: str, folder: Path) -> Path:
    """Write ``<folder>/<name-as-slug>.yaml``; never overwrite a file that is already there."""
    path = folder / f"{slugify(name)}.yaml"
    data = group_file_text(name).encode("utf-8")  # before the file exists: nothing half-made
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as error:
        raise WriteError(path, error) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    except OSError as error:
        path.unlink(missing_ok=True)  # an empty or cut-off file would block the next try
        raise WriteError(path, error) from error
    return path
