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
from toolkit.i18n import base
from toolkit.write import WriteError

TEMPLATES = {"en": "group-template.yaml", "es": "group-template-es.yaml"}
"""The group file, its notes written in each language (the Spanish one sets ``language: es``)."""


def group_file_text(name: str, language: str = "en") -> str:
    """The template in ``language``'s language with ``name`` in it, safely quoted; a region
    asked for (``es-MX``: its dates and times) is kept in the switched-on ``language:``."""
    written = base(language)
    template = resources.files("toolkit").joinpath(TEMPLATES[written]).read_text(
        encoding="utf-8")
    quoted = json.dumps(" ".join(name.split())[:200], ensure_ascii=False)
    text = template.replace("__NAME__", quoted)
    return text.replace(f"\nlanguage: {written}\n", f"\nlanguage: {language}\n", 1)


def write_group_file(name: str, folder: Path, language: str = "en") -> Path:
    """Write ``<folder>/<name-as-slug>.yaml``; never overwrite a file that is already there."""
    path = folder / f"{slugify(name)}.yaml"
    # Made before the file exists: nothing half-made.
    data = group_file_text(name, language).encode("utf-8")
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
