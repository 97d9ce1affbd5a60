"""The project installs whole from its own files: a wheel holds every package of toolkit/."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_every_package_of_the_toolkit_is_listed_for_installing() -> None:
    """An editable install finds subpackages on disk; a wheel holds only those listed."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "toolkit").rglob("__init__.py")}
    assert listed == found
